/*
** compress.h - gzip for replies to clients that accept it. Only public pages, the
** public API and static files are compressed: they hold no secret, so the size of a
** compressed reply cannot leak a form token or session (the BREACH attack).
*/
#ifndef SD_COMPRESS_H
#define SD_COMPRESS_H

#include <stddef.h>

#include "buf.h"

#define COMPRESS_MIN_BYTES 512   /* smaller replies are sent as they are */

/* 1 when an Accept-Encoding header value (may be NULL) accepts gzip: a "gzip" (or
** "x-gzip") item, or "*", whose q= is not 0. */
int compress_accepts_gzip(const char *accept_encoding);

/* Append the gzip stream of data[0..len) to out. 0, or -1 (out of memory, zlib error). */
int compress_gzip(const void *data, size_t len, struct buf *out);

#endif
