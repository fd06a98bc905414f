/*
** jsonin.h - a fast JSON reader for the documents the server stores and reads back many
** times a request (search results read 20 summaries each), giving exactly what jansson's
** own loader gives, several times faster.
**
** jansson 2.14 reads through a callback per character and appends each one to a string
** buffer; this reader scans the text in place and copies runs of plain characters at
** once. What it accepts, what it rejects and the values it builds are those of
** json_loadb(text, len, 0, &error); tests/unit/test_jsonin.c and tests/fuzz/fuzz_jsonin.c
** compare the two. In particular, like jansson:
**   - the top level is an object or an array, followed only by spaces, tabs, CR and LF;
**   - strings are strict UTF-8 without control characters; \u0000 is refused, in keys and
**     in values; a \uD800-\uDBFF escape must be followed by a \uDC00-\uDFFF escape;
**   - a number without '.', 'e' or 'E' is an integer (json_int_t; out of range is an
**     error), any other a real (strtod, with the locale's decimal point put in place of
**     '.'; overflow is an error, underflow gives 0 or a subnormal);
**   - a later duplicate key replaces the value and keeps the first one's place;
**   - every value, scalars included, counts one level of depth, and no value may be
**     deeper than JSON_PARSER_MAX_DEPTH (2048): 2048 nested empty arrays are accepted,
**     2048 around a number are not;
**   - one NUL byte right after a number or a literal (true, false, null) is skipped, as
**     jansson's lexer loses it when it steps back over the character that ends the token.
*/
#ifndef SD_JSONIN_H
#define SD_JSONIN_H

#include <stddef.h>
#include <jansson.h>

/* Parse len bytes of JSON text into a new value (caller owns the reference), exactly as
** json_loadb(text, len, 0, &error) of jansson 2.14 would: the same inputs are accepted and
** rejected, and accepted inputs give equal values. NULL on any error or when memory runs
** out; nothing is left allocated then. text need not be NUL-terminated; no byte past
** text[len - 1] is read. Safe to call from several threads at once; the nesting is kept
** on the heap, not the C stack. */
json_t *jsonin_parse(const char *text, size_t len);

/* The same, as json_loadb(text, len, JSON_REJECT_DUPLICATES, &error): an object that
** holds one key twice is an error. */
json_t *jsonin_parse_unique(const char *text, size_t len);

/* Takes one element of a streamed array (jsonin_parse_unique_stream) as soon as it is
** read: element is a new reference the function owns, root the document read so far (its
** members before the array, and the array itself, empty). 0 to go on; anything else stops
** the parse. */
typedef int (*jsonin_element_fn)(void *arg, json_t *element, const json_t *root);

/* jsonin_parse_unique for a document too large to hold as values all at once: when the
** root is an object whose member key is an array, that array's elements are not kept in
** it but handed to fn one by one, in order, as each is read, so that only one of them is
** in memory at a time. The verdict is jsonin_parse_unique's on the whole text, but the
** elements before an error have been handed to fn by then. The root (its array left
** empty), or NULL on any error, with *stopped set to 1 if fn stopped the parse and 0
** otherwise. */
json_t *jsonin_parse_unique_stream(const char *text, size_t len, const char *key,
    jsonin_element_fn fn, void *arg, int *stopped);

/* Where the text of a streamed parse comes from while it is still being read, so that
** the parse need not wait for all of it. more(arg, want, &whole) waits until the text's
** first want bytes are in place, or until there will be no more (then it sets *whole to
** 1), and returns how many are in place; the bytes stay where they are, and the count
** never goes back. Before each step (a bracket, a comma, a member) the parse asks for
** ahead bytes past its position (at least 1). A step that fails before the text is whole
** may only have met the end of what is there, so it is taken again on the whole text:
** the verdict is always the whole text's, and a token longer than ahead costs waiting for
** the rest of the text, not a wrong answer. */
struct jsonin_source {
	size_t (*more)(void *arg, size_t want, int *whole);
	void    *arg;
	size_t   ahead;
};

/* jsonin_parse_unique_stream on the text that source puts at text, read as the parse
** goes. */
json_t *jsonin_parse_unique_stream_from(const char *text, const struct jsonin_source *source,
    const char *key, jsonin_element_fn fn, void *arg, int *stopped);

#endif
