/*
** pages.h - rendering a handler's value as an HTML page: the value is wrapped in the
** page envelope (language, text direction, language switcher, asset URLs) and rendered
** through a template of client-web/templates/. Every variable byte is escaped by the
** template engine; nothing here writes HTML itself.
*/
#ifndef SD_PAGES_H
#define SD_PAGES_H

#include <jansson.h>

#include "buf.h"
#include "server.h"

struct page_meta {
	int           ui;            /* interface language */
	int           lang_given;    /* the visitor chose it with lang=, so links carry it */
	const char   *path;          /* the request path, for the language switcher */
	const json_t *query;         /* the request's arguments, for the language switcher */
	const char   *csrf;          /* the form token for the page's forms, or NULL */
	json_t       *account;       /* who is logged in ({login, coordinator, organization}),
	                             ** or NULL; borrowed */
};

/* path?query with param set to value (its other values dropped, the other arguments
** kept, everything percent-encoded): the language switcher's links, and the links of an
** error page's suggestions. NULL on OOM. */
json_t *page_address_with(const char *path, const json_t *query, const char *param,
    const char *value);

/* Translate the templates' texts into every interface language ahead, as page_render
** writes them (tmpl_set_translate_ahead). 0, or -1 out of memory. */
int page_translate_templates(struct tmpl_set *templates, const struct i18n *i18n);

/* Render template with value as "page" in the envelope; append to out. 0, or -1 (OOM, a
** missing template, or templates not translated ahead). value is borrowed. */
int page_render(const struct server *srv, const char *template_name, json_t *value,
    const struct page_meta *meta, struct buf *out);

#endif
