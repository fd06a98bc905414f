/*
** test_client.c - what the web client adds to the directory, over real HTTP: facet
** counts that are exactly what choosing them finds, the referral sheet (HTML, JSON and
** its text-message version) and the ticks carried between pages, the filters page, gzip
** for public replies only, and the weight of a results page of 20 listings.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testsrv.h"

#define PAGE_WEIGHT_LIMIT (40 * 1024)

static struct testsrv *srv;

static int
setup(void **state)
{
	(void)state;
	srv = testsrv_new(testsrv_all_fixtures);
	return srv != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	testsrv_free(srv);
	return 0;
}

/* The ids of the first n results of an API search. */
static void
result_ids(const char *path, size_t n, char ids[][37])
{
	json_t *doc = http_get_expect(srv, path, 200), *contents = json_object_get(doc, "contents");
	size_t i;

	assert_true(json_array_size(contents) >= n);
	for (i = 0; i < n; i++)
		snprintf(ids[i], 37, "%s", json_string_value(json_object_get(json_array_get(contents, i), "id")));
	json_decref(doc);
}

/* ---- facets ------------------------------------------------------------------------- */

/* Following each facet's link finds exactly the count it showed. */
static void
check_facet_links(const char *path)
{
	json_t *doc = http_get_expect(srv, path, 200), *facets = json_object_get(doc, "facets"), *list, *e, *next;
	const char *kind;
	size_t i, checked = 0;

	assert_true(json_is_object(facets));
	json_object_foreach(facets, kind, list) {
		json_array_foreach(list, i, e) {
			if (json_is_true(json_object_get(e, "selected")))
				continue;
			next = http_get_expect(srv, json_string_value(json_object_get(e, "url")), 200);
			if (json_integer_value(json_object_get(next, "total_items")) !=
			    json_integer_value(json_object_get(e, "count")))
				fail_msg("%s: facet %s %s shows %lld, its link finds %lld", path, kind,
				    json_string_value(json_object_get(e, "label")),
				    (long long)json_integer_value(json_object_get(e, "count")),
				    (long long)json_integer_value(json_object_get(next, "total_items")));
			json_decref(next);
			checked++;
		}
	}
	assert_true(checked > 3);
	json_decref(doc);
}

static void
test_facet_counts_are_what_choosing_finds(void **state)
{
	(void)state;
	check_facet_links("/api/v1/search?facets=1");
	check_facet_links("/api/v1/search?facets=1&q=clinique");
	check_facet_links("/api/v1/search?facets=1&category=health&category=food");
	check_facet_links("/api/v1/search?facets=1&language=es&commitment=no-status-questions");
}

static void
test_facets_only_when_asked_in_the_api(void **state)
{
	json_t *doc;

	(void)state;
	doc = http_get_expect(srv, "/api/v1/search?q=clinique", 200);
	assert_null(json_object_get(doc, "facets"));
	json_decref(doc);
	doc = http_get_expect(srv, "/api/v1/search?q=qxqxqxqxqx&facets=1", 200);
	assert_int_equal(json_integer_value(json_object_get(doc, "total_items")), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "facets"), "categories")), 0);
	json_decref(doc);
	http_expect_error(srv, "/api/v1/search?facets=maybe", 400, "bad_parameter");
}

static void
test_results_page_shows_facets_with_language(void **state)
{
	struct http_result r;

	(void)state;
	http_get_status(srv, "/search?q=clinique&lang=es", 200, &r);
	assert_non_null(strstr(r.body.data, "<nav class=\"facets\""));
	assert_non_null(strstr(r.body.data, "category=legal&amp;lang=es\">"));
	assert_non_null(strstr(r.body.data, "class=\"n\">("));
	http_result_free(&r);
	http_get_status(srv, "/search?category=health&lang=en", 200, &r);
	assert_non_null(strstr(r.body.data, "aria-current=\"true\">✓ Health care"));
	http_result_free(&r);
}

/* ---- referral sheet ------------------------------------------------------------------- */

static void
test_referral_sheet_in_order_with_text_version(void **state)
{
	char ids[3][37], path[300];
	json_t *doc, *items;
	const char *sms;

	(void)state;
	result_ids("/api/v1/search?q=clinique", 3, ids);
	snprintf(path, sizeof path, "/api/v1/referral?ids=%s,%s,%s,%s&lang=fr", ids[2], ids[0], ids[1], ids[2]);
	doc = http_get_expect(srv, path, 200);
	items = json_object_get(doc, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "id")), ids[2]);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "id")), ids[0]);
	assert_int_equal(json_integer_value(json_object_get(doc, "missing")), 0);
	sms = json_string_value(json_object_get(doc, "sms"));
	assert_non_null(sms);
	assert_null(strstr(sms, "http"));
	assert_null(strstr(sms, "www."));
	assert_non_null(strstr(sms, json_string_value(json_object_get(json_array_get(items, 0), "name"))));
	assert_non_null(strstr(sms, "Tél. :"));
	assert_true(strlen(sms) < 1200);
	json_decref(doc);
}

static void
test_referral_html_and_form_arrays(void **state)
{
	char ids[2][37], path[300];
	struct http_result r;

	(void)state;
	result_ids("/api/v1/search?q=clinique", 2, ids);
	snprintf(path, sizeof path, "/referral?ids=%s&ids=%s&lang=ar", ids[0], ids[1]);
	http_get_status(srv, path, 200, &r);
	assert_non_null(strstr(r.body.data, "<html lang=\"ar\" dir=\"rtl\">"));
	assert_non_null(strstr(r.body.data, "<article class=\"referral-item\""));
	assert_non_null(strstr(strstr(r.body.data, "<article class=\"referral-item\"") + 10,
	    "<article class=\"referral-item\""));
	assert_non_null(strstr(r.body.data, "<textarea id=\"sms-text\""));
	assert_non_null(strstr(r.body.data, "/search?ids="));
	http_result_free(&r);
	http_get_status(srv, "/referral", 200, &r);
	assert_null(strstr(r.body.data, "referral-item"));
	assert_non_null(strstr(r.body.data, "class=\"empty\""));
	http_result_free(&r);
}

static void
test_referral_refuses_bad_ids(void **state)
{
	char path[1400];
	size_t i, n;

	(void)state;
	http_expect_error(srv, "/api/v1/referral?ids=nope", 400, "bad_parameter");
	http_expect_error(srv, "/api/v1/referral?ids=,", 400, "bad_parameter");
	http_expect_error(srv, "/api/v1/referral?ids=4E98795E-BDFF-4FC4-A6C0-6B21BBB157C6", 400, "bad_parameter");
	http_expect_error(srv, "/api/v1/referral?what=1", 400, "unknown_parameter");
	n = (size_t)snprintf(path, sizeof path, "/api/v1/referral?ids=");
	for (i = 0; i < 31; i++)
		n += (size_t)snprintf(path + n, sizeof path - n, "%s00000000-0000-4000-8000-%012zu",
		    i ? "," : "", i);
	http_expect_error(srv, path, 400, "bad_parameter");
}

static void
test_referral_counts_listings_no_longer_public(void **state)
{
	json_t *doc;

	(void)state;
	doc = http_get_expect(srv, "/api/v1/referral?ids=00000000-0000-4000-8000-000000000001", 200);
	assert_int_equal(json_array_size(json_object_get(doc, "items")), 0);
	assert_int_equal(json_integer_value(json_object_get(doc, "missing")), 1);
	json_decref(doc);
}

/* Ticks made on one page are kept by the next page's links and forms. */
static void
test_results_pages_carry_the_ticks(void **state)
{
	char ids[1][37], path[300], needle[200];
	struct http_result r;

	(void)state;
	result_ids("/api/v1/search?q=clinique", 1, ids);
	snprintf(path, sizeof path, "/search?q=logement&ids=%s&lang=en", ids[0]);
	http_get_status(srv, path, 200, &r);
	snprintf(needle, sizeof needle, "<input type=\"hidden\" name=\"ids\" value=\"%s\">", ids[0]);
	assert_non_null(strstr(r.body.data, needle));
	snprintf(needle, sizeof needle, "&amp;ids=%s&amp;lang=en", ids[0]);
	assert_non_null(strstr(r.body.data, needle));
	assert_non_null(strstr(r.body.data, "<form id=\"referral-form\" class=\"results\" action=\"/referral\" method=\"get\">"));
	assert_non_null(strstr(r.body.data, "id=\"referral-submit\""));
	http_result_free(&r);
	snprintf(path, sizeof path, "/search?q=clinique&ids=%s&lang=en", ids[0]);
	http_get_status(srv, path, 200, &r);
	snprintf(needle, sizeof needle, "value=\"%s\" checked>", ids[0]);
	assert_non_null(strstr(r.body.data, needle));
	http_result_free(&r);
}

/* ---- filters page --------------------------------------------------------------------- */

static void
test_filters_page_shows_the_search_as_set(void **state)
{
	struct http_result r;

	(void)state;
	http_get_status(srv, "/search?q=clinique&category=health&lang=fr", 200, &r);
	assert_non_null(strstr(r.body.data, "href=\"/search/filters?q=clinique&amp;category=health&amp;lang=fr\""));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"category\" value=\"health\">"));
	http_result_free(&r);
	http_get_status(srv, "/search/filters?q=clinique&category=health&sort=name&lang=fr", 200, &r);
	assert_non_null(strstr(r.body.data, "value=\"health\" checked"));
	assert_non_null(strstr(r.body.data, "value=\"name\" selected"));
	assert_non_null(strstr(r.body.data, "value=\"clinique\""));
	http_result_free(&r);
	http_get_status(srv, "/search/filters?radius=far", 400, &r);
	http_result_free(&r);
}

/* ---- compression ---------------------------------------------------------------------- */

static size_t
gunzip_size(const struct http_result *r)
{
	unsigned char out[256 * 1024];
	z_stream z;
	size_t n;

	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)r->body.data;
	z.avail_in = (uInt)r->body.len;
	z.next_out = out;
	z.avail_out = sizeof out;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	n = z.total_out;
	inflateEnd(&z);
	return n;
}

static void
test_public_replies_are_gzipped_when_accepted(void **state)
{
	const char *const gzip[] = { "Accept-Encoding: gzip, deflate", NULL };
	const char *const refused[] = { "Accept-Encoding: gzip;q=0, br", NULL };
	struct http_result plain, packed;
	char value[64];

	(void)state;
	http_get_status(srv, "/search?lang=en", 200, &plain);
	assert_null(http_header(&plain, "Content-Encoding", value, sizeof value));
	assert_int_equal(http_request(srv, "GET", "/search?lang=en", gzip, NULL, 0, &packed), 0);
	assert_non_null(http_header(&packed, "Content-Encoding", value, sizeof value));
	assert_string_equal(value, "gzip");
	assert_non_null(http_header(&packed, "Vary", value, sizeof value));
	assert_string_equal(value, "Accept-Encoding");
	assert_true(packed.body.len * 3 < plain.body.len);
	assert_int_equal(gunzip_size(&packed), plain.body.len);
	http_result_free(&packed);
	http_result_free(&plain);
	assert_int_equal(http_request(srv, "GET", "/api/v1/search?q=clinique", refused, NULL, 0, &packed), 0);
	assert_null(http_header(&packed, "Content-Encoding", value, sizeof value));
	http_result_free(&packed);
	/* Pages with a form token are never compressed (BREACH). */
	assert_int_equal(http_request(srv, "GET", "/login", gzip, NULL, 0, &packed), 0);
	assert_int_equal(packed.status, 200);
	assert_null(http_header(&packed, "Content-Encoding", value, sizeof value));
	http_result_free(&packed);
	assert_int_equal(http_request(srv, "GET", "/endorse", gzip, NULL, 0, &packed), 0);
	assert_null(http_header(&packed, "Content-Encoding", value, sizeof value));
	http_result_free(&packed);
}

/* ---- page weight ---------------------------------------------------------------------- */

/* The bytes of an asset the page references (href="/static/NAME..." or src=). */
static size_t
asset_bytes(const char *html, const char *prefix)
{
	const char *at = strstr(html, prefix), *end;
	char path[200];
	struct http_result r;
	size_t n;

	assert_non_null(at);
	at += strlen(prefix);
	end = strchr(at, '"');
	snprintf(path, sizeof path, "%.*s", (int)(end - at), at);
	http_get_status(srv, path, 200, &r);
	n = r.body.len;
	http_result_free(&r);
	return n;
}

static void
test_results_page_of_20_listings_weighs_under_40_kb(void **state)
{
	static const char *const langs[] = { "fr", "en", "es", "ar" };
	static const char *const searches[] = { "", "q=aide&", "category=legal&" };
	char path[200], *html;
	struct http_result r;
	size_t i, k, total;

	(void)state;
	for (i = 0; i < 4; i++) {
		for (k = 0; k < 3; k++) {
			snprintf(path, sizeof path, "/search?%slang=%s", searches[k], langs[i]);
			http_get_status(srv, path, 200, &r);
			html = r.body.data;
			total = r.body.len + asset_bytes(html, "<link rel=\"stylesheet\" href=\"") +
			    asset_bytes(html, "<script src=\"");
			assert_null(strstr(html, "forms."));
			if (strstr(html, "<p class=\"pager") == NULL && strstr(html, "class=\"pager\"") == NULL &&
			    k == 0)
				fail_msg("%s: expected more than one page of results", path);
			if (total >= PAGE_WEIGHT_LIMIT)
				fail_msg("%s: %zu bytes of HTML, CSS and JS (limit %d)", path, total,
				    PAGE_WEIGHT_LIMIT);
			http_result_free(&r);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facet_counts_are_what_choosing_finds),
		cmocka_unit_test(test_facets_only_when_asked_in_the_api),
		cmocka_unit_test(test_results_page_shows_facets_with_language),
		cmocka_unit_test(test_referral_sheet_in_order_with_text_version),
		cmocka_unit_test(test_referral_html_and_form_arrays),
		cmocka_unit_test(test_referral_refuses_bad_ids),
		cmocka_unit_test(test_referral_counts_listings_no_longer_public),
		cmocka_unit_test(test_results_pages_carry_the_ticks),
		cmocka_unit_test(test_filters_page_shows_the_search_as_set),
		cmocka_unit_test(test_public_replies_are_gzipped_when_accepted),
		cmocka_unit_test(test_results_page_of_20_listings_weighs_under_40_kb),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
