/*
** search.h - the directory search: typed validation of the parameters (the same for a
** query string and a JSON body), and their execution as one constant, parameterized SQL
** statement over the full-text index and the filter tables, with a spelling fallback
** when the words find nothing.
*/
#ifndef SD_SEARCH_H
#define SD_SEARCH_H

#include <jansson.h>

#include "apierror.h"
#include "buf.h"
#include "db.h"
#include "near.h"
#include "searchterms.h"
#include "zone.h"

#define SEARCH_MAX_QUERY     256   /* bytes of search text */
#define SEARCH_MAX_PLACE     100   /* bytes of a neighbourhood or city name */
#define SEARCH_MAX_PER_PAGE  100
#define SEARCH_DEFAULT_PER_PAGE 20
#define SEARCH_MAX_PAGE      10000
#define SEARCH_MAX_VALUES    20    /* values of one repeatable parameter */
#define SEARCH_DEFAULT_RADIUS 25   /* km around near= when radius is not given */
#define SEARCH_MIN_RADIUS    0.1
#define SEARCH_MAX_RADIUS    200

/* SORT_DEFAULT is relevance with words, else distance with a point, else name. */
enum search_sort { SORT_DEFAULT, SORT_RELEVANCE, SORT_NAME, SORT_DISTANCE };

struct search_params {
	char             q[SEARCH_MAX_QUERY + 1];   /* search text as typed ("" = none) */
	json_t          *categories;     /* array of category ids (any may match), or NULL */
	json_t          *commitments;    /* array of commitment ids (all must hold), or NULL */
	json_t          *languages;      /* array of spoken-language codes (any), or NULL */
	char             neighbourhood[SEARCH_MAX_PLACE + 1]; /* as given ("" = none) */
	char             city[SEARCH_MAX_PLACE + 1];
	int              fees_free;      /* only organizations with a free service */
	struct near      near;           /* where to measure distances from (NEAR_NONE: nowhere) */
	double           radius_km;      /* with a near= point: the farthest a location may be;
	                                 ** 0 when only ordering (an estimated point) */
	int              radius_given;   /* radius= was given (echoed and carried in links) */
	int              nogeo;          /* nogeo=1: do not estimate a point from the address */
	int              facets;         /* facets=1: the API asks for the facet counts */
	int              count_facets;   /* set by the caller: count them (facets=1, or a page
	                                 ** that shows them) */
	int              open_now;       /* open_now=1 */
	char             open_at[48];    /* open_at= as "YYYY-MM-DDTHH:MM", or "" */
	int              open_filter;    /* keep only places open at open_time */
	struct local_time open_time;     /* set by parse for open_at, by the caller for open_now */
	long             page;           /* 1-based */
	long             per_page;
	enum search_sort sort;
};

/* The parameters a search takes (NULL-terminated); "lang" is among them and left to the
** caller. */
extern const char *const search_param_names[];

/* Validate params, an object whose members are strings, numbers or arrays of them (a
** query string's repeated keys become arrays). Keys not in search_param_names are
** ignored here: an API route refuses them before (routes.c). An empty value (as a
** form's "any" choice sends) counts as not given. near= is looked up in places. With
** open_now=1, the caller sets open_time to the current local time before searching.
** 0, or -1 with a 400 error naming the parameter and the bad value. out must be
** released with search_params_free in both cases. */
int search_params_parse(const json_t *params, const struct places *places,
    struct search_params *out, struct api_error *err);

/* The order the results come in: never SORT_DEFAULT. */
enum search_sort search_effective_sort(const struct search_params *p);

/* 1 when id is one of the strings of list: a parameter's values (p->categories...). */
int search_list_has(const json_t *list, const char *id);
void search_params_free(struct search_params *p);

/* The parameters as given back to the client: {"q", "category": [...], ...}. */
json_t *search_params_echo(const struct search_params *p);

/* Append the query string for these parameters at the given page ("q=...&page=2"), each
** value percent-encoded; page 1 and default values are left out. 0, or -1 on OOM. */
int search_params_query_string(const struct search_params *p, long page, struct buf *out);

struct search_result {
	json_t *views;   /* array of summaries (summary_make), the requested page */
	json_t *nearest; /* parallel to views, with a point: {"km", "location", "precision"}
	                 ** for the organization's nearest location, or null; else NULL */
	long    total;   /* matching organizations in all pages */
	int     fuzzy;   /* 1 when found through the spelling fallback */
	json_t *facets;  /* with count_facets: {"category": {id: n}, "commitment": {id: n},
	                 ** "language": {code: n}}, values with no match left out; else NULL */
};

void search_result_free(struct search_result *r);

struct snapshot;

/* Run the search: on the image snap when it is not NULL (snapshot.h: current for c's
** database), else with SQL alone; both give the same result. 0 with *result filled
** (release with search_result_free), or -1 with a message in err (a database error; the
** message holds no request data). */
int search_run(struct dbconn *c, const struct snapshot *snap, const struct search_params *p,
    const struct synonyms *syn, struct search_result *result, char *err, size_t errlen);

/* The facet counts of the search p whose words are the MATCH expression expr (NULL: no
** words), in the shape of search_result.facets; facets.c. 0, or -1 with a message. */
int search_facets(struct dbconn *c, const struct search_params *p, const char *expr,
    json_t **facets, char *err, size_t errlen);

/* One verified organization's public view by id: 1 found (*view set), 0 not found or not
** public, -1 database error. */
int search_get_organization(struct dbconn *c, const char *uuid, json_t **view, char *err,
    size_t errlen);

/* The number of public (verified) organizations, or -1 on a database error. */
long search_count_public(struct dbconn *c);

#endif
