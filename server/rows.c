/*
** rows.c - the facets and opening periods of an organization's record (see rows.h).
*/
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "rows.h"

/* items (room of them, of size bytes each) with room for needed (at least 1): items
** itself, or moved to a larger block (*room updated), or NULL when memory runs out
** (items is then still the caller's). */
static void *
with_room(void *items, size_t *room, size_t needed, size_t size)
{
	size_t more = *room < 8 ? 8 : *room;
	void *bigger;

	if (needed <= *room && items != NULL)
		return items;
	while (more < needed)
		more *= 2;
	if ((bigger = realloc(items, more * size)) == NULL)
		return NULL;
	*room = more;
	return bigger;
}

const char *
rows_facet_value(const struct record_rows *r, size_t i)
{
	const struct facet_row *f = &r->facets[i];

	return f->value != NULL ? f->value : r->folded.data + f->folded_at;
}

/* 1 if r holds the facet kind=value already. */
static int
has_facet(const struct record_rows *r, const char *kind, const char *value)
{
	size_t i;

	for (i = 0; i < r->nfacets; i++)
		if (strcmp(rows_facet_value(r, i), value) == 0 && strcmp(r->facets[i].kind, kind) == 0)
			return 1;
	return 0;
}

/* Add kind=value unless r holds it; a value folded into r->folded at folded_at when
** value is NULL. 0, or -1 when memory runs out. */
static int
add_facet(struct record_rows *r, const char *kind, const char *value, size_t folded_at)
{
	const char *text = value != NULL ? value : r->folded.data + folded_at;
	struct facet_row *facets;

	if (has_facet(r, kind, text))
		return 0;
	if ((facets = with_room(r->facets, &r->facets_room, r->nfacets + 1, sizeof *facets)) == NULL)
		return -1;
	r->facets = facets;
	r->facets[r->nfacets].kind = kind;
	r->facets[r->nfacets].value = value;
	r->facets[r->nfacets].folded_at = folded_at;
	r->nfacets++;
	return 0;
}

/* A facet of the record's own string value; a value that is not a string is noted as
** missing (the first only). */
static int
add_string(struct record_rows *r, const char *kind, const json_t *value)
{
	if (!json_is_string(value)) {
		if (r->missing == NULL)
			r->missing = kind;
		return 0;
	}
	return add_facet(r, kind, json_string_value(value), 0);
}

static int
add_strings(struct record_rows *r, const char *kind, const json_t *values)
{
	size_t i;

	for (i = 0; i < json_array_size(values); i++)
		if (add_string(r, kind, json_array_get(values, i)) != 0)
			return -1;
	return 0;
}

/* A place name as a facet, folded so that filters ignore case and accents; a name that
** folds to nothing has no value. Not a string: no facet. */
static int
add_place(struct record_rows *r, const char *kind, const json_t *name)
{
	size_t at = r->folded.len;

	if (!json_is_string(name))
		return 0;
	if (fold_text(&r->folded, json_string_value(name), json_string_length(name)) != 0)
		return -1;
	if (r->folded.len == at) {
		if (r->missing == NULL)
			r->missing = kind;
		return 0;
	}
	if (buf_putc(&r->folded, '\0') != 0)
		return -1;
	return add_facet(r, kind, NULL, at);
}

/* The periods of one more location, from its hours. */
static int
add_periods(struct record_rows *r, const json_t *hours)
{
	struct hours_period periods[ROWS_MAX_PERIODS], *all;
	int n = hours_periods(hours, periods, ROWS_MAX_PERIODS);
	size_t *first;

	if (n < 0 || n > ROWS_MAX_PERIODS) {
		if (r->unreadable == 0)
			r->unreadable = r->nlocations + 1;
		n = 0;
	}
	if ((first = with_room(r->first_period, &r->locations_room, r->nlocations + 2,
	    sizeof *first)) == NULL)
		return -1;
	r->first_period = first;
	if (n > 0) {
		if ((all = with_room(r->periods, &r->periods_room, r->nperiods + (size_t)n,
		    sizeof *all)) == NULL)
			return -1;
		r->periods = all;
		memcpy(r->periods + r->nperiods, periods, (size_t)n * sizeof *periods);
	}
	r->nperiods += (size_t)n;
	r->first_period[++r->nlocations] = r->nperiods;
	return 0;
}

/* A service's facets. */
static int
service_rows(struct record_rows *r, const json_t *svc)
{
	return add_strings(r, "category", json_object_get(svc, "categories")) != 0 ||
	    add_strings(r, "language", json_object_get(svc, "languages")) != 0 ||
	    add_string(r, "fees", json_object_get(svc, "fees")) != 0 ? -1 : 0;
}

/* A location's periods and place facets. */
static int
location_rows(struct record_rows *r, const json_t *loc)
{
	return add_periods(r, json_object_get(loc, "hours")) != 0 ||
	    add_place(r, "neighbourhood", json_object_get(loc, "neighbourhood")) != 0 ||
	    add_place(r, "city", json_object_get(loc, "city")) != 0 ? -1 : 0;
}

/* The rows of each item of list, in its order. */
static int
each_item(struct record_rows *r, const json_t *list,
    int (*item_rows)(struct record_rows *, const json_t *))
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		if (item_rows(r, json_array_get(list, i)) != 0)
			return -1;
	return 0;
}

int
rows_make(const json_t *record, struct record_rows *r)
{
	size_t *first = with_room(r->first_period, &r->locations_room, 1, sizeof *first);

	if (first == NULL)
		return -1;
	r->nfacets = r->nperiods = r->nlocations = 0;
	r->missing = NULL;
	r->unreadable = 0;
	buf_reset(&r->folded);
	r->first_period = first;
	r->first_period[0] = 0;
	return add_strings(r, "category", json_object_get(record, "categories")) != 0 ||
	    each_item(r, json_object_get(record, "services"), service_rows) != 0 ||
	    each_item(r, json_object_get(record, "locations"), location_rows) != 0 ? -1 : 0;
}

const struct hours_period *
rows_periods(const struct record_rows *r, size_t i, size_t *n)
{
	if (i >= r->nlocations) {
		*n = 0;
		return NULL;
	}
	*n = r->first_period[i + 1] - r->first_period[i];
	return r->periods + r->first_period[i];
}

void
rows_free(struct record_rows *r)
{
	free(r->facets);
	free(r->periods);
	free(r->first_period);
	buf_free(&r->folded);
	memset(r, 0, sizeof *r);
}
