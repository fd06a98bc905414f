/*
** test_pages.c - the HTML pages over real HTTP: every page answers in every interface
** language with the right <html lang dir>, stored text is escaped, demo listings say
** so, real listings without details say so, error pages are pages, and every asset a
** page references is served by the directory itself with its type.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testsrv.h"

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

/* GET path, expect status and an HTML body; the caller frees the result. */
static void
page(const char *path, long status, struct http_result *r)
{
	char type[80];

	http_get_status(srv, path, status, r);
	assert_non_null(http_header(r, "Content-Type", type, sizeof type));
	assert_string_equal(type, "text/html; charset=utf-8");
	assert_non_null(strstr(r->body.data, "<!DOCTYPE html>"));
}

static void
page_has(const char *path, long status, const char *needle)
{
	struct http_result r;

	page(path, status, &r);
	if (strstr(r.body.data, needle) == NULL)
		fail_msg("GET %s: no \"%s\" in the page", path, needle);
	http_result_free(&r);
}

/* The id of the first search result for q (url-encoded). */
static void
first_id(const char *q, char *id, size_t idlen)
{
	char path[200];
	long status;
	json_t *doc;

	snprintf(path, sizeof path, "/api/v1/search?q=%s", q);
	doc = http_get_json(srv, path, &status);
	assert_non_null(doc);
	snprintf(id, idlen, "%s", json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "contents"), 0), "id")));
	json_decref(doc);
}

static void
test_every_page_in_every_language(void **state)
{
	static const char *const paths[] = { "/", "/search", "/search?q=logement", "/about",
	    "/search?category=housing&commitment=no-status-questions&fees=free&sort=name" };
	static const char *const langs[][2] = {
		{ "fr", "<html lang=\"fr\" dir=\"ltr\">" }, { "en", "<html lang=\"en\" dir=\"ltr\">" },
		{ "es", "<html lang=\"es\" dir=\"ltr\">" }, { "ar", "<html lang=\"ar\" dir=\"rtl\">" },
	};
	char path[300];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		for (j = 0; j < 4; j++) {
			snprintf(path, sizeof path, "%s%slang=%s", paths[i], strchr(paths[i], '?') ? "&" : "?",
			    langs[j][0]);
			page_has(path, 200, langs[j][1]);
		}
	/* Without lang=, the directory's default language (French). */
	page_has("/", 200, "<html lang=\"fr\" dir=\"ltr\">");
}

static void
test_search_form_keeps_the_query_and_escapes_it(void **state)
{
	(void)state;
	page_has("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200, "&lt;script&gt;alert(1)&lt;/script&gt;");
	page_has("/search?q=%22onmouseover%3D", 200, "&quot;onmouseover=");
	page_has("/search?q=logement&lang=en", 200, "value=\"logement\"");
}

static void
test_stored_text_is_escaped(void **state)
{
	char id[64], path[200];
	struct http_result r;

	(void)state;
	first_id("Repas%20Chez%20Nous%20Partage", id, sizeof id);
	snprintf(path, sizeof path, "/organizations/%s", id);
	page(path, 200, &r);
	assert_non_null(strstr(r.body.data, "Repas &quot;Chez Nous&quot; &amp; Partage"));
	assert_null(strstr(r.body.data, "Repas \"Chez Nous\""));
	http_result_free(&r);
}

static void
test_demo_and_missing_details_are_said(void **state)
{
	char id[64], path[200];

	(void)state;
	first_id("Soleil", id, sizeof id);
	snprintf(path, sizeof path, "/organizations/%s?lang=en", id);
	page_has(path, 200, "This is a demonstration listing: the organization is fictional.");
	page_has("/search?q=Soleil&lang=en", 200, "Demonstration listing (fictional)");
	first_id("medecins%20du%20monde", id, sizeof id);
	snprintf(path, sizeof path, "/organizations/%s?lang=en", id);
	page_has(path, 200, "Details (address, hours, phone) not yet provided by this organization.");
	page_has(path, 200, "Médecins du Monde");
}

static void
test_error_pages_are_pages(void **state)
{
	(void)state;
	page_has("/nowhere?lang=en", 404, "Page not found");
	page_has("/nowhere?lang=ar", 404, "dir=\"rtl\"");
	page_has("/organizations/00000000-0000-4000-8000-000000000000", 404, "</html>");
	page_has("/search?category=spaceships&lang=en", 400, "spaceships");
	page_has("/search?per_page=1000&lang=en", 400, "per_page");
	page_has("/search?q=%FF&lang=en", 400, "</html>");
}

static void
test_html_ignores_unknown_parameters_and_empty_choices(void **state)
{
	(void)state;
	page_has("/search?q=logement&utm_source=x", 200, "</html>");
	page_has("/search?q=logement&language=&category=&sort=&fees=&page=", 200, "</html>");
}

/* Every "/static/..." reference in the page is served, with the right type. */
static void
check_assets_of(const char *path)
{
	struct http_result r, a;
	const char *p, *end;
	char ref[200], type[80];
	int seen = 0;

	page(path, 200, &r);
	for (p = strstr(r.body.data, "\"/static/"); p != NULL; p = strstr(end, "\"/static/")) {
		end = strchr(p + 1, '"');
		assert_non_null(end);
		snprintf(ref, sizeof ref, "%.*s", (int)(end - p - 1), p + 1);
		assert_int_equal(http_request(srv, "GET", ref, NULL, NULL, 0, &a), 0);
		if (a.status != 200)
			fail_msg("%s references %s: %ld", path, ref, a.status);
		assert_non_null(http_header(&a, "Content-Type", type, sizeof type));
		if (strstr(ref, ".css") != NULL)
			assert_string_equal(type, "text/css; charset=utf-8");
		if (strstr(ref, ".js") != NULL)
			assert_string_equal(type, "text/javascript; charset=utf-8");
		if (strstr(ref, ".svg") != NULL)
			assert_string_equal(type, "image/svg+xml");
		assert_non_null(http_header(&a, "Cache-Control", type, sizeof type));
		assert_string_equal(type, "public, max-age=31536000, immutable");
		http_result_free(&a);
		seen++;
	}
	assert_true(seen >= 2);
	http_result_free(&r);
}

static void
test_assets_are_served_by_the_directory(void **state)
{
	(void)state;
	check_assets_of("/");
	check_assets_of("/search?q=logement");
	check_assets_of("/about");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_in_every_language),
		cmocka_unit_test(test_search_form_keeps_the_query_and_escapes_it),
		cmocka_unit_test(test_stored_text_is_escaped),
		cmocka_unit_test(test_demo_and_missing_details_are_said),
		cmocka_unit_test(test_error_pages_are_pages),
		cmocka_unit_test(test_html_ignores_unknown_parameters_and_empty_choices),
		cmocka_unit_test(test_assets_are_served_by_the_directory),
	};

	return cmocka_run_group_tests_name("http pages", tests, setup, teardown);
}
