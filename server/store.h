/*
** store.h - writing organization records into the database, and reading them back for
** export. store_put() is the only code that writes an organization: it stores the
** canonical record and derives from it, in the caller's transaction, every table used to
** search and filter and the public view.
*/
#ifndef SD_STORE_H
#define SD_STORE_H

#include <stdio.h>
#include <jansson.h>

#include "db.h"

struct places;

/* Store one canonical record (record.h), replacing the organization with the same id if
** there is one. places (may be NULL) gives the centres of neighbourhoods and cities, the
** point of a location that has no coordinates. The list of search terms (search_term)
** is updated from this organization's terms alone, never read again from the whole
** index. Call inside a transaction. 0, or -1 with a message (e.g. a service id already
** used by another organization); on error the caller must roll back. */
int store_put(struct dbconn *c, const struct places *places, const json_t *record,
    char *err, size_t errlen);

/* Derive everything again from the stored records, in the caller's transaction: what
** `init` runs after a migration changed the derived tables (a db_derive_fn). */
int store_rederive(struct dbconn *c, char *err, size_t errlen);

/* Store every record of orgs and the directory settings given (record_check_file) in one
** transaction: either all of them are written or none. 0, or -1 with a message naming the
** record. */
int store_import(struct dbconn *c, const json_t *orgs, const json_t *directory,
    char *err, size_t errlen);

/* The same, one record at a time, for records that arrive as a file is read
** (importfeed.h): begin, put each, then commit or abort. */
struct store_import;
struct documents;

/* Open the import's transaction. Into a directory that holds no organization yet, the
** import writes without foreign key checks and without clearing derived rows, so its
** records must have distinct ids (record_file_org sees to it; a record given twice fails
** on its commitments' keys); the connection enforces foreign keys again once the import
** is committed or aborted. New object, or NULL with a message. */
struct store_import *store_import_begin(struct dbconn *c, char *err, size_t errlen);

/* Store organizations[i] of the import: a canonical record and its documents
** (documents_make). 0, or -1 with a message naming the record; the import must then be
** aborted. */
int store_import_put(struct store_import *imp, const json_t *record,
    const struct documents *docs, size_t i, char *err, size_t errlen);

/* Write the search index and the directory settings given, commit, and free imp. 0, or
** -1 with a message (nothing is stored then, unless the message says so). */
int store_import_commit(struct store_import *imp, const json_t *directory,
    char *err, size_t errlen);

/* Roll back everything the import stored, and free imp. Safe with NULL. */
void store_import_abort(struct store_import *imp);

/* Write the whole directory to out in the import format, organizations ordered by folded
** name then id, with two-space indentation and a final newline. The output depends only
** on the stored records, so export, import into an empty database and export again give
** the same bytes. 0, or -1 with a message. */
int store_export(struct dbconn *c, FILE *out, char *err, size_t errlen);

/* Flags for every JSON document the directory writes. */
#define STORE_JSON_FLAGS JSON_REAL_PRECISION(10)

#endif
