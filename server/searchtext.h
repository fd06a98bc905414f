/*
** searchtext.h - the texts of an organization's row in the full-text index
** (search_index, schema/001): its name, then alternate names, description, services,
** categories and places, one column each. Besides the record's own words, a row holds
** the labels of its categories and the names of its spoken languages in every interface
** language, so that "santé" finds health and "espagnol" Spanish; confidential locations
** give only their name, neighbourhood and city, never an address or postal code.
*/
#ifndef SD_SEARCHTEXT_H
#define SD_SEARCHTEXT_H

#include <jansson.h>

#include "buf.h"

/* The columns after the name, in the index's order; each text ends with a newline. */
struct search_text {
	struct buf alternate_names, description, services, categories, places;
};

#define SEARCH_TEXT_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }

/* Write the texts of a checked record into st, replacing what it held and reusing its
** memory. 0, or -1 when memory runs out. */
int searchtext_make(const json_t *record, struct search_text *st);

/* The column texts in the index's order, for binding them in a loop. */
void searchtext_columns(const struct search_text *st, const struct buf *columns[5]);

/* Release st's memory; st may be used again afterwards. */
void searchtext_free(struct search_text *st);

#endif
