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
#include "referral.h"
#include "routes.h"
#include "search.h"
#include "snapshot.h"
#include "store.h"
#include "validate.h"
#include "view.h"

static const char *const only_lang[] = { "lang", NULL };
static const char *const list_params[] = { "page", "per_page", "lang", NULL };
static const char *const referral_params[] = { "ids", "lang", NULL };

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

/* Note the listings ticked for a referral sheet (ids=, HTML pages only), once per request;
** a page ignores a bad value. */
static void
note_ticked(struct route_ctx *cx)
{
	struct api_error ignored;
	struct buf joined = BUF_INIT;
	json_t *ids = NULL;

	cx->ticked[0] = '\0';
	if (!cx->api && referral_ids_parse(json_object_get(cx->params, "ids"), &ids, &ignored) == 0 &&
	    referral_ids_join(ids, &joined) == 0 && joined.len > 0)
		snprintf(cx->ticked, sizeof cx->ticked, "%s", joined.data);
	json_decref(ids);
	buf_free(&joined);
}

/* "base?query" for page n, with lang= when the visitor chose the language. */
static json_t *
link_to(const struct route_ctx *cx, const char *path, const struct search_params *p, long n)
{
	struct buf query = BUF_INIT, link = BUF_INIT;
	json_t *out = NULL;

	search_params_query_string(p, n, &query);
	if (cx->ticked[0] != '\0')
		buf_printf(&query, "%sids=%s", query.len > 0 ? "&" : "", cx->ticked);
	if (cx->lang_given)
		buf_printf(&query, "%slang=%s", query.len > 0 ? "&" : "", catalog_ui_code(cx->vl.ui));
	buf_puts(&link, path);
	if (query.len > 0) {
		buf_putc(&link, '?');
		buf_append(&link, query.data, query.len);
	}
	if (!buf_failed(&query) && !buf_failed(&link))
		out = json_stringn_nocheck(link.data, link.len);   /* percent-encoded */
	buf_free(&query);
	buf_free(&link);
	return out;
}

static json_t *
page_link(const struct route_ctx *cx, const struct search_params *p, long n)
{
	return link_to(cx, cx->path, p, n);
}

/* The page of every filter and the sort order, for this search (HTML only). */
static json_t *
filters_link(const struct route_ctx *cx, const struct search_params *p)
{
	return link_to(cx, "/search/filters", p, 1);
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

/* The number of public organizations: the image's when it is current, which spares
** counting them in the database on every visit. -1 on a database error. */
static long
public_count(struct route_ctx *cx)
{
	struct snapshot *snap = keeper_current(&cx->srv->keeper, cx->db);
	long count = snap != NULL ? (long)snapshot_public_count(snap) : search_count_public(cx->db);

	snapshot_release(snap);
	return count;
}

static int
handle_home(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	long count = public_count(cx);
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

	static const char *const sorts[] = { NULL, "relevance", "name", "distance" };

	if (cx->post)
		return json_null();
	return json_pack("{sososososo*so*ss*}",
	    "first", page_link(cx, p, 1),
	    "prev", p->page > 1 ? page_link(cx, p, p->page - 1 > last ? last : p->page - 1) : json_null(),
	    "next", p->page < last ? page_link(cx, p, p->page + 1) : json_null(),
	    "last", page_link(cx, p, last),
	    "without_estimate", without_estimate_link(cx, p),
	    "filters", cx->api ? NULL : filters_link(cx, p),
	    "sort", sorts[p->sort]);
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
	    "categories", view_filter_list(&cx->srv->filter_entries, VIEW_CATEGORIES, &cx->vl,
	        p->categories),
	    "commitments", view_filter_list(&cx->srv->filter_entries, VIEW_COMMITMENTS,
	        &cx->vl, p->commitments),
	    "languages", view_filter_list(&cx->srv->filter_entries, VIEW_LANGUAGES, &cx->vl,
	        p->languages),
	    "sort", "relevance", sort == SORT_RELEVANCE, "name", sort == SORT_NAME,
	    "distance", sort == SORT_DISTANCE,
	    "radius", radius_choices(p));
}

/* ---- facets: the counts a results page narrows by ---------------------------------- */

#define FACET_MAX_LANGUAGES 6   /* the most spoken among the results; the form has all */

/* A copy of list with id removed (drop) or, else, with id added (add) or alone. */
static json_t *
changed_list(const json_t *list, const char *id, int drop, int add)
{
	json_t *out = json_array(), *v;
	size_t i;

	if (out == NULL)
		return NULL;
	json_array_foreach(list, i, v)
		if ((drop || add) && strcmp(json_string_value(v), id) != 0)
			json_array_append(out, v);
	if (!drop)
		json_array_append_new(out, json_string(id));
	return out;
}

/* The search with one facet value chosen, or with it taken away when it is chosen
** already. A commitment adds to those chosen (all must hold); a category or a language
** replaces them, which finds exactly the count shown (facets.c). NULL for a POST search. */
static json_t *
facet_link(const struct route_ctx *cx, const struct search_params *p, const char *kind,
    const char *id, int selected)
{
	struct search_params q = *p;
	json_t **field = strcmp(kind, "category") == 0 ? &q.categories :
	    strcmp(kind, "commitment") == 0 ? &q.commitments : &q.languages;
	json_t *list, *link;

	if (cx->post)
		return NULL;
	list = changed_list(*field, id, selected, strcmp(kind, "commitment") == 0);
	if (list == NULL)
		return NULL;
	*field = list;
	q.page = 1;
	link = page_link(cx, &q, 1);
	json_decref(list);
	return link;
}

/* The labelled entries of list worth offering, each with its count, whether it is
** chosen, and its link: those chosen, and those that would narrow the results (a value
** every result has, when none of its kind is chosen, would change nothing). Only those
** are labelled: most of a list is not offered. */
static json_t *
facet_entries(const struct route_ctx *cx, const struct search_params *p, const char *kind,
    enum view_list list, const json_t *counts, const json_t *chosen, long total)
{
	json_t *out = json_array(), *e, *link;
	json_int_t n;
	const char *id;
	size_t i;
	int selected;

	for (i = 0; out != NULL && i < view_list_size(list); i++) {
		id = view_list_id(list, i);
		n = json_integer_value(json_object_get(counts, id));
		selected = search_list_has(chosen, id);
		if (!selected && (n == 0 || (n == total && json_array_size(chosen) == 0)))
			continue;
		if ((e = view_list_entry(list, i, &cx->vl)) == NULL)
			continue;
		json_object_set_new_nocheck(e, "count", json_integer(n));
		json_object_set_new_nocheck(e, "selected", json_boolean(selected));
		link = facet_link(cx, p, kind, id, selected);
		json_object_set_new_nocheck(e, "url", link != NULL ? link : json_null());
		json_array_append_new(out, e);
	}
	return out;
}

struct ranked {
	json_t    *entry;
	json_int_t count;     /* its "count", read once */
	size_t     position;  /* in the catalog */
};

static int
by_count(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->position < y->position ? -1 : x->position > y->position;
}

/* The first max entries, most matches first, in the catalog's order among equals. */
static json_t *
sorted_by_count(json_t *entries, size_t max)
{
	size_t i, n = json_array_size(entries);
	struct ranked *items = n > 0 ? calloc(n, sizeof *items) : NULL;
	json_t *out;

	if (items == NULL)
		return entries;
	for (i = 0; i < n; i++) {
		items[i].entry = json_array_get(entries, i);
		items[i].count = json_integer_value(json_object_get(items[i].entry, "count"));
		items[i].position = i;
	}
	qsort(items, n, sizeof *items, by_count);
	out = json_array();
	for (i = 0; out != NULL && i < n && i < max; i++)
		json_array_append(out, items[i].entry);
	free(items);
	json_decref(entries);
	return out;
}

/* {"categories", "commitments", "languages"} for the page, or NULL when not counted. */
static json_t *
facets_view(const struct route_ctx *cx, const struct search_params *p, const json_t *facets,
    long total)
{
	if (facets == NULL)
		return NULL;
	return json_pack("{sososo}",
	    "categories", facet_entries(cx, p, "category", VIEW_CATEGORIES,
	        json_object_get(facets, "category"), p->categories, total),
	    "commitments", facet_entries(cx, p, "commitment", VIEW_COMMITMENTS,
	        json_object_get(facets, "commitment"), p->commitments, total),
	    "languages", sorted_by_count(facet_entries(cx, p, "language", VIEW_LANGUAGES,
	        json_object_get(facets, "language"), p->languages, total),
	        FACET_MAX_LANGUAGES));
}

/* The referral sheet being made (HTML pages with ids=): marks the results already ticked
** ("chosen") and gives the ticked ids that are not on this page, which the results form
** carries along. NULL when nothing is ticked. */
static json_t *
referral_state(const struct route_ctx *cx, json_t *contents)
{
	json_t *ticked = json_string(cx->ticked), *ids = NULL, *others = json_array(), *item, *id;
	struct api_error ignored;
	size_t i, k;
	int on_page;

	if (cx->ticked[0] == '\0' || others == NULL ||
	    referral_ids_parse(ticked, &ids, &ignored) != 0) {
		json_decref(ticked);
		json_decref(ids);
		json_decref(others);
		return NULL;
	}
	json_array_foreach(ids, i, id) {
		on_page = 0;
		json_array_foreach(contents, k, item)
			if (json_equal(json_object_get(item, "id"), id)) {
				json_object_set_new_nocheck(item, "chosen", json_true());
				on_page = 1;
			}
		if (!on_page)
			json_array_append(others, id);
	}
	item = json_pack("{sIsoss}", "count", (json_int_t)json_array_size(ids), "others", others,
	    "ids", cx->ticked);
	json_decref(ticked);
	json_decref(ids);
	return item;
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
	return json_pack("{sIsIsIsIsbsbsbsososbsososo*so*}",
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
	    "filters", search_filters(cx, p),
	    "facets", facets_view(cx, p, r->facets, r->total),
	    "referral", referral_state(cx, contents));
}

static int
run_search(struct route_ctx *cx, const json_t *params, int may_estimate, json_t **value,
    struct api_error *err)
{
	struct search_params p;
	struct search_result r;
	struct snapshot *snap;
	char msg[200];
	int rc = -1, failed;

	if (search_params_parse(params, &cx->srv->places, &p, err) != 0 ||
	    complete_params(cx, &p, may_estimate, err) != 0)
		goto done;
	p.count_facets = p.facets || !cx->api;
	note_ticked(cx);
	snap = keeper_current(&cx->srv->keeper, cx->db);
	failed = search_run(cx->db, snap, &p, cx->srv->synonyms, &r, msg, sizeof msg) != 0;
	snapshot_release(snap);
	if (failed) {
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

/* /search/filters: every filter and the sort order of a search, set as the search has
** them, in a form that runs it again. */
static int
handle_filters(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct search_params p;
	json_t *none = json_array();
	int rc = -1;

	memset(&p, 0, sizeof p);
	note_ticked(cx);
	api_error_set(err, 500, "internal", "out of memory");
	if (none != NULL && search_params_parse(cx->params, &cx->srv->places, &p, err) == 0 &&
	    complete_params(cx, &p, 0, err) == 0) {
		*value = json_pack("{sososo*}", "query", search_params_echo(&p),
		    "filters", search_filters(cx, &p), "referral", referral_state(cx, none));
		rc = *value != NULL ? 0 : -1;
	}
	search_params_free(&p);
	json_decref(none);
	return rc;
}

/* The listings of a referral sheet, in the order chosen: each in full, as its page
** shows it. An id that is no longer public is only counted. */
static int
referral_items(struct route_ctx *cx, const json_t *ids, json_t *items, json_t *kept,
    struct api_error *err)
{
	const json_t *id;
	json_t *view;
	char msg[200];
	size_t i;
	int found;

	json_array_foreach(ids, i, id) {
		view = NULL;
		found = search_get_organization(cx->db, json_string_value(id), &view, msg, sizeof msg);
		if (found < 0) {
			api_error_set(err, 500, "internal", "the organizations could not be read");
			return -1;
		}
		if (found == 0)
			continue;
		json_array_append_new(items, view_detail(view, &cx->vl));
		json_array_append_new(kept, json_string(json_string_value(id)));
		json_decref(view);
	}
	return 0;
}

/* /referral?ids=…: the sheet a support worker prints or copies into a text message. */
static int
handle_referral(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	json_t *ids = NULL, *items = json_array(), *kept = json_array();
	struct buf sms = BUF_INIT, joined = BUF_INIT;
	char today[11];
	int rc = -1;

	if (referral_ids_parse(json_object_get(cx->params, "ids"), &ids, err) != 0 ||
	    referral_items(cx, ids, items, kept, err) != 0)
		goto done;
	if (referral_sms(items, &cx->vl, &sms) != 0 || referral_ids_join(kept, &joined) != 0) {
		api_error_set(err, 500, "internal", "out of memory");
		goto done;
	}
	route_today(cx, today);
	*value = json_pack("{sOsIsssbsss{ss+++ss+++}}", "items", items,
	    "missing", (json_int_t)(json_array_size(ids) - json_array_size(kept)),
	    "sms", sms.len > 0 ? sms.data : "", "empty", json_array_size(items) == 0,
	    "date", today, "links",
	    "add_more", "/search?ids=", joined.len > 0 ? joined.data : "",
	        cx->lang_given ? "&lang=" : "", cx->lang_given ? catalog_ui_code(cx->vl.ui) : "",
	    "self", "/referral?ids=", joined.len > 0 ? joined.data : "",
	        cx->lang_given ? "&lang=" : "", cx->lang_given ? catalog_ui_code(cx->vl.ui) : "");
	rc = *value != NULL ? 0 : -1;
	if (rc != 0)
		api_error_set(err, 500, "internal", "out of memory");
done:
	json_decref(ids);
	json_decref(items);
	json_decref(kept);
	buf_free(&sms);
	buf_free(&joined);
	return rc;
}

static const struct route public_routes[] = {
	{ "/", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_home, "home.html", NULL },
	{ "/search", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_search, "search.html", NULL },
	{ "/search/filters", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_filters, "filters.html", NULL },
	{ "/about", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_about, "about.html", NULL },
	{ "/referral", 0, NULL, ROUTE_PUBLIC, 0, 0, handle_referral, "referral.html", NULL },
	{ "/api/v1/referral", 0, NULL, ROUTE_PUBLIC, 1, 0, handle_referral, NULL, referral_params },
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
