/*
** testauth.c - logging in test coordinators and editors through the real pages (see
** testauth.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

#include "account.h"
#include "db.h"
#include "testauth.h"

int
testauth_find_csrf(const char *html, char *out, size_t outlen)
{
	const char *p = html != NULL ? strstr(html, "name=\"csrf\" value=\"") : NULL, *end;

	if (p == NULL)
		return -1;
	p += strlen("name=\"csrf\" value=\"");
	end = strchr(p, '"');
	if (end == NULL || (size_t)(end - p) >= outlen)
		return -1;
	snprintf(out, outlen, "%.*s", (int)(end - p), p);
	return 0;
}

int
testauth_set_cookie(const struct http_result *r, const char *name, char *out, size_t outlen)
{
	const char *h = r->headers.data, *p, *end;
	size_t n = strlen(name);

	for (p = h; p != NULL && (p = strstr(p, "\nSet-Cookie: ")) != NULL; p++) {
		p += strlen("\nSet-Cookie: ");
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			end = strpbrk(p + n + 1, ";\r\n");
			snprintf(out, outlen, "%.*s", (int)(end != NULL ? end - (p + n + 1) : (long)strlen(p + n + 1)),
			    p + n + 1);
			return 0;
		}
	}
	return -1;
}

int
testauth_take_session(const struct http_result *r, struct testauth *a)
{
	static const char prefix[] = "sd_session=";

	memcpy(a->cookie, prefix, sizeof prefix);
	return testauth_set_cookie(r, "sd_session", a->cookie + sizeof prefix - 1,
	    sizeof a->cookie - (sizeof prefix - 1));
}

int
testauth_link(const struct testsrv *t, const char *kind, const char *name, char token[64])
{
	static const char sql_org[] = "SELECT org_id FROM organization WHERE uuid = ?1";
	struct dbconn c = { 0 };
	struct api_error err = { 0 };
	sqlite3_stmt *stmt;
	char msg[200];
	long org_id = 0;
	int rc = -1;

	if (db_open(t->db, DB_READWRITE, &c, msg, sizeof msg) != 0)
		return -1;
	if (db_exec(&c, "BEGIN IMMEDIATE", msg, sizeof msg) != 0)
		goto done;
	if (strcmp(kind, "setup") == 0) {
		rc = account_add_coordinator(&c, name, time(NULL), token, &err);
	} else if ((stmt = dbconn_stmt(&c, sql_org, msg, sizeof msg)) != NULL) {
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			org_id = (long)sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		rc = org_id > 0 ? account_invite(&c, org_id, time(NULL), token, &err) : -1;
	}
	db_exec(&c, rc == 0 ? "COMMIT" : "ROLLBACK", msg, sizeof msg);
done:
	db_close(&c);
	return rc;
}

/* Open a welcome link and send its form; a ends up logged in. */
static int
accept_link(const struct testsrv *t, const char *token, const char *login,
    const char *passphrase, struct testauth *a)
{
	struct http_result r;
	char path[200];
	const char *fields[] = { "token", token, "login", login, "passphrase", passphrase,
	    "passphrase2", passphrase, NULL };
	int rc;

	memset(a, 0, sizeof *a);
	snprintf(path, sizeof path, "/account/welcome?token=%s", token);
	if (testauth_get(t, a, path, &r) != 0 || r.status != 200) {
		http_result_free(&r);
		return -1;
	}
	http_result_free(&r);
	if (testauth_post(t, a, "/account/welcome", fields, &r) != 0 || r.status != 303) {
		http_result_free(&r);
		return -1;
	}
	rc = testauth_take_session(&r, a);
	http_result_free(&r);
	if (rc == 0 && testauth_get(t, a, "/account/passphrase", &r) == 0 && r.status == 200)
		rc = 0;
	else
		rc = -1;
	http_result_free(&r);
	return rc;
}

int
testauth_coordinator(const struct testsrv *t, const char *login, const char *passphrase,
    struct testauth *a)
{
	char token[64];

	return testauth_link(t, "setup", login, token) == 0 ?
	    accept_link(t, token, login, passphrase, a) : -1;
}

int
testauth_editor(const struct testsrv *t, const char *org_uuid, const char *login,
    const char *passphrase, struct testauth *a)
{
	char token[64];

	return testauth_link(t, "invitation", org_uuid, token) == 0 ?
	    accept_link(t, token, login, passphrase, a) : -1;
}

int
testauth_request(const struct testsrv *t, const struct testauth *a, const char *method,
    const char *path, const char *const *extra_headers, const char *body,
    struct http_result *r)
{
	const char *headers[16];
	char cookie[200];
	size_t n = 0;

	if (a != NULL && a->cookie[0] != '\0') {
		snprintf(cookie, sizeof cookie, "Cookie: %s", a->cookie);
		headers[n++] = cookie;
	}
	for (; extra_headers != NULL && *extra_headers != NULL && n < 15; extra_headers++)
		headers[n++] = *extra_headers;
	headers[n] = NULL;
	return http_request(t, method, path, headers, body, body != NULL ? strlen(body) : 0, r);
}

int
testauth_get(const struct testsrv *t, struct testauth *a, const char *path,
    struct http_result *r)
{
	int rc = testauth_request(t, a, "GET", path, NULL, NULL, r);

	if (rc == 0 && a != NULL)
		testauth_find_csrf(r->body.data, a->csrf, sizeof a->csrf);
	return rc;
}

static void
append_field(struct buf *b, const char *name, const char *value)
{
	char *n = curl_easy_escape(NULL, name, 0), *v = curl_easy_escape(NULL, value, 0);

	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", n, v);
	curl_free(n);
	curl_free(v);
}

int
testauth_post(const struct testsrv *t, struct testauth *a, const char *path,
    const char *const *fields, struct http_result *r)
{
	struct buf body = BUF_INIT;
	char origin[100];
	const char *headers[] = { origin, "Content-Type: application/x-www-form-urlencoded", NULL };
	int has_csrf = 0, rc;
	size_t i;

	for (i = 0; fields != NULL && fields[i] != NULL && fields[i + 1] != NULL; i += 2) {
		append_field(&body, fields[i], fields[i + 1]);
		has_csrf |= strcmp(fields[i], "csrf") == 0;
	}
	if (!has_csrf)
		append_field(&body, "csrf", a->csrf);
	snprintf(origin, sizeof origin, "Origin: %s", t->base);
	buf_putc(&body, '\0');
	rc = testauth_request(t, a, "POST", path, headers, body.data, r);
	buf_free(&body);
	if (rc == 0)
		testauth_find_csrf(r->body.data, a->csrf, sizeof a->csrf);
	return rc;
}
