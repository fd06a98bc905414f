/*
** html.h - the escaping writers. Every byte of variable text that reaches an HTML page
** goes through html_escape(); every value placed in a URL goes through url_encode() and
** then html_escape(). Nothing else in the server writes variable text into HTML.
*/
#ifndef SD_HTML_H
#define SD_HTML_H

#include <stddef.h>
#include "buf.h"

/* Append s[0..len) with & < > " ' replaced by character references. 0 or -1 (OOM). */
int html_escape(struct buf *out, const char *s, size_t len);

/* Append s[0..len) percent-encoded: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX
** (upper-case hex). The result is safe in a query string value or a path segment.
** 0 or -1 (OOM). */
int url_encode(struct buf *out, const char *s, size_t len);

#endif
