/*
** publish.c - builds the public view of an organization record (see publish.h).
*/
#include <math.h>
#include <string.h>

#include "publish.h"

/* The keys a confidential location keeps; everything else (street address, postal
** code, exact coordinates) is left out. */
static const char *const confidential_keys[] = {
	"id", "name", "neighbourhood", "city", "confidential", "call_first", "accessibility",
	"hours", "phones", NULL
};

double
publish_round_point(double degrees)
{
	return round(degrees / PUBLISH_CONFIDENTIAL_GRID) * PUBLISH_CONFIDENTIAL_GRID;
}

/* A location as the public may see it. A location that is not confidential is shown
** whole: it is shared, not copied. */
static json_t *
public_location(json_t *loc)
{
	json_t *out;
	size_t i;

	if (!json_is_true(json_object_get(loc, "confidential")))
		return json_incref(loc);
	out = json_object();
	for (i = 0; out != NULL && confidential_keys[i] != NULL; i++)
		if (json_object_set(out, confidential_keys[i],
		    json_object_get(loc, confidential_keys[i])) != 0) {
			json_decref(out);
			return NULL;
		}
	return out;
}

/* The locations of the record as the public may see them; NULL on OOM. */
static json_t *
public_locations(const json_t *locations)
{
	json_t *out = json_array(), *loc;
	size_t i;

	for (i = 0; out != NULL && i < json_array_size(locations); i++) {
		loc = public_location(json_array_get(locations, i));
		if (loc == NULL || json_array_append_new(out, loc) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* The view is built member by member in the record's order, sharing every member but
** the locations with the record: a copy of the whole record was most of the cost of
** storing one. */
json_t *
publish_view(const json_t *record)
{
	json_t *view = json_object(), *value;
	const char *key;
	int failed = view == NULL;

	json_object_foreach((json_t *)record, key, value) {
		if (failed)
			break;
		if (strcmp(key, "locations") == 0)
			failed = json_object_set_new(view, key, public_locations(value)) != 0;
		else
			failed = json_object_set(view, key, value) != 0;
	}
	if (!failed && json_object_get(record, "locations") == NULL)
		failed = json_object_set_new(view, "locations", json_array()) != 0;
	if (failed) {
		json_decref(view);
		return NULL;
	}
	return view;
}
