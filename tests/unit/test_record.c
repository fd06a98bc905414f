/*
** test_record.c - the import checker: a table of records that must be refused, each with
** the field its message must name, and the canonical form of good records (defaults
** filled, order fixed, idempotent).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

/* A minimal valid organization; bad cases are this with one member replaced. */
static const char base_record[] =
    "{\"id\": \"0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01\", \"name\": \"Clinique Exemple\","
    " \"verification\": {\"state\": \"verified\"}, \"provides_services\": true,"
    " \"commitments\": [{\"id\": \"status-for-all\", \"since\": null}]}";

static json_t *
base(void)
{
	json_t *rec = json_loads(base_record, 0, NULL);

	assert_non_null(rec);
	return rec;
}

/* Replace member key of the base record by the JSON text value; NULL removes it. */
static json_t *
with(const char *key, const char *value)
{
	json_t *rec = base();

	if (value == NULL)
		json_object_del(rec, key);
	else
		json_object_set_new(rec, key, json_loads(value, JSON_DECODE_ANY, NULL));
	return rec;
}

static const struct bad_case {
	const char *key;
	const char *value;        /* JSON text; NULL: member removed */
	const char *must_name;    /* a substring the error message must hold */
} bad_cases[] = {
	{ "id", NULL, "id: is required" },
	{ "id", "\"0B6F0B8E-4D1A-4C6E-9A51-2F7D8E9C1A01\"", "id: must be a lower-case UUID" },
	{ "id", "\"not-a-uuid\"", "id:" },
	{ "name", NULL, "name: is required" },
	{ "name", "\"\"", "name:" },
	{ "name", "\"a\\u0001b\"", "name:" },
	{ "name", "42", "name: must be a string" },
	{ "nickname", "\"x\"", "unknown field \"nickname\"" },
	{ "alternate_names", "[\"A\", \"A\"]", "alternate_names: \"A\" appears twice" },
	{ "alternate_names", "\"A\"", "alternate_names: must be an array" },
	{ "description", "{\"de\": \"Hallo\"}", "description: \"de\" is not a language" },
	{ "description", "{\"fr\": \"\"}", "description.fr:" },
	{ "description", "[\"x\"]", "description: must be an object" },
	{ "website", "\"javascript:alert(1)\"", "website:" },
	{ "website", "\"ftp://example.org\"", "website:" },
	{ "email", "\"not an email\"", "email:" },
	{ "endorsed_on", "\"2023-02-29\"", "endorsed_on: must be a date" },
	{ "verification", "{\"state\": \"approved\"}", "verification.state: must be one of" },
	{ "verification", "{\"state\": \"verified\", \"by\": \"x\"}", "unknown field \"by\"" },
	{ "verification", NULL, "verification: must be an object" },
	{ "provides_services", NULL, "provides_services: is required" },
	{ "provides_services", "\"yes\"", "provides_services: must be true or false" },
	{ "categories", "[\"spaceships\"]", "categories[0]: is not a category" },
	{ "categories", "[\"food\", \"food\"]", "categories: \"food\" appears twice" },
	{ "commitments", "[]", "commitments: every endorser holds status-for-all" },
	{ "commitments", "[{\"id\": \"status-for-all\", \"since\": null}, {\"id\": \"maybe\"}]", "commitments[1].id:" },
	{ "commitments", "[{\"id\": \"status-for-all\", \"since\": \"yesterday\"}]", "commitments[0].since:" },
	{ "commitments", "[{\"id\": \"status-for-all\"}, {\"id\": \"status-for-all\"}]", "appears twice" },
	{ "services", "[{\"id\": \"2c1a7e1e-9b0d-4a44-8f1e-6f5b3d2a1c02\", \"name\": {\"fr\": \"S\"}, \"categories\": [\"food\"], \"fees\": \"cheap\"}]",
	  "services[0].fees: must be one of free, sliding-scale, fee" },
	{ "services", "[{\"id\": \"2c1a7e1e-9b0d-4a44-8f1e-6f5b3d2a1c02\", \"name\": {}, \"categories\": [\"food\"], \"fees\": \"free\"}]",
	  "services[0].name:" },
	{ "services", "[{\"id\": \"2c1a7e1e-9b0d-4a44-8f1e-6f5b3d2a1c02\", \"name\": {\"fr\": \"S\"}, \"categories\": [], \"fees\": \"free\"}]",
	  "services[0].categories: needs at least one item" },
	{ "services", "[{\"id\": \"2c1a7e1e-9b0d-4a44-8f1e-6f5b3d2a1c02\", \"name\": {\"fr\": \"S\"}, \"categories\": [\"food\"], \"fees\": \"free\", \"languages\": [\"tlh\"]}]",
	  "services[0].languages[0]:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\"}]", "locations[0].city: is required" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"latitude\": 45.5}]",
	  "locations[0].longitude: is required when latitude is given" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"latitude\": 95, \"longitude\": 0}]",
	  "locations[0].latitude:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"postal_code\": \"D2X 1Y4\"}]",
	  "locations[0].postal_code:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"hours\": [{\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"24:01\"}]}]",
	  "locations[0].hours[0].closes:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"hours\": [{\"day\": \"monday\", \"opens\": \"09:00\", \"closes\": \"17:00\"}]}]",
	  "locations[0].hours[0].day:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"hours\": [{\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"09:00\"}]}]",
	  "locations[0].hours[0]: opens and closes at the same time" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"phones\": [{\"number\": \"call us\"}]}]",
	  "locations[0].phones[0].number:" },
	{ "locations", "[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\", \"city\": \"M\", \"hours\": [{\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"09:00\", \"closes\": \"17:00\"}, {\"day\": \"mon\", \"opens\": \"25:00\", \"closes\": \"17:00\"}]}]",
	  "locations[0].hours[12].opens:" },
	{ "updated_on", "\"2026-13-01\"", "updated_on:" },
	{ "demo", "1", "demo: must be true or false" },
};

static void
test_bad_records_are_refused_naming_the_field(void **state)
{
	char err[600];
	json_t *rec, *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		rec = with(bad_cases[i].key, bad_cases[i].value);
		out = NULL;
		if (record_check(rec, "2026-11-21", &out, err, sizeof err) == 0)
			fail_msg("case %zu (%s) was accepted", i, bad_cases[i].key);
		if (strstr(err, bad_cases[i].must_name) == NULL)
			fail_msg("case %zu: message \"%s\" does not hold \"%s\"", i, err, bad_cases[i].must_name);
		assert_null(out);
		json_decref(rec);
	}
}

static void
test_canonical_form_fills_defaults_and_is_idempotent(void **state)
{
	char err[600], *a, *b;
	json_t *rec = base(), *once, *twice;

	(void)state;
	json_object_set_new(rec, "categories", json_pack("[ss]", "work", "health"));
	json_object_set_new(rec, "locations", json_loads("[{\"id\": \"5d3e2f10-7a6b-4c5d-8e9f-0a1b2c3d4e03\","
	    " \"city\": \"Montréal\", \"postal_code\": \"h2x1y4\", \"latitude\": 45.123456789, \"longitude\": -73,"
	    " \"hours\": [{\"day\": \"tue\", \"opens\": \"13:00\", \"closes\": \"17:00\"},"
	    " {\"day\": \"mon\", \"opens\": \"20:00\", \"closes\": \"08:00\"}]}]", 0, NULL));
	assert_int_equal(record_check(rec, "2026-11-21", &once, err, sizeof err), 0);
	assert_string_equal(json_string_value(json_object_get(once, "updated_on")), "2026-11-21");
	assert_true(json_is_false(json_object_get(once, "demo")));
	assert_true(json_is_null(json_object_get(once, "website")));
	assert_int_equal(json_array_size(json_object_get(once, "services")), 0);
	/* Categories in catalog order, hours by day, postal code normalized, point rounded. */
	assert_string_equal(json_string_value(json_array_get(json_object_get(once, "categories"), 0)), "health");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(
	    json_object_get(once, "locations"), 0), "hours"), 0), "day")), "mon");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(once, "locations"), 0),
	    "postal_code")), "H2X 1Y4");
	assert_true(json_real_value(json_object_get(json_array_get(json_object_get(once, "locations"), 0),
	    "latitude")) == 45.1234568);
	assert_int_equal(record_check(once, "1999-01-01", &twice, err, sizeof err), 0);
	a = json_dumps(once, JSON_COMPACT);
	b = json_dumps(twice, JSON_COMPACT);
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(rec);
	json_decref(once);
	json_decref(twice);
}

static void
test_file_level_checks_name_the_record(void **state)
{
	char err[600];
	json_t *file, *orgs, *dir;

	(void)state;
	file = json_pack("{sssis[OO]}", "format", "solidarity-directory", "version", 1,
	    "organizations", json_loads(base_record, 0, NULL), json_loads(base_record, 0, NULL));
	/* json_pack with O keeps a reference of the new values; release our own. */
	json_decref(json_array_get(json_object_get(file, "organizations"), 0));
	json_decref(json_array_get(json_object_get(file, "organizations"), 1));
	assert_int_equal(record_check_file(file, "2026-11-21", &orgs, &dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "organizations[1] \"Clinique Exemple\": id 0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01 is used twice"));
	json_object_set_new(file, "version", json_integer(2));
	assert_int_equal(record_check_file(file, "2026-11-21", &orgs, &dir, err, sizeof err), -1);
	assert_string_equal(err, "version: must be 1");
	json_object_set_new(file, "version", json_integer(1));
	json_object_set_new(file, "directory", json_pack("{ss}", "default_language", "de"));
	assert_int_equal(record_check_file(file, "2026-11-21", &orgs, &dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "directory.default_language"));
	json_object_set_new(file, "extra", json_true());
	assert_int_equal(record_check_file(file, "2026-11-21", &orgs, &dir, err, sizeof err), -1);
	json_decref(file);
}

static void
test_fixture_files_pass(void **state)
{
	static const char *const files[] = { "fixtures/montreal-endorsers.json", "fixtures/demo-services.json" };
	char err[600];
	json_t *file, *orgs, *dir;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		file = json_load_file(files[i], 0, NULL);
		assert_non_null(file);
		if (record_check_file(file, "2026-11-21", &orgs, &dir, err, sizeof err) != 0)
			fail_msg("%s: %s", files[i], err);
		assert_true(json_array_size(orgs) >= 60);
		json_decref(orgs);
		json_decref(dir);
		json_decref(file);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_records_are_refused_naming_the_field),
		cmocka_unit_test(test_canonical_form_fills_defaults_and_is_idempotent),
		cmocka_unit_test(test_file_level_checks_name_the_record),
		cmocka_unit_test(test_fixture_files_pass),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
