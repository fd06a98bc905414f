/*
** test_headers.c - what every response tells the browser: on every route kind (HTML
** pages, each JSON route, every static asset of the home page, and the 400, 404, 405,
** 413 and 415 errors) the exact security headers, Cache-Control no-store (immutable for
** assets), and never Set-Cookie, ETag or Last-Modified. Every HTML page loads nothing
** from elsewhere and runs no inline code: no absolute URL in src, href or action except
** the quick-exit link and an organization's own website (rel noreferrer), no inline
** script, no style attribute or element, no on* handler. The quick-exit link is on every
** page, and a Cookie header changes nothing. The server runs in-process on 127.0.0.1.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testsrv.h"

#define MAX_ASSETS 8
#define MAX_ATTRS  32
#define BIG_SIZE   (70 * 1024)

/* The policy, stated here on purpose (the same strings as server/http.c): changing a
** security header must be a deliberate act that also changes this test. */
static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'";
static const struct { const char *name, *value; } exact_headers[] = {
	{ "Content-Security-Policy", csp },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Cross-Origin-Resource-Policy", "same-origin" },
};
static const char *const never_headers[] = { "Set-Cookie", "Set-Cookie2", "ETag", "Last-Modified" };

static struct testsrv *srv;
static char org_id[64];                  /* a verified organization with a website */
static char assets[MAX_ASSETS][128];     /* the /static/ URLs of the home page */
static size_t nassets;

/* ---- requests ---------------------------------------------------------------------- */

enum kind { HTML, JSON, ASSET };
enum body { NONE, JSON_SEARCH, TEXT_PLAIN, BAD_JSON, TOO_BIG };

/* One request of the survey; '@' in path is org_id, '^' the first asset. */
struct probe {
	const char *method;
	const char *path;
	enum body   body;
	long        status;
	enum kind   kind;
};

static const struct probe probes[] = {
	{ "GET",    "/",                                     NONE,        200, HTML },
	{ "HEAD",   "/",                                     NONE,        200, HTML },
	{ "GET",    "/?lang=ar",                             NONE,        200, HTML },
	{ "GET",    "/search?q=x",                           NONE,        200, HTML },
	{ "GET",    "/search?q=logement&lang=en",            NONE,        200, HTML },
	{ "GET",    "/search?category=housing&sort=name",    NONE,        200, HTML },
	{ "GET",    "/about",                                NONE,        200, HTML },
	{ "GET",    "/organizations/@",                      NONE,        200, HTML },
	{ "GET",    "/organizations/@?lang=es",              NONE,        200, HTML },
	{ "GET",    "/api/v1/search?q=x",                    NONE,        200, JSON },
	{ "HEAD",   "/api/v1/search?q=x",                    NONE,        200, JSON },
	{ "POST",   "/api/v1/search",                        JSON_SEARCH, 200, JSON },
	{ "GET",    "/api/v1/organizations",                 NONE,        200, JSON },
	{ "GET",    "/api/v1/organizations/@",               NONE,        200, JSON },
	{ "GET",    "/api/v1/categories",                    NONE,        200, JSON },
	{ "GET",    "/api/v1/commitments",                   NONE,        200, JSON },
	{ "GET",    "/api/v1/languages",                     NONE,        200, JSON },
	{ "GET",    "/nowhere",                              NONE,        404, HTML },
	{ "GET",    "/organizations/00000000-0000-4000-8000-000000000000", NONE, 404, HTML },
	{ "GET",    "/static/nothing.css",                   NONE,        404, HTML },
	{ "GET",    "/api/v1/nothing",                       NONE,        404, JSON },
	{ "GET",    "/api/v1/organizations/00000000-0000-4000-8000-000000000000", NONE, 404, JSON },
	{ "GET",    "/search?category=spaceships",           NONE,        400, HTML },
	{ "GET",    "/search?q=%FF",                         NONE,        400, HTML },
	{ "GET",    "/search?lang=xx",                       NONE,        400, HTML },
	{ "GET",    "/api/v1/search?category=spaceships",    NONE,        400, JSON },
	{ "GET",    "/api/v1/search?colour=red",             NONE,        400, JSON },
	{ "POST",   "/api/v1/search",                        BAD_JSON,    400, JSON },
	{ "PUT",    "/",                                     NONE,        405, HTML },
	{ "POST",   "/about",                                NONE,        405, HTML },
	{ "PUT",    "^",                                     NONE,        405, HTML },
	{ "DELETE", "/api/v1/search",                        NONE,        405, JSON },
	{ "POST",   "/api/v1/categories",                    NONE,        405, JSON },
	{ "POST",   "/api/v1/search",                        TOO_BIG,     413, JSON },
	{ "POST",   "/api/v1/search",                        TEXT_PLAIN,  415, JSON },
};

#define NPROBES (sizeof probes / sizeof probes[0])

/* The probe's path with '@' and '^' filled in. */
static void
probe_path(const struct probe *p, char *out, size_t outlen)
{
	const char *s;
	size_t n = 0;

	for (s = p->path; *s != '\0' && n + 1 < outlen; s++) {
		if (*s == '@' || *s == '^') {
			n += (size_t)snprintf(out + n, outlen - n, "%s", *s == '@' ? org_id : assets[0]);
			if (n >= outlen)
				n = outlen - 1;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
}

/* Send p (with extra headers, NULL-terminated, or NULL); check its status. */
static void
send_probe(const struct probe *p, const char *extra, struct http_result *r)
{
	static const char *const types[] = { NULL, "Content-Type: application/json",
	    "Content-Type: text/plain", "Content-Type: application/json",
	    "Content-Type: application/json" };
	const char *headers[3] = { NULL, NULL, NULL };
	char path[300], *big = NULL;
	const char *body = NULL;
	size_t h = 0, len = 0;

	probe_path(p, path, sizeof path);
	if (types[p->body] != NULL)
		headers[h++] = types[p->body];
	if (extra != NULL)
		headers[h++] = extra;
	if (p->body == JSON_SEARCH)
		body = "{\"q\": \"logement\"}";
	else if (p->body == TEXT_PLAIN)
		body = "q=logement";
	else if (p->body == BAD_JSON)
		body = "{\"q\": ";
	if (p->body == TOO_BIG) {
		assert_non_null(big = malloc(BIG_SIZE));
		memset(big, ' ', BIG_SIZE);
		big[0] = '{', big[BIG_SIZE - 1] = '}';
		body = big, len = BIG_SIZE;
	} else if (body != NULL) {
		len = strlen(body);
	}
	assert_int_equal(http_request(srv, p->method, path, headers, body, len, r), 0);
	free(big);
	if (r->status != p->status)
		fail_msg("%s %s: status %ld, wanted %ld", p->method, path, r->status, p->status);
}

/* ---- headers ------------------------------------------------------------------------- */

/* How many header lines of r are called name. */
static int
header_count(const struct http_result *r, const char *name)
{
	const char *line = r->headers.data, *end;
	size_t n = strlen(name);
	int count = 0;

	while (line != NULL && *line != '\0') {
		end = strstr(line, "\r\n");
		if (end == NULL)
			end = line + strlen(line);
		if ((size_t)(end - line) > n && line[n] == ':' && strncasecmp(line, name, n) == 0)
			count++;
		line = *end ? end + 2 : end;
	}
	return count;
}

/* The header once, with exactly this value. */
static void
assert_header(const struct http_result *r, const char *what, const char *name, const char *value)
{
	char got[600];

	if (header_count(r, name) != 1)
		fail_msg("%s: %d %s headers, wanted 1", what, header_count(r, name), name);
	http_header(r, name, got, sizeof got);
	if (strcmp(got, value) != 0)
		fail_msg("%s: %s is \"%s\", wanted \"%s\"", what, name, got, value);
}

static void
assert_csp_is_strict(const struct http_result *r, const char *what)
{
	static const char *const required[] = { "default-src 'self'", "frame-ancestors 'none'",
	    "form-action 'self'", "base-uri 'none'", "object-src 'none'" };
	static const char *const refused[] = { "'unsafe-inline'", "'unsafe-eval'", "http:", "https:",
	    "data:", "*" };
	char got[600];
	size_t i;

	assert_non_null(http_header(r, "Content-Security-Policy", got, sizeof got));
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (strstr(got, required[i]) == NULL)
			fail_msg("%s: the CSP lacks %s", what, required[i]);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (strstr(got, refused[i]) != NULL)
			fail_msg("%s: the CSP allows %s", what, refused[i]);
}

/* Every header the directory promises, and none of those it must never send. */
static void
assert_privacy_headers(const struct http_result *r, const char *what, enum kind kind)
{
	char got[600];
	size_t i;

	for (i = 0; i < sizeof exact_headers / sizeof exact_headers[0]; i++)
		assert_header(r, what, exact_headers[i].name, exact_headers[i].value);
	assert_csp_is_strict(r, what);
	if (header_count(r, "Permissions-Policy") != 1)
		fail_msg("%s: no single Permissions-Policy header", what);
	http_header(r, "Permissions-Policy", got, sizeof got);
	if (strstr(got, "camera=()") == NULL || strstr(got, "microphone=()") == NULL ||
	    strstr(got, "interest-cohort=()") == NULL)
		fail_msg("%s: Permissions-Policy \"%s\" does not deny camera, microphone and cohorts", what, got);
	assert_header(r, what, "Cache-Control",
	    kind == ASSET ? "public, max-age=31536000, immutable" : "no-store");
	for (i = 0; i < sizeof never_headers / sizeof never_headers[0]; i++)
		if (header_count(r, never_headers[i]) != 0)
			fail_msg("%s: has a %s header", what, never_headers[i]);
	if (kind == HTML)
		assert_header(r, what, "Content-Type", "text/html; charset=utf-8");
	if (kind == JSON)
		assert_header(r, what, "Content-Type", "application/json");
}

/* ---- HTML ------------------------------------------------------------------------------ */

struct attr {
	const char *name, *value;
	size_t      name_len, value_len;
};

struct tag {
	char        name[16];        /* lower case */
	struct attr attrs[MAX_ATTRS];
	size_t      nattrs;
	const char *end;             /* just after '>' */
};

static const char *
skip_space(const char *p)
{
	while (*p != '\0' && isspace((unsigned char)*p))
		p++;
	return p;
}

/* One attribute at p: name, then ="...", ='...', =value or nothing. */
static const char *
parse_attr(const char *p, struct attr *a)
{
	char quote;

	a->name = p;
	while (*p != '\0' && !isspace((unsigned char)*p) && *p != '=' && *p != '>' && *p != '/')
		p++;
	a->name_len = (size_t)(p - a->name);
	a->value = p, a->value_len = 0;
	p = skip_space(p);
	if (*p != '=')
		return p;
	p = skip_space(p + 1);
	if (*p == '"' || *p == '\'') {
		quote = *p++;
		a->value = p;
		while (*p != '\0' && *p != quote)
			p++;
		a->value_len = (size_t)(p - a->value);
		return *p ? p + 1 : p;
	}
	a->value = p;
	while (*p != '\0' && !isspace((unsigned char)*p) && *p != '>')
		p++;
	a->value_len = (size_t)(p - a->value);
	return p;
}

/* The start tag at p ("<name ...>"); the tag's end is NULL when the tag never closes. */
static void
parse_tag(const char *p, struct tag *t)
{
	size_t n = 0;

	memset(t, 0, sizeof *t);
	for (p++; isalnum((unsigned char)*p); p++)
		if (n + 1 < sizeof t->name)
			t->name[n++] = (char)tolower((unsigned char)*p);
	for (;;) {
		p = skip_space(p);
		if (*p == '\0')
			return;
		if (*p == '>') {
			t->end = p + 1;
			return;
		}
		if (*p == '/') {
			p++;
			continue;
		}
		assert_true(t->nattrs < MAX_ATTRS);
		p = parse_attr(p, &t->attrs[t->nattrs++]);
	}
}

static const struct attr *
tag_attr(const struct tag *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nattrs; i++)
		if (t->attrs[i].name_len == strlen(name) &&
		    strncasecmp(t->attrs[i].name, name, strlen(name)) == 0)
			return &t->attrs[i];
	return NULL;
}

/* 1 if the space-separated list in attribute name of t holds word. */
static int
attr_has_word(const struct tag *t, const char *name, const char *word)
{
	const struct attr *a = tag_attr(t, name);
	size_t n = strlen(word), i = 0, start;

	while (a != NULL && i < a->value_len) {
		while (i < a->value_len && isspace((unsigned char)a->value[i]))
			i++;
		start = i;
		while (i < a->value_len && !isspace((unsigned char)a->value[i]))
			i++;
		if (i - start == n && strncasecmp(a->value + start, word, n) == 0)
			return 1;
	}
	return 0;
}

/* 1 if the URL leaves the directory: a scheme other than mailto: and tel:, or "//host". */
static int
is_foreign_url(const char *v, size_t len)
{
	size_t i = 0;

	while (i < len && isspace((unsigned char)v[i]))
		i++;
	v += i, len -= i;
	if (len >= 2 && (v[0] == '/' || v[0] == '\\') && (v[1] == '/' || v[1] == '\\'))
		return 1;
	i = 0;
	while (i < len && (isalnum((unsigned char)v[i]) || v[i] == '+' || v[i] == '-' || v[i] == '.'))
		i++;
	if (i == len || v[i] != ':' || i == 0)
		return 0;
	return !(i == 6 && strncasecmp(v, "mailto", 6) == 0) && !(i == 3 && strncasecmp(v, "tel", 3) == 0);
}

/* What one page holds, counted while its tags are checked. */
struct page_tally {
	int quick_exits;     /* <a class="quick-exit"> with an absolute https URL and rel noreferrer */
	int websites;        /* an organization's website, rel noreferrer, on a detail page */
	int no_referrer_meta;
};

static void
check_link_attr(const char *what, const struct tag *t, const struct attr *a, int detail,
    struct page_tally *tally)
{
	if (!is_foreign_url(a->value, a->value_len))
		return;
	if (strcmp(t->name, "a") == 0 && attr_has_word(t, "class", "quick-exit")) {
		if (!attr_has_word(t, "rel", "noreferrer") || a->value_len < 8 ||
		    strncmp(a->value, "https://", 8) != 0)
			fail_msg("%s: the quick-exit link is not an https link with rel noreferrer", what);
		tally->quick_exits++;
		return;
	}
	if (detail && strcmp(t->name, "a") == 0 && a->name_len == 4 &&
	    attr_has_word(t, "rel", "noreferrer") &&
	    attr_has_word(t, "class", "website") &&
	    ((a->value_len > 7 && strncmp(a->value, "http://", 7) == 0) ||
	    (a->value_len > 8 && strncmp(a->value, "https://", 8) == 0))) {
		tally->websites++;
		return;
	}
	fail_msg("%s: <%s %.*s=\"%.*s\"> points outside the directory", what, t->name,
	    (int)a->name_len, a->name, (int)a->value_len, a->value);
}

/* The tag's attributes: no style=, no on*=, no absolute src/href/action (but the two
** kinds of links the directory means to give). */
static void
check_tag(const char *what, const struct tag *t, int detail, struct page_tally *tally)
{
	const struct attr *a;
	size_t i;

	if (strcmp(t->name, "style") == 0)
		fail_msg("%s: has a <style> element", what);
	if (strcmp(t->name, "script") == 0 && tag_attr(t, "src") == NULL)
		fail_msg("%s: has an inline <script>", what);
	if (strcmp(t->name, "meta") == 0 && attr_has_word(t, "name", "referrer") &&
	    attr_has_word(t, "content", "no-referrer"))
		tally->no_referrer_meta++;
	for (i = 0; i < t->nattrs; i++) {
		a = &t->attrs[i];
		if (a->name_len == 5 && strncasecmp(a->name, "style", 5) == 0)
			fail_msg("%s: <%s> has a style attribute", what, t->name);
		if (a->name_len > 2 && strncasecmp(a->name, "on", 2) == 0)
			fail_msg("%s: <%s> has an event handler %.*s", what, t->name, (int)a->name_len, a->name);
		if ((a->name_len == 3 && strncasecmp(a->name, "src", 3) == 0) ||
		    (a->name_len == 4 && strncasecmp(a->name, "href", 4) == 0) ||
		    (a->name_len == 6 && strncasecmp(a->name, "action", 6) == 0) ||
		    (a->name_len == 10 && strncasecmp(a->name, "formaction", 10) == 0) ||
		    (a->name_len == 6 && strncasecmp(a->name, "srcset", 6) == 0))
			check_link_attr(what, t, a, detail, tally);
	}
}

/* Check every tag of the page; a script's content must be empty. */
static struct page_tally
check_html(const char *what, const char *html, int detail)
{
	struct page_tally tally = { 0, 0, 0 };
	const char *p = html, *close;
	struct tag t;

	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, "<!--", 4) == 0) {
			assert_non_null(close = strstr(p, "-->"));
			p = close + 3;
			continue;
		}
		if (!isalpha((unsigned char)p[1])) {
			p++;
			continue;
		}
		parse_tag(p, &t);
		if (t.end == NULL)
			fail_msg("%s: a tag never closes: %.60s", what, p);
		check_tag(what, &t, detail, &tally);
		p = t.end;
		if (strcmp(t.name, "script") == 0) {
			assert_non_null(close = strstr(p, "</script"));
			if (skip_space(p) != close)
				fail_msg("%s: a <script> has inline content", what);
		}
	}
	return tally;
}

/* ---- setup ----------------------------------------------------------------------------- */

static int
has_website(const json_t *org)
{
	return json_is_string(json_object_get(org, "website"));
}

/* The first verified demo organization that gives a website. */
static void
find_org_with_website(void)
{
	json_t *file = json_load_file("fixtures/demo-services.json", 0, NULL);
	const json_t *org;

	assert_non_null(file);
	org = fixture_find_org(file, "verified", has_website);
	if (org != NULL)
		snprintf(org_id, sizeof org_id, "%s", json_string_value(json_object_get(org, "id")));
	json_decref(file);
}

/* Every "/static/..." URL of the home page. 0, or -1 (none, or more than MAX_ASSETS). */
static int
find_assets(void)
{
	struct http_result r;
	const char *p, *end;
	int rc = 0;

	if (http_request(srv, "GET", "/", NULL, NULL, 0, &r) != 0 || r.status != 200)
		rc = -1;
	for (p = rc ? NULL : strstr(r.body.data, "\"/static/"); p != NULL; p = strstr(end, "\"/static/")) {
		if ((end = strchr(p + 1, '"')) == NULL || nassets == MAX_ASSETS) {
			rc = -1;
			break;
		}
		snprintf(assets[nassets++], sizeof assets[0], "%.*s", (int)(end - p - 1), p + 1);
	}
	http_result_free(&r);
	return rc == 0 && nassets >= 2 ? 0 : -1;
}

static int teardown(void **state);

static int
setup(void **state)
{
	(void)state;
	srv = testsrv_new(testsrv_all_fixtures);
	if (srv == NULL)
		return -1;
	find_org_with_website();
	if (org_id[0] == '\0' || find_assets() != 0) {
		fprintf(stderr, "test_headers: no verified organization with a website, or the "
		    "home page's /static/ references could not be read\n");
		teardown(state);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	testsrv_free(srv);
	return 0;
}

/* ---- the tests -------------------------------------------------------------------------- */

static void
test_every_page_api_and_error_response_has_the_privacy_headers(void **state)
{
	struct http_result r;
	char what[400], path[300];
	size_t i;

	(void)state;
	for (i = 0; i < NPROBES; i++) {
		probe_path(&probes[i], path, sizeof path);
		snprintf(what, sizeof what, "%s %s", probes[i].method, path);
		send_probe(&probes[i], NULL, &r);
		assert_privacy_headers(&r, what, probes[i].kind);
		http_result_free(&r);
	}
}

static void
test_every_static_asset_is_immutable_with_the_privacy_headers(void **state)
{
	static const char *const methods[] = { "GET", "HEAD" };
	struct http_result r;
	char what[200];
	size_t i, m;

	(void)state;
	for (i = 0; i < nassets; i++)
		for (m = 0; m < 2; m++) {
			snprintf(what, sizeof what, "%.8s %.150s", methods[m], assets[i]);
			assert_int_equal(http_request(srv, methods[m], assets[i], NULL, NULL, 0, &r), 0);
			if (r.status != 200)
				fail_msg("%s: status %ld", what, r.status);
			assert_privacy_headers(&r, what, ASSET);
			http_result_free(&r);
		}
}

static void
test_html_pages_load_nothing_from_elsewhere_and_run_no_inline_code(void **state)
{
	struct page_tally tally;
	struct http_result r;
	char what[400], path[300];
	size_t i;
	int detail;

	(void)state;
	for (i = 0; i < NPROBES; i++) {
		if (probes[i].kind != HTML || strcmp(probes[i].method, "HEAD") == 0)
			continue;
		probe_path(&probes[i], path, sizeof path);
		snprintf(what, sizeof what, "%s %s", probes[i].method, path);
		detail = strncmp(probes[i].path, "/organizations/@", 16) == 0;
		send_probe(&probes[i], NULL, &r);
		tally = check_html(what, r.body.data, detail);
		if (tally.no_referrer_meta != 1)
			fail_msg("%s: no <meta name=\"referrer\" content=\"no-referrer\">", what);
		/* The detail page's website link was seen, so its exception is exercised. */
		if (detail && tally.websites != 1)
			fail_msg("%s: %d website links, wanted 1", what, tally.websites);
		http_result_free(&r);
	}
}

static void
test_quick_exit_link_is_on_every_page(void **state)
{
	static const char *const langs[] = { "fr", "en", "es", "ar" };
	struct page_tally tally;
	struct http_result r;
	struct probe lang_probe;
	char what[400], path[300], with_lang[340];
	size_t i, l;

	(void)state;
	for (i = 0; i < NPROBES; i++) {
		if (probes[i].kind != HTML || strcmp(probes[i].method, "HEAD") == 0)
			continue;
		probe_path(&probes[i], path, sizeof path);
		for (l = 0; l < sizeof langs / sizeof langs[0]; l++) {
			lang_probe = probes[i];
			if (strstr(path, "lang=") == NULL)
				snprintf(with_lang, sizeof with_lang, "%s%slang=%s", probes[i].path,
				    strchr(path, '?') ? "&" : "?", langs[l]);
			else
				snprintf(with_lang, sizeof with_lang, "%s", probes[i].path);
			lang_probe.path = with_lang;
			probe_path(&lang_probe, path, sizeof path);
			snprintf(what, sizeof what, "%s %s", probes[i].method, path);
			send_probe(&lang_probe, NULL, &r);
			tally = check_html(what, r.body.data, strncmp(with_lang, "/organizations/@", 16) == 0);
			if (tally.quick_exits != 1)
				fail_msg("%s: %d quick-exit links, wanted 1", what, tally.quick_exits);
			http_result_free(&r);
		}
	}
}

static void
test_a_cookie_changes_nothing(void **state)
{
	static const char cookie[] = "Cookie: lang=ar; session=0123456789abcdef; q=housing";
	struct http_result plain, with_cookie;
	char path[300];
	size_t i;

	(void)state;
	for (i = 0; i < NPROBES; i++) {
		if (strcmp(probes[i].method, "GET") != 0)
			continue;
		probe_path(&probes[i], path, sizeof path);
		send_probe(&probes[i], NULL, &plain);
		send_probe(&probes[i], cookie, &with_cookie);
		if (plain.body.len != with_cookie.body.len ||
		    memcmp(plain.body.data, with_cookie.body.data, plain.body.len) != 0)
			fail_msg("GET %s: a Cookie header changed the body", path);
		assert_int_equal(header_count(&with_cookie, "Set-Cookie"), 0);
		http_result_free(&plain);
		http_result_free(&with_cookie);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_api_and_error_response_has_the_privacy_headers),
		cmocka_unit_test(test_every_static_asset_is_immutable_with_the_privacy_headers),
		cmocka_unit_test(test_html_pages_load_nothing_from_elsewhere_and_run_no_inline_code),
		cmocka_unit_test(test_quick_exit_link_is_on_every_page),
		cmocka_unit_test(test_a_cookie_changes_nothing),
	};

	return cmocka_run_group_tests_name("http headers", tests, setup, teardown);
}
