/*
** test_forms.c - the public forms over real HTTP: applying to be listed (the form and
** the JSON API) stores a pending organization that stays out of every public page; bad
** applications are refused with their messages and store nothing; reports keep exactly
** the listing, the kind, the text and the day, within the hourly caps, with a honeypot;
** every POST needs the form token and the directory's own origin; no response sets a
** cookie; stored text is escaped where these pages show it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "testauth.h"

#define FIXED_NOW 1781539200   /* 2026-06-15 16:00 UTC: noon in Montreal */
static const char today[] = "2026-06-15";

/* Text that must be stored as is and escaped wherever it is shown: a tag, both quotes
** and a right-to-left override (U+202E). */
#define HOSTILE "<script>\"'\xe2\x80\xae"
#define HOSTILE_ESCAPED "&lt;script&gt;&quot;&#39;\xe2\x80\xae"
#define HOSTILE_JSON "<script>\\\"'\xe2\x80\xae"   /* inside a JSON string */

static struct testsrv *srv;
static json_t *demo_file;

static int
setup(void **state)
{
	static const char *const fixtures[] = { "fixtures/demo-services.json", NULL };
	struct testsrv_options opt = { 0 };

	(void)state;
	opt.fixed_now = FIXED_NOW;
	srv = testsrv_new_with(fixtures, &opt);
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

/* ---- the database --------------------------------------------------------------------- */

/* The integer the query answers (with an optional text parameter ?1), or -1. */
static long
db_long(const char *sql, const char *param)
{
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];
	long n = -1;

	if (db_open(srv->db, DB_READONLY, &c, msg, sizeof msg) != 0)
		fail_msg("%s", msg);
	if ((stmt = dbconn_stmt(&c, sql, msg, sizeof msg)) == NULL)
		fail_msg("%s", msg);
	if (param != NULL)
		sqlite3_bind_text(stmt, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	db_close(&c);
	return n;
}

/* The text the query answers (parameter ?1) into out; "(null)" for NULL, "" for no row. */
static const char *
db_text(const char *sql, const char *param, char *out, size_t outlen)
{
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];

	out[0] = '\0';
	if (db_open(srv->db, DB_READONLY, &c, msg, sizeof msg) != 0)
		fail_msg("%s", msg);
	if ((stmt = dbconn_stmt(&c, sql, msg, sizeof msg)) == NULL)
		fail_msg("%s", msg);
	sqlite3_bind_text(stmt, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(out, outlen, "%s", sqlite3_column_type(stmt, 0) == SQLITE_NULL ? "(null)" :
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
	db_close(&c);
	return out;
}

static const char sql_count_orgs[] = "SELECT count(*) FROM organization";
static const char sql_count_applications[] = "SELECT count(*) FROM application";
static const char sql_count_revisions[] = "SELECT count(*) FROM revision";
static const char sql_uuid_by_name[] = "SELECT uuid FROM organization WHERE name = ?1";
static const char sql_state[] = "SELECT state FROM organization WHERE uuid = ?1";
static const char sql_reports_of[] =
    "SELECT count(*) FROM report JOIN organization USING (org_id) WHERE uuid = ?1";
static const char sql_count_reports[] = "SELECT count(*) FROM report";

/* Rows of every table a public form writes to, to check that nothing was stored. */
struct counts {
	long orgs, applications, revisions, reports;
};

static void
count_rows(struct counts *c)
{
	c->orgs = db_long(sql_count_orgs, NULL);
	c->applications = db_long(sql_count_applications, NULL);
	c->revisions = db_long(sql_count_revisions, NULL);
	c->reports = db_long(sql_count_reports, NULL);
}

static void
assert_nothing_stored(const struct counts *before)
{
	struct counts now;

	count_rows(&now);
	assert_int_equal(now.orgs, before->orgs);
	assert_int_equal(now.applications, before->applications);
	assert_int_equal(now.revisions, before->revisions);
	assert_int_equal(now.reports, before->reports);
}

/* ---- requests ------------------------------------------------------------------------- */

static void
assert_no_cookie(const struct http_result *r)
{
	char value[200];

	assert_null(http_header(r, "Set-Cookie", value, sizeof value));
}

static void
assert_has(const struct http_result *r, const char *needle)
{
	if (r->body.data == NULL || strstr(r->body.data, needle) == NULL)
		fail_msg("no \"%s\" in the answer (status %ld)", needle, r->status);
}

static void
assert_lacks(const struct http_result *r, const char *needle)
{
	if (r->body.data != NULL && strstr(r->body.data, needle) != NULL)
		fail_msg("\"%s\" in the answer (status %ld)", needle, r->status);
}

/* A visitor without a cookie who has read the page at path, which holds a form: a has
** its form token. */
static void
visitor(struct testauth *a, const char *path)
{
	struct http_result r;

	memset(a, 0, sizeof *a);
	assert_int_equal(testauth_get(srv, a, path, &r), 0);
	if (r.status != 200)
		fail_msg("GET %s: %ld", path, r.status);
	assert_no_cookie(&r);
	assert_true(a->csrf[0] != '\0');
	http_result_free(&r);
}

/* POST the form fields to path as a; the answer must have status and no cookie. */
static void
post_form(struct testauth *a, const char *path, const char *const *fields, long status,
    struct http_result *r)
{
	assert_int_equal(testauth_post(srv, a, path, fields, r), 0);
	if (r->status != status)
		fail_msg("POST %s: %ld, wanted %ld\n%s", path, r->status, status,
		    r->body.data ? r->body.data : "");
	assert_no_cookie(r);
}

/* GET path (no cookie); the answer must have status and no cookie. */
static void
get_page(const char *path, long status, struct http_result *r)
{
	http_get_status(srv, path, status, r);
	assert_no_cookie(r);
}

/* POST body as JSON to path; the answer must have status, no cookie and a JSON body,
** which is returned. */
static json_t *
post_json(const char *path, const char *body, long status)
{
	static const char *const headers[] = { "Content-Type: application/json", NULL };
	struct http_result r;
	json_t *doc;

	assert_int_equal(http_request(srv, "POST", path, headers, body, strlen(body), &r), 0);
	if (r.status != status)
		fail_msg("POST %s %s: %ld, wanted %ld\n%s", path, body, r.status, status,
		    r.body.data ? r.body.data : "");
	assert_no_cookie(&r);
	doc = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, NULL);
	assert_non_null(doc);
	http_result_free(&r);
	return doc;
}

/* A JSON error answer: its code and parameter. */
static void
assert_json_error(const char *path, const char *body, long status, const char *code,
    const char *param)
{
	json_t *doc = post_json(path, body, status);
	json_t *e = json_object_get(doc, "error");

	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	assert_non_null(json_string_value(json_object_get(e, "message")));
	if (param != NULL) {
		assert_non_null(json_string_value(json_object_get(e, "parameter")));
		assert_string_equal(json_string_value(json_object_get(e, "parameter")), param);
	}
	json_decref(doc);
}

/* The id of the nth verified organization of the demo file. */
static const char *
verified_org(size_t nth)
{
	const json_t *org;
	const char *state;
	size_t i;

	json_array_foreach(json_object_get(demo_file, "organizations"), i, org) {
		state = json_string_value(json_object_get(json_object_get(org, "verification"), "state"));
		if (strcmp(state, "verified") == 0 && nth-- == 0)
			return json_string_value(json_object_get(org, "id"));
	}
	fail_msg("not enough verified organizations");
	return NULL;
}

static const char *
org_in_state(const char *state)
{
	const json_t *org = fixture_find_org(demo_file, state, NULL);

	assert_non_null(org);
	return json_string_value(json_object_get(org, "id"));
}

/* The report form of the organization uuid, then tail. */
static void
report_path(char *out, size_t outlen, const char *uuid, const char *tail)
{
	snprintf(out, outlen, "/organizations/%s/report%s", uuid, tail);
}

/* The organization called name is stored as pending and shown nowhere in public. */
static void
assert_pending_and_hidden(const char *name, const char *search_word, char uuid[64])
{
	struct http_result r;
	char path[200], state[20];
	json_t *doc;
	long status;

	db_text(sql_uuid_by_name, name, uuid, 64);
	assert_int_equal(strlen(uuid), 36);
	assert_string_equal(db_text(sql_state, uuid, state, sizeof state), "pending");
	snprintf(path, sizeof path, "/api/v1/organizations/%s", uuid);
	doc = http_get_json(srv, path, &status);
	assert_int_equal(status, 404);
	json_decref(doc);
	snprintf(path, sizeof path, "/organizations/%s", uuid);
	get_page(path, 404, &r);
	http_result_free(&r);
	snprintf(path, sizeof path, "/organizations/%s/report", uuid);
	get_page(path, 404, &r);
	http_result_free(&r);
	snprintf(path, sizeof path, "/api/v1/search?q=%s", search_word);
	doc = http_get_expect(srv, path, 200);
	assert_int_equal(json_integer_value(json_object_get(doc, "total_items")), 0);
	json_decref(doc);
	snprintf(path, sizeof path, "/search?q=%s", search_word);
	get_page(path, 200, &r);
	assert_lacks(&r, name);
	http_result_free(&r);
}

/* ---- endorsing with the form ---------------------------------------------------------- */

static void
test_endorse_form_stores_a_pending_listing(void **state)
{
	static const char name[] = "Collectif Zorbalune";
	const char *const fields[] = { "lang", "en", "name", name, "commitment", "status-for-all",
	    "categories", "advocacy", "description.en", "We organize with people without status.",
	    "contact_name", "Ana Contact", "contact_email", "ana@example.org",
	    "message", "Hello,\r\nplease call us.", NULL };
	static const char sql_application[] = "SELECT contact_name || '|' || contact_email || '|' || "
	    "coalesce(contact_phone, '-') || '|' || message || '|' || submitted_on || '|' || "
	    "coalesce(decision, '-') FROM application JOIN organization USING (org_id) WHERE uuid = ?1";
	static const char sql_revision[] = "SELECT author || '|' || action FROM revision "
	    "JOIN organization USING (org_id) WHERE uuid = ?1";
	static const char sql_dates[] = "SELECT json_extract(record, '$.endorsed_on') || '|' || "
	    "json_extract(record, '$.updated_on') || '|' || json_extract(record, '$.demo') || '|' || "
	    "json_extract(record, '$.verification.state') FROM organization_document "
	    "JOIN organization USING (org_id) WHERE uuid = ?1";
	struct testauth a;
	struct http_result r;
	struct counts before;
	char uuid[64], text[300], expected[300], location[200];

	(void)state;
	visitor(&a, "/endorse?lang=en");
	count_rows(&before);
	post_form(&a, "/endorse", fields, 303, &r);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	assert_non_null(strstr(location, "/endorse?done=1"));
	http_result_free(&r);

	get_page("/endorse?done=1&lang=en", 200, &r);
	assert_has(&r, "What happens next");
	assert_has(&r, "will check your endorsement and contact you");
	assert_has(&r, "one-time link");
	http_result_free(&r);

	assert_pending_and_hidden(name, "zorbalune", uuid);
	snprintf(expected, sizeof expected, "Ana Contact|ana@example.org|-|Hello,\nplease call us.|%s|-",
	    today);
	assert_string_equal(db_text(sql_application, uuid, text, sizeof text), expected);
	assert_string_equal(db_text(sql_revision, uuid, text, sizeof text), "applicant|applied");
	snprintf(expected, sizeof expected, "%s|%s|0|pending", today, today);
	assert_string_equal(db_text(sql_dates, uuid, text, sizeof text), expected);
	assert_int_equal(db_long(sql_count_orgs, NULL), before.orgs + 1);
}

static void
test_endorse_form_shows_its_fields(void **state)
{
	struct http_result r;

	(void)state;
	get_page("/endorse?lang=en", 200, &r);
	assert_has(&r, "name=\"csrf\"");
	assert_has(&r, "name=\"name\"");
	assert_has(&r, "name=\"commitment\"");
	assert_has(&r, "name=\"provides_services\"");
	assert_has(&r, "name=\"categories\"");
	assert_has(&r, "<label for=\"contact_name\">");
	assert_has(&r, "<label for=\"contact_email\">");
	assert_has(&r, "<label for=\"contact_phone\">");
	assert_has(&r, "<label for=\"message\">");
	assert_has(&r, "action=\"/endorse\"");
	assert_has(&r, "What happens next");
	http_result_free(&r);
}

static void
test_endorse_form_refuses_missing_fields(void **state)
{
	const char *const nothing[] = { "lang", "en", NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;

	(void)state;
	visitor(&a, "/endorse?lang=en");
	count_rows(&before);
	post_form(&a, "/endorse", nothing, 400, &r);
	assert_has(&r, "role=\"alert\"");
	assert_has(&r, "Give the name of a person the coordinators can contact.");
	assert_has(&r, "Give an e-mail address or a phone number");
	assert_has(&r, "id=\"contact_name-error\"");
	assert_has(&r, "aria-invalid=\"true\"");
	assert_has(&r, "name=\"csrf\"");
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_endorse_form_checks_the_contact(void **state)
{
	char long_name[202], long_message[2002];
	const char *const fields[] = { "lang", "en", "name", "Groupe Contactable",
	    "commitment", "status-for-all", "contact_name", long_name,
	    "contact_email", "not an address", "contact_phone", "call me", "message", long_message,
	    NULL };
	const char *const control[] = { "lang", "en", "name", "Groupe Contactable",
	    "commitment", "status-for-all", "contact_name", "Ana\x01", "contact_phone", "514 555 0100",
	    NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;

	(void)state;
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	memset(long_message, 'm', sizeof long_message - 1);
	long_message[sizeof long_message - 1] = '\0';
	visitor(&a, "/endorse?lang=en");
	count_rows(&before);
	post_form(&a, "/endorse", fields, 400, &r);
	assert_has(&r, "This is too long: at most 200 characters.");
	assert_has(&r, "This is not an e-mail address");
	assert_has(&r, "This is not a phone number");
	assert_has(&r, "This text is too long: at most 2000 characters.");
	assert_has(&r, "value=\"not an address\"");   /* what was typed is kept */
	http_result_free(&r);
	post_form(&a, "/endorse", control, 400, &r);
	assert_has(&r, "Write this on one line, without control characters.");
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_service_provider_needs_every_commitment(void **state)
{
	const char *const some[] = { "lang", "en", "name", "Clinique Partielle",
	    "provides_services", "1", "commitment", "status-for-all", "commitment", "no-status-fees",
	    "contact_name", "Ana", "contact_phone", "514 555 0100", NULL };
	const char *const without_first[] = { "lang", "en", "name", "Clinique Partielle",
	    "commitment", "no-status-fees", "contact_name", "Ana", "contact_phone", "514 555 0100",
	    NULL };
	const char *const all[] = { "lang", "en", "name", "Clinique Complète Quuxvale",
	    "provides_services", "1", "commitment", "status-for-all",
	    "commitment", "no-status-questions", "commitment", "status-confidential",
	    "commitment", "no-status-fees", "commitment", "no-border-agency",
	    "commitment", "equal-standards", "contact_name", "Ana", "contact_phone", "514 555 0100",
	    NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;
	char uuid[64];

	(void)state;
	visitor(&a, "/endorse?lang=en");
	count_rows(&before);
	post_form(&a, "/endorse", some, 400, &r);
	assert_has(&r, "must make all six commitments");
	assert_has(&r, "id=\"f-commitment-error\"");   /* next to the commitments */
	http_result_free(&r);
	post_form(&a, "/endorse", without_first, 400, &r);
	assert_has(&r, "makes the first commitment");
	http_result_free(&r);
	assert_nothing_stored(&before);
	post_form(&a, "/endorse", all, 303, &r);
	http_result_free(&r);
	assert_pending_and_hidden("Clinique Complète Quuxvale", "quuxvale", uuid);
}

static void
test_endorse_form_needs_token_and_origin(void **state)
{
	const char *const fields[] = { "name", "Groupe Sans Jeton", "commitment", "status-for-all",
	    "contact_name", "Ana", "contact_phone", "514 555 0100", NULL };
	const char *const wrong[] = { "csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name",
	    "Groupe Sans Jeton", "commitment", "status-for-all", "contact_name", "Ana",
	    "contact_phone", "514 555 0100", NULL };
	const char *const evil[] = { "Origin: http://evil.example",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *const cross_site[] = { "Sec-Fetch-Site: cross-site",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct testauth a, none = { "", "" };
	struct http_result r;
	struct counts before;
	char body[300];

	(void)state;
	visitor(&a, "/endorse");
	count_rows(&before);
	post_form(&none, "/endorse", fields, 403, &r);          /* no token at all */
	http_result_free(&r);
	post_form(&a, "/endorse", wrong, 403, &r);
	http_result_free(&r);
	snprintf(body, sizeof body, "csrf=%s&name=Groupe&commitment=status-for-all&"
	    "contact_name=Ana&contact_phone=5145550100", a.csrf);
	assert_int_equal(testauth_request(srv, &a, "POST", "/endorse", evil, body, &r), 0);
	assert_int_equal(r.status, 403);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_int_equal(testauth_request(srv, &a, "POST", "/endorse", cross_site, body, &r), 0);
	assert_int_equal(r.status, 403);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_endorse_form_escapes_what_it_shows(void **state)
{
	const char *const fields[] = { "lang", "en", "name", HOSTILE " Vexlor",
	    "commitment", "status-for-all", "contact_name", HOSTILE, "message", HOSTILE, NULL };
	const char *const good[] = { "lang", "en", "name", HOSTILE " Vexlor",
	    "commitment", "status-for-all", "contact_name", HOSTILE, "contact_phone", "514 555 0100",
	    "message", HOSTILE, NULL };
	static const char sql_contact[] = "SELECT contact_name FROM application "
	    "JOIN organization USING (org_id) WHERE uuid = ?1";
	struct testauth a;
	struct http_result r;
	char uuid[64], text[100];

	(void)state;
	visitor(&a, "/endorse?lang=en");
	post_form(&a, "/endorse", fields, 400, &r);   /* no e-mail and no phone */
	assert_has(&r, "value=\"" HOSTILE_ESCAPED "\"");
	assert_has(&r, ">\n" HOSTILE_ESCAPED "</textarea>");
	assert_lacks(&r, HOSTILE);
	http_result_free(&r);
	post_form(&a, "/endorse", good, 303, &r);
	http_result_free(&r);
	assert_pending_and_hidden(HOSTILE " Vexlor", "vexlor", uuid);
	assert_string_equal(db_text(sql_contact, uuid, text, sizeof text), HOSTILE);
}

/* ---- endorsing with JSON ------------------------------------------------------------------ */

#define API_ENDORSE "/api/v1/endorsements"
#define ORG_OK "\"name\": \"Réseau Plimsoll\", \"provides_services\": false, " \
    "\"commitments\": [{\"id\": \"status-for-all\", \"since\": null}], \"categories\": [\"advocacy\"]"
#define CONTACT_OK "\"contact\": {\"name\": \"Ana\", \"email\": \"ana@example.org\"}"

static void
test_endorsement_api_stores_a_pending_listing(void **state)
{
	static const char sql_application[] = "SELECT contact_name || '|' || contact_email || '|' || "
	    "message || '|' || submitted_on FROM application JOIN organization USING (org_id) "
	    "WHERE uuid = ?1";
	static const char sql_since[] = "SELECT json_extract(record, '$.commitments[0].since') "
	    "FROM organization_document JOIN organization USING (org_id) WHERE uuid = ?1";
	json_t *doc;
	char uuid[64], text[300], expected[300];

	(void)state;
	doc = post_json(API_ENDORSE, "{\"organization\": {" ORG_OK "}, " CONTACT_OK
	    ", \"message\": \"Bonjour\"}", 201);
	assert_string_equal(json_string_value(json_object_get(doc, "state")), "pending");
	assert_non_null(json_string_value(json_object_get(doc, "next")));
	assert_int_equal(json_string_length(json_object_get(doc, "id")), 36);
	assert_pending_and_hidden("Réseau Plimsoll", "plimsoll", uuid);
	assert_string_equal(json_string_value(json_object_get(doc, "id")), uuid);
	json_decref(doc);
	snprintf(expected, sizeof expected, "Ana|ana@example.org|Bonjour|%s", today);
	assert_string_equal(db_text(sql_application, uuid, text, sizeof text), expected);
	assert_string_equal(db_text(sql_since, uuid, text, sizeof text), today);
}

static void
test_endorsement_api_refuses_bad_applications(void **state)
{
	static const struct {
		const char *body;
		long        status;
		const char *code, *param;
	} cases[] = {
		{ "{\"organization\": {\"id\": \"4e98795e-bdff-4fc4-a6c0-6b21bbb157c6\", " ORG_OK "}, "
		  CONTACT_OK "}", 400, "bad_parameter", "organization.id" },
		{ "{\"organization\": {\"verification\": {\"state\": \"verified\"}, " ORG_OK "}, "
		  CONTACT_OK "}", 400, "bad_parameter", "organization.verification" },
		{ "{\"organization\": {\"demo\": true, " ORG_OK "}, " CONTACT_OK "}",
		  400, "bad_parameter", "organization.demo" },
		{ "{" CONTACT_OK "}", 400, "bad_parameter", "organization" },
		{ "{\"organization\": [], " CONTACT_OK "}", 400, "bad_parameter", "organization" },
		{ "{\"organization\": {\"provides_services\": false, \"commitments\": "
		  "[{\"id\": \"status-for-all\"}]}, " CONTACT_OK "}", 400, "bad_parameter",
		  "organization.name" },
		{ "{\"organization\": {\"name\": \"X\", \"provides_services\": false, "
		  "\"commitments\": []}, " CONTACT_OK "}", 400, "bad_parameter",
		  "organization.commitments" },
		{ "{\"organization\": {\"name\": \"X\", \"provides_services\": true, \"commitments\": "
		  "[{\"id\": \"status-for-all\"}, {\"id\": \"no-status-fees\"}]}, " CONTACT_OK "}",
		  400, "bad_parameter", "organization.commitments" },
		{ "{\"organization\": {" ORG_OK ", \"services\": [{\"id\": "
		  "\"0f4988a6-2ff2-493e-a9ec-d5d837a6f812\"}]}, " CONTACT_OK "}",
		  400, "bad_parameter", "organization.services[0].id" },
		{ "{\"organization\": {" ORG_OK ", \"website\": \"javascript:alert(1)\"}, " CONTACT_OK "}",
		  400, "bad_parameter", "organization.website" },
		{ "{\"organization\": {" ORG_OK "}}", 400, "bad_parameter", "contact" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"email\": \"a@example.org\"}}",
		  400, "bad_parameter", "contact.name" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"name\": \"Ana\"}}",
		  400, "bad_parameter", "contact.email" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"name\": \"Ana\", \"email\": \"@x\"}}",
		  400, "bad_parameter", "contact.email" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"name\": \"Ana\", \"phone\": \"x\"}}",
		  400, "bad_parameter", "contact.phone" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"name\": 7, \"phone\": \"5145550100\"}}",
		  400, "bad_parameter", "contact.name" },
		{ "{\"organization\": {" ORG_OK "}, \"contact\": {\"name\": \"Ana\", \"fax\": \"1\"}}",
		  400, "unknown_parameter", "contact.fax" },
		{ "{\"organization\": {" ORG_OK "}, " CONTACT_OK ", \"message\": 12}",
		  400, "bad_parameter", "message" },
		{ "{\"organization\": {" ORG_OK "}, " CONTACT_OK ", \"message\": \"a\\u0007b\"}",
		  400, "bad_parameter", "message" },
		{ "{\"organization\": {" ORG_OK "}, " CONTACT_OK ", \"" HOSTILE_JSON "\": 1}",
		  400, "unknown_parameter", HOSTILE },
		{ "[1, 2]", 400, "invalid_json", NULL },
		{ "{\"organization\": ", 400, "invalid_json", NULL },
	};
	static const char *const form_type[] = { "Content-Type: application/x-www-form-urlencoded",
	    NULL };
	struct http_result r;
	struct counts before;
	char body[3000];
	size_t i;

	(void)state;
	count_rows(&before);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_json_error(API_ENDORSE, cases[i].body, cases[i].status, cases[i].code,
		    cases[i].param);
	snprintf(body, sizeof body, "{\"organization\": {" ORG_OK "}, " CONTACT_OK
	    ", \"message\": \"%02001d\"}", 0);
	assert_json_error(API_ENDORSE, body, 400, "bad_parameter", "message");
	assert_int_equal(http_request(srv, "POST", API_ENDORSE, form_type, "a=1", 3, &r), 0);
	assert_int_equal(r.status, 415);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_int_equal(http_request(srv, "GET", API_ENDORSE, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_endorsement_api_refuses_another_site(void **state)
{
	static const char *const evil[] = { "Content-Type: application/json",
	    "Origin: http://evil.example", NULL };
	static const char body[] = "{\"organization\": {" ORG_OK "}, " CONTACT_OK "}";
	struct http_result r;
	struct counts before;

	(void)state;
	count_rows(&before);
	assert_int_equal(http_request(srv, "POST", API_ENDORSE, evil, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 403);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_oversized_bodies_are_refused(void **state)
{
	static const char *const json_type[] = { "Content-Type: application/json", NULL };
	static const char *const form_type[] = { "Content-Type: application/x-www-form-urlencoded",
	    NULL };
	size_t size = 70 * 1024;
	char *body = malloc(size + 1);
	struct testauth a;
	struct http_result r;
	struct counts before;
	char path[200];

	(void)state;
	assert_non_null(body);
	memset(body, 'x', size);
	body[size] = '\0';
	memcpy(body, "details=", 8);
	count_rows(&before);
	assert_int_equal(http_request(srv, "POST", API_ENDORSE, json_type, body, size, &r), 0);
	assert_int_equal(r.status, 413);
	assert_no_cookie(&r);
	http_result_free(&r);
	visitor(&a, "/endorse");
	assert_int_equal(testauth_request(srv, &a, "POST", "/endorse", form_type, body, &r), 0);
	assert_int_equal(r.status, 413);
	http_result_free(&r);
	report_path(path, sizeof path, verified_org(0), "");
	assert_int_equal(testauth_request(srv, &a, "POST", path, form_type, body, &r), 0);
	assert_int_equal(r.status, 413);
	http_result_free(&r);
	free(body);
	assert_nothing_stored(&before);
}

/* ---- reports ------------------------------------------------------------------------------ */

static void
test_report_flow_stores_kind_details_and_day(void **state)
{
	const char *uuid = verified_org(0);
	const char *const fields[] = { "lang", "en", "kind", "status-asked",
	    "details", "They asked for my papers.\r\nTwice.", "website", "", NULL };
	static const char sql_row[] = "SELECT kind || '|' || details || '|' || reported_on || '|' || "
	    "coalesce(closed_on, '-') || coalesce(closed_by, '-') || coalesce(closing_note, '-') "
	    "FROM report JOIN organization USING (org_id) WHERE uuid = ?1";
	static const char sql_columns[] =
	    "SELECT group_concat(name, ',') FROM pragma_table_info('report') WHERE ?1 IS NOT NULL";
	struct testauth a;
	struct http_result r;
	char path[200], location[200], text[300], expected[300];

	(void)state;
	report_path(path, sizeof path, uuid, "?lang=en");
	visitor(&a, path);
	get_page(path, 200, &r);
	assert_has(&r, "We keep only the listing, what happened and the day. No name, no time, no address.");
	assert_has(&r, "They asked about my immigration status or for ID");
	assert_has(&r, "I was charged a fee because of my status");
	assert_has(&r, "I was refused service");
	assert_has(&r, "The information here is wrong");
	assert_has(&r, "Something else");
	assert_has(&r, "class=\"form-trap\" aria-hidden=\"true\"");
	assert_has(&r, "Leave this empty");
	assert_has(&r, "name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"");
	http_result_free(&r);

	report_path(path, sizeof path, uuid, "");
	post_form(&a, path, fields, 303, &r);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	report_path(path, sizeof path, uuid, "?done=1&lang=en");
	assert_string_equal(location, path);
	http_result_free(&r);
	get_page(path, 200, &r);
	assert_has(&r, "Thank you for your report");
	assert_has(&r, "read every report");
	assert_has(&r, "Nothing is shown on the public listing until a coordinator");
	http_result_free(&r);

	snprintf(expected, sizeof expected, "status-asked|They asked for my papers.\nTwice.|%s|---",
	    today);
	assert_string_equal(db_text(sql_row, uuid, text, sizeof text), expected);
	assert_string_equal(db_text(sql_columns, "x", text, sizeof text),
	    "report_id,org_id,kind,details,reported_on,closed_on,closed_by,closing_note");
	/* The public listing shows nothing of it. */
	snprintf(path, sizeof path, "/organizations/%s?lang=en", uuid);
	get_page(path, 200, &r);
	assert_lacks(&r, "They asked for my papers.");
	http_result_free(&r);
}

static void
test_report_honeypot_stores_nothing_but_says_thanks(void **state)
{
	const char *uuid = verified_org(1);
	const char *const fields[] = { "kind", "refused", "details", "Buy cheap watches",
	    "website", "http://spam.example", NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;
	char path[200], location[200], expected[200];

	(void)state;
	report_path(path, sizeof path, uuid, "");
	visitor(&a, path);
	count_rows(&before);
	post_form(&a, path, fields, 303, &r);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	report_path(expected, sizeof expected, uuid, "?done=1");
	assert_string_equal(location, expected);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_sixth_report_in_an_hour_is_refused(void **state)
{
	const char *uuid = verified_org(2);
	const char *const fields[] = { "lang", "en", "kind", "wrong-info",
	    "details", "The hours are wrong, sixth time", NULL };
	const char *const other_fields[] = { "kind", "other", "details", "Another listing", NULL };
	struct testauth a;
	struct http_result r;
	char path[200], body[200], api[200];
	int i;

	(void)state;
	report_path(path, sizeof path, uuid, "");
	visitor(&a, path);
	for (i = 0; i < 5; i++) {
		post_form(&a, path, fields, 303, &r);
		http_result_free(&r);
	}
	post_form(&a, path, fields, 429, &r);
	assert_has(&r, "try again later");
	assert_has(&r, ">\nThe hours are wrong, sixth time</textarea>");
	assert_has(&r, "value=\"wrong-info\" checked");
	http_result_free(&r);
	assert_int_equal(db_long(sql_reports_of, uuid), 5);

	snprintf(api, sizeof api, "/api/v1/organizations/%s/reports", uuid);
	snprintf(body, sizeof body, "{\"kind\": \"other\", \"details\": \"by the API\"}");
	assert_json_error(api, body, 429, "too_many_reports", NULL);
	assert_int_equal(db_long(sql_reports_of, uuid), 5);

	/* The cap is per listing: another one still takes reports. */
	report_path(path, sizeof path, verified_org(3), "");
	post_form(&a, path, other_fields, 303, &r);
	http_result_free(&r);
	assert_int_equal(db_long(sql_reports_of, verified_org(3)), 1);
}

static void
test_report_text_is_checked(void **state)
{
	const char *uuid = verified_org(4);
	char too_long[2002], accents[4001], path[200];
	const char *const long_fields[] = { "lang", "en", "kind", "other", "details", too_long, NULL };
	const char *const control[] = { "lang", "en", "kind", "other", "details", "bell\x07", NULL };
	const char *const no_kind[] = { "lang", "en", "details", "Something", NULL };
	const char *const bad_kind[] = { "lang", "en", "kind", "robbery", "details", "x", NULL };
	const char *const empty[] = { "lang", "en", "kind", "other", "details", "", NULL };
	const char *const accented[] = { "kind", "other", "details", accents, NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;
	int i;

	(void)state;
	memset(too_long, 'x', sizeof too_long - 1);
	too_long[sizeof too_long - 1] = '\0';
	for (i = 0; i < 2000; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);   /* 2000 characters, 4000 bytes */
	accents[4000] = '\0';
	report_path(path, sizeof path, uuid, "");
	visitor(&a, path);
	count_rows(&before);
	post_form(&a, path, long_fields, 400, &r);
	assert_has(&r, "This text is too long: at most 2000 characters.");
	assert_has(&r, "role=\"alert\"");
	assert_has(&r, "id=\"details-error\"");
	http_result_free(&r);
	post_form(&a, path, control, 400, &r);
	assert_has(&r, "control characters");
	http_result_free(&r);
	post_form(&a, path, no_kind, 400, &r);
	assert_has(&r, "Choose what happened.");
	assert_has(&r, "id=\"kind-error\"");
	http_result_free(&r);
	post_form(&a, path, bad_kind, 400, &r);
	assert_has(&r, "Choose what happened.");
	http_result_free(&r);
	post_form(&a, path, empty, 400, &r);
	assert_has(&r, "Describe what happened.");
	http_result_free(&r);
	assert_nothing_stored(&before);
	post_form(&a, path, accented, 303, &r);
	http_result_free(&r);
	assert_int_equal(db_long(sql_reports_of, uuid), 1);
}

static void
test_reports_only_about_public_listings(void **state)
{
	static const char *const ids[] = { "pending", "suspended" };
	const char *const fields[] = { "kind", "other", "details", "Hidden listing", NULL };
	struct testauth a;
	struct http_result r;
	struct counts before;
	char path[200], api[200], public_path[200];
	size_t i;

	(void)state;
	report_path(public_path, sizeof public_path, verified_org(0), "");
	visitor(&a, public_path);
	count_rows(&before);
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		report_path(path, sizeof path, org_in_state(ids[i]), "");
		get_page(path, 404, &r);
		http_result_free(&r);
		post_form(&a, path, fields, 404, &r);
		http_result_free(&r);
		snprintf(api, sizeof api, "/api/v1/organizations/%s/reports", org_in_state(ids[i]));
		assert_json_error(api, "{\"kind\": \"other\", \"details\": \"x\"}", 404, "not_found", NULL);
	}
	report_path(path, sizeof path, "00000000-0000-4000-8000-000000000000", "");
	get_page(path, 404, &r);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_report_form_needs_token_and_origin(void **state)
{
	const char *uuid = verified_org(5);
	const char *const fields[] = { "kind", "other", "details", "No token", NULL };
	const char *const evil[] = { "Origin: http://evil.example",
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	struct testauth a, none = { "", "" };
	struct http_result r;
	struct counts before;
	char path[200], body[200];

	(void)state;
	report_path(path, sizeof path, uuid, "");
	visitor(&a, path);
	count_rows(&before);
	post_form(&none, path, fields, 403, &r);
	http_result_free(&r);
	snprintf(body, sizeof body, "csrf=%s&kind=other&details=Evil", a.csrf);
	assert_int_equal(testauth_request(srv, &a, "POST", path, evil, body, &r), 0);
	assert_int_equal(r.status, 403);
	assert_no_cookie(&r);
	http_result_free(&r);
	assert_nothing_stored(&before);
}

static void
test_report_text_is_stored_as_is_and_escaped(void **state)
{
	const char *uuid = verified_org(6);
	const char *const no_kind[] = { "lang", "en", "details", HOSTILE, NULL };
	const char *const good[] = { "kind", "status-fee", "details", HOSTILE, NULL };
	static const char sql_details[] = "SELECT details FROM report JOIN organization "
	    "USING (org_id) WHERE uuid = ?1";
	struct testauth a;
	struct http_result r;
	char path[200], text[100];

	(void)state;
	report_path(path, sizeof path, uuid, "");
	visitor(&a, path);
	post_form(&a, path, no_kind, 400, &r);
	assert_has(&r, ">\n" HOSTILE_ESCAPED "</textarea>");
	assert_lacks(&r, HOSTILE);
	http_result_free(&r);
	post_form(&a, path, good, 303, &r);
	http_result_free(&r);
	assert_string_equal(db_text(sql_details, uuid, text, sizeof text), HOSTILE);
	snprintf(path, sizeof path, "/organizations/%s", uuid);
	get_page(path, 200, &r);
	assert_lacks(&r, HOSTILE);
	assert_lacks(&r, HOSTILE_ESCAPED);
	http_result_free(&r);
}

static void
test_report_api(void **state)
{
	const char *uuid = verified_org(7);
	static const char sql_row[] = "SELECT kind || '|' || details || '|' || reported_on FROM report "
	    "JOIN organization USING (org_id) WHERE uuid = ?1";
	char path[200], text[300], expected[300], body[3000];
	struct http_result r;
	struct counts before;
	json_t *doc;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/organizations/%s/reports", uuid);
	count_rows(&before);
	assert_json_error(path, "{\"kind\": \"robbery\", \"details\": \"x\"}", 400, "bad_parameter", "kind");
	assert_json_error(path, "{\"details\": \"x\"}", 400, "bad_parameter", "kind");
	assert_json_error(path, "{\"kind\": \"other\"}", 400, "bad_parameter", "details");
	assert_json_error(path, "{\"kind\": \"other\", \"details\": 5}", 400, "bad_parameter", "details");
	assert_json_error(path, "{\"kind\": \"other\", \"details\": \"x\", \"when\": \"now\"}", 400,
	    "unknown_parameter", NULL);
	snprintf(body, sizeof body, "{\"kind\": \"other\", \"details\": \"%02001d\"}", 0);
	assert_json_error(path, body, 400, "bad_parameter", "details");
	assert_int_equal(http_request(srv, "GET", path, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	http_result_free(&r);
	assert_nothing_stored(&before);

	doc = post_json(path, "{\"kind\": \"refused\", \"details\": \"" HOSTILE_JSON "\"}", 201);
	assert_true(json_is_true(json_object_get(doc, "received")));
	assert_int_equal(json_object_size(doc), 1);
	json_decref(doc);
	snprintf(expected, sizeof expected, "refused|%s|%s", HOSTILE, today);
	assert_string_equal(db_text(sql_row, uuid, text, sizeof text), expected);
}

static void
test_listing_page_links_to_its_report_form(void **state)
{
	const char *uuid = verified_org(0);
	char path[200], link[300];
	struct http_result r;

	(void)state;
	snprintf(path, sizeof path, "/organizations/%s?lang=es", uuid);
	snprintf(link, sizeof link, "href=\"/organizations/%s/report?lang=es\"", uuid);
	get_page(path, 200, &r);
	assert_has(&r, link);
	http_result_free(&r);
	snprintf(path, sizeof path, "/organizations/%s", uuid);
	snprintf(link, sizeof link, "href=\"/organizations/%s/report\"", uuid);
	get_page(path, 200, &r);
	assert_has(&r, link);
	http_result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endorse_form_stores_a_pending_listing),
		cmocka_unit_test(test_endorse_form_shows_its_fields),
		cmocka_unit_test(test_endorse_form_refuses_missing_fields),
		cmocka_unit_test(test_endorse_form_checks_the_contact),
		cmocka_unit_test(test_service_provider_needs_every_commitment),
		cmocka_unit_test(test_endorse_form_needs_token_and_origin),
		cmocka_unit_test(test_endorse_form_escapes_what_it_shows),
		cmocka_unit_test(test_endorsement_api_stores_a_pending_listing),
		cmocka_unit_test(test_endorsement_api_refuses_bad_applications),
		cmocka_unit_test(test_endorsement_api_refuses_another_site),
		cmocka_unit_test(test_oversized_bodies_are_refused),
		cmocka_unit_test(test_report_flow_stores_kind_details_and_day),
		cmocka_unit_test(test_report_honeypot_stores_nothing_but_says_thanks),
		cmocka_unit_test(test_sixth_report_in_an_hour_is_refused),
		cmocka_unit_test(test_report_text_is_checked),
		cmocka_unit_test(test_reports_only_about_public_listings),
		cmocka_unit_test(test_report_form_needs_token_and_origin),
		cmocka_unit_test(test_report_text_is_stored_as_is_and_escaped),
		cmocka_unit_test(test_report_api),
		cmocka_unit_test(test_listing_page_links_to_its_report_form),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
