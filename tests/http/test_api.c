/*
** test_api.c - the JSON API over real HTTP: every route, every filter, the accent, typo
** and synonym cases, paging, and every bad-input case with its status and error code.
** The server runs in-process on an ephemeral loopback port with both fixture files.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child.h"
#include "fold.h"
#include "testsrv.h"

static struct testsrv *srv;
static json_t *demo_file;    /* fixtures/demo-services.json, to pick test records */

static int
setup(void **state)
{
	(void)state;
	srv = testsrv_new(testsrv_all_fixtures);
	demo_file = json_load_file("fixtures/demo-services.json", 0, NULL);
	return srv != NULL && demo_file != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	testsrv_free(srv);
	json_decref(demo_file);
	return 0;
}

/* GET path from the test server expecting status (testsrv.h). */
static json_t *
get(const char *path, long want_status)
{
	return http_get_expect(srv, path, want_status);
}

static void
expect_error(const char *path, long status, const char *code)
{
	http_expect_error(srv, path, status, code);
}

/* 1 if any result of the search at path has this name. */
static int
finds(const char *path, const char *name)
{
	json_t *doc = get(path, 200), *item;
	size_t i;
	int found = 0;

	json_array_foreach(json_object_get(doc, "contents"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "name")), name) == 0)
			found = 1;
	json_decref(doc);
	return found;
}

static long
total(const char *path)
{
	json_t *doc = get(path, 200);
	long n = (long)json_integer_value(json_object_get(doc, "total_items"));

	json_decref(doc);
	return n;
}

/* 1 when the organization has a confidential location with a street address. */
static int
has_confidential_address(const json_t *org)
{
	const json_t *loc;
	size_t i;

	json_array_foreach(json_object_get(org, "locations"), i, loc)
		if (json_is_true(json_object_get(loc, "confidential")) &&
		    json_is_string(json_object_get(loc, "address")))
			return 1;
	return 0;
}

/* The first demo record whose verification state is state and, if want_confidential,
** that has a confidential location. */
static const json_t *
demo_record(const char *state, int want_confidential)
{
	return fixture_find_org(demo_file, state, want_confidential ? has_confidential_address : NULL);
}

static void
test_accents_and_prefixes_find_medecins_du_monde(void **state)
{
	(void)state;
	assert_true(finds("/api/v1/search?q=medecins", "Médecins du Monde"));
	assert_true(finds("/api/v1/search?q=M%C3%A9decins", "Médecins du Monde"));
	assert_true(finds("/api/v1/search?q=MEDECINS", "Médecins du Monde"));
	assert_true(finds("/api/v1/search?q=medec", "Médecins du Monde"));
}

static void
test_one_letter_typo_still_finds(void **state)
{
	json_t *doc;

	(void)state;
	assert_true(finds("/api/v1/search?q=medicins", "Médecins du Monde"));
	assert_true(finds("/api/v1/search?q=mdecins", "Médecins du Monde"));
	doc = get("/api/v1/search?q=medicins", 200);
	assert_true(json_is_true(json_object_get(doc, "fuzzy")));
	json_decref(doc);
	doc = get("/api/v1/search?q=medecins", 200);
	assert_true(json_is_false(json_object_get(doc, "fuzzy")));
	json_decref(doc);
}

static void
test_synonyms_cross_languages(void **state)
{
	(void)state;
	/* The demo food bank is described in French and English as a food bank. */
	assert_true(finds("/api/v1/search?q=comida", "Banque alimentaire du Marché Soleil"));
	assert_true(finds("/api/v1/search?q=food", "Banque alimentaire du Marché Soleil"));
	assert_true(finds("/api/v1/search?q=vivienda", "Comité logement de la Petite Patrie"));
	assert_true(finds("/api/v1/search?q=housing", "Comité logement de la Petite Patrie"));
}

static void
test_search_syntax_is_never_an_error(void **state)
{
	static const char *const hostile[] = {
		"%22", "%22%22%22", "*", "a*b", "NEAR(a%20b)", "(((", ")", "-logement", "a%20OR%20b",
		"NOT", "name%3Acactus", "%5E", "%7B%7D", "%5C", "%27", "%3B--", "AND%20AND",
	};
	char path[200];
	json_t *doc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/search?q=%s", hostile[i]);
		doc = get(path, 200);
		assert_true(json_is_array(json_object_get(doc, "contents")));
		json_decref(doc);
	}
}

static void
test_page_shape_is_hsds(void **state)
{
	json_t *doc = get("/api/v1/search?per_page=7&page=2", 200);
	static const char *const keys[] = { "total_items", "total_pages", "page_number", "size",
	    "first_page", "last_page", "empty", "contents" };
	size_t i;
	long all;

	(void)state;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_non_null(json_object_get(doc, keys[i]));
	all = (long)json_integer_value(json_object_get(doc, "total_items"));
	assert_true(all > 100);
	assert_int_equal(json_integer_value(json_object_get(doc, "page_number")), 2);
	assert_int_equal(json_integer_value(json_object_get(doc, "size")), 7);
	assert_int_equal(json_integer_value(json_object_get(doc, "total_pages")), (all + 6) / 7);
	assert_int_equal(json_array_size(json_object_get(doc, "contents")), 7);
	assert_true(json_is_false(json_object_get(doc, "first_page")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "links"), "next")),
	    "/api/v1/search?per_page=7&page=3");
	json_decref(doc);
	doc = get("/api/v1/organizations?per_page=50&lang=en", 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "links"), "next")),
	    "/api/v1/organizations?per_page=50&page=2&lang=en");
	json_decref(doc);
	doc = get("/api/v1/search?page=999", 200);
	assert_true(json_is_true(json_object_get(doc, "empty")));
	assert_int_equal(json_integer_value(json_object_get(doc, "total_items")), all);
	json_decref(doc);
}

static void
test_only_verified_organizations_are_public(void **state)
{
	const json_t *pending = demo_record("pending", 0), *suspended = demo_record("suspended", 0);
	char path[200];

	(void)state;
	assert_non_null(pending);
	assert_non_null(suspended);
	snprintf(path, sizeof path, "/api/v1/organizations/%s", json_string_value(json_object_get(pending, "id")));
	expect_error(path, 404, "not_found");
	snprintf(path, sizeof path, "/api/v1/organizations/%s", json_string_value(json_object_get(suspended, "id")));
	expect_error(path, 404, "not_found");
	assert_false(finds("/api/v1/search?per_page=100&page=1", json_string_value(json_object_get(pending, "name"))));
	assert_false(finds("/api/v1/search?per_page=100&page=2", json_string_value(json_object_get(pending, "name"))));
	/* 66 endorsers plus the verified demo records. */
	assert_int_equal(total("/api/v1/search"), total("/api/v1/organizations"));
}

static int
holds_text(const json_t *value, const char *needle)
{
	char *text = json_dumps(value, 0);
	int found = text != NULL && strstr(text, needle) != NULL;

	free(text);
	return found;
}

static void
test_confidential_location_never_served(void **state)
{
	const json_t *org = demo_record("verified", 1), *loc;
	struct http_result r;
	char path[200];
	json_t *doc, *l;
	size_t i;

	(void)state;
	assert_non_null(org);
	snprintf(path, sizeof path, "/api/v1/organizations/%s", json_string_value(json_object_get(org, "id")));
	doc = get(path, 200);
	json_array_foreach(json_object_get(doc, "locations"), i, l) {
		if (!json_is_true(json_object_get(l, "confidential")))
			continue;
		assert_null(json_object_get(l, "address"));
		assert_null(json_object_get(l, "latitude"));
		assert_null(json_object_get(l, "longitude"));
		assert_null(json_object_get(l, "postal_code"));
	}
	json_array_foreach(json_object_get(org, "locations"), i, loc) {
		if (!json_is_true(json_object_get(loc, "confidential")))
			continue;
		assert_false(holds_text(doc, json_string_value(json_object_get(loc, "address"))));
		/* Nor in the HTML page, nor found by searching for the street. */
		snprintf(path, sizeof path, "/organizations/%s", json_string_value(json_object_get(org, "id")));
		assert_int_equal(http_request(srv, "GET", path, NULL, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		assert_null(strstr(r.body.data, json_string_value(json_object_get(loc, "address"))));
		http_result_free(&r);
	}
	json_decref(doc);
}

static void
test_demo_records_are_marked(void **state)
{
	json_t *doc = get("/api/v1/search?q=Soleil", 200), *item;
	size_t i;

	(void)state;
	assert_true(json_array_size(json_object_get(doc, "contents")) > 0);
	json_array_foreach(json_object_get(doc, "contents"), i, item)
		assert_true(json_is_true(json_object_get(item, "demo")));
	json_decref(doc);
	doc = get("/api/v1/search?q=medecins%20du%20monde", 200);
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(doc, "contents"), 0), "demo")));
	json_decref(doc);
}

/* Every result of path satisfies pred. */
static void
all_results(const char *path, int (*pred)(const json_t *item), long at_least)
{
	json_t *doc = get(path, 200), *item;
	size_t i;

	assert_true(json_integer_value(json_object_get(doc, "total_items")) >= at_least);
	json_array_foreach(json_object_get(doc, "contents"), i, item)
		if (!pred(item))
			fail_msg("%s: result %s does not match", path, json_string_value(json_object_get(item, "name")));
	json_decref(doc);
}

static int
list_has(const json_t *list, const char *key, const char *value)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v) {
		const json_t *x = key ? json_object_get(v, key) : v;
		if (json_is_string(x) && strcmp(json_string_value(x), value) == 0)
			return 1;
	}
	return 0;
}

static int is_housing(const json_t *it) { return list_has(json_object_get(it, "categories"), "id", "housing"); }
static int is_food_or_legal(const json_t *it)
{
	return list_has(json_object_get(it, "categories"), "id", "food") ||
	    list_has(json_object_get(it, "categories"), "id", "legal");
}
static int holds_two(const json_t *it)
{
	return list_has(json_object_get(it, "commitments"), "id", "no-border-agency") &&
	    list_has(json_object_get(it, "commitments"), "id", "no-status-questions");
}
static int speaks_tigrinya(const json_t *it) { return list_has(json_object_get(it, "languages"), "code", "ti"); }
static int in_verdun(const json_t *it) { return list_has(json_object_get(it, "neighbourhoods"), NULL, "Verdun"); }
static int in_laval(const json_t *it) { return list_has(json_object_get(it, "cities"), NULL, "Laval"); }
static int is_free(const json_t *it)
{
	return strcmp(json_string_value(json_object_get(json_object_get(it, "fees"), "id")), "free") == 0;
}

static void
test_every_filter(void **state)
{
	(void)state;
	all_results("/api/v1/search?category=housing&per_page=100", is_housing, 10);
	all_results("/api/v1/search?category=food&category=legal&per_page=100", is_food_or_legal, 5);
	all_results("/api/v1/search?commitment=no-border-agency&commitment=no-status-questions&per_page=100", holds_two, 20);
	all_results("/api/v1/search?language=ti&per_page=100", speaks_tigrinya, 1);
	all_results("/api/v1/search?neighbourhood=verdun&per_page=100", in_verdun, 1);
	all_results("/api/v1/search?city=LAVAL&per_page=100", in_laval, 1);
	all_results("/api/v1/search?fees=free&per_page=100", is_free, 20);
	all_results("/api/v1/search?q=logement&category=housing&fees=free&per_page=100", is_housing, 1);
	{
		/* A well-spelled word that the filters exclude is not "corrected" into others. */
		json_t *doc = get("/api/v1/search?q=medecins&category=housing", 200);
		assert_int_equal(json_integer_value(json_object_get(doc, "total_items")), 0);
		assert_true(json_is_false(json_object_get(doc, "fuzzy")));
		json_decref(doc);
	}
	/* Filters narrow: a combination never finds more than one of its parts. */
	assert_true(total("/api/v1/search?category=housing&fees=free") <= total("/api/v1/search?category=housing"));
	assert_int_equal(total("/api/v1/search?commitment=status-for-all"), total("/api/v1/search"));
}

static void
test_sort_by_name(void **state)
{
	json_t *doc = get("/api/v1/search?q=logement&sort=name&per_page=100", 200);
	const json_t *contents = json_object_get(doc, "contents");
	struct buf prev = BUF_INIT, cur = BUF_INIT;
	const char *name;
	size_t i;

	(void)state;
	assert_true(json_array_size(contents) > 3);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "query"), "sort")), "name");
	for (i = 0; i < json_array_size(contents); i++) {
		name = json_string_value(json_object_get(json_array_get(contents, i), "name"));
		buf_reset(&cur);
		assert_int_equal(fold_text(&cur, name, strlen(name)), 0);
		if (i > 0 && strcmp(prev.data, cur.data) > 0)
			fail_msg("sorted by name: \"%s\" after \"%s\"", cur.data, prev.data);
		buf_reset(&prev);
		buf_puts(&prev, cur.data);
	}
	buf_free(&prev);
	buf_free(&cur);
	json_decref(doc);
}

static void
test_bad_parameters(void **state)
{
	char path[600];

	(void)state;
	expect_error("/api/v1/search?category=spaceships", 400, "bad_parameter");
	expect_error("/api/v1/search?commitment=maybe", 400, "bad_parameter");
	expect_error("/api/v1/search?language=klingon", 400, "bad_parameter");
	expect_error("/api/v1/search?per_page=0", 400, "bad_parameter");
	expect_error("/api/v1/search?per_page=101", 400, "bad_parameter");
	expect_error("/api/v1/search?per_page=ten", 400, "bad_parameter");
	expect_error("/api/v1/search?page=-1", 400, "bad_parameter");
	expect_error("/api/v1/search?page=1x", 400, "bad_parameter");
	expect_error("/api/v1/search?fees=cheap", 400, "bad_parameter");
	expect_error("/api/v1/search?sort=random", 400, "bad_parameter");
	expect_error("/api/v1/search?q=a&q=b", 400, "bad_parameter");
	expect_error("/api/v1/search?lang=xx", 400, "bad_parameter");
	expect_error("/api/v1/search?colour=red", 400, "unknown_parameter");
	expect_error("/api/v1/organizations?q=x", 400, "unknown_parameter");
	expect_error("/api/v1/categories?sort=name", 400, "unknown_parameter");
	expect_error("/api/v1/organizations/00000000-0000-4000-8000-000000000000?x=1", 400, "unknown_parameter");
	expect_error("/api/v1/search?a1&a2&a3&a4&a5&a6&a7&a8&a9&a10&a11&a12&a13&a14&a15&a16&a17&a18&a19&a20"
	    "&a21&a22&a23&a24&a25&a26&a27&a28&a29&a30&a31&a32&a33&a34&a35&a36&a37&a38&a39&a40&a41&a42&a43"
	    "&a44&a45&a46&a47&a48&a49&a50&a51&a52&a53&a54&a55&a56&a57&a58&a59&a60&a61&a62&a63&a64&a65",
	    400, "bad_parameter");
	expect_error("/api/v1/search?q=%FF%FE", 400, "invalid_utf8");
	expect_error("/api/v1/search?q=%C0%AF", 400, "invalid_utf8");
	expect_error("/api/v1/search?q=a%00b", 400, "invalid_utf8");
	expect_error("/api/v1/search?q=%01", 400, "bad_parameter");
	memset(path, 0, sizeof path);
	strcpy(path, "/api/v1/search?q=");
	memset(path + strlen(path), 'a', 257);
	expect_error(path, 400, "bad_parameter");
	path[strlen("/api/v1/search?q=") + 256] = '\0';
	json_decref(get(path, 200));
}

static void
expect_status(const char *path, long status)
{
	struct http_result r;

	http_get_status(srv, path, status, &r);
	http_result_free(&r);
}

static void
test_unknown_paths_are_404(void **state)
{
	(void)state;
	expect_error("/api/v1/nothing", 404, "not_found");
	expect_error("/api/v1/organizations/not-a-uuid", 404, "not_found");
	expect_error("/api/v1/organizations/00000000-0000-4000-8000-000000000000", 404, "not_found");
	expect_error("/api/v1/search/", 404, "not_found");
	expect_status("/static/../schema/001-initial.sql", 404);
	expect_status("/static/..%2Fschema%2F001-initial.sql", 404);
	expect_status("/static/style.css", 404);
	expect_status("/nowhere", 404);
}

static void
expect_method(const char *method, const char *path, long status, const char *allow)
{
	struct http_result r;
	char value[64];

	assert_int_equal(http_request(srv, method, path, NULL, NULL, 0, &r), 0);
	if (r.status != status)
		fail_msg("%s %s: %ld, wanted %ld", method, path, r.status, status);
	if (allow != NULL) {
		assert_non_null(http_header(&r, "Allow", value, sizeof value));
		assert_string_equal(value, allow);
	}
	http_result_free(&r);
}

static void
test_methods(void **state)
{
	(void)state;
	expect_method("DELETE", "/api/v1/search", 405, "GET, HEAD, POST");
	expect_method("PUT", "/", 405, "GET, HEAD");
	expect_method("POST", "/", 405, "GET, HEAD");
	expect_method("POST", "/api/v1/categories", 405, "GET, HEAD");
	expect_method("PATCH", "/search", 405, "GET, HEAD");
}

static void
test_head_has_headers_and_no_body(void **state)
{
	struct http_result get_r, head_r;
	char a[64], b[64];

	(void)state;
	assert_int_equal(http_request(srv, "GET", "/api/v1/categories", NULL, NULL, 0, &get_r), 0);
	assert_int_equal(http_request(srv, "HEAD", "/api/v1/categories", NULL, NULL, 0, &head_r), 0);
	assert_int_equal(head_r.status, 200);
	assert_int_equal(head_r.body.len, 0);
	assert_string_equal(http_header(&get_r, "Content-Length", a, sizeof a),
	    http_header(&head_r, "Content-Length", b, sizeof b));
	assert_string_equal(http_header(&head_r, "Content-Type", a, sizeof a), "application/json");
	http_result_free(&get_r);
	http_result_free(&head_r);
}

static void
post_search(const char *content_type, const char *body, size_t len, long status, const char *code,
    json_t **out)
{
	char header[100];
	const char *headers[] = { header, NULL };
	struct http_result r;
	json_t *doc;

	snprintf(header, sizeof header, "Content-Type: %s", content_type);
	assert_int_equal(http_request(srv, "POST", "/api/v1/search", headers, body, len, &r), 0);
	if (r.status != status)
		fail_msg("POST: %ld, wanted %ld: %s", r.status, status, r.body.data);
	doc = json_loadb(r.body.data, r.body.len, 0, NULL);
	assert_non_null(doc);
	if (code != NULL)
		assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "error"), "code")), code);
	if (out != NULL)
		*out = doc;
	else
		json_decref(doc);
	http_result_free(&r);
}

static void
test_post_search_keeps_queries_out_of_urls(void **state)
{
	static const char body[] = "{\"q\": \"medecins\", \"category\": [\"health\"], \"per_page\": 5}";
	char *big;
	json_t *doc;

	(void)state;
	post_search("application/json", body, strlen(body), 200, NULL, &doc);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "contents"), 0), "name")),
	    "Médecins du Monde");
	assert_int_equal(json_integer_value(json_object_get(doc, "size")), 5);
	/* The answer to a POST holds no link that would put the query in a URL. */
	assert_true(json_is_null(json_object_get(doc, "links")));
	json_decref(doc);
	post_search("application/json", "{\"page\": 2.5}", 13, 400, "bad_parameter", &doc);
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(doc, "error"), "message")),
	    "whole number"));
	json_decref(doc);
	post_search("application/json; charset=utf-8", "{\"q\":\"x\",\"category\":\"nope\"}", 27, 400, "bad_parameter", NULL);
	post_search("application/json", "{\"q\": ", 6, 400, "invalid_json", NULL);
	post_search("application/json", "[1,2]", 5, 400, "invalid_json", NULL);
	post_search("application/json", "{\"q\":1.5}", 9, 400, "bad_parameter", NULL);
	post_search("text/plain", body, strlen(body), 415, "unsupported_media_type", NULL);
	big = malloc(70 * 1024);
	assert_non_null(big);
	memset(big, ' ', 70 * 1024);
	big[0] = '{';
	big[70 * 1024 - 1] = '}';
	post_search("application/json", big, 70 * 1024, 413, "payload_too_large", NULL);
	free(big);
}

static void
test_detail_has_every_commitment_with_dates(void **state)
{
	const json_t *org = demo_record("verified", 0);
	json_t *doc, *c;
	char path[200];
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/organizations/%s", json_string_value(json_object_get(org, "id")));
	doc = get(path, 200);
	assert_int_equal(json_array_size(json_object_get(doc, "commitments")), 6);
	json_array_foreach(json_object_get(doc, "commitments"), i, c) {
		assert_non_null(json_object_get(c, "label"));
		assert_non_null(json_object_get(c, "meaning"));
		assert_true(json_is_boolean(json_object_get(c, "held")));
	}
	assert_string_equal(json_string_value(json_object_get(doc, "name")),
	    json_string_value(json_object_get(org, "name")));
	assert_true(json_is_true(json_object_get(doc, "demo")));
	json_decref(doc);
}

static void
test_catalog_routes_and_languages(void **state)
{
	json_t *doc;

	(void)state;
	doc = get("/api/v1/commitments?lang=en", 200);
	assert_int_equal(json_array_size(json_object_get(doc, "commitments")), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "commitments"), 1), "id")),
	    "no-status-questions");
	json_decref(doc);
	doc = get("/api/v1/categories?lang=es", 200);
	assert_true(json_array_size(json_object_get(doc, "categories")) >= 12);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "categories"), 0), "label")),
	    "Salud");
	json_decref(doc);
	doc = get("/api/v1/languages", 200);
	assert_true(json_array_size(json_object_get(doc, "languages")) > 30);
	json_decref(doc);
}

static void
test_accept_language_chooses_labels(void **state)
{
	const char *headers[] = { "Accept-Language: es-MX,es;q=0.9,en;q=0.5", NULL };
	struct http_result r;
	json_t *doc;

	(void)state;
	assert_int_equal(http_request(srv, "GET", "/api/v1/categories", headers, NULL, 0, &r), 0);
	doc = json_loadb(r.body.data, r.body.len, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "categories"), 0), "label")),
	    "Salud");
	json_decref(doc);
	http_result_free(&r);
}

/* The first category's label when the request names no language. */
static void
assert_default_label(struct testsrv *t, const char *want)
{
	struct http_result r;
	json_t *doc;

	assert_int_equal(http_request(t, "GET", "/api/v1/categories", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	doc = json_loadb(r.body.data, r.body.len, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc,
	    "categories"), 0), "label")), want);
	json_decref(doc);
	http_result_free(&r);
}

/* serve --default-language replaces the directory's setting (fr in the fixtures) for the
** run: a second server on the same database answers in Arabic. An unknown code starts
** nothing. */
static void
test_default_language_option(void **state)
{
	struct testsrv *other = calloc(1, sizeof *other);
	struct server_config cfg;
	char err[600];

	(void)state;
	assert_non_null(other);
	assert_default_label(srv, "Santé");
	memset(&cfg, 0, sizeof cfg);
	cfg.db_path = srv->db;
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 1;
	cfg.default_language = "ar";
	if (server_start(&other->srv, &cfg, err, sizeof err) != 0)
		fail_msg("%s", err);
	snprintf(other->base, sizeof other->base, "http://127.0.0.1:%u", (unsigned)other->srv.port);
	assert_default_label(other, "الصحة");
	server_stop(&other->srv);
	cfg.default_language = "de";
	assert_int_equal(server_start(&other->srv, &cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown default language \"de\" (ar, en, es, fr)"));
	free(other);
}

/* The command line refuses an unknown code with a usage error that lists the codes. */
static void
test_default_language_option_is_checked_by_serve(void **state)
{
	char program[4096], dir[64], out[128], err[128], *text;
	const char *argv[] = { program, "serve", "--default-language", "de", NULL };
	struct child_spec spec = { argv, NULL, out, err, NULL, 0, 0, 0 };
	struct child c;
	size_t len;

	(void)state;
	assert_int_equal(child_server_program(program, sizeof program), 0);
	assert_int_equal(tempdir_make(dir, sizeof dir, "sd-lang"), 0);
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(err, sizeof err, "%s/err", dir);
	spec.cwd = dir;
	assert_int_equal(child_start(&c, &spec), 0);
	assert_int_equal(child_wait(&c, 10), 0);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 2);
	text = file_slurp(err, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "--default-language"));
	assert_non_null(strstr(text, "ar, en, es, fr"));
	free(text);
	tempdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accents_and_prefixes_find_medecins_du_monde),
		cmocka_unit_test(test_one_letter_typo_still_finds),
		cmocka_unit_test(test_synonyms_cross_languages),
		cmocka_unit_test(test_search_syntax_is_never_an_error),
		cmocka_unit_test(test_page_shape_is_hsds),
		cmocka_unit_test(test_only_verified_organizations_are_public),
		cmocka_unit_test(test_confidential_location_never_served),
		cmocka_unit_test(test_demo_records_are_marked),
		cmocka_unit_test(test_every_filter),
		cmocka_unit_test(test_sort_by_name),
		cmocka_unit_test(test_bad_parameters),
		cmocka_unit_test(test_unknown_paths_are_404),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_head_has_headers_and_no_body),
		cmocka_unit_test(test_post_search_keeps_queries_out_of_urls),
		cmocka_unit_test(test_detail_has_every_commitment_with_dates),
		cmocka_unit_test(test_catalog_routes_and_languages),
		cmocka_unit_test(test_accept_language_chooses_labels),
		cmocka_unit_test(test_default_language_option),
		cmocka_unit_test(test_default_language_option_is_checked_by_serve),
	};

	return cmocka_run_group_tests_name("http api", tests, setup, teardown);
}
