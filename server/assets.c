/*
** assets.c - the table of static files and their content-hash names (see assets.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "assets.h"
#include "embedded.h"

#define STATIC_DIR "client-web/static/"
#define HASH_BYTES 5

static const struct { const char *ext, *mime; } mime_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".json", "application/json" },
};

const char *
assets_mime(const char *name)
{
	size_t i, n = strlen(name), e;

	for (i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++) {
		e = strlen(mime_types[i].ext);
		if (n > e && strcmp(name + n - e, mime_types[i].ext) == 0)
			return mime_types[i].mime;
	}
	return "application/octet-stream";
}

/* "style.css" + hash -> "/static/style.HASH.css" */
static int
hashed_url(struct asset *as)
{
	unsigned char digest[HASH_BYTES];
	char hex[HASH_BYTES * 2 + 1];
	const char *dot = strrchr(as->name, '.');
	int n;

	crypto_generichash(digest, sizeof digest, as->data, as->len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	if (dot == NULL)
		n = snprintf(as->url, sizeof as->url, "/static/%s.%s", as->name, hex);
	else
		n = snprintf(as->url, sizeof as->url, "/static/%.*s.%s%s", (int)(dot - as->name),
		    as->name, hex, dot);
	return n > 0 && (size_t)n < sizeof as->url ? 0 : -1;
}

int
assets_load(struct assets *a)
{
	size_t i, prefix = strlen(STATIC_DIR);
	struct asset *as;

	memset(a, 0, sizeof *a);
	if (sodium_init() < 0)
		return -1;
	a->list = calloc(embedded_count ? embedded_count : 1, sizeof *a->list);
	if (a->list == NULL)
		return -1;
	for (i = 0; i < embedded_count; i++) {
		if (strncmp(embedded_files[i].name, STATIC_DIR, prefix) != 0)
			continue;
		as = &a->list[a->count];
		if (strlen(embedded_files[i].name + prefix) >= sizeof as->name)
			goto fail;
		strcpy(as->name, embedded_files[i].name + prefix);
		as->data = embedded_files[i].data;
		as->len = embedded_files[i].len;
		as->mime = assets_mime(as->name);
		if (hashed_url(as) != 0)
			goto fail;
		a->count++;
	}
	return 0;
fail:
	assets_free(a);
	return -1;
}

void
assets_free(struct assets *a)
{
	free(a->list);
	a->list = NULL;
	a->count = 0;
}

const struct asset *
assets_by_url(const struct assets *a, const char *url)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		if (strcmp(a->list[i].url, url) == 0)
			return &a->list[i];
	return NULL;
}

json_t *
assets_urls(const struct assets *a)
{
	json_t *out = json_object();
	char key[64], *p;
	size_t i;

	for (i = 0; out != NULL && i < a->count; i++) {
		snprintf(key, sizeof key, "%s", a->list[i].name);
		for (p = key; *p != '\0'; p++)
			if (*p == '.' || *p == '-')
				*p = '_';
		json_object_set_new(out, key, json_string(a->list[i].url));
	}
	return out;
}
