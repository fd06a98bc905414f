/*
** bulkindex.h - a load into empty tables without their secondary indexes. Inserting
** every row into each index as it comes costs a descent and often a page split per row;
** an index made once at the end sorts its keys and fills its pages in order. The
** indexes are dropped at the load's start and made again from the definitions
** sqlite_schema held, in the same transaction, so a load that fails or is interrupted
** leaves the schema exactly as it was.
*/
#ifndef SD_BULKINDEX_H
#define SD_BULKINDEX_H

#include <stddef.h>

#include "db.h"

#define BULKINDEX_MAX 8

/* The indexes set aside: their CREATE INDEX texts, owned here. */
struct bulkindex {
	size_t n;
	char  *create[BULKINDEX_MAX];
};

#define BULKINDEX_INIT { 0, { NULL } }

/* Within a transaction: keep the definitions of the organization tables' secondary
** indexes in bi and drop them. An index the schema no longer has is skipped. 0, or -1
** with a message (the caller then rolls back). */
int bulkindex_drop(struct dbconn *c, struct bulkindex *bi, char *err, size_t errlen);

/* In the same transaction: make every index of bi again, in order, and empty bi. 0, or
** -1 with a message (the caller then rolls back). */
int bulkindex_restore(struct dbconn *c, struct bulkindex *bi, char *err, size_t errlen);

/* Forget the definitions held (after a rollback, which brought the indexes back). */
void bulkindex_free(struct bulkindex *bi);

#endif
