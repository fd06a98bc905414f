/*
** test_flow.c - the whole life of a listing, end to end over HTTP, as the people involved
** would go through it: an organization applies; a coordinator approves it and gets the
** invitation link; an editor accepts it and chooses a passphrase, creates an API token and
** changes the description; the public page shows the change; the history shows the
** revision; the coordinator restores the earlier revision and the public page shows the
** old text again.
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

#define PASS "amber kites above the harbour"

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

/* The text between the first "start" after "after" and the next "end", into out. */
static void
extract(const char *page, const char *after, const char *start, const char *end,
    char *out, size_t outlen)
{
	const char *p = strstr(page, after), *q;

	assert_non_null(p);
	p = strstr(p, start);
	assert_non_null(p);
	p += strlen(start);
	q = strstr(p, end);
	assert_non_null(q);
	assert_true((size_t)(q - p) < outlen);
	snprintf(out, outlen, "%.*s", (int)(q - p), p);
}

static void
apply(char id[40])
{
	const char *body = "{\"organization\": {\"name\": \"Atelier Flux\", \"provides_services\": false,"
	    " \"description\": {\"en\": \"First description.\"},"
	    " \"commitments\": [{\"id\": \"status-for-all\"}]},"
	    " \"contact\": {\"name\": \"Sam\", \"email\": \"sam@example.org\"}}";
	const char *headers[] = { "Content-Type: application/json", NULL };
	struct http_result r;
	json_t *doc;

	assert_int_equal(http_request(srv, "POST", "/api/v1/endorsements", headers, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	doc = json_loads(r.body.data, 0, NULL);
	assert_non_null(doc);
	snprintf(id, 40, "%s", json_string_value(json_object_get(doc, "id")));
	json_decref(doc);
	http_result_free(&r);
}

static long
public_status(const char *id)
{
	char path[120];
	long status;
	json_t *doc;

	snprintf(path, sizeof path, "/api/v1/organizations/%s?lang=en", id);
	doc = http_get_json(srv, path, &status);
	json_decref(doc);
	return status;
}

static int
public_description_is(const char *id, const char *text)
{
	char path[120];
	long status;
	json_t *doc;
	int same;

	snprintf(path, sizeof path, "/api/v1/organizations/%s?lang=en", id);
	doc = http_get_json(srv, path, &status);
	assert_int_equal(status, 200);
	same = strcmp(json_string_value(json_object_get(json_object_get(doc, "description"),
	    "text")), text) == 0;
	json_decref(doc);
	return same;
}

/* The coordinator approves; the invitation token shown once. */
static void
approve(struct testauth *coord, const char *id, char token[64])
{
	const char *fields[] = { "action", "approve", NULL };
	struct http_result r;
	char path[120];

	snprintf(path, sizeof path, "/coordinate/applications/%s", id);
	assert_int_equal(testauth_get(srv, coord, path, &r), 0);
	assert_int_equal(r.status, 200);
	http_result_free(&r);
	assert_int_equal(testauth_post(srv, coord, path, fields, &r), 0);
	assert_int_equal(r.status, 200);
	extract(r.body.data, "coord-link", "welcome?token=", "<", token, 64);
	http_result_free(&r);
}

/* The editor makes a token in the editors' area and changes the description with it. */
static void
edit_through_api(struct testauth *editor, const char *text)
{
	const char *fields[] = { "action", "create", "label", "website sync", NULL };
	char token[64], auth[120];
	const char *headers[] = { auth, "Content-Type: application/json", NULL };
	struct http_result r;
	json_t *doc, *put;
	char *body;

	assert_int_equal(testauth_get(srv, editor, "/edit/tokens", &r), 0);
	http_result_free(&r);
	assert_int_equal(testauth_post(srv, editor, "/edit/tokens", fields, &r), 0);
	assert_int_equal(r.status, 200);
	extract(r.body.data, "edit-token", ">", "<", token, sizeof token);
	http_result_free(&r);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	assert_int_equal(http_request(srv, "GET", "/api/v1/manage/organization", headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	doc = json_loads(r.body.data, 0, NULL);
	http_result_free(&r);
	json_object_set_new(json_object_get(json_object_get(doc, "organization"), "description"),
	    "en", json_string(text));
	put = json_pack("{sOsO}", "organization", json_object_get(doc, "organization"),
	    "revision", json_object_get(doc, "revision"));
	body = json_dumps(put, 0);
	assert_int_equal(http_request(srv, "POST", "/api/v1/manage/organization", headers, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	http_result_free(&r);
	free(body);
	json_decref(put);
	json_decref(doc);
}

/* The id of the oldest revision listed on the coordinator's page of the organization. */
static void
first_revision(struct testauth *coord, const char *id, char revision[16])
{
	struct http_result r;
	char path[120];
	const char *p, *last = NULL;

	snprintf(path, sizeof path, "/coordinate/organizations/%s", id);
	assert_int_equal(testauth_get(srv, coord, path, &r), 0);
	for (p = r.body.data; (p = strstr(p, "name=\"revision\" value=\"")) != NULL; p++)
		last = p;
	assert_non_null(last);
	extract(last, "name=\"revision\"", "value=\"", "\"", revision, 16);
	http_result_free(&r);
}

static void
test_apply_approve_invite_edit_history_revert(void **state)
{
	struct testauth coord, editor;
	const char *revert[] = { "action", "revert", "revision", NULL, NULL };
	struct http_result r;
	char id[40], token[64], revision[16], path[120];

	(void)state;
	apply(id);
	assert_int_equal(public_status(id), 404);   /* pending: never public */
	assert_int_equal(testauth_coordinator(srv, "flow-coord", PASS, &coord), 0);
	approve(&coord, id, token);
	assert_int_equal(public_status(id), 200);
	assert_true(public_description_is(id, "First description."));

	/* The editor opens the link the coordinator was shown. */
	memset(&editor, 0, sizeof editor);
	{
		const char *fields[] = { "token", token, "login", "flow-editor", "passphrase", PASS,
		    "passphrase2", PASS, NULL };
		snprintf(path, sizeof path, "/account/welcome?token=%s", token);
		assert_int_equal(testauth_get(srv, &editor, path, &r), 0);
		http_result_free(&r);
		assert_int_equal(testauth_post(srv, &editor, "/account/welcome", fields, &r), 0);
		assert_int_equal(r.status, 303);
		assert_int_equal(testauth_take_session(&r, &editor), 0);
		http_result_free(&r);
	}
	edit_through_api(&editor, "Second description, from the editors.");
	assert_true(public_description_is(id, "Second description, from the editors."));

	assert_int_equal(testauth_get(srv, &editor, "/edit/history?lang=en", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "API token"));
	http_result_free(&r);

	first_revision(&coord, id, revision);
	revert[3] = revision;
	snprintf(path, sizeof path, "/coordinate/organizations/%s", id);
	assert_int_equal(testauth_post(srv, &coord, path, revert, &r), 0);
	assert_int_equal(r.status, 303);
	http_result_free(&r);
	assert_true(public_description_is(id, "First description."));
	assert_int_equal(public_status(id), 200);   /* restoring content keeps it verified */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_approve_invite_edit_history_revert),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
