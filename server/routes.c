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
#include "routes.h"
#include "search.h"
#include "store.h"
#include "validate.h"
#include "view.h"

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

json_t *
route_mark_selected(json_t *entries, const char *key, const json_t *chosen)
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
	    "categories", route_mark_selected(view_categories(&cx->vl), "id", p->categories),
	    "commitments", route_mark_selected(view_commitments(&cx->vl), "id", p->commitments),
	    "languages", route_mark_selected(view_languages(&cx->vl), "code", p->languages),
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

static const struct route public_routes[] = {
	{ "/", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_home, "home.html", NULL },
	{ "/search", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_search, "search.html", NULL },
	{ "/about", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_about, "about.html", NULL },
	{ "/organizations/", 1, NULL, ROUTE_PUBLIC, 0, 0, handle_organization, "organization.html", NULL },
	{ "/api/v1/search", 0, NULL, ROUTE_PUBLIC, 1, 1, handle_search, NULL, search_param_names },
	{ "/api/v1/organizations", 0, NULL, ROUTE_PUBLIC, 1, 0, handle_organizations, NULL, list_params },
	{ "/api/v1/organizations/", 1, NULL, ROUTE_PUBLIC, 1, 0, handle_organization, NULL, only_lang },
	{ "/api/v1/categories", 0, NULL, ROUTE_PUBLIC, 1, 0, handle_categories, NULL, only_lang },
	{ "/api/v1/commitments", 0, NULL, ROUTE_PUBLIC, 1, 0, handle_commitments, NULL, only_lang },
	{ "/api/v1/languages", 0, NULL, ROUTE_PUBLIC, 1, 0, handle_languages, NULL, only_lang },
};

const struct route_table routes_public = { public_routes,
    sizeof public_routes / sizeof public_routes[0] };
