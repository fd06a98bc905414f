/*
** testsrv.h - test support: build a temporary directory database from fixture files,
** start the server in-process on an ephemeral loopback port, and talk to it over HTTP
** with libcurl. Tests only ever contact 127.0.0.1.
*/
#ifndef SD_TESTSRV_H
#define SD_TESTSRV_H

#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "buf.h"
#include "server.h"

struct testsrv {
	char          dir[64];     /* temporary folder holding the database */
	char          db[128];     /* database path */
	struct server srv;
	char          base[64];    /* "http://127.0.0.1:PORT" */
	char          source[40];  /* CURLOPT_INTERFACE for requests ("host!127.0.0.70"), or "" */
};

/* What a test may change in the server's configuration. */
struct testsrv_options {
	const char *geoip_path;    /* --geoip, or NULL */
	time_t      fixed_now;     /* the server's clock, or 0 for the real one */
	const char *public_url;    /* --public-url, or NULL */
};

/* The MaxMind DB test file `make` builds from fixtures/geoip-test.json: the path in
** $SD_GEOIP_TEST_DB (set by the Makefile), else build/geoip-test.mmdb. */
const char *testsrv_geoip_file(void);

struct http_result {
	long       status;
	struct buf body;
	struct buf headers;        /* raw header block of the final response */
};

/* Create a migrated database at path and import each fixture file (NULL-terminated list,
** paths relative to the repository root). 0, or -1 with a message. */
int testdb_create(const char *path, const char *const *fixtures, char *err, size_t errlen);

/* A temporary folder with a database of the given fixtures, and the server on it;
** opt may be NULL. */
int testsrv_start(struct testsrv *t, const char *const *fixtures);
int testsrv_start_with(struct testsrv *t, const char *const *fixtures,
    const struct testsrv_options *opt);
void testsrv_stop(struct testsrv *t);

/* Both fixture files (montreal-endorsers, demo-services), for tests that want the whole
** directory. */
extern const char *const testsrv_all_fixtures[];

/* A new started server on the given fixtures, or NULL; testsrv_free stops and frees it. */
struct testsrv *testsrv_new(const char *const *fixtures);
struct testsrv *testsrv_new_with(const char *const *fixtures, const struct testsrv_options *opt);
void testsrv_free(struct testsrv *t);

/* The first organization of a loaded directory file (e.g. fixtures/demo-services.json)
** whose verification state is state and for which want holds (NULL: any). Borrowed from
** file, or NULL. */
const json_t *fixture_find_org(const json_t *file, const char *state,
    int (*want)(const json_t *org));

/* Send one request; extra_headers is a NULL-terminated list of "Name: value" or NULL.
** body may be NULL. 0, or -1 if the request could not be made. */
int http_request(const struct testsrv *t, const char *method, const char *path,
    const char *const *extra_headers, const char *body, size_t body_len,
    struct http_result *out);

/* GET path into *out and fail the test unless the status is want_status. The caller
** frees *out. */
void http_get_status(const struct testsrv *t, const char *path, long want_status,
    struct http_result *out);

/* GET path; the body parsed as JSON (NULL if it is not JSON). */
json_t *http_get_json(const struct testsrv *t, const char *path, long *status);

/* GET path and fail the test unless the status is want_status and the body is JSON; the
** parsed body (caller releases). */
json_t *http_get_expect(const struct testsrv *t, const char *path, long want_status);

/* GET path and fail the test unless the status is want_status and the body is a JSON
** error with this code and a message. */
void http_expect_error(const struct testsrv *t, const char *path, long want_status,
    const char *code);

/* The value of header name (case-insensitive) copied to out, or NULL if absent. */
const char *http_header(const struct http_result *r, const char *name, char *out, size_t outlen);

void http_result_free(struct http_result *r);

/* Delete the database at path and its -wal and -shm files, if there. */
void testdb_remove(const char *path);

/* Count the organizations in the database at path, or -1. */
long testdb_count(const char *path);

/* What PRAGMA integrity_check says of the database at path ("ok", or its first problem;
** it also checks every row against the schema's CHECK constraints); caller frees. */
char *testdb_integrity(const char *path);

/* Check the directory file text whole (record_check_file) and store it (store_import) into
** the database at path, the whole-file path of `import`. 0, or -1 with a message; fails
** the test when text is not JSON. */
int testdb_import_text(const char *path, const char *text, char *err, size_t errlen);

/* A generated directory file (generate_directory) of count organizations from seed, as a
** NUL-terminated string the caller frees; its length in *len. Fails the test on error. */
char *testdb_generate(long count, unsigned long seed, size_t *len);

/* The export (store_export) of the database at path, as a string the caller frees; its
** length in *len. Fails the test on any error. */
char *testdb_export(const char *path, size_t *len);

#endif
