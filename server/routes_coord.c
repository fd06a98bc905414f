/*
** routes_coord.c - the coordinators' area: the queue of applications (approve, reject),
** every organization (suspend, reinstate, invite editors, restore an earlier revision),
** listings not updated for 12 months, and reports. Every route is ROUTE_COORDINATOR, so
** dispatch.c has already checked the session and the role, and for a POST the origin and
** the form token. Pages read with the request's read-only connection; each action is one
** write transaction, and every change of a listing goes through revision_save. After an
** action the browser is sent back with ?done=WHAT, so a reload repeats nothing; only a
** new invitation link is shown as the answer to the POST itself, since it exists once.
** The SQL lives in coordstore.c.
*/
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "coordstore.h"
#include "pages.h"
#include "publish.h"
#include "record.h"
#include "revision.h"
#include "routes.h"
#include "utf8.h"
#include "validate.h"

#define COORD_TEXT_CHARS 1000    /* characters of a rejection's reason or a closing note */
#define COORD_QUERY_MAX  200     /* bytes of the name filter */
#define COORD_PAGE_MAX   100000  /* highest page number of a list */

/* ---- answers shared by the handlers ------------------------------------------------ */

static int
internal(struct api_error *err, const char *what)
{
	api_error_set(err, 500, "internal", "%s failed", what);
	return -1;
}

static int
bad_parameter(struct api_error *err, const char *param, const char *message)
{
	api_error_set(err, 400, "bad_parameter", "%s", message);
	err->param = param;
	return -1;
}

static int
unknown_action(struct api_error *err)
{
	return bad_parameter(err, "action", "this form asks for an action this page does not know");
}

/* {"WORD": true} for the ?done= word of a known action, shown as a notice; else null. */
static json_t *
done_flags(const struct route_ctx *cx)
{
	static const char *const known[] = { "rejected", "suspended", "reinstated", "reverted",
	    "closed", NULL };
	const char *done = cx->post ? NULL : route_param(cx, "done");
	size_t i;

	for (i = 0; done != NULL && known[i] != NULL; i++)
		if (strcmp(done, known[i]) == 0)
			return json_pack("{sb}", known[i], 1);
	return json_null();
}

/* {"pending"|"verified"|"suspended"|report kind: true}: templates cannot compare. */
static json_t *
flag(const char *word)
{
	return word != NULL ? json_pack("{sb}", word, 1) : json_object();
}

/* Give every row of list "is" (flags of its "state") and, for reports, "kind_is". */
static json_t *
add_flags(json_t *list)
{
	json_t *row;
	size_t i;

	json_array_foreach(list, i, row) {
		if (json_object_get(row, "state") != NULL)
			json_object_set_new(row, "is", flag(json_string_value(json_object_get(row, "state"))));
		if (json_object_get(row, "kind") != NULL)
			json_object_set_new(row, "kind_is", flag(json_string_value(json_object_get(row, "kind"))));
	}
	return list;
}

/* 1 when text is 1..max_chars characters a person typed (newlines allowed), not only
** spaces. */
static int
text_ok(const char *text, size_t max_chars)
{
	size_t len = text != NULL ? strlen(text) : 0, i, n, chars = 0;
	uint32_t cp;
	int visible = 0;

	if (!valid_text(text, len, max_chars * 4, 1))
		return 0;
	for (i = 0; i < len; i += n, chars++) {
		if ((n = utf8_decode((const unsigned char *)text + i, len - i, &cp)) == 0)
			return 0;
		visible |= cp != ' ' && cp != '\n' && cp != '\r' && cp != '\t';
	}
	return visible && chars <= max_chars;
}

/* The form problem a page shows next to the field: {"message", "field"}. */
static json_t *
problem_value(const struct api_error *problem)
{
	return json_pack("{ssss?}", "message", problem->message, "field", problem->param);
}

/* ---- lists in pages ---------------------------------------------------------------- */

/* The list page ?page= asks for. 0, or -1 with a 400 error. */
static int
page_param(const struct route_ctx *cx, struct coord_page *pg, struct api_error *err)
{
	const char *given = route_param(cx, "page");
	long n = 1;

	if (given != NULL && given[0] != '\0' && !valid_long(given, 1, COORD_PAGE_MAX, &n))
		return bad_parameter(err, "page", "page must be a whole number from 1 to 100000");
	pg->limit = COORD_PAGE_SIZE;
	pg->offset = (n - 1) * COORD_PAGE_SIZE;
	pg->total = 0;
	return 0;
}

/* The address of page n of this list, keeping the other arguments of the address. */
static json_t *
list_page_link(const struct route_ctx *cx, long n)
{
	char number[24];

	snprintf(number, sizeof number, "%ld", n);
	return page_address_with(cx->path, cx->rq->query, "page", number);
}

/* What pager.html shows: page_number, total_pages, links.prev/next; and total. */
static void
add_pager(const struct route_ctx *cx, json_t *value, const struct coord_page *pg)
{
	long page = pg->offset / pg->limit + 1;
	long pages = pg->total > 0 ? (pg->total + pg->limit - 1) / pg->limit : 1;

	json_object_set_new(value, "total", json_integer(pg->total));
	json_object_set_new(value, "page_number", json_integer(page));
	json_object_set_new(value, "total_pages", json_integer(pages));
	json_object_set_new(value, "paged", json_boolean(pages > 1 || page > 1));
	json_object_set_new(value, "links", json_pack("{s:o*,s:o*}",
	    "prev", page > 1 ? list_page_link(cx, page - 1 > pages ? pages : page - 1) : NULL,
	    "next", page < pages ? list_page_link(cx, page + 1) : NULL));
}

/* ---- records ------------------------------------------------------------------------ */

/* The organization of the address, read with c. 0, or -1 with 404 or 500. */
static int
load_org(const struct route_ctx *cx, struct dbconn *c, json_t **record, long *org_id,
    struct api_error *err)
{
	char msg[200];
	int found = revision_current(c, cx->id, record, org_id, msg, sizeof msg);

	if (found < 0)
		return internal(err, "reading the organization");
	if (found == 0) {
		api_error_set(err, 404, "not_found", "no organization has this id");
		return -1;
	}
	return 0;
}

static const char *
record_state(const json_t *record)
{
	const char *state = json_string_value(json_object_get(json_object_get(record,
	    "verification"), "state"));

	return state != NULL ? state : "";
}

/* Check record and store it as a new revision made by this coordinator doing action.
** 0, or -1 with err (409 when the checker refuses the record). */
static int
save_record(struct route_ctx *cx, struct dbconn *w, const json_t *record, const char *action,
    struct api_error *err)
{
	char today[11], author[120], msg[300];
	json_t *canonical = NULL;
	int rc;

	route_today(cx, today);
	if (record_check(record, today, &canonical, msg, sizeof msg) != 0) {
		api_error_set(err, 409, "invalid_record", "the listing cannot be saved so: %s", msg);
		return -1;
	}
	route_author(cx, author, sizeof author);
	rc = revision_save(w, &cx->srv->places, canonical, author, action, server_now(cx->srv),
	    NULL, msg, sizeof msg);
	json_decref(canonical);
	return rc == 0 ? 0 : internal(err, "saving the listing");
}

/* Run fn in one write transaction: committed when it returns 0, else rolled back. */
typedef int (*write_fn)(struct route_ctx *cx, struct dbconn *w, void *arg, struct api_error *err);

static int
in_transaction(struct route_ctx *cx, write_fn fn, void *arg, struct api_error *err)
{
	struct dbconn *w = route_write_begin(cx, err);
	int rc;

	if (w == NULL)
		return -1;
	rc = fn(cx, w, arg, err);
	if (route_write_end(cx, rc == 0, err) != 0)
		return -1;
	return rc;
}

/* The one-time invitation link to show once: {"link", "days"}. */
static json_t *
invitation_value(const struct route_ctx *cx, const char *token)
{
	char base[300];

	route_public_base(cx, base, sizeof base);
	return json_pack("{s:o,s:i}", "link", json_sprintf("%s/account/welcome?token=%s", base, token),
	    "days", ACCOUNT_INVITE_SECONDS / (24 * 60 * 60));
}

/* ---- the dashboard ------------------------------------------------------------------- */

static int
handle_home(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	char today[11], cutoff[11], msg[200];
	long open_reports = 0, stale = 0;
	json_t *applications;

	route_today(cx, today);
	coord_stale_cutoff(today, cutoff);
	if (coord_counts(cx->db, cutoff, &open_reports, &stale, msg, sizeof msg) != 0 ||
	    (applications = coord_pending_applications(cx->db, msg, sizeof msg)) == NULL)
		return internal(err, "reading the queue");
	*value = json_pack("{s:o,s:I,s:I,s:b}", "applications", applications,
	    "open_reports", (json_int_t)open_reports, "stale", (json_int_t)stale,
	    "welcome", route_param(cx, "welcome") != NULL && !cx->post);
	return 0;
}

/* ---- an application ------------------------------------------------------------------ */

/* The application of org_id, undecided. 0, or -1 with 404, 409 or 500. */
static int
undecided_application(struct dbconn *c, long org_id, struct api_error *err)
{
	json_t *app = NULL;
	char msg[200];
	int found = coord_application(c, org_id, &app, msg, sizeof msg), rc = 0;

	if (found < 0)
		return internal(err, "reading the application");
	if (found == 0) {
		api_error_set(err, 404, "not_found", "this organization has not applied");
		rc = -1;
	} else if (!json_is_null(json_object_get(app, "decision"))) {
		api_error_set(err, 409, "already_decided", "this application was already %s",
		    json_string_value(json_object_get(app, "decision")));
		rc = -1;
	}
	json_decref(app);
	return rc;
}

/* The application's page: the contact, the message, the decision if any, and the
** proposed listing as the public would see it; problem (a form error) and invitation
** (the link of the approval just made) may be NULL. */
static int
application_page(struct route_ctx *cx, json_t **value, const struct api_error *problem,
    json_t *invitation, struct api_error *err)
{
	json_t *record = NULL, *app = NULL, *view;
	char msg[200];
	long org_id;
	int found;

	if (load_org(cx, cx->db, &record, &org_id, err) != 0)
		goto fail;
	if ((found = coord_application(cx->db, org_id, &app, msg, sizeof msg)) <= 0) {
		if (found < 0)
			internal(err, "reading the application");
		else
			api_error_set(err, 404, "not_found", "this organization has not applied");
		goto fail;
	}
	json_object_set_new(app, "decision_is",
	    flag(json_string_value(json_object_get(app, "decision"))));
	view = publish_view(record);
	*value = json_pack("{s:s,s:O,s:o,s:o,s:b,s:o,s:o,s:o*,s:o*,s:s}",
	    "id", cx->id, "name", json_object_get(record, "name"),
	    "is", flag(record_state(record)), "application", app,
	    "undecided", json_is_null(json_object_get(app, "decision")),
	    "listing", view != NULL ? view_detail(view, &cx->vl) : NULL,
	    "done", done_flags(cx), "invitation", invitation,
	    "error", problem != NULL ? problem_value(problem) : NULL,
	    "reason", problem != NULL && route_param(cx, "reason") != NULL ?
	    route_param(cx, "reason") : "");
	json_decref(view);
	json_decref(record);
	if (problem != NULL)
		cx->status = problem->status;
	return 0;
fail:
	json_decref(invitation);
	json_decref(record);
	return -1;
}

/* Approve: the listing becomes verified and public, and editors get an invitation. */
static int
approve_in(struct route_ctx *cx, struct dbconn *w, void *token, struct api_error *err)
{
	char today[11], author[120], msg[200];
	json_t *record = NULL;
	long org_id;
	int rc = -1;

	route_today(cx, today);
	route_author(cx, author, sizeof author);
	if (load_org(cx, w, &record, &org_id, err) != 0 || undecided_application(w, org_id, err) != 0)
		goto done;
	if (strcmp(record_state(record), "pending") != 0) {
		api_error_set(err, 409, "wrong_state", "this organization is no longer pending");
		goto done;
	}
	json_object_set_new(record, "verification", json_pack("{ssssss}", "state", "verified",
	    "verified_on", today, "verified_by", author));
	json_object_set_new(record, "updated_on", json_string(today));
	if (save_record(cx, w, record, "approved", err) != 0)
		goto done;
	if (coord_application_decide(w, org_id, today, "approved", NULL, msg, sizeof msg) != 1) {
		internal(err, "recording the decision");
		goto done;
	}
	rc = account_invite(w, org_id, server_now(cx->srv), token, err);
done:
	json_decref(record);
	return rc;
}

static int
reject_in(struct route_ctx *cx, struct dbconn *w, void *reason, struct api_error *err)
{
	char today[11], msg[200];
	json_t *record = NULL;
	long org_id;
	int rc = -1;

	route_today(cx, today);
	if (load_org(cx, w, &record, &org_id, err) == 0 && undecided_application(w, org_id, err) == 0)
		rc = coord_application_decide(w, org_id, today, "rejected", reason, msg, sizeof msg) == 1 ?
		    0 : internal(err, "recording the decision");
	json_decref(record);
	return rc;
}

static int
reject(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *reason = route_param(cx, "reason");
	struct api_error problem = { 0 };

	if (!text_ok(reason, COORD_TEXT_CHARS)) {
		api_error_set(&problem, 400, "bad_reason",
		    "say why the application is rejected, in 1 to %d characters", COORD_TEXT_CHARS);
		problem.param = "reason";
		return application_page(cx, value, &problem, NULL, err);
	}
	if (in_transaction(cx, reject_in, (void *)reason, err) != 0)
		return -1;
	return route_redirect(cx, "/coordinate/applications/%s?done=rejected", cx->id);
}

static int
handle_application(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *action = route_param(cx, "action");
	char token[AUTH_TOKEN_CHARS + 1];

	if (!cx->post)
		return application_page(cx, value, NULL, NULL, err);
	if (action != NULL && strcmp(action, "approve") == 0) {
		if (in_transaction(cx, approve_in, token, err) != 0)
			return -1;
		return application_page(cx, value, NULL, invitation_value(cx, token), err);
	}
	if (action != NULL && strcmp(action, "reject") == 0)
		return reject(cx, value, err);
	return unknown_action(err);
}

/* ---- one organization ---------------------------------------------------------------- */

/* The revisions, newest first, the newest marked "current" (it has nothing to restore). */
static json_t *
revisions_value(struct dbconn *c, long org_id)
{
	char msg[200];
	json_t *list = revision_list(c, org_id, msg, sizeof msg);

	if (json_array_size(list) > 0)
		json_object_set_new(json_array_get(list, 0), "current", json_true());
	return list;
}

/* "YYYY-MM-DD HH:MM" in the directory's time, for when an invitation expires. */
static json_t *
local_moment(time_t t)
{
	struct local_time lt;

	zone_local_time(t, &lt);
	return json_sprintf("%04d-%02d-%02d %02d:%02d", lt.year, lt.month, lt.day,
	    lt.minute / 60, lt.minute % 60);
}

/* What the page shows besides the record: editors, the live invitation, reports,
** revisions, whether the organization applied. 0, or -1 with a 500 error. */
static int
add_related(struct route_ctx *cx, json_t *value, long org_id, struct api_error *err)
{
	json_t *editors, *reports, *revisions, *app = NULL;
	time_t expires = 0;
	char msg[200];
	int live, applied;

	editors = coord_editors(cx->db, org_id, msg, sizeof msg);
	reports = coord_org_reports(cx->db, org_id, msg, sizeof msg);
	revisions = revisions_value(cx->db, org_id);
	live = coord_invitation_expiry(cx->db, org_id, server_now(cx->srv), &expires, msg, sizeof msg);
	applied = coord_application(cx->db, org_id, &app, msg, sizeof msg);
	json_decref(app);
	json_object_set_new(value, "editors", editors);
	json_object_set_new(value, "reports", add_flags(reports));
	json_object_set_new(value, "revisions", revisions);
	json_object_set_new(value, "invitation_expires", live == 1 ? local_moment(expires) : json_null());
	json_object_set_new(value, "applied", json_boolean(applied == 1));
	if (editors == NULL || reports == NULL || revisions == NULL || live < 0 || applied < 0)
		return internal(err, "reading the organization's history");
	return 0;
}

/* The organization's page; invitation (a link just made) may be NULL. */
static int
org_page(struct route_ctx *cx, json_t **value, json_t *invitation, struct api_error *err)
{
	json_t *record = NULL;
	const char *state, *updated_on;
	char today[11], cutoff[11];
	long org_id;

	if (load_org(cx, cx->db, &record, &org_id, err) != 0) {
		json_decref(invitation);
		return -1;
	}
	route_today(cx, today);
	coord_stale_cutoff(today, cutoff);
	state = record_state(record);
	updated_on = json_string_value(json_object_get(record, "updated_on"));
	*value = json_pack("{s:s,s:O,s:s,s:o,s:O,s:O,s:b,s:b,s:b,s:b,s:o,s:o*}",
	    "id", cx->id, "name", json_object_get(record, "name"), "state", state,
	    "is", flag(state), "verification", json_object_get(record, "verification"),
	    "updated_on", json_object_get(record, "updated_on"),
	    "stale", updated_on != NULL && strcmp(updated_on, cutoff) <= 0,
	    "can_suspend", strcmp(state, "verified") == 0,
	    "can_reinstate", strcmp(state, "suspended") == 0,
	    "can_invite", strcmp(state, "verified") == 0,
	    "done", done_flags(cx), "invitation", invitation);
	json_decref(record);
	if (*value == NULL)
		return 0;
	return add_related(cx, *value, org_id, err);
}

struct state_change {
	const char *action;   /* the form's action */
	const char *from;     /* the state it applies to */
	const char *to;       /* the state it leaves */
	const char *done;     /* the revision's action, and ?done= */
};

static const struct state_change state_changes[] = {
	{ "suspend",   "verified",  "suspended", "suspended" },
	{ "reinstate", "suspended", "verified",  "reinstated" },
};

static int
change_state_in(struct route_ctx *cx, struct dbconn *w, void *arg, struct api_error *err)
{
	const struct state_change *sc = arg;
	json_t *record = NULL;
	long org_id;
	int rc = -1;

	if (load_org(cx, w, &record, &org_id, err) != 0)
		goto done;
	if (strcmp(record_state(record), sc->from) != 0) {
		api_error_set(err, 409, "wrong_state", "only a %s organization can be %s; this one is %s",
		    sc->from, sc->done, record_state(record));
		goto done;
	}
	json_object_set_new(json_object_get(record, "verification"), "state", json_string(sc->to));
	rc = save_record(cx, w, record, sc->done, err);
done:
	json_decref(record);
	return rc;
}

static int
invite_in(struct route_ctx *cx, struct dbconn *w, void *token, struct api_error *err)
{
	json_t *record = NULL;
	long org_id;
	int rc = -1;

	if (load_org(cx, w, &record, &org_id, err) != 0)
		goto done;
	if (strcmp(record_state(record), "verified") != 0)
		api_error_set(err, 409, "wrong_state",
		    "editors can be invited only for a verified organization; this one is %s",
		    record_state(record));
	else
		rc = account_invite(w, org_id, server_now(cx->srv), token, err);
done:
	json_decref(record);
	return rc;
}

/* Restore the content of an earlier revision; the verification stays as it is now. */
static int
revert_in(struct route_ctx *cx, struct dbconn *w, void *arg, struct api_error *err)
{
	long revision = *(const long *)arg, org_id;
	json_t *current = NULL, *old = NULL;
	char today[11], action[64], msg[200];
	int found, rc = -1;

	if (load_org(cx, w, &current, &org_id, err) != 0)
		goto done;
	if ((found = revision_record(w, org_id, revision, &old, msg, sizeof msg)) <= 0) {
		if (found < 0)
			internal(err, "reading the revision");
		else
			api_error_set(err, 404, "not_found", "this listing has no revision %ld", revision);
		goto done;
	}
	route_today(cx, today);
	json_object_set(old, "verification", json_object_get(current, "verification"));
	json_object_set_new(old, "updated_on", json_string(today));
	snprintf(action, sizeof action, "reverted to revision %ld", revision);
	rc = save_record(cx, w, old, action, err);
done:
	json_decref(current);
	json_decref(old);
	return rc;
}

static int
org_action(struct route_ctx *cx, const char *action, json_t **value, struct api_error *err)
{
	char token[AUTH_TOKEN_CHARS + 1];
	long revision;
	size_t i;

	if (strcmp(action, "invite") == 0) {
		if (in_transaction(cx, invite_in, token, err) != 0)
			return -1;
		return org_page(cx, value, invitation_value(cx, token), err);
	}
	if (strcmp(action, "revert") == 0) {
		if (route_param(cx, "revision") == NULL ||
		    !valid_long(route_param(cx, "revision"), 1, LONG_MAX, &revision))
			return bad_parameter(err, "revision", "choose the revision to restore");
		if (in_transaction(cx, revert_in, &revision, err) != 0)
			return -1;
		return route_redirect(cx, "/coordinate/organizations/%s?done=reverted", cx->id);
	}
	for (i = 0; i < sizeof state_changes / sizeof state_changes[0]; i++)
		if (strcmp(action, state_changes[i].action) == 0) {
			if (in_transaction(cx, change_state_in, (void *)&state_changes[i], err) != 0)
				return -1;
			return route_redirect(cx, "/coordinate/organizations/%s?done=%s", cx->id,
			    state_changes[i].done);
		}
	return unknown_action(err);
}

static int
handle_organization(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *action = route_param(cx, "action");

	if (!cx->post)
		return org_page(cx, value, NULL, err);
	return action != NULL ? org_action(cx, action, value, err) : unknown_action(err);
}

/* ---- lists of organizations ----------------------------------------------------------- */

/* ?state=: NULL for every state. 0, or -1 with a 400 error. */
static int
state_param(const struct route_ctx *cx, const char **state, struct api_error *err)
{
	static const char *const states[] = { "pending", "verified", "suspended" };
	const char *given = route_param(cx, "state");
	size_t i;

	*state = NULL;
	if (given == NULL || given[0] == '\0')
		return 0;
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(given, states[i]) == 0)
			*state = states[i];
	return *state != NULL ? 0 :
	    bad_parameter(err, "state", "state must be pending, verified or suspended");
}

static int
handle_organizations(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *state, *q = route_param(cx, "q");
	char today[11], cutoff[11], msg[200], *pattern = NULL;
	struct coord_page pg;
	json_t *list;

	if (state_param(cx, &state, err) != 0 || page_param(cx, &pg, err) != 0)
		return -1;
	if (q != NULL && strlen(q) > COORD_QUERY_MAX)
		return bad_parameter(err, "q", "the name to look for is too long (200 bytes at most)");
	if (q != NULL && q[0] != '\0' && coord_name_pattern(q, &pattern) != 0)
		return internal(err, "reading the name");
	route_today(cx, today);
	coord_stale_cutoff(today, cutoff);
	list = coord_organizations(cx->db, state, pattern, cutoff, &pg, msg, sizeof msg);
	free(pattern);
	if (list == NULL)
		return internal(err, "reading the organizations");
	*value = json_pack("{s:o,s:s,s:o}", "organizations", add_flags(list),
	    "q", q != NULL ? q : "", "selected", flag(state != NULL ? state : "all"));
	if (*value != NULL)
		add_pager(cx, *value, &pg);
	return 0;
}

static int
handle_stale(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	char today[11], cutoff[11], msg[200];
	struct coord_page pg;
	json_t *list;

	if (page_param(cx, &pg, err) != 0)
		return -1;
	route_today(cx, today);
	coord_stale_cutoff(today, cutoff);
	if ((list = coord_stale(cx->db, cutoff, &pg, msg, sizeof msg)) == NULL)
		return internal(err, "reading the listings");
	*value = json_pack("{s:o,s:s}", "organizations", list, "cutoff", cutoff);
	if (*value != NULL)
		add_pager(cx, *value, &pg);
	return 0;
}

/* ---- reports --------------------------------------------------------------------------- */

struct close_args {
	long        report;
	const char *note;    /* NULL for none */
};

/* The reports page; problem (a closing note refused) concerns report failed_report. */
static int
reports_page(struct route_ctx *cx, json_t **value, const struct api_error *problem,
    long failed_report, struct api_error *err)
{
	const char *closed = route_param(cx, "closed");
	int show_closed = !cx->post && closed != NULL && strcmp(closed, "1") == 0;
	struct coord_page pg;
	json_t *list, *row;
	char msg[200];
	size_t i;

	if (page_param(cx, &pg, err) != 0)
		return -1;
	if ((list = coord_reports(cx->db, show_closed, &pg, msg, sizeof msg)) == NULL)
		return internal(err, "reading the reports");
	json_array_foreach(list, i, row)
		if (problem != NULL && json_integer_value(json_object_get(row, "report")) == failed_report)
			json_object_set_new(row, "problem", json_pack("{ssss}", "message", problem->message,
			    "note", route_param(cx, "note") != NULL ? route_param(cx, "note") : ""));
	*value = json_pack("{s:o,s:b,s:o,s:o*}", "reports", add_flags(list), "closed", show_closed,
	    "done", done_flags(cx), "error", problem != NULL ? problem_value(problem) : NULL);
	if (*value != NULL)
		add_pager(cx, *value, &pg);
	if (problem != NULL)
		cx->status = problem->status;
	return 0;
}

static int
close_in(struct route_ctx *cx, struct dbconn *w, void *arg, struct api_error *err)
{
	const struct close_args *a = arg;
	char today[11], msg[200];

	route_today(cx, today);
	switch (coord_report_close(w, a->report, today, cx->who.login, a->note, msg, sizeof msg)) {
	case COORD_CLOSE_DONE:
		return 0;
	case COORD_CLOSE_UNKNOWN:
		api_error_set(err, 404, "not_found", "there is no report %ld", a->report);
		return -1;
	case COORD_CLOSE_ALREADY:
		api_error_set(err, 409, "already_closed", "report %ld was already closed", a->report);
		return -1;
	default:
		return internal(err, "closing the report");
	}
}

static int
close_report(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *number = route_param(cx, "report"), *note = route_param(cx, "note");
	struct close_args a = { 0, NULL };
	struct api_error problem = { 0 };

	if (number == NULL || !valid_long(number, 1, LONG_MAX, &a.report))
		return bad_parameter(err, "report", "say which report to close");
	if (note != NULL && note[strspn(note, " \t\r\n")] == '\0')
		note = NULL;   /* left empty */
	if (note != NULL && !text_ok(note, COORD_TEXT_CHARS)) {
		api_error_set(&problem, 400, "bad_note",
		    "the note must be at most %d characters of text", COORD_TEXT_CHARS);
		problem.param = "note";
		return reports_page(cx, value, &problem, a.report, err);
	}
	a.note = note;
	if (in_transaction(cx, close_in, &a, err) != 0)
		return -1;
	return route_redirect(cx, "/coordinate/reports?done=closed");
}

static int
handle_reports(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *action = route_param(cx, "action");

	if (!cx->post)
		return reports_page(cx, value, NULL, 0, err);
	if (action != NULL && strcmp(action, "close") == 0)
		return close_report(cx, value, err);
	return unknown_action(err);
}

static const struct route coord_routes[] = {
	{ "/coordinate",                0, NULL, ROUTE_COORDINATOR, 0, 0, handle_home,          "coord_home.html",          NULL },
	{ "/coordinate/applications/",  1, NULL, ROUTE_COORDINATOR, 0, 1, handle_application,   "coord_application.html",   NULL },
	{ "/coordinate/organizations",  0, NULL, ROUTE_COORDINATOR, 0, 0, handle_organizations, "coord_organizations.html", NULL },
	{ "/coordinate/organizations/", 1, NULL, ROUTE_COORDINATOR, 0, 1, handle_organization,  "coord_organization.html",  NULL },
	{ "/coordinate/stale",          0, NULL, ROUTE_COORDINATOR, 0, 0, handle_stale,         "coord_stale.html",         NULL },
	{ "/coordinate/reports",        0, NULL, ROUTE_COORDINATOR, 0, 1, handle_reports,       "coord_reports.html",       NULL },
};

const struct route_table routes_coord = { coord_routes,
    sizeof coord_routes / sizeof coord_routes[0] };
