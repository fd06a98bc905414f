/*
** html.c - the two escaping writers (see html.h for the contract).
**
** Variable text reaches a page only through these functions, so the rules for what is
** safe inside HTML text, attribute values and URLs live in one place. Both copy runs of
** harmless bytes in one append and write an escape for each byte that needs one.
*/
#include "html.h"

/* The character reference for c, or NULL if c is written as it is. */
static const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

int
html_escape(struct buf *out, const char *s, size_t len)
{
	const char *entity;
	size_t start, i;

	start = 0;
	for (i = 0; i < len; i++) {
		entity = html_entity((unsigned char)s[i]);
		if (entity == NULL)
			continue;
		if (buf_append(out, s + start, i - start) != 0 ||
		    buf_puts(out, entity) != 0)
			return -1;
		start = i + 1;
	}
	if (start < len)
		return buf_append(out, s + start, len - start);
	return buf_failed(out) ? -1 : 0;
}

/* 1 if c is an RFC 3986 unreserved character: A-Z a-z 0-9 - . _ ~ */
static int
url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

int
url_encode(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char escape[3];
	unsigned char c;
	size_t i;

	if (buf_reserve(out, len) != 0)
		return -1;
	escape[0] = '%';
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (url_unreserved(c)) {
			if (buf_putc(out, (char)c) != 0)
				return -1;
			continue;
		}
		escape[1] = hex[c >> 4];
		escape[2] = hex[c & 0x0f];
		if (buf_append(out, escape, sizeof(escape)) != 0)
			return -1;
	}
	return 0;
}
