/*
** importfeed.h - the reading side of `import`: a thread reads the directory file a record
** at a time (jsonin's streamed parse), checks each record (record.h) and makes its
** documents (documents.h), up to a few thousand records ahead of the caller, which
** stores them (store_import_put) on the other core meanwhile. Only those records are in
** memory at once as values, never the whole file.
*/
#ifndef SD_IMPORTFEED_H
#define SD_IMPORTFEED_H

#include <stddef.h>
#include <jansson.h>

struct documents;
struct import_feed;

/* Open the file at path and start reading and checking it on a thread of its own, a
** few megabytes at a time as the checking goes (a pipe is read whole first); today
** ("YYYY-MM-DD") is the default for updated_on. New object, or NULL with a message when
** the file cannot be read or memory runs out. */
struct import_feed *import_feed_start(const char *path, const char *today, char *err,
    size_t errlen);

/* import_feed_start with a ring of slots records (even, 2 to the command's own size)
** instead of the command's, and a regular file read chunk bytes at a time (at least 4),
** the parse having a quarter of that before it, instead of megabytes (0: the command's):
** the tests go round a small ring many times, and read a small file in many pieces. */
struct import_feed *import_feed_start_ring(const char *path, const char *today, size_t slots,
    size_t chunk, char *err, size_t errlen);

/* The next record in file order: 1 with *record (canonical), *docs (its documents) and
** *index (its position among the file's organizations), all valid until the next call;
** 0 when the whole file has been read and checked; -1 with a message naming the file and
** the place or record at fault: the first error in the file's order, whatever its kind
** (JSON syntax with jansson's message, line and column; a record; an id used twice; the
** file's own members, checked at the first record with those read by then, and at the
** end). The records given before an error must then be thrown away. */
int import_feed_next(struct import_feed *f, const json_t **record,
    const struct documents **docs, size_t *index, char *err, size_t errlen);

/* The directory settings the file gives (record_check_file's *directory), once
** import_feed_next has returned 0; NULL before. Owned by f. */
const json_t *import_feed_directory(const struct import_feed *f);

/* Stop the thread wherever it is and free everything. Safe with NULL. */
void import_feed_stop(struct import_feed *f);

#endif
