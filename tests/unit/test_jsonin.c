/*
** test_jsonin.c - jsonin_parse accepts and refuses exactly what json_loadb(text, len, 0)
** accepts and refuses, and builds the same values: equal, and dumped to the same bytes
** (so the same key order and the same integer or real types). Checked on a table of hand-
** written cases for every rule of jsonin.h (each also checked against the verdict written
** beside it, so a change in jansson shows), on the nesting limit, on the summaries the
** server stores, on thousands of pseudo-random texts and their mutations, and when
** memory runs out. The streamed parse import uses (jsonin_parse_unique_stream) is checked
** on every one of those texts too, on the whole text and given a few bytes at a time
** (jsonin_parse_unique_stream_from): the same verdict, and the same value once the
** elements it handed out are put back.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "documents.h"
#include "jsonin.h"
#include "record.h"
#include "testsrv.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TODAY "2026-11-21"

/* A hand-written case: the text (NUL bytes allowed), and whether jansson accepts it. */
struct text_case {
	const char *text;  /* the JSON text */
	size_t      len;   /* its length, NUL bytes included */
	int         valid; /* 1 when json_loadb accepts it */
};

#define OK(lit)  { lit, sizeof(lit) - 1, 1 }
#define BAD(lit) { lit, sizeof(lit) - 1, 0 }

static const struct text_case table_cases[] = {
	/* the top level: an object or an array, then only space, tab, CR, LF */
	BAD(""), BAD(" \t\r\n"), OK("[]"), OK("{}"), OK(" \t\r\n[] \t\r\n"),
	OK("\n{ }\r\n"), BAD("1"), BAD("\"a\""), BAD("true"), BAD("null"), BAD("[] x"),
	BAD("[][]"), BAD("{}{}"), BAD("[]\f"), BAD("\f[]"), BAD("\v[]"), BAD("\xef\xbb\xbf[]"),
	BAD("["), BAD("]"), BAD("{"), BAD("}"), BAD("[}"), BAD("{]"), BAD("[1"), BAD("[1,"),
	BAD("{\"a\""), BAD("{\"a\":"), BAD("{\"a\":1"), BAD("{\"a\":1,"), BAD("\xc3\xa9[]"),
	/* commas, colons, members */
	OK("[1,2,3]"), OK("[ 1 , 2 ]"), OK("{ \"a\" : 1 , \"b\" : [ ] }"), BAD("[1,]"),
	BAD("[,]"), BAD("[,1]"), BAD("[1,,2]"), BAD("[1 2]"), BAD("{\"a\"}"), BAD("{\"a\":}"),
	BAD("{\"a\" 1}"), BAD("{\"a\"::1}"), BAD("{1:2}"), BAD("{a:1}"), BAD("{\"a\":1,}"),
	BAD("{,}"), BAD("{\"a\":1 \"b\":2}"), BAD("{\"a\",1}"), BAD("[\"a\":1]"),
	BAD("{'a':1}"), BAD("[1]]"), BAD("[[1]"), OK("[[],{},[[]],{\"a\":{}}]"),
	/* literals */
	OK("[true,false,null]"), OK("{\"t\":true,\"f\":false,\"n\":null}"), BAD("[True]"),
	BAD("[NULL]"), BAD("[tru]"), BAD("[truex]"), BAD("[nul]"), BAD("[nulll]"),
	BAD("[falsey]"), BAD("[true1]"), BAD("[truefalse]"), BAD("[undefined]"), BAD("[t]"),
	/* escapes: every one, in keys and values */
	OK("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]"),
	OK("{\"\\\"\\\\\\/\\b\\f\\n\\r\\t\":\"\\t\"}"),
	OK("[\"\\u0041\\u00e9\\u00C9\\u20ac\\uFFFF\\uffff\\u0001\\u001f\\u007f\"]"),
	OK("[\"\\ud83d\\ude00\", \"\\uD83D\\uDE00\", \"\\uDBFF\\uDFFF\", \"\\ud800\\udc00\"]"),
	OK("{\"\\u00e9t\\u00e9\":1,\"\\ud83d\\ude00\":2}"),
	OK("{\"k\\n1\":\"v\\n1\",\"k\\n2\":[\"v\\t2\",{\"k\\n3\":\"v\\\"3\"}]}"),
	BAD("[\"\\a\"]"), BAD("[\"\\x41\"]"), BAD("[\"\\'\"]"), BAD("[\"\\0\"]"), BAD("[\"\\U0041\"]"),
	BAD("[\"\\ \"]"), BAD("[\"\\\"]"), BAD("[\"\\"), BAD("[\"\\u\"]"), BAD("[\"\\u12\"]"),
	BAD("[\"\\u123\"]"), BAD("[\"\\u12g4\"]"), BAD("[\"\\u-123\"]"), BAD("[\"\\u 123\"]"),
	BAD("[\"\\u00e"),
	/* surrogates: a high one needs a low one right after it */
	BAD("[\"\\ud83d\"]"), BAD("[\"\\ud83dx\"]"), BAD("[\"\\ud83d\\ud83d\"]"),
	BAD("[\"\\ude00\"]"), BAD("[\"\\ude00\\ud83d\"]"), BAD("[\"\\ud83d\\n\"]"),
	BAD("[\"\\ud83d\\u0041\"]"), BAD("[\"\\ud83d\\u\"]"), BAD("[\"\\ud83d\\ude0\"]"),
	BAD("[\"\\udbff\\ue000\"]"), BAD("[\"\\ud83d\\\\ude00\"]"), BAD("[\"\\ud83d"),
	BAD("{\"\\ud800\":1}"), BAD("[\"\\udfff\"]"),
	/* NUL: refused as \u0000 in values and keys, and raw in strings */
	BAD("[\"\\u0000\"]"), BAD("[\"a\\u0000b\"]"), BAD("{\"\\u0000\":1}"),
	BAD("{\"a\\u0000b\":1}"), BAD("[\"a\0b\"]"), BAD("{\"a\0\":1}"), BAD("[\"\\ud800\\u0000\"]"),
	/* control characters */
	BAD("[\"\x01\"]"), BAD("[\"\t\"]"), BAD("[\"\n\"]"), BAD("[\"\r\"]"), BAD("[\"\x1f\"]"),
	OK("[\"\x7f\"]"), OK("[\" !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~\"]"),
	/* strings */
	OK("[\"\"]"), OK("{\"\":\"\"}"), OK("{\"\":1,\"\":2}"), BAD("[\"abc]"), BAD("[\"abc"),
	BAD("[\"abc\"\"def\"]"), BAD("[abc]"),
	/* UTF-8: every length, the limits, refused forms */
	OK("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]"), OK("[\"\xc2\x80\xdf\xbf\"]"),
	OK("[\"\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf\xee\x80\x80\"]"),
	OK("[\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"]"), OK("[\"\xef\xbb\xbf\"]"),
	OK("{\"\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaf\xd8\xa9\":\"Montr\xc3\xa9\x61l\"}"),
	BAD("[\"\x80\"]"), BAD("[\"\xbf\"]"), BAD("[\"a\x80\x80\"]"), BAD("[\"\xc0\xaf\"]"),
	BAD("[\"\xc1\xbf\"]"), BAD("[\"\xe0\x80\xaf\"]"), BAD("[\"\xe0\x9f\xbf\"]"),
	BAD("[\"\xf0\x80\x80\xaf\"]"), BAD("[\"\xf0\x8f\xbf\xbf\"]"), BAD("[\"\xed\xa0\x80\"]"),
	BAD("[\"\xed\xbf\xbf\"]"), BAD("[\"\xed\xa0\xbd\xed\xb8\x80\"]"),
	BAD("[\"\xf4\x90\x80\x80\"]"), BAD("[\"\xf5\x80\x80\x80\"]"), BAD("[\"\xf7\xbf\xbf\xbf\"]"),
	BAD("[\"\xf8\x88\x80\x80\x80\"]"), BAD("[\"\xfc\x84\x80\x80\x80\x80\"]"), BAD("[\"\xfe\"]"),
	BAD("[\"\xff\"]"), BAD("[\"\xc3\"]"), BAD("[\"\xe2\x82\"]"), BAD("[\"\xf0\x9f\x98\"]"),
	BAD("[\"\xc3"), BAD("[\"\xe2\x82"), BAD("[\"\xc3\x28\"]"), BAD("[\"\xe2\x28\xa1\"]"),
	BAD("[\"\xe2\x82\x28\"]"), BAD("[\"\xf0\x28\x8c\xbc\"]"), BAD("{\"\xff\":1}"),
	BAD("[\xc3\xa9]"), BAD("[1\xc3\xa9]"), BAD("[]\xc3\xa9"), BAD("[1\xff]"), BAD("[true\x80]"),
	/* numbers: the grammar */
	OK("[0,-0,1,-1,10,123456789]"), OK("[0.0,-0.0,1.5,-1.5,0.5e-3,1E5,1e+5,1e-5,1E-0,0e0]"),
	OK("[1.0,100.0,1e0,10E1,-0E0]"), BAD("[01]"), BAD("[-01]"), BAD("[00]"), BAD("[0 1]"),
	BAD("[+1]"), BAD("[.5]"), BAD("[1.]"), BAD("[1.e5]"), BAD("[1e]"), BAD("[1e+]"),
	BAD("[1e-]"), BAD("[1E+-5]"), BAD("[-]"), BAD("[--1]"), BAD("[-a]"), BAD("[- 1]"),
	BAD("[1.5.2]"), BAD("[0x10]"), BAD("[1e5.5]"), BAD("[1e5e5]"), BAD("[Infinity]"),
	BAD("[-Infinity]"), BAD("[NaN]"), BAD("[1-2]"), BAD("[1x]"), BAD("[0.]"), BAD("[-.5]"),
	BAD("[1,2"), BAD("{\"a\":-}"), BAD("[1e5x]"),
	/* numbers: integer range (json_int_t is long long) */
	OK("[9223372036854775807]"), BAD("[9223372036854775808]"), OK("[-9223372036854775808]"),
	BAD("[-9223372036854775809]"), BAD("[99999999999999999999]"),
	BAD("[-12345678901234567890123]"), OK("[922337203685477580]"), OK("[-0]"),
	/* numbers: reals, overflow refused, underflow accepted */
	BAD("[1e400]"), BAD("[-1e400]"), BAD("[1E309]"), OK("[1e308]"), OK("[1e-400]"),
	OK("[-1e-400]"), OK("[4.9e-324]"), OK("[2.4e-324]"), OK("[2.5e-324]"), OK("[1e-310]"),
	OK("[1.7976931348623157e308]"), BAD("[1.7976931348623159e308]"),
	OK("[1.7976931348623158e308]"), OK("[-2.2250738585072014e-308]"),
	BAD("[123456789012345678901234567890]"),
	OK("[123456789012345678901234567890.5, 1e-0000000000000000000000000000001]"),
	OK("[0.1234567890123456789012345678901234567890123456789012345678901234567890123]"),
	OK("[-12345678901234567890123456789012345678901234567890123456789012345678901.5e-50]"),
	OK("[0.30000000000000004,0.1,1e22,1e23,5e-324,9007199254740993.0]"),
	/* duplicate keys: the later value, the first key's place (or refused, when
	** asked: parsers_agree checks both) */
	OK("{\"a\":1,\"b\":2,\"a\":3}"), OK("{\"a\":[1,{\"x\":1}],\"b\":0,\"a\":{\"y\":2}}"),
	OK("{\"a\":{\"a\":1,\"a\":[2]},\"a\":{\"b\":1,\"a\":2,\"b\":3}}"),
	OK("{\"a\":1,\"a\":1,\"a\":\"x\",\"c\":null,\"a\":1.5}"),
	OK("{\"\\u0061\":1,\"a\":2}"), OK("{\"b\":1,\"a\":2,\"b\":{\"c\":[]},\"a\":3}"),
	OK("[{\"a\":1,\"a\":2}]"), OK("[{\"a\":1},{\"a\":2}]"), OK("{\"a\":{\"a\":{\"a\":1}}}"),
	/* a NUL byte right after a number or a literal is skipped, as jansson does */
	OK("[1\0]"), OK("[1\0,2\0]"), OK("[true\0]"), OK("[false\0,null\0]"), OK("[1.5\0]"),
	OK("[1e5\0]"), OK("[-0\0]"), OK("{\"a\":1\0}"), OK("{\"a\":null\0,\"b\":2}"),
	BAD("[1\0\0]"), BAD("[1 \0]"), BAD("[\"a\"\0]"), BAD("[]\0"), BAD("{}\0"), BAD("[\0]"),
	BAD("[1,\0 2]"), BAD("\0[]"), BAD("[tr\0ue]"), BAD("[[]\0]"), BAD("{\"a\"\0:1}"),
	BAD("[1\0x]"), BAD("[1\0\xff]"), BAD("[1\0"),
	/* the streamed member "a" (parsers_agree streams it too): elements of every kind,
	** none, "a" not an array, "a" below the root, a root array, errors inside it and
	** after it */
	OK("{\"a\":[1,{\"x\":[2]},[3,[4]],\"s\",null,true,-1.5e3]}"), OK("{\"b\":1,\"a\":[]}"),
	OK("{\"a\":[[[]],{}],\"b\":[5]}"), OK("{\"a\":5}"), OK("{\"a\":{\"a\":[1]}}"),
	OK("{\"b\":{\"a\":[1]},\"a\":[2]}"), OK("[{\"a\":[1]}]"), OK("{\"a\":[1\0,2]}"),
	BAD("{\"a\":[1,2,]}"), BAD("{\"a\":[1,2}"), BAD("{\"a\":[{\"x\":1},{\"x\":}]}"),
	BAD("{\"a\":[1,2]} x"), BAD("{\"a\":[1,2],}"), BAD("{\"a\":[1,2]"),
};

/* text[0..len) as printable C, shortened to fit out. */
static void
describe(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i, used = 0;
	unsigned char c;

	out[0] = '\0';
	for (i = 0; i < len && used + 8 < outlen; i++) {
		c = (unsigned char)text[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[used++] = (char)c;
		else
			used += (size_t)snprintf(out + used, outlen - used, "\\x%02x", c);
	}
	out[used] = '\0';
	if (i < len && outlen > 4)
		strcpy(out + (used < outlen - 4 ? used : outlen - 4), "...");
}

/* Parse copy[0..len) with json_loadb(flags) and ours; 1 when they agree: both refuse
** it, or both accept it with equal values that dump to the same bytes. *valid: jansson
** accepted it. */
static int
one_mode_agrees(const char *copy, size_t len, size_t flags, int *valid, char *why,
    size_t whylen)
{
	json_t *expected = json_loadb(copy, len, flags, NULL);
	json_t *got = flags ? jsonin_parse_unique(copy, len) : jsonin_parse(copy, len);
	char *theirs = NULL, *ours = NULL;
	const char *mode = flags ? " (duplicate keys refused)" : "";
	int agree;

	*valid = expected != NULL;
	if (expected == NULL || got == NULL) {
		agree = (expected == NULL) == (got == NULL);
		snprintf(why, whylen, "json_loadb %s, jsonin %s%s", expected ? "accepts" :
		    "refuses", got ? "accepts" : "refuses", mode);
	} else {
		theirs = json_dumps(expected, JSON_COMPACT);
		ours = json_dumps(got, JSON_COMPACT);
		assert_non_null(theirs);
		assert_non_null(ours);
		agree = json_equal(expected, got) && strcmp(theirs, ours) == 0;
		snprintf(why, whylen, "different values%s: json_loadb %.200s, jsonin %.200s",
		    mode, theirs, ours);
	}
	free(theirs);
	free(ours);
	json_decref(expected);
	json_decref(got);
	return agree;
}

/* jsonin_element_fn: keep each element handed out, in order. */
static int
keep_element(void *arg, json_t *element, const json_t *root)
{
	assert_true(json_is_object(root));
	return json_array_append_new(arg, element);
}

#define STREAM_KEY "a"	/* the root member whose array the streamed parses stream */

/* A text that comes in as the parse asks for it (jsonin_source): exactly the bytes asked
** for are copied from text into the buffer the parse reads, whose other bytes hold filler,
** so a parse that read past what it was given would see filler, not the text. */
struct drip {
	const char *text;
	char       *buffer;
	size_t      len, given, asked;
};

static size_t
drip_more(void *arg, size_t want, int *whole)
{
	struct drip *d = arg;
	size_t upto = want < d->len ? want : d->len;

	d->asked++;
	if (upto > d->given) {
		memcpy(d->buffer + d->given, d->text + d->given, upto - d->given);
		d->given = upto;
	}
	*whole = d->given == d->len;
	return d->given;
}

/* The streamed parse with ahead > 0 coming from a drip (filler after what is given), or
** with ahead 0 on the whole text (jsonin_parse_unique_stream). */
static json_t *
streamed_parse(const char *copy, size_t len, size_t ahead, char filler, json_t *handed,
    int *stopped)
{
	struct drip d = { copy, NULL, len, 0, 0 };
	struct jsonin_source source = { drip_more, &d, ahead };
	json_t *got;

	if (ahead == 0)
		return jsonin_parse_unique_stream(copy, len, STREAM_KEY, keep_element, handed,
		    stopped);
	d.buffer = malloc(len + 1);
	assert_non_null(d.buffer);
	memset(d.buffer, filler, len + 1);
	got = jsonin_parse_unique_stream_from(d.buffer, &source, STREAM_KEY, keep_element,
	    handed, stopped);
	assert_true(d.asked > 0);
	free(d.buffer);
	return got;
}

/* The streamed parse (jsonin_parse_unique_stream), streaming the root member STREAM_KEY,
** on the whole text (ahead 0) or on one given ahead bytes at a time: 1 when it agrees with
** json_loadb(JSON_REJECT_DUPLICATES): both refuse the text, or both accept it and the
** root, its streamed array filled again with the elements handed out, is jansson's
** value. */
static int
stream_mode_agrees(const char *copy, size_t len, size_t ahead, char filler, char *why,
    size_t whylen)
{
	json_t *expected = json_loadb(copy, len, JSON_REJECT_DUPLICATES, NULL);
	json_t *handed = json_array(), *streamed, *got;
	int stopped = -1, agree;

	assert_non_null(handed);
	got = streamed_parse(copy, len, ahead, filler, handed, &stopped);
	/* on a refused text, the elements before the error have been handed out */
	streamed = json_object_get(got, STREAM_KEY);
	if (json_is_array(streamed)) {
		agree = json_array_size(streamed) == 0;
		json_array_extend(streamed, handed);
	} else {
		agree = got == NULL || json_array_size(handed) == 0;
	}
	agree = agree && stopped == 0 && (expected == NULL) == (got == NULL) &&
	    (expected == NULL || json_equal(expected, got));
	snprintf(why, whylen, "streaming \"" STREAM_KEY "\" %zu bytes ahead (0: whole; filler"
	    " 0x%02x): json_loadb %s, jsonin %s, %zu elements handed out", ahead,
	    (unsigned char)filler, expected ? "accepts" : "refuses", got ? "accepts" : "refuses",
	    json_array_size(handed));
	json_decref(handed);
	json_decref(expected);
	json_decref(got);
	return agree;
}

/* Every way of streaming: the whole text, then a byte, two and seven bytes ahead, each
** with a filler that would read as JSON (a digit, a quote, a bracket, a space). */
static int
stream_modes_agree(const char *copy, size_t len, char *why, size_t whylen)
{
	static const struct { size_t ahead; char filler; } modes[] = {
		{ 0, 0 }, { 1, '1' }, { 2, '"' }, { 7, ']' }, { 1, ' ' }, { 3, '0' },
	};
	size_t i;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (!stream_mode_agrees(copy, len, modes[i].ahead, modes[i].filler, why, whylen))
			return 0;
	return 1;
}

/* Parse text[0..len) with both, from a copy of exactly len bytes (so that AddressSanitizer
** sees any read past the end), as json_loadb with flags 0 (jsonin_parse) and with
** JSON_REJECT_DUPLICATES (jsonin_parse_unique). 1 and the verdict of the first in *valid
** when they agree in both modes; 0 and a reason in why when they do not. */
static int
parsers_agree(const char *text, size_t len, int *valid, char *why, size_t whylen)
{
	char *copy = malloc(len ? len : 1);
	int agree, unique_valid;

	assert_non_null(copy);
	if (len > 0)
		memcpy(copy, text, len);
	agree = one_mode_agrees(copy, len, 0, valid, why, whylen) &&
	    one_mode_agrees(copy, len, JSON_REJECT_DUPLICATES, &unique_valid, why, whylen) &&
	    stream_modes_agree(copy, len, why, whylen);
	free(copy);
	return agree;
}

/* Fail unless both parsers agree on text and give the verdict valid. */
static void
assert_case(const char *text, size_t len, int valid)
{
	char why[600], shown[200];
	int accepted;

	if (!parsers_agree(text, len, &accepted, why, sizeof why)) {
		describe(text, len, shown, sizeof shown);
		fail_msg("[%s]: %s", shown, why);
	}
	if (accepted != valid) {
		describe(text, len, shown, sizeof shown);
		fail_msg("[%s]: jansson %s it, the table says it %s", shown,
		    accepted ? "accepts" : "refuses", valid ? "does" : "does not");
	}
}

static void
test_hand_written_cases_agree_with_jansson(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(table_cases); i++)
		assert_case(table_cases[i].text, table_cases[i].len, table_cases[i].valid);
}

/* levels nested arrays (or objects, each the value of "k"), holding inner (may be "")
** at the bottom. */
static void
nested(struct buf *out, int objects, size_t levels, const char *inner)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < levels; i++)
		buf_puts(out, objects ? "{\"k\":" : "[");
	buf_puts(out, inner);
	for (i = 0; i < levels; i++)
		buf_puts(out, objects ? "}" : "]");
	assert_false(buf_failed(out));
}

/* Every value counts a level, scalars too: 2048 levels of containers may be empty but
** may not hold a scalar, and 2049 levels are refused. Objects nest like arrays. */
static void
test_nesting_limit_counts_every_value(void **state)
{
	struct buf text = BUF_INIT;
	int objects;

	(void)state;
	assert_int_equal(JSON_PARSER_MAX_DEPTH, 2048);
	for (objects = 0; objects <= 1; objects++) {
		nested(&text, objects, 2047, "");
		assert_case(text.data, text.len, !objects);	/* {"k":} is not JSON */
		nested(&text, objects, 2047, "[]");
		assert_case(text.data, text.len, 1);
		nested(&text, objects, 2047, "1");
		assert_case(text.data, text.len, 1);
		nested(&text, objects, 2047, "\"deep\"");
		assert_case(text.data, text.len, 1);
		nested(&text, objects, 2048, objects ? "{}" : "");
		assert_case(text.data, text.len, objects ? 0 : 1);
		nested(&text, objects, 2048, "1");
		assert_case(text.data, text.len, 0);
		nested(&text, objects, 2048, "[]");
		assert_case(text.data, text.len, 0);
		nested(&text, objects, 2049, "");
		assert_case(text.data, text.len, 0);
		nested(&text, objects, 100000, "");
		assert_case(text.data, text.len, 0);
	}
	nested(&text, 0, 2048, "");
	buf_puts(&text, " ");
	assert_case(text.data, text.len, 1);
	nested(&text, 1, 2047, "[]");
	assert_case(text.data, text.len, 1);
	buf_free(&text);
}

/* Strings with escapes longer than the reader's inline buffer, keys too, and nesting
** deeper than its inline stack of open containers. */
static void
test_long_strings_and_deep_nesting_use_the_heap(void **state)
{
	struct buf text = BUF_INIT;
	size_t i;

	(void)state;
	buf_puts(&text, "{\"");
	for (i = 0; i < 700; i++)
		buf_puts(&text, i % 3 ? "k\\u00e9\\ud83d\\ude00" : "plain-run-of-text ");
	buf_puts(&text, "\":[\"");
	for (i = 0; i < 5000; i++)
		buf_puts(&text, i % 2 ? "\\n\\\"\\u0645" : "\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaf\xd8\xa9 ");
	buf_puts(&text, "\",\"short\\t\"]}");
	assert_false(buf_failed(&text));
	assert_case(text.data, text.len, 1);
	for (i = 30; i <= 70; i++) {
		nested(&text, (int)(i & 1), i, "\"x\\ty\"");
		assert_case(text.data, text.len, 1);
	}
	buf_free(&text);
}

/* --- pseudo-random texts ----------------------------------------------------------- */

/* splitmix64: deterministic, so every run checks the same inputs. */
struct rng {
	uint64_t state; /* advanced by every draw */
};

static uint64_t
rng_next(struct rng *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static size_t
rng_below(struct rng *g, size_t n)
{
	return (size_t)(rng_next(g) % n);
}

static void
put_utf8(struct buf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_append(out, b, n);
}

/* A code point of any length, rarely NUL or another control character. */
static uint32_t
random_code_point(struct rng *g)
{
	static const char specials[] = "\"\\/\b\f\n\r\t\x01\x1f\x7f";
	uint32_t cp;

	switch (rng_below(g, 20)) {
	case 0:
		return rng_below(g, 40) == 0 ? 0 : (unsigned char)specials[rng_below(g,
		    sizeof specials - 1)];
	case 1:
	case 2:
		return 0x80 + (uint32_t)rng_below(g, 0x800 - 0x80);
	case 3:
	case 4:
		do
			cp = 0x800 + (uint32_t)rng_below(g, 0x10000 - 0x800);
		while (cp >= 0xd800 && cp <= 0xdfff);
		return cp;
	case 5:
		return 0x10000 + (uint32_t)rng_below(g, 0x110000 - 0x10000);
	case 6:
		return 0x600 + (uint32_t)rng_below(g, 0x100);	/* Arabic */
	default:
		return 0x20 + (uint32_t)rng_below(g, 0x5f);
	}
}

static void
random_utf8(struct rng *g, struct buf *out, size_t max_chars)
{
	size_t i, n = rng_below(g, max_chars + 1);

	buf_reset(out);
	for (i = 0; i < n; i++)
		put_utf8(out, random_code_point(g));
}

static json_int_t
random_integer(struct rng *g)
{
	static const json_int_t edges[] = { 0, 1, -1, 9, 10, -10, LLONG_MAX, LLONG_MIN,
	    LLONG_MAX - 1, LLONG_MIN + 1, 1000000000000000000LL, -999999999999999999LL };

	switch (rng_below(g, 4)) {
	case 0:
		return edges[rng_below(g, COUNT(edges))];
	case 1:
		return (json_int_t)rng_next(g);
	case 2:
		return (json_int_t)(rng_next(g) >> rng_below(g, 64));
	default:
		return (json_int_t)rng_below(g, 2001) - 1000;
	}
}

static double
random_real(struct rng *g)
{
	static const double edges[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1e22, 1e23, DBL_MAX,
	    -DBL_MAX, DBL_MIN, 5e-324, -4.9e-324, 2.2250738585072009e-308, 9007199254740993.0 };
	uint64_t bits;
	double d;

	switch (rng_below(g, 3)) {
	case 0:
		return edges[rng_below(g, COUNT(edges))];
	case 1:
		do {
			bits = rng_next(g);
			memcpy(&d, &bits, sizeof d);
		} while (d != d || d - d != 0);	/* not NaN, not infinite */
		return d;
	default:
		return ((double)rng_below(g, 200001) - 100000) / (double)(1u << rng_below(g, 12));
	}
}

/* A random value, containers at most max_depth deep; depth 0 always gives a container. */
static json_t *
random_value(struct rng *g, int depth, int max_depth)
{
	static const char *const keys[] = { "id", "name", "a", "b", "", "\xc3\xa9t\xc3\xa9",
	    "\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaf\xd8\xa9", "\xf0\x9f\x98\x80", "with space" };
	struct buf s = BUF_INIT;
	size_t kind, i, n;
	json_t *v;

	kind = depth == 0 ? rng_below(g, 2) : depth >= max_depth ? 2 + rng_below(g, 6) :
	    rng_below(g, 8);
	switch (kind) {
	case 0:
		v = json_array();
		n = rng_below(g, 6);
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_value(g, depth + 1, max_depth));
		return v;
	case 1:
		v = json_object();
		n = rng_below(g, 6);
		for (i = 0; i < n; i++) {
			if (rng_below(g, 2)) {
				json_object_set_new(v, keys[rng_below(g, COUNT(keys))],
				    random_value(g, depth + 1, max_depth));
			} else {
				random_utf8(g, &s, 8);
				json_object_setn_new_nocheck(v, s.data ? s.data : "", s.len,
				    random_value(g, depth + 1, max_depth));
			}
		}
		buf_free(&s);
		return v;
	case 2:
	case 3:
		random_utf8(g, &s, 24);
		v = json_stringn_nocheck(s.data ? s.data : "", s.len);
		buf_free(&s);
		return v;
	case 4:
		return json_integer(random_integer(g));
	case 5:
		return json_real(random_real(g));
	default:
		return rng_below(g, 3) == 0 ? json_null() : json_boolean(rng_below(g, 2));
	}
}

static void
random_space(struct rng *g, struct buf *out)
{
	static const char space[] = " \t\n\r";
	size_t n = rng_below(g, 6) == 0 ? rng_below(g, 3) + 1 : 0;

	while (n-- > 0)
		buf_putc(out, space[rng_below(g, 4)]);
}

static void
write_digits(struct rng *g, struct buf *out, size_t min, size_t max)
{
	size_t n = min + rng_below(g, max - min + 1);

	while (n-- > 0)
		buf_putc(out, (char)('0' + rng_below(g, 10)));
}

/* A number as a person might write it: sign, zero or digits, fraction, exponent. */
static void
write_number(struct rng *g, struct buf *out)
{
	if (rng_below(g, 3) == 0)
		buf_putc(out, '-');
	if (rng_below(g, 4) == 0) {
		buf_putc(out, '0');
	} else {
		buf_putc(out, (char)('1' + rng_below(g, 9)));
		write_digits(g, out, 0, rng_below(g, 4) == 0 ? 21 : 4);
	}
	if (rng_below(g, 3) == 0) {
		buf_putc(out, '.');
		write_digits(g, out, 1, rng_below(g, 4) == 0 ? 30 : 3);
	}
	if (rng_below(g, 4) == 0) {
		buf_putc(out, rng_below(g, 2) ? 'e' : 'E');
		if (rng_below(g, 2))
			buf_putc(out, rng_below(g, 2) ? '+' : '-');
		write_digits(g, out, 1, 3);
	}
}

/* A string with raw UTF-8, every kind of escape and escaped surrogate pairs. */
static void
write_string(struct rng *g, struct buf *out, size_t max_pieces)
{
	static const char *const escapes[] = { "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n",
	    "\\r", "\\t" };
	size_t i, n = rng_below(g, max_pieces + 1);
	uint32_t cp;

	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		switch (rng_below(g, 8)) {
		case 0:
			buf_puts(out, escapes[rng_below(g, COUNT(escapes))]);
			break;
		case 1:
			do
				cp = 1 + (uint32_t)rng_below(g, 0xffff);
			while (cp >= 0xd800 && cp <= 0xdfff);
			buf_printf(out, rng_below(g, 2) ? "\\u%04x" : "\\u%04X", (unsigned)cp);
			break;
		case 2:
			cp = (uint32_t)rng_below(g, 0x100000);
			buf_printf(out, "\\u%04x\\u%04X", (unsigned)(0xd800 + (cp >> 10)),
			    (unsigned)(0xdc00 + (cp & 0x3ff)));
			break;
		default:
			do
				cp = random_code_point(g);
			while (cp < 0x20 || cp == '"' || cp == '\\');
			put_utf8(out, cp);
		}
	}
	buf_putc(out, '"');
}

/* A value written by hand: spaces anywhere, duplicate keys, any number spelling. */
static void
write_value(struct rng *g, struct buf *out, int depth)
{
	static const char *const literals[] = { "true", "false", "null" };
	size_t kind, i, n;

	kind = depth == 0 ? rng_below(g, 2) : depth >= 4 ? 2 + rng_below(g, 3) : rng_below(g, 5);
	random_space(g, out);
	if (kind <= 1) {
		buf_putc(out, kind == 0 ? '[' : '{');
		random_space(g, out);
		n = rng_below(g, 6);
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(out, ',');
			if (kind == 1) {
				random_space(g, out);
				if (rng_below(g, 3))	/* few keys: duplicates */
					buf_printf(out, "\"%c\"", (char)('a' + rng_below(g, 3)));
				else
					write_string(g, out, 3);
				random_space(g, out);
				buf_putc(out, ':');
			}
			write_value(g, out, depth + 1);
		}
		buf_putc(out, kind == 0 ? ']' : '}');
	} else if (kind == 2) {
		write_string(g, out, 10);
	} else if (kind == 3) {
		write_number(g, out);
	} else {
		buf_puts(out, literals[rng_below(g, COUNT(literals))]);
	}
	random_space(g, out);
}

/* Change text a little: flip a bit, put in or replace by a byte that matters to JSON,
** remove a byte, cut the end, or repeat a span. */
static void
mutate(struct rng *g, struct buf *text)
{
	static const char bytes[] = { '\0', '"', '\\', '[', ']', '{', '}', ',', ':', '0', '9',
	    '-', '+', '.', 'e', 'u', 't', ' ', '\n', '\x01', '\x7f', '\x80', '\xbf', '\xc3',
	    '\xed', '\xf0', '\xf4', '\xff' };
	size_t at, n, rounds = 1 + rng_below(g, 3);
	struct buf copy = BUF_INIT;

	while (rounds-- > 0 && text->len > 0) {
		at = rng_below(g, text->len);
		switch (rng_below(g, 6)) {
		case 0:
			text->data[at] ^= (char)(1u << rng_below(g, 8));
			break;
		case 1:
			text->data[at] = bytes[rng_below(g, sizeof bytes)];
			break;
		case 2:
			buf_putc(text, '\0');
			memmove(text->data + at + 1, text->data + at, text->len - at - 1);
			text->data[at] = bytes[rng_below(g, sizeof bytes)];
			break;
		case 3:
			memmove(text->data + at, text->data + at + 1, text->len - at - 1);
			text->len--;
			break;
		case 4:
			text->len = at;
			break;
		default:
			n = rng_below(g, text->len - at) + 1;
			buf_reset(&copy);
			buf_append(&copy, text->data, at + n);
			buf_append(&copy, text->data + at, text->len - at);
			buf_reset(text);
			buf_append(text, copy.data, copy.len);
		}
	}
	buf_free(&copy);
	assert_false(buf_failed(text));
}

/* Counts over the random inputs, so the test fails if they stop exercising both sides. */
struct tally {
	size_t accepted; /* inputs both parsers accepted */
	size_t refused;  /* inputs both parsers refused */
};

static void
check_random(const struct buf *text, struct tally *t)
{
	char why[600], shown[300];
	int valid;

	if (!parsers_agree(text->data ? text->data : "", text->len, &valid, why, sizeof why)) {
		describe(text->data, text->len, shown, sizeof shown);
		fail_msg("[%s]: %s", shown, why);
	}
	if (valid)
		t->accepted++;
	else
		t->refused++;
}

/* The text itself and three mutations of it. */
static void
check_with_mutations(struct rng *g, const struct buf *text, struct tally *t)
{
	struct buf mutated = BUF_INIT;
	int i;

	check_random(text, t);
	for (i = 0; i < 3; i++) {
		buf_reset(&mutated);
		buf_append(&mutated, text->data, text->len);
		mutate(g, &mutated);
		check_random(&mutated, t);
	}
	buf_free(&mutated);
}

static void
test_dumped_random_values_and_mutations_agree(void **state)
{
	static const size_t flags[] = { JSON_COMPACT, 0, JSON_INDENT(2),
	    JSON_COMPACT | JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH | JSON_INDENT(1),
	    JSON_COMPACT | JSON_SORT_KEYS };
	struct rng g = { 20261121 };
	struct tally t = { 0, 0 };
	struct buf text = BUF_INIT;
	json_t *value;
	char *dump;
	int i;

	(void)state;
	for (i = 0; i < 1500; i++) {
		value = random_value(&g, 0, 1 + (int)rng_below(&g, 5));
		dump = json_dumps(value, flags[rng_below(&g, COUNT(flags))]);
		assert_non_null(dump);
		buf_reset(&text);
		buf_puts(&text, dump);
		check_with_mutations(&g, &text, &t);
		free(dump);
		json_decref(value);
	}
	buf_free(&text);
	assert_true(t.accepted >= 1200);
	assert_true(t.refused >= 1500);
}

static void
test_written_random_texts_and_mutations_agree(void **state)
{
	struct rng g = { 7 };
	struct tally t = { 0, 0 };
	struct buf text = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1500; i++) {
		buf_reset(&text);
		write_value(&g, &text, 0);
		check_with_mutations(&g, &text, &t);
	}
	buf_free(&text);
	assert_true(t.accepted >= 1000);
	assert_true(t.refused >= 1500);
}

/* --- what the server stores ---------------------------------------------------------- */

/* A stored text shaped like a summary, with French, Arabic, emoji and escapes. */
static const char summary_sample[] =
	"{\"id\":\"5b7c2f0e-8c1d-4f7a-9a51-0d3e2b6c9f41\",\"name\":\"Clinique \xc2\xab Sant\xc3"
	"\xa9 pour tous \xc2\xbb \xe2\x80\x93 C\xc3\xb4te-des-Neiges\",\"alternate_names\":"
	"[\"\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaf\xd8\xa9 \xd8\xa7\xd9\x84\xd8\xb5\xd8\xad\xd8\xa9"
	" \xd9\x84\xd9\x84\xd8\xac\xd9\x85\xd9\x8a\xd8\xb9\",\"Health for all \xf0\x9f\xa9\xba"
	"\"],\"description\":{\"ar\":\"\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaf\xd8\xa9 \xd9\x85\xd8"
	"\xac\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9.\",\"en\":\"Free clinic; no questions about "
	"status. \\\"Walk-ins\\\" welcome \xf0\x9f\x98\x80\\nSee you\\t\\u00e0 bient\\u00f4t "
	"\\ud83d\\udc4b\",\"fr\":\"Clinique gratuite : aucune question sur le statut. "
	"Accueil sans rendez-vous \xe2\x80\x94 caf\xc3\xa9 offert \xe2\x98\x95 l\xe2\x80\x99"
	"\xc3\xa9t\xc3\xa9 \xc5\x93uvre \xc3\x87""a\"},\"provides_services\":true,\"categories\":"
	"[\"health\"],\"commitments\":[{\"id\":\"no-status-questions\",\"since\":\"2021-08-05\"},"
	"{\"id\":\"no-border-agency\",\"since\":\"2019-10-07\"}],\"updated_on\":\"2026-09-28\","
	"\"demo\":false,\"services\":[{\"categories\":[\"health\"],\"languages\":[\"fr\",\"ar\","
	"\"en\"],\"fees\":\"free\",\"no_id_needed\":true}],\"locations\":[{\"id\":\"20c9dd81-"
	"489c-4980-b745-45a2514b4a9b\",\"address\":\"5700, chemin de la C\xc3\xb4te-des-"
	"Neiges\",\"neighbourhood\":\"C\xc3\xb4te-des-Neiges\",\"city\":\"Montr\xc3\xa9""al\","
	"\"latitude\":45.4976543,\"longitude\":-73.6238765,\"confidential\":false,\"hours\":"
	"[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}],\"phones\":[{\"number\":"
	"\"+1 514 555 0100 ext 13\"}],\"rank\":3,\"distance_km\":1.25e0}]}";

/* The sample as is, pretty-printed, and with every non-ASCII character escaped. */
static void
test_summary_sample_agrees(void **state)
{
	static const size_t flags[] = { JSON_INDENT(2), JSON_COMPACT | JSON_ENSURE_ASCII };
	json_t *sample;
	char *dump;
	size_t i;

	(void)state;
	assert_case(summary_sample, sizeof summary_sample - 1, 1);
	sample = jsonin_parse(summary_sample, sizeof summary_sample - 1);
	assert_non_null(sample);
	for (i = 0; i < COUNT(flags); i++) {
		dump = json_dumps(sample, flags[i]);
		assert_non_null(dump);
		assert_case(dump, strlen(dump), 1);
		free(dump);
	}
	json_decref(sample);
}

/* The summaries an import of a generated directory stores: generated text, checked
** records, documents_make. */
static void
test_stored_summaries_agree(void **state)
{
	struct documents docs = DOCUMENTS_INIT;
	json_t *root, *orgs, *dir, *rec;
	char *text, err[600];
	size_t len, i;

	(void)state;
	text = testdb_generate(20, 7, &len);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_case(text, len, 1);
	if (record_check_file(root, TODAY, &orgs, &dir, err, sizeof err) != 0)
		fail_msg("record_check_file: %s", err);
	assert_int_equal(json_array_size(orgs), 20);
	json_array_foreach(orgs, i, rec) {
		assert_int_equal(documents_make(rec, &docs), 0);
		assert_true(docs.summary.len > 500);
		assert_case(docs.summary.data, docs.summary.len, 1);
		assert_case(docs.public_view.data, docs.public_view.len, 1);
		assert_case(docs.record.data, docs.record.len, 1);
	}
	documents_free(&docs);
	json_decref(orgs);
	json_decref(dir);
	json_decref(root);
	free(text);
}

/* --- running out of memory ------------------------------------------------------------ */

/* jansson's allocations while the failing allocator is installed. */
static struct {
	long left; /* allocations still allowed; below 0: no limit */
	long live; /* allocations not freed yet */
} alloc_state;

static void *
failing_malloc(size_t size)
{
	void *p;

	if (alloc_state.left == 0)
		return NULL;
	if (alloc_state.left > 0)
		alloc_state.left--;
	if ((p = malloc(size)) != NULL)
		alloc_state.live++;
	return p;
}

static void
counting_free(void *p)
{
	if (p != NULL)
		alloc_state.live--;
	free(p);
}

/* With the n-th allocation failing, for every n until none does: NULL, and nothing that
** was allocated is left; then the same value as json_loadb's. */
static void
test_out_of_memory_releases_everything(void **state)
{
	static const char text[] = "{\"a\":[1,2.5,\"x\\u00e9\",{\"b\":null,\"c\":[true,false]}],"
	    "\"\\u00e9\":{\"d\":\"\\ud83d\\ude00\"},\"a\":\"again\",\"e\":[[[[\"deep\"]]]]}";
	char *expected, *dump;
	json_t *value;
	long n;

	(void)state;
	value = json_loads(text, 0, NULL);
	assert_non_null(value);
	expected = json_dumps(value, JSON_COMPACT);
	json_decref(value);
	assert_non_null(expected);
	for (n = 0; n < 1000; n++) {
		alloc_state.left = n;
		alloc_state.live = 0;
		json_set_alloc_funcs(failing_malloc, counting_free);
		value = jsonin_parse(text, sizeof text - 1);
		if (value == NULL) {
			json_set_alloc_funcs(malloc, free);
			assert_int_equal(alloc_state.live, 0);
			continue;
		}
		alloc_state.left = -1;
		dump = json_dumps(value, JSON_COMPACT);
		assert_non_null(dump);
		assert_string_equal(dump, expected);
		counting_free(dump);
		json_decref(value);
		json_set_alloc_funcs(malloc, free);
		assert_int_equal(alloc_state.live, 0);
		break;
	}
	assert_true(n > 10);
	assert_true(n < 1000);	/* it did parse in the end */
	free(expected);
}

/* jsonin_element_fn: keep elements until the second, then stop the parse. */
static int
stop_at_second(void *arg, json_t *element, const json_t *root)
{
	(void)root;
	if (json_array_size(arg) == 1) {
		json_decref(element);
		return 1;
	}
	return json_array_append_new(arg, element);
}

/* The element function stops the parse: nothing is returned, stopped says why, and what
** was handed out before is the caller's. */
static void
test_stream_stops_when_asked(void **state)
{
	static const char text[] = "{\"a\":[{\"n\":1},{\"n\":2},{\"n\":3}]}";
	json_t *handed = json_array();
	int stopped = -1;

	(void)state;
	assert_null(jsonin_parse_unique_stream(text, sizeof text - 1, "a", stop_at_second,
	    handed, &stopped));
	assert_int_equal(stopped, 1);
	assert_int_equal(json_array_size(handed), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(handed, 0), "n")), 1);
	json_decref(handed);
	/* refused text: stopped is 0 */
	handed = json_array();
	assert_null(jsonin_parse_unique_stream("{\"a\":[1,x]}", 11, "a", stop_at_second, handed,
	    &stopped));
	assert_int_equal(stopped, 0);
	assert_int_equal(json_array_size(handed), 1);
	json_decref(handed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_written_cases_agree_with_jansson),
		cmocka_unit_test(test_nesting_limit_counts_every_value),
		cmocka_unit_test(test_long_strings_and_deep_nesting_use_the_heap),
		cmocka_unit_test(test_dumped_random_values_and_mutations_agree),
		cmocka_unit_test(test_written_random_texts_and_mutations_agree),
		cmocka_unit_test(test_summary_sample_agrees),
		cmocka_unit_test(test_stored_summaries_agree),
		cmocka_unit_test(test_out_of_memory_releases_everything),
		cmocka_unit_test(test_stream_stops_when_asked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
