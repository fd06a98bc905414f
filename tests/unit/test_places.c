/*
** test_places.c - where a visitor says they are: place-name matching (accents, case,
** dashes, "St"), postal codes and areas, coordinates, suggestions for unknown names, the
** great-circle distance against hand-computed values, and the bounding box.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "near.h"
#include "places.h"
#include "validate.h"

static struct places places;

static int
setup(void **state)
{
	char err[300];

	(void)state;
	if (places_load_embedded(&places, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	places_free(&places);
	return 0;
}

static void
assert_key(const char *name, const char *want)
{
	char *key = NULL;

	assert_int_equal(places_key(name, &key), 0);
	if (strcmp(key, want) != 0)
		fail_msg("key of \"%s\" is \"%s\", wanted \"%s\"", name, key, want);
	free(key);
}

static void
test_keys_ignore_case_accents_dashes_and_read_st_as_saint(void **state)
{
	(void)state;
	assert_key("Côte-des-Neiges", "cote des neiges");
	assert_key("  COTE   des neiges ", "cote des neiges");
	assert_key("Rosemont–La Petite-Patrie", "rosemont la petite patrie");
	assert_key("Rosemont—La\xc2\xa0Petite‐Patrie", "rosemont la petite patrie");
	assert_key("L’Île-Bizard", "l ile bizard");
	assert_key("St-Henri", "saint henri");
	assert_key("Ste-Geneviève", "sainte genevieve");
	assert_key("Stanley", "stanley");
	assert_key("---", "");
}

static const char *
found_name(const char *typed)
{
	const struct place *pl = places_find(&places, typed);

	return pl != NULL ? pl->name : "(none)";
}

static void
test_places_are_found_by_any_spelling_of_any_name(void **state)
{
	(void)state;
	assert_string_equal(found_name("parc-extension"), "Parc-Extension");
	assert_string_equal(found_name("PARC EXTENSION"), "Parc-Extension");
	assert_string_equal(found_name("Parc-Ex"), "Parc-Extension");
	assert_string_equal(found_name("saint henri"), "Saint-Henri");
	assert_string_equal(found_name("St-Henri"), "Saint-Henri");
	assert_string_equal(found_name("montreal"), "Montréal");
	assert_string_equal(found_name("Toronto"), "Toronto");
	assert_string_equal(found_name("rosemont-la petite-patrie"), "Rosemont–La Petite-Patrie");
	assert_string_equal(found_name("Nowhere-sur-Mer"), "(none)");
	assert_string_equal(found_name(""), "(none)");
	assert_non_null(places_find_postal(&places, "H3N"));
	assert_null(places_find_postal(&places, "M5V"));
}

static void
test_every_place_name_is_found_and_every_point_is_in_canada(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < places.count; i++) {
		const struct place *pl = &places.items[i];

		if (pl->latitude < 41.6 || pl->latitude > 83.2 || pl->longitude < -141.1 ||
		    pl->longitude > -52.6)
			fail_msg("%s lies outside Canada", pl->name);
		if (pl->kind == PLACE_POSTAL_AREA) {
			assert_true(valid_postal_area(pl->name, NULL));
			assert_ptr_equal(places_find_postal(&places, pl->name), pl);
			if (places_find(&places, pl->city) == NULL)
				fail_msg("postal area %s names an unknown place %s", pl->name, pl->city);
		} else if (places_find(&places, pl->name) != pl) {
			fail_msg("%s is not found by its own name", pl->name);
		}
	}
	assert_true(places.count > 150);
}

static void
test_unknown_names_get_close_suggestions(void **state)
{
	const char *out[5];
	size_t n;

	(void)state;
	n = places_suggest(&places, "parc extenson", out, 5);
	assert_true(n >= 1);
	assert_string_equal(out[0], "Parc-Extension");
	n = places_suggest(&places, "Verdum", out, 5);
	assert_true(n >= 1);
	assert_string_equal(out[0], "Verdun");
	n = places_suggest(&places, "Hochelag", out, 5);
	assert_true(n >= 1);
	assert_string_equal(out[0], "Hochelaga-Maisonneuve");
	assert_int_equal(places_suggest(&places, "zzzzzzzzzzzz", out, 5), 0);
	assert_int_equal(places_suggest(&places, "", out, 5), 0);
	n = places_suggest(&places, "Saint", out, 2);
	assert_int_equal(n, 2);
}

static void
assert_near(const char *typed, enum near_source source, const char *label)
{
	struct api_error err = { 0 };
	struct near n;

	if (near_parse(&places, typed, &n, &err) != 0)
		fail_msg("near=%s refused: %s", typed, err.message);
	assert_int_equal(n.source, source);
	assert_string_equal(n.label, label);
	assert_true(n.latitude >= -90 && n.latitude <= 90);
}

static void
test_near_accepts_places_postal_codes_areas_and_coordinates(void **state)
{
	struct api_error err = { 0 };
	struct near n;

	(void)state;
	assert_near("Parc-Ex", NEAR_PLACE, "Parc-Extension");
	assert_near("  verdun ", NEAR_PLACE, "Verdun");
	assert_near("H3N 1A1", NEAR_POSTAL, "H3N 1A1");
	assert_near("h3n1a1", NEAR_POSTAL, "H3N 1A1");
	assert_near("h3n", NEAR_POSTAL, "H3N");
	assert_near("45.5301,-73.6302", NEAR_POINT, "45.5301, -73.6302");
	assert_near(" 45.5 , -73.6 ", NEAR_POINT, "45.5000, -73.6000");
	assert_near("-90,180", NEAR_POINT, "-90.0000, 180.0000");
	assert_int_equal(near_parse(&places, "45.53,-73.63", &n, &err), 0);
	assert_true(fabs(n.latitude - 45.53) < 1e-9 && fabs(n.longitude + 73.63) < 1e-9);
	assert_int_equal(near_parse(&places, "H3N", &n, &err), 0);
	assert_true(fabs(n.latitude - places_find_postal(&places, "H3N")->latitude) < 1e-9);
}

static void
assert_near_refused(const char *typed, const char *code)
{
	struct api_error err = { 0 };
	struct near n;

	if (near_parse(&places, typed, &n, &err) == 0)
		fail_msg("near=%s accepted", typed);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, code);
	assert_string_equal(err.param, "near");
	assert_true(strlen(err.message) > 10);
}

static void
test_near_refuses_bad_coordinates_unknown_areas_and_names(void **state)
{
	struct api_error err = { 0 };
	struct near n;
	char long_name[200];

	(void)state;
	assert_near_refused("91,0", "bad_parameter");
	assert_near_refused("45.5,-181", "bad_parameter");
	assert_near_refused("45.5,", "bad_parameter");
	assert_near_refused(",-73", "bad_parameter");
	assert_near_refused("45.5,-73.6,2", "bad_parameter");
	assert_near_refused("4e1,-73", "unknown_place");
	assert_near_refused("1e5,2", "unknown_place");
	assert_near_refused("nan,inf", "unknown_place");
	assert_near_refused("M5V 2T6", "unknown_place");
	assert_near_refused("Z9Z", "unknown_place");
	assert_near_refused("   ", "bad_parameter");
	assert_near_refused("Verdun\x01", "bad_parameter");
	assert_near_refused("\xff\xfe", "bad_parameter");
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_near_refused(long_name, "bad_parameter");
	assert_int_equal(near_parse(&places, "parc extenson", &n, &err), -1);
	assert_string_equal(err.code, "unknown_place");
	assert_true(err.nsuggestions >= 1);
	assert_string_equal(err.suggestions[0], "Parc-Extension");
}

/* Distances computed by hand with the haversine formula and R = 6371.0088 km. */
static void
test_distances_match_hand_computed_values(void **state)
{
	(void)state;
	/* One degree of latitude: 2 * pi * R / 360. */
	assert_true(fabs(geo_distance_km(45, -73, 46, -73) - 111.1951) < 0.001);
	/* Montréal (45.5019, -73.5674) to Toronto (43.6532, -79.3832). */
	assert_true(fabs(geo_distance_km(45.5019, -73.5674, 43.6532, -79.3832) - 504.3) < 0.5);
	/* Along the equator, one degree of longitude equals one of latitude. */
	assert_true(fabs(geo_distance_km(0, 0, 0, 1) - 111.1951) < 0.001);
	/* Antipodes: half the circumference. */
	assert_true(fabs(geo_distance_km(0, 0, 0, 180) - 20015.1) < 0.1);
	assert_true(geo_distance_km(45.5, -73.6, 45.5, -73.6) == 0);
	/* Symmetric. */
	assert_true(fabs(geo_distance_km(45.5, -73.6, 45.6, -73.5) -
	    geo_distance_km(45.6, -73.5, 45.5, -73.6)) < 1e-9);
}

/* From (lat1, -73.6) to (lat2, lon2): the lower bound is not above the distance, and no
** radius just below the distance is said to hold the point surely. */
static void
assert_bounds_hold(double lat1, double lat2, double lon2)
{
	double d = geo_distance_km(lat1, -73.6, lat2, lon2), km;
	double low = geo_distance_at_least_km(lat1, lat2);
	double a = geo_haversine_at_most(lat1, -73.6, geo_cos_latitude(lat1), lat2, lon2,
	    geo_cos_latitude(lat2));

	if (low > d)
		fail_msg("(%g, -73.6) to (%g, %g): %.17g, bound %.17g", lat1, lat2, lon2, d, low);
	for (km = d * 0.999; km < d * 1.002 + 1e-9; km += d * 0.0005 + 1e-12)
		if (a <= geo_haversine_surely_within(km) && d > km)
			fail_msg("(%g, -73.6) to (%g, %g): %.17g said within %.17g", lat1, lat2,
			    lon2, d, km);
}

/* The bounds a search decides with never cross the distance, on a grid of pairs from
** pole to pole (same latitude, opposite sides of the Earth, nearly equal). */
static void
test_the_distance_lies_within_its_bounds(void **state)
{
	double lat1, lat2, lon2, d, a;

	(void)state;
	for (lat1 = -90; lat1 <= 90; lat1 += 7.5)
		for (lat2 = -90; lat2 <= 90; lat2 += 2.5)
			for (lon2 = -180; lon2 <= 180; lon2 += 15)
				assert_bounds_hold(lat1, lat2, lon2);
	/* Within a city, the bound decides all but a hair's breadth around the radius. */
	for (lon2 = -73.9; lon2 <= -73.3; lon2 += 0.001) {
		d = geo_distance_km(45.5, -73.6, 45.52, lon2);
		a = geo_haversine_at_most(45.5, -73.6, geo_cos_latitude(45.5), 45.52, lon2,
		    geo_cos_latitude(45.52));
		assert_true(a <= geo_haversine_surely_within(d * (1 + 1e-5)));
	}
	/* Nearly equal latitudes, where rounding matters most. */
	for (lat2 = 45.5; lat2 < 45.5 + 1e-6; lat2 += 1e-9)
		assert_true(geo_distance_at_least_km(45.5, lat2) <=
		    geo_distance_km(45.5, -73.6, lat2, -73.6));
	/* And it is close to the distance along a meridian, so it skips something. */
	assert_true(geo_distance_at_least_km(45, 46) > 111.19);
}

static void
test_the_box_holds_every_point_within_the_radius(void **state)
{
	static const double centres[][2] = { { 45.5, -73.6 }, { 0, 0 }, { -33.9, 151.2 },
		{ 89.95, 10 }, { 10, 179.9 } };
	struct geo_box box;
	double bearing, lat, lon, step = 0.01;
	size_t c;

	(void)state;
	for (c = 0; c < sizeof centres / sizeof centres[0]; c++) {
		geo_box_around(centres[c][0], centres[c][1], 25, &box);
		/* Walk a grid around the centre: every point within 25 km is in the box. */
		for (lat = centres[c][0] - 0.5; lat <= centres[c][0] + 0.5; lat += step)
			for (bearing = -0.6; bearing <= 0.6; bearing += step) {
				lon = centres[c][1] + bearing;
				if (lat > 90 || lat < -90 || lon > 180 || lon < -180)
					continue;
				if (geo_distance_km(centres[c][0], centres[c][1], lat, lon) > 25)
					continue;
				if (lat < box.lat_min || lat > box.lat_max || lon < box.lon_min ||
				    lon > box.lon_max)
					fail_msg("(%f, %f) is within 25 km of (%f, %f) but outside the box",
					    lat, lon, centres[c][0], centres[c][1]);
			}
	}
	geo_box_around(45.5, -73.6, 10, &box);
	assert_true(box.lat_max - box.lat_min < 0.2);
	assert_true(box.lon_max - box.lon_min < 0.3);
}

static void
test_nearest_city_is_the_closest_known_one(void **state)
{
	const struct place *pl;

	(void)state;
	pl = places_nearest_city(&places, 43.66, -79.39, 50);
	assert_non_null(pl);
	assert_string_equal(pl->name, "Toronto");
	assert_null(places_nearest_city(&places, 0, 0, 50));
}

static void
test_postal_area_validator(void **state)
{
	char out[4];

	(void)state;
	assert_true(valid_postal_area("h3n", out));
	assert_string_equal(out, "H3N");
	assert_true(valid_postal_area("K1A", NULL));
	assert_false(valid_postal_area("D3N", NULL));   /* D never appears */
	assert_false(valid_postal_area("W3N", NULL));   /* W never first */
	assert_false(valid_postal_area("H3O", NULL));
	assert_false(valid_postal_area("H3", NULL));
	assert_false(valid_postal_area("H3NN", NULL));
	assert_false(valid_postal_area("3HN", NULL));
	assert_false(valid_postal_area(NULL, NULL));
}

static void
test_a_places_file_with_one_name_for_two_places_is_refused(void **state)
{
	static const char twice[] = "{\"format\":\"solidarity-places\",\"version\":1,"
	    "\"places\":[{\"name\":\"Ville-Marie\",\"kind\":\"borough\",\"latitude\":45.5,\"longitude\":-73.5},"
	    "{\"name\":\"Ville Marie\",\"kind\":\"city\",\"latitude\":46,\"longitude\":-72}],"
	    "\"postal_areas\":[]}";
	static const char bad_point[] = "{\"format\":\"solidarity-places\",\"version\":1,"
	    "\"places\":[{\"name\":\"X\",\"kind\":\"city\",\"latitude\":95,\"longitude\":-73.5}],"
	    "\"postal_areas\":[]}";
	struct places p;
	char err[300];

	(void)state;
	assert_int_equal(places_load(&p, twice, sizeof twice - 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "same name"));
	assert_int_equal(places_load(&p, bad_point, sizeof bad_point - 1, err, sizeof err), -1);
	assert_int_equal(places_load(&p, "{", 1, err, sizeof err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_ignore_case_accents_dashes_and_read_st_as_saint),
		cmocka_unit_test(test_places_are_found_by_any_spelling_of_any_name),
		cmocka_unit_test(test_every_place_name_is_found_and_every_point_is_in_canada),
		cmocka_unit_test(test_unknown_names_get_close_suggestions),
		cmocka_unit_test(test_near_accepts_places_postal_codes_areas_and_coordinates),
		cmocka_unit_test(test_near_refuses_bad_coordinates_unknown_areas_and_names),
		cmocka_unit_test(test_distances_match_hand_computed_values),
		cmocka_unit_test(test_the_distance_lies_within_its_bounds),
		cmocka_unit_test(test_the_box_holds_every_point_within_the_radius),
		cmocka_unit_test(test_nearest_city_is_the_closest_known_one),
		cmocka_unit_test(test_postal_area_validator),
		cmocka_unit_test(test_a_places_file_with_one_name_for_two_places_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
