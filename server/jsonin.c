/*
** jsonin.c - the JSON reader that builds jansson's values without jansson's loader (see
** jsonin.h).
**
** One pass over the text with a pointer and an end. A string without escapes is handed
** to jansson straight from the text; one with escapes is decoded into a scratch buffer,
** the runs between escapes copied whole. A container is made when its opening bracket
** is read and added at once, empty, to the container around it, which owns it from then
** on: the reader keeps only borrowed pointers to the open containers, outermost first,
** and on any error releasing the outermost one releases everything built. So no key
** has to be kept while a nested container is read, and the nesting lives in an array
** (inside the reader up to READER_INLINE_OPEN levels, on the heap beyond) rather than
** on the C stack, whatever the stack size of the calling thread.
*/
#include "jsonin.h"
#include "utf8.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define READER_INLINE_TEXT   256 /* bytes of decoded string held in the reader itself */
#define READER_INLINE_OPEN   32  /* open containers held in the reader itself */
#define READER_INLINE_NUMBER 64  /* bytes of a real's text copied on the C stack */

/* The largest json_int_t: jansson reads integers with strtoll when json_int_t is long
** long, with strtol when it is long. */
#if JSON_INTEGER_IS_LONG_LONG
#define JSONIN_INT_MAX LLONG_MAX
#else
#define JSONIN_INT_MAX LONG_MAX
#endif

/* A decoded string. data is inline_data until more room is needed. */
struct scratch {
	char   *data;                            /* the decoded bytes */
	size_t  len;                             /* bytes in use */
	size_t  cap;                             /* bytes available at data */
	char    inline_data[READER_INLINE_TEXT]; /* the first buffer, never freed */
};

/* The array a streamed parse hands out element by element (jsonin_parse_unique_stream). */
struct stream {
	const char        *key;      /* the root member whose array is streamed */
	jsonin_element_fn  fn;       /* takes each of its elements */
	void              *arg;      /* fn's first argument */
	json_t            *array;    /* that array while it is read (borrowed), or NULL */
	int                stopped;  /* fn asked to stop */
};

/* Everything one parse needs; it lives on the caller's stack and is never shared. */
struct reader {
	const unsigned char *p;                   /* next byte to read */
	const unsigned char *end;                 /* one past the last byte there so far */
	const unsigned char *base;                /* the text's first byte */
	const struct jsonin_source *source;       /* where more comes from, or NULL */
	int             whole;                    /* end is the text's own end */
	json_t        **open;                     /* containers not closed yet, outermost
	                                          ** first; all borrowed: the caller owns
	                                          ** open[0], each one owns the next */
	size_t          depth;                    /* containers in open */
	size_t          open_cap;                 /* room in open */
	json_t         *inline_open[READER_INLINE_OPEN]; /* open's first array */
	int             unique_keys;              /* a key twice in one object is an error */
	struct stream  *stream;                   /* a streamed parse, or NULL */
	struct scratch  key;                      /* the key of the member being read */
	struct scratch  text;                     /* the string value being read */
};

/* 1 for the bytes a string holds as they are: ASCII from the space on, but '"' and '\\'.
** Control characters, quote, backslash and bytes from 0x80 on are looked at one by one. */
static const unsigned char plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x20: '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* 0x50: '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x70 */
};

/* Move a buffer that starts out inside a struct to the heap, or resize it there, keeping
** its first used bytes. The new buffer, or NULL when memory runs out (data is then
** unchanged). */
static void *
grow_buffer(void *data, const void *inline_data, size_t used, size_t cap)
{
	void *bigger;

	if (data != inline_data)
		return realloc(data, cap);
	if ((bigger = malloc(cap)) != NULL)
		memcpy(bigger, data, used);
	return bigger;
}

static void
scratch_init(struct scratch *s)
{
	s->data = s->inline_data;
	s->len = 0;
	s->cap = sizeof s->inline_data;
}

static void
scratch_free(struct scratch *s)
{
	if (s->data != s->inline_data)
		free(s->data);
}

/* Append n bytes to s. 0, or -1 when memory runs out. */
static int
scratch_append(struct scratch *s, const void *bytes, size_t n)
{
	size_t cap = s->cap;
	char *bigger;

	if (n > s->cap - s->len) {
		while (n > cap - s->len) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		if ((bigger = grow_buffer(s->data, s->inline_data, s->len, cap)) == NULL)
			return -1;
		s->data = bigger;
		s->cap = cap;
	}
	memcpy(s->data + s->len, bytes, n);
	s->len += n;
	return 0;
}

/* Append code point cp (at most U+10FFFF, not a surrogate) to s as UTF-8. 0 or -1. */
static int
scratch_put_utf8(struct scratch *s, uint32_t cp)
{
	unsigned char bytes[4];
	size_t n;

	if (cp < 0x80) {
		bytes[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		bytes[0] = (unsigned char)(0xc0 | cp >> 6);
		bytes[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		bytes[0] = (unsigned char)(0xe0 | cp >> 12);
		bytes[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		bytes[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		bytes[0] = (unsigned char)(0xf0 | cp >> 18);
		bytes[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		bytes[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		bytes[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return scratch_append(s, bytes, n);
}

/* Skip the bytes at p that a string holds as they are (plain_byte), eight at a time while
** eight remain; where they stop. The eight bytes of a word are all plain exactly when no
** high bit is set in any of: the word itself (a byte from 0x80 on), the word minus 0x20 in
** each byte (a byte below 0x20 borrows), and the zero-byte tests of the word xor '"' and
** of the word xor '\\' (a quote or a backslash becomes a zero byte). */
static const unsigned char *
skip_plain(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w, quote, backslash;

	while (end - p >= 8) {
		memcpy(&w, p, sizeof w);
		quote = w ^ (ones * '"');
		backslash = w ^ (ones * '\\');
		if (((w - ones * 0x20) | w | ((quote - ones) & ~quote) |
		    ((backslash - ones) & ~backslash)) & highs)
			break;
		p += 8;
	}
	while (p < end && plain_byte[*p])
		p++;
	return p;
}

static void
skip_space(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' ||
	    *r->p == '\r'))
		r->p++;
}

/* With a text still coming in (a source), wait until ahead bytes past r->p are there,
** or the text is whole, and move r->end to the last of them. */
static void
read_ahead(struct reader *r, size_t ahead)
{
	size_t at, want, have;

	if (r->whole || (size_t)(r->end - r->p) >= ahead)
		return;
	at = (size_t)(r->p - r->base);
	want = ahead > SIZE_MAX - at ? SIZE_MAX : at + ahead;
	have = r->source->more(r->source->arg, want, &r->whole);
	if (have > (size_t)(r->end - r->base))	/* never back: values point into the text */
		r->end = r->base + have;
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The value of the four hexadecimal digits at p[0..3], either case, or -1. */
static long
hex4(const unsigned char *p)
{
	long value = 0;
	int i, digit;

	for (i = 0; i < 4; i++) {
		if (is_digit(p[i]))
			digit = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			digit = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			digit = p[i] - 'A' + 10;
		else
			return -1;
		value = value << 4 | digit;
	}
	return value;
}

/* Decode the \uXXXX escape whose backslash is at p, with the low surrogate escape that
** must follow it when it is a high surrogate, into s as UTF-8. The byte after the
** escape(s), or NULL when they are cut short, not hexadecimal, an unpaired surrogate or
** U+0000 (refused in keys, and in values without JSON_ALLOW_NUL), or memory runs out. */
static const unsigned char *
decode_u_escape(const unsigned char *p, const unsigned char *end, struct scratch *s)
{
	long cp, low;

	if (end - p < 6 || (cp = hex4(p + 2)) < 0)
		return NULL;
	p += 6;
	if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
		return NULL;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || (low = hex4(p + 2)) < 0xdc00 ||
		    low > 0xdfff)
			return NULL;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
		p += 6;
	}
	return scratch_put_utf8(s, (uint32_t)cp) == 0 ? p : NULL;
}

/* Decode the escape whose backslash is at p into s. The byte after it, or NULL when it is
** not one of \" \\ \/ \b \f \n \r \t \uXXXX, is refused (decode_u_escape), or memory runs
** out. */
static const unsigned char *
decode_escape(const unsigned char *p, const unsigned char *end, struct scratch *s)
{
	char c;

	if (end - p < 2)
		return NULL;
	switch (p[1]) {
	case '"':
	case '\\':
	case '/':
		c = (char)p[1];
		break;
	case 'b':
		c = '\b';
		break;
	case 'f':
		c = '\f';
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case 'u':
		return decode_u_escape(p, end, s);
	default:
		return NULL;
	}
	return scratch_append(s, &c, 1) == 0 ? p + 2 : NULL;
}

/* Read the string whose opening quote is at r->p. Its bytes are *out, *outlen: in the
** text itself when it holds no escape, else decoded into s (valid until s is next used).
** 0 with r->p past the closing quote, or -1: no closing quote, a control character, a
** byte that does not begin a strictly valid UTF-8 sequence, a refused escape, or out of
** memory. */
static int
read_string(struct reader *r, struct scratch *s, const char **out, size_t *outlen)
{
	const unsigned char *p = r->p + 1, *run = p, *end = r->end;
	int escaped = 0;
	uint32_t cp;
	size_t n;

	s->len = 0;
	for (;;) {
		p = skip_plain(p, end);
		if (p == end)
			return -1;
		if (*p == '"')
			break;
		if (*p == '\\') {
			if (scratch_append(s, run, (size_t)(p - run)) != 0 ||
			    (p = decode_escape(p, end, s)) == NULL)
				return -1;
			run = p;
			escaped = 1;
		} else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) >= 2) {
			p += n;
		} else {
			return -1;	/* a control character (n 1), or not UTF-8 (n 0) */
		}
	}
	if (escaped && scratch_append(s, run, (size_t)(p - run)) != 0)
		return -1;
	*out = escaped ? s->data : (const char *)run;
	*outlen = escaped ? s->len : (size_t)(p - run);
	r->p = p + 1;
	return 0;
}

/* The integer written in [text, end): an optional '-' and digits. A new integer, or NULL
** when it is out of json_int_t's range (as strtoll's ERANGE) or memory runs out. */
static json_t *
make_integer(const unsigned char *text, const unsigned char *end)
{
	int negative = *text == '-';
	unsigned long long limit, magnitude = 0;
	unsigned digit;

	limit = negative ? (unsigned long long)JSONIN_INT_MAX + 1 : JSONIN_INT_MAX;
	for (text += negative; text < end; text++) {
		digit = (unsigned)(*text - '0');
		if (magnitude > (limit - digit) / 10)
			return NULL;
		magnitude = magnitude * 10 + digit;
	}
	if (!negative || magnitude == 0)
		return json_integer((json_int_t)magnitude);
	return json_integer(-(json_int_t)(magnitude - 1) - 1);
}

/* jansson gives strtod the number with its '.' replaced by the first byte of the
** locale's decimal point, so that strtod reads it whatever LC_NUMERIC is; so does this.
** nl_langinfo(RADIXCHAR) is the decimal point localeconv() reports (the one strtod
** expects), read without writing localeconv's shared result. */
static void
localize_point(char *number)
{
	char *point = strchr(number, '.');
	const char *radix;

	if (point == NULL)
		return;
	radix = nl_langinfo(RADIXCHAR);
	if (radix[0] != '.')
		*point = radix[0];
}

/* The real written in [text, end), valid by JSON's grammar. A new real, or NULL when
** strtod overflows (to +-HUGE_VAL with ERANGE; underflow is accepted, as by jansson) or
** memory runs out. The text is copied, NUL-terminated, for strtod. */
static json_t *
make_real(const unsigned char *text, const unsigned char *end)
{
	char inline_copy[READER_INLINE_NUMBER], *copy = inline_copy;
	size_t len = (size_t)(end - text);
	json_t *real = NULL;
	double value;

	if (len >= sizeof inline_copy && (copy = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(copy, text, len);
	copy[len] = '\0';
	localize_point(copy);
	errno = 0;
	value = strtod(copy, NULL);
	if (!((value == HUGE_VAL || value == -HUGE_VAL) && errno == ERANGE))
		real = json_real(value);
	if (copy != inline_copy)
		free(copy);
	return real;
}

/* Skip the digits at p; where they stop. */
static const unsigned char *
skip_digits(const unsigned char *p, const unsigned char *end)
{
	while (p < end && is_digit(*p))
		p++;
	return p;
}

/* Read the number at r->p: an integer when it has no fraction and no exponent, else a
** real. NULL when the text is not a JSON number (no digit, a leading zero followed by a
** digit, no digit after '.' or in the exponent), is out of range, or memory runs out. */
static json_t *
read_number(struct reader *r)
{
	const unsigned char *start = r->p, *p = r->p, *end = r->end;
	int is_real = 0;

	if (*p == '-')
		p++;
	if (p == end || !is_digit(*p))
		return NULL;
	p = *p == '0' ? p + 1 : skip_digits(p, end);
	if (p < end && is_digit(*p))
		return NULL;
	if (p < end && *p == '.') {
		if (++p == end || !is_digit(*p))
			return NULL;
		p = skip_digits(p, end);
		is_real = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !is_digit(*p))
			return NULL;
		p = skip_digits(p, end);
		is_real = 1;
	}
	r->p = p;
	return is_real ? make_real(start, p) : make_integer(start, p);
}

/* The literal true, false or null at r->p, or NULL. What follows it is the caller's
** business: a letter there fails as the next token, as jansson's longer word would. */
static json_t *
read_literal(struct reader *r)
{
	size_t left = (size_t)(r->end - r->p);

	if (left >= 4 && memcmp(r->p, "true", 4) == 0) {
		r->p += 4;
		return json_true();
	}
	if (left >= 5 && memcmp(r->p, "false", 5) == 0) {
		r->p += 5;
		return json_false();
	}
	if (left >= 4 && memcmp(r->p, "null", 4) == 0) {
		r->p += 4;
		return json_null();
	}
	return NULL;
}

/* Read the string, number or literal at r->p (which is before r->end). A new value, or
** NULL when there is none or memory runs out. */
static json_t *
read_scalar(struct reader *r)
{
	const char *s;
	size_t len;
	json_t *value;

	if (*r->p == '"') {
		if (read_string(r, &r->text, &s, &len) != 0)
			return NULL;
		return json_stringn_nocheck(s, len);
	}
	if (*r->p == '-' || is_digit(*r->p))
		value = read_number(r);
	else
		value = read_literal(r);
	/* a number or word that ends where the text read so far ends may go on after it */
	if (value != NULL && r->p == r->end && !r->whole) {
		json_decref(value);
		return NULL;
	}
	/* jansson reads the byte after a number or a word and steps back over it; when that
	** byte is NUL its stream forgets it, and reading goes on after it. */
	if (value != NULL && r->p < r->end && *r->p == '\0')
		r->p++;
	return value;
}

/* Make container the innermost open one (borrowed: its parent, or jsonin_parse for the
** outermost, owns it). 0, or -1 when memory runs out. */
static int
open_container(struct reader *r, json_t *container)
{
	json_t **bigger;

	if (r->depth == r->open_cap) {
		bigger = grow_buffer(r->open, r->inline_open, r->depth * sizeof *r->open,
		    2 * r->open_cap * sizeof *r->open);
		if (bigger == NULL)
			return -1;
		r->open = bigger;
		r->open_cap *= 2;
	}
	r->open[r->depth++] = container;
	return 0;
}

/* Add value (a new reference, or NULL: a failure already) to the innermost open
** container, under key[0..keylen) when that is an object; a later duplicate key replaces
** the value in the first one's place. The container owns value from then on; jansson
** releases it when adding fails. 0 or -1. */
static int
add_to_open(struct reader *r, const char *key, size_t keylen, json_t *value)
{
	json_t *container = r->open[r->depth - 1];

	if (value == NULL)
		return -1;
	if (json_is_object(container) && r->unique_keys &&
	    json_object_getn(container, key, keylen) != NULL) {
		json_decref(value);
		return -1;
	}
	if (json_is_object(container))
		return json_object_setn_new_nocheck(container, key, keylen, value);
	return json_array_append_new(container, value);
}

/* 1 if key[0..keylen) names the root member whose array is streamed. */
static int
is_stream_key(const struct reader *r, const char *key, size_t keylen)
{
	return r->stream != NULL && key != NULL && strlen(r->stream->key) == keylen &&
	    memcmp(r->stream->key, key, keylen) == 0;
}

/* If the innermost open container is the streamed array, its one element is whole: take
** it out and hand it to the stream's fn. 0, or -1 when fn stops the parse. */
static int
hand_off_element(struct reader *r)
{
	struct stream *s = r->stream;
	json_t *element;

	if (s == NULL || s->array == NULL || r->depth != 2 || r->open[1] != s->array)
		return 0;
	element = json_incref(json_array_get(s->array, 0));
	json_array_remove(s->array, 0);
	if (s->fn(s->arg, element, r->open[0]) != 0) {
		s->stopped = 1;
		return -1;
	}
	return 0;
}

/* Read one member of the innermost open container at r->p: for an object its key and
** colon, then the value. A string, number or literal is added; an object or array is
** added empty and opened, and *opened set to 1. 0, or -1 on any error. */
static int
read_member(struct reader *r, int *opened)
{
	const char *key = NULL;
	size_t keylen = 0;
	json_t *child;

	if (json_is_object(r->open[r->depth - 1])) {
		if (r->p == r->end || *r->p != '"' || read_string(r, &r->key, &key, &keylen) != 0)
			return -1;
		skip_space(r);
		if (r->p == r->end || *r->p != ':')
			return -1;
		r->p++;
		skip_space(r);
	}
	/* the member's value lies one level deeper than its container, which is at depth */
	if (r->p == r->end || r->depth >= JSON_PARSER_MAX_DEPTH)
		return -1;
	*opened = *r->p == '[' || *r->p == '{';
	if (!*opened)
		return add_to_open(r, key, keylen, read_scalar(r));
	child = *r->p++ == '[' ? json_array() : json_object();
	if (add_to_open(r, key, keylen, child) != 0)
		return -1;
	if (r->depth == 1 && is_stream_key(r, key, keylen))
		r->stream->array = json_is_array(child) ? child : NULL;
	return open_container(r, child);
}

/* One step of read_members at r->p: a closing bracket, or a member (after its comma when
** it is not the first). *opened is 1 when the innermost container has just opened. 0, or
** -1 on any error. */
static int
read_step(struct reader *r, int *opened)
{
	json_t *inner = r->open[r->depth - 1];

	skip_space(r);
	if (r->p == r->end)
		return -1;
	if (*r->p == (json_is_object(inner) ? '}' : ']')) {
		r->p++;
		r->depth--;
		*opened = 0;
		return hand_off_element(r);
	}
	if (!*opened) {
		if (*r->p != ',')
			return -1;
		r->p++;
		skip_space(r);
	}
	if (read_member(r, opened) != 0 || (!*opened && hand_off_element(r) != 0))
		return -1;
	return 0;
}

/* Read members, commas and closing brackets until the outermost open container closes.
** With a source, each step first has the source's ahead bytes there; a step that fails
** before the text is whole may have met the end of what was there (a token cut in two),
** so it is taken again once the whole text is: the verdict is always the whole text's.
** 0, or -1 on any error. */
static int
read_members(struct reader *r)
{
	int opened = 1;	/* the innermost container has just opened: no comma comes first */
	int opened_before = 1;
	const unsigned char *at = r->p;

	while (r->depth > 0) {
		if (!r->whole) {
			read_ahead(r, r->source->ahead);
			at = r->p;
			opened_before = opened;
		}
		if (read_step(r, &opened) == 0)
			continue;
		if (r->whole || (r->stream != NULL && r->stream->stopped))
			return -1;
		read_ahead(r, SIZE_MAX);
		if (!r->whole)	/* the source could not give the rest */
			return -1;
		r->p = at;	/* and the step is taken again, on the whole text */
		opened = opened_before;
	}
	return 0;
}

/* Read the whole text: spaces, an object or array, spaces. The value (new reference), or
** NULL on any error, everything built so far released. */
static json_t *
read_document(struct reader *r)
{
	json_t *root = NULL;

	if (!r->whole)
		read_ahead(r, r->source->ahead);
	skip_space(r);
	if (r->p == r->end)
		read_ahead(r, SIZE_MAX);
	skip_space(r);
	if (r->p < r->end && (*r->p == '[' || *r->p == '{'))
		root = *r->p++ == '[' ? json_array() : json_object();
	if (root == NULL || open_container(r, root) != 0 || read_members(r) != 0)
		goto fail;
	read_ahead(r, SIZE_MAX);	/* only spaces may follow, up to the text's end */
	skip_space(r);
	if (r->p != r->end)
		goto fail;
	return root;
fail:
	json_decref(root);
	return NULL;
}

/* Parse text: its len bytes, or with a source, those the source gives (len then being
** what is there already). */
static json_t *
parse(const char *text, size_t len, const struct jsonin_source *source, int unique_keys,
    struct stream *stream)
{
	struct reader r;
	json_t *root;

	if (text == NULL)
		return NULL;
	r.stream = stream;
	r.unique_keys = unique_keys;
	r.source = source;
	r.whole = source == NULL;
	r.p = r.base = (const unsigned char *)text;
	r.end = r.p + len;
	r.open = r.inline_open;
	r.depth = 0;
	r.open_cap = READER_INLINE_OPEN;
	scratch_init(&r.key);
	scratch_init(&r.text);
	root = read_document(&r);
	if (r.open != r.inline_open)
		free(r.open);
	scratch_free(&r.key);
	scratch_free(&r.text);
	return root;
}

json_t *
jsonin_parse(const char *text, size_t len)
{
	return parse(text, len, NULL, 0, NULL);
}

json_t *
jsonin_parse_unique(const char *text, size_t len)
{
	return parse(text, len, NULL, 1, NULL);
}

json_t *
jsonin_parse_unique_stream(const char *text, size_t len, const char *key, jsonin_element_fn fn,
    void *arg, int *stopped)
{
	struct stream stream = { key, fn, arg, NULL, 0 };
	json_t *root = parse(text, len, NULL, 1, &stream);

	*stopped = stream.stopped;
	return root;
}

json_t *
jsonin_parse_unique_stream_from(const char *text, const struct jsonin_source *source,
    const char *key, jsonin_element_fn fn, void *arg, int *stopped)
{
	struct stream stream = { key, fn, arg, NULL, 0 };
	json_t *root = parse(text, 0, source, 1, &stream);

	*stopped = stream.stopped;
	return root;
}
