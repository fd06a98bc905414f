/*
** snapshot.h - an image in memory of what a search matches, filters, sorts and counts on,
** for every public organization: categories, languages and commitments as bit sets,
** places, located points (also filed in cells, pointgrid.h), weekly hours, the order of
** names, and the full-text index's words (wordindex.h). A search evaluated on it gives
** the same matches, order, total and facet counts as the SQL statements of search.c,
** without SQLite materializing, counting and sorting every match on every request.
**
** An image is built from one read transaction and records the database's search
** generation (schema/005) at that moment; it is current while the generation is the
** same. It is never written after it is built, so request threads share it; holders
** count references (snapshot_keeper.h). Searches keep the work areas they reuse (for
** words and for a point) beside it, under a lock. Nothing in it comes from a request.
*/
#ifndef SD_SNAPSHOT_H
#define SD_SNAPSHOT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "db.h"
#include "search.h"
#include "searchterms.h"

struct snapshot;

/* Build the image from c, in one read transaction, with the phrases of syn (may be NULL:
** then phrases of several words are left to FTS5). The build gives up soon after *cancel
** (may be NULL) becomes non-zero. 0 with *out set, or -1 with a message (a database
** error, out of memory, cancelled, or more distinct values of a kind than a bit set
** holds: SNAPSHOT_MAX_VALUES). */
#define SNAPSHOT_MAX_VALUES 64
int snapshot_build(struct dbconn *c, const struct synonyms *syn, const atomic_int *cancel,
    struct snapshot **out, char *err, size_t errlen);

/* References: a built image holds one, for its builder. The last release frees it.
** Both accept NULL. */
struct snapshot *snapshot_retain(struct snapshot *s);
void snapshot_release(struct snapshot *s);

/* The search generation the image was built at. */
int64_t snapshot_generation(const struct snapshot *s);

/* The number of public organizations it holds. */
size_t snapshot_public_count(const struct snapshot *s);

/* The database's search generation now, read on c. 0, or -1 on a database error. */
int snapshot_read_generation(struct dbconn *c, int64_t *generation);

/* One row of a page of results. */
struct snapshot_row {
	int64_t org_id;
	double  score;        /* relevance (bm25, lower is better), 0 without words */
	double  km;           /* distance to the nearest located point, when has_point */
	int64_t location_id;  /* that point's location, when has_point */
	int     has_point;
};

/* A page of a search, and what the whole search counted. */
struct snapshot_page {
	struct snapshot_row *rows;     /* the page, in order (caller frees) */
	size_t               nrows;
	long                 total;    /* matches in all pages */
	json_t              *facets;   /* with count_facets and total > 0: as search.h's
	                               ** search_result.facets; else NULL */
};

/* Evaluate p on the image. With words (expr not NULL), the matches and their relevance
** come from the image's words (wordindex.h), or from the full-text index through c for an
** expression those cannot evaluate; everything else is read from the image.
** offset and limit choose the page. 0 with *out filled (release with
** snapshot_page_free), or -1 with a message. */
int snapshot_search(const struct snapshot *s, struct dbconn *c, const struct search_params *p,
    const char *expr, long offset, long limit, struct snapshot_page *out, char *err,
    size_t errlen);

void snapshot_page_free(struct snapshot_page *page);

#endif
