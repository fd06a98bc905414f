/*
** test_edit.c - the organization editors' area over real HTTP, as a browser and as an
** API client would use it: an editor edits the listing through the form (read back from
** the page and sent again like a browser does) and the public page and API show the
** change at once, with a revision in the history; a withdrawn commitment disappears at
** once; an outdated form (409) and invalid fields (400) save nothing; "nothing changed"
** marks an old listing current; each editor sees only their own organization; logged-out
** visitors, coordinators, suspended organizations, missing form tokens and other sites
** are refused; API tokens are shown once, stored as hashes, work until revoked and only
** for their organization; and markup, quotes and RTL overrides typed in every text field
** come back escaped on every page and intact in the JSON.
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

#include "auth.h"
#include "db.h"
#include "revision.h"
#include "testauth.h"

#define PASSPHRASE  "violet lantern harbour mosaic"
#define FORM_MAX    1500
#define FORM_TYPE   "Content-Type: application/x-www-form-urlencoded"
#define PAYLOAD     "<script>alert(1)</script>\"'\xe2\x80\xae"
#define PAYLOAD_ESC "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;\xe2\x80\xae"

static struct testsrv *srv;
static json_t *demo_file;   /* fixtures/demo-services.json */

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

/* ---- organizations, pages and the database ------------------------------------------ */

/* The n-th verified demo organization that has services and locations. */
static const json_t *
demo_org(size_t n)
{
	const json_t *org;
	size_t i;

	json_array_foreach(json_object_get(demo_file, "organizations"), i, org)
		if (strcmp(json_string_value(json_object_get(json_object_get(org, "verification"),
		    "state")), "verified") == 0 &&
		    json_array_size(json_object_get(org, "services")) > 0 &&
		    json_array_size(json_object_get(org, "locations")) > 0 && n-- == 0)
			return org;
	fail_msg("no demo organization number %zu", n);
	return NULL;
}

static const char *
uuid_of(size_t n)
{
	return json_string_value(json_object_get(demo_org(n), "id"));
}

static const char *
name_of(size_t n)
{
	return json_string_value(json_object_get(demo_org(n), "name"));
}

/* The name of organization n as a page shows it (escaped). */
static const char *
shown_name_of(size_t n, char *out, size_t outlen)
{
	const char *p = name_of(n);
	size_t len = 0;

	for (; *p != '\0' && len + 7 < outlen; p++)
		len += (size_t)snprintf(out + len, outlen - len, "%s", *p == '\'' ? "&#39;" :
		    *p == '&' ? "&amp;" : *p == '"' ? "&quot;" : *p == '<' ? "&lt;" : *p == '>' ?
		    "&gt;" : (char[2]){ *p, '\0' });
	out[len] = '\0';
	return out;
}

static void
login(size_t n, const char *name, struct testauth *a)
{
	if (testauth_editor(srv, uuid_of(n), name, PASSPHRASE, a) != 0)
		fail_msg("editor %s could not log in", name);
}

static void
today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* GET path as a (NULL: a visitor) expecting status; the body (caller frees). */
static char *
page(struct testauth *a, const char *path, long status)
{
	struct http_result r;
	char *body;

	assert_int_equal(testauth_get(srv, a, path, &r), 0);
	if (r.status != status)
		fail_msg("GET %s: %ld, wanted %ld", path, r.status, status);
	body = strdup(r.body.data);
	http_result_free(&r);
	return body;
}

static void
page_has(struct testauth *a, const char *path, const char *needle, int want)
{
	char *body = page(a, path, 200);

	if ((strstr(body, needle) != NULL) != want)
		fail_msg("GET %s: \"%s\" %s", path, needle, want ? "missing" : "present");
	free(body);
}

/* The public API's view of organization n in French, without opening states (they
** follow the clock). */
static json_t *
public_json(size_t n)
{
	char path[120];
	json_t *doc, *loc;
	size_t i;

	snprintf(path, sizeof path, "/api/v1/organizations/%s?lang=fr", uuid_of(n));
	doc = http_get_expect(srv, path, 200);
	json_array_foreach(json_object_get(doc, "locations"), i, loc)
		json_object_del(loc, "open");
	return doc;
}

static const char *
public_description(const json_t *doc)
{
	return json_string_value(json_object_get(json_object_get(doc, "description"), "text"));
}

/* Whether commitment id is held in a public view. */
static int
holds(const json_t *doc, const char *id)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "commitments"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			return json_is_true(json_object_get(c, "held"));
	return 0;
}

static long
revision_count(size_t n)
{
	static const char sql[] = "SELECT count(*) FROM revision r JOIN organization o"
	    " ON o.org_id = r.org_id WHERE o.uuid = ?1";
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];
	long count = -1;

	assert_int_equal(db_open(srv->db, DB_READONLY, &c, msg, sizeof msg), 0);
	stmt = dbconn_stmt(&c, sql, msg, sizeof msg);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, uuid_of(n), -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		count = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	db_close(&c);
	return count;
}

/* A coordinator's decision, made in-process: organization n's state becomes state. */
static void
set_state(size_t n, const char *state)
{
	struct dbconn c = { 0 };
	json_t *record = NULL;
	char msg[200];
	long org_id;

	assert_int_equal(db_open(srv->db, DB_READWRITE, &c, msg, sizeof msg), 0);
	assert_int_equal(db_exec(&c, "BEGIN IMMEDIATE", msg, sizeof msg), 0);
	assert_int_equal(revision_current(&c, uuid_of(n), &record, &org_id, msg, sizeof msg), 1);
	json_object_set_new(json_object_get(record, "verification"), "state", json_string(state));
	if (revision_save(&c, NULL, record, "test", state, time(NULL), NULL, msg, sizeof msg) != 0)
		fail_msg("%s", msg);
	assert_int_equal(db_exec(&c, "COMMIT", msg, sizeof msg), 0);
	json_decref(record);
	db_close(&c);
}

/* Whether the bytes of text are anywhere in the file at path (a missing file: no). */
static int
file_holds(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n, len = strlen(text), i;
	int found = 0;

	if (f == NULL)
		return 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	for (i = 0; b.len >= len && i <= b.len - len && !found; i++)
		found = memcmp(b.data + i, text, len) == 0;
	buf_free(&b);
	return found;
}

/* The token's text is in no file of the database, its hash is in api_token. */
static void
stored_as_hash(const char *token)
{
	static const char sql[] = "SELECT count(*) FROM api_token WHERE token_hash = ?1";
	unsigned char hash[AUTH_HASH_BYTES];
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char wal[160], msg[200];

	snprintf(wal, sizeof wal, "%s-wal", srv->db);
	assert_false(file_holds(srv->db, token));
	assert_false(file_holds(wal, token));
	assert_int_equal(auth_token_hash(token, hash), 0);
	assert_int_equal(db_open(srv->db, DB_READONLY, &c, msg, sizeof msg), 0);
	stmt = dbconn_stmt(&c, sql, msg, sizeof msg);
	assert_non_null(stmt);
	sqlite3_bind_blob(stmt, 1, hash, sizeof hash, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 1);
	sqlite3_reset(stmt);
	db_close(&c);
}

/* ---- the listing's form, read like a browser --------------------------------------- */

struct form {
	size_t n;
	char  *name[FORM_MAX];
	char  *value[FORM_MAX];
};

static char *
unescape(const char *s, size_t len)
{
	static const char *const refs[][2] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
	    { "&quot;", "\"" }, { "&#39;", "'" } };
	char *out = malloc(len + 1), *o = out;
	size_t i, k;

	for (i = 0; i < len;) {
		for (k = 0; k < 5 && (s[i] != '&' || strncmp(s + i, refs[k][0], strlen(refs[k][0])) != 0); k++)
			;
		if (k < 5) {
			*o++ = refs[k][1][0];
			i += strlen(refs[k][0]);
		} else {
			*o++ = s[i++];
		}
	}
	*o = '\0';
	return out;
}

/* The value of attribute attr in the tag [tag, end), or NULL. */
static char *
attribute(const char *tag, const char *end, const char *attr)
{
	char pattern[40];
	const char *p, *q;

	snprintf(pattern, sizeof pattern, " %s=\"", attr);
	for (p = tag; (p = strstr(p, pattern)) != NULL && p < end; p++) {
		p += strlen(pattern);
		q = strchr(p, '"');
		return q != NULL && q < end ? unescape(p, (size_t)(q - p)) : NULL;
	}
	return NULL;
}

static int
has_flag(const char *tag, const char *end, const char *flag)
{
	size_t n = strlen(flag);
	const char *p;

	for (p = tag; (p = strstr(p, flag)) != NULL && p < end; p++)
		if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '>'))
			return 1;
	return 0;
}

static void
form_add(struct form *f, const char *name, const char *value)
{
	assert_true(f->n < FORM_MAX);
	f->name[f->n] = strdup(name);
	f->value[f->n++] = strdup(value);
}

static void
form_take(struct form *f, char *name, char *value)
{
	if (name != NULL && value != NULL)
		form_add(f, name, value);
	free(name);
	free(value);
}

/* One <input>, <textarea> or <select> at tag; where the scan goes on. */
static const char *
scan_field(struct form *f, const char *tag)
{
	const char *end = strchr(tag, '>'), *close, *opt, *pick = NULL;
	char *type;

	if (strncmp(tag, "<input", 6) == 0) {
		type = attribute(tag, end, "type");
		if (type == NULL || (strcmp(type, "checkbox") != 0 && strcmp(type, "radio") != 0) ||
		    has_flag(tag, end, "checked"))
			form_take(f, attribute(tag, end, "name"), attribute(tag, end, "value"));
		free(type);
		return end + 1;
	}
	if (strncmp(tag, "<textarea", 9) == 0) {
		close = strstr(end, "</textarea>");
		end += end[1] == '\n' ? 2 : 1;
		form_take(f, attribute(tag, close, "name"), unescape(end, (size_t)(close - end)));
		return close;
	}
	close = strstr(end, "</select>");
	for (opt = end; (opt = strstr(opt, "<option")) != NULL && opt < close; opt++)
		if (pick == NULL || has_flag(opt, strchr(opt, '>'), "selected"))
			pick = opt;
	if (pick != NULL)
		form_take(f, attribute(tag, end, "name"), attribute(pick, strchr(pick, '>'), "value"));
	return close;
}

/* The fields of the listing's form in html, as a browser would send them. */
static void
form_read(const char *html, struct form *f)
{
	const char *p = strstr(html, "action=\"/edit/organization\""), *end, *next[3];
	size_t k;

	memset(f, 0, sizeof *f);
	assert_non_null(p);
	end = strstr(p, "</form>");
	assert_non_null(end);
	for (;;) {
		next[0] = strstr(p, "<input");
		next[1] = strstr(p, "<textarea");
		next[2] = strstr(p, "<select");
		p = NULL;
		for (k = 0; k < 3; k++)
			if (next[k] != NULL && next[k] < end && (p == NULL || next[k] < p))
				p = next[k];
		if (p == NULL)
			break;
		p = scan_field(f, p);
	}
}

static void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->name[i]), free(f->value[i]);
	f->n = 0;
}

static const char *
form_get(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

static void
form_set(struct form *f, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0) {
			free(f->value[i]);
			f->value[i] = strdup(value);
			return;
		}
	fail_msg("the form has no field %s", name);
}

/* Untick a checkbox: drop the field name=value. */
static void
form_drop(struct form *f, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0 && strcmp(f->value[i], value) == 0) {
			free(f->name[i]), free(f->value[i]);
			memmove(f->name + i, f->name + i + 1, (f->n - i - 1) * sizeof f->name[0]);
			memmove(f->value + i, f->value + i + 1, (f->n - i - 1) * sizeof f->value[0]);
			f->n--;
			return;
		}
	fail_msg("the form has no ticked %s=%s", name, value);
}

static void
open_form(struct testauth *a, struct form *f)
{
	char *body = page(a, "/edit/organization?lang=en", 200);

	form_read(body, f);
	free(body);
	assert_non_null(form_get(f, "revision"));
	assert_non_null(form_get(f, "csrf"));
}

/* Send f as the browser would; the status must be want. r is filled (caller frees). */
static void
send_form(struct testauth *a, const struct form *f, long want, struct http_result *r)
{
	const char **fields = calloc(2 * f->n + 1, sizeof *fields);
	size_t i;

	for (i = 0; i < f->n; i++)
		fields[2 * i] = f->name[i], fields[2 * i + 1] = f->value[i];
	assert_int_equal(testauth_post(srv, a, "/edit/organization?lang=en", fields, r), 0);
	free(fields);
	if (r->status != want)
		fail_msg("POST /edit/organization: %ld, wanted %ld: %.400s", r->status, want,
		    r->body.data);
}

static void
save_form(struct testauth *a, const struct form *f)
{
	struct http_result r;
	char location[200];

	send_form(a, f, 303, &r);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	assert_string_equal(location, "/edit?done=saved&lang=en");
	http_result_free(&r);
}

/* ---- the API ------------------------------------------------------------------------ */

static json_t *
api(const char *token, const char *method, const char *body, long want)
{
	char auth[120];
	const char *headers[] = { auth, "Content-Type: application/json", NULL };
	struct http_result r;
	json_t *doc;

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	assert_int_equal(http_request(srv, method, "/api/v1/manage/organization", token ? headers :
	    headers + 1, body, body ? strlen(body) : 0, &r), 0);
	doc = json_loadb(r.body.data, r.body.len, 0, NULL);
	if (r.status != want || doc == NULL)
		fail_msg("%s manage API: %ld, wanted %ld: %.300s", method, r.status, want, r.body.data);
	http_result_free(&r);
	return doc;
}

static json_t *
api_post(const char *token, const json_t *body, long want)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_t *doc = api(token, "POST", text, want);

	free(text);
	return doc;
}

static void
expect_code(json_t *doc, const char *code)
{
	const char *got = json_string_value(json_object_get(json_object_get(doc, "error"), "code"));

	if (got == NULL || strcmp(got, code) != 0)
		fail_msg("error code %s, wanted %s", got ? got : "(none)", code);
	json_decref(doc);
}

/* A new token labelled label, read from the page that shows it once. */
static void
make_token(struct testauth *a, const char *label, char token[64])
{
	const char *fields[] = { "action", "create", "label", label, NULL };
	struct http_result r;
	const char *p, *end;

	page_has(a, "/edit/tokens?lang=en", "Make a new token", 1);
	assert_int_equal(testauth_post(srv, a, "/edit/tokens?lang=en", fields, &r), 0);
	assert_int_equal(r.status, 200);
	p = strstr(r.body.data, "<code class=\"edit-token\" dir=\"ltr\">");
	assert_non_null(p);
	p = strchr(p, '>') + 1;
	end = strstr(p, "</code>");
	assert_int_equal(end - p, 43);
	snprintf(token, 64, "%.*s", (int)(end - p), p);
	assert_non_null(strstr(r.body.data, "Authorization: Bearer "));
	assert_non_null(strstr(r.body.data, "/api/v1/manage/organization"));
	http_result_free(&r);
}

/* ---- the tests ---------------------------------------------------------------------- */

static void
test_form_edit_is_public_at_once_and_in_history(void **state)
{
	struct testauth a;
	struct form f;
	json_t *doc;
	char path[120], day[11], shown[600];
	long before = revision_count(0);

	(void)state;
	login(0, "ed-flow", &a);
	page_has(&a, "/edit?lang=en", shown_name_of(0, shown, sizeof shown), 1);
	open_form(&a, &f);
	form_set(&f, "description.fr", "Nouvelle description écrite par l'équipe, novembre.");
	save_form(&a, &f);
	form_free(&f);

	doc = public_json(0);
	assert_string_equal(public_description(doc),
	    "Nouvelle description écrite par l'équipe, novembre.");
	today(day);
	assert_string_equal(json_string_value(json_object_get(doc, "updated_on")), day);
	json_decref(doc);
	snprintf(path, sizeof path, "/organizations/%s?lang=fr", uuid_of(0));
	page_has(NULL, path, "Nouvelle description écrite par l&#39;équipe, novembre.", 1);
	page_has(&a, "/edit?done=saved&lang=en", "Your changes are saved.", 1);

	/* The import is recorded first, then the edit. */
	assert_int_equal(revision_count(0), before + 2);
	page_has(&a, "/edit/history?lang=en", "editor ed-flow", 1);
	page_has(&a, "/edit/history?lang=en", "Edited with the form", 1);
	page_has(&a, "/edit/history?lang=en", "<li>Description</li>", 1);
}

static void
test_withdrawn_commitment_disappears_at_once(void **state)
{
	struct testauth a;
	struct form f;
	json_t *doc;
	char day[11], *body;

	(void)state;
	login(1, "ed-commit", &a);
	doc = public_json(1);
	assert_true(holds(doc, "no-border-agency"));
	json_decref(doc);
	page_has(&a, "/edit?lang=en", "held since", 1);

	open_form(&a, &f);
	form_drop(&f, "commitment", "no-border-agency");
	save_form(&a, &f);
	form_free(&f);
	doc = public_json(1);
	assert_false(holds(doc, "no-border-agency"));
	assert_true(holds(doc, "no-status-questions"));
	json_decref(doc);

	/* Ticked again, it is held since today. */
	open_form(&a, &f);
	form_add(&f, "commitment", "no-border-agency");
	save_form(&a, &f);
	form_free(&f);
	today(day);
	body = page(&a, "/edit?lang=en", 200);
	assert_non_null(strstr(body, day));
	free(body);
}

static void
test_outdated_form_is_refused_and_nothing_saved(void **state)
{
	struct testauth a, b;
	struct form first, second, again;
	struct http_result r;
	json_t *doc;

	(void)state;
	login(2, "ed-first", &a);
	login(2, "ed-second", &b);
	open_form(&a, &first);
	open_form(&b, &second);
	form_set(&first, "description.fr", "Version de la première personne.");
	form_set(&second, "description.fr", "Version de la deuxième personne.");
	save_form(&a, &first);

	send_form(&b, &second, 409, &r);
	assert_non_null(strstr(r.body.data, "Someone else saved this listing since you opened it"));
	assert_non_null(strstr(r.body.data, "Version de la deuxième personne."));
	doc = public_json(2);
	assert_string_equal(public_description(doc), "Version de la première personne.");
	json_decref(doc);

	/* The form shown again is based on the newest revision: saving it works. */
	form_read(r.body.data, &again);
	http_result_free(&r);
	assert_string_not_equal(form_get(&again, "revision"), form_get(&second, "revision"));
	save_form(&b, &again);
	doc = public_json(2);
	assert_string_equal(public_description(doc), "Version de la deuxième personne.");
	json_decref(doc);
	form_free(&first);
	form_free(&second);
	form_free(&again);
}

/* Send f with field set to bad: 400, the typed value shown again with a message next to
** a field, and nothing saved. */
static void
expect_refused(struct testauth *a, size_t n, const char *field, const char *bad,
    const char *shown)
{
	json_t *before = public_json(n), *after;
	long revisions = revision_count(n);
	struct http_result r;
	struct form f;

	open_form(a, &f);
	form_set(&f, "description.fr", "Ce texte ne doit jamais être enregistré.");
	form_set(&f, field, bad);
	send_form(a, &f, 400, &r);
	assert_non_null(strstr(r.body.data, "Nothing was saved"));
	assert_non_null(strstr(r.body.data, "class=\"field-error\""));
	assert_non_null(strstr(r.body.data, "aria-invalid=\"true\""));
	assert_non_null(strstr(r.body.data, shown));
	assert_non_null(strstr(r.body.data, "Ce texte ne doit jamais être enregistré."));
	http_result_free(&r);
	form_free(&f);
	after = public_json(n);
	assert_true(json_equal(before, after));
	assert_int_equal(revision_count(n), revisions);
	json_decref(before);
	json_decref(after);
}

static void
test_invalid_fields_save_nothing(void **state)
{
	struct testauth a;

	(void)state;
	login(3, "ed-invalid", &a);
	expect_refused(&a, 3, "email", "not-an-email", "value=\"not-an-email\"");
	expect_refused(&a, 3, "location.0.hours", "mon 25:00-26:00", "mon 25:00-26:00");
	expect_refused(&a, 3, "website", "javascript:alert(1)", "value=\"javascript:alert(1)\"");
	expect_refused(&a, 3, "name", "", "Ce texte");
}

static void
test_old_listing_is_marked_until_confirmed(void **state)
{
	const json_t *org;
	json_t *before, *after;
	struct testauth a;
	const char *fields[] = { "action", "confirm", NULL };
	struct http_result r;
	char path[120], day[11], location[200];
	size_t n, k;

	(void)state;
	/* The first demo organization last updated more than a year ago. */
	for (n = 20; strcmp(json_string_value(json_object_get(demo_org(n), "updated_on")),
	    "2025-01-01") > 0; n++)
		;
	org = demo_org(n);
	before = public_json(n);
	assert_true(json_is_true(json_object_get(before, "not_updated_for_a_year")));
	snprintf(path, sizeof path, "/organizations/%s?lang=en",
	    json_string_value(json_object_get(org, "id")));
	page_has(NULL, path, "not updated for 12 months or more", 1);
	login(n, "ed-stale", &a);
	page_has(&a, "/edit?lang=en", "This listing has not been updated for 12 months or more.", 1);

	assert_int_equal(testauth_post(srv, &a, "/edit?lang=en", fields, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	assert_string_equal(location, "/edit?done=confirmed");
	http_result_free(&r);

	after = public_json(n);
	today(day);
	assert_string_equal(json_string_value(json_object_get(after, "updated_on")), day);
	assert_true(json_is_false(json_object_get(after, "not_updated_for_a_year")));
	/* Nothing else changed. */
	for (k = 0; k < 2; k++) {
		json_object_del(k == 0 ? before : after, "updated_on");
		json_object_del(k == 0 ? before : after, "not_updated_for_a_year");
	}
	assert_true(json_equal(before, after));
	json_decref(before);
	json_decref(after);
	page_has(NULL, path, "not updated for 12 months or more", 0);
	page_has(&a, "/edit?lang=en", "has not been updated for 12 months", 0);
	page_has(&a, "/edit?done=confirmed&lang=en", "the listing is marked as current today", 1);
	page_has(&a, "/edit/history?lang=en", "Confirmed as current", 1);
}

static void
test_each_editor_sees_only_their_organization(void **state)
{
	static const char *const pages[] = { "/edit?lang=en", "/edit/organization?lang=en",
	    "/edit/history?lang=en", "/edit/tokens?lang=en" };
	struct testauth a, a2, b;
	json_t *other_before, *other_after;
	char four[600], five[600];
	struct form f;
	size_t i;

	(void)state;
	login(4, "ed-four", &a);
	login(4, "ed-four-too", &a2);
	login(5, "ed-five", &b);
	shown_name_of(4, four, sizeof four);
	shown_name_of(5, five, sizeof five);
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		page_has(&a, pages[i], four, 1);
		page_has(&a, pages[i], five, 0);
		page_has(&b, pages[i], five, 1);
		page_has(&b, pages[i], four, 0);
	}
	page_has(&a, "/edit?lang=en", "ed-four-too", 1);
	page_has(&a2, "/edit?lang=en", "ed-four</bdi>", 1);
	page_has(&b, "/edit?lang=en", "ed-four", 0);

	/* A's save changes A only, whatever B's page holds. */
	other_before = public_json(5);
	open_form(&a, &f);
	form_set(&f, "description.fr", "Seulement pour la quatrième.");
	save_form(&a, &f);
	form_free(&f);
	other_after = public_json(5);
	assert_true(json_equal(other_before, other_after));
	json_decref(other_before);
	json_decref(other_after);
}

static void
test_logged_out_and_coordinators_are_refused(void **state)
{
	static const char *const paths[] = { "/edit", "/edit/organization", "/edit/history",
	    "/edit/tokens" };
	const char *fields[] = { "action", "confirm", NULL };
	struct testauth visitor = { "", "" }, coordinator;
	struct http_result r;
	char location[200], want[200];
	size_t i;

	(void)state;
	assert_int_equal(testauth_coordinator(srv, "coord-edit", PASSPHRASE, &coordinator), 0);
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(testauth_get(srv, &visitor, paths[i], &r), 0);
		assert_int_equal(r.status, 303);
		assert_non_null(http_header(&r, "Location", location, sizeof location));
		snprintf(want, sizeof want, "/login?next=%s", paths[i]);
		assert_string_equal(location, want);
		http_result_free(&r);
		assert_int_equal(testauth_post(srv, &visitor, paths[i], fields, &r), 0);
		assert_int_equal(r.status, strcmp(paths[i], "/edit/history") == 0 ? 405 : 401);
		http_result_free(&r);

		assert_int_equal(testauth_get(srv, &coordinator, paths[i], &r), 0);
		assert_int_equal(r.status, 403);
		http_result_free(&r);
		assert_int_equal(testauth_post(srv, &coordinator, paths[i], fields, &r), 0);
		assert_int_equal(r.status, strcmp(paths[i], "/edit/history") == 0 ? 405 : 403);
		http_result_free(&r);
	}
}

static void
test_suspended_organization_reaches_nothing(void **state)
{
	static const char *const paths[] = { "/edit", "/edit/organization", "/edit/history",
	    "/edit/tokens" };
	const char *fields[] = { "action", "confirm", NULL };
	struct testauth a;
	struct http_result r;
	char token[64], shown[600];
	size_t i;

	(void)state;
	login(6, "ed-suspended", &a);
	make_token(&a, "before suspension", token);
	json_decref(api(token, "GET", NULL, 200));
	set_state(6, "suspended");
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(testauth_get(srv, &a, paths[i], &r), 0);
		assert_int_equal(r.status, 403);
		http_result_free(&r);
		assert_int_equal(testauth_post(srv, &a, paths[i], fields, &r), 0);
		assert_int_equal(r.status, strcmp(paths[i], "/edit/history") == 0 ? 405 : 403);
		http_result_free(&r);
	}
	expect_code(api(token, "GET", NULL, 403), "suspended");
	expect_code(api(token, "POST", "{\"organization\":{},\"revision\":1}", 403), "suspended");
	set_state(6, "verified");
	page_has(&a, "/edit?lang=en", shown_name_of(6, shown, sizeof shown), 1);
	json_decref(api(token, "GET", NULL, 200));
}

/* body is refused with 400 invalid_record naming parameter. */
static void
expect_invalid(const char *token, const json_t *body, const char *parameter)
{
	json_t *doc = api_post(token, body, 400);
	const char *got = json_string_value(json_object_get(json_object_get(doc, "error"),
	    "parameter"));

	if (got == NULL || strcmp(got, parameter) != 0)
		fail_msg("parameter %s, wanted %s", got ? got : "(none)", parameter);
	expect_code(doc, "invalid_record");
}

/* Read the listing through the API, hold (or drop) commitment id, send it back with
** "since" 1990-01-01; the held commitment must come back since want_since (NULL: not
** held). The new revision. */
static json_int_t
api_commitment(const char *token, size_t n, const char *id, int hold, const char *want_since)
{
	json_t *doc = api(token, "GET", NULL, 200), *list, *c, *sent, *saved;
	json_int_t revision;
	size_t i;

	list = json_object_get(json_object_get(doc, "organization"), "commitments");
	json_array_foreach(list, i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			break;
	if (i < json_array_size(list))
		json_array_remove(list, i);
	if (hold)
		json_array_append_new(list, json_pack("{ssss}", "id", id, "since", "1990-01-01"));
	sent = json_pack("{sOsO}", "organization", json_object_get(doc, "organization"), "revision",
	    json_object_get(doc, "revision"));
	saved = api_post(token, sent, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(saved, "organization"),
	    "id")), uuid_of(n));
	c = NULL;
	json_array_foreach(json_object_get(json_object_get(saved, "organization"), "commitments"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			break;
	if (hold)
		assert_string_equal(json_string_value(json_object_get(c, "since")), want_since);
	else
		assert_true(i == json_array_size(json_object_get(json_object_get(saved, "organization"),
		    "commitments")));
	revision = json_integer_value(json_object_get(saved, "revision"));
	json_decref(saved);
	json_decref(sent);
	json_decref(doc);
	return revision;
}

static void
test_api_tokens(void **state)
{
	struct testauth a, b;
	char token[64], other[64], day[11], path[120], *body;
	json_t *doc, *sent, *org, *c, *pub, *svc;
	json_int_t revision, latest;
	size_t i;

	(void)state;
	login(7, "ed-api", &a);
	login(8, "ed-api-other", &b);
	make_token(&a, "website sync", token);
	make_token(&b, "other sync", other);

	/* Shown once; only its hash is in the database. */
	body = page(&a, "/edit/tokens?lang=en", 200);
	assert_null(strstr(body, token));
	assert_non_null(strstr(body, "website sync"));
	assert_non_null(strstr(body, "ed-api"));
	free(body);
	stored_as_hash(token);
	stored_as_hash(other);

	/* Read, change, send back. */
	doc = api(token, "GET", NULL, 200);
	org = json_object_get(doc, "organization");
	assert_string_equal(json_string_value(json_object_get(org, "id")), uuid_of(7));
	revision = json_integer_value(json_object_get(doc, "revision"));
	json_object_set_new(json_object_get(org, "description"), "fr",
	    json_string("Texte envoyé par l'API."));
	json_object_set_new(json_object_get(org, "verification"), "state", json_string("pending"));
	json_object_set_new(org, "demo", json_false());
	json_object_set_new(org, "endorsed_on", json_string("1999-01-01"));
	json_array_foreach(json_object_get(org, "commitments"), i, c)
		json_object_set_new(c, "since", json_string("1990-01-01"));
	sent = json_pack("{sOsI}", "organization", org, "revision", revision);
	json_decref(doc);

	doc = api_post(token, sent, 200);
	org = json_object_get(doc, "organization");
	assert_true(json_integer_value(json_object_get(doc, "revision")) > revision);
	assert_string_equal(json_string_value(json_object_get(json_object_get(org, "verification"),
	    "state")), "verified");
	assert_true(json_is_true(json_object_get(org, "demo")));
	assert_true(json_equal(json_object_get(org, "endorsed_on"),
	    json_object_get(demo_org(7), "endorsed_on")));
	json_array_foreach(json_object_get(org, "commitments"), i, c)
		assert_string_not_equal(json_string_value(json_object_get(c, "since")), "1990-01-01");
	today(day);
	assert_string_equal(json_string_value(json_object_get(org, "updated_on")), day);
	json_decref(doc);
	pub = public_json(7);
	assert_string_equal(public_description(pub), "Texte envoyé par l'API.");
	json_decref(pub);
	snprintf(path, sizeof path, "/organizations/%s?lang=fr", uuid_of(7));
	page_has(NULL, path, "Texte envoyé par l&#39;API.", 1);
	page_has(&a, "/edit/history?lang=en", "API token &quot;website sync&quot;", 1);
	page_has(&a, "/edit/history?lang=en", "Edited through the API", 1);

	/* The revision read is now outdated. */
	expect_code(api_post(token, sent, 409), "conflict");
	/* Another organization's record: refused whatever else it says. */
	json_object_set_new(json_object_get(sent, "organization"), "id", json_string(uuid_of(8)));
	expect_code(api_post(token, sent, 403), "forbidden");
	json_decref(sent);

	/* A commitment withdrawn through the API goes at once; taken again, it is held since
	** today whatever date is sent. */
	latest = api_commitment(token, 7, "no-border-agency", 0, NULL);
	assert_false(holds(pub = public_json(7), "no-border-agency"));
	json_decref(pub);
	latest = api_commitment(token, 7, "no-border-agency", 1, day);

	/* Bad bodies. */
	doc = api(token, "GET", NULL, 200);
	sent = json_pack("{sOsOsb}", "organization", json_object_get(doc, "organization"),
	    "revision", json_object_get(doc, "revision"), "extra", 1);
	expect_code(api_post(token, sent, 400), "unknown_parameter");
	json_object_del(sent, "extra");
	json_object_del(sent, "revision");
	expect_code(api_post(token, sent, 400), "bad_parameter");
	json_object_set(sent, "revision", json_object_get(doc, "revision"));
	json_object_set_new(json_array_get(json_object_get(json_object_get(sent, "organization"),
	    "services"), 0), "fees", json_string("expensive"));
	expect_invalid(token, sent, "organization.services[0].fees");
	/* A service id given twice, or another organization's. */
	svc = json_object_get(json_object_get(sent, "organization"), "services");
	json_object_set_new(json_array_get(svc, 0), "fees", json_string("free"));
	json_object_set_new(json_array_get(svc, 0), "id", json_deep_copy(json_object_get(
	    json_array_get(json_object_get(demo_org(8), "services"), 0), "id")));
	expect_invalid(token, sent, "organization.services[0].id");
	json_object_set(json_array_get(svc, 0), "id",
	    json_object_get(json_array_get(svc, 1), "id"));
	expect_invalid(token, sent, "organization.services[1].id");
	json_decref(sent);
	json_decref(doc);
	doc = api(token, "GET", NULL, 200);
	assert_true(json_integer_value(json_object_get(doc, "revision")) == latest);
	json_decref(doc);
	expect_code(api(token, "POST", "[1]", 400), "invalid_json");
	expect_code(api(token, "DELETE", NULL, 405), "method_not_allowed");
}

/* The id of the token labelled label in the tokens page of a. */
static long
token_id(struct testauth *a, const char *label)
{
	char *body = page(a, "/edit/tokens?lang=en", 200), *p, needle[200];
	long id;

	snprintf(needle, sizeof needle, "<bdi>%s</bdi>", label);
	p = strstr(body, needle);
	assert_non_null(p);
	p = strstr(p, "name=\"token_id\" value=\"");
	assert_non_null(p);
	id = strtol(p + strlen("name=\"token_id\" value=\""), NULL, 10);
	free(body);
	return id;
}

static void
revoke(struct testauth *a, long id, long want)
{
	char idtext[24];
	const char *fields[] = { "action", "revoke", "token_id", idtext, NULL };
	struct http_result r;

	snprintf(idtext, sizeof idtext, "%ld", id);
	assert_int_equal(testauth_post(srv, a, "/edit/tokens?lang=en", fields, &r), 0);
	if (r.status != want)
		fail_msg("revoking token %ld: %ld, wanted %ld", id, r.status, want);
	http_result_free(&r);
}

static void
test_api_tokens_are_revoked_only_by_their_organization(void **state)
{
	const char *bad_label[] = { "action", "create", "label", "", NULL };
	struct testauth a, b;
	struct http_result r;
	char token[64], other[64];
	long id;

	(void)state;
	login(9, "ed-revoke", &a);
	login(10, "ed-revoke-other", &b);
	make_token(&a, "to revoke", token);
	make_token(&b, "kept", other);

	/* Another organization's token id is not found, and the token keeps working. */
	revoke(&a, token_id(&b, "kept"), 404);
	json_decref(api(other, "GET", NULL, 200));

	id = token_id(&a, "to revoke");
	revoke(&a, id, 303);
	expect_code(api(token, "GET", NULL, 401), "bad_token");
	page_has(&a, "/edit/tokens?lang=en&done=revoked", "The token is revoked", 1);
	page_has(&a, "/edit/tokens?lang=en", "Revoked", 1);
	revoke(&a, id, 303);
	json_decref(api(other, "GET", NULL, 200));

	/* Without a token, or with a wrong one. */
	expect_code(api(NULL, "GET", NULL, 401), "bad_token");
	expect_code(api("not-a-token", "GET", NULL, 401), "bad_token");
	other[0] = other[0] == 'A' ? 'B' : 'A';
	expect_code(api(other, "GET", NULL, 401), "bad_token");

	/* A token needs a label. */
	assert_int_equal(testauth_post(srv, &a, "/edit/tokens?lang=en", bad_label, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "class=\"field-error\""));
	assert_null(strstr(r.body.data, "edit-token"));
	http_result_free(&r);
}

static void
test_forms_need_the_form_token_and_the_same_origin(void **state)
{
	struct testauth a;
	struct form f;
	struct http_result r;
	struct buf big = BUF_INIT;
	char origin[100], body[200];
	const char *no_token[] = { "action", "confirm", "csrf", "", NULL };
	const char *wrong_token[] = { "action", "confirm", "csrf",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL };
	const char *evil[] = { "Origin: http://evil.example", FORM_TYPE, NULL };
	const char *cross[] = { "Sec-Fetch-Site: cross-site", FORM_TYPE, NULL };
	const char *same[] = { origin, FORM_TYPE, NULL };
	json_t *before, *after;
	long revisions = revision_count(11);
	size_t i;

	(void)state;
	login(11, "ed-csrf", &a);
	before = public_json(11);
	assert_int_equal(testauth_post(srv, &a, "/edit", no_token, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(testauth_post(srv, &a, "/edit", wrong_token, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);

	/* The whole form without its token. */
	open_form(&a, &f);
	form_set(&f, "description.fr", "Jamais enregistré.");
	form_set(&f, "csrf", "");
	send_form(&a, &f, 403, &r);
	http_result_free(&r);
	form_free(&f);

	/* The right token from another site. */
	page_has(&a, "/edit", "csrf", 1);
	snprintf(body, sizeof body, "action=confirm&csrf=%s", a.csrf);
	assert_int_equal(testauth_request(srv, &a, "POST", "/edit", evil, body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);
	assert_int_equal(testauth_request(srv, &a, "POST", "/edit", cross, body, &r), 0);
	assert_int_equal(r.status, 403);
	http_result_free(&r);

	/* A body over the limit. */
	snprintf(origin, sizeof origin, "Origin: %s", srv->base);
	buf_printf(&big, "csrf=%s&description.fr=", a.csrf);
	for (i = 0; i < 70 * 1024; i++)
		buf_putc(&big, 'x');
	buf_putc(&big, '\0');
	assert_int_equal(testauth_request(srv, &a, "POST", "/edit/organization", same, big.data, &r), 0);
	assert_int_equal(r.status, 413);
	http_result_free(&r);
	buf_free(&big);

	after = public_json(11);
	assert_true(json_equal(before, after));
	assert_int_equal(revision_count(11), revisions);
	json_decref(before);
	json_decref(after);
}

/* Whether the form field name is free text in an item the listing already has. */
static int
is_text_field(const struct form *f, const char *name)
{
	static const char *const plain[] = { "name", "alternate_names", "address",
	    "neighbourhood", "city", "phones", NULL };
	static const char *const maps[] = { "description", "name", "fee_note", "at_the_door",
	    "call_first", "accessibility", NULL };
	char slot[80];
	const char *last = strrchr(name, '.'), *item = name, *id;
	size_t i, n;

	if (strncmp(name, "service.", 8) == 0 || strncmp(name, "location.", 9) == 0) {
		n = strcspn(strchr(name, '.') + 1, ".");
		snprintf(slot, sizeof slot, "%.*s.id", (int)(strchr(name, '.') + 1 + n - name), name);
		id = form_get(f, slot);
		if (id == NULL || id[0] == '\0')
			return 0;
		item = strchr(name, '.') + 1 + n + 1;
		last = strrchr(item, '.');
	}
	for (i = 0; plain[i] != NULL; i++)
		if (strcmp(item, plain[i]) == 0)
			return 1;
	for (i = 0; maps[i] != NULL && last != NULL; i++)
		if (strncmp(item, maps[i], strlen(maps[i])) == 0 && item + strlen(maps[i]) == last)
			return 1;
	return 0;
}

static void
escaped_in_page(struct testauth *a, const char *path)
{
	char *body = page(a, path, 200);

	if (strstr(body, "<script>alert") != NULL || strstr(body, "</script>\"") != NULL)
		fail_msg("GET %s: the text is not escaped", path);
	if (strstr(body, PAYLOAD_ESC) == NULL)
		fail_msg("GET %s: the escaped text is missing", path);
	free(body);
}

static void
json_text_is(const json_t *v, const char *where)
{
	if (!json_is_string(v) || strcmp(json_string_value(v), PAYLOAD) != 0)
		fail_msg("%s is not the text typed", where);
}

static void
test_markup_in_every_text_field_is_escaped(void **state)
{
	struct testauth a;
	struct form f;
	struct http_result r;
	char path[160], token[64], phone[120];
	json_t *doc, *org, *svc, *loc;
	size_t i, changed = 0;

	(void)state;
	login(12, "ed-markup", &a);
	open_form(&a, &f);
	snprintf(phone, sizeof phone, "+1 514 555 0100 | %s", PAYLOAD);
	for (i = 0; i < f.n; i++)
		if (is_text_field(&f, f.name[i])) {
			free(f.value[i]);
			f.value[i] = strdup(strstr(f.name[i], "phones") ? phone : PAYLOAD);
			changed++;
		}
	assert_true(changed > 20);
	save_form(&a, &f);
	form_free(&f);

	/* Public pages, in a left-to-right and a right-to-left language. */
	snprintf(path, sizeof path, "/organizations/%s?lang=fr", uuid_of(12));
	escaped_in_page(NULL, path);
	snprintf(path, sizeof path, "/organizations/%s?lang=ar", uuid_of(12));
	escaped_in_page(NULL, path);
	escaped_in_page(NULL, "/search?q=alert&lang=fr");
	/* The editor's pages. */
	escaped_in_page(&a, "/edit?lang=en");
	escaped_in_page(&a, "/edit/organization?lang=en");
	page_has(&a, "/edit/history?lang=en", "<script>alert", 0);
	make_token(&a, PAYLOAD, token);
	escaped_in_page(&a, "/edit/tokens?lang=en");
	/* A refused form shows the text again, escaped. */
	open_form(&a, &f);
	form_set(&f, "email", PAYLOAD);
	send_form(&a, &f, 400, &r);
	assert_null(strstr(r.body.data, "<script>alert"));
	assert_non_null(strstr(r.body.data, PAYLOAD_ESC));
	http_result_free(&r);
	form_free(&f);

	/* The JSON holds the same text, as JSON strings. */
	doc = public_json(12);
	json_text_is(json_object_get(doc, "name"), "name");
	json_text_is(json_array_get(json_object_get(doc, "alternate_names"), 0), "alternate_names");
	json_text_is(json_object_get(json_object_get(doc, "description"), "text"), "description");
	svc = json_array_get(json_object_get(doc, "services"), 0);
	json_text_is(json_object_get(json_object_get(svc, "name"), "text"), "service name");
	json_text_is(json_object_get(json_object_get(svc, "at_the_door"), "text"), "at_the_door");
	loc = json_array_get(json_object_get(doc, "locations"), 0);
	json_text_is(json_object_get(loc, "city"), "city");
	json_text_is(json_object_get(json_object_get(loc, "accessibility"), "text"), "accessibility");
	json_text_is(json_object_get(json_object_get(json_array_get(json_object_get(loc, "phones"), 0),
	    "label"), "text"), "phone label");
	json_decref(doc);
	doc = api(token, "GET", NULL, 200);
	org = json_object_get(doc, "organization");
	json_text_is(json_object_get(org, "name"), "manage API name");
	json_text_is(json_object_get(json_object_get(org, "description"), "ar"), "manage API description");
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_edit_is_public_at_once_and_in_history),
		cmocka_unit_test(test_withdrawn_commitment_disappears_at_once),
		cmocka_unit_test(test_outdated_form_is_refused_and_nothing_saved),
		cmocka_unit_test(test_invalid_fields_save_nothing),
		cmocka_unit_test(test_old_listing_is_marked_until_confirmed),
		cmocka_unit_test(test_each_editor_sees_only_their_organization),
		cmocka_unit_test(test_logged_out_and_coordinators_are_refused),
		cmocka_unit_test(test_suspended_organization_reaches_nothing),
		cmocka_unit_test(test_api_tokens),
		cmocka_unit_test(test_api_tokens_are_revoked_only_by_their_organization),
		cmocka_unit_test(test_forms_need_the_form_token_and_the_same_origin),
		cmocka_unit_test(test_markup_in_every_text_field_is_escaped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
