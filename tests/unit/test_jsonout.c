/*
** test_jsonout.c - jsonout_compact writes the same bytes as jansson's json_dumps with
** JSON_COMPACT, and fails where it fails: hand-picked strings, numbers and shapes, then
** thousands of generated values (with invalid UTF-8, every control character, deep
** nesting, every real precision the project uses) compared byte for byte.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "store.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define S(literal) literal, sizeof(literal) - 1   /* a string literal and its length */

/* Compare jsonout_compact with json_dumps on value; return 1 when jansson succeeded. */
static int
check_same(const json_t *value, size_t flags)
{
	char *expected = json_dumps(value, JSON_COMPACT | flags);
	struct buf b = BUF_INIT;
	int rc;

	buf_puts(&b, "prefix");
	rc = jsonout_compact(&b, value, flags);
	if (expected == NULL) {
		assert_int_equal(rc, -1);
		assert_string_equal(b.data, "prefix");   /* nothing half-written is left */
	} else {
		if (rc != 0 || strcmp(b.data + 6, expected) != 0 ||
		    strncmp(b.data, "prefix", 6) != 0)
			fail_msg("jsonout: %s\njansson: %s", rc == 0 ? b.data + 6 : "(failed)",
			    expected);
	}
	free(expected);
	buf_free(&b);
	return expected != NULL;
}

/* A one-string array: the string as given, unchecked, so invalid UTF-8 reaches both. */
static json_t *
string_array(const char *s, size_t len)
{
	return json_pack("[o]", json_stringn_nocheck(s, len));
}

static void
test_strings_escape_and_check_utf8_as_jansson_does(void **state)
{
	static const struct { const char *s; size_t len; int valid; } cases[] = {
		{ S(""), 1 }, { S("plain ascii"), 1 }, { S("quote \" back \\ slash /"), 1 },
		{ S("\b\f\n\r\t"), 1 }, { S("\x01\x02\x1f\x7f"), 1 }, { S("nul\0inside"), 1 },
		{ S("é à ç Œ"), 1 }, { S("عربي"), 1 }, { S("中文 😀"), 1 },
		{ S("\xc3"), 0 },             /* cut off */
		{ S("\xc0\x80"), 0 },         /* overlong NUL */
		{ S("\xc1\xbf"), 0 },         /* overlong */
		{ S("\xe0\x80\xaf"), 0 },     /* overlong three bytes */
		{ S("\xed\xa0\x80"), 0 },     /* surrogate U+D800 */
		{ S("\xf0\x8f\xbf\xbf"), 0 }, /* overlong four bytes */
		{ S("\xf4\x90\x80\x80"), 0 }, /* above U+10FFFF */
		{ S("\xf5\x80\x80\x80"), 0 }, /* no such lead byte */
		{ S("\x80"), 0 },             /* lone continuation */
		{ S("a\xe2\x82"), 0 },        /* cut off at the end */
		{ S("\xe2\x28\xa1"), 0 },     /* bad continuation */
		{ S("\xef\xbf\xbf"), 1 },     /* U+FFFF */
		{ S("\xf4\x8f\xbf\xbf"), 1 }, /* U+10FFFF */
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		json_t *v = string_array(cases[i].s, cases[i].len);

		if (check_same(v, 0) != cases[i].valid)
			fail_msg("case %zu: jansson %s it", i, cases[i].valid ? "refused" : "wrote");
		json_decref(v);
	}
}

/* Plain bytes are copied eight at a time: a byte that ends a run (escaped, non-ASCII,
** invalid) is found at every place in and around those eight, after runs of every length. */
static void
test_runs_end_at_the_first_byte_that_is_not_plain(void **state)
{
	static const struct { const char *s; size_t len; int valid; } stops[] = {
		{ S("\""), 1 }, { S("\\"), 1 }, { S("\n"), 1 }, { S("\x01"), 1 }, { S("\x1f"), 1 },
		{ S("\0"), 1 }, { S("é"), 1 }, { S("😀"), 1 }, { S("\x7f"), 1 }, { S(" "), 1 },
		{ S("~"), 1 }, { S("!"), 1 }, { S("#"), 1 }, { S("["), 1 }, { S("]"), 1 },
		{ S("\xc3"), 0 }, { S("\x80"), 0 }, { S("\xff"), 0 },
		/* the edges of the characters of two bytes, checked without utf8_decode */
		{ S("\xc2\x80"), 1 }, { S("\xdf\xbf"), 1 }, { S("\xc1\xbf"), 0 },
		{ S("\xc0\x80"), 0 }, { S("\xc3\xc3"), 0 }, { S("\xc3\x7f"), 0 },
		{ S("\xdf\xc0"), 0 }, { S("\xe2\x82\xac"), 1 }, { S("\xe2\x82"), 0 },
	};
	char text[48];
	size_t i, at, len;

	(void)state;
	for (i = 0; i < COUNT(stops); i++)
		for (len = 0; len <= 24; len++)
			for (at = 0; at <= len; at++) {
				json_t *v;

				memset(text, 'a', len);
				memcpy(text + at, stops[i].s, stops[i].len);
				memset(text + at + stops[i].len, 'b', len - at);
				v = string_array(text, len + stops[i].len);
				if (check_same(v, 0) != stops[i].valid)
					fail_msg("stop %zu at %zu of %zu: jansson %s it", i, at, len,
					    stops[i].valid ? "refused" : "wrote");
				json_decref(v);
			}
}

static void
test_keys_are_escaped_and_kept_in_order(void **state)
{
	json_t *v = json_object();

	(void)state;
	json_object_set_new(v, "z", json_integer(1));
	json_object_set_new(v, "a\"b\n", json_true());
	json_object_set_new(v, "é", json_null());
	json_object_set_new(v, "m", json_object());
	json_object_set_new(v, "", json_array());
	json_object_set_new(v, "z", json_false());   /* replaced, keeps its place */
	assert_true(check_same(v, 0));
	json_decref(v);
}

static void
test_numbers_are_written_as_jansson_writes_them(void **state)
{
	static const json_int_t integers[] = { 0, 1, -1, 9, 10, 99, 100, -100, 1234567890,
	    INT64_MAX, INT64_MIN, INT64_MIN + 1, INT64_MAX - 1 };
	static const double reals[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1e21, 1e-7, 45.50884,
	    -73.58781, 123456789.123456789, 1e300, -1e-300, DBL_MAX, DBL_MIN, 5e-324, 2.5e-5,
	    100.0, 1e16, 1e17, 3.14159265358979 };
	static const size_t precisions[] = { 0, JSON_REAL_PRECISION(10), JSON_REAL_PRECISION(17),
	    JSON_REAL_PRECISION(1), STORE_JSON_FLAGS };
	size_t i, p;

	(void)state;
	for (i = 0; i < COUNT(integers); i++) {
		json_t *v = json_pack("[I]", integers[i]);

		assert_true(check_same(v, 0));
		json_decref(v);
	}
	for (i = 0; i < COUNT(reals); i++)
		for (p = 0; p < COUNT(precisions); p++) {
			json_t *v = json_pack("{sf}", "km", reals[i]);

			assert_true(check_same(v, precisions[p]));
			json_decref(v);
		}
}

/* The same bytes whatever room the buffer has left when the writing starts, so that it
** grows before each kind of piece in turn: punctuation, keys, strings, numbers, words. */
static void
test_the_buffer_grows_at_any_point(void **state)
{
	json_t *value = json_pack("{s[isfbn]s{sss[]s{}}ss}", "list", -12345, "été",
	    2.5, 1, "key \"quoted\"", "text", "a longer text\twith an escape", "empty",
	    "object", "last", "0123456789abcdef0123456789 über");
	char *expected = json_dumps(value, JSON_COMPACT);
	size_t left, len = strlen(expected);

	(void)state;
	for (left = 0; left <= len + 8; left++) {
		struct buf b = BUF_INIT;
		size_t fill;

		buf_puts(&b, "x");
		fill = b.cap - 1 - left;   /* left bytes of room, and the NUL's */
		while (b.len < fill)
			buf_putc(&b, 'x');
		assert_int_equal(b.cap - 1 - b.len, left);
		assert_int_equal(jsonout_compact(&b, value, 0), 0);
		assert_int_equal(b.len, fill + len);
		assert_string_equal(b.data + fill, expected);
		buf_free(&b);
	}
	free(expected);
	json_decref(value);
}

static void
test_only_arrays_and_objects_at_the_top(void **state)
{
	json_t *scalars[] = { json_string("x"), json_integer(3), json_real(1.5), json_true(),
	    json_null() };
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(scalars); i++) {
		assert_int_equal(jsonout_compact(&b, scalars[i], 0), -1);
		assert_null(json_dumps(scalars[i], JSON_COMPACT));
		json_decref(scalars[i]);
	}
	assert_int_equal(jsonout_compact(&b, NULL, 0), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_a_value_that_contains_itself_fails_cleanly(void **state)
{
	json_t *outer = json_array(), *inner = json_array();
	struct buf b = BUF_INIT;

	(void)state;
	json_array_append(outer, inner);
	json_array_append(inner, outer);
	assert_int_equal(jsonout_compact(&b, outer, 0), -1);
	assert_null(json_dumps(outer, JSON_COMPACT));
	json_array_clear(inner);
	json_decref(inner);
	json_decref(outer);
	buf_free(&b);
}

static void
test_nesting_to_the_limit_is_written(void **state)
{
	json_t *top = json_array(), *at = top;
	int depth;

	(void)state;
	for (depth = 0; depth < JSONOUT_MAX_DEPTH; depth++) {
		json_t *next = json_array();

		json_array_append_new(at, next);
		at = next;
	}
	assert_true(check_same(top, 0));
	json_decref(top);
}

/* ---- generated values --------------------------------------------------------------- */

/* A small deterministic generator (xorshift64*), so a failure can be replayed. */
static uint64_t
next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* A string of pieces; unless only_valid, one in four may hold invalid UTF-8. */
static json_t *
random_string(uint64_t *s, int only_valid)
{
	static const char *pieces[] = { "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01",
	    "\x1f", "\x7f", "é", "ç", "ش", "中", "😀", "\xc3", "\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	    "\xe2\x82", "\0" };
	char text[64];
	size_t len = 0, n = next_random(s) % 8, i;
	int clean = only_valid || next_random(s) % 4 != 0;

	for (i = 0; i < n; i++) {
		size_t pick = next_random(s) % (clean ? 16 : COUNT(pieces));
		size_t plen = pick == COUNT(pieces) - 1 ? 1 : strlen(pieces[pick]);

		memcpy(text + len, pieces[pick], plen);
		len += plen;
	}
	return json_stringn_nocheck(text, len);
}

static json_t *
random_value(uint64_t *s, int depth)
{
	uint64_t r = next_random(s) % (depth > 5 ? 6 : 9);
	json_t *v;
	size_t i, n;

	switch (r) {
	case 0: return json_integer((json_int_t)next_random(s) >> (next_random(s) % 63));
	case 1: return json_real((double)(int64_t)next_random(s) / (double)(next_random(s) | 1));
	case 2: return random_string(s, 0);
	case 3: return json_true();
	case 4: return json_false();
	case 5: return json_null();
	case 6:
	case 7:
		v = json_object();
		n = next_random(s) % 5;
		for (i = 0; i < n; i++) {
			/* Keys are valid: jansson checks the keys it is given, and writes an
			** invalid one it was made to hold half, without failing. */
			json_t *key = random_string(s, 1);

			json_object_setn_new_nocheck(v, json_string_value(key),
			    json_string_length(key), random_value(s, depth + 1));
			json_decref(key);
		}
		return v;
	default:
		v = json_array();
		n = next_random(s) % 5;
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_value(s, depth + 1));
		return v;
	}
}

static void
test_generated_values_give_the_same_bytes(void **state)
{
	uint64_t seed = 0x5eed5eed1234ULL;
	int i, written = 0, refused = 0;

	(void)state;
	for (i = 0; i < 20000; i++) {
		json_t *v = json_array();

		json_array_append_new(v, random_value(&seed, 0));
		if (check_same(v, i % 2 ? STORE_JSON_FLAGS : 0))
			written++;
		else
			refused++;
		json_decref(v);
	}
	/* Both outcomes must have been exercised many times. */
	if (written < 5000 || refused < 500)
		fail_msg("written %d, refused %d", written, refused);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_escape_and_check_utf8_as_jansson_does),
		cmocka_unit_test(test_runs_end_at_the_first_byte_that_is_not_plain),
		cmocka_unit_test(test_keys_are_escaped_and_kept_in_order),
		cmocka_unit_test(test_numbers_are_written_as_jansson_writes_them),
		cmocka_unit_test(test_the_buffer_grows_at_any_point),
		cmocka_unit_test(test_only_arrays_and_objects_at_the_top),
		cmocka_unit_test(test_a_value_that_contains_itself_fails_cleanly),
		cmocka_unit_test(test_nesting_to_the_limit_is_written),
		cmocka_unit_test(test_generated_values_give_the_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
