/*
** wordindex.h - the search index's words in memory, part of the search image
** (snapshot.h): for each term of the full-text index, the documents holding it with the
** column-weighted count of its instances in each, and the same for every phrase of more
** than one word a synonym group holds. A search's words are matched and ranked on it with
** exactly the relevance bm25() gives (relevance.h), without FTS5 decoding the positions
** of every match on every request.
**
** It evaluates the expressions searchterms.c writes: phrases joined by AND, each a
** prefix query of one word ("word"*), a word ("word"), a synonym phrase ("two words"),
** or the OR of such phrases in parentheses. Anything else (a phrase of several words no
** synonym group holds, a quote inside a phrase) is left to FTS5.
**
** Built from one read transaction (the image's) and never changed afterwards, so
** request threads share it; only the work areas searches borrow and give back (as long
** as the directory, kept rather than mapped afresh) are handed out under a lock. Nothing
** in it comes from a request, and a work area is cleared before it is given back.
*/
#ifndef SD_WORDINDEX_H
#define SD_WORDINDEX_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "relevance.h"
#include "searchterms.h"

struct wordindex;

/* Read every term's instances from the search index on c (inside the caller's
** transaction), and the matches of every phrase of syn (may be NULL). Searches will
** report the documents len holds: ndocs entries, each with its length known (not
** RELEVANCE_UNKNOWN). The build gives up soon after *cancel (may be NULL) becomes
** non-zero. 0 with *out set, or -1 with a message. */
int wordindex_build(struct dbconn *c, const struct synonyms *syn,
    const struct relevance_lengths *len, size_t ndocs, const atomic_int *cancel,
    struct wordindex **out, char *err, size_t errlen);
void wordindex_free(struct wordindex *w);

/* Bytes the index holds (its postings, terms and tables). */
size_t wordindex_bytes(const struct wordindex *w);

/* A match: the document's entry in the lengths (number_of[rowid] - 1), its relevance. */
typedef void (*wordindex_match_fn)(void *ctx, uint32_t entry, double relevance);

/* Evaluate the MATCH expression expr; call match for every matching document the build's
** lengths hold, in no particular order, with the relevance sd_relevance and bm25() give
** it. 1 when done, 0 when expr is not one the index evaluates (nothing was called), -1
** out of memory. w is not const: the search borrows one of its work areas. */
int wordindex_search(struct wordindex *w, const char *expr, wordindex_match_fn match,
    void *ctx);

#endif
