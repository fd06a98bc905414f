/*
** routes_edit.c - the editors' area of one organization: its home (state, last update,
** "nothing changed", commitments, editors), the listing's form, its history, its API
** tokens, and the JSON API those tokens open (/api/v1/manage/organization). Before any
** handler runs, dispatch.c has checked the editor's session and that the organization
** is not suspended, or the API token (route_api_token, below). Every handler works on
** that organization only: its id never comes from the request.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "apitoken.h"
#include "catalog.h"
#include "editform.h"
#include "record.h"
#include "revision.h"
#include "routes.h"
#include "validate.h"

static const char sql_editors[] =
    "SELECT login FROM account WHERE org_id = ?1 AND role = 'editor' ORDER BY login";
static const char sql_item_elsewhere[] =
    "SELECT 1 FROM service WHERE uuid = ?1 AND org_id <> ?2"
    " UNION ALL SELECT 1 FROM location WHERE uuid = ?1 AND org_id <> ?2";

/* ---- what the handlers share ------------------------------------------------------- */

static int
internal(struct api_error *err, const char *what)
{
	api_error_set(err, 500, "internal", "%s", what);
	return -1;
}

static int
bad_request(struct api_error *err, const char *param, const char *message)
{
	api_error_set(err, 400, "bad_parameter", "%s", message);
	err->param = param;
	return -1;
}

static int
param_is(const struct route_ctx *cx, const char *name, const char *value)
{
	const char *given = route_param(cx, name);

	return given != NULL && strcmp(given, value) == 0;
}

/* The stored record of the organization uuid and its newest revision (0 when none).
** 0, or -1 with err. */
static int
load_listing(struct dbconn *c, const char *uuid, json_t **record, long *latest,
    struct api_error *err)
{
	char msg[200];
	long org_id;
	int found = revision_current(c, uuid, record, &org_id, msg, sizeof msg);

	if (found == 0) {
		api_error_set(err, 404, "not_found", "this organization is no longer in the directory");
		return -1;
	}
	if (found < 0 || (*latest = revision_latest(c, org_id, msg, sizeof msg)) < 0) {
		json_decref(*record);
		*record = NULL;
		return internal(err, "the listing could not be read");
	}
	return 0;
}

/* Store record as a new revision by this request's author. 0, or -1 with err. */
static int
save_record(struct route_ctx *cx, struct dbconn *w, const json_t *record, const char *action,
    long *revision, struct api_error *err)
{
	char author[200], msg[300];

	route_author(cx, author, sizeof author);
	if (revision_save(w, &cx->srv->places, record, author, action, server_now(cx->srv),
	    revision, msg, sizeof msg) == 0)
		return 0;
	return internal(err, "the listing could not be saved; nothing was changed");
}

/* 1 when updated_on (YYYY-MM-DD) is twelve months or more before today. */
static int
listing_stale(const char *updated_on, const char *today)
{
	char year_later[40];
	int y, m, d;

	if (updated_on == NULL || !valid_date(updated_on, &y, &m, &d))
		return 0;
	snprintf(year_later, sizeof year_later, "%04d-%02d-%02d", y + 1, m, d);
	return strcmp(year_later, today) <= 0;
}

/* ---- GET/POST /edit: the editor's home --------------------------------------------- */

/* The commitments record holds, in catalog order: [{"label", "since"}]. */
static json_t *
held_commitments(const json_t *record, const struct view_context *vl)
{
	json_t *all = view_commitments(vl), *out = json_array(), *entry, *held;
	size_t i, k;

	json_array_foreach(all, i, entry)
		json_array_foreach(json_object_get(record, "commitments"), k, held)
			if (json_equal(json_object_get(held, "id"), json_object_get(entry, "id")))
				json_array_append_new(out, json_pack("{sOsO}",
				    "label", json_object_get(entry, "label"),
				    "since", json_object_get(held, "since")));
	json_decref(all);
	return out;
}

/* The logins of the organization's editors, or NULL with err. */
static json_t *
editor_logins(struct dbconn *c, long org_id, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_editors, msg, sizeof msg);
	json_t *out;
	int rc;

	if (stmt == NULL || (out = json_array()) == NULL) {
		internal(err, "the editors could not be read");
		return NULL;
	}
	sqlite3_bind_int64(stmt, 1, org_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		json_array_append_new(out, json_string((const char *)sqlite3_column_text(stmt, 0)));
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		internal(err, "the editors could not be read");
		return NULL;
	}
	return out;
}

static int
home_page(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *state, *updated;
	json_t *record = NULL, *editors, *out;
	char today[11], url[60];
	long latest;
	int verified;

	if (load_listing(cx->db, cx->who.org_uuid, &record, &latest, err) != 0)
		return -1;
	if ((editors = editor_logins(cx->db, cx->who.org_id, err)) == NULL) {
		json_decref(record);
		return -1;
	}
	route_today(cx, today);
	state = json_string_value(json_object_get(json_object_get(record, "verification"), "state"));
	verified = state != NULL && strcmp(state, "verified") == 0;
	updated = json_string_value(json_object_get(record, "updated_on"));
	snprintf(url, sizeof url, "/organizations/%s", cx->who.org_uuid);
	*value = out = json_object();
	json_object_set(out, "name", json_object_get(record, "name"));
	json_object_set_new(out, "verified", json_boolean(verified));
	json_object_set_new(out, "pending", json_boolean(state != NULL && strcmp(state, "pending") == 0));
	if (verified)
		json_object_set_new(out, "public_url", json_string(url));
	json_object_set(out, "updated_on", json_object_get(record, "updated_on"));
	json_object_set_new(out, "stale", json_boolean(listing_stale(updated, today)));
	json_object_set_new(out, "commitments", held_commitments(record, &cx->vl));
	json_object_set_new(out, "editors", editors);
	json_object_set_new(out, "welcome", json_boolean(route_param(cx, "welcome") != NULL));
	json_object_set_new(out, "done_saved", json_boolean(param_is(cx, "done", "saved")));
	json_object_set_new(out, "done_confirmed", json_boolean(param_is(cx, "done", "confirmed")));
	json_decref(record);
	return 0;
}

/* "Nothing changed": a new revision whose only change is updated_on = today. */
static int
confirm_current(struct route_ctx *cx, struct api_error *err)
{
	json_t *record = NULL, *checked = NULL;
	char today[11], msg[300];
	struct dbconn *w;
	long latest;
	int ok;

	route_today(cx, today);
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	ok = load_listing(w, cx->who.org_uuid, &record, &latest, err) == 0;
	if (ok && (json_object_set_new(record, "updated_on", json_string(today)) != 0 ||
	    record_check(record, today, &checked, msg, sizeof msg) != 0)) {
		internal(err, "the listing could not be checked");
		ok = 0;
	}
	ok = ok && save_record(cx, w, checked, "confirmed current", NULL, err) == 0;
	json_decref(record);
	json_decref(checked);
	if (route_write_end(cx, ok, err) != 0 || !ok)
		return -1;
	return route_redirect(cx, "/edit?done=confirmed");
}

static int
handle_home(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	if (!cx->post)
		return home_page(cx, value, err);
	if (param_is(cx, "action", "confirm"))
		return confirm_current(cx, err);
	return bad_request(err, "action", "this form has no such action");
}

/* ---- GET/POST /edit/organization: the listing's form -------------------------------- */

/* The form page around form (editform.h, stolen): the revision it is based on, and
** whether it is shown again because someone else saved first. */
static int
form_page(struct route_ctx *cx, json_t *form, long revision, int conflict, json_t **value)
{
	*value = json_pack("{sosIsbss}", "form", form, "based_on", (json_int_t)revision,
	    "conflict", conflict, "organization", cx->who.org_name);
	if (conflict)
		cx->status = 409;
	return 0;
}

static int
show_form(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	json_t *record = NULL;
	long latest;
	int rc;

	if (load_listing(cx->db, cx->who.org_uuid, &record, &latest, err) != 0)
		return -1;
	rc = form_page(cx, editform_values(record, NULL, &cx->vl), latest, 0, value);
	json_decref(record);
	return rc;
}

/* In the open transaction w: check the revision the form was based on, build the record
** from the form, save it. 0 saved; 1 refused, with *value the form shown again; -1. */
static int
apply_form(struct route_ctx *cx, struct dbconn *w, long based_on, json_t **value,
    struct api_error *err)
{
	json_t *current = NULL, *record = NULL, *errors = NULL;
	char today[11];
	long latest;
	int rc = 1;

	route_today(cx, today);
	if (load_listing(w, cx->who.org_uuid, &current, &latest, err) != 0)
		return -1;
	if (latest != based_on) {
		form_page(cx, editform_values_from_form(current, cx->params, NULL, &cx->vl),
		    latest, 1, value);
	} else if (editform_apply(current, cx->params, today, catalog_ui_code(cx->vl.ui),
	    &record, &errors) != 0) {
		if (errors == NULL)
			rc = internal(err, "the form could not be read");
		else if (form_page(cx, editform_values_from_form(current, cx->params, errors,
		    &cx->vl), based_on, 0, value) == 0 && *value != NULL) {
			json_object_set_new(*value, "refused", json_true());
			cx->status = 400;
		}
	} else {
		json_object_set_new(record, "updated_on", json_string(today));
		rc = save_record(cx, w, record, "edited", NULL, err);
	}
	json_decref(current);
	json_decref(record);
	json_decref(errors);
	return rc;
}

static int
handle_form(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct dbconn *w;
	long based_on;
	int rc;

	if (!cx->post)
		return show_form(cx, value, err);
	if (!valid_long(route_param(cx, "revision"), 0, LONG_MAX, &based_on))
		return bad_request(err, "revision", "the form is incomplete: open the page again");
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = apply_form(cx, w, based_on, value, err);
	if (route_write_end(cx, rc == 0, err) != 0 || rc < 0)
		return -1;
	return rc == 0 ? route_redirect(cx, "/edit?done=saved") : 0;
}

/* ---- GET /edit/history ------------------------------------------------------------- */

/* Top-level fields of a record (docs/DATA-FORMAT.md): a change to one is shown by the
** template's label for "is_FIELD". */
static const char *const record_fields[] = { "id", "name", "alternate_names", "description",
    "website", "email", "endorsed_on", "verification", "provides_services", "categories",
    "commitments", "services", "locations", "updated_on", "demo", NULL };

/* Actions of this area and of imports, shown by the template's label for "action_KEY". */
static const char *const known_actions[][2] = { { "edited", "action_edited" },
    { "edited via API", "action_api" }, { "confirmed current", "action_confirmed" },
    { "imported", "action_imported" } };

static json_t *
labelled_changes(const json_t *changed)
{
	json_t *out = json_array(), *field;
	const char *name;
	char key[40];
	size_t i, k;

	json_array_foreach(changed, i, field) {
		name = json_string_value(field);
		for (k = 0; name != NULL && record_fields[k] != NULL &&
		    strcmp(record_fields[k], name) != 0; k++)
			;
		if (name != NULL && record_fields[k] != NULL) {
			snprintf(key, sizeof key, "is_%s", name);
			json_array_append_new(out, json_pack("{sb}", key, 1));
		} else {
			json_array_append_new(out, json_pack("{ss?}", "other", name));
		}
	}
	return out;
}

static void
label_revision(json_t *rev)
{
	const char *action = json_string_value(json_object_get(rev, "action"));
	size_t k;

	json_object_set_new(rev, "changes", labelled_changes(json_object_get(rev, "changed")));
	for (k = 0; k < sizeof known_actions / sizeof known_actions[0]; k++)
		if (action != NULL && strcmp(action, known_actions[k][0]) == 0) {
			json_object_set_new(rev, known_actions[k][1], json_true());
			json_object_set_new(rev, "action_known", json_true());
		}
}

static int
handle_history(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	char msg[200];
	json_t *revisions = revision_list(cx->db, cx->who.org_id, msg, sizeof msg), *rev;
	size_t i;

	if (revisions == NULL)
		return internal(err, "the history could not be read");
	json_array_foreach(revisions, i, rev)
		label_revision(rev);
	*value = json_pack("{ssso}", "organization", cx->who.org_name, "revisions", revisions);
	return 0;
}

/* ---- GET/POST /edit/tokens --------------------------------------------------------- */

/* The tokens page; extra (may be NULL, stolen) adds what a POST has to show. */
static int
tokens_page(struct route_ctx *cx, json_t *extra, json_t **value, struct api_error *err)
{
	char msg[200], base[300];
	json_t *tokens = apitoken_list(cx->db, cx->who.org_id, msg, sizeof msg);

	if (tokens == NULL) {
		json_decref(extra);
		return internal(err, "the tokens could not be read");
	}
	route_public_base(cx, base, sizeof base);
	*value = extra != NULL ? extra : json_object();
	json_object_set_new(*value, "tokens", tokens);
	json_object_set_new(*value, "organization", json_string(cx->who.org_name));
	json_object_set_new(*value, "api_url",
	    json_sprintf("%s/api/v1/manage/organization", base));
	json_object_set_new(*value, "done_revoked", json_boolean(param_is(cx, "done", "revoked")));
	return 0;
}

static int
create_token(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *label = route_param(cx, "label");
	char token[AUTH_TOKEN_CHARS + 1], msg[200];
	struct dbconn *w;
	int rc;

	if (apitoken_label_valid(label) != 0) {
		cx->status = 400;
		return tokens_page(cx, json_pack("{sssb}", "typed_label",
		    label != NULL && strlen(label) <= 400 ? label : "", "label_error", 1), value, err);
	}
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = apitoken_create(w, cx->who.org_id, label, cx->who.login, server_now(cx->srv), token,
	    msg, sizeof msg);
	if (route_write_end(cx, rc == 0, err) != 0)
		return -1;
	if (rc != 0)
		return internal(err, "the token could not be made");
	return tokens_page(cx, json_pack("{s{ssss}}", "new_token", "token", token, "label", label),
	    value, err);
}

static int
revoke_token(struct route_ctx *cx, struct api_error *err)
{
	struct dbconn *w;
	char msg[200];
	long token_id;
	int rc;

	if (!valid_long(route_param(cx, "token_id"), 1, LONG_MAX, &token_id))
		return bad_request(err, "token_id", "the form is incomplete: open the page again");
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = apitoken_revoke(w, cx->who.org_id, token_id, server_now(cx->srv), msg, sizeof msg);
	if (route_write_end(cx, rc >= 0, err) != 0)
		return -1;
	if (rc < 0)
		return internal(err, "the token could not be revoked");
	if (rc == 0) {
		api_error_set(err, 404, "not_found", "your organization has no such token");
		return -1;
	}
	return route_redirect(cx, "/edit/tokens?done=revoked");
}

static int
handle_tokens(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	if (!cx->post)
		return tokens_page(cx, NULL, value, err);
	if (param_is(cx, "action", "create"))
		return create_token(cx, value, err);
	if (param_is(cx, "action", "revoke"))
		return revoke_token(cx, err);
	return bad_request(err, "action", "this form has no such action");
}

/* ---- /api/v1/manage/organization --------------------------------------------------- */

static int
bad_token(struct api_error *err, const char *message)
{
	api_error_set(err, 401, "bad_token", "%s", message);
	return -1;
}

int
route_api_token(struct route_ctx *cx, struct api_error *err)
{
	const char *header = cx->rq->authorization;
	struct apitoken_owner owner;
	struct dbconn *c;
	char msg[200];
	int found;

	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return bad_token(err, "send the organization's API token in the header "
		    "\"Authorization: Bearer TOKEN\"");
	for (header += 7; *header == ' '; header++)
		;
	c = pool_acquire(&cx->srv->readers);
	found = apitoken_find(c, header, &owner, msg, sizeof msg);
	pool_release(&cx->srv->readers, c);
	if (found < 0)
		return internal(err, "the token could not be checked");
	if (found == 0)
		return bad_token(err, "this API token is unknown or has been revoked");
	if (strcmp(owner.org_state, "suspended") == 0) {
		api_error_set(err, 403, "suspended", "the listing of this organization is suspended: "
		    "contact the network's coordinators");
		return -1;
	}
	cx->token_org_id = owner.org_id;
	snprintf(cx->token_label, sizeof cx->token_label, "%s", owner.label);
	return 0;
}

/* The API takes whole records, so it checks its own parameters: only those in known. */
static int
check_api_keys(const json_t *params, const char *const *known, struct api_error *err)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)params, key, v) {
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL) {
			api_error_set(err, 400, "unknown_parameter", "unknown parameter \"%.40s\"", key);
			return -1;
		}
	}
	return 0;
}

/* The commitments of rec keep the "since" of current's for those still held; a new one
** is held since today. Items record_check will refuse are left as they are. */
static void
keep_since(json_t *rec, const json_t *current, const char *today)
{
	json_t *c, *held;
	size_t i, k;
	int found;

	json_array_foreach(json_object_get(rec, "commitments"), i, c) {
		if (!json_is_object(c) || !json_is_string(json_object_get(c, "id")))
			continue;
		found = 0;
		json_array_foreach(json_object_get(current, "commitments"), k, held)
			if (!found && json_equal(json_object_get(held, "id"), json_object_get(c, "id"))) {
				json_object_set(c, "since", json_object_get(held, "since"));
				found = 1;
			}
		if (!found)
			json_object_set_new(c, "since", json_string(today));
	}
}

/* The record an API client sent, with what only coordinators decide taken from current:
** verification, demo, endorsed_on; and updated_on = today. NULL on OOM. */
static json_t *
api_candidate(const json_t *given, const json_t *current, const char *today)
{
	static const char *const kept[] = { "verification", "demo", "endorsed_on" };
	json_t *rec = json_deep_copy(given);
	size_t i;

	if (rec == NULL)
		return NULL;
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		json_object_set(rec, kept[i], json_object_get(current, kept[i]));
	json_object_set_new(rec, "updated_on", json_string(today));
	keep_since(rec, current, today);
	return rec;
}

/* A refused record as the API's error, with the field at fault: record_check says
** "path: problem", a path within "organization". */
static json_t *
invalid_record(struct route_ctx *cx, const char *problem)
{
	const char *sep = strstr(problem, ": ");
	char param[200], message[400];

	if (sep != NULL && strncmp(problem, "record: ", 8) != 0)
		snprintf(param, sizeof param, "organization.%.*s", (int)(sep - problem), problem);
	else
		snprintf(param, sizeof param, "organization");
	snprintf(message, sizeof message, "%s%s", strncmp(problem, "record: ", 8) == 0 ?
	    "organization: " : "organization.", strncmp(problem, "record: ", 8) == 0 ?
	    problem + 8 : problem);
	cx->status = 400;
	return json_pack("{s{ssssss}}", "error", "code", "invalid_record", "message", message,
	    "parameter", param);
}

/* 1 when the id of item i of list is also that of an earlier item. */
static int
repeated_id(const json_t *list, size_t i)
{
	const json_t *id = json_object_get(json_array_get(list, i), "id");
	size_t j;

	for (j = 0; j < i; j++)
		if (json_equal(json_object_get(json_array_get(list, j), "id"), id))
			return 1;
	return 0;
}

/* A service or location id of record given twice in it, or used by another organization:
** its path in problem ("services[0].id: ..."). 1 found, 0 none, -1 error. */
static int
item_id_taken(struct dbconn *w, long org_id, const json_t *record, char *problem, size_t len)
{
	static const char *const lists[] = { "services", "locations" };
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_item_elsewhere, problem, len);
	const json_t *list, *item;
	size_t i, k;
	int rc;

	for (k = 0; stmt != NULL && k < 2; k++) {
		list = json_object_get(record, lists[k]);
		json_array_foreach(list, i, item) {
			if (repeated_id(list, i)) {
				snprintf(problem, len, "%s[%zu].id: this id is given twice; each item "
				    "needs its own UUID", lists[k], i);
				return 1;
			}
			sqlite3_bind_text(stmt, 1, json_string_value(json_object_get(item, "id")), -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_int64(stmt, 2, org_id);
			rc = sqlite3_step(stmt);
			sqlite3_reset(stmt);
			if (rc == SQLITE_ROW) {
				snprintf(problem, len, "%s[%zu].id: this id belongs to another "
				    "organization's listing; give a new UUID", lists[k], i);
				return 1;
			}
			if (rc != SQLITE_DONE)
				return -1;
		}
	}
	return stmt != NULL ? 0 : -1;
}

/* In the open transaction w: the POST's record checked and saved. 0 saved (*value the
** answer), 1 refused (*value the error), -1 with err. */
static int
apply_api(struct route_ctx *cx, struct dbconn *w, const char *uuid, json_int_t based_on,
    json_t **value, struct api_error *err)
{
	json_t *current = NULL, *candidate = NULL, *record = NULL;
	char today[11], problem[300];
	long latest, saved;
	int rc = -1, found = 0;

	route_today(cx, today);
	if (load_listing(w, uuid, &current, &latest, err) != 0)
		return -1;
	if (latest != based_on)
		api_error_set(err, 409, "conflict", "the listing was changed since you read it (it "
		    "is now at revision %ld): read it again, make your changes and send them with "
		    "that revision", latest);
	else if ((candidate = api_candidate(json_object_get(cx->params, "organization"),
	    current, today)) == NULL)
		internal(err, "out of memory");
	else if (record_check(candidate, today, &record, problem, sizeof problem) != 0 ||
	    (found = item_id_taken(w, cx->token_org_id, record, problem, sizeof problem)) == 1)
		*value = invalid_record(cx, problem), rc = 1;
	else if (found < 0)
		internal(err, "the listing could not be checked");
	else if (save_record(cx, w, record, "edited via API", &saved, err) == 0)
		*value = json_pack("{sOsI}", "organization", record, "revision", (json_int_t)saved),
		rc = 0;
	json_decref(current);
	json_decref(candidate);
	json_decref(record);
	return rc;
}

static int
manage_post(struct route_ctx *cx, const char *uuid, json_t **value, struct api_error *err)
{
	static const char *const known[] = { "organization", "revision", "lang", NULL };
	const json_t *given = json_object_get(cx->params, "organization");
	const json_t *revision = json_object_get(cx->params, "revision");
	const char *id = json_string_value(json_object_get(given, "id"));
	struct dbconn *w;
	int rc;

	if (check_api_keys(cx->params, known, err) != 0)
		return -1;
	if (!json_is_object(given))
		return bad_request(err, "organization", "organization must be the listing, as an "
		    "object like the one GET returns");
	if (!json_is_integer(revision) || json_integer_value(revision) < 0)
		return bad_request(err, "revision", "revision is required: the number GET returned "
		    "with the listing");
	if (id == NULL)
		return bad_request(err, "organization.id", "organization.id is required");
	if (strcmp(id, uuid) != 0) {
		api_error_set(err, 403, "forbidden", "this token can change only the listing of "
		    "its own organization");
		return -1;
	}
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = apply_api(cx, w, uuid, json_integer_value(revision), value, err);
	if (route_write_end(cx, rc == 0, err) != 0 || rc < 0)
		return -1;
	return 0;
}

static int
handle_manage(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	static const char *const known[] = { "lang", NULL };
	json_t *record = NULL;
	char uuid[37], msg[200];
	long latest;
	int found = apitoken_org_uuid(cx->db, cx->token_org_id, uuid, msg, sizeof msg);

	if (found < 0)
		return internal(err, "the listing could not be read");
	if (found == 0) {
		api_error_set(err, 404, "not_found", "this organization is no longer in the directory");
		return -1;
	}
	if (cx->post)
		return manage_post(cx, uuid, value, err);
	if (check_api_keys(cx->params, known, err) != 0 ||
	    load_listing(cx->db, uuid, &record, &latest, err) != 0)
		return -1;
	*value = json_pack("{sosI}", "organization", record, "revision", (json_int_t)latest);
	return 0;
}

static const struct route edit_routes[] = {
	{ "/edit",              0, NULL, ROUTE_EDITOR, 0, 1, handle_home, "edit_home.html", NULL },
	{ "/edit/organization", 0, NULL, ROUTE_EDITOR, 0, 1, handle_form, "edit_organization.html",
	  NULL },
	{ "/edit/history",      0, NULL, ROUTE_EDITOR, 0, 0, handle_history, "edit_history.html", NULL },
	{ "/edit/tokens",       0, NULL, ROUTE_EDITOR, 0, 1, handle_tokens, "edit_tokens.html", NULL },
	/* Takes whole records: handle_manage checks its own parameters. */
	{ "/api/v1/manage/organization", 0, NULL, ROUTE_API_EDITOR, 1, 1, handle_manage, NULL, NULL },
};

const struct route_table routes_edit = { edit_routes,
    sizeof edit_routes / sizeof edit_routes[0] };
