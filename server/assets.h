/*
** assets.h - the static files of client-web/static/, compiled into the binary and served
** under content-hash names ("style.css" is served as "/static/style.1a2b3c4d5e.css"), so
** they can be cached for a year and a new version is a new name. Only names in this
** table can ever be served: a request path is never used to open a file.
*/
#ifndef SD_ASSETS_H
#define SD_ASSETS_H

#include <stddef.h>
#include <jansson.h>

struct asset {
	char                 name[64];     /* source name: "style.css" */
	char                 url[96];      /* "/static/style.1a2b3c4d5e.css" */
	const char          *mime;         /* Content-Type */
	const unsigned char *data;
	size_t               len;
};

struct assets {
	struct asset *list;
	size_t        count;
};

/* Build the table from the embedded files. 0, or -1 on OOM or a name too long. */
int assets_load(struct assets *a);
void assets_free(struct assets *a);

/* The asset served at url ("/static/..."), or NULL. */
const struct asset *assets_by_url(const struct assets *a, const char *url);

/* {"style.css": "/static/style.1a2b3c4d5e.css", ...} with '.' in names replaced by '_'
** ("style_css") so templates can name them. New reference or NULL. */
json_t *assets_urls(const struct assets *a);

/* The MIME type for a file name by its extension. */
const char *assets_mime(const char *name);

#endif
