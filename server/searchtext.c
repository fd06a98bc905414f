/*
** searchtext.c - the texts of an organization's search index row (see searchtext.h).
*/
#include <string.h>

#include "catalog.h"
#include "searchtext.h"

/* Append every text of a text map, each followed by a newline. */
static void
append_texts(struct buf *b, const json_t *map)
{
	const char *lang;
	const json_t *text;

	json_object_foreach((json_t *)map, lang, text) {
		buf_append(b, json_string_value(text), json_string_length(text));
		buf_putc(b, '\n');
	}
}

static void
append_string(struct buf *b, const json_t *s)
{
	if (json_is_string(s)) {
		buf_append(b, json_string_value(s), json_string_length(s));
		buf_putc(b, '\n');
	}
}

/* The catalog entries whose labels the row already holds. Each category's labels and
** each spoken language's names go in once, however many services name them: a row
** listed French for each of its three services held "French" in five languages three
** times, which weighed in the ranking as three mentions and gave the index three sets
** of positions to store and read for one fact. */
#define SEEN_MAX 256

struct seen_labels {
	unsigned char category[SEEN_MAX];
	unsigned char language[SEEN_MAX];
};

/* 1 the first time entry i of a list is asked about, 0 afterwards (and for an entry
** past SEEN_MAX, which the catalogs never reach: its labels then simply repeat). */
static int
first_time(unsigned char *seen, size_t i)
{
	if (i >= SEEN_MAX)
		return 1;
	if (seen[i])
		return 0;
	seen[i] = 1;
	return 1;
}

/* Category labels in every interface language, so that "santé" finds health. */
static void
append_category_labels(struct buf *b, const json_t *ids, struct seen_labels *seen)
{
	const struct catalog_entry *cat;
	size_t i, count;
	int ui;

	for (i = 0; i < json_array_size(ids); i++) {
		cat = catalog_category(json_string_value(json_array_get(ids, i)));
		if (cat == NULL || !first_time(seen->category, (size_t)(cat - catalog_categories(&count))))
			continue;
		for (ui = 0; ui < UI_NLANG; ui++) {
			buf_puts(b, catalog_label(ui, cat));
			buf_putc(b, '\n');
		}
	}
}

/* Names of the spoken languages in every interface language, so "espagnol" finds them. */
static void
append_language_labels(struct buf *b, const json_t *codes, struct seen_labels *seen)
{
	const struct spoken_language *lang;
	size_t i, count;
	int ui;

	for (i = 0; i < json_array_size(codes); i++) {
		lang = catalog_language(json_string_value(json_array_get(codes, i)));
		if (lang == NULL || !first_time(seen->language, (size_t)(lang - catalog_languages(&count))))
			continue;
		buf_puts(b, lang->endonym);
		buf_putc(b, '\n');
		for (ui = 0; ui < UI_NLANG; ui++) {
			buf_puts(b, catalog_language_name(ui, lang));
			buf_putc(b, '\n');
		}
	}
}

static void
collect_service_text(struct search_text *st, const json_t *record)
{
	struct seen_labels seen;
	const json_t *svc;
	size_t i;

	memset(&seen, 0, sizeof seen);
	append_category_labels(&st->categories, json_object_get(record, "categories"), &seen);
	json_array_foreach(json_object_get(record, "services"), i, svc) {
		append_texts(&st->services, json_object_get(svc, "name"));
		append_texts(&st->services, json_object_get(svc, "description"));
		append_texts(&st->services, json_object_get(svc, "at_the_door"));
		append_language_labels(&st->services, json_object_get(svc, "languages"), &seen);
		append_category_labels(&st->categories, json_object_get(svc, "categories"), &seen);
	}
}

/* Place names; the street address and postal code only of non-confidential locations. */
static void
collect_place_text(struct search_text *st, const json_t *record)
{
	const json_t *loc;
	size_t i;

	json_array_foreach(json_object_get(record, "locations"), i, loc) {
		append_texts(&st->places, json_object_get(loc, "name"));
		append_string(&st->places, json_object_get(loc, "neighbourhood"));
		append_string(&st->places, json_object_get(loc, "city"));
		if (json_is_true(json_object_get(loc, "confidential")))
			continue;
		append_string(&st->places, json_object_get(loc, "address"));
		append_string(&st->places, json_object_get(loc, "postal_code"));
	}
}

void
searchtext_columns(const struct search_text *st, const struct buf *columns[5])
{
	columns[0] = &st->alternate_names;
	columns[1] = &st->description;
	columns[2] = &st->services;
	columns[3] = &st->categories;
	columns[4] = &st->places;
}

int
searchtext_make(const json_t *record, struct search_text *st)
{
	const json_t *name;
	size_t i;

	buf_reset(&st->alternate_names);
	buf_reset(&st->description);
	buf_reset(&st->services);
	buf_reset(&st->categories);
	buf_reset(&st->places);
	json_array_foreach(json_object_get(record, "alternate_names"), i, name)
		append_string(&st->alternate_names, name);
	append_texts(&st->description, json_object_get(record, "description"));
	collect_service_text(st, record);
	collect_place_text(st, record);
	return buf_failed(&st->alternate_names) || buf_failed(&st->description) ||
	    buf_failed(&st->services) || buf_failed(&st->categories) ||
	    buf_failed(&st->places) ? -1 : 0;
}

void
searchtext_free(struct search_text *st)
{
	buf_free(&st->alternate_names);
	buf_free(&st->description);
	buf_free(&st->services);
	buf_free(&st->categories);
	buf_free(&st->places);
}
