/*
** view.h - turns stored public views (publish.h) and summaries (summary.h) into the
** values the API returns and the HTML templates render: text maps resolved to one
** language with a visible fallback, catalog ids given their labels, enumerations given
** their words. The same value goes to both outputs; nothing here knows about HTML.
*/
#ifndef SD_VIEW_H
#define SD_VIEW_H

#include <jansson.h>

#include "catalog.h"
#include "i18n.h"
#include "zone.h"

/* The labelled entries of one response that every result repeats: a category's
** {"id", "label"}, a spoken language's {"code", "name", "endonym"}, a fee level's
** {"id", "label"}, and a commitment's label (each held commitment has its own "since").
** Each is made the first time it is asked for and then shared by reference, so twenty
** results speaking French hold one entry for it. The catalogs' own lists
** (view_categories...) are not shared: a results page marks their entries. Start from
** VIEW_LABELS_EMPTY; view_labels_release drops them, and empties the lists of the
** server's filter entries that view_filter_list gave the response, so that they give
** those references back even when the response itself is left to the arena
** (json_arena_drop), which would not. */
#define VIEW_SHARED_LISTS 6   /* two pages' worth of filter lists */
struct view_labels {
	int     ui;                               /* their language; -1 when none is made */
	json_t *commitment[CATALOG_NCOMMITMENTS]; /* label strings, by place in
	                                          ** catalog_commitments */
	json_t *category[CATALOG_NCATEGORIES];    /* by place in catalog_categories */
	json_t *language[CATALOG_NLANGUAGES];     /* by place in catalog_languages */
	json_t *fees[CATALOG_NFEE_LEVELS];        /* by level (catalog_fee_level) */
	json_t *lists[VIEW_SHARED_LISTS];         /* the response's lists of the server's
	                                          ** filter entries (view_filter_list) */
	size_t  nlists;
};
#define VIEW_LABELS_EMPTY { -1, { NULL }, { NULL }, { NULL }, { NULL }, { NULL }, 0 }

void view_labels_release(struct view_labels *labels);

struct view_context {
	int                      ui;          /* requested interface language (catalog.h) */
	int                      default_ui;  /* the directory's default, first fallback */
	const struct i18n       *i18n;        /* interface words */
	const struct local_time *now;         /* the directory's local time, for "open now";
	                                      ** NULL leaves opening states out */
	struct view_labels      *labels;      /* entries shared within a response, or
	                                      ** NULL to make each one anew */
};

/* {"text": "...", "lang": "fr", "fallback": false} for the best language of a text map,
** or null when it is empty. Fallback order: requested, directory default, then the
** interface languages in the order of their codes. max_bytes > 0 shortens the text at a character boundary and adds "…". */
json_t *view_text(const json_t *map, const struct view_context *vl, size_t max_bytes);

/* A search result entry, built from an organization's summary (summary.h). nearest is
** null, or the search's {"km", "location", "precision"} for the organization's nearest
** location. NULL on OOM. */
json_t *view_summary(const json_t *summary, const json_t *nearest,
    const struct view_context *vl);

/* The whole organization, built from a public view; the fields a result shows too come
** from its summary, so both say the same. NULL on OOM. */
json_t *view_detail(const json_t *public_view, const struct view_context *vl);

/* The catalogs' lists as a results page's filters show them, in every interface
** language: each entry as view_commitments, view_categories and view_languages make
** it, once with "selected": false and once with true. Made once by the server before it
** answers, and then only read, so that every request thread shares them (jansson
** counts references atomically); a response takes references, never a copy. */
enum view_list { VIEW_COMMITMENTS, VIEW_CATEGORIES, VIEW_LANGUAGES };
struct view_filter_entries {
	json_t *commitment[UI_NLANG][CATALOG_NCOMMITMENTS][2];
	json_t *category[UI_NLANG][CATALOG_NCATEGORIES][2];
	json_t *language[UI_NLANG][CATALOG_NLANGUAGES][2];
};

/* 0, or -1 out of memory with nothing left made. */
int  view_filter_entries_make(struct view_filter_entries *f, const struct i18n *i18n);
void view_filter_entries_release(struct view_filter_entries *f);

/* The list in vl's language, its entries whose id (a language's code) is one of the
** strings of chosen selected: a new array of the shared entries; NULL on OOM or for a
** language out of range. When vl shares labels, they keep a reference to the array
** and view_labels_release empties it: the response must not use it after that. (Past
** VIEW_SHARED_LISTS lists in one response, the list is made afresh instead.) */
json_t *view_filter_list(const struct view_filter_entries *f, enum view_list list,
    const struct view_context *vl, const json_t *chosen);

/* The lists one entry at a time: how many entries list has, the id of its i-th (a
** spoken language's code), and that entry made afresh as view_commitments,
** view_categories or view_languages make it (NULL past the end or on OOM). */
size_t      view_list_size(enum view_list list);
const char *view_list_id(enum view_list list, size_t i);
json_t     *view_list_entry(enum view_list list, size_t i, const struct view_context *vl);

/* The catalogs, labelled: [{"id", "label", "meaning"?}], [{"code", "name", "endonym"}]. */
json_t *view_commitments(const struct view_context *vl);
json_t *view_categories(const struct view_context *vl);
json_t *view_languages(const struct view_context *vl);

#endif
