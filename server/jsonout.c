/*
** jsonout.c - a fast compact writer of jansson values (see jsonout.h).
**
** Strings are copied as they are scanned, eight bytes at a time: a table says which bytes
** stop the copy (the two that must be escaped, control characters, and any byte from 0x80
** on, which must start a character utf8.c accepts, as jansson checks it). Reals are left
** to jansson itself, so their digits are its own; they are few in a response.
*/
#include <stdint.h>
#include <string.h>

#include "jsonout.h"
#include "utf8.h"

/* What a byte means inside a string. */
enum {
	BYTE_PLAIN = 0,  /* copied as it is */
	BYTE_ESCAPE,     /* written as a backslash escape */
	BYTE_NON_ASCII   /* starts a multi-byte character, or is invalid */
};

/* The kind of byte c: the rule, which the table below is made from at compile time. */
#define BYTE_KIND(c) ((c) < 0x20 || (c) == '"' || (c) == '\\' ? BYTE_ESCAPE : \
    (c) < 0x80 ? BYTE_PLAIN : BYTE_NON_ASCII)
#define KINDS4(c)  BYTE_KIND(c), BYTE_KIND((c) + 1), BYTE_KIND((c) + 2), BYTE_KIND((c) + 3)
#define KINDS16(c) KINDS4(c), KINDS4((c) + 4), KINDS4((c) + 8), KINDS4((c) + 12)
#define KINDS64(c) KINDS16(c), KINDS16((c) + 16), KINDS16((c) + 32), KINDS16((c) + 48)

static const unsigned char byte_kinds[256] = { KINDS64(0), KINDS64(64), KINDS64(128), KINDS64(192) };

/* Write the escape of byte c (a control character, '"' or '\\') at out; its length. */
static size_t
put_escape(char *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char letter = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\f' ? 'f' :
	    c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;

	out[0] = '\\';
	if (letter != 0) {
		out[1] = letter;
		return 2;
	}
	memcpy(out + 1, "u00", 3);
	out[4] = hex[c >> 4];
	out[5] = hex[c & 0xF];
	return 6;
}

/* 1 when none of the eight bytes at p is below 0x20, '"', '\\' or from 0x80 on, the rule
** of BYTE_KIND: each test is the usual "has a byte below n" on the word, exact as to
** whether there is one. */
static int
plain_word(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t w, quote, backslash;

	memcpy(&w, p, 8);
	quote = w ^ (ones * '"');
	backslash = w ^ (ones * '\\');
	return ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
	    ((backslash - ones) & ~backslash) | w) & highs) == 0;
}

/* Append the string s of len bytes, quoted and escaped; -1 if it is not UTF-8. Plain
** bytes are copied as they are scanned, eight at a time while eight are left (the room
** reserved for the worst case, six bytes out for each byte in, leaves space for a whole
** word), then one by one up to the byte that stopped the word; a character of two bytes
** is checked here, longer ones by utf8_decode. */
static int
put_string(struct buf *b, const unsigned char kind[256], const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	char *out;
	uint32_t cp;
	size_t n;

	if (len > ((size_t)-1 - 2) / 6 || buf_reserve(b, len * 6 + 2) != 0)
		return -1;
	out = b->data + b->len;
	*out++ = '"';
	for (;;) {
		for (; end - p >= 8 && plain_word(p); p += 8, out += 8)
			memcpy(out, p, 8);
		while (p < end && kind[*p] == BYTE_PLAIN)
			*out++ = (char)*p++;
		if (p == end)
			break;
		if (kind[*p] == BYTE_ESCAPE) {
			out += put_escape(out, *p++);
		} else if (*p >= 0xC2 && *p <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
			*out++ = (char)*p++;
			*out++ = (char)*p++;
		} else {
			if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0)
				return -1;
			while (n-- > 0)
				*out++ = (char)*p++;
		}
	}
	*out++ = '"';
	b->len = (size_t)(out - b->data);
	b->data[b->len] = '\0';
	return 0;
}

/* Append an integer in decimal, as "%lld" would. */
static int
put_integer(struct buf *b, json_int_t value)
{
	char digits[24], *p = digits + sizeof digits;
	unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value :
	    (unsigned long long)value;

	do {
		*--p = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude != 0);
	if (value < 0)
		*--p = '-';
	return buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

/* Append a real exactly as jansson writes it, with the precision in flags. */
static int
put_real(struct buf *b, const json_t *value, size_t flags)
{
	char text[128];
	size_t len = json_dumpb(value, text, sizeof text, flags | JSON_ENCODE_ANY);

	if (len == 0 || len >= sizeof text)
		return -1;
	return buf_append(b, text, len);
}

struct writer {
	struct buf          *b;
	size_t               flags;      /* JSON_COMPACT and the real precision */
	const unsigned char *kind;       /* byte_kinds */
};

static int put_value(struct writer *w, const json_t *value, int depth);

static int
put_array(struct writer *w, const json_t *array, int depth)
{
	size_t i, n = json_array_size(array);

	if (buf_putc(w->b, '[') != 0)
		return -1;
	for (i = 0; i < n; i++)
		if ((i > 0 && buf_putc(w->b, ',') != 0) ||
		    put_value(w, json_array_get(array, i), depth + 1) != 0)
			return -1;
	return buf_putc(w->b, ']');
}

static int
put_object(struct writer *w, const json_t *object, int depth)
{
	void *iter = json_object_iter((json_t *)object);
	int first = 1;

	if (buf_putc(w->b, '{') != 0)
		return -1;
	for (; iter != NULL; iter = json_object_iter_next((json_t *)object, iter), first = 0)
		if ((!first && buf_putc(w->b, ',') != 0) ||
		    put_string(w->b, w->kind, json_object_iter_key(iter),
		    json_object_iter_key_len(iter)) != 0 || buf_putc(w->b, ':') != 0 ||
		    put_value(w, json_object_iter_value(iter), depth + 1) != 0)
			return -1;
	return buf_putc(w->b, '}');
}

static int
put_value(struct writer *w, const json_t *value, int depth)
{
	if (value == NULL || depth > JSONOUT_MAX_DEPTH)
		return -1;
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return put_object(w, value, depth);
	case JSON_ARRAY:
		return put_array(w, value, depth);
	case JSON_STRING:
		return put_string(w->b, w->kind, json_string_value(value),
		    json_string_length(value));
	case JSON_INTEGER:
		return put_integer(w->b, json_integer_value(value));
	case JSON_REAL:
		return put_real(w->b, value, w->flags);
	case JSON_TRUE:
		return buf_puts(w->b, "true");
	case JSON_FALSE:
		return buf_puts(w->b, "false");
	case JSON_NULL:
		return buf_puts(w->b, "null");
	}
	return -1;
}

int
jsonout_compact(struct buf *b, const json_t *value, size_t flags)
{
	struct writer w;
	size_t start = b->len;

	if (!json_is_object(value) && !json_is_array(value))
		return -1;
	w.b = b;
	w.flags = flags | JSON_COMPACT;
	w.kind = byte_kinds;
	if (put_value(&w, value, 0) == 0)
		return 0;
	if (b->data != NULL) {
		b->len = start;
		b->data[start] = '\0';
	}
	return -1;
}
