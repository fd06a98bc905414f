/*
** searchterms.h - turns what a person typed into a safe SQLite FTS5 MATCH expression.
**
** No FTS5 syntax from the user ever reaches MATCH: the text is split into words, each
** word is folded (fold.h) and written back inside double quotes, so quotes, '*', '^',
** ':', NEAR, AND/OR/NOT, parentheses and '-' are either separators or plain quoted
** text. A word is a run of the characters FTS5's unicode61 tokenizer keeps in tokens:
** ASCII letters and digits, and non-ASCII letters, digits and marks. Every other ASCII
** byte, every invalid UTF-8 byte, and non-ASCII punctuation, symbols, spaces and emoji
** (« » – ’ ؟ 😀, no-break space) separate words. (An earlier version of this contract
** counted every byte >= 0x80 as a letter; but FTS5 reads a quoted "«" or "😀" as an
** empty phrase, and an empty phrase ANDed with the rest matches nothing, so
** "« banque »" found nothing; and invalid UTF-8 cannot be a JSON string.) So each word
** is one FTS5 token, the one the index holds. Words that fold to nothing (made only of
** accents that folding removes) are dropped.
**
** Each word becomes a prefix query ("word"*), words are combined with AND. When a run
** of one or more consecutive words equals a term of a synonym group, that run is
** replaced by the OR of every term of the group (each single word term as a prefix
** query, each multi-word term as a quoted phrase); the longest run wins, left to right.
**
**   medec          ->  "medec"*
**   Médecins "du   ->  "medecins"* AND "du"*
**   food bank      ->  ("food bank" OR "nourriture"* OR "banque alimentaire" OR ...)
**
** At most SEARCHTERMS_MAX_WORDS words are used; the rest are ignored.
*/
#ifndef SD_SEARCHTERMS_H
#define SD_SEARCHTERMS_H

#include <stddef.h>
#include <jansson.h>
#include "buf.h"

#define SEARCHTERMS_MAX_WORDS 12

struct synonyms;

/* Build from {"groups": [["term", "multi word term", ...], ...]}. Terms are split into
** words and folded exactly like typed text, so "Banque-Alimentaire" is the term
** "banque alimentaire". A term with no word or more than SEARCHTERMS_MAX_WORDS words, a
** term appearing twice (in two groups, or twice in one), an empty group, or a malformed
** document is an error; keys other than "groups" are ignored. NULL with a message in
** err (when err is non-NULL) on error or OOM. Lookups use a sorted array and bsearch;
** the structure is never written after loading, so threads may share it. */
struct synonyms *synonyms_load(const json_t *root, char *err, size_t errlen);
void synonyms_free(struct synonyms *syn);

/* The folded words of s[0..len), at most SEARCHTERMS_MAX_WORDS, written as a JSON array
** of strings to *words (new reference, caller owns). 0, or -1 on OOM. */
int searchterms_words(const char *s, size_t len, json_t **words);

/* Append the MATCH expression for the word array (as made by searchterms_words) to out,
** using syn when non-NULL. Only the first SEARCHTERMS_MAX_WORDS elements are looked at;
** elements that are not strings, are empty, hold a NUL byte or hold no character FTS5
** keeps in a token are skipped. No usable word appends nothing. 0, or -1 on OOM (or
** when out had already failed). */
int searchterms_expr(const json_t *words, const struct synonyms *syn, struct buf *out);

/* Append a MATCH expression in which each word is replaced by the OR of the quoted,
** non-prefix alternatives given for it: alternatives is an array parallel to words, each
** element an array of folded vocabulary terms (the fuzzy fallback's candidates; a word
** with an empty list keeps its own prefix query). Words are picked as searchterms_expr
** picks them and alternatives the same way: unusable ones are skipped, and a list that
** is missing or holds no usable one counts as empty. 0, or -1 on OOM. */
int searchterms_expr_alternatives(const json_t *words, const json_t *alternatives,
    struct buf *out);

/* 1 if s[0..len) is one token exactly as the index holds it: a word (valid UTF-8, only
** characters FTS5 keeps in a token) that folding leaves as it is; else 0 (also when out
** of memory). FTS5 reads such a word in a MATCH expression as that token. */
int searchterms_is_token(const char *s, size_t len);

/* Call fn with each synonym term of more than one word, as the quoted phrase an
** expression holds it in (without the quotes: the term's folded words, one space
** apart), in no particular order. Stops at the first non-zero return of fn and returns
** it; else 0. */
int synonyms_each_phrase(const struct synonyms *syn,
    int (*fn)(void *ctx, const char *phrase), void *ctx);

/* 1 when any one phrase of expr, an expression written by searchterms_expr or
** searchterms_expr_alternatives, makes a match alone: no AND joins it outside quotes
** (one word, or one synonym group); else 0. */
int searchterms_alternatives_only(const char *expr);

/* 1 if the folded UTF-8 strings a and b are equal or within Damerau-Levenshtein
** distance 1 of each other (one insertion, deletion, substitution, or swap of two
** adjacent characters), counted in code points; 0 otherwise. A byte that is not valid
** UTF-8 counts as one code point; a NULL string is within no distance of anything. */
int searchterms_within_one_edit(const char *a, const char *b);

#endif
