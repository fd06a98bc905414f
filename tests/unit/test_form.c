/*
** test_form.c - form.h: form bodies against the JSON objects they must give (decoding of
** '+' and %XX, repeated keys, fields without '=', empty segments, the given length
** respected) and against the errors they must raise (bad escapes, NUL, invalid UTF-8,
** empty and long names, too many fields), with nothing returned on error.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct good_case {
	const char *body;
	const char *json; /* the object expected */
};

struct bad_case {
	const char *body;
	size_t      len;  /* 0: strlen(body) */
	const char *err;  /* the message expected */
};

/* Fail unless body[0..len) parses to the object written as want. */
static void
expect_object(const char *body, size_t len, const char *want)
{
	json_t *got = NULL, *expected = json_loads(want, 0, NULL);
	char err[128] = "", *text;

	assert_non_null(expected);
	if (form_parse(body, len, &got, err, sizeof err) != 0)
		fail_msg("\"%s\": %s", body, err);
	if (!json_equal(got, expected)) {
		text = json_dumps(got, JSON_COMPACT);
		fail_msg("\"%s\" gave %s, want %s", body, text, want);
	}
	json_decref(got);
	json_decref(expected);
}

/* Fail unless body[0..len) is refused with exactly the message want, *out untouched. */
static void
expect_error(const char *body, size_t len, const char *want)
{
	json_t sentinel, *out = &sentinel;
	char err[128] = "";

	if (form_parse(body, len, &out, err, sizeof err) != -1)
		fail_msg("accepted \"%s\"", body);
	assert_ptr_equal(out, &sentinel);
	if (strcmp(err, want) != 0)
		fail_msg("\"%s\": message \"%s\", want \"%s\"", body, err, want);
}

static void
test_decodes_fields_into_an_object(void **state)
{
	static const struct good_case cases[] = {
		{ "", "{}" },
		{ "a=1", "{\"a\":\"1\"}" },
		{ "a=1&b=2", "{\"a\":\"1\",\"b\":\"2\"}" },
		{ "q=caf%C3%A9+au+lait", "{\"q\":\"café au lait\"}" },
		{ "q=caf%c3%a9", "{\"q\":\"café\"}" },
		{ "x=%2B%26%3D%25", "{\"x\":\"+&=%\"}" },
		{ "x=a+b%20c++", "{\"x\":\"a b c  \"}" },
		{ "my+key=v", "{\"my key\":\"v\"}" },
		{ "%C3%A9t%C3%A9=summer", "{\"été\":\"summer\"}" },
		{ "note=line+1%0D%0Aline+2%09tab", "{\"note\":\"line 1\\r\\nline 2\\ttab\"}" },
		{ "name=بنك", "{\"name\":\"بنك\"}" },
		{ "a=b=c", "{\"a\":\"b=c\"}" },
		{ "a=", "{\"a\":\"\"}" },
		{ "a", "{\"a\":\"\"}" },
		{ "a&b=2", "{\"a\":\"\",\"b\":\"2\"}" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		expect_object(cases[i].body, strlen(cases[i].body), cases[i].json);
	expect_object(NULL, 0, "{}");
}

static void
test_repeated_keys_become_arrays_in_order(void **state)
{
	(void)state;
	expect_object("a=1&b=2&a=3&a=4", 15, "{\"a\":[\"1\",\"3\",\"4\"],\"b\":\"2\"}");
	expect_object("c=x&c=x", 7, "{\"c\":[\"x\",\"x\"]}");
	expect_object("c&c=&c=z", 8, "{\"c\":[\"\",\"\",\"z\"]}");
	expect_object("k+1=a&k%201=b", 13, "{\"k 1\":[\"a\",\"b\"]}");
}

static void
test_skips_empty_segments(void **state)
{
	(void)state;
	expect_object("a=1&&b=2", 8, "{\"a\":\"1\",\"b\":\"2\"}");
	expect_object("&a=1&", 5, "{\"a\":\"1\"}");
	expect_object("&&&", 3, "{}");
	expect_object("&", 1, "{}");
}

static void
test_reads_only_the_given_length(void **state)
{
	(void)state;
	expect_object("a=1&b=2", 3, "{\"a\":\"1\"}");
	expect_object("a=%41", 2, "{\"a\":\"\"}");
	expect_error("a=%41", 4, "field 1: invalid percent escape");
	expect_object("a=%41", 5, "{\"a\":\"A\"}");
}

static void
test_refuses_bad_percent_escapes(void **state)
{
	static const struct bad_case cases[] = {
		{ "a=%", 0, "field 1: invalid percent escape" },
		{ "a=%4", 0, "field 1: invalid percent escape" },
		{ "a=%zz", 0, "field 1: invalid percent escape" },
		{ "a=%4g", 0, "field 1: invalid percent escape" },
		{ "a=%+41", 0, "field 1: invalid percent escape" },
		{ "%G1=1", 0, "field 1: invalid percent escape" },
		{ "a=1&b=%x1", 0, "field 2: invalid percent escape" },
		{ "a=1&&b=2&c=%", 0, "field 3: invalid percent escape" },
		{ "a=100%", 0, "field 1: invalid percent escape" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		expect_error(cases[i].body, strlen(cases[i].body), cases[i].err);
}

static void
test_refuses_nul_and_invalid_utf8(void **state)
{
	static const struct bad_case cases[] = {
		{ "a=%00", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "a=x%00y", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "%00=1", 0, "field 1: the name is not valid UTF-8 or contains NUL" },
		{ "a=%C0%AF", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "a=%FF", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "a=%ED%A0%80", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "a=%C3", 0, "field 1: the value is not valid UTF-8 or contains NUL" },
		{ "ok=1&a=\xFF", 0, "field 2: the value is not valid UTF-8 or contains NUL" },
		{ "\xC3=1", 0, "field 1: the name is not valid UTF-8 or contains NUL" },
		{ "a=1\0b=2", 7, "field 1: the value is not valid UTF-8 or contains NUL" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		expect_error(cases[i].body,
		    cases[i].len ? cases[i].len : strlen(cases[i].body), cases[i].err);
}

static void
test_names_are_1_to_200_bytes(void **state)
{
	char body[3 * FORM_MAX_KEY + 16], want[FORM_MAX_KEY + 1], err[128];
	json_t *out = NULL;
	size_t i;

	(void)state;
	expect_error("=1", 2, "field 1: empty name");
	expect_error("=", 1, "field 1: empty name");
	expect_error("a=1&=2", 6, "field 2: empty name");
	/* 200 bytes, written as 600 escaped bytes: the limit is on the decoded name. */
	for (i = 0; i < FORM_MAX_KEY; i++)
		memcpy(body + 3 * i, "%41", 3);
	memcpy(body + 3 * FORM_MAX_KEY, "=v", 3);
	memset(want, 'A', FORM_MAX_KEY);
	want[FORM_MAX_KEY] = '\0';
	assert_int_equal(form_parse(body, strlen(body), &out, err, sizeof err), 0);
	assert_string_equal(json_string_value(json_object_get(out, want)), "v");
	json_decref(out);
	memset(body, 'k', FORM_MAX_KEY + 1);
	memcpy(body + FORM_MAX_KEY + 1, "=v", 3);
	expect_error(body, strlen(body), "field 1: name longer than 200 bytes");
}

/* A body of n fields "f=1&f=2&..." (all named f) or "f1=1&f2=2&..." (distinct). */
static char *
many_fields(size_t n, int distinct)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (distinct)
			buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
		else
			buf_printf(&b, "%sf=%zu", i ? "&" : "", i);
	assert_false(buf_failed(&b));
	return buf_detach(&b, NULL);
}

static void
test_at_most_max_fields(void **state)
{
	char err[128];
	json_t *out = NULL;
	char *body;

	(void)state;
	body = many_fields(FORM_MAX_FIELDS, 1);
	assert_int_equal(form_parse(body, strlen(body), &out, err, sizeof err), 0);
	assert_int_equal(json_object_size(out), FORM_MAX_FIELDS);
	json_decref(out);
	free(body);

	body = many_fields(FORM_MAX_FIELDS, 0);
	assert_int_equal(form_parse(body, strlen(body), &out, err, sizeof err), 0);
	assert_int_equal(json_array_size(json_object_get(out, "f")), FORM_MAX_FIELDS);
	assert_string_equal(json_string_value(json_array_get(json_object_get(out, "f"),
	    FORM_MAX_FIELDS - 1)), "2999");
	json_decref(out);
	free(body);

	body = many_fields(FORM_MAX_FIELDS + 1, 1);
	expect_error(body, strlen(body), "more than 3000 fields");
	free(body);
}

static void
test_error_buffer_may_be_null(void **state)
{
	json_t *out = NULL;

	(void)state;
	assert_int_equal(form_parse("a=%", 3, &out, NULL, 0), -1);
	assert_null(out);
	assert_int_equal(form_parse("a=1", 3, &out, NULL, 0), 0);
	json_decref(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decodes_fields_into_an_object),
		cmocka_unit_test(test_repeated_keys_become_arrays_in_order),
		cmocka_unit_test(test_skips_empty_segments),
		cmocka_unit_test(test_reads_only_the_given_length),
		cmocka_unit_test(test_refuses_bad_percent_escapes),
		cmocka_unit_test(test_refuses_nul_and_invalid_utf8),
		cmocka_unit_test(test_names_are_1_to_200_bytes),
		cmocka_unit_test(test_at_most_max_fields),
		cmocka_unit_test(test_error_buffer_may_be_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
