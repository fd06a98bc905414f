/*
** routes_forms.c - the two public forms, which need no account and never set a cookie:
** an organization's application to be listed (GET/POST /endorse, POST
** /api/v1/endorsements), stored as a pending organization with a contact for the
** coordinators; and an anonymous report about a public listing (GET/POST
** /organizations/{id}/report, POST /api/v1/organizations/{id}/reports), which keeps the
** listing, the kind of problem, the text and the day: nothing about who sent it.
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "catalog.h"
#include "editform.h"
#include "i18n.h"
#include "record.h"
#include "revision.h"
#include "routes.h"
#include "utf8.h"
#include "validate.h"

#define CONTACT_NAME_MAX 200   /* characters of the contact's name */
#define MESSAGE_MAX      2000  /* characters of the message to the coordinators */
#define DETAILS_MAX      2000  /* characters of a report */
#define HONEYPOT_FIELD   "website"  /* hidden from people on the report form */

static const char sql_application[] =
    "INSERT INTO application (org_id, contact_name, contact_email, contact_phone, message, "
    "submitted_on) SELECT org_id, ?2, ?3, ?4, ?5, ?6 FROM organization WHERE uuid = ?1";

static const char sql_public_org[] =
    "SELECT org_id, name FROM organization WHERE uuid = ?1 AND state = 'verified'";

/* The listing must still be public when the report is stored. */
static const char sql_report[] =
    "INSERT INTO report (org_id, kind, details, reported_on) "
    "SELECT org_id, ?2, ?3, ?4 FROM organization WHERE org_id = ?1 AND state = 'verified'";

static const char endorse_next[] =
    "A coordinator of the network will check this endorsement and contact you. Nothing is "
    "public until then. Once it is verified, you will receive a one-time link with which "
    "your organization's editors keep the listing current.";

/* ---- text people type --------------------------------------------------------------- */

static int
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* s with its line breaks as "\n" (a browser sends a text area's as "\r\n"); NULL stays
** NULL. New string, or NULL on OOM. */
static char *
unix_newlines(const char *s)
{
	struct buf b = BUF_INIT;

	if (s == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (*s != '\r')
			buf_putc(&b, *s);
		else if (s[1] != '\n')
			buf_putc(&b, '\n');
	}
	return buf_detach(&b, NULL);
}

/* The number of characters of s when it is text a person may send: valid UTF-8 without
** control characters, except line breaks ("\n") when multiline; -1 otherwise. */
static long
text_chars(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	long chars = 0;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && !(cp == '\n' && multiline)) ||
		    (cp >= 0x7f && cp <= 0x9f))
			return -1;
		i += n;
		chars++;
	}
	return chars;
}

/* What is wrong with s as a text of at most max characters (too_long says so), or NULL
** when nothing is. */
static const char *
text_problem(const char *s, long max, int multiline, int required, const char *too_long)
{
	long chars;

	if (blank(s))
		return required ? "This is required." : NULL;
	chars = text_chars(s, multiline);
	if (chars < 0)
		return multiline ? "This text holds characters that cannot be used (control characters)." :
		    "Write this on one line, without control characters.";
	return chars > max ? too_long : NULL;
}

/* Record the problem of field in errors (field -> message), unless it already has one. */
static void
add_problem(json_t *errors, const char *field, const char *problem)
{
	if (problem != NULL && json_object_get(errors, field) == NULL)
		json_object_set_new(errors, field, json_string(problem));
}

/* The interface's words for msgid. */
static const char *
tr(const struct route_ctx *cx, const char *msgid)
{
	return i18n_get(cx->vl.i18n, cx->vl.ui, msgid);
}

/* A 400 error about param, which is kept after the message in the message's own buffer:
** err outlives the handler, which a name made here would not (it is left out when it does
** not fit). */
static void bad_input(struct api_error *err, const char *param, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
bad_input(struct api_error *err, const char *param, const char *fmt, ...)
{
	size_t used, n = strlen(param) + 1;
	va_list ap;

	api_error_set(err, 400, "bad_parameter", "%s", "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	used = strlen(err->message) + 1;
	if (used + n <= sizeof err->message) {
		memcpy(err->message + used, param, n);
		err->param = err->message + used;
	}
}

static int
post_only(struct route_ctx *cx, struct api_error *err)
{
	cx->out->allow = "POST";
	api_error_set(err, 405, "method_not_allowed", "this address accepts only POST");
	return -1;
}

/* ---- endorsing ---------------------------------------------------------------------- */

/* What an applicant says besides the listing: a contact and a message for the
** coordinators. message is owned (line breaks made "\n"). */
struct applicant {
	const char *name, *email, *phone;
	char       *message;
};

/* The applicant's form fields, the names the JSON API gives them, and their labels
** (those of endorse.html). */
static const struct {
	const char *field, *api, *label;
} applicant_fields[] = {
	{ "contact_name", "contact.name", "Name of a contact person" },
	{ "contact_email", "contact.email", "E-mail address" },
	{ "contact_phone", "contact.phone", "Phone number" },
	{ "message", "message", "A message for the coordinators (optional)" },
};

#define NAPPLICANT_FIELDS (sizeof applicant_fields / sizeof applicant_fields[0])

/* Every problem of the applicant's fields, as form field -> message, into errors. */
static void
applicant_check(const struct applicant *a, json_t *errors)
{
	if (blank(a->name))
		add_problem(errors, "contact_name",
		    "Give the name of a person the coordinators can contact.");
	add_problem(errors, "contact_name", text_problem(a->name, CONTACT_NAME_MAX, 0, 1,
	    "This is too long: at most 200 characters."));
	if (!blank(a->email) && !valid_email(a->email))
		add_problem(errors, "contact_email",
		    "This is not an e-mail address: it should look like name@example.org.");
	if (!blank(a->phone) && !valid_phone(a->phone))
		add_problem(errors, "contact_phone", "This is not a phone number: use digits, "
		    "spaces and + - ( ) . only, for example +1 514 555 0100.");
	if (blank(a->email) && blank(a->phone))
		add_problem(errors, "contact_email", "Give an e-mail address or a phone number "
		    "(or both), so that the coordinators can reach you.");
	add_problem(errors, "message", text_problem(a->message, MESSAGE_MAX, 1, 0,
	    "This text is too long: at most 2000 characters."));
}

/* 1 if ids (commitment ids: a string, an array of them, or NULL) holds id. */
static int
holds(const json_t *ids, const char *id)
{
	const json_t *item;
	size_t i;

	if (json_is_string(ids))
		return strcmp(json_string_value(ids), id) == 0;
	json_array_foreach(ids, i, item)
		if (json_is_string(item) && strcmp(json_string_value(item), id) == 0)
			return 1;
	return 0;
}

/* 1 if ids holds every commitment of the catalog. */
static int
holds_every_commitment(const json_t *ids)
{
	const struct catalog_entry *all;
	size_t n, i;

	all = catalog_commitments(&n);
	for (i = 0; i < n; i++)
		if (!holds(ids, all[i].id))
			return 0;
	return 1;
}

static const char provider_problem[] =
    "An organization that provides services to the public must make all six commitments "
    "to be listed. Tick all six, or untick \"provides services\".";

/* The commitment ids of a record's commitments ([{"id", "since"}]). New array. */
static json_t *
commitment_ids(const json_t *record)
{
	json_t *ids = json_array();
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(record, "commitments"), i, c)
		json_array_append(ids, json_object_get(c, "id"));
	return ids;
}

/* The commitments ticked on the form: status-for-all is asked of every endorser, all of
** them of a service provider. */
static void
commitments_check(const json_t *form, json_t *errors)
{
	const json_t *ticked = json_object_get(form, "commitment");

	if (!holds(ticked, "status-for-all"))
		add_problem(errors, "commitment", "Every organization that endorses the "
		    "declaration makes the first commitment: tick it to apply.");
	else if (json_object_get(form, "provides_services") != NULL &&
	    !holds_every_commitment(ticked))
		add_problem(errors, "commitment", provider_problem);
}

/* Store a checked record as a pending organization, with its application, in one
** transaction. 0, or -1 with err. */
static int
store_application(struct route_ctx *cx, const json_t *record, const struct applicant *a,
    const char *today, struct api_error *err)
{
	const char *uuid = json_string_value(json_object_get(record, "id"));
	struct dbconn *w;
	sqlite3_stmt *stmt;
	char msg[200];
	int rc = -1;

	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	if (revision_save(w, &cx->srv->places, record, "applicant", "applied",
	    server_now(cx->srv), NULL, msg, sizeof msg) == 0 &&
	    (stmt = dbconn_stmt(w, sql_application, msg, sizeof msg)) != NULL) {
		sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, blank(a->email) ? NULL : a->email, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, blank(a->phone) ? NULL : a->phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, blank(a->message) ? NULL : a->message, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, today, -1, SQLITE_STATIC);
		if (db_step_done(w, stmt, "storing the application", msg, sizeof msg) == 0 &&
		    sqlite3_changes(w->db) == 1)
			rc = 0;
	}
	if (route_write_end(cx, rc == 0, err) != 0)
		return -1;
	if (rc != 0)
		api_error_set(err, 500, "internal", "the application could not be saved; nothing was stored");
	return rc;
}

/* A new record's dates are the day of the application; the result is checked again. */
static int
date_application(json_t **record, const char *today)
{
	json_t *checked = NULL;
	char msg[200];

	json_object_set_new(*record, "endorsed_on", json_string(today));
	json_object_set_new(*record, "updated_on", json_string(today));
	if (record_check(*record, today, &checked, msg, sizeof msg) != 0)
		return -1;
	json_decref(*record);
	*record = checked;
	return 0;
}

/* 1 if field is one of the applicant's own. */
static int
is_applicant_field(const char *field)
{
	size_t i;

	for (i = 0; i < NAPPLICANT_FIELDS; i++)
		if (strcmp(applicant_fields[i].field, field) == 0)
			return 1;
	return 0;
}

/* The applicant's part of the form: the values typed, their problems in the interface's
** words ("errors": field -> message) and the summary's entries for them. NULL on OOM. */
static json_t *
applicant_values(struct route_ctx *cx, const json_t *errors, json_t *summary)
{
	json_t *mine = json_object(), *mine_errors = json_object();
	const char *typed, *problem;
	size_t i;

	if (mine == NULL || mine_errors == NULL) {
		json_decref(mine), json_decref(mine_errors);
		return NULL;
	}
	for (i = 0; i < NAPPLICANT_FIELDS; i++) {
		typed = cx->post ? route_param(cx, applicant_fields[i].field) : NULL;
		json_object_set_new(mine, applicant_fields[i].field, json_string(typed ? typed : ""));
		problem = json_string_value(json_object_get(errors, applicant_fields[i].field));
		if (problem == NULL)
			continue;
		json_object_set_new(mine_errors, applicant_fields[i].field, json_string(tr(cx, problem)));
		json_array_append_new(summary, json_pack("{ssssss}", "target",
		    applicant_fields[i].field, "where", tr(cx, applicant_fields[i].label),
		    "message", tr(cx, problem)));
	}
	json_object_set_new(mine, "errors", mine_errors);
	return mine;
}

/* The application form: the editors' form (blank, or as sent with the listing's
** problems next to its fields), the applicant's own fields under "applicant", and one
** summary of every problem, "problems" (the editors' form's own is left out, so that
** there is one). errors may be NULL. NULL on OOM. */
static json_t *
endorse_form(struct route_ctx *cx, const json_t *errors)
{
	json_t *listing_errors = json_object(), *page = NULL, *summary, *mine;
	const char *field;
	json_t *message;

	if (listing_errors == NULL)
		return NULL;
	json_object_foreach((json_t *)errors, field, message)
		if (!is_applicant_field(field))
			json_object_set(listing_errors, field, message);
	page = cx->post ? editform_values_from_form(NULL, cx->params, listing_errors, &cx->vl) :
	    editform_values(NULL, NULL, &cx->vl);
	json_decref(listing_errors);
	summary = json_object_get(page, "errors");
	if (page == NULL || !json_is_array(summary) ||
	    (mine = applicant_values(cx, errors, summary)) == NULL) {
		json_decref(page);
		return NULL;
	}
	json_object_set_new(page, "applicant", mine);
	json_object_set(page, "problems", summary);
	json_object_del(page, "errors");
	return page;
}

/* The form's problems: those of the applicant's fields, the listing's (editform) and the
** rule for service providers. New object, empty when there are none; *record is then
** the record to store. NULL on OOM. */
static json_t *
endorse_form_check(struct route_ctx *cx, const struct applicant *a, const char *today,
    json_t **record)
{
	json_t *errors = json_object(), *listing_errors = NULL;

	if (errors == NULL)
		return NULL;
	applicant_check(a, errors);
	commitments_check(cx->params, errors);
	if (editform_apply(NULL, cx->params, today, catalog_ui_code(cx->vl.ui), record,
	    &listing_errors) != 0) {
		*record = NULL;
		if (listing_errors == NULL) {
			json_decref(errors);
			return NULL;
		}
		json_object_update_missing(errors, listing_errors);
		json_decref(listing_errors);
	}
	if (json_object_size(errors) == 0 && date_application(record, today) != 0)
		add_problem(errors, "form", "The listing could not be checked.");
	if (json_object_size(errors) > 0) {
		json_decref(*record);
		*record = NULL;
	}
	return errors;
}

/* An application sent with the form: stored, or the form shown again with its problems. */
static int
endorse_submit(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct applicant a = { route_param(cx, "contact_name"), route_param(cx, "contact_email"),
	    route_param(cx, "contact_phone"), unix_newlines(route_param(cx, "message")) };
	json_t *errors = NULL, *record = NULL;
	char today[11];
	int rc = 0;

	route_today(cx, today);
	if ((route_param(cx, "message") != NULL && a.message == NULL) ||
	    (errors = endorse_form_check(cx, &a, today, &record)) == NULL) {
		api_error_set(err, 500, "internal", "out of memory");
		rc = -1;
	} else if (json_object_size(errors) > 0) {
		cx->status = 400;
		*value = endorse_form(cx, errors);
	} else if ((rc = store_application(cx, record, &a, today, err)) == 0) {
		rc = route_redirect(cx, "/endorse?done=1");
	}
	json_decref(errors);
	json_decref(record);
	free(a.message);
	return rc;
}

static int
handle_endorse(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	if (cx->post)
		return endorse_submit(cx, value, err);
	if (route_param(cx, "done") != NULL)
		*value = json_pack("{sb}", "done", 1);
	else
		*value = endorse_form(cx, NULL);
	return 0;
}

/* ---- endorsing, as JSON --------------------------------------------------------------- */

/* 0 if every key of obj is one of allowed (NULL-terminated); else -1 with err naming
** the key as where + key. */
static int
check_keys(const json_t *obj, const char *const *allowed, const char *where,
    struct api_error *err)
{
	const char *key;
	char param[120];
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], key) != 0; i++)
			;
		if (allowed[i] == NULL) {
			snprintf(param, sizeof param, "%s%.40s", where, key);
			bad_input(err, param, "unknown parameter \"%s\"", param);
			err->code = "unknown_parameter";
			return -1;
		}
	}
	return 0;
}

/* The string at key of obj into *out (NULL when absent or null). 0, or -1 with err. */
static int
optional_string(const json_t *obj, const char *key, const char *param, const char **out,
    struct api_error *err)
{
	const json_t *v = json_object_get(obj, key);

	*out = json_string_value(v);
	if (v == NULL || json_is_null(v) || json_is_string(v))
		return 0;
	bad_input(err, param, "%s must be a string", param);
	return -1;
}

/* The applicant of a JSON application (a->message is owned). 0, or -1 with err about
** the first problem. */
static int
applicant_from_json(const json_t *body, struct applicant *a, struct api_error *err)
{
	static const char *const contact_keys[] = { "name", "email", "phone", NULL };
	const json_t *contact = json_object_get(body, "contact");
	const char *message;
	json_t *errors;
	size_t i;

	if (!json_is_object(contact)) {
		bad_input(err, "contact", "contact must be an object {\"name\", \"email\", \"phone\"}");
		return -1;
	}
	if (check_keys(contact, contact_keys, "contact.", err) != 0 ||
	    optional_string(contact, "name", "contact.name", &a->name, err) != 0 ||
	    optional_string(contact, "email", "contact.email", &a->email, err) != 0 ||
	    optional_string(contact, "phone", "contact.phone", &a->phone, err) != 0 ||
	    optional_string(body, "message", "message", &message, err) != 0)
		return -1;
	a->message = unix_newlines(message);
	if ((errors = json_object()) == NULL || (message != NULL && a->message == NULL)) {
		json_decref(errors);
		api_error_set(err, 500, "internal", "out of memory");
		return -1;
	}
	applicant_check(a, errors);
	for (i = 0; i < sizeof applicant_fields / sizeof applicant_fields[0]; i++)
		if (json_object_get(errors, applicant_fields[i].field) != NULL) {
			bad_input(err, applicant_fields[i].api, "%s: %s", applicant_fields[i].api,
			    json_string_value(json_object_get(errors, applicant_fields[i].field)));
			break;
		}
	json_decref(errors);
	return err->status != 0 ? -1 : 0;
}

/* Commitments given without a date are held from today. */
static void
date_commitments(json_t *org, const char *today)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(org, "commitments"), i, c)
		if (json_is_object(c) && json_object_get(c, "id") != NULL &&
		    (json_object_get(c, "since") == NULL || json_is_null(json_object_get(c, "since"))))
			json_object_set_new(c, "since", json_string(today));
}

/* The services and locations of a new organization get new ids (0); one given is
** refused (-1 with err): it could be another organization's. */
static int
new_item_ids(json_t *org, struct api_error *err)
{
	static const char *const lists[] = { "services", "locations", NULL };
	char uuid[37], param[80];
	json_t *item;
	size_t i, n;

	for (i = 0; lists[i] != NULL; i++)
		json_array_foreach(json_object_get(org, lists[i]), n, item) {
			if (!json_is_object(item))
				continue;
			if (json_object_get(item, "id") != NULL) {
				snprintf(param, sizeof param, "organization.%s[%zu].id", lists[i], n);
				bad_input(err, param, "%s is set by the directory: leave it out", param);
				return -1;
			}
			auth_uuid_new(uuid);
			json_object_set_new(item, "id", json_string(uuid));
		}
	return 0;
}

/* record_check's "path: problem" as an error naming organization.path. */
static void
record_error(struct api_error *err, const char *problem)
{
	const char *colon = strstr(problem, ": ");
	char param[120];

	snprintf(param, sizeof param, "organization.%.*s",
	    (int)(colon != NULL ? (size_t)(colon - problem) : strlen(problem)), problem);
	bad_input(err, param, "organization.%s", problem);
}

/* The organization given, with a new id, pending, not a demonstration, dated today,
** checked. 0 and *record, or -1 with err. */
static int
record_from_json(const json_t *body, const char *today, json_t **record, struct api_error *err)
{
	static const char *const set_here[] = { "id", "verification", "demo", NULL };
	const json_t *given = json_object_get(body, "organization");
	json_t *org, *ids;
	char uuid[37], msg[300];
	size_t i;
	int rc;

	if (!json_is_object(given)) {
		bad_input(err, "organization", "organization must be an object: the organization's "
		    "record (docs/DATA-FORMAT.md) without id, verification and demo");
		return -1;
	}
	for (i = 0; set_here[i] != NULL; i++)
		if (json_object_get(given, set_here[i]) != NULL) {
			snprintf(msg, sizeof msg, "organization.%s", set_here[i]);
			bad_input(err, msg, "%s is set by the directory: leave it out", msg);
			return -1;
		}
	if ((org = json_deep_copy(given)) == NULL)
		return api_error_set(err, 500, "internal", "out of memory"), -1;
	auth_uuid_new(uuid);
	json_object_set_new(org, "id", json_string(uuid));
	json_object_set_new(org, "verification", json_pack("{sssnsn}", "state", "pending",
	    "verified_on", "verified_by"));
	json_object_set_new(org, "demo", json_false());
	if (json_object_get(org, "endorsed_on") == NULL || json_is_null(json_object_get(org, "endorsed_on")))
		json_object_set_new(org, "endorsed_on", json_string(today));
	json_object_set_new(org, "updated_on", json_string(today));
	date_commitments(org, today);
	if (new_item_ids(org, err) != 0) {
		json_decref(org);
		return -1;
	}
	rc = record_check(org, today, record, msg, sizeof msg);
	json_decref(org);
	if (rc != 0) {
		record_error(err, msg);
		return -1;
	}
	ids = commitment_ids(*record);
	rc = json_is_true(json_object_get(*record, "provides_services")) && !holds_every_commitment(ids);
	json_decref(ids);
	if (rc) {
		json_decref(*record);
		*record = NULL;
		bad_input(err, "organization.commitments", "organization.commitments: %s", provider_problem);
		return -1;
	}
	return 0;
}

static int
handle_endorsement_api(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	static const char *const body_keys[] = { "organization", "contact", "message", "lang", NULL };
	struct applicant a = { NULL, NULL, NULL, NULL };
	json_t *record = NULL;
	char today[11];
	int rc = -1;

	if (!cx->post)
		return post_only(cx, err);
	route_today(cx, today);
	if (check_keys(cx->params, body_keys, "", err) == 0 &&
	    record_from_json(cx->params, today, &record, err) == 0 &&
	    applicant_from_json(cx->params, &a, err) == 0 &&
	    store_application(cx, record, &a, today, err) == 0) {
		*value = json_pack("{sOssss}", "id", json_object_get(record, "id"),
		    "state", "pending", "next", endorse_next);
		cx->status = 201;
		rc = 0;
	}
	json_decref(record);
	free(a.message);
	return rc;
}

/* ---- reports ------------------------------------------------------------------------ */

static const char *const report_kinds[] = {
	"status-asked", "status-fee", "refused", "wrong-info", "other", NULL,
};

/* What a visitor reports; details is owned (line breaks made "\n"). */
struct report {
	const char *kind;
	char       *details;
};

/* The public (verified) organization with the path's id: 1 with *org_id and *name (new
** reference), 0 with a 404 error when there is none, -1 with a 500 error. */
static int
public_org(struct route_ctx *cx, long *org_id, json_t **name, struct api_error *err)
{
	sqlite3_stmt *stmt;
	char msg[200];
	int rc;

	if ((stmt = dbconn_stmt(cx->db, sql_public_org, msg, sizeof msg)) == NULL) {
		api_error_set(err, 500, "internal", "the organization could not be read");
		return -1;
	}
	sqlite3_bind_text(stmt, 1, cx->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*org_id = (long)sqlite3_column_int64(stmt, 0);
		*name = json_string((const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW && *name != NULL)
		return 1;
	if (rc == SQLITE_DONE)
		api_error_set(err, 404, "not_found", "no listed organization has this id");
	else
		api_error_set(err, 500, "internal", "the organization could not be read");
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
report_kind_known(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && report_kinds[i] != NULL; i++)
		if (strcmp(report_kinds[i], kind) == 0)
			return 1;
	return 0;
}

/* Every problem of a report, as field -> message, into errors. */
static void
report_check(const struct report *r, json_t *errors)
{
	if (!report_kind_known(r->kind))
		add_problem(errors, "kind", "Choose what happened.");
	if (blank(r->details))
		add_problem(errors, "details", "Describe what happened.");
	add_problem(errors, "details", text_problem(r->details, DETAILS_MAX, 1, 1,
	    "This text is too long: at most 2000 characters."));
}

/* Store a report within the hourly caps. 0 stored, 1 over a cap (nothing stored), -1
** with err (404 when the listing stopped being public). */
static int
report_store(struct route_ctx *cx, long org_id, const struct report *r,
    struct api_error *err)
{
	time_t now = server_now(cx->srv);
	struct dbconn *w;
	sqlite3_stmt *stmt;
	char today[11], msg[200];
	int rc = -1, changed = 0;

	if (report_limit_take(&cx->srv->reports, org_id, now) != 0)
		return 1;
	route_today(cx, today);
	if ((w = route_write_begin(cx, err)) == NULL) {
		report_limit_return(&cx->srv->reports, org_id, now);
		return -1;
	}
	if ((stmt = dbconn_stmt(w, sql_report, msg, sizeof msg)) != NULL) {
		sqlite3_bind_int64(stmt, 1, org_id);
		sqlite3_bind_text(stmt, 2, r->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, r->details, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, today, -1, SQLITE_STATIC);
		if (db_step_done(w, stmt, "storing a report", msg, sizeof msg) == 0) {
			changed = sqlite3_changes(w->db);
			rc = 0;
		}
	}
	if (route_write_end(cx, rc == 0 && changed == 1, err) != 0)
		rc = -1;
	else if (rc == 0 && changed != 1)
		rc = -1, api_error_set(err, 404, "not_found", "no listed organization has this id");
	else if (rc != 0)
		api_error_set(err, 500, "internal", "the report could not be saved");
	if (rc != 0)
		report_limit_return(&cx->srv->reports, org_id, now);
	return rc;
}

/* The report form, blank or as sent with its problems (errors may be NULL) in the
** interface's words, or the page after it was sent. NULL on OOM. */
static json_t *
report_page(struct route_ctx *cx, json_t *name, const struct report *r, const json_t *errors,
    int over_cap)
{
	static const char *const fields[] = { "kind", "details", NULL };
	json_t *page = json_pack("{s{sssO}sbsbs{}sss{}s[]}", "organization", "id", cx->id,
	    "name", name, "done", !cx->post && route_param(cx, "done") != NULL,
	    "over_cap", over_cap, "checked", "details",
	    r != NULL && r->details != NULL ? r->details : "", "errors", "problems");
	const char *problem;
	size_t i;

	if (page != NULL && r != NULL && report_kind_known(r->kind))
		json_object_set_new(json_object_get(page, "checked"), r->kind, json_true());
	for (i = 0; page != NULL && fields[i] != NULL; i++) {
		if ((problem = json_string_value(json_object_get(errors, fields[i]))) == NULL)
			continue;
		json_object_set_new(json_object_get(page, "errors"), fields[i],
		    json_string(tr(cx, problem)));
		json_array_append_new(json_object_get(page, "problems"), json_pack("{ssss}",
		    "field", fields[i], "message", tr(cx, problem)));
	}
	return page;
}

/* A report sent with the form: checked, then stored unless the hidden field was filled
** (answered as if it were). */
static int
report_from_form(struct route_ctx *cx, long org_id, json_t *name, json_t **value,
    struct api_error *err)
{
	struct report r = { route_param(cx, "kind"), unix_newlines(route_param(cx, "details")) };
	json_t *errors = json_object();
	int rc = 0, stored = 0;

	if (errors == NULL || (route_param(cx, "details") != NULL && r.details == NULL)) {
		api_error_set(err, 500, "internal", "out of memory");
		rc = -1;
		goto done;
	}
	report_check(&r, errors);
	if (json_object_size(errors) > 0) {
		cx->status = 400;
		*value = report_page(cx, name, &r, errors, 0);
		goto done;
	}
	if (blank(route_param(cx, HONEYPOT_FIELD)) &&
	    (stored = report_store(cx, org_id, &r, err)) != 0) {
		if (stored < 0) {
			rc = -1;
			goto done;
		}
		cx->status = 429;
		*value = report_page(cx, name, &r, NULL, 1);
		goto done;
	}
	rc = route_redirect(cx, "/organizations/%s/report?done=1", cx->id);
done:
	json_decref(errors);
	free(r.details);
	return rc;
}

static int
handle_report(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	json_t *name = NULL;
	long org_id = 0;
	int rc;

	if (public_org(cx, &org_id, &name, err) != 1)
		return -1;
	if (cx->post)
		rc = report_from_form(cx, org_id, name, value, err);
	else
		rc = (*value = report_page(cx, name, NULL, NULL, 0), 0);
	json_decref(name);
	return rc;
}

static int
handle_report_api(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct report r = { route_param(cx, "kind"), unix_newlines(route_param(cx, "details")) };
	json_t *name = NULL, *errors = json_object();
	long org_id = 0;
	int rc = -1, stored;

	if (!cx->post)
		rc = post_only(cx, err);
	else if (errors == NULL || (route_param(cx, "details") != NULL && r.details == NULL))
		api_error_set(err, 500, "internal", "out of memory");
	else if (public_org(cx, &org_id, &name, err) == 1) {
		report_check(&r, errors);
		if (json_object_get(errors, "kind") != NULL)
			bad_input(err, "kind", "kind must be one of status-asked, status-fee, refused, "
			    "wrong-info, other");
		else if (json_object_get(errors, "details") != NULL)
			bad_input(err, "details", "details: %s",
			    json_string_value(json_object_get(errors, "details")));
		else if ((stored = report_store(cx, org_id, &r, err)) == 1)
			api_error_set(err, 429, "too_many_reports", "many reports were sent in the "
			    "last hour: try again later");
		else if (stored == 0) {
			*value = json_pack("{sb}", "received", 1);
			cx->status = 201;
			rc = 0;
		}
	}
	json_decref(name);
	json_decref(errors);
	free(r.details);
	return rc;
}

static const char *const report_api_params[] = { "kind", "details", "lang", NULL };

static const struct route forms_routes[] = {
	{ "/endorse", 0, NULL, ROUTE_PUBLIC_FORM, 0, 1, handle_endorse, "endorse.html", NULL },
	{ "/api/v1/endorsements", 0, NULL, ROUTE_API_WRITE, 1, 1, handle_endorsement_api, NULL, NULL },
	{ "/organizations/", 1, "/report", ROUTE_PUBLIC_FORM, 0, 1, handle_report, "report.html", NULL },
	{ "/api/v1/organizations/", 1, "/reports", ROUTE_API_WRITE, 1, 1, handle_report_api, NULL,
	    report_api_params },
};

const struct route_table routes_forms = { forms_routes,
    sizeof forms_routes / sizeof forms_routes[0] };
