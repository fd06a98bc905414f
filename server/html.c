/*
** html.c - the two escaping writers (see html.h for the contract).
**
** Variable text reaches a page only through these functions, so the rules for what is
** safe inside HTML text, attribute values and URLs live in one place. Both copy runs of
** harmless bytes in one append and write an escape for each byte that needs one;
** html_escape looks for those bytes eight at a time.
*/
#include <stdint.h>
#include <string.h>

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

/* 1 when one of the eight bytes at p is one html_entity replaces: for each of the five,
** the usual test for a zero byte on the word xor that byte (exact as to whether there is
** one). */
static int
word_needs_escape(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t w, amp, lt, gt, quot, apos;

	memcpy(&w, p, 8);
	amp = w ^ (ones * '&');
	lt = w ^ (ones * '<');
	gt = w ^ (ones * '>');
	quot = w ^ (ones * '"');
	apos = w ^ (ones * '\'');
	return ((((amp - ones) & ~amp) | ((lt - ones) & ~lt) | ((gt - ones) & ~gt) |
	    ((quot - ones) & ~quot) | ((apos - ones) & ~apos)) & highs) != 0;
}

/* Words of eight bytes that need no escape are skipped whole; the bytes of any other
** word, and of the last few, are looked at one by one. */
int
html_escape(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p, *stop;
	const char *entity;

	while (p < end) {
		if (end - p >= 8 && !word_needs_escape(p)) {
			p += 8;
			continue;
		}
		for (stop = end - p >= 8 ? p + 8 : end; p < stop; p++) {
			if ((entity = html_entity(*p)) == NULL)
				continue;
			if (buf_append(out, run, (size_t)(p - run)) != 0 || buf_puts(out, entity) != 0)
				return -1;
			run = p + 1;
		}
	}
	if (run < end)
		return buf_append(out, run, (size_t)(end - run));
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
