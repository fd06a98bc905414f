/*
** test_html.c - the escaping writers of html.c: what html_escape and url_encode change,
** what they leave alone, and that they report a failed buffer.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "html.h"

struct escape_case {
	const char *in;   /* input bytes */
	size_t      len;  /* how many (strings may hold a NUL) */
	const char *want; /* expected output */
};

#define CASE(in, want) { in, sizeof(in) - 1, want }

typedef int (*escape_fn)(struct buf *, const char *, size_t);

/* Run each case through fn into a fresh buffer and compare. */
static void
check_cases(escape_fn fn, const struct escape_case *cases, size_t ncase)
{
	struct buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < ncase; i++) {
		buf_reset(&out);
		assert_int_equal(fn(&out, cases[i].in, cases[i].len), 0);
		assert_int_equal(out.len, strlen(cases[i].want));
		if (out.len > 0 && memcmp(out.data, cases[i].want, out.len) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, out.data, cases[i].want);
	}
	buf_free(&out);
}

static void
test_html_escape_replaces_each_special_character(void **state)
{
	static const struct escape_case cases[] = {
		CASE("&", "&amp;"),
		CASE("<", "&lt;"),
		CASE(">", "&gt;"),
		CASE("\"", "&quot;"),
		CASE("'", "&#39;"),
		CASE("<script>alert('x')</script>",
		    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
		CASE("a&&b", "a&amp;&amp;b"),
		CASE("&amp;", "&amp;amp;"),
		CASE("\" onmouseover=\"x", "&quot; onmouseover=&quot;x"),
	};

	(void)state;
	check_cases(html_escape, cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_html_escape_passes_other_bytes_unchanged(void **state)
{
	static const struct escape_case cases[] = {
		CASE("", ""),
		CASE("plain text 123", "plain text 123"),
		CASE("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80"),
		CASE("\xe2\x80\xae" "evil", "\xe2\x80\xae" "evil"), /* U+202E RTL override */
		CASE("/?=%#;:{}`\\", "/?=%#;:{}`\\"),
		CASE("\t\r\n", "\t\r\n"),
	};
	struct buf out = BUF_INIT;

	(void)state;
	check_cases(html_escape, cases, sizeof(cases) / sizeof(cases[0]));
	assert_int_equal(html_escape(&out, "a\0b", 3), 0);
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.data, "a\0b", 3);
	buf_free(&out);
}

/* Words of eight bytes are skipped whole: each special character, at every place in and
** around them after runs of every length, is replaced, with the bytes around it kept. */
static void
test_html_escape_finds_a_special_character_anywhere(void **state)
{
	static const struct { char c; const char *entity; } specials[] = {
		{ '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" }, { '"', "&quot;" }, { '\'', "&#39;" },
	};
	struct buf out = BUF_INIT;
	char text[40], want[80];
	size_t i, at, len, n;

	(void)state;
	for (i = 0; i < sizeof specials / sizeof specials[0]; i++)
		for (len = 0; len <= 24; len++)
			for (at = 0; at <= len; at++) {
				memset(text, 'a', len);
				text[at] = specials[i].c;
				memset(text + at + 1, '\xc3', len - at);
				n = strlen(specials[i].entity);
				memset(want, 'a', at);
				memcpy(want + at, specials[i].entity, n);
				memset(want + at + n, '\xc3', len - at);
				buf_reset(&out);
				assert_int_equal(html_escape(&out, text, len + 1), 0);
				assert_int_equal(out.len, len + n);
				assert_memory_equal(out.data, want, len + n);
			}
	buf_free(&out);
}

static void
test_url_encode_keeps_only_unreserved_bytes(void **state)
{
	static const struct escape_case cases[] = {
		CASE("", ""),
		CASE("AZaz09-._~", "AZaz09-._~"),
		CASE(" ", "%20"),
		CASE("a b&c=d", "a%20b%26c%3Dd"),
		CASE("/?#[]@!$'()*+,;", "%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2B%2C%3B"),
		CASE("<\">", "%3C%22%3E"),
		CASE("%", "%25"),
		CASE("caf\xc3\xa9", "caf%C3%A9"),
		CASE("\xe2\x80\xae", "%E2%80%AE"),
		CASE("\0\x01\x7f\xff", "%00%01%7F%FF"),
		CASE("javascript:alert(1)", "javascript%3Aalert%281%29"),
	};

	(void)state;
	check_cases(url_encode, cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_url_encode_output_needs_no_html_escape(void **state)
{
	struct buf enc = BUF_INIT, esc = BUF_INIT;
	char all[256];
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	assert_int_equal(url_encode(&enc, all, sizeof(all)), 0);
	assert_int_equal(enc.len, 66 + 3 * 190);
	assert_int_equal(html_escape(&esc, enc.data, enc.len), 0);
	assert_string_equal(esc.data, enc.data);
	buf_free(&enc);
	buf_free(&esc);
}

static void
test_escapers_append_to_existing_content(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(buf_puts(&out, "x="), 0);
	assert_int_equal(html_escape(&out, "<", 1), 0);
	assert_int_equal(url_encode(&out, " ", 1), 0);
	assert_string_equal(out.data, "x=&lt;%20");
	buf_free(&out);
}

static void
test_escapers_fail_on_a_failed_buffer(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	out.failed = 1;
	assert_int_equal(html_escape(&out, "a<b", 3), -1);
	assert_int_equal(html_escape(&out, "", 0), -1);
	assert_int_equal(url_encode(&out, "a b", 3), -1);
	assert_int_equal(url_encode(&out, "", 0), -1);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape_replaces_each_special_character),
		cmocka_unit_test(test_html_escape_passes_other_bytes_unchanged),
		cmocka_unit_test(test_html_escape_finds_a_special_character_anywhere),
		cmocka_unit_test(test_url_encode_keeps_only_unreserved_bytes),
		cmocka_unit_test(test_url_encode_output_needs_no_html_escape),
		cmocka_unit_test(test_escapers_append_to_existing_content),
		cmocka_unit_test(test_escapers_fail_on_a_failed_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
