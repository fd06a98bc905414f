/*
** test_generate.c - the benchmark directory generator: its files pass the import checker
** whole, the same count and seed give the same bytes (and a smaller count a prefix),
** another seed gives another directory, and a generated directory imports into a fresh
** database whose every row passes the schema's checks, where a search finds its
** organizations.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "generate.h"
#include "record.h"
#include "search.h"
#include "store.h"
#include "testsrv.h"

#define TODAY "2026-11-21"

struct generated {
	char  *text;
	size_t len;
};

static struct generated
generate(long count, unsigned long seed)
{
	struct generated g;

	g.text = testdb_generate(count, seed, &g.len);
	return g;
}

/* The generated text parsed as the importer parses a file. */
static json_t *
parse(const struct generated *g)
{
	json_error_t jerr;
	json_t *root = json_loadb(g->text, g->len, JSON_REJECT_DUPLICATES, &jerr);

	if (root == NULL)
		fail_msg("line %d: %s", jerr.line, jerr.text);
	return root;
}

/* Check the whole file; *orgs receives the canonical records. */
static void
check_file(const struct generated *g, json_t **orgs, json_t **dir)
{
	json_t *root = parse(g);
	char err[600];

	if (record_check_file(root, TODAY, orgs, dir, err, sizeof err) != 0)
		fail_msg("record_check_file: %s", err);
	json_decref(root);
}

/* Every record is a verified demo, and about nine in ten provide services. */
static void
assert_records_look_right(const json_t *orgs, long count)
{
	const json_t *org;
	size_t i, providers = 0;

	assert_int_equal(json_array_size(orgs), count);
	json_array_foreach(orgs, i, org) {
		assert_true(json_is_true(json_object_get(org, "demo")));
		assert_string_equal(json_string_value(json_object_get(json_object_get(org,
		    "verification"), "state")), "verified");
		assert_true(json_array_size(json_object_get(org, "locations")) >= 1);
		if (json_is_true(json_object_get(org, "provides_services"))) {
			providers++;
			assert_int_equal(json_array_size(json_object_get(org, "commitments")), 6);
			assert_in_range(json_array_size(json_object_get(org, "services")), 1, 5);
		} else {
			assert_int_equal(json_array_size(json_object_get(org, "commitments")), 1);
		}
	}
	if (count >= 1000)
		assert_in_range(providers * 100 / (size_t)count, 85, 95);
}

static void
test_generated_files_pass_the_checker(void **state)
{
	static const long counts[] = { 50, 1000 };
	struct generated g;
	json_t *orgs, *dir;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		g = generate(counts[i], 7);
		check_file(&g, &orgs, &dir);
		assert_records_look_right(orgs, counts[i]);
		assert_string_equal(json_string_value(json_object_get(dir, "time_zone")), "America/Montreal");
		/* About 2 to 3 KB of JSON per organization. */
		assert_in_range(g.len / (size_t)counts[i], 1500, 3500);
		json_decref(orgs);
		json_decref(dir);
		free(g.text);
	}
}

/* The id of the first organization of a parsed file. */
static const char *
first_id(const json_t *root)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(root,
	    "organizations"), 0), "id"));
}

static void
test_same_seed_gives_the_same_bytes(void **state)
{
	struct generated a, b, small, other;
	json_t *ra, *rb;

	(void)state;
	a = generate(200, 42);
	b = generate(200, 42);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.text, b.text, a.len);
	/* A smaller count gives the same first organizations. */
	small = generate(20, 42);
	ra = parse(&a);
	rb = parse(&small);
	assert_true(json_equal(json_array_get(json_object_get(ra, "organizations"), 19),
	    json_array_get(json_object_get(rb, "organizations"), 19)));
	/* Another seed, other organizations (ids and all). */
	other = generate(200, 43);
	assert_true(other.len != a.len || memcmp(other.text, a.text, a.len) != 0);
	json_decref(rb);
	rb = parse(&other);
	assert_string_not_equal(first_id(ra), first_id(rb));
	json_decref(ra);
	json_decref(rb);
	free(a.text);
	free(b.text);
	free(small.text);
	free(other.text);
}

static void
test_bad_count_is_refused(void **state)
{
	char err[300], *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	(void)state;
	assert_non_null(mem);
	assert_int_equal(generate_directory(mem, 0, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "count"));
	assert_int_equal(generate_directory(mem, GENERATE_MAX_COUNT + 1, 1, err, sizeof err), -1);
	fclose(mem);
	assert_int_equal(len, 0);
	free(text);
}

/* The number of organizations a search for q finds in the database at path. */
static long
search_total(const char *path, const char *q)
{
	struct search_params p;
	struct search_result r;
	struct api_error aerr;
	struct dbconn c = { 0 };
	json_t *params = json_pack("{ss}", "q", q);
	char err[300];
	long total;

	assert_int_equal(search_params_parse(params, NULL, &p, &aerr), 0);
	assert_int_equal(db_open(path, DB_READONLY, &c, err, sizeof err), 0);
	if (search_run(&c, NULL, &p, NULL, &r, err, sizeof err) != 0)
		fail_msg("search_run: %s", err);
	total = r.total;
	assert_true(json_array_size(r.views) > 0 || total == 0);
	search_result_free(&r);
	search_params_free(&p);
	db_close(&c);
	json_decref(params);
	return total;
}

/* How many organization names of orgs contain word. */
static long
names_with(const json_t *orgs, const char *word)
{
	const json_t *org;
	size_t i;
	long n = 0;

	json_array_foreach(orgs, i, org)
		n += strstr(json_string_value(json_object_get(org, "name")), word) != NULL;
	return n;
}

static void
test_generated_directory_imports_and_is_found(void **state)
{
	struct dbconn c = { 0 };
	struct generated g;
	json_t *orgs, *dir;
	char tmp[64], path[128], err[600], first[256], *said;
	long food_banks;

	(void)state;
	snprintf(tmp, sizeof tmp, "/tmp/sd-generate-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(path, sizeof path, "%s/g.db", tmp);
	assert_int_equal(testdb_create(path, NULL, err, sizeof err), 0);
	g = generate(1000, 3);
	check_file(&g, &orgs, &dir);
	assert_int_equal(db_open(path, DB_READWRITE, &c, err, sizeof err), 0);
	if (store_import(&c, orgs, dir, err, sizeof err) != 0)
		fail_msg("store_import: %s", err);
	db_close(&c);
	assert_int_equal(testdb_count(path), 1000);
	said = testdb_integrity(path);	/* the import writes without CHECK constraints */
	assert_string_equal(said, "ok");
	free(said);

	snprintf(first, sizeof first, "%s",
	    json_string_value(json_object_get(json_array_get(orgs, 0), "name")));
	assert_true(search_total(path, first) >= 1);
	food_banks = names_with(orgs, "Banque alimentaire");
	assert_true(food_banks > 0);
	assert_true(search_total(path, "banque alimentaire") >= food_banks);
	assert_int_equal(search_total(path, "zzyzxqwv"), 0);

	json_decref(orgs);
	json_decref(dir);
	free(g.text);
	testdb_remove(path);
	rmdir(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_files_pass_the_checker),
		cmocka_unit_test(test_same_seed_gives_the_same_bytes),
		cmocka_unit_test(test_bad_count_is_refused),
		cmocka_unit_test(test_generated_directory_imports_and_is_found),
	};

	return cmocka_run_group_tests_name("generate", tests, NULL, NULL);
}
