/*
** test_publish.c - the summary a search result is built from (publish_summary) gives,
** through view_summary, exactly the value the whole public view gives: for every
** organization of both fixture files, in every interface language, with and without
** a time for the opening state and a nearest location.
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
#include "i18n.h"
#include "publish.h"
#include "record.h"
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

/* view_summary of the view and of its summary are equal, dumped the same way. */
static void
assert_same_summary(const json_t *view, const json_t *summary, const json_t *nearest,
    const struct view_context *vl)
{
	json_t *a = view_summary(view, nearest, vl), *b = view_summary(summary, nearest, vl);
	char *ta = json_dumps(a, JSON_COMPACT), *tb = json_dumps(b, JSON_COMPACT);

	assert_non_null(ta);
	assert_non_null(tb);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	json_decref(a);
	json_decref(b);
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
		summary = publish_summary(view);
		nearest = first_location_nearest(view);
		assert_non_null(summary);
		for (ui = 0; ui < UI_NLANG; ui++) {
			vl.ui = ui;
			vl.default_ui = UI_FR;
			vl.i18n = words;
			vl.now = NULL;
			assert_same_summary(view, summary, json_null(), &vl);
			for (t = 0; t < sizeof times / sizeof times[0]; t++) {
				vl.now = &times[t];
				assert_same_summary(view, summary, json_null(), &vl);
				assert_same_summary(view, summary, nearest, &vl);
			}
		}
		json_decref(nearest);
		json_decref(summary);
		json_decref(view);
	}
	json_decref(orgs);
}

static void
test_summary_gives_the_same_result_as_the_view(void **state)
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

/* The summary leaves out what a result never shows: it is much smaller than the view. */
static void
test_summary_is_smaller(void **state)
{
	json_t *orgs = canonical_records("fixtures/demo-services.json");
	json_t *view = publish_view(json_array_get(orgs, 0)), *summary = publish_summary(view);
	char *tv = json_dumps(view, JSON_COMPACT), *ts = json_dumps(summary, JSON_COMPACT);

	(void)state;
	assert_true(strlen(ts) < strlen(tv));
	assert_null(json_object_get(summary, "verification"));
	assert_null(json_object_get(json_array_get(json_object_get(summary, "services"), 0),
	    "description"));
	free(tv);
	free(ts);
	json_decref(summary);
	json_decref(view);
	json_decref(orgs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_gives_the_same_result_as_the_view),
		cmocka_unit_test(test_summary_is_smaller),
	};

	return cmocka_run_group_tests_name("publish", tests, NULL, NULL);
}
