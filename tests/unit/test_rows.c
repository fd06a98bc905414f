/*
** test_rows.c - the rows a record derives (rows.c): its facets in the record's order,
** each kind and value once, place names folded; a facet without a value and hours that
** cannot be read noted, not fatal; each location's periods apart; and the same
** record_rows used for a second record holds that record's rows alone.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rows.h"

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (v == NULL)
		fail_msg("%s: %s", text, e.text);
	return v;
}

/* The facets of r as "kind=value kind=value ...". */
static void
facets_text(const struct record_rows *r, char *out, size_t outlen)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < r->nfacets && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s=%s", i ? " " : "",
		    r->facets[i].kind, rows_facet_value(r, i));
}

static const char two_locations[] =
    "{\"categories\":[\"health\",\"food\"],"
    "\"services\":["
    "{\"categories\":[\"health\"],\"languages\":[\"fr\",\"en\"],\"fees\":\"free\"},"
    "{\"categories\":[\"legal\",\"food\"],\"languages\":[\"en\",\"ar\"],\"fees\":\"free\"}],"
    "\"locations\":["
    "{\"neighbourhood\":\"Côte-des-Neiges\",\"city\":\"Montréal\","
    "\"hours\":[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"12:00\"},"
    "{\"day\":\"fri\",\"opens\":\"22:00\",\"closes\":\"02:00\"}]},"
    "{\"neighbourhood\":\"CÔTE-DES-NEIGES\",\"city\":\"MONTRÉAL\"},"
    "{\"city\":\"Laval\",\"hours\":[{\"day\":\"sun\",\"opens\":\"10:00\",\"closes\":\"11:00\"}]}]}";

static void
test_facets_in_order_each_once_places_folded(void **state)
{
	struct record_rows r = RECORD_ROWS_INIT;
	json_t *rec = parse(two_locations);
	char text[600];

	(void)state;
	assert_int_equal(rows_make(rec, &r), 0);
	facets_text(&r, text, sizeof text);
	assert_string_equal(text,
	    "category=health category=food language=fr language=en fees=free "
	    "category=legal language=ar neighbourhood=cote-des-neiges city=montreal "
	    "city=laval");
	assert_null(r.missing);
	assert_int_equal(r.unreadable, 0);
	rows_free(&r);
	json_decref(rec);
}

static void
test_periods_by_location(void **state)
{
	struct record_rows r = RECORD_ROWS_INIT;
	json_t *rec = parse(two_locations);
	const struct hours_period *p;
	size_t n;

	(void)state;
	assert_int_equal(rows_make(rec, &r), 0);
	assert_int_equal(r.nlocations, 3);
	p = rows_periods(&r, 0, &n);
	assert_int_equal(n, 3);	/* Friday overnight: two periods */
	assert_int_equal(p[0].day, 0);
	assert_int_equal(p[0].opens, 540);
	assert_int_equal(p[0].closes, 720);
	assert_int_equal(p[1].day, 4);
	assert_int_equal(p[1].opens, 1320);
	assert_int_equal(p[1].closes, 1440);
	assert_int_equal(p[2].day, 5);
	assert_int_equal(p[2].opens, 0);
	assert_int_equal(p[2].closes, 120);
	rows_periods(&r, 1, &n);
	assert_int_equal(n, 0);
	p = rows_periods(&r, 2, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].day, 6);
	rows_periods(&r, 3, &n);
	assert_int_equal(n, 0);
	rows_free(&r);
	json_decref(rec);
}

/* A record the callers did not check: what store.c must refuse is noted, the first of
** each kind, and the rest is still made. */
static void
test_what_cannot_be_stored_is_noted(void **state)
{
	struct record_rows r = RECORD_ROWS_INIT;
	json_t *rec = parse("{\"services\":[{\"categories\":[\"food\"],\"languages\":[\"fr\"]},"
	    "{\"categories\":[7],\"fees\":\"free\"}],"
	    "\"locations\":[{\"city\":\"Montréal\"},{\"city\":\"---\",\"hours\":{}},"
	    "{\"neighbourhood\":\"\",\"hours\":[{\"day\":\"xyz\"}]}]}");
	char text[300];

	(void)state;
	assert_int_equal(rows_make(rec, &r), 0);
	assert_string_equal(r.missing, "fees");
	assert_int_equal(r.unreadable, 2);
	facets_text(&r, text, sizeof text);
	assert_string_equal(text, "category=food language=fr fees=free city=montreal city=---");
	json_decref(rec);
	/* A place name that folds to nothing has no value. */
	rec = parse("{\"locations\":[{\"neighbourhood\":\"\"}]}");
	assert_int_equal(rows_make(rec, &r), 0);
	assert_string_equal(r.missing, "neighbourhood");
	assert_int_equal(r.nfacets, 0);
	json_decref(rec);
	rows_free(&r);
}

/* As many periods as a location may have are kept; one more, and its hours are noted as
** hours that cannot be read. */
static void
test_too_many_periods(void **state)
{
	struct record_rows r = RECORD_ROWS_INIT;
	json_t *hours = json_array(), *rec;
	size_t i, n;

	(void)state;
	for (i = 0; i < ROWS_MAX_PERIODS / 2; i++)	/* overnight: two periods each */
		json_array_append_new(hours, json_pack("{ssssss}", "day", "mon", "opens", "23:00",
		    "closes", "01:00"));
	rec = json_pack("{s[{sO}]}", "locations", "hours", hours);
	assert_int_equal(rows_make(rec, &r), 0);
	assert_int_equal(r.unreadable, 0);
	rows_periods(&r, 0, &n);
	assert_int_equal(n, ROWS_MAX_PERIODS);
	json_decref(rec);
	json_array_append_new(hours, json_pack("{ssssss}", "day", "tue", "opens", "08:00",
	    "closes", "09:00"));
	rec = json_pack("{s[{so}]}", "locations", "hours", hours);
	assert_int_equal(rows_make(rec, &r), 0);
	assert_int_equal(r.unreadable, 1);
	json_decref(rec);
	rows_free(&r);
}

/* The same record_rows for a second record, as an import's ring does: only its rows. */
static void
test_reused_for_the_next_record(void **state)
{
	struct record_rows r = RECORD_ROWS_INIT;
	json_t *first = parse(two_locations), *second;
	char text[300];
	size_t n;

	(void)state;
	assert_int_equal(rows_make(first, &r), 0);
	second = parse("{\"categories\":[\"housing\"],\"services\":[{\"fees\":\"low\"}],"
	    "\"locations\":[{\"city\":\"Verdun\",\"hours\":[{\"day\":\"tue\",\"opens\":\"08:00\","
	    "\"closes\":\"09:00\"}]}]}");
	assert_int_equal(rows_make(second, &r), 0);
	facets_text(&r, text, sizeof text);
	assert_string_equal(text, "category=housing fees=low city=verdun");
	assert_int_equal(r.nlocations, 1);
	assert_int_equal(rows_periods(&r, 0, &n)[0].day, 1);
	assert_int_equal(n, 1);
	assert_null(r.missing);
	assert_int_equal(r.unreadable, 0);
	rows_free(&r);
	json_decref(first);
	json_decref(second);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facets_in_order_each_once_places_folded),
		cmocka_unit_test(test_periods_by_location),
		cmocka_unit_test(test_what_cannot_be_stored_is_noted),
		cmocka_unit_test(test_too_many_periods),
		cmocka_unit_test(test_reused_for_the_next_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
