/*
** test_coord.c - the coordinators' area over real HTTP: who may enter (logged out, an
** editor, forms without a token or from another site), the queue of applications with
** approval (the listing becomes public and the invitation link works) and rejection (it
** stays private), suspending and reinstating, restoring an earlier revision, reports,
** stale listings, the organization list's filters, and stored text with markup, quotes
** and a right-to-left override shown escaped on every page. Applications and reports are
** written straight into the database, as the public forms would store them.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "record.h"
#include "revision.h"
#include "store.h"
#include "testauth.h"

#define PASS        "violet lanterns over the river"
#define COORD_LOGIN "coord-ana"
#define EVIL        "<script>\"'\xe2\x80\xae"                  /* as stored */
#define EVIL_HTML   "&lt;script&gt;&quot;&#39;\xe2\x80\xae"   /* as a page must show it */
#define EVIL_RAW    "<script>\""                                /* must never appear */
#define NO_SUCH_ORG "00000000-0000-4000-8000-000000000000"

/* Demo organizations (fixtures/demo-services.json) that each test uses alone. */
#define ORG_EDITOR     "4e98795e-bdff-4fc4-a6c0-6b21bbb157c6"  /* verified: editor tests */
#define ORG_SUSPEND    "af12c03c-4b9c-4798-92e8-12d92bb8350d"  /* verified */
#define ORG_REVERT     "331b7497-1cc4-44a5-b7be-bef626ac5383"  /* verified */
#define ORG_REPORTS    "a4fa3f16-f16d-442c-a9bb-57168e5dcca7"  /* verified */
#define ORG_PENDING    "4525caac-6990-4b3c-9d20-b7f31173e2a7"  /* pending, no application */
#define ORG_SUSPENDED  "bc049361-6460-42f1-b239-d2196de435f2"  /* suspended */
#define ORG_OLDEST     "0469b76b-31be-482d-836d-4b8649f7009c"  /* updated 2015-09-12 */
#define ORG_OLD        "0f4988a6-2ff2-493e-a9ec-d5d837a6f812"  /* updated 2019-06-22 */
#define ORG_RECENT     "f81a85e6-fa21-48b8-b434-37fe0d369359"  /* updated 2026-11-14 */

static struct testsrv *srv;
static struct testauth coord;

static int
setup(void **state)
{
	(void)state;
	srv = testsrv_new(testsrv_all_fixtures);
	if (srv == NULL || testauth_coordinator(srv, COORD_LOGIN, PASS, &coord) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	testsrv_free(srv);
	return 0;
}

/* ---- the database, as the public forms and the editors would write it ------------- */

static void
db_begin(struct dbconn *c)
{
	char msg[200];

	assert_int_equal(db_open(srv->db, DB_READWRITE, c, msg, sizeof msg), 0);
	assert_int_equal(db_exec(c, "BEGIN IMMEDIATE", msg, sizeof msg), 0);
}

static void
db_commit(struct dbconn *c)
{
	char msg[200];

	assert_int_equal(db_exec(c, "COMMIT", msg, sizeof msg), 0);
	db_close(c);
}

/* A pending organization named name that applied with this contact and message. */
static void
add_application(const char *uuid, const char *name, const char *contact, const char *message)
{
	static const char sql[] =
	    "INSERT INTO application (org_id, contact_name, contact_email, contact_phone, message,"
	    " submitted_on) VALUES ((SELECT org_id FROM organization WHERE uuid = ?1), ?2,"
	    " 'contact@example.org', '+1 514 555 0199', ?3, '2026-11-20')";
	json_t *rec = json_pack("{ss ss s{sssnsn} sb s[{sssn}] s{ss} ss}", "id", uuid, "name", name,
	    "verification", "state", "pending", "verified_on", "verified_by",
	    "provides_services", 0, "commitments", "id", "status-for-all", "since",
	    "description", "en", name, "updated_on", "2026-11-20");
	json_t *canonical = NULL;
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[300];

	assert_non_null(rec);
	if (record_check(rec, "2026-11-21", &canonical, msg, sizeof msg) != 0)
		fail_msg("record_check: %s", msg);
	db_begin(&c);
	assert_int_equal(store_put(&c, NULL, canonical, msg, sizeof msg), 0);
	stmt = dbconn_stmt(&c, sql, msg, sizeof msg);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, message, -1, SQLITE_STATIC);
	assert_int_equal(db_step_done(&c, stmt, "application", msg, sizeof msg), 0);
	db_commit(&c);
	json_decref(rec);
	json_decref(canonical);
}

/* A report about uuid; its number. */
static long
add_report(const char *uuid, const char *kind, const char *details)
{
	static const char sql[] =
	    "INSERT INTO report (org_id, kind, details, reported_on)"
	    " VALUES ((SELECT org_id FROM organization WHERE uuid = ?1), ?2, ?3, '2026-11-20')";
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];
	long id;

	db_begin(&c);
	stmt = dbconn_stmt(&c, sql, msg, sizeof msg);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, details, -1, SQLITE_STATIC);
	assert_int_equal(db_step_done(&c, stmt, "report", msg, sizeof msg), 0);
	id = (long)sqlite3_last_insert_rowid(c.db);
	db_commit(&c);
	return id;
}

/* Rename uuid as an editor would (one revision); the revision's number. */
static long
rename_org(const char *uuid, const char *name)
{
	struct dbconn c = { 0 };
	json_t *rec = NULL, *canonical = NULL;
	char msg[300];
	long org_id, revision = 0;

	db_begin(&c);
	assert_int_equal(revision_current(&c, uuid, &rec, &org_id, msg, sizeof msg), 1);
	json_object_set_new(rec, "name", json_string(name));
	assert_int_equal(record_check(rec, "2026-11-21", &canonical, msg, sizeof msg), 0);
	assert_int_equal(revision_save(&c, NULL, canonical, "editor test", "edited", time(NULL),
	    &revision, msg, sizeof msg), 0);
	db_commit(&c);
	json_decref(rec);
	json_decref(canonical);
	return revision;
}

/* The number of the oldest revision of uuid. */
static long
first_revision(const char *uuid)
{
	static const char sql[] = "SELECT min(revision_id) FROM revision"
	    " WHERE org_id = (SELECT org_id FROM organization WHERE uuid = ?1)";
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];
	long id = 0;

	assert_int_equal(db_open(srv->db, DB_READONLY, &c, msg, sizeof msg), 0);
	stmt = dbconn_stmt(&c, sql, msg, sizeof msg);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = (long)sqlite3_column_int64(stmt, 0);
	db_close(&c);
	return id;
}

/* ---- requests -------------------------------------------------------------------- */

/* GET path as a (NULL: nobody) in English (the tests read the English texts), expecting
** want; the body (caller frees). */
static char *
get_page(struct testauth *a, const char *path, long want)
{
	struct http_result r;
	char english[600];
	char *body;

	snprintf(english, sizeof english, "%s%slang=en", path, strchr(path, '?') ? "&" : "?");
	assert_int_equal(testauth_get(srv, a, english, &r), 0);
	if (r.status != want)
		fail_msg("GET %s: status %ld, wanted %ld", path, r.status, want);
	body = strdup(r.body.data);
	http_result_free(&r);
	return body;
}

/* POST the form as a, expecting want; the body (caller frees), location filled when
** given. */
static char *
post_form(struct testauth *a, const char *path, const char *const *fields, long want,
    char *location, size_t loclen)
{
	struct http_result r;
	char *body;

	assert_int_equal(testauth_post(srv, a, path, fields, &r), 0);
	if (r.status != want)
		fail_msg("POST %s: status %ld, wanted %ld: %.300s", path, r.status, want, r.body.data);
	if (location != NULL && http_header(&r, "Location", location, loclen) == NULL)
		location[0] = '\0';
	body = strdup(r.body.data);
	http_result_free(&r);
	return body;
}

static void
post_expect(struct testauth *a, const char *path, const char *const *fields, long want)
{
	free(post_form(a, path, fields, want, NULL, 0));
}

static long
public_status(const char *uuid)
{
	char path[120];
	long status = 0;
	json_t *doc;

	snprintf(path, sizeof path, "/api/v1/organizations/%s", uuid);
	doc = http_get_json(srv, path, &status);
	json_decref(doc);
	return status;
}

/* The public organization's name (the API must answer 200). */
static char *
public_name(const char *uuid)
{
	char path[120];
	json_t *doc;
	char *name;

	snprintf(path, sizeof path, "/api/v1/organizations/%s", uuid);
	doc = http_get_expect(srv, path, 200);
	name = strdup(json_string_value(json_object_get(doc, "name")));
	json_decref(doc);
	return name;
}

/* 1 if the public search at path lists the organization uuid. */
static int
search_finds(const char *path, const char *uuid)
{
	char *body = get_page(NULL, path, 200);
	int found = strstr(body, uuid) != NULL;

	free(body);
	return found;
}

static void
page_has(struct testauth *a, const char *path, const char *text)
{
	char *body = get_page(a, path, 200);

	if (strstr(body, text) == NULL)
		fail_msg("GET %s: \"%s\" not on the page", path, text);
	free(body);
}

static void
page_lacks(struct testauth *a, const char *path, const char *text)
{
	char *body = get_page(a, path, 200);

	if (strstr(body, text) != NULL)
		fail_msg("GET %s: \"%s\" is on the page", path, text);
	free(body);
}

static char *
org_path(const char *uuid)
{
	static char path[120];

	snprintf(path, sizeof path, "/coordinate/organizations/%s", uuid);
	return path;
}

static char *
app_path(const char *uuid)
{
	static char path[120];

	snprintf(path, sizeof path, "/coordinate/applications/%s", uuid);
	return path;
}

/* The token of the invitation link shown on a page. */
static void
invitation_token(const char *html, char token[64])
{
	const char *p = strstr(html, "/account/welcome?token=");
	size_t n = 0;

	assert_non_null(p);
	p += strlen("/account/welcome?token=");
	while (n < 63 && (p[n] == '-' || p[n] == '_' || (p[n] >= '0' && p[n] <= '9') ||
	    (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z')))
		n++;
	memcpy(token, p, n);
	token[n] = '\0';
	assert_int_equal(n, 43);
}

/* Accept an invitation through the welcome page as login: the editor's session. */
static void
accept_invitation(const char *token, const char *login, struct testauth *editor)
{
	const char *fields[] = { "token", token, "login", login, "passphrase", PASS,
	    "passphrase2", PASS, NULL };
	char path[120], location[200];
	struct http_result r;

	memset(editor, 0, sizeof *editor);
	snprintf(path, sizeof path, "/account/welcome?token=%s", token);
	free(get_page(editor, path, 200));
	assert_int_equal(testauth_post(srv, editor, "/account/welcome", fields, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	assert_string_equal(location, "/edit?welcome=1");
	assert_int_equal(testauth_take_session(&r, editor), 0);
	http_result_free(&r);
}

/* ---- who may enter ----------------------------------------------------------------- */

static void
test_logged_out_is_sent_to_login(void **state)
{
	struct http_result r;
	char location[200];
	const char *paths[] = { "/coordinate", "/coordinate/organizations", "/coordinate/stale",
	    "/coordinate/reports", org_path(ORG_EDITOR), NULL };
	size_t i;

	(void)state;
	for (i = 0; paths[i] != NULL; i++) {
		assert_int_equal(testauth_get(srv, NULL, paths[i], &r), 0);
		assert_int_equal(r.status, 303);
		assert_non_null(http_header(&r, "Location", location, sizeof location));
		assert_true(strncmp(location, "/login?next=", 12) == 0);
		assert_string_equal(location + 12, paths[i]);
		assert_null(strstr(r.headers.data, "Set-Cookie"));
		http_result_free(&r);
	}
}

static void
test_logged_out_post_is_refused(void **state)
{
	struct testauth nobody = { "", "" };
	const char *fields[] = { "action", "suspend", NULL };

	(void)state;
	free(get_page(&nobody, "/login", 200));   /* a public form token, no session */
	post_expect(&nobody, org_path(ORG_EDITOR), fields, 401);
	assert_int_equal(public_status(ORG_EDITOR), 200);
}

static void
test_editor_is_refused(void **state)
{
	struct testauth editor;
	const char *suspend[] = { "action", "suspend", NULL };
	const char *paths[] = { "/coordinate", "/coordinate/organizations", "/coordinate/stale",
	    "/coordinate/reports", org_path(ORG_EDITOR), NULL };
	size_t i;

	(void)state;
	assert_int_equal(testauth_editor(srv, ORG_EDITOR, "editor-one", PASS, &editor), 0);
	for (i = 0; paths[i] != NULL; i++)
		free(get_page(&editor, paths[i], 403));
	free(get_page(&editor, "/account/passphrase", 200));   /* a form token of the session */
	post_expect(&editor, org_path(ORG_EDITOR), suspend, 403);
	post_expect(&editor, org_path(ORG_SUSPEND), suspend, 403);
	assert_int_equal(public_status(ORG_EDITOR), 200);
	assert_int_equal(public_status(ORG_SUSPEND), 200);
}

static void
test_post_without_form_token_is_refused(void **state)
{
	const char *none[] = { "action", "suspend", "csrf", "", NULL };
	const char *wrong[] = { "action", "suspend", "csrf",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL };
	struct testauth other;
	char *body;

	(void)state;
	free(get_page(&coord, org_path(ORG_EDITOR), 200));
	body = post_form(&coord, org_path(ORG_EDITOR), none, 403, NULL, 0);
	assert_non_null(strstr(body, "expired"));
	free(body);
	post_expect(&coord, org_path(ORG_EDITOR), wrong, 403);
	/* Another account's valid token does not fit this session. */
	assert_int_equal(testauth_coordinator(srv, "coord-other", PASS, &other), 0);
	free(get_page(&other, "/coordinate", 200));
	{
		const char *foreign[] = { "action", "suspend", "csrf", other.csrf, NULL };

		post_expect(&coord, org_path(ORG_EDITOR), foreign, 403);
	}
	assert_int_equal(public_status(ORG_EDITOR), 200);
}

static void
test_cross_origin_post_is_refused(void **state)
{
	const char *evil_origin[] = { "Origin: http://evil.example",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *cross_site[] = { "Sec-Fetch-Site: cross-site",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct http_result r;
	char body[200];

	(void)state;
	free(get_page(&coord, org_path(ORG_EDITOR), 200));
	snprintf(body, sizeof body, "action=suspend&csrf=%s", coord.csrf);
	assert_int_equal(testauth_request(srv, &coord, "POST", org_path(ORG_EDITOR), evil_origin,
	    body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(testauth_request(srv, &coord, "POST", org_path(ORG_EDITOR), cross_site,
	    body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(public_status(ORG_EDITOR), 200);
}

/* ---- applications ------------------------------------------------------------------- */

static void
test_dashboard_shows_the_queue(void **state)
{
	const char *uuid = "11111111-1111-4111-8111-111111111111";
	char *body;

	(void)state;
	add_application(uuid, "Cuisine Queue-Test", "Amina Queue", "We cook.");
	body = get_page(&coord, "/coordinate", 200);
	assert_non_null(strstr(body, "Cuisine Queue-Test"));
	assert_non_null(strstr(body, "/coordinate/applications/11111111-1111-4111-8111-111111111111"));
	assert_non_null(strstr(body, "2026-11-20"));
	assert_non_null(strstr(body, "/coordinate/reports"));
	assert_non_null(strstr(body, "/coordinate/stale"));
	assert_non_null(strstr(body, "/coordinate/organizations"));
	assert_null(strstr(body, "your account is ready"));
	free(body);
	page_has(&coord, "/coordinate?welcome=1", "your account is ready");
	/* A demo organization that is pending without an application is not in the queue. */
	page_lacks(&coord, "/coordinate", ORG_PENDING);
}

static void
test_approve_publishes_and_invites(void **state)
{
	const char *uuid = "22222222-2222-4222-8222-222222222222";
	const char *approve[] = { "action", "approve", NULL };
	struct testauth editor;
	char token[64], *body, *name;
	json_t *doc;

	(void)state;
	add_application(uuid, "Atelier Approve-Test", "Bea Contact", "Please list us.");
	assert_int_equal(public_status(uuid), 404);
	body = get_page(&coord, app_path(uuid), 200);
	assert_non_null(strstr(body, "Bea Contact"));
	assert_non_null(strstr(body, "contact@example.org"));
	assert_non_null(strstr(body, "+1 514 555 0199"));
	assert_non_null(strstr(body, "Please list us."));
	assert_non_null(strstr(body, "Atelier Approve-Test"));
	assert_non_null(strstr(body, "name=\"action\" value=\"approve\""));
	free(body);

	body = post_form(&coord, app_path(uuid), approve, 200, NULL, 0);
	assert_non_null(strstr(body, "/account/welcome?token="));
	assert_non_null(strstr(body, "14"));
	assert_null(strstr(body, "name=\"action\" value=\"approve\""));
	invitation_token(body, token);
	free(body);

	/* Public at once, verified by this coordinator today. */
	name = public_name(uuid);
	assert_string_equal(name, "Atelier Approve-Test");
	free(name);
	doc = http_get_expect(srv, "/api/v1/organizations/22222222-2222-4222-8222-222222222222", 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "verification"),
	    "verified_by")), "coordinator " COORD_LOGIN);
	json_decref(doc);
	page_lacks(&coord, "/coordinate", "Atelier Approve-Test");
	page_has(&coord, org_path(uuid), "approved");
	page_has(&coord, org_path(uuid), "An invitation link is waiting");

	/* The link makes an editor, once. */
	accept_invitation(token, "editor-approve", &editor);
	free(get_page(&editor, "/edit", 200));
	page_has(&coord, org_path(uuid), "editor-approve");
	page_has(&coord, org_path(uuid), "No invitation link is waiting");
	{
		char path[120];

		snprintf(path, sizeof path, "/account/welcome?token=%s", token);
		free(get_page(NULL, path, 404));
	}
	/* Decided already. */
	post_expect(&coord, app_path(uuid), approve, 409);
}

static void
test_reject_keeps_it_private(void **state)
{
	const char *uuid = "33333333-3333-4333-8333-333333333333";
	const char *no_reason[] = { "action", "reject", NULL };
	const char *blank_reason[] = { "action", "reject", "reason", "  \n ", NULL };
	const char *reject[] = { "action", "reject", "reason", "Not an endorser of the declaration", NULL };
	const char *approve[] = { "action", "approve", NULL };
	char long_reason[1100], location[200], *body;
	const char *too_long[] = { "action", "reject", "reason", long_reason, NULL };

	(void)state;
	add_application(uuid, "Bureau Reject-Test", "Carl Contact", "Hello");
	body = post_form(&coord, app_path(uuid), no_reason, 400, NULL, 0);
	assert_non_null(strstr(body, "role=\"alert\""));
	assert_non_null(strstr(body, "id=\"reason-error\""));
	assert_non_null(strstr(body, "aria-invalid=\"true\""));
	free(body);
	post_expect(&coord, app_path(uuid), blank_reason, 400);
	memset(long_reason, 'x', 1001);
	long_reason[1001] = '\0';
	body = post_form(&coord, app_path(uuid), too_long, 400, NULL, 0);
	assert_non_null(strstr(body, long_reason));   /* shown again to be shortened */
	free(body);
	assert_int_equal(public_status(uuid), 404);

	free(post_form(&coord, app_path(uuid), reject, 303, location, sizeof location));
	assert_string_equal(location, "/coordinate/applications/33333333-3333-4333-8333-333333333333?done=rejected");
	body = get_page(&coord, location, 200);
	assert_non_null(strstr(body, "Not an endorser of the declaration"));
	assert_non_null(strstr(body, "role=\"status\""));
	free(body);
	assert_int_equal(public_status(uuid), 404);
	page_has(&coord, org_path(uuid), "not public");
	page_lacks(&coord, "/coordinate", "Bureau Reject-Test");
	post_expect(&coord, app_path(uuid), reject, 409);
	post_expect(&coord, app_path(uuid), approve, 409);
	assert_int_equal(public_status(uuid), 404);
}

static void
test_unknown_things_are_errors(void **state)
{
	const char *bogus[] = { "action", "explode", NULL };
	const char *none[] = { "something", "else", NULL };

	(void)state;
	free(get_page(&coord, org_path(NO_SUCH_ORG), 404));
	free(get_page(&coord, app_path(NO_SUCH_ORG), 404));
	free(get_page(&coord, app_path(ORG_PENDING), 404));   /* pending, but never applied */
	free(get_page(&coord, "/coordinate/organizations/not-a-uuid", 404));
	post_expect(&coord, org_path(ORG_EDITOR), bogus, 400);
	post_expect(&coord, org_path(ORG_EDITOR), none, 400);
	post_expect(&coord, app_path(ORG_EDITOR), bogus, 400);
	post_expect(&coord, "/coordinate/reports", bogus, 400);
	free(get_page(&coord, "/coordinate/organizations?page=0", 400));
	free(get_page(&coord, "/coordinate/organizations?page=abc", 400));
	free(get_page(&coord, "/coordinate/organizations?state=gone", 400));
	free(get_page(&coord, "/coordinate/stale?page=-1", 400));
}

static void
test_oversized_input_is_refused(void **state)
{
	const char *uuid = "55555555-5555-4555-8555-555555555555";
	char *huge = malloc(70 * 1024 + 1), query[300];
	const char *reject[] = { "action", "reject", "reason", huge, NULL };

	(void)state;
	assert_non_null(huge);
	add_application(uuid, "Collectif Oversize-Test", "Dana Contact", "Hi");
	memset(huge, 'r', 70 * 1024);
	huge[70 * 1024] = '\0';
	post_expect(&coord, app_path(uuid), reject, 413);
	huge[1001] = '\0';   /* small enough to send, too long to keep */
	post_expect(&coord, app_path(uuid), reject, 400);
	free(huge);
	page_has(&coord, "/coordinate", "Collectif Oversize-Test");   /* still undecided */
	memcpy(query, "/coordinate/organizations?q=", 28);
	memset(query + 28, 'q', 201);
	query[28 + 201] = '\0';
	free(get_page(&coord, query, 400));
}

/* ---- suspending, reinstating, inviting ------------------------------------------------ */

static void
test_suspend_and_reinstate(void **state)
{
	const char *suspend[] = { "action", "suspend", NULL };
	const char *reinstate[] = { "action", "reinstate", NULL };
	char location[200], path[120];
	struct testauth editor;

	(void)state;
	assert_int_equal(testauth_editor(srv, ORG_SUSPEND, "editor-suspend", PASS, &editor), 0);
	free(get_page(&editor, "/edit", 200));
	free(post_form(&coord, org_path(ORG_SUSPEND), suspend, 303, location, sizeof location));
	snprintf(path, sizeof path, "/coordinate/organizations/%s?done=suspended", ORG_SUSPEND);
	assert_string_equal(location, path);
	page_has(&coord, location, "role=\"status\"");
	assert_int_equal(public_status(ORG_SUSPEND), 404);
	snprintf(path, sizeof path, "/organizations/%s", ORG_SUSPEND);
	free(get_page(NULL, path, 404));
	assert_false(search_finds("/api/v1/search?q=lumiere%20du%20matin", ORG_SUSPEND));
	/* Its editor is refused at once. */
	free(get_page(&editor, "/edit", 403));
	page_has(&coord, org_path(ORG_SUSPEND), "Suspended");
	page_has(&coord, org_path(ORG_SUSPEND), "suspended");
	post_expect(&coord, org_path(ORG_SUSPEND), suspend, 409);

	free(post_form(&coord, org_path(ORG_SUSPEND), reinstate, 303, location, sizeof location));
	assert_int_equal(public_status(ORG_SUSPEND), 200);
	assert_true(search_finds("/api/v1/search?q=lumiere%20du%20matin", ORG_SUSPEND));
	page_has(&coord, org_path(ORG_SUSPEND), "reinstated");
	free(get_page(&editor, "/edit", 200));
	post_expect(&coord, org_path(ORG_SUSPEND), reinstate, 409);

	/* A pending organization can be neither. */
	post_expect(&coord, org_path(ORG_PENDING), suspend, 409);
	post_expect(&coord, org_path(ORG_PENDING), reinstate, 409);
	assert_int_equal(public_status(ORG_PENDING), 404);
	assert_int_equal(public_status(ORG_SUSPENDED), 404);
}

static void
test_new_invitation_replaces_the_old(void **state)
{
	const char *invite[] = { "action", "invite", NULL };
	char first[64], second[64], path[120], *body;
	struct testauth editor;

	(void)state;
	body = post_form(&coord, org_path(ORG_REPORTS), invite, 200, NULL, 0);
	invitation_token(body, first);
	free(body);
	body = post_form(&coord, org_path(ORG_REPORTS), invite, 200, NULL, 0);
	invitation_token(body, second);
	free(body);
	assert_string_not_equal(first, second);
	snprintf(path, sizeof path, "/account/welcome?token=%s", first);
	free(get_page(NULL, path, 404));
	accept_invitation(second, "editor-invited", &editor);
	page_has(&coord, org_path(ORG_REPORTS), "editor-invited");
	/* Only verified organizations get editors. */
	post_expect(&coord, org_path(ORG_PENDING), invite, 409);
	post_expect(&coord, org_path(ORG_SUSPENDED), invite, 409);
}

/* ---- history ---------------------------------------------------------------------------- */

static void
test_revert_restores_an_earlier_name(void **state)
{
	const char *suspend[] = { "action", "suspend", NULL };
	const char *reinstate[] = { "action", "reinstate", NULL };
	char revision[24], location[200], action[64], *original, *name;
	const char *revert[] = { "action", "revert", "revision", revision, NULL };
	const char *missing[] = { "action", "revert", "revision", "999999", NULL };
	const char *bad[] = { "action", "revert", "revision", "first", NULL };
	long first;

	(void)state;
	original = public_name(ORG_REVERT);
	rename_org(ORG_REVERT, "Nom changé par erreur");
	name = public_name(ORG_REVERT);
	assert_string_equal(name, "Nom changé par erreur");
	free(name);
	first = first_revision(ORG_REVERT);
	assert_true(first > 0);
	page_has(&coord, org_path(ORG_REVERT), "Restore this revision");

	/* Suspended meanwhile: restoring content must not make it public again. */
	free(post_form(&coord, org_path(ORG_REVERT), suspend, 303, location, sizeof location));
	snprintf(revision, sizeof revision, "%ld", first);
	free(post_form(&coord, org_path(ORG_REVERT), revert, 303, location, sizeof location));
	assert_non_null(strstr(location, "?done=reverted"));
	assert_int_equal(public_status(ORG_REVERT), 404);
	snprintf(action, sizeof action, "reverted to revision %ld", first);
	page_has(&coord, org_path(ORG_REVERT), action);
	free(post_form(&coord, org_path(ORG_REVERT), reinstate, 303, location, sizeof location));

	name = public_name(ORG_REVERT);
	assert_string_equal(name, original);
	free(name);
	free(original);
	post_expect(&coord, org_path(ORG_REVERT), missing, 404);
	post_expect(&coord, org_path(ORG_REVERT), bad, 400);
}

/* ---- reports -------------------------------------------------------------------------- */

static void
test_reports_are_listed_and_closed(void **state)
{
	char number[24], location[200], long_note[1100], *body;
	const char *close[] = { "action", "close", "report", number, "note", "Called them; fixed", NULL };
	const char *blank[] = { "action", "close", "report", number, "note", " \n ", NULL };
	const char *unknown[] = { "action", "close", "report", "999999", NULL };
	const char *bad[] = { "action", "close", "report", "one", NULL };
	const char *too_long[] = { "action", "close", "report", number, "note", long_note, NULL };
	long id;

	(void)state;
	id = add_report(ORG_REPORTS, "status-asked", "They asked for my papers at the door");
	snprintf(number, sizeof number, "%ld", id);
	body = get_page(&coord, "/coordinate/reports", 200);
	assert_non_null(strstr(body, "They asked for my papers at the door"));
	assert_non_null(strstr(body, "Asked about status or ID"));
	assert_non_null(strstr(body, "Espace Parole-Vive"));
	free(body);
	page_has(&coord, org_path(ORG_REPORTS), "They asked for my papers at the door");

	memset(long_note, 'n', 1001);
	long_note[1001] = '\0';
	body = post_form(&coord, "/coordinate/reports", too_long, 400, NULL, 0);
	assert_non_null(strstr(body, "aria-invalid=\"true\""));
	free(body);

	free(post_form(&coord, "/coordinate/reports", close, 303, location, sizeof location));
	assert_string_equal(location, "/coordinate/reports?done=closed");
	page_lacks(&coord, "/coordinate/reports", "They asked for my papers at the door");
	body = get_page(&coord, "/coordinate/reports?closed=1", 200);
	assert_non_null(strstr(body, "They asked for my papers at the door"));
	assert_non_null(strstr(body, "Called them; fixed"));
	assert_non_null(strstr(body, COORD_LOGIN));
	free(body);
	post_expect(&coord, "/coordinate/reports", close, 409);
	/* A note of only spaces is no note. */
	snprintf(number, sizeof number, "%ld", add_report(ORG_REPORTS, "wrong-info", "Closed on Sundays now"));
	free(post_form(&coord, "/coordinate/reports", blank, 303, location, sizeof location));
	page_has(&coord, "/coordinate/reports?closed=1", "Closed on Sundays now");
	post_expect(&coord, "/coordinate/reports", unknown, 404);
	post_expect(&coord, "/coordinate/reports", bad, 400);
}

/* ---- lists ---------------------------------------------------------------------------- */

static void
test_stale_listings_oldest_first(void **state)
{
	char *body, *oldest, *old;

	(void)state;
	body = get_page(&coord, "/coordinate/stale", 200);
	oldest = strstr(body, ORG_OLDEST);
	old = strstr(body, ORG_OLD);
	assert_non_null(oldest);
	assert_non_null(old);
	assert_true(oldest < old);
	assert_null(strstr(body, ORG_RECENT));
	assert_null(strstr(body, ORG_SUSPENDED));   /* not public: not in this list */
	free(body);
	page_has(&coord, "/coordinate/organizations?q=pont-vert", "not updated for 12 months");
	page_lacks(&coord, "/coordinate/organizations?q=papillon", "not updated for 12 months");
}

static void
test_organization_filters_and_pages(void **state)
{
	char *body;

	(void)state;
	body = get_page(&coord, "/coordinate/organizations?state=pending", 200);
	assert_non_null(strstr(body, ORG_PENDING));
	assert_null(strstr(body, ORG_OLD));
	free(body);
	page_has(&coord, "/coordinate/organizations?state=suspended", ORG_SUSPENDED);
	page_lacks(&coord, "/coordinate/organizations?state=suspended", ORG_OLD);
	/* Any case, any accent. */
	page_has(&coord, "/coordinate/organizations?q=SANT%C3%89%20egalite", "4e98795e-bdff-4fc4-a6c0-6b21bbb157c6");
	page_has(&coord, "/coordinate/organizations?q=sante", "4e98795e-bdff-4fc4-a6c0-6b21bbb157c6");
	/* % and _ are letters here, not wildcards. */
	page_lacks(&coord, "/coordinate/organizations?q=%25", "/coordinate/organizations/");
	page_lacks(&coord, "/coordinate/organizations?q=_", "/coordinate/organizations/");
	/* 50 a page, with links to the others. */
	body = get_page(&coord, "/coordinate/organizations", 200);
	assert_non_null(strstr(body, "rel=\"next\""));
	assert_null(strstr(body, "rel=\"prev\""));
	free(body);
	body = get_page(&coord, "/coordinate/organizations?page=2&state=verified", 200);
	assert_non_null(strstr(body, "rel=\"prev\""));
	assert_non_null(strstr(body, "state=verified"));
	free(body);
}

/* ---- escaping ------------------------------------------------------------------------- */

/* The page at path shows the stored text escaped, and never as markup. */
static void
expect_escaped(const char *path)
{
	char *body = get_page(&coord, path, 200);

	if (strstr(body, EVIL_HTML) == NULL || strstr(body, EVIL_RAW) != NULL)
		fail_msg("GET %s: the stored text is not shown escaped", path);
	free(body);
}

static void
test_stored_text_is_escaped(void **state)
{
	const char *uuid = "44444444-4444-4444-8444-444444444444";
	const char *reject[] = { "action", "reject", "reason", "Reason " EVIL, NULL };
	char number[24], app[120], org[120];
	const char *close[] = { "action", "close", "report", number, "note", "Note " EVIL, NULL };

	(void)state;
	snprintf(app, sizeof app, "/coordinate/applications/%s", uuid);
	snprintf(org, sizeof org, "/coordinate/organizations/%s", uuid);
	add_application(uuid, "Org " EVIL, "Contact " EVIL, "Message " EVIL);
	snprintf(number, sizeof number, "%ld", add_report(uuid, "other", "Details " EVIL));
	expect_escaped("/coordinate");
	expect_escaped(app);
	expect_escaped(org);
	expect_escaped("/coordinate/reports");
	expect_escaped("/coordinate/organizations?q=script");
	expect_escaped("/coordinate/organizations?state=pending");
	free(post_form(&coord, app, reject, 303, NULL, 0));
	free(post_form(&coord, "/coordinate/reports", close, 303, NULL, 0));
	expect_escaped(app);
	page_has(&coord, app, "Reason " EVIL_HTML);
	expect_escaped("/coordinate/reports?closed=1");
	page_has(&coord, "/coordinate/reports?closed=1", "Note " EVIL_HTML);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logged_out_is_sent_to_login),
		cmocka_unit_test(test_logged_out_post_is_refused),
		cmocka_unit_test(test_editor_is_refused),
		cmocka_unit_test(test_post_without_form_token_is_refused),
		cmocka_unit_test(test_cross_origin_post_is_refused),
		cmocka_unit_test(test_dashboard_shows_the_queue),
		cmocka_unit_test(test_approve_publishes_and_invites),
		cmocka_unit_test(test_reject_keeps_it_private),
		cmocka_unit_test(test_unknown_things_are_errors),
		cmocka_unit_test(test_oversized_input_is_refused),
		cmocka_unit_test(test_suspend_and_reinstate),
		cmocka_unit_test(test_new_invitation_replaces_the_old),
		cmocka_unit_test(test_revert_restores_an_earlier_name),
		cmocka_unit_test(test_reports_are_listed_and_closed),
		cmocka_unit_test(test_stale_listings_oldest_first),
		cmocka_unit_test(test_organization_filters_and_pages),
		cmocka_unit_test(test_stored_text_is_escaped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
