/*
** routes.c - the directory's URLs. Each route names a handler that builds one jansson
** value from validated parameters; the API sends that value as JSON and the HTML route
** renders the same value through its template. Every handler has the same shape:
** validate, read (with a borrowed read-only connection), build the value.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "http.h"
#include "pages.h"
#include "search.h"
#include "store.h"
#include "validate.h"
#include "view.h"

struct route_ctx {
	struct server    *srv;
	struct request   *rq;
	struct dbconn    *db;       /* borrowed from the pool for this request */
	const json_t     *params;   /* query arguments, or the JSON body of a POST */
	const char       *id;       /* the UUID in the path, for /…/{id} routes */
	struct view_context  vl;
	int               lang_given;
	int               api;      /* JSON route */
	const char       *path;     /* the route's path, the base of page links */
	int               post;     /* parameters came in a body: no links repeat them */
};

typedef int (*handler_fn)(struct route_ctx *cx, json_t **value, struct api_error *err);

struct route {
	const char *path;       /* exact path, or the prefix before the id */
	int         takes_id;   /* path is followed by a UUID */
	int         api;        /* JSON, else HTML */
	int         allow_post; /* POST accepted besides GET and HEAD */
	handler_fn  handler;
	const char *template_name;
	const char *const *params; /* parameters an API route accepts (HTML routes ignore others) */
};

static const char *const only_lang[] = { "lang", NULL };
static const char *const list_params[] = { "page", "per_page", "lang", NULL };

/* ---- what the server adds to a search -------------------------------------------- */

#define ESTIMATE_NAME_KM 50   /* how far an estimated point may be from the city named */

/* Where the visitor probably is, from their address (--geoip only): a point to order
** results by, and a place name to offer. 0 when there is no estimate. Nothing of it
** outlives the request. */
static int
estimate_near(const struct route_ctx *cx, struct near *out)
{
	struct geoip_estimate est;
	const struct place *pl;

	if (cx->rq->client_addr == NULL ||
	    !geoip_locate(&cx->srv->geoip, cx->rq->client_addr, catalog_ui_code(cx->vl.ui), &est))
		return 0;
	memset(out, 0, sizeof *out);
	out->source = NEAR_NETWORK;
	out->latitude = est.latitude;
	out->longitude = est.longitude;
	/* Name it as near= would accept it: the city the database names, else the known
	** city nearest to the estimated point, else nothing. */
	pl = est.city[0] != '\0' ? places_find(&cx->srv->places, est.city) : NULL;
	if (pl == NULL || pl->kind != PLACE_CITY)
		pl = places_nearest_city(&cx->srv->places, est.latitude, est.longitude,
		    ESTIMATE_NAME_KM);
	snprintf(out->label, sizeof out->label, "%s", pl != NULL ? pl->name : "");
	return 1;
}

/* Fill in what the parameters leave to the server: the estimated point (only ordering,
** no radius) and the time open_now means. */
static int
complete_params(const struct route_ctx *cx, struct search_params *p, int may_estimate,
    struct api_error *err)
{
	if (may_estimate && p->near.source == NEAR_NONE && !p->nogeo &&
	    estimate_near(cx, &p->near))
		p->radius_km = 0;
	if (p->sort == SORT_DISTANCE && p->near.source == NEAR_NONE) {
		api_error_set(err, 400, "bad_parameter",
		    "sort=distance needs near= (a place, a postal code or coordinates)");
		err->param = "near";
		return -1;
	}
	if (p->open_now)
		p->open_time = *cx->vl.now;
	return 0;
}

/* "base?query" for page n, with lang= when the visitor chose the language. */
static json_t *
page_link(const struct route_ctx *cx, const struct search_params *p, long n)
{
	struct buf query = BUF_INIT;
	json_t *out;

	search_params_query_string(p, n, &query);
	if (cx->lang_given)
		buf_printf(&query, "%slang=%s", query.len > 0 ? "&" : "", catalog_ui_code(cx->vl.ui));
	if (buf_failed(&query))
		out = NULL;
	else
		out = json_sprintf("%s%s%s", cx->path, query.len > 0 ? "?" : "",
		    query.len > 0 ? query.data : "");
	buf_free(&query);
	return out;
}

/* The same search with nogeo=1, when its point was estimated from the visitor's address;
** else NULL. */
static json_t *
without_estimate_link(const struct route_ctx *cx, const struct search_params *p)
{
	struct search_params plain;

	if (p->near.source != NEAR_NETWORK)
		return NULL;
	plain = *p;
	plain.nogeo = 1;
	plain.near.source = NEAR_NONE;
	plain.sort = p->sort == SORT_DISTANCE ? SORT_DEFAULT : p->sort;
	return page_link(cx, &plain, 1);
}

/* ---- handlers ---------------------------------------------------------------------- */

/* The home page offers the estimated place in its search form, like the results page:
** the parameters as understood, and the link that turns the estimate off (or NULL). */
static json_t *
home_query(const struct route_ctx *cx, json_t **without_estimate)
{
	struct search_params p;
	struct api_error ignored;
	json_t *query = NULL;

	*without_estimate = NULL;
	if (search_params_parse(cx->params, &cx->srv->places, &p, &ignored) == 0 &&
	    complete_params(cx, &p, 1, &ignored) == 0) {
		query = search_params_echo(&p);
		*without_estimate = without_estimate_link(cx, &p);
	}
	search_params_free(&p);
	return query != NULL ? query : json_object();
}

static int
handle_home(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	long count = search_count_public(cx->db);
	json_t *query, *without_estimate;

	if (count < 0) {
		api_error_set(err, 500, "internal", "the directory could not be read");
		return -1;
	}
	query = home_query(cx, &without_estimate);
	*value = json_pack("{sososIsos{so*}}", "categories", view_categories(&cx->vl),
	    "commitments", view_commitments(&cx->vl), "organizations_count", (json_int_t)count,
	    "query", query, "links", "without_estimate", without_estimate);
	return 0;
}

static int
handle_about(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	(void)err;
	*value = json_pack("{soso}", "commitments", view_commitments(&cx->vl),
	    "categories", view_categories(&cx->vl));
	return 0;
}

static int
handle_categories(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	(void)err;
	*value = json_pack("{so}", "categories", view_categories(&cx->vl));
	return 0;
}

static int
handle_commitments(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	(void)err;
	*value = json_pack("{so}", "commitments", view_commitments(&cx->vl));
	return 0;
}

static int
handle_languages(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	(void)err;
	*value = json_pack("{so}", "languages", view_languages(&cx->vl));
	return 0;
}

/* Links to the first, previous, next and last pages, and, when the point was estimated
** from the visitor's address, to the same search without it; null for a POST search,
** whose parameters must not end up in a URL. */
static json_t *
page_links(const struct route_ctx *cx, const struct search_params *p, long pages)
{
	long last = pages > 0 ? pages : 1;

	if (cx->post)
		return json_null();
	return json_pack("{sososososo*}",
	    "first", page_link(cx, p, 1),
	    "prev", p->page > 1 ? page_link(cx, p, p->page - 1 > last ? last : p->page - 1) : json_null(),
	    "next", p->page < last ? page_link(cx, p, p->page + 1) : json_null(),
	    "last", page_link(cx, p, last),
	    "without_estimate", without_estimate_link(cx, p));
}

static int
in_list(const json_t *list, const char *id)
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		if (strcmp(json_string_value(json_array_get(list, i)), id) == 0)
			return 1;
	return 0;
}

/* Mark each entry of a labelled catalog list selected when its id is in chosen. */
static json_t *
mark_selected(json_t *entries, const char *key, const json_t *chosen)
{
	json_t *e;
	size_t i;

	json_array_foreach(entries, i, e)
		json_object_set_new(e, "selected",
		    json_boolean(in_list(chosen, json_string_value(json_object_get(e, key)))));
	return entries;
}

/* The radius choices of the form; 0 stands for the default. */
static json_t *
radius_choices(const struct search_params *p)
{
	static const int km[] = { 0, 1, 2, 5, 10, 50, 100 };
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < sizeof km / sizeof km[0]; i++)
		json_array_append_new(out, json_pack("{sisb}", "value", km[i], "selected",
		    km[i] == 0 ? !p->radius_given : p->radius_given && p->radius_km == km[i]));
	return out;
}

static json_t *
search_filters(const struct route_ctx *cx, const struct search_params *p)
{
	enum search_sort sort = search_effective_sort(p);

	return json_pack("{sososos{sbsbsb}so}",
	    "categories", mark_selected(view_categories(&cx->vl), "id", p->categories),
	    "commitments", mark_selected(view_commitments(&cx->vl), "id", p->commitments),
	    "languages", mark_selected(view_languages(&cx->vl), "code", p->languages),
	    "sort", "relevance", sort == SORT_RELEVANCE, "name", sort == SORT_NAME,
	    "distance", sort == SORT_DISTANCE,
	    "radius", radius_choices(p));
}

/* The HSDS 3 page of results, with what the HTML form needs to show the query again. */
static json_t *
search_page(const struct route_ctx *cx, const struct search_params *p, const struct search_result *r)
{
	long pages = (r->total + p->per_page - 1) / p->per_page;
	json_t *contents = json_array(), *v;
	size_t i;

	json_array_foreach(r->views, i, v)
		json_array_append_new(contents, view_summary(v, json_array_get(r->nearest, i), &cx->vl));
	return json_pack("{sIsIsIsIsbsbsbsososbsoso}",
	    "total_items", (json_int_t)r->total,
	    "total_pages", (json_int_t)pages,
	    "page_number", (json_int_t)p->page,
	    "size", (json_int_t)p->per_page,
	    "first_page", p->page == 1,
	    "last_page", p->page >= pages,
	    "empty", json_array_size(r->views) == 0,
	    "contents", contents,
	    "query", search_params_echo(p),
	    "fuzzy", r->fuzzy,
	    "links", page_links(cx, p, pages),
	    "filters", search_filters(cx, p));
}

static int
run_search(struct route_ctx *cx, const json_t *params, int may_estimate, json_t **value,
    struct api_error *err)
{
	struct search_params p;
	struct search_result r;
	char msg[200];
	int rc = -1;

	if (search_params_parse(params, &cx->srv->places, &p, err) != 0 ||
	    complete_params(cx, &p, may_estimate, err) != 0)
		goto done;
	if (search_run(cx->db, &p, cx->srv->synonyms, &r, msg, sizeof msg) != 0) {
		api_error_set(err, 500, "internal", "the search could not be run");
		goto done;
	}
	*value = search_page(cx, &p, &r);
	search_result_free(&r);
	rc = 0;
done:
	search_params_free(&p);
	return rc;
}

static int
handle_search(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	return run_search(cx, cx->params, 1, value, err);
}

/* /api/v1/organizations: every public organization by name, in pages (the route admits
** only page, per_page and lang). */
static int
handle_organizations(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	return run_search(cx, cx->params, 0, value, err);
}

static int
handle_organization(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	json_t *view = NULL;
	char msg[200];
	int found = search_get_organization(cx->db, cx->id, &view, msg, sizeof msg);

	if (found < 0) {
		api_error_set(err, 500, "internal", "the organization could not be read");
		return -1;
	}
	if (found == 0) {
		api_error_set(err, 404, "not_found", "no listed organization has this id");
		return -1;
	}
	*value = view_detail(view, &cx->vl);
	json_decref(view);
	return 0;
}

static const struct route routes[] = {
	{ "/",                      0, 0, 0, handle_home,          "home.html",         NULL },
	{ "/search",                0, 0, 0, handle_search,        "search.html",       NULL },
	{ "/about",                 0, 0, 0, handle_about,         "about.html",        NULL },
	{ "/organizations/",        1, 0, 0, handle_organization,  "organization.html", NULL },
	{ "/api/v1/search",         0, 1, 1, handle_search,        NULL,                search_param_names },
	{ "/api/v1/organizations",  0, 1, 0, handle_organizations, NULL,                list_params },
	{ "/api/v1/organizations/", 1, 1, 0, handle_organization,  NULL,                only_lang },
	{ "/api/v1/categories",     0, 1, 0, handle_categories,    NULL,                only_lang },
	{ "/api/v1/commitments",    0, 1, 0, handle_commitments,   NULL,                only_lang },
	{ "/api/v1/languages",      0, 1, 0, handle_languages,     NULL,                only_lang },
};

/* ---- dispatch ---------------------------------------------------------------------- */

static const struct route *
find_route(const char *url, const char **id)
{
	size_t i, n;

	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		n = strlen(routes[i].path);
		if (!routes[i].takes_id && strcmp(url, routes[i].path) == 0)
			return &routes[i];
		if (routes[i].takes_id && strncmp(url, routes[i].path, n) == 0 && valid_uuid(url + n)) {
			*id = url + n;
			return &routes[i];
		}
	}
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
	char *text = value ? json_dumps(value, JSON_COMPACT | STORE_JSON_FLAGS) : NULL;

	out->status = text ? status : 500;
	out->content_type = "application/json";
	if (text != NULL)
		buf_puts(&out->body, text);
	else
		buf_puts(&out->body, "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
	free(text);
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
	return 0;
}

/* The JSON body of a POST as the parameters. */
static int
body_params(struct request *rq, json_t **params, struct api_error *err)
{
	json_error_t jerr;

	if (rq->content_type == NULL || strncmp(rq->content_type, "application/json", 16) != 0) {
		api_error_set(err, 415, "unsupported_media_type", "send the parameters as application/json");
		return -1;
	}
	*params = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (*params == NULL || !json_is_object(*params)) {
		json_decref(*params);
		*params = NULL;
		api_error_set(err, 400, "invalid_json", "the body must be a JSON object of search parameters");
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
		api_error_set(err, 400, "bad_parameter", "lang must be given once, as fr, en, es or ar");
		return -1;
	}
	cx->lang_given = lang != NULL;
	cx->vl.ui = i18n_choose(json_string_value(lang), cx->rq->accept_language, cx->srv->default_ui);
	if (cx->vl.ui < 0) {
		cx->vl.ui = cx->srv->default_ui;
		api_error_set(err, 400, "bad_parameter", "unknown language \"%.20s\" (fr, en, es or ar)",
		    json_string_value(lang));
		return -1;
	}
	return 0;
}

/* An API route refuses parameters it does not know, so a misspelt one is not silently
** ignored; HTML pages ignore them (links from elsewhere may carry anything). */
static int
check_parameters(const struct route *rt, const json_t *params, struct api_error *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!rt->api)
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
run_route(struct server *srv, const struct route *rt, struct route_ctx *cx, json_t **value,
    struct api_error *err)
{
	int rc;

	cx->db = pool_acquire(&srv->readers);
	rc = rt->handler(cx, value, err);
	pool_release(&srv->readers, cx->db);
	if (rc == 0 && *value == NULL) {
		api_error_set(err, 500, "internal", "out of memory");
		rc = -1;
	}
	return rc;
}

void
routes_dispatch(struct server *srv, const char *url, struct request *rq, struct reply *out)
{
	struct route_ctx cx = { 0 };
	struct page_meta meta = { srv->default_ui, 0, url, rq->query };
	struct api_error err = { 0 };
	const struct route *rt;
	struct local_time now;
	json_t *body = NULL, *value = NULL;
	int api = is_api_path(url);

	cx.srv = srv, cx.rq = rq, cx.params = rq->query;
	cx.vl.default_ui = srv->default_ui, cx.vl.i18n = srv->i18n;
	first_guess_language(&cx);
	meta.ui = cx.vl.ui, meta.lang_given = cx.lang_given;
	if (strncmp(url, "/static/", 8) == 0) {
		if (serve_asset(srv, url, rq, out, &err) != 0)
			reply_error(srv, out, 0, &err, &meta);
		return;
	}
	zone_local_time(server_now(srv), &now);
	cx.vl.now = &now;
	rt = find_route(url, &cx.id);
	if (rt == NULL)
		api_error_set(&err, 404, "not_found", "there is no page at this address");
	else if (check_method(rt, rq, out, &err) == 0 && rq->query_bad == QUERY_BAD_TEXT)
		api_error_set(&err, 400, "invalid_utf8", "the address holds text that is not valid UTF-8");
	else if (err.status == 0 && rq->query_bad == QUERY_TOO_MANY)
		api_error_set(&err, 400, "bad_parameter", "the address has more than 64 parameters");
	else if (err.status == 0 && rq->method == METHOD_POST && body_params(rq, &body, &err) == 0)
		cx.params = body;
	if (err.status == 0 && rt != NULL) {
		cx.api = rt->api;
		cx.path = rt->path;
		cx.post = body != NULL;
		if (check_parameters(rt, cx.params, &err) == 0 && choose_language(&cx, &err) == 0)
			run_route(srv, rt, &cx, &value, &err);
	}
	meta.ui = cx.vl.ui, meta.lang_given = cx.lang_given;
	if (err.status != 0)
		reply_error(srv, out, api, &err, &meta);
	else if (rt->api)
		reply_json(out, 200, value);
	else
		reply_html(srv, out, 200, rt->template_name, value, &meta);
	json_decref(value);
	json_decref(body);
}
