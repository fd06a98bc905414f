/*
** test_privacy.c - the founding promise, checked from outside: a visit leaves no trace.
** The real binary ($SOLIDARITYD, else build/solidarityd) runs as a child process on a
** fresh database. Hundreds of requests from the distinctive source address 127.0.0.137
** carry unique markers ("MRK...") in the path, the query, every header and the body, over
** every route and every error. After a clean stop (SIGTERM, exit 0) no byte of any file
** in the data folder (the database, -wal, -shm, anything new), of stdout or of stderr
** holds a marker, the address or the city the server estimated from it (it runs with the
** test GeoIP database); the database is byte-identical and nothing but -wal and
** -shm appeared. Under strace, no write to anything but a socket carries a marker, and
** the server reaches out nowhere (no connect(), no send to an address). And the running
** server can never dump core.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <curl/curl.h>
#include <jansson.h>

#include "buf.h"
#include "child.h"
#include "testsrv.h"

/* In the test GeoIP database this address is in Toronto, a city no fixture names: the
** estimate the server makes from it must not be written anywhere either. */
#define CLIENT_ADDRESS   "127.0.0.137"
#define ESTIMATED_CITY   "Toronto"
#define MARKED_REQUESTS  300
#define PORT_TIMEOUT     10.0   /* seconds for the "serving ... on port N" line */
#define STRACE_TIMEOUT   30.0   /* the same under strace, which slows the start */
#define STOP_TIMEOUT     20.0   /* seconds for a clean exit after SIGTERM */
#define BIG_SIZE         (70 * 1024)
#define MAX_FILES        32
#define MAX_ASSETS       8
#define STRACE           "/usr/bin/strace"
#define NOBODY           65534

static const char *const fixtures[] = {
	"fixtures/montreal-endorsers.json", "fixtures/demo-services.json", NULL
};

/* What must never be written: any marker, and the client's address in every form. */
static const struct { const char *what; const char *bytes; size_t len; } forbidden[] = {
	{ "a request marker (MRK)", "MRK", 3 },
	{ "the client address " CLIENT_ADDRESS, CLIENT_ADDRESS, sizeof CLIENT_ADDRESS - 1 },
	{ "the client address as IPv4-mapped IPv6", "::ffff:" CLIENT_ADDRESS,
	  sizeof "::ffff:" CLIENT_ADDRESS - 1 },
	{ "the client address in binary, network order (7f 00 00 89)", "\x7f\x00\x00\x89", 4 },
	{ "the client address in binary, little-endian (89 00 00 7f)", "\x89\x00\x00\x7f", 4 },
	{ "the city estimated from the client address", ESTIMATED_CITY, sizeof ESTIMATED_CITY - 1 },
};

/* A file of the data folder as it was before the server started. */
struct file_copy {
	char   name[256];
	char  *data;
	size_t len;
};

/* One test's server run: folders, the child, what the data folder held before. */
struct run {
	char              data_dir[64];     /* database folder, the server's cwd */
	char              capture_dir[64];  /* stdout, stderr, strace output */
	char              db[128];
	char              out[128];
	char              err[128];
	char              trace[128];
	char              program[PATH_MAX];
	char              geoip[PATH_MAX];  /* the test GeoIP database, absolute */
	struct child      child;            /* the server, or strace running it */
	pid_t             server;           /* the solidarityd process */
	int               traced;           /* child is strace, the server its child */
	unsigned          port;
	struct file_copy  before[MAX_FILES];
	size_t            nbefore;
	char              org_id[64];       /* a verified organization */
	char              assets[MAX_ASSETS][128];
	size_t            nassets;
};

/* ---- bytes ------------------------------------------------------------------------- */

static const char *
find_bytes(const char *hay, size_t haylen, const char *needle, size_t len)
{
	size_t i;

	for (i = 0; len <= haylen && i <= haylen - len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, len) == 0)
			return hay + i;
	return NULL;
}

/* Fail if data holds anything forbidden; label says where the data comes from. */
static void
assert_no_trace_in(const char *label, const char *data, size_t len)
{
	const char *at;
	size_t i, off;

	for (i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
		at = find_bytes(data, len, forbidden[i].bytes, forbidden[i].len);
		if (at == NULL)
			continue;
		off = (size_t)(at - data);
		fail_msg("%s holds %s at byte %zu: \"%.60s\"", label, forbidden[i].what, off,
		    off > 20 ? at - 20 : data);
	}
}

static void
assert_no_trace_in_file(const char *path)
{
	size_t len;
	char *data = file_slurp(path, &len);

	if (data == NULL)
		fail_msg("cannot read %s", path);
	assert_no_trace_in(path, data, len);
	free(data);
}

/* ---- the data folder ----------------------------------------------------------------- */

static void
snapshot_data_dir(struct run *r)
{
	DIR *d = opendir(r->data_dir);
	struct dirent *e;
	char path[512];
	struct file_copy *f;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(r->nbefore < MAX_FILES);
		f = &r->before[r->nbefore++];
		snprintf(f->name, sizeof f->name, "%s", e->d_name);
		snprintf(path, sizeof path, "%s/%s", r->data_dir, e->d_name);
		f->data = file_slurp(path, &f->len);
		assert_non_null(f->data);
		/* The check below is meaningful only if nothing forbidden is there by chance. */
		assert_no_trace_in(path, f->data, f->len);
	}
	closedir(d);
	assert_true(r->nbefore >= 1);
}

static const struct file_copy *
file_before(const struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nbefore; i++)
		if (strcmp(r->before[i].name, name) == 0)
			return &r->before[i];
	return NULL;
}

/* The only files the server may add: SQLite's WAL index and (empty) log of its database. */
static int
is_sqlite_companion(const char *name)
{
	return strcmp(name, "directory.db-wal") == 0 || strcmp(name, "directory.db-shm") == 0;
}

/* Every byte of every file in the data folder (the server's cwd) is free of traces; the
** files there before are unchanged but the database itself, which now holds the reports
** and applications sent (without their requests' details); only the database's -wal and
** -shm are new. */
static void
assert_data_dir_clean(const struct run *r)
{
	const struct file_copy *old;
	DIR *d = opendir(r->data_dir);
	struct dirent *e;
	struct stat st;
	char path[512], *data;
	size_t len;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", r->data_dir, e->d_name);
		old = file_before(r, e->d_name);
		if (old == NULL && !is_sqlite_companion(e->d_name))
			fail_msg("the server created %s in its data folder", path);
		assert_int_equal(lstat(path, &st), 0);
		if (!S_ISREG(st.st_mode))
			fail_msg("%s is not a regular file", path);
		if ((data = file_slurp(path, &len)) == NULL)
			fail_msg("cannot read %s", path);
		assert_no_trace_in(path, data, len);
		if (old != NULL && strcmp(e->d_name, "directory.db") != 0 &&
		    (old->len != len || memcmp(old->data, data, len) != 0))
			fail_msg("%s was modified by the server", path);
		free(data);
	}
	closedir(d);
}

static void
assert_output_clean(const struct run *r)
{
	assert_no_trace_in_file(r->out);
	assert_no_trace_in_file(r->err);
}

/* ---- setup and teardown -------------------------------------------------------------- */

/* The id of the first verified organization of the demo fixture. */
static void
find_verified_org(struct run *r)
{
	json_t *file = json_load_file("fixtures/demo-services.json", 0, NULL);
	const json_t *org;

	assert_non_null(file);
	org = fixture_find_org(file, "verified", NULL);
	if (org != NULL)
		snprintf(r->org_id, sizeof r->org_id, "%s", json_string_value(json_object_get(org, "id")));
	json_decref(file);
	assert_true(r->org_id[0] != '\0');
}

static int teardown_run(void **state);

/* cmocka runs no teardown after a failed setup: clean up here. */
static int
setup_failed(void **state, const char *why)
{
	fprintf(stderr, "test_privacy: %s\n", why);
	teardown_run(state);
	return -1;
}

static int
setup_run(void **state)
{
	struct run *r = calloc(1, sizeof *r);
	char err[600];

	*state = r;
	if (r == NULL || tempdir_make(r->data_dir, sizeof r->data_dir, "sd-privacy-data") != 0 ||
	    tempdir_make(r->capture_dir, sizeof r->capture_dir, "sd-privacy-capture") != 0)
		return setup_failed(state, "cannot make the temporary folders");
	snprintf(r->db, sizeof r->db, "%s/directory.db", r->data_dir);
	snprintf(r->out, sizeof r->out, "%s/stdout", r->capture_dir);
	snprintf(r->err, sizeof r->err, "%s/stderr", r->capture_dir);
	snprintf(r->trace, sizeof r->trace, "%s/strace", r->capture_dir);
	if (child_server_program(r->program, sizeof r->program) != 0)
		return setup_failed(state, "no server program (set SOLIDARITYD, or run make)");
	if (realpath(testsrv_geoip_file(), r->geoip) == NULL)
		return setup_failed(state, "no test GeoIP database (run make http)");
	if (testdb_create(r->db, fixtures, err, sizeof err) != 0)
		return setup_failed(state, err);
	return 0;
}

static int
teardown_run(void **state)
{
	struct run *r = *state;
	size_t i;
	pid_t sub;

	if (r == NULL)
		return 0;
	/* Under strace the server is strace's child: end it first, while it is still found. */
	if (r->traced && r->child.pid > 0 && !r->child.reaped &&
	    (sub = child_find_child(r->child.pid)) > 0)
		kill(sub, SIGKILL);
	child_kill(&r->child);
	tempdir_remove(r->data_dir);
	tempdir_remove(r->capture_dir);
	for (i = 0; i < r->nbefore; i++)
		free(r->before[i].data);
	free(r);
	*state = NULL;
	return 0;
}

static int
setup_group(void **state)
{
	(void)state;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int
teardown_group(void **state)
{
	(void)state;
	curl_global_cleanup();
	return 0;
}

/* ---- the server child ---------------------------------------------------------------- */

static void
fail_with_stderr(const struct run *r, const char *what)
{
	char shown[501];
	size_t len;
	char *text = file_slurp(r->err, &len);

	snprintf(shown, sizeof shown, "%s", text ? text : "(unreadable)");
	free(text);
	fail_msg("%s; server stderr: %s", what, shown);
}

/* Start argv (the server, or strace running it) in the data folder and read its port. */
static void
start(struct run *r, const char *const *argv, const char *const *env, double timeout)
{
	struct child_spec spec = { argv, r->data_dir, r->out, r->err, env, 0, 0, 0 };

	assert_int_equal(child_start(&r->child, &spec), 0);
	r->server = r->child.pid;
	if (child_wait_port(&r->child, r->out, timeout, &r->port) != 0)
		fail_with_stderr(r, "the server did not print its port");
}

static void
start_server(struct run *r)
{
	const char *argv[] = { r->program, "serve", "--db", r->db, "--listen", "127.0.0.1:0",
	    "--threads", "2", "--geoip", r->geoip, NULL };

	snapshot_data_dir(r);
	start(r, argv, NULL, PORT_TIMEOUT);
}

/* SIGTERM the server; the started process must exit 0 soon. */
static void
stop_server(struct run *r)
{
	char what[100];

	assert_true(r->server > 0);
	assert_int_equal(kill(r->server, SIGTERM), 0);
	if (child_wait(&r->child, STOP_TIMEOUT) != 0)
		fail_with_stderr(r, "the server did not stop within 20 s of SIGTERM");
	if (WIFSIGNALED(r->child.status)) {
		snprintf(what, sizeof what, "after SIGTERM the server was killed by signal %d",
		    WTERMSIG(r->child.status));
		fail_with_stderr(r, what);
	}
	if (!WIFEXITED(r->child.status) || WEXITSTATUS(r->child.status) != 0) {
		snprintf(what, sizeof what, "after SIGTERM the server exited with status %d, not 0",
		    WEXITSTATUS(r->child.status));
		fail_with_stderr(r, what);
	}
	r->server = 0;
}

/* ---- the client ------------------------------------------------------------------------ */

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	buf_append(arg, data, size * n);
	return size * n;
}

struct client_request {
	const char        *method;
	const char        *path;
	const char *const *headers;   /* NULL-terminated */
	const char        *body;      /* or NULL */
	size_t             body_len;
};

/* Send rq from CLIENT_ADDRESS; the status, the body and the local address used. */
static long
send_from_client_address(const struct run *r, const struct client_request *rq, struct buf *body,
    char *local_ip, size_t iplen)
{
	struct curl_slist *list = NULL;
	CURL *curl = curl_easy_init();
	char url[2048], *ip = NULL;
	long status = 0;
	size_t i;

	assert_non_null(curl);
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", r->port, rq->path);
	for (i = 0; rq->headers != NULL && rq->headers[i] != NULL; i++)
		list = curl_slist_append(list, rq->headers[i]);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_INTERFACE, "host!" CLIENT_ADDRESS);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, rq->method);
	if (strcmp(rq->method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	if (rq->body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
	if (curl_easy_perform(curl) != CURLE_OK)
		fail_msg("%s %s: no answer", rq->method, rq->path);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(curl, CURLINFO_LOCAL_IP, &ip);
	snprintf(local_ip, iplen, "%s", ip ? ip : "");
	curl_easy_cleanup(curl);
	curl_slist_free_all(list);
	return status;
}

/* Every "/static/..." reference of the home page. */
static void
find_assets(struct run *r)
{
	const char *headers[] = { NULL };
	struct client_request rq = { "GET", "/", headers, NULL, 0 };
	struct buf body = BUF_INIT;
	const char *p, *end;
	char ip[64];

	assert_int_equal(send_from_client_address(r, &rq, &body, ip, sizeof ip), 200);
	assert_string_equal(ip, CLIENT_ADDRESS);
	for (p = strstr(body.data, "\"/static/"); p != NULL && r->nassets < MAX_ASSETS;
	    p = strstr(end, "\"/static/")) {
		end = strchr(p + 1, '"');
		assert_non_null(end);
		snprintf(r->assets[r->nassets++], sizeof r->assets[0], "%.*s", (int)(end - p - 1), p + 1);
	}
	buf_free(&body);
	assert_true(r->nassets >= 2);
}

/* ---- marked requests ------------------------------------------------------------------- */

enum body_kind { NO_BODY, JSON_BODY, TEXT_BODY, BAD_JSON, BIG_BODY, BIG_CHUNKED, FORM_BODY,
    REPORT_BODY, ENDORSE_BODY };

/* The status of a report: accepted until the hourly cap of reports about one listing is
** reached, then refused. Either way, nothing about the request may be written. */
#define REPORT_STATUS (-1)

/* In paths: '#' is the request number, '@' a verified organization's id, '^' an asset. */
static const struct marked_kind {
	const char     *method;
	const char     *path;
	enum body_kind  body;
	long            status;
} kinds[] = {
	{ "GET",    "/?q=MRKquery#&MRKunknown#=MRKquery#",             NO_BODY,     200 },
	{ "HEAD",   "/?q=MRKquery#",                                   NO_BODY,     200 },
	{ "GET",    "/search?q=MRKquery#&MRKunknown#=1",               NO_BODY,     200 },
	{ "GET",    "/search?q=MRKquery#&category=housing&sort=name",  NO_BODY,     200 },
	{ "GET",    "/about?MRKunknown#=MRKquery#",                    NO_BODY,     200 },
	{ "GET",    "/organizations/@?q=MRKquery#",                    NO_BODY,     200 },
	{ "GET",    "/organizations/MRKpath#",                         NO_BODY,     404 },
	{ "GET",    "/MRKpath#?q=MRKquery#",                           NO_BODY,     404 },
	{ "GET",    "/api/v1/search?q=MRKquery#",                      NO_BODY,     200 },
	{ "GET",    "/api/v1/search?q=MRKquery#&MRKunknown#=1",        NO_BODY,     400 },
	{ "POST",   "/api/v1/search",                                  JSON_BODY,   200 },
	{ "POST",   "/api/v1/search?MRKunknown#=MRKquery#",            JSON_BODY,   200 },
	{ "GET",    "/api/v1/organizations?per_page=3&page=#",         NO_BODY,     200 },
	{ "GET",    "/api/v1/organizations?MRKunknown#=1",             NO_BODY,     400 },
	{ "GET",    "/api/v1/organizations/@",                         NO_BODY,     200 },
	{ "GET",    "/api/v1/organizations/MRKpath#",                  NO_BODY,     404 },
	{ "GET",    "/api/v1/categories",                              NO_BODY,     200 },
	{ "GET",    "/api/v1/commitments?lang=en",                     NO_BODY,     200 },
	{ "GET",    "/api/v1/languages",                               NO_BODY,     200 },
	{ "GET",    "/api/v1/MRKpath#",                                NO_BODY,     404 },
	{ "GET",    "^?MRKquery#",                                     NO_BODY,     200 },
	{ "GET",    "/static/MRKpath#.css",                            NO_BODY,     404 },
	{ "GET",    "/api/v1/search?category=MRKquery#",               NO_BODY,     400 },
	{ "GET",    "/search?category=MRKquery#",                      NO_BODY,     400 },
	{ "GET",    "/search?q=%FFMRKquery#",                          NO_BODY,     400 },
	{ "GET",    "/api/v1/search?q=MRKquery#%FF",                   NO_BODY,     400 },
	{ "GET",    "/search?lang=xx&q=MRKquery#",                     NO_BODY,     400 },
	{ "GET",    "/api/v1/categories?lang=MRKquery#",               NO_BODY,     400 },
	{ "PUT",    "/search?q=MRKquery#",                             TEXT_BODY,   405 },
	{ "DELETE", "/api/v1/search?q=MRKquery#",                      NO_BODY,     405 },
	{ "POST",   "/about?q=MRKquery#",                              JSON_BODY,   405 },
	{ "PUT",    "^",                                               TEXT_BODY,   405 },
	{ "POST",   "/api/v1/search?q=MRKquery#",                      BIG_BODY,    413 },
	{ "POST",   "/api/v1/search",                                  BIG_CHUNKED, 413 },
	{ "POST",   "/api/v1/search",                                  TEXT_BODY,   415 },
	{ "POST",   "/api/v1/search",                                  BAD_JSON,    400 },
	{ "GET",    "/search?near=MRKplace#&q=MRKquery#",               NO_BODY,     400 },
	{ "GET",    "/api/v1/search?near=MRKplace#",                   NO_BODY,     400 },
	{ "GET",    "/api/v1/search?near=45.5,-73.6&radius=MRKquery#", NO_BODY,     400 },
	{ "GET",    "/api/v1/search?q=MRKquery#&open_now=1",           NO_BODY,     200 },
	{ "GET",    "/search?near=H3N%201A1&open_at=2026-11-21T10:00&q=MRKquery#", NO_BODY, 200 },
	{ "GET",    "/search?sort=distance&MRKunknown#=1",             NO_BODY,     200 },
	{ "GET",    "/?nogeo=1&q=MRKquery#",                           NO_BODY,     200 },
	{ "GET",    "/endorse?MRKunknown#=MRKquery#",                  NO_BODY,     200 },
	{ "GET",    "/organizations/@/report?q=MRKquery#",             NO_BODY,     200 },
	{ "GET",    "/login?next=MRKquery#",                           NO_BODY,     200 },
	{ "POST",   "/login?next=MRKquery#",                           FORM_BODY,   403 },
	{ "POST",   "/endorse",                                        FORM_BODY,   403 },
	{ "POST",   "/api/v1/organizations/@/reports",                 REPORT_BODY, REPORT_STATUS },
	{ "POST",   "/api/v1/endorsements",                            ENDORSE_BODY, 201 },
	{ "GET",    "/coordinate?q=MRKquery#",                         NO_BODY,     303 },
	{ "GET",    "/api/v1/manage/organization?MRKunknown#=1",       NO_BODY,     401 },
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

/* The one request traced under strace: markers in the query, every header and a JSON body
** that is searched for (the answer echoes it, which shows the trace sees socket data). */
static const struct marked_kind traced_request =
	{ "POST", "/api/v1/search?MRKunknown#=MRKquery#", JSON_BODY, 200 };

/* tmpl with '#' replaced by n, '@' by the organization id and '^' by an asset URL. */
static void
expand(const struct run *r, const char *tmpl, int n, char *out, size_t outlen)
{
	struct buf b = BUF_INIT;

	for (; *tmpl != '\0'; tmpl++) {
		if (*tmpl == '#')
			buf_printf(&b, "%d", n);
		else if (*tmpl == '@')
			buf_puts(&b, r->org_id);
		else if (*tmpl == '^')
			buf_puts(&b, r->assets[(size_t)n % r->nassets]);
		else
			buf_putc(&b, *tmpl);
	}
	assert_false(buf_failed(&b));
	assert_true(b.len < outlen);
	memcpy(out, b.data, b.len + 1);
	buf_free(&b);
}

/* The body of kind with marker n, and its Content-Type header (or NULL). */
static const char *
make_body(enum body_kind kind, int n, struct buf *body)
{
	switch (kind) {
	case NO_BODY:
		return NULL;
	case JSON_BODY:
		buf_printf(body, "{\"q\": \"MRKbody%d\", \"per_page\": 5}", n);
		return "Content-Type: application/json";
	case TEXT_BODY:
		buf_printf(body, "MRKbody%d plain text", n);
		return "Content-Type: text/plain";
	case BAD_JSON:
		buf_printf(body, "{\"q\": \"MRKbody%d\"", n);
		return "Content-Type: application/json";
	case FORM_BODY:
		buf_printf(body, "login=MRKbody%d&passphrase=MRKbody%d&csrf=MRKbody%d&name=MRKbody%d",
		    n, n, n, n);
		return "Content-Type: application/x-www-form-urlencoded";
	case REPORT_BODY:
		/* What a person chose to send is stored: this text carries no marker. */
		buf_printf(body, "{\"kind\": \"status-asked\", \"details\": \"Asked for papers.\"}");
		return "Content-Type: application/json";
	case ENDORSE_BODY:
		buf_printf(body, "{\"organization\": {\"name\": \"Applicant number %d\", "
		    "\"provides_services\": false, \"commitments\": [{\"id\": \"status-for-all\"}]}, "
		    "\"contact\": {\"name\": \"A person\", \"email\": \"person@example.org\"}}", n);
		return "Content-Type: application/json";
	case BIG_BODY:
	case BIG_CHUNKED:
		while (body->len < BIG_SIZE)
			buf_printf(body, "MRKbody%d ", n);
		body->len = BIG_SIZE;
		return "Content-Type: application/json";
	}
	return NULL;
}

/* Send request number n of kind k with markers everywhere; check its status. */
static void
send_marked(const struct run *r, const struct marked_kind *k, int n)
{
	char path[512], ua[64], ref[96], lang[64], cookie[128], xff[64], custom[64], ip[64];
	const char *headers[9];
	struct buf body = BUF_INIT, response = BUF_INIT;
	struct client_request rq = { k->method, path, headers, NULL, 0 };
	size_t h = 0;
	long status;

	expand(r, k->path, n, path, sizeof path);
	snprintf(ua, sizeof ua, "User-Agent: MRKua%d", n);
	snprintf(ref, sizeof ref, "Referer: http://127.0.0.1/MRKref%d?from=MRKref%d", n, n);
	snprintf(lang, sizeof lang, "Accept-Language: MRKlang%d, en;q=0.5", n);
	snprintf(cookie, sizeof cookie, "Cookie: sid=MRKcookie%d; MRKcookiename%d=1; sd_session=MRKcookie%d",
	    n, n, n);
	snprintf(xff, sizeof xff, "X-Forwarded-For: MRKxff%d", n);
	snprintf(custom, sizeof custom, "X-MRKheader%d: MRKheadervalue%d", n, n);
	headers[h++] = ua, headers[h++] = ref, headers[h++] = lang, headers[h++] = cookie;
	headers[h++] = xff, headers[h++] = custom;
	if ((headers[h] = make_body(k->body, n, &body)) != NULL)
		h++;
	if (k->body == BIG_CHUNKED)
		headers[h++] = "Transfer-Encoding: chunked";
	headers[h] = NULL;
	if (k->body != NO_BODY)
		rq.body = body.data, rq.body_len = body.len;
	status = send_from_client_address(r, &rq, &response, ip, sizeof ip);
	if (k->status == REPORT_STATUS && (status == 201 || status == 429))
		status = REPORT_STATUS;
	if (status >= 500 || status != k->status)
		fail_msg("%s %s: status %ld, wanted %ld: %.200s", k->method, path, status, k->status,
		    response.data ? response.data : "");
	if (strcmp(ip, CLIENT_ADDRESS) != 0)
		fail_msg("request %d left from %s, not " CLIENT_ADDRESS, n, ip);
	buf_free(&body);
	buf_free(&response);
}

/* ---- the tests ------------------------------------------------------------------------- */

static void
test_marked_requests_leave_no_trace_in_files_or_output(void **state)
{
	struct run *r = *state;
	int n;

	find_verified_org(r);
	start_server(r);
	find_assets(r);
	for (n = 0; n < MARKED_REQUESTS; n++)
		send_marked(r, &kinds[(size_t)n % NKINDS], n);
	stop_server(r);
	assert_data_dir_clean(r);
	assert_output_clean(r);
}

/* What a trace says about one strace line. */
struct trace_tally {
	unsigned connects;          /* connect() calls (each one fails the test) */
	unsigned file_writes;       /* writes to anything but a socket */
	unsigned marked_socket;     /* socket writes showing a marker (the trace sees data) */
};

static int
is_write_call(const char *name, size_t n)
{
	static const char *const calls[] = { "write", "pwrite64", "writev", "pwritev", "pwritev2",
	    "sendto", "sendmsg", "sendmmsg" };
	size_t i;

	for (i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (strlen(calls[i]) == n && strncmp(calls[i], name, n) == 0)
			return 1;
	return 0;
}

/* 1 if the strace -y annotation after "(fd" names a socket. */
static int
annotates_socket(const char *args)
{
	static const char *const kinds_of_socket[] = { "socket:", "TCP", "UDP", "UNIX", "NETLINK" };
	size_t i;

	while (*args >= '0' && *args <= '9')
		args++;
	if (*args++ != '<')
		return 0;
	for (i = 0; i < sizeof kinds_of_socket / sizeof kinds_of_socket[0]; i++)
		if (strncmp(args, kinds_of_socket[i], strlen(kinds_of_socket[i])) == 0)
			return 1;
	return 0;
}

/* One line "PID call(fd<what>, data...) = n" of the trace. */
static void
tally_trace_line(const char *line, size_t len, struct trace_tally *t)
{
	char copy[256];
	const char *p = line, *paren, *end = line + len;

	while (p < end && ((*p >= '0' && *p <= '9') || *p == ' '))
		p++;
	paren = memchr(p, '(', (size_t)(end - p));
	if (paren == NULL || *p == '<' || *p == '+' || *p == '-')
		return;        /* "<... call resumed>", exits, signals */
	if ((size_t)(paren - p) == 7 && strncmp(p, "connect", 7) == 0) {
		t->connects++;
		snprintf(copy, sizeof copy, "%.*s", (int)len, line);
		fail_msg("the server opened a connection: %s", copy);
	}
	if (!is_write_call(p, (size_t)(paren - p)))
		return;
	/* A send with a destination address reaches out without connect() (UDP, TCP Fast Open). */
	if (*p == 's' && find_bytes(line, len, "sa_family=", 10) != NULL) {
		snprintf(copy, sizeof copy, "%.*s", (int)len, line);
		fail_msg("the server sent data to an address: %s", copy);
	}
	if (annotates_socket(paren + 1)) {
		if (find_bytes(line, len, "MRK", 3) != NULL)
			t->marked_socket++;
		return;
	}
	t->file_writes++;
	if (find_bytes(line, len, "MRK", 3) != NULL || find_bytes(line, len, CLIENT_ADDRESS, 10) != NULL) {
		snprintf(copy, sizeof copy, "%.*s", (int)len, line);
		fail_msg("request data written to a file, pipe or terminal: %s", copy);
	}
}

static struct trace_tally
tally_trace(const char *path)
{
	struct trace_tally t = { 0, 0, 0 };
	const char *line, *nl;
	size_t len;
	char *text = file_slurp(path, &len);

	if (text == NULL)
		fail_msg("cannot read the trace %s", path);
	for (line = text; line < text + len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(text + len - line))) == NULL)
			nl = text + len;
		tally_trace_line(line, (size_t)(nl - line), &t);
	}
	free(text);
	return t;
}

/* The process pid is a solidarityd (/proc/PID/comm, readable even when the process is not
** dumpable, unlike /proc/PID/exe). */
static void
assert_is_solidarityd(pid_t pid)
{
	char path[64], *comm;
	size_t len;

	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	assert_non_null(comm = file_slurp(path, &len));
	if (strcmp(comm, "solidarityd\n") != 0) {
		free(comm);
		fail_msg("strace's child %ld is not solidarityd", (long)pid);
	}
	free(comm);
}

static void
test_under_strace_no_marker_is_written_outside_sockets_and_nothing_connects(void **state)
{
	struct run *r = *state;
	const char *argv[] = { STRACE, "-f", "-qq", "-y", "-s", "100000", "-e",
	    "trace=write,pwrite64,writev,pwritev,pwritev2,sendto,sendmsg,sendmmsg,connect",
	    "-o", r->trace, r->program, "serve", "--db", r->db, "--listen", "127.0.0.1:0",
	    "--threads", "2", "--geoip", r->geoip, NULL };
	const char *old = getenv("ASAN_OPTIONS");
	char asan[512];
	const char *env[] = { asan, NULL };
	struct trace_tally t;

	if (access(STRACE, X_OK) != 0) {
		fprintf(stderr, "test_privacy: " STRACE " is not installed (make test installs it): "
		    "skipping the strace test\n");
		skip();
	}
	/* LeakSanitizer cannot run under ptrace; the sanitizer build would fail at exit. */
	snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sdetect_leaks=0", old ? old : "",
	    old && *old ? ":" : "");
	snapshot_data_dir(r);
	r->traced = 1;
	start(r, argv, env, STRACE_TIMEOUT);
	r->server = child_find_child(r->child.pid);
	assert_true(r->server > 0);
	assert_is_solidarityd(r->server);
	send_marked(r, &traced_request, 0);
	stop_server(r);
	t = tally_trace(r->trace);
	assert_int_equal(t.connects, 0);
	/* The trace must show the data (the startup line on stdout, the marker echoed in the
	** answer), or the checks above proved nothing. */
	if (t.file_writes == 0)
		fail_msg("the trace shows no write to stdout: the strace output was not understood");
	if (t.marked_socket == 0)
		fail_msg("the trace shows no request data: strace could not read the server's memory "
		    "(a process that is not dumpable can be read only by a tracer with CAP_SYS_PTRACE: "
		    "run this test as root)");
	assert_data_dir_clean(r);
	assert_output_clean(r);
}

/* The value of the line starting with key in /proc/PID/name, copied to out; NULL if none. */
static const char *
proc_line(pid_t pid, const char *name, const char *key, char *out, size_t outlen)
{
	char path[64], *text, *p;
	size_t len;

	snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
	if ((text = file_slurp(path, &len)) == NULL)
		return NULL;
	for (p = text; p != NULL; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, strlen(key)) == 0) {
			snprintf(out, outlen, "%.*s", (int)strcspn(p + strlen(key), "\n"), p + strlen(key));
			free(text);
			return out;
		}
	free(text);
	return NULL;
}

/* Let the server, run as nobody, read its database and create -wal and -shm. */
static void
give_data_dir_to_nobody(const struct run *r)
{
	char path[256];

	assert_int_equal(chown(r->data_dir, NOBODY, NOBODY), 0);
	assert_int_equal(chown(r->db, NOBODY, NOBODY), 0);
	snprintf(path, sizeof path, "%s/directory.db-wal", r->data_dir);
	if (access(path, F_OK) == 0)
		assert_int_equal(chown(path, NOBODY, NOBODY), 0);
	snprintf(path, sizeof path, "%s/directory.db-shm", r->data_dir);
	if (access(path, F_OK) == 0)
		assert_int_equal(chown(path, NOBODY, NOBODY), 0);
}

/* The server limits core files to 0 bytes (soft and hard) and is not dumpable: the kernel
** then gives its /proc files to root instead of to the process's own user. When the test
** runs as root, the server is started as nobody so that this difference shows. */
static void
test_server_cannot_dump_core(void **state)
{
	struct run *r = *state;
	const char *argv[] = { r->program, "serve", "--db", r->db, "--listen", "127.0.0.1:0",
	    "--threads", "2", NULL };
	struct child_spec spec = { argv, r->data_dir, r->out, r->err, NULL, 0, NOBODY, NOBODY };
	char line[256], soft[32], hard[32], path[64];
	unsigned long real_uid, effective_uid;
	struct stat st;

	if (geteuid() == 0) {
		give_data_dir_to_nobody(r);
		spec.as_user = 1;
	}
	assert_int_equal(child_start(&r->child, &spec), 0);
	r->server = r->child.pid;
	if (child_wait_port(&r->child, r->out, PORT_TIMEOUT, &r->port) != 0)
		fail_with_stderr(r, "the server did not print its port");

	assert_non_null(proc_line(r->server, "limits", "Max core file size", line, sizeof line));
	assert_int_equal(sscanf(line, " %31s %31s", soft, hard), 2);
	if (strcmp(soft, "0") != 0 || strcmp(hard, "0") != 0)
		fail_msg("core file size limit is %s (soft) %s (hard), wanted 0 0", soft, hard);
	if (proc_line(r->server, "status", "CoreDumping:", line, sizeof line) != NULL)
		assert_int_equal(atoi(line), 0);

	assert_non_null(proc_line(r->server, "status", "Uid:", line, sizeof line));
	assert_int_equal(sscanf(line, " %lu %lu", &real_uid, &effective_uid), 2);
	snprintf(path, sizeof path, "/proc/%ld/status", (long)r->server);
	assert_int_equal(stat(path, &st), 0);
	if (effective_uid != 0 && (unsigned long)st.st_uid == effective_uid)
		fail_msg("the server (uid %lu) is dumpable: its /proc files belong to it", effective_uid);
	if (effective_uid == 0)
		fprintf(stderr, "test_privacy: the server runs as root, so PR_SET_DUMPABLE cannot be "
		    "seen from /proc; only the core size limit was checked\n");
	stop_server(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_marked_requests_leave_no_trace_in_files_or_output,
		    setup_run, teardown_run),
		cmocka_unit_test_setup_teardown(
		    test_under_strace_no_marker_is_written_outside_sockets_and_nothing_connects,
		    setup_run, teardown_run),
		cmocka_unit_test_setup_teardown(test_server_cannot_dump_core, setup_run, teardown_run),
	};

	return cmocka_run_group_tests_name("http privacy", tests, setup_group, teardown_group);
}
