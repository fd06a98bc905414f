/*
** test_near.c - "near me" and "open now" over real HTTP: near= in each of its forms,
** distances against hand-computed values, the radius, the sort orders, every bad input,
** open_now and open_at agreeing with the opening hours themselves (overnight, closed
** days, both daylight-saving switch days, with the server's clock fixed), and the
** estimate from the test GeoIP database, its absence without --geoip and with nogeo=1.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hours.h"
#include "testsrv.h"
#include "zone.h"

static const char *const demo_only[] = { "fixtures/demo-services.json", NULL };

static void
expect_error(const struct testsrv *srv, const char *path, const char *code)
{
	http_expect_error(srv, path, 400, code);
}

static const json_t *
contents(const json_t *doc)
{
	return json_object_get(doc, "contents");
}

static double
km_of(const json_t *entry)
{
	const json_t *km = json_object_get(json_object_get(entry, "distance"), "km");

	if (!json_is_number(km))
		fail_msg("%s has no distance", json_string_value(json_object_get(entry, "name")));
	return json_number_value(km);
}

/* ---- near= and distances ------------------------------------------------------------ */

/* The nearest demo organizations to (45.5, -73.6), with distances computed by hand
** (haversine, R = 6371.0088 km) from the coordinates in fixtures/demo-services.json. */
static void
test_distances_from_coordinates_match_hand_computed_values(void **state)
{
	static const struct { const char *name; double km; } nearest[] = {
		{ "Réseau d'accompagnement Balise", 1.6780 },
		{ "Refuge Étoile-Polaire", 1.6996 },
		{ "Espace Parole-Vive", 1.7532 },
		{ "Clinique Santé Égalité", 1.8493 },
		{ "Clinique juridique Le Plaidoyer Ouvert", 2.2079 },
		{ "Ateliers de français Accent Aigu", 2.2164 },
	};
	struct testsrv *srv = *state;
	json_t *doc = http_get_expect(srv, "/api/v1/search?near=45.5,-73.6&per_page=6", 200);
	const json_t *q = json_object_get(doc, "query");
	size_t i;

	assert_string_equal(json_string_value(json_object_get(q, "sort")), "distance");
	assert_string_equal(json_string_value(json_object_get(json_object_get(q, "near"), "source")),
	    "coordinates");
	assert_int_equal(json_array_size(contents(doc)), 6);
	for (i = 0; i < 6; i++) {
		const json_t *e = json_array_get(contents(doc), i);

		assert_string_equal(json_string_value(json_object_get(e, "name")), nearest[i].name);
		if (fabs(km_of(e) - nearest[i].km) > 0.006)
			fail_msg("%s: %.4f km, computed %.4f", nearest[i].name, km_of(e), nearest[i].km);
		assert_true(json_number_value(json_object_get(e, "distance_km")) == km_of(e));
		assert_string_equal(json_string_value(json_object_get(json_object_get(e, "distance"),
		    "precision")), "exact");
	}
	json_decref(doc);
}

static void
test_the_radius_keeps_exactly_what_lies_within_it(void **state)
{
	struct testsrv *srv = *state;
	json_t *all = http_get_expect(srv, "/api/v1/search?near=45.5,-73.6&radius=200&per_page=100", 200);
	json_t *near = http_get_expect(srv, "/api/v1/search?near=45.5,-73.6&radius=2.5&per_page=100", 200);
	size_t i, within = 0;
	double last = 0;

	for (i = 0; i < json_array_size(contents(all)); i++) {
		double km = km_of(json_array_get(contents(all), i));

		assert_true(km >= last);     /* nearest first */
		last = km;
		within += km <= 2.5;
	}
	assert_true(within >= 6);
	assert_int_equal(json_integer_value(json_object_get(near, "total_items")), within);
	for (i = 0; i < json_array_size(contents(near)); i++)
		assert_true(km_of(json_array_get(contents(near), i)) <= 2.5);
	json_decref(all);
	json_decref(near);
}

static void
test_places_and_postal_codes_measure_from_their_centre(void **state)
{
	struct testsrv *srv = *state;
	json_t *by_name = http_get_expect(srv, "/api/v1/search?near=parc-ex&per_page=3", 200);
	json_t *by_code = http_get_expect(srv, "/api/v1/search?near=h3n%201a1&per_page=3", 200);
	const json_t *near = json_object_get(json_object_get(by_name, "query"), "near");

	assert_string_equal(json_string_value(json_object_get(near, "label")), "Parc-Extension");
	assert_string_equal(json_string_value(json_object_get(near, "source")), "place");
	near = json_object_get(json_object_get(by_code, "query"), "near");
	assert_string_equal(json_string_value(json_object_get(near, "label")), "H3N 1A1");
	assert_string_equal(json_string_value(json_object_get(near, "source")), "postal_code");
	/* The mobile library stops in Parc-Extension: its location has no coordinates and is
	** measured from the neighbourhood's centre. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(contents(by_name), 0),
	    "name")), "Bibliothèque Ambulante Papillon");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(contents(by_name), 0), "distance"), "precision")), "neighbourhood");
	json_decref(by_name);
	json_decref(by_code);
}

static void
test_words_sort_by_relevance_unless_distance_is_asked(void **state)
{
	struct testsrv *srv = *state;
	json_t *rel = http_get_expect(srv, "/api/v1/search?q=clinique&near=Verdun", 200);
	json_t *dist = http_get_expect(srv, "/api/v1/search?q=clinique&near=Verdun&sort=distance", 200);
	size_t i;

	assert_string_equal(json_string_value(json_object_get(json_object_get(rel, "query"), "sort")),
	    "relevance");
	assert_string_equal(json_string_value(json_object_get(json_object_get(dist, "query"), "sort")),
	    "distance");
	assert_int_equal(json_integer_value(json_object_get(rel, "total_items")),
	    json_integer_value(json_object_get(dist, "total_items")));
	for (i = 1; i < json_array_size(contents(dist)); i++)
		assert_true(km_of(json_array_get(contents(dist), i - 1)) <=
		    km_of(json_array_get(contents(dist), i)));
	json_decref(rel);
	json_decref(dist);
}

static void
test_bad_near_radius_sort_and_open_parameters_are_refused(void **state)
{
	struct testsrv *srv = *state;
	json_t *doc;
	const json_t *err, *sugg;

	expect_error(srv, "/api/v1/search?near=91,0", "bad_parameter");
	expect_error(srv, "/api/v1/search?near=45.5,-181", "bad_parameter");
	expect_error(srv, "/api/v1/search?near=M5V", "unknown_place");
	expect_error(srv, "/api/v1/search?near=Verdun&radius=0", "bad_parameter");
	expect_error(srv, "/api/v1/search?near=Verdun&radius=201", "bad_parameter");
	expect_error(srv, "/api/v1/search?near=Verdun&radius=ten", "bad_parameter");
	expect_error(srv, "/api/v1/search?near=Verdun&near=Lachine", "bad_parameter");
	expect_error(srv, "/api/v1/search?sort=distance", "bad_parameter");
	expect_error(srv, "/api/v1/search?sort=closest&near=Verdun", "bad_parameter");
	expect_error(srv, "/api/v1/search?open_now=yes", "bad_parameter");
	expect_error(srv, "/api/v1/search?open_at=2026-02-30T10:00", "bad_parameter");
	expect_error(srv, "/api/v1/search?open_at=2026-11-21T10:00Z", "bad_parameter");
	expect_error(srv, "/api/v1/search?open_at=tomorrow", "bad_parameter");
	expect_error(srv, "/api/v1/search?open_now=1&open_at=2026-11-21T10:00", "bad_parameter");
	expect_error(srv, "/api/v1/search?nogeo=2", "bad_parameter");
	doc = http_get_expect(srv, "/api/v1/search?near=verdum", 400);
	err = json_object_get(doc, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "unknown_place");
	assert_string_equal(json_string_value(json_object_get(err, "parameter")), "near");
	sugg = json_object_get(err, "suggestions");
	assert_true(json_array_size(sugg) >= 1);
	assert_string_equal(json_string_value(json_array_get(sugg, 0)), "Verdun");
	json_decref(doc);
}

static void
test_an_unknown_place_page_links_to_the_suggestions(void **state)
{
	struct testsrv *srv = *state;
	struct http_result r;

	assert_int_equal(http_request(srv, "GET", "/search?q=food&near=verdum&lang=en", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "Did you mean:"));
	assert_non_null(strstr(r.body.data, "<a href=\"/search?q=food&amp;lang=en&amp;near=Verdun\">Verdun</a>"));
	http_result_free(&r);
}

static void
test_links_carry_near_radius_and_open_filters(void **state)
{
	struct testsrv *srv = *state;
	json_t *doc = http_get_expect(srv, "/api/v1/search?near=Verdun&radius=50&open_at=2026-11-23T10:00&per_page=2", 200);
	const char *next = json_string_value(json_object_get(json_object_get(doc, "links"), "next"));

	assert_non_null(next);
	assert_string_equal(next,
	    "/api/v1/search?near=Verdun&radius=50&open_at=2026-11-23T10%3A00&per_page=2&page=2");
	json_decref(doc);
}

static void
test_results_and_pages_show_distance_and_open_state(void **state)
{
	struct testsrv *srv = *state;
	struct http_result r;

	assert_int_equal(http_request(srv, "GET", "/search?near=45.5,-73.6&lang=en", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "<b>Distance</b> <span dir=\"ltr\">1.68 km</span>"));
	assert_non_null(strstr(r.body.data, "value=\"45.5000, -73.6000\""));
	assert_non_null(strstr(r.body.data, "class=\"open-state"));
	http_result_free(&r);
}

/* ---- open now, open at ---------------------------------------------------------------- */

/* The names of every organization a search finds (all pages), as a sorted-by-name set. */
static json_t *
names_found(const struct testsrv *srv, const char *query)
{
	char path[300];
	json_t *doc, *set = json_object();
	size_t i;

	snprintf(path, sizeof path, "/api/v1/search?per_page=100&%s", query);
	doc = http_get_expect(srv, path, 200);
	assert_true(json_integer_value(json_object_get(doc, "total_items")) <= 100);
	for (i = 0; i < json_array_size(contents(doc)); i++)
		json_object_set(set, json_string_value(json_object_get(json_array_get(contents(doc), i), "id")),
		    json_true());
	json_decref(doc);
	return set;
}

/* The organizations that, by their own hours as the detail API gives them, are open at t. */
static json_t *
names_open_by_hours(const struct testsrv *srv, const struct local_time *t)
{
	json_t *all = http_get_expect(srv, "/api/v1/organizations?per_page=100", 200), *set = json_object();
	const json_t *org, *loc;
	char path[120];
	size_t i, j;

	json_array_foreach(contents(all), i, org) {
		const char *id = json_string_value(json_object_get(org, "id"));
		json_t *detail;

		snprintf(path, sizeof path, "/api/v1/organizations/%s", id);
		detail = http_get_expect(srv, path, 200);
		json_array_foreach(json_object_get(detail, "locations"), j, loc)
			if (hours_open_at(json_object_get(loc, "hours"), t))
				json_object_set(set, id, json_true());
		json_decref(detail);
	}
	json_decref(all);
	return set;
}

static void
assert_same_sets(const json_t *a, const json_t *b, const char *what)
{
	if (!json_equal(a, b))
		fail_msg("%s: %zu found, %zu expected from the hours", what, json_object_size(a),
		    json_object_size(b));
}

static void
test_open_at_agrees_with_the_hours_at_every_kind_of_time(void **state)
{
	static const char *const times[] = {
		"2026-11-21T03:00",   /* Saturday night: only overnight places */
		"2026-11-22T10:00",   /* Sunday morning */
		"2026-11-23T09:00",   /* Monday at a common opening time */
		"2026-11-23T16:59",   /* a minute before a common closing time */
		"2026-11-23T17:00",   /* at it */
		"2026-11-23T23:30",   /* Monday late evening */
		"2026-11-24T00:00",   /* midnight */
	};
	struct testsrv *srv = *state;
	struct local_time t;
	char query[80];
	size_t i;

	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		json_t *found, *expected;

		assert_int_equal(zone_parse_local(times[i], &t), 0);
		snprintf(query, sizeof query, "open_at=%s", times[i]);
		found = names_found(srv, query);
		expected = names_open_by_hours(srv, &t);
		assert_same_sets(found, expected, times[i]);
		if (i == 0) {
			json_t *all = names_found(srv, "");

			assert_true(json_object_size(found) >= 1 &&
			    json_object_size(found) < json_object_size(all) / 2);
			json_decref(all);
		}
		json_decref(found);
		json_decref(expected);
	}
}

/* A server whose clock says utc: its open_now must equal open_at=local. */
static void
assert_open_now_is(time_t utc, const char *local)
{
	struct testsrv_options opt = { NULL, utc, NULL };
	struct testsrv *srv = testsrv_new_with(demo_only, &opt);
	char query[80];
	json_t *now, *at, *doc;

	assert_non_null(srv);
	now = names_found(srv, "open_now=1");
	snprintf(query, sizeof query, "open_at=%s", local);
	at = names_found(srv, query);
	assert_same_sets(now, at, local);
	doc = http_get_expect(srv, "/api/v1/search?open_now=1&per_page=100", 200);
	for (size_t i = 0; i < json_array_size(contents(doc)); i++)
		assert_true(json_is_true(json_object_get(json_object_get(json_array_get(contents(doc), i),
		    "open"), "open_now")));
	json_decref(doc);
	json_decref(now);
	json_decref(at);
	testsrv_free(srv);
}

static void
test_open_now_follows_the_fixed_clock_across_daylight_saving(void **state)
{
	(void)state;
	assert_open_now_is(1795248000, "2026-11-21T03:00");  /* 08:00 UTC, EST (-5) */
	assert_open_now_is(1772976600, "2026-03-08T09:30");  /* spring forward: 13:30 UTC is EDT */
	assert_open_now_is(1772947800, "2026-03-08T00:30");  /* before it: 05:30 UTC is EST */
	assert_open_now_is(1793514600, "2026-11-01T01:30");  /* fall back: 06:30 UTC is EST */
	assert_open_now_is(1793511000, "2026-11-01T01:30");  /* 05:30 UTC is 01:30 EDT */
	assert_open_now_is(1782907200, "2026-07-01T08:00");  /* summer: 12:00 UTC is EDT */
}

static void
test_detail_gives_each_location_its_open_state(void **state)
{
	struct testsrv_options opt = { NULL, 1795248000, NULL };   /* Saturday 03:00 in Montréal */
	struct testsrv *srv = testsrv_new_with(demo_only, &opt);
	json_t *list, *detail;
	const json_t *org, *loc, *open;
	char path[120];
	size_t i, j, checked = 0;
	struct local_time t;

	(void)state;
	assert_non_null(srv);
	assert_int_equal(zone_parse_local("2026-11-21T03:00", &t), 0);
	list = http_get_expect(srv, "/api/v1/organizations?per_page=100", 200);
	json_array_foreach(contents(list), i, org) {
		snprintf(path, sizeof path, "/api/v1/organizations/%s",
		    json_string_value(json_object_get(org, "id")));
		detail = http_get_expect(srv, path, 200);
		json_array_foreach(json_object_get(detail, "locations"), j, loc) {
			open = json_object_get(loc, "open");
			if (json_array_size(json_object_get(loc, "hours")) == 0) {
				assert_true(json_is_null(open));
				continue;
			}
			assert_int_equal(json_is_true(json_object_get(open, "open_now")),
			    hours_open_at(json_object_get(loc, "hours"), &t));
			checked++;
		}
		json_decref(detail);
	}
	assert_true(checked > 20);
	json_decref(list);
	testsrv_free(srv);
}

/* ---- the estimate from the visitor's address ------------------------------------------ */

static json_t *
get_from(struct testsrv *srv, const char *source, const char *path)
{
	json_t *doc;

	snprintf(srv->source, sizeof srv->source, "host!%s", source);
	doc = http_get_expect(srv, path, 200);
	srv->source[0] = '\0';
	return doc;
}

static const json_t *
near_of(const json_t *doc)
{
	return json_object_get(json_object_get(doc, "query"), "near");
}

/* GET path from source: the query's near must have this label, or be null for NULL. */
static void
assert_near_label(struct testsrv *srv, const char *source, const char *path, const char *label)
{
	json_t *doc = get_from(srv, source, path);

	if (label == NULL)
		assert_true(json_is_null(near_of(doc)));
	else
		assert_string_equal(json_string_value(json_object_get(near_of(doc), "label")), label);
	json_decref(doc);
}

static void
test_the_estimate_orders_by_distance_from_the_visitors_city(void **state)
{
	struct testsrv_options opt = { testsrv_geoip_file(), 0, NULL };
	struct testsrv *srv = testsrv_new_with(demo_only, &opt);
	json_t *doc, *plain;
	size_t i;

	(void)state;
	assert_non_null(srv);
	doc = get_from(srv, "127.0.0.70", "/api/v1/search?per_page=100");
	assert_string_equal(json_string_value(json_object_get(near_of(doc), "source")), "network");
	assert_string_equal(json_string_value(json_object_get(near_of(doc), "label")), "Montréal");
	assert_true(json_is_true(json_object_get(near_of(doc), "estimated")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "query"), "sort")), "distance");
	/* Only the order changes: nothing is left out for being far. */
	plain = http_get_expect(srv, "/api/v1/search?per_page=100", 200);
	assert_int_equal(json_integer_value(json_object_get(doc, "total_items")),
	    json_integer_value(json_object_get(plain, "total_items")));
	assert_true(json_is_null(near_of(plain)));
	for (i = 1; i < json_array_size(contents(doc)); i++) {
		const json_t *a = json_object_get(json_array_get(contents(doc), i - 1), "distance");
		const json_t *b = json_object_get(json_array_get(contents(doc), i), "distance");

		if (json_is_null(a))
			assert_true(json_is_null(b));
		else if (!json_is_null(b))
			assert_true(json_number_value(json_object_get(a, "km")) <=
			    json_number_value(json_object_get(b, "km")));
	}
	/* Links do not carry the estimated place: the next page estimates it again. */
	assert_null(strstr(json_string_value(json_object_get(json_object_get(doc, "links"), "first")),
	    "near="));
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(doc, "links"),
	    "without_estimate")), "nogeo=1"));
	json_decref(doc);
	json_decref(plain);

	assert_near_label(srv, "127.0.0.70", "/api/v1/search?nogeo=1", NULL);
	assert_near_label(srv, "127.0.0.130", "/api/v1/search?lang=en", "Toronto");
	/* Coordinates without a name: the known city nearest to them. */
	assert_near_label(srv, "127.0.0.200", "/api/v1/search", "Hamilton");
	/* A country without coordinates, and an address the database does not know. */
	assert_near_label(srv, "127.0.0.40", "/api/v1/search", NULL);
	assert_near_label(srv, "127.0.0.1", "/api/v1/search", NULL);
	/* near= given: the estimate is not used. */
	assert_near_label(srv, "127.0.0.130", "/api/v1/search?near=Verdun", "Verdun");
	/* The organizations list is never reordered. */
	assert_near_label(srv, "127.0.0.70", "/api/v1/organizations", NULL);
	testsrv_free(srv);
}

static void
test_pages_say_the_place_was_estimated_and_offer_to_turn_it_off(void **state)
{
	struct testsrv_options opt = { testsrv_geoip_file(), 0, NULL };
	struct testsrv *srv = testsrv_new_with(demo_only, &opt);
	struct http_result r;

	(void)state;
	assert_non_null(srv);
	snprintf(srv->source, sizeof srv->source, "host!127.0.0.70");
	assert_int_equal(http_request(srv, "GET", "/search?lang=en", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body.data, "Showing places near: <bdi>Montréal</bdi> (estimated from your network)"));
	assert_non_null(strstr(r.body.data, "href=\"/search?nogeo=1&amp;lang=en\""));
	assert_non_null(strstr(r.body.data, "id=\"near\" name=\"near\" value=\"Montréal\""));
	http_result_free(&r);
	assert_int_equal(http_request(srv, "GET", "/?lang=en", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body.data, "(estimated from your network)"));
	assert_non_null(strstr(r.body.data, "href=\"/?nogeo=1&amp;lang=en\""));
	http_result_free(&r);
	assert_int_equal(http_request(srv, "GET", "/search?nogeo=1&lang=en", NULL, NULL, 0, &r), 0);
	assert_null(strstr(r.body.data, "estimated from your network"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"nogeo\" value=\"1\">"));
	assert_non_null(strstr(r.body.data, "nogeo=1"));   /* the language switcher keeps it */
	http_result_free(&r);
	srv->source[0] = '\0';
	testsrv_free(srv);
}

static void
test_without_geoip_there_is_no_estimate(void **state)
{
	struct testsrv *srv = *state;
	struct http_result r;

	assert_near_label(srv, "127.0.0.70", "/api/v1/search", NULL);
	snprintf(srv->source, sizeof srv->source, "host!127.0.0.70");
	assert_int_equal(http_request(srv, "GET", "/search?lang=en", NULL, NULL, 0, &r), 0);
	srv->source[0] = '\0';
	assert_null(strstr(r.body.data, "estimated from your network"));
	http_result_free(&r);
}

static int
setup(void **state)
{
	*state = testsrv_new(demo_only);
	return *state != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	testsrv_free(*state);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distances_from_coordinates_match_hand_computed_values),
		cmocka_unit_test(test_the_radius_keeps_exactly_what_lies_within_it),
		cmocka_unit_test(test_places_and_postal_codes_measure_from_their_centre),
		cmocka_unit_test(test_words_sort_by_relevance_unless_distance_is_asked),
		cmocka_unit_test(test_bad_near_radius_sort_and_open_parameters_are_refused),
		cmocka_unit_test(test_an_unknown_place_page_links_to_the_suggestions),
		cmocka_unit_test(test_links_carry_near_radius_and_open_filters),
		cmocka_unit_test(test_results_and_pages_show_distance_and_open_state),
		cmocka_unit_test(test_open_at_agrees_with_the_hours_at_every_kind_of_time),
		cmocka_unit_test(test_open_now_follows_the_fixed_clock_across_daylight_saving),
		cmocka_unit_test(test_detail_gives_each_location_its_open_state),
		cmocka_unit_test(test_the_estimate_orders_by_distance_from_the_visitors_city),
		cmocka_unit_test(test_pages_say_the_place_was_estimated_and_offer_to_turn_it_off),
		cmocka_unit_test(test_without_geoip_there_is_no_estimate),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
