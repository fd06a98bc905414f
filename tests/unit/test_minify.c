/*
** test_minify.c - minify.h: stylesheets lose their comments and the whitespace around
** braces, semicolons, commas and declaration colons, but keep the spaces that separate
** selectors, pseudo-classes, media queries and calc() terms, and every string as it was;
** scripts lose comments, indentation and empty lines but keep line breaks, strings and
** template literals. Unterminated comments and strings stop at the given length.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minify.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct minify_case {
	const char *in;
	const char *want;
};

/* Minify a copy of in[0..len) held in a block of exactly len bytes (no NUL after it), so
** that a read past the end shows under AddressSanitizer; fail unless it gives want. */
static void
expect_minified(size_t (*minify)(char *, size_t), const char *in, size_t len, const char *want)
{
	char *text = malloc(len > 0 ? len : 1);
	size_t got;

	assert_non_null(text);
	memcpy(text, in, len);
	got = minify(text, len);
	if (got > len)
		fail_msg("\"%s\": length %zu grew to %zu", in, len, got);
	if (got != strlen(want) || memcmp(text, want, got) != 0)
		fail_msg("\"%s\" gave \"%.*s\", want \"%s\"", in, (int)got, text, want);
	free(text);
}

static void
expect_cases(size_t (*minify)(char *, size_t), const struct minify_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		expect_minified(minify, cases[i].in, strlen(cases[i].in), cases[i].want);
}

static void
test_css_drops_comments_and_collapses_whitespace(void **state)
{
	static const struct minify_case cases[] = {
		{ "/* header */\na { color: red; }\n", "a{color:red}" },
		{ "a { color : red ; }", "a{color:red}" },
		{ "a\n{\n\tcolor:\tred;\n\tmargin:  0   auto;\n}\n", "a{color:red;margin:0 auto}" },
		{ "a , b , c { x: y }", "a,b,c{x:y}" },
		{ "a { x: y; } b { x: y; }", "a{x:y}b{x:y}" },
		{ "a { font: 1em /* size */ serif }", "a{font:1em serif}" },
		{ "a { margin: 0/**/auto }", "a{margin:0 auto}" },
		{ "a { x: y;; }", "a{x:y;}" },
		{ "/**/", "" },
		{ "   \n\t  ", "" },
	};

	(void)state;
	expect_cases(minify_css, cases, COUNT(cases));
}

static void
test_css_keeps_selector_spaces_and_pseudo_classes(void **state)
{
	static const struct minify_case cases[] = {
		{ ".a :focus { outline: 0 }", ".a :focus{outline:0}" },
		{ ".a:hover { x: y }", ".a:hover{x:y}" },
		{ "nav  ul   li { x: y }", "nav ul li{x:y}" },
		{ "h1 + p { x: y }", "h1 + p{x:y}" },
		{ "h1\n+\np { x: y }", "h1 + p{x:y}" },
		{ "ul > li { x: y }", "ul > li{x:y}" },
		{ "a[href] ::before { x: y }", "a[href] ::before{x:y}" },
	};

	(void)state;
	expect_cases(minify_css, cases, COUNT(cases));
}

static void
test_css_media_queries_stay_working(void **state)
{
	static const struct minify_case cases[] = {
		{ "@media (min-width: 40em) { .a { b: c } }", "@media (min-width: 40em){.a{b:c}}" },
		{ "@media (min-width: 40em) {\n  .a { b : c ; }\n  .d :focus { e: f; }\n}\n",
		  "@media (min-width: 40em){.a{b:c}.d :focus{e:f}}" },
		{ "@media print { a { x: y } } b { c : d }", "@media print{a{x:y}}b{c:d}" },
		{ "@media screen and (max-width: 30em) { a { x: y } }",
		  "@media screen and (max-width: 30em){a{x:y}}" },
	};

	(void)state;
	expect_cases(minify_css, cases, COUNT(cases));
}

static void
test_css_keeps_strings_and_calc(void **state)
{
	static const struct minify_case cases[] = {
		{ "a::after { content: \", \"; }", "a::after{content:\", \"}" },
		{ "a { content: \"a  /* b */\" }", "a{content:\"a  /* b */\"}" },
		{ "a { content: ' ; } , ' }", "a{content:' ; } , '}" },
		{ "a { content: \"x\\\"  y\" }", "a{content:\"x\\\"  y\"}" },
		{ "a { font-family: \"Noto Sans\" , sans-serif }",
		  "a{font-family:\"Noto Sans\",sans-serif}" },
		{ "a { width: calc(1rem + 2px); }", "a{width:calc(1rem + 2px)}" },
		{ "a { width: calc( 100%  -  2 * 1rem ) }", "a{width:calc( 100% - 2 * 1rem )}" },
		{ "a { background: url(x.png) no-repeat }", "a{background:url(x.png) no-repeat}" },
	};

	(void)state;
	expect_cases(minify_css, cases, COUNT(cases));
}

/* Cut-off input: the minifier must stop at the given length (the copy has no NUL). */
static void
test_css_stops_at_the_end(void **state)
{
	static const struct minify_case cases[] = {
		{ "a { x: y } /* never closed", "a{x:y}" },
		{ "a { x: y } /*", "a{x:y}" },
		{ "a { x: y } /* *", "a{x:y}" },
		{ "/*/", "" },
		{ "/", "/" },
		{ "a { content: \"never closed", "a{content:\"never closed" },
		{ "a { content: \"ends in a backslash\\", "a{content:\"ends in a backslash\\" },
		{ "'", "'" },
		{ "a {", "a{" },
		{ "}}} a { x: y }", "}}}a{x:y}" },
	};

	(void)state;
	expect_cases(minify_css, cases, COUNT(cases));
}

static void
test_css_respects_the_length_given(void **state)
{
	char text[] = "a { x: y }   b { z: w }";
	size_t got;

	(void)state;
	got = minify_css(text, 10);
	assert_int_equal(got, 6);
	assert_memory_equal(text, "a{x:y}", 6);
	assert_string_equal(text + 10, "   b { z: w }");
	expect_minified(minify_css, "", 0, "");
}

/* Blocks nested n deep, each an @media block, around one rule. */
static void
nested(int n, char *in, char *want)
{
	int i;

	in[0] = want[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(in, "@media x { ");
		strcat(want, "@media x{");
	}
	strcat(in, "a { b: c; }");
	strcat(want, "a{b:c}");
	for (i = 0; i < n; i++) {
		strcat(in, " }");
		strcat(want, "}");
	}
}

/* Within the depth the minifier tracks, the innermost rule is tight; deeper, it only has
** to stay safe and not grow. */
static void
test_css_deep_nesting(void **state)
{
	char in[400], want[400], *copy;
	size_t len, got;

	(void)state;
	nested(15, in, want);
	expect_minified(minify_css, in, strlen(in), want);
	nested(20, in, want);
	len = strlen(in);
	copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, in, len);
	got = minify_css(copy, len);
	assert_true(got <= len);
	assert_true(got >= strlen(want));
	free(copy);
}

static void
test_js_drops_comments(void **state)
{
	static const struct minify_case cases[] = {
		{ "/* header\n   two lines */\nvar a = 1;\n", "var a = 1;\n" },
		{ "// only a comment\nvar a = 1;\n", "var a = 1;\n" },
		{ "a = b; // c\nd();\n", "a = b;\nd();\n" },
		{ "a = b; /* c */\n", "a = b;\n" },
		{ "x = a /* why */ + b;\n", "x = a  + b;\n" },
		{ "var u = 'http://x';\n", "var u = 'http://x';\n" },
		{ "var u = \"http://x\"; // link\n", "var u = \"http://x\";\n" },
		{ "var c = '/* not a comment */';\n", "var c = '/* not a comment */';\n" },
		{ "x = a / b / c;\n", "x = a / b / c;\n" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
}

/* The last line, without a line break after it, loses its trailing whitespace too. */
static void
test_js_trims_the_last_line(void **state)
{
	static const struct minify_case cases[] = {
		{ "a = b; // c", "a = b;" },
		{ "a(); /* never closed", "a();" },
		{ "a();  ", "a();" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
}

/* A block comment between two words separates them like a space does. */
static void
test_js_block_comment_separates_tokens(void **state)
{
	static const struct minify_case cases[] = {
		{ "return/* x */a;\n", "return a;\n" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
}

static void
test_js_drops_indentation_and_empty_lines(void **state)
{
	static const struct minify_case cases[] = {
		{ "function f() {\n\tif (a) {\n\t\treturn 1;\n\t}\n}\n",
		  "function f() {\nif (a) {\nreturn 1;\n}\n}\n" },
		{ "a();\n\n\n   \n\t\nb();\n", "a();\nb();\n" },
		{ "a();   \nb();\t\n", "a();\nb();\n" },
		{ "\n\n\na();\n", "a();\n" },
		{ "a()\nb()\n", "a()\nb()\n" },
		{ "   ", "" },
		{ "\n", "" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
}

static void
test_js_keeps_strings_and_template_literals(void **state)
{
	static const struct minify_case cases[] = {
		{ "s = `line one\n    // not a comment\n\n  line three`;\n",
		  "s = `line one\n    // not a comment\n\n  line three`;\n" },
		{ "s = `${a}  /* kept */`;\n", "s = `${a}  /* kept */`;\n" },
		{ "s = 'it\\'s  // still a string';\n", "s = 'it\\'s  // still a string';\n" },
		{ "s = \"say \\\"hi\\\"  // too\";\n", "s = \"say \\\"hi\\\"  // too\";\n" },
		{ "s = 'a\\\\'; // c\n", "s = 'a\\\\';\n" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
}

static void
test_js_stops_at_the_end(void **state)
{
	static const struct minify_case cases[] = {
		{ "a();/* never closed", "a();" },
		{ "a();\n/*", "a();\n" },
		{ "/", "/" },
		{ "s = 'never closed", "s = 'never closed" },
		{ "s = `ends in a backslash\\", "s = `ends in a backslash\\" },
		{ "// just a comment", "" },
	};

	(void)state;
	expect_cases(minify_js, cases, COUNT(cases));
	expect_minified(minify_js, "", 0, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_css_drops_comments_and_collapses_whitespace),
		cmocka_unit_test(test_css_keeps_selector_spaces_and_pseudo_classes),
		cmocka_unit_test(test_css_media_queries_stay_working),
		cmocka_unit_test(test_css_keeps_strings_and_calc),
		cmocka_unit_test(test_css_stops_at_the_end),
		cmocka_unit_test(test_css_respects_the_length_given),
		cmocka_unit_test(test_css_deep_nesting),
		cmocka_unit_test(test_js_drops_comments),
		cmocka_unit_test(test_js_trims_the_last_line),
		cmocka_unit_test(test_js_block_comment_separates_tokens),
		cmocka_unit_test(test_js_drops_indentation_and_empty_lines),
		cmocka_unit_test(test_js_keeps_strings_and_template_literals),
		cmocka_unit_test(test_js_stops_at_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
