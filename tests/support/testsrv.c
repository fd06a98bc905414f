/*
** testsrv.c - the in-process test server and its HTTP client (see testsrv.h).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <curl/curl.h>

#include "db.h"
#include "generate.h"
#include "record.h"
#include "store.h"
#include "testsrv.h"

/* Check the parsed directory file root whole and store it through c. 0 or -1. */
static int
import_value(struct dbconn *c, const json_t *root, char *err, size_t errlen)
{
	json_t *orgs, *dir;
	int rc;

	if (record_check_file(root, "2026-11-21", &orgs, &dir, err, errlen) != 0)
		return -1;
	rc = store_import(c, orgs, dir, err, errlen);
	json_decref(orgs);
	json_decref(dir);
	return rc;
}

int
testdb_create(const char *path, const char *const *fixtures, char *err, size_t errlen)
{
	struct dbconn c = { 0 };
	json_t *root;
	json_error_t jerr;
	int rc = -1;

	if (db_open(path, DB_CREATE, &c, err, errlen) != 0 || db_migrate(&c, store_rederive, NULL, err, errlen) != 0)
		goto done;
	for (; fixtures != NULL && *fixtures != NULL; fixtures++) {
		root = json_load_file(*fixtures, 0, &jerr);
		if (root == NULL) {
			snprintf(err, errlen, "%s: %s", *fixtures, jerr.text);
			goto done;
		}
		rc = import_value(&c, root, err, errlen);
		json_decref(root);
		if (rc != 0)
			goto done;
		rc = -1;
	}
	rc = 0;
done:
	db_close(&c);
	return rc;
}

int
testdb_import_text(const char *path, const char *text, char *err, size_t errlen)
{
	struct dbconn c = { 0 };
	json_t *root = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(root);
	assert_int_equal(db_open(path, DB_READWRITE, &c, err, errlen), 0);
	rc = import_value(&c, root, err, errlen);
	db_close(&c);
	json_decref(root);
	return rc;
}

long
testdb_count(const char *path)
{
	static const char sql[] = "SELECT count(*) FROM organization";
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char err[200];
	long n = -1;

	if (db_open(path, DB_READONLY, &c, err, sizeof err) != 0)
		return -1;
	stmt = dbconn_stmt(&c, sql, err, sizeof err);
	if (stmt != NULL && sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	db_close(&c);
	return n;
}

char *
testdb_integrity(const char *path)
{
	static const char sql[] = "PRAGMA integrity_check(1)";
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char err[200], *said = NULL;

	if (db_open(path, DB_READONLY, &c, err, sizeof err) != 0)
		fail_msg("testdb_integrity: %s", err);
	stmt = dbconn_stmt(&c, sql, err, sizeof err);
	if (stmt != NULL && sqlite3_step(stmt) == SQLITE_ROW)
		said = strdup((const char *)sqlite3_column_text(stmt, 0));
	db_close(&c);
	if (said == NULL)
		fail_msg("testdb_integrity: no answer");
	return said;
}

char *
testdb_generate(long count, unsigned long seed, size_t *len)
{
	char *text = NULL, err[300];
	FILE *mem = open_memstream(&text, len);

	assert_non_null(mem);
	if (generate_directory(mem, count, seed, err, sizeof err) != 0)
		fail_msg("generate_directory: %s", err);
	assert_int_equal(fclose(mem), 0);
	return text;
}

char *
testdb_export(const char *path, size_t *len)
{
	struct dbconn c = { 0 };
	char err[300], *text = NULL;
	FILE *mem = open_memstream(&text, len);

	assert_non_null(mem);
	assert_int_equal(db_open(path, DB_READONLY, &c, err, sizeof err), 0);
	if (store_export(&c, mem, err, sizeof err) != 0)
		fail_msg("export: %s", err);
	fclose(mem);
	db_close(&c);
	return text;
}

int
testsrv_start(struct testsrv *t, const char *const *fixtures)
{
	return testsrv_start_with(t, fixtures, NULL);
}

int
testsrv_start_with(struct testsrv *t, const char *const *fixtures,
    const struct testsrv_options *opt)
{
	struct server_config cfg;
	char err[600];

	memset(t, 0, sizeof *t);
	memset(&cfg, 0, sizeof cfg);
	if (opt != NULL) {
		cfg.geoip_path = opt->geoip_path;
		cfg.fixed_now = opt->fixed_now;
		cfg.public_url = opt->public_url;
	}
	snprintf(t->dir, sizeof t->dir, "/tmp/sd-test-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->db, sizeof t->db, "%s/directory.db", t->dir);
	if (testdb_create(t->db, fixtures, err, sizeof err) != 0) {
		fprintf(stderr, "testsrv: %s\n", err);
		return -1;
	}
	cfg.db_path = t->db;
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	if (server_start(&t->srv, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "testsrv: %s\n", err);
		return -1;
	}
	snprintf(t->base, sizeof t->base, "http://127.0.0.1:%u", (unsigned)t->srv.port);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

const char *
testsrv_geoip_file(void)
{
	const char *path = getenv("SD_GEOIP_TEST_DB");

	return path != NULL && path[0] != '\0' ? path : "build/geoip-test.mmdb";
}

const char *const testsrv_all_fixtures[] = {
	"fixtures/montreal-endorsers.json", "fixtures/demo-services.json", NULL
};

struct testsrv *
testsrv_new(const char *const *fixtures)
{
	return testsrv_new_with(fixtures, NULL);
}

struct testsrv *
testsrv_new_with(const char *const *fixtures, const struct testsrv_options *opt)
{
	struct testsrv *t = calloc(1, sizeof *t);

	if (t != NULL && testsrv_start_with(t, fixtures, opt) != 0) {
		testsrv_stop(t);
		free(t);
		return NULL;
	}
	return t;
}

void
testsrv_free(struct testsrv *t)
{
	if (t == NULL)
		return;
	testsrv_stop(t);
	free(t);
}

const json_t *
fixture_find_org(const json_t *file, const char *state, int (*want)(const json_t *org))
{
	const json_t *org;
	const char *org_state;
	size_t i;

	json_array_foreach(json_object_get(file, "organizations"), i, org) {
		org_state = json_string_value(json_object_get(json_object_get(org, "verification"), "state"));
		if (org_state != NULL && strcmp(org_state, state) == 0 && (want == NULL || want(org)))
			return org;
	}
	return NULL;
}

void
testdb_remove(const char *path)
{
	char companion[300];

	unlink(path);
	snprintf(companion, sizeof companion, "%s-wal", path);
	unlink(companion);
	snprintf(companion, sizeof companion, "%s-shm", path);
	unlink(companion);
}

void
testsrv_stop(struct testsrv *t)
{
	unsigned long kept;

	server_stop(&t->srv);
	/* Every request freed every JSON value it made in its arena. This runs in group
	** teardowns, whose failed assertions do not change the program's exit status. */
	kept = atomic_load(&t->srv.counters.arena_values_kept);
	if (kept != 0) {
		fprintf(stderr, "FAILED: %lu requests ended with JSON values not freed\n", kept);
		exit(1);
	}
	testdb_remove(t->db);
	rmdir(t->dir);
	curl_global_cleanup();
}

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	buf_append(arg, data, size * n);
	return size * n;
}

/* Keep only the last response's headers (after redirects or 100-continue). */
static size_t
collect_header(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (size * n >= 5 && strncmp(data, "HTTP/", 5) == 0)
		buf_reset(b);
	buf_append(b, data, size * n);
	return size * n;
}

static struct curl_slist *
header_list(const char *const *extra)
{
	struct curl_slist *list = NULL;

	for (; extra != NULL && *extra != NULL; extra++)
		list = curl_slist_append(list, *extra);
	return list;
}

int
http_request(const struct testsrv *t, const char *method, const char *path,
    const char *const *extra_headers, const char *body, size_t body_len,
    struct http_result *out)
{
	struct curl_slist *headers = header_list(extra_headers);
	char url[4096];
	CURL *curl = curl_easy_init();
	CURLcode rc;

	memset(out, 0, sizeof *out);
	if (curl == NULL)
		return -1;
	snprintf(url, sizeof url, "%s%s", t->base, path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (t->source[0] != '\0')
		curl_easy_setopt(curl, CURLOPT_INTERFACE, t->source);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)body_len);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out->headers);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	if (out->body.data == NULL)
		buf_append(&out->body, "", 0);
	return rc == CURLE_OK ? 0 : -1;
}

void
http_get_status(const struct testsrv *t, const char *path, long want_status,
    struct http_result *out)
{
	assert_int_equal(http_request(t, "GET", path, NULL, NULL, 0, out), 0);
	if (out->status != want_status)
		fail_msg("GET %s: %ld, wanted %ld", path, out->status, want_status);
}

json_t *
http_get_expect(const struct testsrv *t, const char *path, long want_status)
{
	long status = 0;
	json_t *doc = http_get_json(t, path, &status);

	if (status != want_status)
		fail_msg("GET %s: status %ld, wanted %ld", path, status, want_status);
	assert_non_null(doc);
	return doc;
}

void
http_expect_error(const struct testsrv *t, const char *path, long want_status,
    const char *code)
{
	json_t *doc = http_get_expect(t, path, want_status);
	const char *got = json_string_value(json_object_get(json_object_get(doc, "error"), "code"));

	if (got == NULL || strcmp(got, code) != 0)
		fail_msg("GET %s: error code %s, wanted %s", path, got ? got : "(none)", code);
	assert_non_null(json_string_value(json_object_get(json_object_get(doc, "error"), "message")));
	json_decref(doc);
}

json_t *
http_get_json(const struct testsrv *t, const char *path, long *status)
{
	struct http_result r;
	json_t *doc = NULL;

	if (http_request(t, "GET", path, NULL, NULL, 0, &r) == 0)
		doc = json_loadb(r.body.data, r.body.len, 0, NULL);
	*status = r.status;
	http_result_free(&r);
	return doc;
}

const char *
http_header(const struct http_result *r, const char *name, char *out, size_t outlen)
{
	const char *line = r->headers.data, *colon, *end;
	size_t n = strlen(name);

	while (line != NULL && *line != '\0') {
		end = strstr(line, "\r\n");
		if (end == NULL)
			end = line + strlen(line);
		colon = memchr(line, ':', (size_t)(end - line));
		if (colon != NULL && (size_t)(colon - line) == n && strncasecmp(line, name, n) == 0) {
			for (colon++; *colon == ' '; colon++)
				;
			snprintf(out, outlen, "%.*s", (int)(end - colon), colon);
			return out;
		}
		line = *end ? end + 2 : end;
	}
	return NULL;
}

void
http_result_free(struct http_result *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
}
