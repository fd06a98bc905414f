/*
** test_summary.c - a search result, built from an organization's summary (summary.c),
** says what the organization's page, built from its whole public view, says: the same
** shared fields (the lowest fee, "no ID needed" and "details provided" found again here
** from the page's services and locations), the commitments the page marks held, the
** page's description (cut when long), and the opening state of whichever of the page's
** locations opens soonest. For every organization of both fixture files, in every
** interface language, with and without a time and a nearest location.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "hours.h"
#include "i18n.h"
#include "publish.h"
#include "record.h"
#include "summary.h"
#include "view.h"

/* The canonical records of a fixture file (caller releases). */
static json_t *
canonical_records(const char *path)
{
	json_t *root = json_load_file(path, 0, NULL), *orgs = NULL, *dir = NULL;
	char err[600];

	assert_non_null(root);
	if (record_check_file(root, "2026-01-01", &orgs, &dir, err, sizeof err) != 0)
		fail_msg("%s: %s", path, err);
	json_decref(root);
	json_decref(dir);
	return orgs;
}

static void
assert_same_json(const json_t *a, const json_t *b)
{
	char *ta = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
	char *tb = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(ta);
	assert_non_null(tb);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
}

/* The fields a result and a page share are the same. */
static void
assert_shared_fields(const json_t *result, const json_t *page)
{
	static const char *const shared[] = { "id", "name", "alternate_names", "url",
	    "categories", "neighbourhoods", "cities", "fees", "languages", "no_id_needed",
	    "details_provided", "provides_services", "updated_on", NULL };
	size_t i;

	for (i = 0; shared[i] != NULL; i++) {
		assert_non_null(json_object_get(result, shared[i]));
		assert_same_json(json_object_get(result, shared[i]), json_object_get(page, shared[i]));
	}
}

/* What the page gathers from its services and locations, found here from the lists it
** shows: the lowest fee level of its services, whether one needs no ID, whether it gives
** any practical detail. */
static void
assert_gathered(const json_t *page)
{
	const json_t *services = json_object_get(page, "services"), *svc, *loc;
	const char *fees = json_string_value(json_object_get(json_object_get(page, "fees"), "id"));
	int lowest = CATALOG_NFEE_LEVELS, level, no_id = 0;
	int details = json_array_size(services) > 0;
	size_t i;

	json_array_foreach(services, i, svc) {
		level = catalog_fee_level(json_string_value(json_object_get(json_object_get(svc,
		    "fees"), "id")));
		if (level >= 0 && level < lowest)
			lowest = level;
		no_id |= json_is_true(json_object_get(svc, "no_id_needed"));
	}
	json_array_foreach(json_object_get(page, "locations"), i, loc)
		details |= json_is_string(json_object_get(loc, "address")) ||
		    json_array_size(json_object_get(loc, "hours")) > 0 ||
		    json_array_size(json_object_get(loc, "phones")) > 0 ||
		    json_is_true(json_object_get(loc, "confidential"));
	if (lowest == CATALOG_NFEE_LEVELS)
		assert_true(json_is_null(json_object_get(page, "fees")));
	else
		assert_string_equal(fees, catalog_fee_id(lowest));
	assert_int_equal(json_is_true(json_object_get(page, "no_id_needed")), no_id);
	assert_int_equal(json_is_true(json_object_get(page, "details_provided")), details);
}

/* The result's description is the page's, or its start and "…" when it is long. */
static void
assert_description(const json_t *result, const json_t *page)
{
	const json_t *r = json_object_get(result, "description");
	const json_t *p = json_object_get(page, "description");
	const char *rt = json_string_value(json_object_get(r, "text"));
	const char *pt = json_string_value(json_object_get(p, "text"));
	size_t rlen;

	if (json_is_null(p)) {
		assert_true(json_is_null(r));
		return;
	}
	assert_same_json(json_object_get(r, "lang"), json_object_get(p, "lang"));
	assert_same_json(json_object_get(r, "fallback"), json_object_get(p, "fallback"));
	rlen = strlen(rt);
	if (strcmp(rt, pt) != 0) {
		assert_true(rlen > 3 && strcmp(rt + rlen - 3, "…") == 0);
		assert_memory_equal(rt, pt, rlen - 3);
	}
}

/* The result's commitments are the page's held ones, with their labels and dates. */
static void
assert_commitments(const json_t *result, const json_t *page)
{
	const json_t *held = json_object_get(result, "commitments"), *c, *r;
	size_t i, n = 0, all;

	json_array_foreach(json_object_get(page, "commitments"), i, c) {
		if (!json_is_true(json_object_get(c, "held")))
			continue;
		r = json_array_get(held, n++);
		assert_non_null(r);
		assert_int_equal(json_object_size(r), 3);
		assert_same_json(json_object_get(r, "id"), json_object_get(c, "id"));
		assert_same_json(json_object_get(r, "label"), json_object_get(c, "label"));
		assert_same_json(json_object_get(r, "since"), json_object_get(c, "since"));
	}
	assert_int_equal(json_array_size(held), n);
	catalog_commitments(&all);
	assert_true(json_is_true(json_object_get(result, "all_commitments")) == (n == all));
}

/* Minutes until a location's state is open: 0 when open now, a week and more when it
** never opens. */
static long
wait_of(const json_t *state)
{
	const json_t *next = json_object_get(state, "next_open");

	if (json_is_true(json_object_get(state, "open_now")))
		return 0;
	if (!json_is_object(next))
		return 8L * HOURS_MINUTES_PER_DAY;
	return json_integer_value(json_object_get(next, "in_days")) * HOURS_MINUTES_PER_DAY +
	    hours_minutes(json_string_value(json_object_get(next, "time")));
}

/* The result's opening state is that of the page's location it names, and no location
** of the page opens sooner; null when none of them has a state. */
static void
assert_open(const json_t *result, const json_t *page)
{
	const json_t *open = json_object_get(result, "open"), *loc, *named = NULL;
	const char *id = json_string_value(json_object_get(open, "location"));
	json_t *state;
	size_t i;

	json_array_foreach(json_object_get(page, "locations"), i, loc) {
		if (json_is_null(json_object_get(loc, "open")))
			continue;
		assert_non_null(id);
		assert_true(wait_of(open) <= wait_of(json_object_get(loc, "open")));
		if (strcmp(id, json_string_value(json_object_get(loc, "id"))) == 0)
			named = loc;
	}
	if (id == NULL) {
		assert_true(json_is_null(open));
		return;
	}
	assert_non_null(named);
	state = json_deep_copy(open);
	json_object_del(state, "location");
	assert_same_json(state, json_object_get(named, "open"));
	json_decref(state);
}

static void
check_result(const json_t *view, const json_t *summary, const json_t *nearest,
    const struct view_context *vl)
{
	json_t *result = view_summary(summary, nearest, vl), *page = view_detail(view, vl);

	assert_non_null(result);
	assert_non_null(page);
	assert_shared_fields(result, page);
	assert_gathered(page);
	assert_description(result, page);
	assert_commitments(result, page);
	if (vl->now != NULL)
		assert_open(result, page);
	else
		assert_null(json_object_get(result, "open"));
	assert_same_json(json_object_get(result, "demo"), json_object_get(view, "demo"));
	assert_same_json(json_object_get(result, "distance_km"),
	    json_is_object(nearest) ? json_object_get(nearest, "km") : json_null());
	json_decref(result);
	json_decref(page);
}

/* The nearest entry a search would give for the first location, or null. */
static json_t *
first_location_nearest(const json_t *view)
{
	const json_t *loc = json_array_get(json_object_get(view, "locations"), 0);

	if (loc == NULL)
		return json_null();
	return json_pack("{sfsOss}", "km", 1.25, "location", json_object_get(loc, "id"),
	    "precision", "exact");
}

static void
check_file(const char *path, const struct i18n *words)
{
	static const struct local_time times[] = {
		{ 2026, 11, 16, 0, 600 }, { 2026, 11, 21, 5, 1439 }, { 2026, 11, 22, 6, 0 },
	};
	json_t *orgs = canonical_records(path), *view, *summary, *nearest;
	struct view_context vl = { UI_FR, UI_FR, NULL, NULL, NULL };
	size_t i, t;
	int ui;

	assert_true(json_array_size(orgs) > 0);
	for (i = 0; i < json_array_size(orgs); i++) {
		view = publish_view(json_array_get(orgs, i));
		summary = summary_make(view);
		nearest = first_location_nearest(view);
		assert_non_null(summary);
		for (ui = 0; ui < UI_NLANG; ui++) {
			vl.ui = ui;
			vl.default_ui = UI_FR;
			vl.i18n = words;
			vl.now = NULL;
			check_result(view, summary, json_null(), &vl);
			for (t = 0; t < sizeof times / sizeof times[0]; t++) {
				vl.now = &times[t];
				check_result(view, summary, json_null(), &vl);
				check_result(view, summary, nearest, &vl);
			}
		}
		json_decref(nearest);
		json_decref(summary);
		json_decref(view);
	}
	json_decref(orgs);
}

static void
test_a_result_says_what_the_page_says(void **state)
{
	char err[300];
	struct i18n *words = i18n_load(err, sizeof err);

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	check_file("fixtures/demo-services.json", words);
	check_file("fixtures/montreal-endorsers.json", words);
	i18n_free(words);
}

/* The summary keeps only what a result shows: no services, no verification, no
** address or phones, and it is much smaller than the view. */
static void
test_summary_is_smaller(void **state)
{
	json_t *orgs = canonical_records("fixtures/demo-services.json");
	json_t *view = publish_view(json_array_get(orgs, 0)), *summary = summary_make(view);
	json_t *loc = json_array_get(json_object_get(summary, "locations"), 0);
	char *tv = json_dumps(view, JSON_COMPACT), *ts = json_dumps(summary, JSON_COMPACT);

	(void)state;
	assert_true(strlen(ts) < strlen(tv) / 2);
	assert_null(json_object_get(summary, "verification"));
	assert_null(json_object_get(summary, "services"));
	assert_non_null(loc);
	assert_non_null(json_object_get(loc, "id"));
	assert_null(json_object_get(loc, "address"));
	assert_null(json_object_get(loc, "phones"));
	free(tv);
	free(ts);
	json_decref(summary);
	json_decref(view);
	json_decref(orgs);
}

/* Each member summary_read finds is the one json_object_get finds, for every key the
** summary has (and none is found that it lacks). */
static void
assert_members_read(const json_t *summary)
{
	struct summary_members m;
	const struct {
		const char *key;
		json_t    **read;
	} members[] = {
		{ "id", &m.id }, { "name", &m.name }, { "alternate_names", &m.alternate_names },
		{ "description", &m.description }, { "provides_services", &m.provides_services },
		{ "updated_on", &m.updated_on }, { "demo", &m.demo },
		{ "categories", &m.categories }, { "languages", &m.languages },
		{ "neighbourhoods", &m.neighbourhoods }, { "cities", &m.cities },
		{ "fees", &m.fees }, { "no_id_needed", &m.no_id_needed },
		{ "details_provided", &m.details_provided }, { "commitments", &m.commitments },
		{ "commitments_since", &m.commitments_since }, { "locations", &m.locations },
	};
	size_t i;

	assert_int_equal(sizeof m, sizeof members / sizeof members[0] * sizeof(json_t *));
	summary_read(summary, &m);
	for (i = 0; i < sizeof members / sizeof members[0]; i++)
		if (*members[i].read != json_object_get(summary, members[i].key))
			fail_msg("member %s read wrong", members[i].key);
}

/* summary_read finds every member of summaries as summary_make writes them, and of the
** same members written in the reverse order, with one left out and unknown ones
** between them. */
static void
test_members_are_read_in_any_order(void **state)
{
	json_t *orgs = canonical_records("fixtures/demo-services.json"), *org, *view, *summary;
	json_t *reversed;
	const char *key;
	void *iter;
	size_t i, n, k;

	(void)state;
	json_array_foreach(orgs, i, org) {
		view = publish_view(org);
		summary = summary_make(view);
		assert_non_null(summary);
		assert_members_read(summary);
		reversed = json_object();
		n = json_object_size(summary);
		for (k = n; k-- > 0;) {
			iter = json_object_iter(summary);
			for (size_t j = 0; j < k; j++)
				iter = json_object_iter_next(summary, iter);
			key = json_object_iter_key(iter);
			if (k == i % n)
				continue;
			json_object_set(reversed, key, json_object_iter_value(iter));
			json_object_set_new(reversed, k % 3 == 0 ? "unknown" : "other", json_true());
		}
		assert_int_equal(json_object_size(reversed), n + 1);
		assert_members_read(reversed);
		json_decref(reversed);
		json_decref(summary);
		json_decref(view);
	}
	json_decref(orgs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_result_says_what_the_page_says),
		cmocka_unit_test(test_summary_is_smaller),
		cmocka_unit_test(test_members_are_read_in_any_order),
	};

	return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}
