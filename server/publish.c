/*
** publish.c - builds the public view of an organization record (see publish.h).
*/
#include <math.h>
#include <string.h>

#include "hours.h"
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

/* The members of src named in keys (those it has), as a new object; NULL on OOM. */
static json_t *
kept_members(const json_t *src, const char *const *keys)
{
	json_t *out = json_object(), *v;
	size_t i;

	for (i = 0; out != NULL && keys[i] != NULL; i++) {
		v = json_object_get(src, keys[i]);
		if (v != NULL && json_object_set(out, keys[i], v) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* Each element of arr through kept_members, then fix (may be NULL) on the copy. */
static json_t *
kept_elements(const json_t *arr, const char *const *keys, int (*fix)(json_t *, const json_t *))
{
	json_t *out = json_array(), *item;
	size_t i;

	for (i = 0; out != NULL && i < json_array_size(arr); i++) {
		item = kept_members(json_array_get(arr, i), keys);
		if (item == NULL || (fix != NULL && fix(item, json_array_get(arr, i)) != 0) ||
		    json_array_append_new(out, item) != 0) {
			json_decref(item);
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* A location of a summary: its phones reduced to their numbers (a summary only asks
** whether there are), its hours in their compact form (hours.h). */
static int
summary_location(json_t *kept, const json_t *loc)
{
	static const char *const phone_keys[] = { "number", NULL };
	const json_t *phones = json_object_get(loc, "phones");
	const json_t *hours = json_object_get(loc, "hours");

	if (hours != NULL && json_object_set_new(kept, "hours", hours_compact(hours)) != 0)
		return -1;
	if (phones == NULL)
		return 0;
	return json_object_set_new(kept, "phones", kept_elements(phones, phone_keys, NULL));
}

json_t *
publish_summary(const json_t *view)
{
	static const char *const top_keys[] = { "id", "name", "alternate_names", "description",
	    "provides_services", "categories", "commitments", "updated_on", "demo", NULL };
	static const char *const service_keys[] = { "categories", "languages", "fees",
	    "no_id_needed", NULL };
	static const char *const location_keys[] = { "id", "address", "neighbourhood", "city",
	    "confidential", "hours", NULL };
	json_t *out = kept_members(view, top_keys);

	if (out == NULL ||
	    json_object_set_new(out, "services", kept_elements(json_object_get(view, "services"),
	        service_keys, NULL)) != 0 ||
	    json_object_set_new(out, "locations", kept_elements(json_object_get(view, "locations"),
	        location_keys, summary_location)) != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}
