/*
** test_view.c - the lists a search result gathers from an organization and its services
** and locations (into its summary, summary.c; labelled by view.c): its categories once
** each in catalog order, unknown ones left out; its spoken languages once each in the
** order they first appear, a code outside the catalog included, however many there are;
** the neighbourhoods and cities of its locations once each, first appearance first.
** Entries shared within a response are the same values as those made anew, made again in
** a new language, and never handed to the catalogs' lists, which a page marks.
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
#include "summary.h"
#include "view.h"

/* The member key of each element of list, joined with commas. */
static void
assert_keys(const json_t *list, const char *key, const char *expected)
{
	char joined[1024] = "";
	const json_t *item;
	size_t i, len = 0;

	json_array_foreach(list, i, item) {
		const char *s = json_is_string(item) ? json_string_value(item) :
		    json_string_value(json_object_get(item, key));

		assert_non_null(s);
		len += (size_t)snprintf(joined + len, sizeof joined - len, "%s%s", i ? "," : "", s);
		assert_true(len < sizeof joined);
	}
	assert_string_equal(joined, expected);
}

/* The search result of an organization's view, through its summary. */
static json_t *
result_of(const json_t *view, const struct view_context *vl)
{
	json_t *summary = summary_make(view), *result;

	assert_non_null(summary);
	result = view_summary(summary, json_null(), vl);
	json_decref(summary);
	return result;
}

/* Member key of the n-th held commitment of a result. */
static json_t *
commitment_part(const json_t *result, size_t n, const char *key)
{
	return json_object_get(json_array_get(json_object_get(result, "commitments"), n), key);
}

/* The catalog's categories among ids, in catalog order, joined with commas. */
static void
catalog_order(const char *const *ids, size_t n, char *out, size_t outlen)
{
	const struct catalog_entry *cats;
	size_t i, j, ncat, len = 0;

	cats = catalog_categories(&ncat);
	out[0] = '\0';
	for (i = 0; i < ncat; i++)
		for (j = 0; j < n; j++)
			if (strcmp(cats[i].id, ids[j]) == 0) {
				len += (size_t)snprintf(out + len, outlen - len, "%s%s", len ? "," : "", ids[j]);
				break;
			}
}

static void
test_a_result_gathers_each_value_once(void **state)
{
	static const char *const held[] = { "legal", "food", "health" };
	char err[300], expected[256];
	struct i18n *words = i18n_load(err, sizeof err);
	struct view_context vl = { UI_EN, UI_FR, NULL, NULL, NULL };
	json_t *view, *result;

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	vl.i18n = words;
	view = json_pack("{sssss[]sbsss[ss]s[{s[sss]s[sss]ss}{s[s]s[ssssss]ss}]"
	    "s[{ssss}{ssss}{ss}{ss}{}]}",
	    "id", "11111111-2222-4333-8444-555555555555", "name", "Rassemblement",
	    "alternate_names", "provides_services", 1, "updated_on", "2026-01-01",
	    "categories", "legal", "food",
	    "services",
	    "categories", "health", "food", "no-such-category", "languages", "es", "fr", "zz",
	    "fees", "free",
	    "categories", "legal", "languages", "fr", "ar", "zz", "es", "yy", "yy",
	    "fees", "fee",
	    "locations",
	    "neighbourhood", "Verdun", "city", "Montréal",
	    "neighbourhood", "Mile End", "city", "Montréal",
	    "neighbourhood", "Verdun",
	    "city", "Laval");
	assert_non_null(view);
	result = result_of(view, &vl);
	assert_non_null(result);
	catalog_order(held, 3, expected, sizeof expected);
	assert_keys(json_object_get(result, "categories"), "id", expected);
	assert_keys(json_object_get(result, "languages"), "code", "es,fr,zz,ar,yy");
	assert_keys(json_object_get(result, "neighbourhoods"), NULL, "Verdun,Mile End");
	assert_keys(json_object_get(result, "cities"), NULL, "Montréal,Laval");
	json_decref(result);
	json_decref(view);
	i18n_free(words);
}

/* More distinct languages than a result's set holds before it grows, each given twice
** by two services: all of them once, in order. */
static void
test_many_languages_are_all_kept_in_order(void **state)
{
	char err[300], code[8], expected[512];
	struct i18n *words = i18n_load(err, sizeof err);
	struct view_context vl = { UI_EN, UI_FR, NULL, NULL, NULL };
	json_t *view, *langs = json_array(), *result;
	size_t len = 0;
	int i;

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	vl.i18n = words;
	for (i = 0; i < 70; i++) {
		snprintf(code, sizeof code, "q%02d", i);
		json_array_append_new(langs, json_string(code));
		len += (size_t)snprintf(expected + len, sizeof expected - len, "%s%s", i ? "," : "", code);
	}
	view = json_pack("{sssss[]sbsss[]s[{s[]sOss}{s[]sOss}]s[]}",
	    "id", "11111111-2222-4333-8444-555555555555", "name", "Babel",
	    "alternate_names", "provides_services", 1, "updated_on", "2026-01-01",
	    "categories", "services", "categories", "languages", langs, "fees", "free",
	    "categories", "languages", langs, "fees", "free", "locations");
	assert_non_null(view);
	result = result_of(view, &vl);
	assert_non_null(result);
	assert_keys(json_object_get(result, "languages"), "code", expected);
	json_decref(result);
	json_decref(view);
	json_decref(langs);
	i18n_free(words);
}

/* An organization of the sharing test: food, French and Spanish and a code outside the
** catalog, free. */
static json_t *
sharing_org(const char *id, const char *since)
{
	return json_pack("{sssss[]sbsss[s]s[{s[s]s[sss]ss}]s[]s[{ssss}{ssss}]}",
	    "id", id, "name", "Cantine", "alternate_names", "provides_services", 1,
	    "updated_on", "2026-01-01", "categories", "food",
	    "services", "categories", "food", "languages", "fr", "es", "zz", "fees", "free",
	    "locations", "commitments", "id", "no-status-questions", "since", since,
	    "id", "not-in-the-catalog", "since", since);
}

/* The entry of code in a result's languages. */
static json_t *
language_of(const json_t *result, const char *code)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(result, "languages"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			return e;
	return NULL;
}

static void
test_shared_labels_are_the_same_values(void **state)
{
	char err[300];
	struct i18n *words = i18n_load(err, sizeof err);
	struct view_labels labels = VIEW_LABELS_EMPTY;
	struct view_context vl = { UI_EN, UI_FR, NULL, NULL, NULL };
	struct view_context shared = { UI_EN, UI_FR, NULL, NULL, &labels };
	json_t *a = sharing_org("11111111-2222-4333-8444-555555555555", "2025-01-01");
	json_t *b = sharing_org("11111111-2222-4333-8444-666666666666", "2025-02-02");
	json_t *ra, *rb, *fresh, *french, *catalog, *entry;
	size_t i;

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	vl.i18n = shared.i18n = words;
	ra = result_of(a, &shared);
	rb = result_of(b, &shared);
	fresh = result_of(b, &vl);
	assert_true(json_equal(rb, fresh));
	assert_ptr_equal(language_of(ra, "fr"), language_of(rb, "fr"));
	assert_ptr_equal(json_array_get(json_object_get(ra, "categories"), 0),
	    json_array_get(json_object_get(rb, "categories"), 0));
	assert_ptr_equal(json_object_get(ra, "fees"), json_object_get(rb, "fees"));
	assert_ptr_not_equal(language_of(ra, "zz"), language_of(rb, "zz"));
	/* A held commitment's label is shared, its entry (with its own since) is not. */
	assert_ptr_equal(commitment_part(ra, 0, "label"), commitment_part(rb, 0, "label"));
	assert_string_equal(json_string_value(commitment_part(ra, 0, "label")),
	    "No questions about status");
	assert_string_equal(json_string_value(commitment_part(rb, 0, "since")), "2025-02-02");
	assert_string_equal(json_string_value(commitment_part(ra, 1, "label")),
	    "not-in-the-catalog");
	catalog = view_languages(&shared);
	json_array_foreach(catalog, i, entry)
		assert_ptr_not_equal(entry, language_of(ra, "fr"));
	json_decref(catalog);

	/* The language settled later: the entries are made again, in French. */
	french = json_incref(language_of(ra, "fr"));
	json_decref(ra);
	json_decref(rb);
	json_decref(fresh);
	shared.ui = vl.ui = UI_FR;
	rb = result_of(b, &shared);
	fresh = result_of(b, &vl);
	assert_true(json_equal(rb, fresh));
	assert_false(json_equal(language_of(rb, "fr"), french));
	assert_int_equal(labels.ui, UI_FR);

	view_labels_release(&labels);
	assert_int_equal(labels.ui, -1);
	assert_null(labels.language[0]);
	assert_int_equal(french->refcount, 1);
	json_decref(french);
	json_decref(rb);
	json_decref(fresh);
	json_decref(a);
	json_decref(b);
	i18n_free(words);
}

/* The filters' shared entries: each list is the catalog's, labelled in its language as
** made afresh, with "selected" true exactly for the chosen ids; the same entries are
** handed to every response, and only the chosen ones differ between two selections. */
static void
test_filter_lists_are_shared_and_marked(void **state)
{
	static const enum view_list lists[] = { VIEW_COMMITMENTS, VIEW_CATEGORIES,
	    VIEW_LANGUAGES };
	char err[300];
	struct i18n *words = i18n_load(err, sizeof err);
	struct view_filter_entries f;
	json_t *chosen = json_pack("[sss]", "food", "es", "no-border-agency");
	json_t *none = json_array(), *got, *again, *fresh, *entry, *id;
	size_t k, i, selected;
	int ui;

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	assert_int_equal(view_filter_entries_make(&f, words), 0);
	for (ui = 0; ui < UI_NLANG; ui++)
		for (k = 0; k < sizeof lists / sizeof lists[0]; k++) {
			struct view_context vl = { ui, ui, words, NULL, NULL };

			got = view_filter_list(&f, lists[k], &vl, chosen);
			again = view_filter_list(&f, lists[k], &vl, none);
			fresh = lists[k] == VIEW_COMMITMENTS ? view_commitments(&vl) :
			    lists[k] == VIEW_CATEGORIES ? view_categories(&vl) : view_languages(&vl);
			selected = 0;
			json_array_foreach(fresh, i, entry) {
				id = json_object_get(entry, lists[k] == VIEW_LANGUAGES ? "code" : "id");
				json_object_set_new(entry, "selected", json_boolean(
				    json_equal(id, json_array_get(chosen, 0)) ||
				    json_equal(id, json_array_get(chosen, 1)) ||
				    json_equal(id, json_array_get(chosen, 2))));
				if (json_is_true(json_object_get(entry, "selected"))) {
					selected++;
					assert_ptr_not_equal(json_array_get(got, i),
					    json_array_get(again, i));
				} else {
					assert_ptr_equal(json_array_get(got, i), json_array_get(again, i));
				}
			}
			assert_int_equal(selected, 1);
			assert_true(json_equal(got, fresh));
			/* one at a time, as a results page's facets take them */
			assert_int_equal(view_list_size(lists[k]), json_array_size(fresh));
			json_array_foreach(fresh, i, entry) {
				json_t *one = view_list_entry(lists[k], i, &vl);

				assert_string_equal(view_list_id(lists[k], i), json_string_value(
				    json_object_get(entry, lists[k] == VIEW_LANGUAGES ? "code" : "id")));
				json_object_set_new(one, "selected",
				    json_incref(json_object_get(entry, "selected")));
				assert_true(json_equal(one, entry));
				json_decref(one);
			}
			assert_null(view_list_entry(lists[k], view_list_size(lists[k]), &vl));
			json_decref(got);
			json_decref(again);
			json_decref(fresh);
		}
	{
		struct view_context out_of_range = { UI_NLANG, 0, words, NULL, NULL };

		assert_null(view_filter_list(&f, VIEW_LANGUAGES, &out_of_range, chosen));
	}
	assert_int_equal(f.language[0][0][0]->refcount, 1);
	view_filter_entries_release(&f);
	assert_null(f.language[0][0][0]);
	json_decref(chosen);
	json_decref(none);
	i18n_free(words);
}

/* A response's lists of shared entries give their references back when its labels are
** released, though the response itself is never freed (as when it is left to the
** arena); a change of language keeps them; past VIEW_SHARED_LISTS a list is made afresh
** and holds nothing shared. */
static void
test_filter_lists_give_their_references_back(void **state)
{
	char err[300];
	struct i18n *words = i18n_load(err, sizeof err);
	struct view_filter_entries f;
	struct view_labels labels = VIEW_LABELS_EMPTY;
	struct view_context vl = { UI_FR, UI_FR, NULL, NULL, &labels };
	json_t *chosen = json_pack("[s]", "food"), *lists[VIEW_SHARED_LISTS + 1], *fresh;
	json_t *food = NULL;
	size_t i;

	(void)state;
	if (words == NULL)
		fail_msg("%s", err);
	vl.i18n = words;
	assert_int_equal(view_filter_entries_make(&f, words), 0);
	for (i = 0; i <= VIEW_SHARED_LISTS; i++) {
		lists[i] = view_filter_list(&f, VIEW_CATEGORIES, &vl, chosen);
		assert_non_null(lists[i]);
	}
	for (i = 0; i < CATALOG_NCATEGORIES; i++)
		if (json_is_true(json_object_get(json_array_get(lists[0], i), "selected")))
			food = json_array_get(lists[0], i);
	assert_non_null(food);
	assert_int_equal(food->refcount, 1 + VIEW_SHARED_LISTS);
	assert_int_equal(labels.nlists, VIEW_SHARED_LISTS);
	assert_ptr_not_equal(json_array_get(lists[VIEW_SHARED_LISTS], 2), food);
	fresh = view_categories(&(struct view_context){ UI_FR, UI_FR, words, NULL, NULL });
	json_array_foreach(fresh, i, food)
		json_object_set_new(food, "selected", json_boolean(i == 2));
	assert_true(json_equal(lists[VIEW_SHARED_LISTS], fresh));
	assert_true(json_equal(lists[0], fresh));
	json_decref(fresh);
	food = json_array_get(lists[0], 2);

	vl.ui = UI_EN;   /* the language settled later: the labels go, the lists stay */
	{
		json_t *org = sharing_org("11111111-2222-4333-8444-777777777777", "2025-03-03");

		fresh = result_of(org, &vl);
		assert_non_null(fresh);
		assert_int_equal(labels.ui, UI_EN);
		json_decref(fresh);
		json_decref(org);
	}
	assert_int_equal(labels.nlists, VIEW_SHARED_LISTS);
	assert_int_equal(json_array_size(lists[0]), CATALOG_NCATEGORIES);
	assert_int_equal(food->refcount, 1 + VIEW_SHARED_LISTS);

	view_labels_release(&labels);
	assert_int_equal(labels.nlists, 0);
	for (i = 0; i < VIEW_SHARED_LISTS; i++) {
		assert_int_equal(json_array_size(lists[i]), 0);
		assert_int_equal(lists[i]->refcount, 1);
	}
	assert_int_equal(food->refcount, 1);
	for (i = 0; i <= VIEW_SHARED_LISTS; i++)
		json_decref(lists[i]);
	view_filter_entries_release(&f);
	json_decref(chosen);
	i18n_free(words);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_result_gathers_each_value_once),
		cmocka_unit_test(test_many_languages_are_all_kept_in_order),
		cmocka_unit_test(test_shared_labels_are_the_same_values),
		cmocka_unit_test(test_filter_lists_are_shared_and_marked),
		cmocka_unit_test(test_filter_lists_give_their_references_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
