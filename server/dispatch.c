/*
** dispatch.c - from a request to its reply. Finds the route in the areas' tables
** (routes.h), checks the method, the address's text, the body, the parameters and the
** language; for the account areas also the session, the request's origin and the form
** token; runs the handler and sends its value as JSON, through its template, or as the
** redirect it asked for. Public routes never see or set a cookie.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "form.h"
#include "jsonout.h"
#include "pages.h"
#include "routes.h"
#include "store.h"
#include "validate.h"
#include "writer.h"

static const struct route_table *const tables[] = {
	&routes_public, &routes_forms, &routes_account, &routes_coord, &routes_edit,
};

/* The route for url; for an id route, the id is copied into cx->idbuf. */
static const struct route *
match_route(const struct route *rt, const char *url, struct route_ctx *cx)
{
	size_t n = strlen(rt->path);

	if (!rt->takes_id)
		return strcmp(url, rt->path) == 0 ? rt : NULL;
	if (strncmp(url, rt->path, n) != 0 || strlen(url + n) < 36 ||
	    strcmp(url + n + 36, rt->suffix != NULL ? rt->suffix : "") != 0)
		return NULL;
	memcpy(cx->idbuf, url + n, 36);
	cx->idbuf[36] = '\0';
	if (!valid_uuid(cx->idbuf))
		return NULL;
	cx->id = cx->idbuf;
	return rt;
}

static const struct route *
find_route(const char *url, struct route_ctx *cx)
{
	const struct route *rt;
	size_t t, i;

	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (i = 0; i < tables[t]->count; i++)
			if ((rt = match_route(&tables[t]->routes[i], url, cx)) != NULL)
				return rt;
	return NULL;
}

static int
is_api_path(const char *url)
{
	return strncmp(url, "/api/", 5) == 0;
}

static void
reply_json(struct reply *out, int status, json_t *value)
{
	out->status = status;
	out->content_type = "application/json";
	if (value != NULL && jsonout_compact(&out->body, value, STORE_JSON_FLAGS) == 0)
		return;
	out->status = 500;
	buf_reset(&out->body);
	buf_puts(&out->body, "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
}

static void
reply_html(struct server *srv, struct reply *out, int status, const char *template_name,
    json_t *value, const struct page_meta *meta)
{
	out->status = status;
	out->content_type = "text/html; charset=utf-8";
	if (value == NULL || page_render(srv, template_name, value, meta, &out->body) != 0) {
		buf_reset(&out->body);
		out->status = 500;
		out->content_type = "text/plain; charset=utf-8";
		buf_puts(&out->body, "Internal error\n");
	}
}

static void
reply_redirect(struct reply *out)
{
	out->status = 303;
	out->content_type = "text/plain; charset=utf-8";
	buf_puts(&out->body, "See Other\n");
}

/* The suggestions of an error: names for the API, names with links for pages. */
static json_t *
error_suggestions(const struct api_error *err, int api, const char *path, const json_t *params)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < err->nsuggestions; i++)
		json_array_append_new(out, api ? json_string(err->suggestions[i]) :
		    json_pack("{ssso}", "value", err->suggestions[i],
		    "url", page_address_with(path, params, err->param, err->suggestions[i])));
	return out;
}

static void
reply_error(struct server *srv, struct reply *out, int api, const struct api_error *err,
    const struct page_meta *meta)
{
	json_t *value = json_pack("{s{sssssisb}}", "error", "code", err->code,
	    "message", err->message, "status", err->status, err->code, 1);
	json_t *e = json_object_get(value, "error");

	if (e != NULL && err->param != NULL)
		json_object_set_new(e, "parameter", json_string(err->param));
	if (e != NULL && err->param != NULL && err->nsuggestions > 0)
		json_object_set_new(e, "suggestions",
		    error_suggestions(err, api, meta->path, meta->query));
	if (api) {
		json_object_del(json_object_get(value, "error"), "status");
		json_object_del(json_object_get(value, "error"), err->code);
		reply_json(out, err->status, value);
	} else {
		reply_html(srv, out, err->status, "error.html", value, meta);
	}
	json_decref(value);
}

static int
serve_asset(struct server *srv, const char *url, struct request *rq, struct reply *out,
    struct api_error *err)
{
	const struct asset *as = assets_by_url(&srv->assets, url);

	if (as == NULL) {
		api_error_set(err, 404, "not_found", "there is no such file");
		return -1;
	}
	if (rq->method != METHOD_GET && rq->method != METHOD_HEAD) {
		api_error_set(err, 405, "method_not_allowed", "only GET and HEAD are allowed here");
		out->allow = "GET, HEAD";
		return -1;
	}
	out->status = 200;
	out->content_type = as->mime;
	out->static_body = as->data;
	out->static_len = as->len;
	out->cache = CACHE_IMMUTABLE;
	out->compressible = strncmp(as->mime, "text/", 5) == 0 || strstr(as->mime, "svg") != NULL ||
	    strstr(as->mime, "json") != NULL;
	return 0;
}

static int
has_media_type(const char *content_type, const char *type)
{
	size_t n = strlen(type);

	return content_type != NULL && strncmp(content_type, type, n) == 0 &&
	    (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

/* The body of a POST as the parameters: a JSON object for the API, a form for pages. */
static int
body_params(struct request *rq, int api, json_t **params, struct api_error *err)
{
	const char *data = rq->body.data ? rq->body.data : "";
	json_error_t jerr;
	char msg[160];

	if (!api) {
		if (!has_media_type(rq->content_type, "application/x-www-form-urlencoded")) {
			api_error_set(err, 415, "unsupported_media_type", "send the form as application/x-www-form-urlencoded");
			return -1;
		}
		if (form_parse(data, rq->body.len, params, msg, sizeof msg) != 0) {
			api_error_set(err, 400, "bad_form", "the form could not be read: %s", msg);
			return -1;
		}
		return 0;
	}
	if (!has_media_type(rq->content_type, "application/json")) {
		api_error_set(err, 415, "unsupported_media_type", "send the parameters as application/json");
		return -1;
	}
	*params = json_loadb(data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (*params == NULL || !json_is_object(*params)) {
		json_decref(*params);
		*params = NULL;
		api_error_set(err, 400, "invalid_json", "the body must be a JSON object");
		return -1;
	}
	return 0;
}

/* The interface language: lang= in the parameters, else Accept-Language, else default. */
static int
choose_language(struct route_ctx *cx, struct api_error *err)
{
	const json_t *lang = json_object_get(cx->params, "lang");

	if (lang != NULL && !json_is_string(lang)) {
		api_error_set(err, 400, "bad_parameter", "lang must be given once, as one of " UI_CODES_TEXT);
		return -1;
	}
	cx->lang_given = lang != NULL;
	cx->vl.ui = i18n_choose(json_string_value(lang), cx->rq->accept_language, cx->srv->default_ui);
	if (cx->vl.ui < 0) {
		cx->vl.ui = cx->srv->default_ui;
		api_error_set(err, 400, "bad_parameter", "unknown language \"%.20s\" (" UI_CODES_TEXT ")",
		    json_string_value(lang));
		return -1;
	}
	return 0;
}

/* An API route refuses parameters it does not know, so a misspelt one is not silently
** ignored; HTML pages ignore them (links from elsewhere may carry anything). A route
** without a list (the editor's API, which takes whole records) checks its own. */
static int
check_parameters(const struct route *rt, const json_t *params, struct api_error *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!rt->api || rt->params == NULL)
		return 0;
	json_object_foreach((json_t *)params, key, v) {
		for (i = 0; rt->params[i] != NULL && strcmp(rt->params[i], key) != 0; i++)
			;
		if (rt->params[i] == NULL) {
			api_error_set(err, 400, "unknown_parameter", "unknown parameter \"%.40s\"", key);
			return -1;
		}
	}
	return 0;
}

/* The language before routing, and for addresses that match no route: a valid lang=,
** else the browser's languages. For a route, choose_language decides again and reports
** a bad lang=. */
static void
first_guess_language(struct route_ctx *cx)
{
	const char *lang = json_string_value(json_object_get(cx->rq->query, "lang"));
	int ui = lang != NULL ? catalog_ui_index(lang) : -1;

	cx->lang_given = ui >= 0;
	cx->vl.ui = ui >= 0 ? ui : i18n_choose(NULL, cx->rq->accept_language, cx->srv->default_ui);
}

static int
check_method(const struct route *rt, struct request *rq, struct reply *out, struct api_error *err)
{
	if (rq->method == METHOD_GET || rq->method == METHOD_HEAD ||
	    (rq->method == METHOD_POST && rt->allow_post))
		return 0;
	out->allow = rt->allow_post ? "GET, HEAD, POST" : "GET, HEAD";
	api_error_set(err, 405, "method_not_allowed", "this address accepts only %s", out->allow);
	return -1;
}

static int
needs_session(enum route_kind kind)
{
	return kind == ROUTE_ACCOUNT || kind == ROUTE_COORDINATOR || kind == ROUTE_EDITOR;
}

static int
has_form_token(enum route_kind kind)
{
	return kind == ROUTE_PUBLIC_FORM || needs_session(kind);
}

/* Who sent the session cookie, if anyone: cx->logged_in and cx->who. */
static int
load_session(struct route_ctx *cx, struct api_error *err)
{
	struct dbconn *w;
	char msg[200];
	int found;

	if (cx->rq->session_cookie == NULL)
		return 0;
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	found = session_lookup(w, cx->rq->session_cookie, server_now(cx->srv), &cx->who,
	    msg, sizeof msg);
	if (route_write_end(cx, found >= 0, err) != 0)
		return -1;
	if (found < 0) {
		api_error_set(err, 500, "internal", "the session could not be read");
		return -1;
	}
	cx->logged_in = found == 1;
	return 0;
}

/* The route's area admits who is logged in (or sends them to log in). */
static int
check_access(const struct route *rt, struct route_ctx *cx, const char *url, struct api_error *err)
{
	int want_coordinator = rt->kind == ROUTE_COORDINATOR;

	if (rt->kind != ROUTE_COORDINATOR && rt->kind != ROUTE_EDITOR)
		return 0;
	if (!cx->logged_in) {
		if (cx->rq->method == METHOD_POST) {
			api_error_set(err, 401, "not_logged_in",
			    "your session has ended: log in again, then send the form again");
			return -1;
		}
		route_redirect(cx, "/login?next=%s", url);
		return 1;
	}
	if (cx->who.coordinator != want_coordinator) {
		api_error_set(err, 403, "forbidden", want_coordinator ?
		    "this page is for the network's coordinators" :
		    "this page is for the editors of an organization");
		return -1;
	}
	if (!want_coordinator && strcmp(cx->who.org_state, "suspended") == 0) {
		api_error_set(err, 403, "suspended", "the listing of your organization is suspended: "
		    "contact the network's coordinators");
		return -1;
	}
	return 0;
}

/* A POST that changes something must come from the directory's own pages: a browser
** says where a request comes from in Sec-Fetch-Site and Origin ("null" where the
** referrer policy hides it; the form token then decides). */
static int
check_origin(const struct route_ctx *cx, struct api_error *err)
{
	const struct request *rq = cx->rq;
	char expected[300];
	int ok = 1;

	if (rq->fetch_site != NULL && strcmp(rq->fetch_site, "same-origin") != 0 &&
	    strcmp(rq->fetch_site, "none") != 0)
		ok = 0;
	if (rq->origin != NULL && strcmp(rq->origin, "null") != 0) {
		if (cx->srv->public_origin[0] != '\0')
			snprintf(expected, sizeof expected, "%s", cx->srv->public_origin);
		else
			snprintf(expected, sizeof expected, "http://%s", rq->host != NULL ? rq->host : "");
		ok &= strcmp(rq->origin, expected) == 0;
	}
	if (!ok)
		api_error_set(err, 403, "cross_origin",
		    "this form must be sent from the directory's own pages");
	return ok ? 0 : -1;
}

/* What the form tokens of this request are tied to: the session when there is one, else
** "public", the same for every visitor (the token then only proves the form came from
** the directory's pages). */
static void
form_scope(const struct route_ctx *cx, char scope[8 + 2 * AUTH_HASH_BYTES + 1])
{
	strcpy(scope, "public");
	if (cx->logged_in) {
		memcpy(scope, "session:", 8);
		auth_hex(cx->who.session_hash, AUTH_HASH_BYTES, scope + 8);
	}
}

/* The form token the pages of this request carry. */
static void
make_form_token(struct route_ctx *cx)
{
	char scope[8 + 2 * AUTH_HASH_BYTES + 1];

	form_scope(cx, scope);
	auth_form_token(cx->srv->form_key, scope, cx->csrf);
}

static int
check_form_token(const struct route_ctx *cx, struct api_error *err)
{
	char scope[8 + 2 * AUTH_HASH_BYTES + 1];

	form_scope(cx, scope);
	if (auth_form_token_check(cx->srv->form_key, scope, route_param(cx, "csrf")))
		return 0;
	api_error_set(err, 403, "bad_form_token",
	    "this form has expired or was not sent from the directory's pages: reload the page "
	    "and send it again");
	return -1;
}

/* Everything the route's kind asks of the request before its handler runs. 0 to run
** the handler, 1 when a redirect was set instead, -1 with err. */
static int
check_request(const struct route *rt, struct route_ctx *cx, const char *url, struct api_error *err)
{
	int post = cx->rq->method == METHOD_POST, rc;

	if (post && rt->kind != ROUTE_PUBLIC && check_origin(cx, err) != 0)
		return -1;
	if (needs_session(rt->kind) && load_session(cx, err) != 0)
		return -1;
	if ((rc = check_access(rt, cx, url, err)) != 0)
		return rc;
	if (has_form_token(rt->kind))
		make_form_token(cx);
	if (post && has_form_token(rt->kind) && check_form_token(cx, err) != 0)
		return -1;
	if (rt->kind == ROUTE_API_EDITOR && route_api_token(cx, err) != 0)
		return -1;
	return 0;
}

static int
run_route(struct server *srv, const struct route *rt, struct route_ctx *cx, json_t **value,
    struct api_error *err)
{
	int rc;

	cx->db = pool_acquire(&srv->readers);
	rc = rt->handler(cx, value, err);
	pool_release(&srv->readers, cx->db);
	cx->db = NULL;
	if (rc == 0 && *value == NULL && cx->out->location[0] == '\0') {
		api_error_set(err, 500, "internal", "out of memory");
		rc = -1;
	}
	return rc;
}

/* {login, coordinator, organization} for the page header. */
static json_t *
account_summary(const struct route_ctx *cx)
{
	if (!cx->logged_in)
		return NULL;
	return json_pack("{sssbss?}", "login", cx->who.login, "coordinator", cx->who.coordinator,
	    "organization", cx->who.coordinator ? NULL : cx->who.org_name);
}

/* Parse the body and check everything before the handler: 0 to run it, 1 when a
** redirect was set instead, -1 with err. */
static int
prepare(const struct route *rt, struct route_ctx *cx, const char *url, json_t **body,
    struct api_error *err)
{
	struct request *rq = cx->rq;

	if (check_method(rt, rq, cx->out, err) != 0)
		return -1;
	if (rq->query_bad == QUERY_BAD_TEXT)
		api_error_set(err, 400, "invalid_utf8", "the address holds text that is not valid UTF-8");
	else if (rq->query_bad == QUERY_TOO_MANY)
		api_error_set(err, 400, "bad_parameter", "the address has more than 64 parameters");
	else if (rq->method == METHOD_POST && body_params(rq, rt->api, body, err) == 0)
		cx->params = *body;
	if (err->status != 0)
		return -1;
	cx->api = rt->api;
	cx->path = rt->path;
	cx->post = *body != NULL;
	if (check_parameters(rt, cx->params, err) != 0 || choose_language(cx, err) != 0)
		return -1;
	return check_request(rt, cx, url, err);
}

static void
send_value(struct server *srv, const struct route *rt, struct route_ctx *cx, json_t *value,
    const struct page_meta *meta)
{
	if (cx->out->location[0] != '\0')
		reply_redirect(cx->out);
	else if (rt->api)
		reply_json(cx->out, cx->status != 0 ? cx->status : 200, value);
	else
		reply_html(srv, cx->out, cx->status != 0 ? cx->status : 200, rt->template_name,
		    value, meta);
}

void
routes_dispatch(struct server *srv, const char *url, struct request *rq, struct reply *out)
{
	struct route_ctx cx = { 0 };
	struct view_labels labels = VIEW_LABELS_EMPTY;
	struct page_meta meta = { srv->default_ui, 0, url, rq->query, NULL, NULL };
	struct api_error err = { 0 };
	const struct route *rt;
	struct local_time now;
	json_t *body = NULL, *value = NULL, *account = NULL;
	int api = is_api_path(url), rc = -1;

	cx.srv = srv, cx.rq = rq, cx.out = out, cx.params = rq->query;
	cx.vl.default_ui = srv->default_ui, cx.vl.i18n = srv->i18n, cx.vl.labels = &labels;
	first_guess_language(&cx);
	meta.ui = cx.vl.ui, meta.lang_given = cx.lang_given;
	if (strncmp(url, "/static/", 8) == 0) {
		if (serve_asset(srv, url, rq, out, &err) != 0)
			reply_error(srv, out, 0, &err, &meta);
		return;
	}
	zone_local_time(server_now(srv), &now);
	cx.vl.now = &now;
	rt = find_route(url, &cx);
	if (rt == NULL)
		api_error_set(&err, 404, "not_found", "there is no page at this address");
	else if ((rc = prepare(rt, &cx, url, &body, &err)) == 0)
		rc = run_route(srv, rt, &cx, &value, &err);
	if (rt != NULL && rt->kind == ROUTE_PUBLIC) {
		out->set_cookie[0] = '\0';
		out->compressible = 1;
	}
	meta.ui = cx.vl.ui, meta.lang_given = cx.lang_given;
	meta.csrf = cx.csrf[0] != '\0' ? cx.csrf : NULL;
	meta.account = account = account_summary(&cx);
	if (rc < 0)
		reply_error(srv, out, api, &err, &meta);
	else
		send_value(srv, rt, &cx, value, &meta);
	json_decref(account);
	json_decref(body);
	view_labels_release(&labels);
	json_arena_drop(value);	/* goes with the request's arena (jsonarena.h) */
}

/* ---- what handlers share (routes.h) ------------------------------------------------ */

const char *
route_param(const struct route_ctx *cx, const char *name)
{
	return json_string_value(json_object_get(cx->params, name));
}

int
route_redirect(struct route_ctx *cx, const char *fmt, ...)
{
	char path[sizeof cx->out->location - 16];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof path || path[0] != '/' || path[1] == '/')
		snprintf(path, sizeof path, "/");
	snprintf(cx->out->location, sizeof cx->out->location, "%s%s%s", path,
	    cx->lang_given ? (strchr(path, '?') != NULL ? "&lang=" : "?lang=") : "",
	    cx->lang_given ? catalog_ui_code(cx->vl.ui) : "");
	return 0;
}

void
route_today(const struct route_ctx *cx, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", cx->vl.now->year, cx->vl.now->month, cx->vl.now->day);
}

struct dbconn *
route_write_begin(struct route_ctx *cx, struct api_error *err)
{
	char msg[200];
	struct dbconn *w = writer_begin(&cx->srv->writer, msg, sizeof msg);

	if (w == NULL)
		api_error_set(err, 500, "internal", "the directory cannot be changed right now");
	return w;
}

int
route_write_end(struct route_ctx *cx, int commit, struct api_error *err)
{
	char msg[200];

	if (writer_end(&cx->srv->writer, commit, msg, sizeof msg) == 0)
		return 0;
	api_error_set(err, 500, "internal", "the change could not be saved; nothing was changed");
	return -1;
}

void
route_author(const struct route_ctx *cx, char *out, size_t outlen)
{
	if (cx->logged_in)
		snprintf(out, outlen, "%s %s", cx->who.coordinator ? "coordinator" : "editor",
		    cx->who.login);
	else if (cx->token_label[0] != '\0')
		snprintf(out, outlen, "API token \"%s\"", cx->token_label);
	else
		snprintf(out, outlen, "applicant");
}

void
route_public_base(const struct route_ctx *cx, char *out, size_t outlen)
{
	if (cx->srv->public_origin[0] != '\0')
		snprintf(out, outlen, "%s", cx->srv->public_origin);
	else
		snprintf(out, outlen, "http://%s", cx->rq->host != NULL ? cx->rq->host : "127.0.0.1");
}
