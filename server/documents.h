/*
** documents.h - the three texts stored for each organization (organization_document):
** the canonical record, its public view and its summary (publish.h), as compact JSON.
** An import makes them on a second thread, a few organizations ahead of the one whose
** rows are being written, so that the two cores share the work.
*/
#ifndef SD_DOCUMENTS_H
#define SD_DOCUMENTS_H

#include <jansson.h>

#include "buf.h"

struct documents {
	struct buf record;        /* the canonical record */
	struct buf public_view;   /* publish_view() of it */
	struct buf summary;       /* publish_summary() of the view */
};

#define DOCUMENTS_INIT { BUF_INIT, BUF_INIT, BUF_INIT }

/* Write the documents of record into d, replacing what it held and reusing its memory.
** 0, or -1 when memory runs out (d's content is then undefined until the next call). */
int documents_make(const json_t *record, struct documents *d);

/* Release d's memory; d may be used again afterwards. */
void documents_free(struct documents *d);

/* A thread making the documents of an array of records, in order, ahead of a reader. */
struct documents_ahead;

/* Start making the documents of every element of records, which must stay alive and
** unchanged until documents_ahead_stop(). New object, or NULL with a message. */
struct documents_ahead *documents_ahead_start(const json_t *records, char *err, size_t errlen);

/* The documents of records[i], waiting until they are made. Call with i = 0, 1, 2...
** in turn: asking for i gives back the documents of i - 1, which must no longer be used.
** NULL when memory ran out making them. */
const struct documents *documents_ahead_next(struct documents_ahead *a, size_t i);

/* Stop the thread, wherever it is, and free everything. Safe with NULL. */
void documents_ahead_stop(struct documents_ahead *a);

#endif
