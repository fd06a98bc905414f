/*
** compress.c - the Accept-Encoding check and gzip with zlib (see compress.h).
*/
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "compress.h"

#define GZIP_LEVEL 5          /* most of level 9's gain for a third of its time */
#define GZIP_WINDOW (15 + 16) /* 32 KiB window, gzip header and trailer */

/* The q= of one item's parameters ("; q=0.5"): 0 when it is zero, else 1. */
static int
q_not_zero(const char *params, size_t len)
{
	size_t i = 0;

	while (i < len) {
		while (i < len && (params[i] == ';' || params[i] == ' ' || params[i] == '\t'))
			i++;
		if (len - i >= 2 && tolower((unsigned char)params[i]) == 'q' && params[i + 1] == '=') {
			for (i += 2; i < len && (params[i] == '0' || params[i] == '.'); i++)
				;
			return i < len && isdigit((unsigned char)params[i]);
		}
		while (i < len && params[i] != ';')
			i++;
	}
	return 1;
}

int
compress_accepts_gzip(const char *header)
{
	const char *item, *end, *semi;
	size_t name;

	for (item = header; item != NULL && *item != '\0'; item = *end ? end + 1 : end) {
		end = strchr(item, ',');
		if (end == NULL)
			end = item + strlen(item);
		while (item < end && (*item == ' ' || *item == '\t'))
			item++;
		semi = memchr(item, ';', (size_t)(end - item));
		name = (size_t)((semi != NULL ? semi : end) - item);
		while (name > 0 && (item[name - 1] == ' ' || item[name - 1] == '\t'))
			name--;
		if (((name == 4 && strncasecmp(item, "gzip", 4) == 0) ||
		    (name == 6 && strncasecmp(item, "x-gzip", 6) == 0) ||
		    (name == 1 && item[0] == '*')) &&
		    (semi == NULL || q_not_zero(semi, (size_t)(end - semi))))
			return 1;
	}
	return 0;
}

int
compress_gzip(const void *data, size_t len, struct buf *out)
{
	z_stream z;
	uLong bound;
	int rc;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	bound = deflateBound(&z, (uLong)len);
	if (buf_reserve(out, bound) != 0) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	if (rc == Z_STREAM_END) {
		out->len += z.total_out;
		out->data[out->len] = '\0';
	}
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}
