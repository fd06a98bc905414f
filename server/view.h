/*
** view.h - turns stored public views (publish.h) into the values the API returns and the
** HTML templates render: text maps resolved to one language with a visible fallback,
** catalog ids given their labels, enumerations given their words. The same value goes to
** both outputs; nothing here knows about HTML.
*/
#ifndef SD_VIEW_H
#define SD_VIEW_H

#include <jansson.h>

#include "i18n.h"
#include "zone.h"

struct view_context {
	int                      ui;          /* requested interface language (catalog.h) */
	int                      default_ui;  /* the directory's default, first fallback */
	const struct i18n       *i18n;        /* interface words */
	const struct local_time *now;         /* the directory's local time, for "open now";
	                                      ** NULL leaves opening states out */
};

/* {"text": "...", "lang": "fr", "fallback": false} for the best language of a text map,
** or null when it is empty. Fallback order: requested, directory default, then the
** interface languages in the order of their codes. max_bytes > 0 shortens the text at a character boundary and adds "…". */
json_t *view_text(const json_t *map, const struct view_context *vl, size_t max_bytes);

/* A search result entry, built from a public view. nearest is null, or the search's
** {"km", "location", "precision"} for the organization's nearest location. NULL on OOM. */
json_t *view_summary(const json_t *public_view, const json_t *nearest,
    const struct view_context *vl);

/* The whole organization, built from a public view. NULL on OOM. */
json_t *view_detail(const json_t *public_view, const struct view_context *vl);

/* The catalogs, labelled: [{"id", "label", "meaning"?}], [{"code", "name", "endonym"}]. */
json_t *view_commitments(const struct view_context *vl);
json_t *view_categories(const struct view_context *vl);
json_t *view_languages(const struct view_context *vl);

#endif
