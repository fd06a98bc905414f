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

/* The writer's state. The output goes through a local cursor that each function takes
** and returns (NULL on failure) rather than through b's length: b->data is written as
** chars, which may alias anything, so a length kept in b would be read again from
** memory after every byte written. b->len catches up only when b must grow, and at the
** end. */
struct writer {
	struct buf          *b;
	char                *end;    /* the end of b's room, a byte short of its capacity */
	size_t               flags;  /* JSON_COMPACT and the real precision */
	const unsigned char *kind;   /* byte_kinds */
};

/* Where out is after b has grown so that n more bytes fit from there; NULL when memory
** runs out. */
static __attribute__((noinline)) char *
grown(struct writer *w, char *out, size_t n)
{
	struct buf *b = w->b;

	b->len = (size_t)(out - b->data);
	if (buf_reserve(b, n) != 0)
		return NULL;
	w->end = b->data + b->cap - 1;
	return b->data + b->len;
}

/* out, or where out is after b has grown, so that n more bytes fit from there; NULL
** when memory runs out. */
static inline char *
room(struct writer *w, char *out, size_t n)
{
	return (size_t)(w->end - out) >= n ? out : grown(w, out, n);
}

/* Write len bytes from bytes at out, as they are. */
static char *
put_bytes(struct writer *w, char *out, const char *bytes, size_t len)
{
	if ((out = room(w, out, len)) == NULL)
		return NULL;
	memcpy(out, bytes, len);
	return out + len;
}

/* Write the byte c at out: punctuation. */
static char *
put_char(struct writer *w, char *out, char c)
{
	if ((out = room(w, out, 1)) == NULL)
		return NULL;
	*out = c;
	return out + 1;
}

/* Write the string s of len bytes at out, quoted and escaped; NULL if it is not UTF-8.
** Plain bytes are copied as they are scanned, eight at a time while eight are left (the
** room taken for the worst case, six bytes out for each byte in, leaves space for a
** whole word), then one by one up to the byte that stopped the word; a character of two
** bytes is checked here, longer ones by utf8_decode. */
static char *
put_string(struct writer *w, char *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *kind = w->kind;
	uint32_t cp;
	size_t n;

	if (len > ((size_t)-1 - 2) / 6 || (out = room(w, out, len * 6 + 2)) == NULL)
		return NULL;
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
				return NULL;
			while (n-- > 0)
				*out++ = (char)*p++;
		}
	}
	*out++ = '"';
	return out;
}

/* Write an integer in decimal at out, as "%lld" would. */
static char *
put_integer(struct writer *w, char *out, json_int_t value)
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
	return put_bytes(w, out, p, (size_t)(digits + sizeof digits - p));
}

/* Write a real at out exactly as jansson writes it, with the precision in flags. */
static char *
put_real(struct writer *w, char *out, const json_t *value)
{
	char text[128];
	size_t len = json_dumpb(value, text, sizeof text, w->flags | JSON_ENCODE_ANY);

	if (len == 0 || len >= sizeof text)
		return NULL;
	return put_bytes(w, out, text, len);
}

static char *put_value(struct writer *w, char *out, const json_t *value, int depth);

static char *
put_array(struct writer *w, char *out, const json_t *array, int depth)
{
	size_t i, n = json_array_size(array);

	out = put_char(w, out, '[');
	for (i = 0; out != NULL && i < n; i++) {
		if (i > 0)
			out = put_char(w, out, ',');
		if (out != NULL)
			out = put_value(w, out, json_array_get(array, i), depth + 1);
	}
	return out != NULL ? put_char(w, out, ']') : NULL;
}

static char *
put_object(struct writer *w, char *out, const json_t *object, int depth)
{
	void *iter = json_object_iter((json_t *)object);
	int first = 1;

	out = put_char(w, out, '{');
	for (; out != NULL && iter != NULL;
	    iter = json_object_iter_next((json_t *)object, iter), first = 0) {
		if (!first)
			out = put_char(w, out, ',');
		if (out != NULL)
			out = put_string(w, out, json_object_iter_key(iter),
			    json_object_iter_key_len(iter));
		if (out != NULL)
			out = put_char(w, out, ':');
		if (out != NULL)
			out = put_value(w, out, json_object_iter_value(iter), depth + 1);
	}
	return out != NULL ? put_char(w, out, '}') : NULL;
}

static char *
put_value(struct writer *w, char *out, const json_t *value, int depth)
{
	if (value == NULL || depth > JSONOUT_MAX_DEPTH)
		return NULL;
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return put_object(w, out, value, depth);
	case JSON_ARRAY:
		return put_array(w, out, value, depth);
	case JSON_STRING:
		return put_string(w, out, json_string_value(value), json_string_length(value));
	case JSON_INTEGER:
		return put_integer(w, out, json_integer_value(value));
	case JSON_REAL:
		return put_real(w, out, value);
	case JSON_TRUE:
		return put_bytes(w, out, "true", 4);
	case JSON_FALSE:
		return put_bytes(w, out, "false", 5);
	case JSON_NULL:
		return put_bytes(w, out, "null", 4);
	}
	return NULL;
}

int
jsonout_compact(struct buf *b, const json_t *value, size_t flags)
{
	struct writer w;
	size_t start = b->len;
	char *out;

	if ((!json_is_object(value) && !json_is_array(value)) || buf_reserve(b, 64) != 0)
		return -1;
	w.b = b;
	w.end = b->data + b->cap - 1;
	w.flags = flags | JSON_COMPACT;
	w.kind = byte_kinds;
	if ((out = put_value(&w, b->data + start, value, 0)) != NULL) {
		b->len = (size_t)(out - b->data);
		b->data[b->len] = '\0';
		return 0;
	}
	if (b->data != NULL) {
		b->len = start;
		b->data[start] = '\0';
	}
	return -1;
}
