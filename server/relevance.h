/*
** relevance.h - how well an organization matches a search's words: the SQL function
** sd_relevance, an FTS5 auxiliary function giving exactly the value of FTS5's built-in
** bm25() with the same column weights, but able to take each document's length from the
** search image instead of looking it up in the index once per match.
**
**   sd_relevance(search_index, LENGTHS, GATHER, w1, w2, ...)
**
** LENGTHS is NULL, or a struct relevance_lengths bound with sqlite3_bind_pointer() under
** the type RELEVANCE_LENGTHS_TYPE. A row whose length it does not hold (a rowid beyond
** max_id, none in number_of, or RELEVANCE_UNKNOWN) is measured by FTS5, as bm25() measures
** every row. The weights are the columns' as in bm25(); a column without one weighs 1.
** Lower is better.
**
** bm25() counts, before the first row, the rows each phrase of the query matches: one more
** pass over the index per phrase. When any one phrase alone makes a match (the phrases
** are alternatives: searchterms_alternatives_only), those counts are the matches' own,
** and GATHER avoids that pass: a struct relevance_gather bound under
** RELEVANCE_GATHER_TYPE. The function then returns NULL and gathers the rows LENGTHS
** holds (the others are only counted); relevance_gather_rank gives their relevance once
** the statement is done.
**
** The lengths must be those of the database the query reads (the image is used only
** while it is current); tests/unit/test_snapshot.c checks the rankings agree with bm25.
*/
#ifndef SD_RELEVANCE_H
#define SD_RELEVANCE_H

#include <stdint.h>
#include <sqlite3.h>

#define RELEVANCE_LENGTHS_TYPE "sd_relevance_lengths"

/* Column weights of the search index: name 10, alternate names 8, description 1,
** services 3, categories 2, places 2. */
#define RELEVANCE_WEIGHTS "10.0, 8.0, 1.0, 3.0, 2.0, 2.0"

/* The same columns by name, with the same weights as whole numbers (wordindex.c adds
** them as integers; whole numbers sum to the same double in any order). */
#define RELEVANCE_COLUMNS { { "name", 10 }, { "alternate_names", 8 }, \
    { "description", 1 }, { "services", 3 }, { "categories", 2 }, { "places", 2 } }

/* The matches of the MATCH expression ?1 with their relevance: ?2 the lengths, ?3 a
** gather, both NULL or bound as above. */
#define RELEVANCE_MATCH_SQL \
    "SELECT rowid, sd_relevance(search_index, ?2, ?3, " RELEVANCE_WEIGHTS ")" \
    " FROM search_index WHERE search_index MATCH ?1"

struct relevance_lengths {
	int64_t         max_id;      /* rowids 0..max_id have an entry in number_of */
	const uint32_t *number_of;   /* rowid -> index into tokens + 1; 0: no length held */
	const uint32_t *tokens;      /* a document's tokens over all its columns, or
	                             ** RELEVANCE_UNKNOWN */
};
#define RELEVANCE_UNKNOWN UINT32_MAX

#define RELEVANCE_GATHER_TYPE "sd_relevance_gather"

/* One phrase occurring in a gathered row, with its weighted frequency there. */
struct relevance_term {
	int    phrase;
	double freq;
};

/* Rows gathered for ranking, in the order the statement gave them. Zero it before use;
** free with relevance_gather_free. */
struct relevance_gather {
	size_t    n;          /* rows gathered */
	uint32_t *number;     /* each row's entry in the lengths (number_of[rowid] - 1) */
	double   *score;      /* each row's relevance, after relevance_gather_rank */
	size_t    nterms;     /* entries in terms */
	uint32_t *first;      /* row r's phrases: terms[first[r]] up to the next row's */
	struct relevance_term *terms;
	/* the rest belongs to relevance.c */
	size_t    cap, termcap;
	uint32_t *tokens;
	int       nphrases, failed;
	int64_t  *hits;
	int64_t   nrows;
	double    avgdl;
};

/* A phrase's inverse document frequency when it matches hits of nrows documents, and its
** part of a document's score (before the sign is turned), exactly as bm25() computes
** them: minus the sum of the parts, in the query's phrase order, is the relevance. */
double relevance_idf(int64_t nrows, int64_t hits);
double relevance_phrase_score(double idf, double freq, double tokens, double avgdl);

/* The same part in two steps, for many phrases of one document: the document's norm
** (its length against the average), then the part; the same double as
** relevance_phrase_score(idf, freq, tokens, avgdl). */
double relevance_doc_norm(double tokens, double avgdl);

#define RELEVANCE_K1 1.2

/* Inline: the word index (wordindex.c) computes one for every phrase of every match. */
static inline double
relevance_phrase_part(double idf, double freq, double norm)
{
	return idf * ((freq * (RELEVANCE_K1 + 1.0)) / (freq + norm));
}

/* Compute the score of every gathered row. 0, or -1 when gathering ran out of memory or
** nothing was gathered for a statement that returned rows. */
int relevance_gather_rank(struct relevance_gather *g);
void relevance_gather_free(struct relevance_gather *g);

/* A document's length in tokens over all its columns, from its row of FTS5's docsize
** table (search_index_docsize.sz: one SQLite varint per column, as FTS5 writes it and
** reads it for bm25()). -1 when sz is cut short or the length exceeds INT32_MAX. */
int64_t relevance_doc_tokens(const void *sz, int n);

/* Register sd_relevance on db. SQLITE_OK, or an SQLite error code (FTS5 missing). */
int relevance_register(sqlite3 *db);

#endif
