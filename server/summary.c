/*
** summary.c - makes the summary a search result is built from (see summary.h): the
** members of the public view a result shows, and what a result gathers from the
** services and locations, gathered once, when the record is stored.
*/
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "hours.h"
#include "summary.h"

/* Strings kept once each in the order they first come: the few categories, languages
** or places of one organization, so a linear search beats hashing them. */
struct string_set {
	const json_t **item;
	size_t         count, cap;
	const json_t  *first[32];
};

static void
string_set_init(struct string_set *set)
{
	set->item = set->first;
	set->count = 0;
	set->cap = sizeof set->first / sizeof set->first[0];
}

static void
string_set_free(struct string_set *set)
{
	if (set->item != set->first)
		free(set->item);
}

static int
string_set_find(const struct string_set *set, const char *text)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (strcmp(json_string_value(set->item[i]), text) == 0)
			return 1;
	return 0;
}

/* Add a string value unless it is there; 0, or -1 when memory runs out. Other values
** are left out. */
static int
string_set_add(struct string_set *set, const json_t *value)
{
	const json_t **bigger;

	if (!json_is_string(value) || string_set_find(set, json_string_value(value)))
		return 0;
	if (set->count == set->cap) {
		bigger = malloc(2 * set->cap * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		memcpy(bigger, set->item, set->count * sizeof *bigger);
		string_set_free(set);
		set->item = bigger;
		set->cap *= 2;
	}
	set->item[set->count++] = value;
	return 0;
}

/* Add each string of arr. */
static int
string_set_add_all(struct string_set *set, const json_t *arr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (string_set_add(set, v) != 0)
			return -1;
	return 0;
}

/* Add the strings of field in each element of list: each field is a string (a location's
** neighbourhood) or an array of them (a service's languages); other values are left
** out. 0, or -1 when memory runs out. */
static int
string_set_add_members(struct string_set *set, const json_t *list, const char *field)
{
	const json_t *item, *v;
	size_t i;
	int failed = 0;

	json_array_foreach(list, i, item) {
		v = json_object_get(item, field);
		failed |= json_is_array(v) ? string_set_add_all(set, v) : string_set_add(set, v);
	}
	return failed;
}

/* The distinct strings of field in the elements of the view's list, first appearance
** first, as a new array sharing them; NULL on OOM. */
static json_t *
distinct_members(const json_t *view, const char *list, const char *field)
{
	struct string_set set;
	json_t *out;
	size_t i;

	string_set_init(&set);
	out = string_set_add_members(&set, json_object_get(view, list), field) != 0 ? NULL :
	    json_array();
	for (i = 0; out != NULL && i < set.count; i++)
		if (json_array_append(out, (json_t *)set.item[i]) != 0) {
			json_decref(out);
			out = NULL;
		}
	string_set_free(&set);
	return out;
}

/* Categories of the organization and of all its services that the catalog knows, in
** catalog order. */
static json_t *
gathered_categories(const json_t *view)
{
	const struct catalog_entry *cats;
	struct string_set held;
	json_t *out;
	size_t i, n;
	int failed;

	string_set_init(&held);
	failed = string_set_add_all(&held, json_object_get(view, "categories")) |
	    string_set_add_members(&held, json_object_get(view, "services"), "categories");
	out = failed ? NULL : json_array();
	cats = catalog_categories(&n);
	for (i = 0; out != NULL && i < n; i++)
		if (string_set_find(&held, cats[i].id) &&
		    json_array_append_new(out, json_string_nocheck(cats[i].id)) != 0) {
			json_decref(out);
			out = NULL;
		}
	string_set_free(&held);
	return out;
}

/* The id of the lowest fee level among services (free < sliding-scale < fee), or null. */
static json_t *
lowest_fees(const json_t *view)
{
	json_t *svc;
	size_t i;
	int best = CATALOG_NFEE_LEVELS, k;

	json_array_foreach(json_object_get(view, "services"), i, svc) {
		k = catalog_fee_level(json_string_value(json_object_get(svc, "fees")));
		if (k >= 0 && k < best)
			best = k;
	}
	return best < CATALOG_NFEE_LEVELS ? json_string_nocheck(catalog_fee_id(best)) :
	    json_null();
}

static int
any_service_true(const json_t *view, const char *field)
{
	json_t *svc;
	size_t i;

	json_array_foreach(json_object_get(view, "services"), i, svc)
		if (json_is_true(json_object_get(svc, field)))
			return 1;
	return 0;
}

/* 1 when the listing has practical details: a service, or a location with an address,
** hours or phones, or kept confidential. */
static int
details_provided(const json_t *view)
{
	json_t *loc;
	size_t i;

	if (json_array_size(json_object_get(view, "services")) > 0)
		return 1;
	json_array_foreach(json_object_get(view, "locations"), i, loc)
		if (json_is_string(json_object_get(loc, "address")) ||
		    json_array_size(json_object_get(loc, "hours")) > 0 ||
		    json_array_size(json_object_get(loc, "phones")) > 0 ||
		    json_is_true(json_object_get(loc, "confidential")))
			return 1;
	return 0;
}

/* One member of each element of the view's commitments, in order (null where it is
** absent). */
static json_t *
commitment_members(const json_t *view, const char *key)
{
	json_t *out = json_array(), *c, *v;
	size_t i;

	json_array_foreach(json_object_get(view, "commitments"), i, c) {
		v = json_object_get(c, key);
		if (out != NULL && json_array_append(out, v != NULL ? v : json_null()) != 0) {
			json_decref(out);
			out = NULL;
		}
	}
	return out;
}

/* Each location's id and opening hours (in their compact form), those it has. */
static json_t *
location_hours(const json_t *view)
{
	json_t *out = json_array(), *loc, *kept, *id, *hours;
	size_t i;
	int failed = out == NULL;

	json_array_foreach(json_object_get(view, "locations"), i, loc) {
		if (failed)
			break;
		id = json_object_get(loc, "id");
		hours = json_object_get(loc, "hours");
		kept = json_object();
		failed = kept == NULL ||
		    (id != NULL && json_object_set(kept, "id", id) != 0) ||
		    (hours != NULL && json_object_set_new(kept, "hours", hours_compact(hours)) != 0) ||
		    json_array_append_new(out, kept) != 0;
	}
	if (failed) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
summary_make(const json_t *view)
{
	static const char *const kept[] = { "id", "name", "alternate_names", "description",
	    "provides_services", "updated_on", "demo", NULL };
	json_t *out = json_object(), *v;
	size_t i;
	int failed = out == NULL;

	for (i = 0; !failed && kept[i] != NULL; i++)
		if ((v = json_object_get(view, kept[i])) != NULL)
			failed = json_object_set(out, kept[i], v) != 0;
	failed = failed ||
	    json_object_set_new(out, "categories", gathered_categories(view)) != 0 ||
	    json_object_set_new(out, "languages",
	        distinct_members(view, "services", "languages")) != 0 ||
	    json_object_set_new(out, "neighbourhoods",
	        distinct_members(view, "locations", "neighbourhood")) != 0 ||
	    json_object_set_new(out, "cities", distinct_members(view, "locations", "city")) != 0 ||
	    json_object_set_new(out, "fees", lowest_fees(view)) != 0 ||
	    json_object_set_new(out, "no_id_needed",
	        json_boolean(any_service_true(view, "no_id_needed"))) != 0 ||
	    json_object_set_new(out, "details_provided",
	        json_boolean(details_provided(view))) != 0 ||
	    json_object_set_new(out, "commitments", commitment_members(view, "id")) != 0 ||
	    json_object_set_new(out, "commitments_since",
	        commitment_members(view, "since")) != 0 ||
	    json_object_set_new(out, "locations", location_hours(view)) != 0;
	if (failed) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The members of struct summary_members, in the order summary_make writes them. */
#define MEMBER_SLOT(name) { #name, offsetof(struct summary_members, name) }
static const struct {
	const char *key;
	size_t      offset;
} member_slots[] = {
	MEMBER_SLOT(id), MEMBER_SLOT(name), MEMBER_SLOT(alternate_names),
	MEMBER_SLOT(description), MEMBER_SLOT(provides_services), MEMBER_SLOT(updated_on),
	MEMBER_SLOT(demo), MEMBER_SLOT(categories), MEMBER_SLOT(languages),
	MEMBER_SLOT(neighbourhoods), MEMBER_SLOT(cities), MEMBER_SLOT(fees),
	MEMBER_SLOT(no_id_needed), MEMBER_SLOT(details_provided), MEMBER_SLOT(commitments),
	MEMBER_SLOT(commitments_since), MEMBER_SLOT(locations)
};
#define NMEMBER_SLOTS (sizeof member_slots / sizeof member_slots[0])

void
summary_read(const json_t *summary, struct summary_members *m)
{
	size_t tried, slot, expected = 0;
	const char *key;
	void *iter;

	memset(m, 0, sizeof *m);
	for (iter = json_object_iter((json_t *)summary); iter != NULL;
	    iter = json_object_iter_next((json_t *)summary, iter)) {
		key = json_object_iter_key(iter);
		for (tried = 0; tried < NMEMBER_SLOTS; tried++) {
			slot = (expected + tried) % NMEMBER_SLOTS;
			if (strcmp(member_slots[slot].key, key) == 0)
				break;
		}
		if (tried == NMEMBER_SLOTS)
			continue;
		*(json_t **)(void *)((char *)m + member_slots[slot].offset) =
		    json_object_iter_value(iter);
		expected = slot + 1;
	}
}
