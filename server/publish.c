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

static json_t *
public_location(const json_t *loc)
{
	json_t *out;
	size_t i;

	if (!json_is_true(json_object_get(loc, "confidential")))
		return json_deep_copy(loc);
	out = json_object();
	for (i = 0; out != NULL && confidential_keys[i] != NULL; i++)
		if (json_object_set(out, confidential_keys[i],
		    json_object_get(loc, confidential_keys[i])) != 0) {
			json_decref(out);
			return NULL;
		}
	return out;
}

json_t *
publish_view(const json_t *record)
{
	const json_t *locations = json_object_get(record, "locations");
	json_t *view, *public_locations, *loc;
	size_t i;

	view = json_deep_copy(record);
	public_locations = json_array();
	if (view == NULL || public_locations == NULL)
		goto oom;
	for (i = 0; i < json_array_size(locations); i++) {
		loc = public_location(json_array_get(locations, i));
		if (loc == NULL || json_array_append_new(public_locations, loc) != 0)
			goto oom;
	}
	if (json_object_set_new(view, "locations", public_locations) != 0) {
		public_locations = NULL;
		goto oom;
	}
	return view;
oom:
	json_decref(public_locations);
	json_decref(view);
	return NULL;
}
