/*
** relevance.h - how well an organization matches a search's words: the SQL function
** sd_relevance, an FTS5 auxiliary function giving exactly the value of FTS5's built-in
** bm25() with the same column weights, but able to take each document's length from the
** search image instead of looking it up in the index once per match.
**
**   sd_relevance(search_index, LENGTHS, w1, w2, ...)
**
** LENGTHS is NULL, or a struct relevance_lengths bound with sqlite3_bind_pointer() under
** the type RELEVANCE_LENGTHS_TYPE. A row whose length it does not hold (a rowid beyond
** max_id, none in number_of, or RELEVANCE_UNKNOWN) is measured by FTS5, as bm25() measures every row. The weights
** are the columns' as in bm25(); a column without one weighs 1. Lower is better.
**
** The lengths must be those of the database the query reads (the image is used only
** while it is current); tests/unit/test_snapshot.c checks the two rankings agree.
*/
#ifndef SD_RELEVANCE_H
#define SD_RELEVANCE_H

#include <stdint.h>
#include <sqlite3.h>

#define RELEVANCE_LENGTHS_TYPE "sd_relevance_lengths"

/* Column weights of the search index: name 10, alternate names 8, description 1,
** services 3, categories 2, places 2. */
#define RELEVANCE_WEIGHTS "10.0, 8.0, 1.0, 3.0, 2.0, 2.0"

struct relevance_lengths {
	int64_t         max_id;      /* rowids 0..max_id have an entry in number_of */
	const uint32_t *number_of;   /* rowid -> index into tokens + 1; 0: no length held */
	const uint32_t *tokens;      /* a document's tokens over all its columns, or
	                             ** RELEVANCE_UNKNOWN */
};
#define RELEVANCE_UNKNOWN UINT32_MAX

/* Register sd_relevance on db. SQLITE_OK, or an SQLite error code (FTS5 missing). */
int relevance_register(sqlite3 *db);

#endif
