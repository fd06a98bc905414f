/*
** test_accounts.c - accounts over real HTTP: set-up and invitation links, login and
** logout, the session cookie's attributes and lifetime, passphrase rules and changes,
** login throttling, form tokens and origins on the account pages, and that public pages
** still never set a cookie and the database never holds a secret in clear.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testauth.h"

#define GOOD_PASS "violet lanterns over the river"
#define FIXED_NOW ((time_t)1795000000)   /* 2026-11-18, a Wednesday */

static struct testsrv *srv;

static int
setup(void **state)
{
	struct testsrv_options opt = { NULL, FIXED_NOW, NULL };

	(void)state;
	srv = testsrv_new_with(testsrv_all_fixtures, &opt);
	return srv != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	testsrv_free(srv);
	return 0;
}

/* A verified organization's id from the demo fixtures. */
static const char *
verified_org(void)
{
	static char id[40];
	json_t *file = json_load_file("fixtures/demo-services.json", 0, NULL);
	const json_t *org = fixture_find_org(file, "verified", NULL);

	assert_non_null(org);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(org, "id")));
	json_decref(file);
	return id;
}

static long
post_status(struct testauth *a, const char *path, const char *const *fields)
{
	struct http_result r;
	long status;

	assert_int_equal(testauth_post(srv, a, path, fields, &r), 0);
	status = r.status;
	http_result_free(&r);
	return status;
}

static long
get_status(struct testauth *a, const char *path, char *location, size_t loclen)
{
	struct http_result r;
	long status;

	assert_int_equal(testauth_get(srv, a, path, &r), 0);
	status = r.status;
	if (location != NULL && http_header(&r, "Location", location, loclen) == NULL)
		location[0] = '\0';
	http_result_free(&r);
	return status;
}

static void
test_setup_link_logs_in_once(void **state)
{
	struct testauth a, b;
	struct http_result r;
	char token[64], path[200];
	const char *fields[] = { "token", token, "passphrase", GOOD_PASS, "passphrase2", GOOD_PASS, NULL };

	(void)state;
	assert_int_equal(testauth_link(srv, "setup", "coord-once", token), 0);
	memset(&a, 0, sizeof a);
	snprintf(path, sizeof path, "/account/welcome?token=%s", token);
	assert_int_equal(get_status(&a, path, NULL, 0), 200);
	assert_int_equal(testauth_post(srv, &a, "/account/welcome", fields, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.headers.data, "Location: /coordinate"));
	http_result_free(&r);
	/* The link is used up. */
	memset(&b, 0, sizeof b);
	assert_int_equal(get_status(&b, path, NULL, 0), 404);
	assert_int_equal(post_status(&a, "/account/welcome", fields), 404);
}

static void
test_cookie_attributes(void **state)
{
	struct testauth a;
	struct http_result r;
	char token[64];
	const char *fields[] = { "token", token, "passphrase", GOOD_PASS, "passphrase2", GOOD_PASS, NULL };
	char *set;

	(void)state;
	assert_int_equal(testauth_link(srv, "setup", "coord-cookie", token), 0);
	memset(&a, 0, sizeof a);
	assert_int_equal(get_status(&a, "/login", NULL, 0), 200);
	assert_int_equal(testauth_post(srv, &a, "/account/welcome", fields, &r), 0);
	set = strstr(r.headers.data, "Set-Cookie: sd_session=");
	assert_non_null(set);
	*strchr(set, '\r') = '\0';
	assert_non_null(strstr(set, "; HttpOnly"));
	assert_non_null(strstr(set, "; SameSite=Strict"));
	assert_non_null(strstr(set, "; Path=/"));
	assert_null(strstr(set, "Secure"));   /* plain HTTP on loopback */
	http_result_free(&r);
}

static void
test_secure_cookie_over_https(void **state)
{
	struct testsrv_options opt = { NULL, FIXED_NOW, "https://directory.example.org" };
	struct testsrv *https = testsrv_new_with(testsrv_all_fixtures, &opt);
	struct testauth a;
	struct http_result r;
	char token[64];
	const char *fields[] = { "token", token, "passphrase", GOOD_PASS, "passphrase2", GOOD_PASS, NULL };
	const char *origin[] = { "Origin: https://directory.example.org",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	char body[300];

	(void)state;
	assert_non_null(https);
	assert_int_equal(testauth_link(https, "setup", "coord-https", token), 0);
	memset(&a, 0, sizeof a);
	snprintf(body, sizeof body, "/account/welcome?token=%s", token);
	assert_int_equal(testauth_get(https, &a, body, &r), 0);
	http_result_free(&r);
	/* testauth_post sends the loopback origin, which this server refuses. */
	assert_int_equal(testauth_post(https, &a, "/account/welcome", fields, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	snprintf(body, sizeof body, "token=%s&passphrase=violet+lanterns+over+the+river&"
	    "passphrase2=violet+lanterns+over+the+river&csrf=%s", token, a.csrf);
	assert_int_equal(testauth_request(https, NULL, "POST", "/account/welcome", origin, body, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.headers.data, "Set-Cookie: __Host-sd_session="));
	assert_non_null(strstr(r.headers.data, "; Secure"));
	http_result_free(&r);
	testsrv_free(https);
}

static void
test_login_logout(void **state)
{
	struct testauth a, old;
	char loc[200];
	const char *login[] = { "login", "coord-login", "passphrase", GOOD_PASS, NULL };

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-login", GOOD_PASS, &a), 0);
	assert_int_equal(get_status(&a, "/coordinate", NULL, 0) == 403, 0);
	/* Logging in again gives a new session id and ends the one sent with the form. */
	old = a;
	memset(&a, 0, sizeof a);
	assert_int_equal(get_status(&a, "/login", NULL, 0), 200);
	strcpy(a.cookie, old.cookie);
	assert_int_equal(get_status(&a, "/login", loc, sizeof loc), 303);   /* logged in */
	{
		struct http_result r;
		struct testauth fresh = { "", "" };

		assert_int_equal(get_status(&fresh, "/login", NULL, 0), 200);
		strcpy(fresh.cookie, old.cookie);
		assert_int_equal(get_status(&fresh, "/account/passphrase", NULL, 0), 200);
		assert_int_equal(testauth_post(srv, &fresh, "/login", login, &r), 0);
		assert_int_equal(r.status, 303);
		assert_int_equal(testauth_take_session(&r, &a), 0);
		http_result_free(&r);
	}
	assert_string_not_equal(a.cookie, old.cookie);
	assert_int_equal(get_status(&old, "/account/passphrase", loc, sizeof loc), 303);
	assert_non_null(strstr(loc, "/login"));
	assert_int_equal(get_status(&a, "/account/passphrase", NULL, 0), 200);
	/* Logout ends the session on the server: the same cookie no longer works. */
	assert_int_equal(post_status(&a, "/logout", NULL), 303);
	assert_int_equal(get_status(&a, "/account/passphrase", loc, sizeof loc), 303);
	assert_non_null(strstr(loc, "/login"));
}

static void
test_wrong_passphrase_and_throttle(void **state)
{
	struct testauth a, v;
	const char *wrong[] = { "login", "coord-throttle", "passphrase", "not the passphrase at all", NULL };
	const char *right[] = { "login", "coord-throttle", "passphrase", GOOD_PASS, NULL };
	const char *nobody[] = { "login", "nobody-here", "passphrase", GOOD_PASS, NULL };
	int i;

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-throttle", GOOD_PASS, &a), 0);
	memset(&v, 0, sizeof v);
	assert_int_equal(get_status(&v, "/login", NULL, 0), 200);
	assert_int_equal(post_status(&v, "/login", nobody), 401);
	for (i = 0; i < 4; i++)
		assert_int_equal(post_status(&v, "/login", wrong), 401);
	/* Three failures cost nothing; after the fourth, the next attempt must wait 2 s, and
	** this server's clock stands still: too soon, even with the right passphrase, which
	** is then not even checked. */
	assert_int_equal(post_status(&v, "/login", right), 429);
	assert_int_equal(post_status(&v, "/login", wrong), 429);
}

static void
test_passphrase_rules(void **state)
{
	char token[64];
	const char *too_short[] = { "token", token, "login", "editor-rules", "passphrase", "short pass",
	    "passphrase2", "short pass", NULL };
	const char *common[] = { "token", token, "login", "editor-rules", "passphrase", "password1234",
	    "passphrase2", "password1234", NULL };
	const char *same_as_login[] = { "token", token, "login", "editor-rules-login",
	    "passphrase", "editor-rules-login", "passphrase2", "editor-rules-login", NULL };
	const char *differ[] = { "token", token, "login", "editor-rules", "passphrase", GOOD_PASS,
	    "passphrase2", GOOD_PASS "!", NULL };
	const char *bad_login[] = { "token", token, "login", "a b", "passphrase", GOOD_PASS,
	    "passphrase2", GOOD_PASS, NULL };
	struct testauth a;
	char path[200];

	(void)state;
	assert_int_equal(testauth_link(srv, "invitation", verified_org(), token), 0);
	memset(&a, 0, sizeof a);
	snprintf(path, sizeof path, "/account/welcome?token=%s", token);
	assert_int_equal(get_status(&a, path, NULL, 0), 200);
	assert_int_equal(post_status(&a, "/account/welcome", too_short), 400);
	assert_int_equal(post_status(&a, "/account/welcome", common), 400);
	assert_int_equal(post_status(&a, "/account/welcome", same_as_login), 400);
	assert_int_equal(post_status(&a, "/account/welcome", differ), 400);
	assert_int_equal(post_status(&a, "/account/welcome", bad_login), 400);
	/* None of these used the link up. */
	assert_int_equal(get_status(&a, path, NULL, 0), 200);
}

static void
test_change_passphrase_ends_other_sessions(void **state)
{
	struct testauth a, b;
	const char *login[] = { "login", "coord-change", "passphrase", GOOD_PASS, NULL };
	const char *change[] = { "current", GOOD_PASS, "passphrase", "a new and longer passphrase",
	    "passphrase2", "a new and longer passphrase", NULL };
	const char *wrong_current[] = { "current", "not it at all, no", "passphrase",
	    "another new passphrase", "passphrase2", "another new passphrase", NULL };
	const char *old_login[] = { "login", "coord-change", "passphrase", GOOD_PASS, NULL };
	struct http_result r;

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-change", GOOD_PASS, &a), 0);
	memset(&b, 0, sizeof b);
	assert_int_equal(get_status(&b, "/login", NULL, 0), 200);
	assert_int_equal(testauth_post(srv, &b, "/login", login, &r), 0);
	assert_int_equal(testauth_take_session(&r, &b), 0);
	http_result_free(&r);
	assert_int_equal(get_status(&b, "/account/passphrase", NULL, 0), 200);
	assert_int_equal(get_status(&a, "/account/passphrase", NULL, 0), 200);
	assert_int_equal(post_status(&a, "/account/passphrase", wrong_current), 400);
	assert_int_equal(post_status(&a, "/account/passphrase", change), 303);
	assert_int_equal(get_status(&a, "/account/passphrase", NULL, 0), 200);
	assert_int_equal(get_status(&b, "/account/passphrase", NULL, 0), 303);
	memset(&b, 0, sizeof b);
	assert_int_equal(get_status(&b, "/login", NULL, 0), 200);
	assert_int_equal(post_status(&b, "/login", old_login), 401);
}

static void
test_form_token_and_origin(void **state)
{
	struct testauth a, stolen;
	struct http_result r;
	char body[200];
	const char *evil[] = { "Origin: http://evil.example",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *cross_site[] = { "Sec-Fetch-Site: cross-site",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *json[] = { "Content-Type: application/json", NULL };

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-csrf", GOOD_PASS, &a), 0);
	/* No token, a wrong token, another session's token: 403, still logged in. */
	snprintf(body, sizeof body, "x=1");
	assert_int_equal(testauth_request(srv, &a, "POST", "/logout",
	    (const char *const[]){ "Content-Type: application/x-www-form-urlencoded", NULL }, body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	stolen = a;
	strcpy(stolen.csrf, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(post_status(&stolen, "/logout", NULL), 403);
	snprintf(body, sizeof body, "csrf=%s", a.csrf);
	assert_int_equal(testauth_request(srv, &a, "POST", "/logout", evil, body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(testauth_request(srv, &a, "POST", "/logout", cross_site, body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(testauth_request(srv, &a, "POST", "/logout", json, "{}", &r), 0);
	assert_int_equal(r.status, 415);
	http_result_free(&r);
	assert_int_equal(get_status(&a, "/account/passphrase", NULL, 0), 200);
}

static void
test_areas_need_login(void **state)
{
	struct testauth v = { "", "" }, fake = { "sd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "" };
	char loc[200];

	(void)state;
	assert_int_equal(get_status(&v, "/coordinate", loc, sizeof loc), 303);
	assert_string_equal(loc, "/login?next=/coordinate");
	assert_int_equal(get_status(&v, "/edit", loc, sizeof loc), 303);
	assert_int_equal(get_status(&fake, "/edit", loc, sizeof loc), 303);
	assert_int_equal(get_status(&v, "/account/passphrase", loc, sizeof loc), 303);
	/* next= never leads to another site. */
	assert_int_equal(get_status(&v, "/login?next=//evil.example/", NULL, 0), 200);
}

static void
test_public_pages_never_set_cookies(void **state)
{
	static const char *const paths[] = { "/", "/search?q=clinique", "/about", "/api/v1/search",
	    "/api/v1/categories", "/nowhere", NULL };
	struct testauth a;
	struct http_result r;
	size_t i;

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-public", GOOD_PASS, &a), 0);
	for (i = 0; paths[i] != NULL; i++) {
		assert_int_equal(testauth_get(srv, &a, paths[i], &r), 0);
		assert_null(strstr(r.headers.data, "Set-Cookie"));
		assert_null(strstr(r.headers.data, "set-cookie"));
		assert_null(strstr(r.body.data, "coord-public"));   /* pages do not know who you are */
		http_result_free(&r);
	}
}

/* 1 if the file holds the bytes. */
static int
file_holds(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(needle), len;
	char *data;
	int found = 0;

	if (f == NULL)
		return 0;
	data = malloc(64 << 20);
	len = fread(data, 1, 64 << 20, f);
	fclose(f);
	for (size_t i = 0; i + n <= len && !found; i++)
		found = memcmp(data + i, needle, n) == 0;
	free(data);
	return found;
}

static void
test_no_secret_in_clear(void **state)
{
	struct testauth a;
	char token[64], path[200], wal[200];

	(void)state;
	assert_int_equal(testauth_link(srv, "setup", "coord-secret", token), 0);
	assert_int_equal(testauth_coordinator(srv, "coord-secret2", GOOD_PASS, &a), 0);
	snprintf(path, sizeof path, "%s", srv->db);
	snprintf(wal, sizeof wal, "%s-wal", srv->db);
	assert_false(file_holds(path, token) || file_holds(wal, token));
	assert_false(file_holds(path, a.cookie + 11) || file_holds(wal, a.cookie + 11));
	assert_false(file_holds(path, GOOD_PASS) || file_holds(wal, GOOD_PASS));
	assert_true(file_holds(path, "$argon2id$") || file_holds(wal, "$argon2id$"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup_link_logs_in_once),
		cmocka_unit_test(test_cookie_attributes),
		cmocka_unit_test(test_secure_cookie_over_https),
		cmocka_unit_test(test_login_logout),
		cmocka_unit_test(test_wrong_passphrase_and_throttle),
		cmocka_unit_test(test_passphrase_rules),
		cmocka_unit_test(test_change_passphrase_ends_other_sessions),
		cmocka_unit_test(test_form_token_and_origin),
		cmocka_unit_test(test_areas_need_login),
		cmocka_unit_test(test_public_pages_never_set_cookies),
		cmocka_unit_test(test_no_secret_in_clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
