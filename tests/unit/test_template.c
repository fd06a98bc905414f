/*
** test_template.c - the template engine of template.c: each test renders or compiles a
** table of templates and proves one behaviour promised in template.h.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"

/* One template rendered against one context. */
struct render_case {
	const char *src;  /* the template "t" */
	const char *want; /* its rendering */
};

/* One template that must not compile. */
struct error_case {
	const char *src;  /* the template "t" (may hold a NUL) */
	size_t      len;  /* its length */
	const char *want; /* the whole error message */
};

#define ERR(src, want) { src, sizeof(src) - 1, want }

/* One template of a set. */
struct named_src {
	const char *name;
	const char *src;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static json_t *
parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v;

	v = json_loads(text, 0, &jerr);
	if (v == NULL)
		fail_msg("bad test JSON at %d: %s", jerr.position, jerr.text);
	return v;
}

/* A set holding the n templates of a, not linked; every add must succeed. */
static struct tmpl_set *
set_from(const struct named_src *a, size_t n)
{
	struct tmpl_set *set;
	char err[256];
	size_t i;

	set = tmpl_set_new();
	assert_non_null(set);
	for (i = 0; i < n; i++) {
		if (tmpl_set_add(set, a[i].name, a[i].src, strlen(a[i].src), err,
		    sizeof(err)) != 0)
			fail_msg("add '%s' failed: %s", a[i].name, err);
	}
	return set;
}

/* Render name from a linked set into a new string; the caller frees it. */
static char *
render_name(const struct tmpl_set *set, const char *name, json_t *ctx,
    tmpl_translate_fn fn, void *arg)
{
	struct buf out = BUF_INIT;

	assert_int_equal(tmpl_render(set, name, ctx, fn, arg, &out), 0);
	return buf_detach(&out, NULL);
}

/* Compile and link src alone as "t", render it, compare with want. */
static void
check_render(const char *src, const char *ctxjson, tmpl_translate_fn fn, void *arg,
    const char *want)
{
	struct named_src one = { "t", src };
	struct tmpl_set *set;
	json_t *ctx;
	char err[256], *got;

	set = set_from(&one, 1);
	if (tmpl_set_link(set, err, sizeof(err)) != 0)
		fail_msg("link of '%s' failed: %s", src, err);
	ctx = parse_json(ctxjson);
	got = render_name(set, "t", ctx, fn, arg);
	if (strcmp(got, want) != 0)
		fail_msg("template '%s'\n  got  '%s'\n  want '%s'", src, got, want);
	free(got);
	json_decref(ctx);
	tmpl_set_free(set);
}

static void
check_renders(const struct render_case *cases, size_t n, const char *ctxjson)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_render(cases[i].src, ctxjson, NULL, NULL, cases[i].want);
}

/* ---------------------------------------------------------------------------------
** Output of values.
*/

static void
test_values_are_html_escaped(void **state)
{
	static const struct render_case cases[] = {
		{ "{{amp}}{{lt}}{{gt}}{{dq}}{{sq}}", "&amp;&lt;&gt;&quot;&#39;" },
		{ "{{s}}", "&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "<a title=\"{{q}}\">", "<a title=\"&quot;x&quot; onclick=&quot;y&quot;\">" },
		{ "<a title='{{sq}}'>", "<a title='&#39;'>" },
		{ "{{rtl}}", "\xe2\x80\xae" "evil" },
		{ "{{utf}}", "caf\xc3\xa9" },
		{ "<b>{{amp}}</b>", "<b>&amp;</b>" },
		{ "{{entity}}", "&amp;lt;" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"amp\":\"&\",\"lt\":\"<\",\"gt\":\">\","
	    "\"dq\":\"\\\"\",\"sq\":\"'\",\"s\":\"<script>alert(1)</script>\","
	    "\"q\":\"\\\"x\\\" onclick=\\\"y\\\"\",\"rtl\":\"\\u202eevil\","
	    "\"utf\":\"caf\\u00e9\",\"entity\":\"&lt;\"}");
}

static void
test_scalars_print_in_json_form_and_containers_print_nothing(void **state)
{
	static const struct render_case cases[] = {
		{ "{{i}}", "42" },
		{ "{{neg}}", "-7" },
		{ "{{big}}", "9007199254740993" },
		{ "{{zero}}", "0" },
		{ "{{r}}", "1.5" },
		{ "{{two}}", "2" },
		{ "{{pi}}", "3.14159265358979" },
		{ "{{tiny}}", "1e-07" },
		{ "{{t}}", "true" },
		{ "{{f}}", "false" },
		{ "[{{z}}]", "[]" },
		{ "[{{arr}}]", "[]" },
		{ "[{{obj}}]", "[]" },
		{ "[{{missing}}]", "[]" },
		{ "[{{e}}]", "[]" },
		{ "[{{.}}]", "[]" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"i\":42,\"neg\":-7,\"big\":9007199254740993,"
	    "\"zero\":0,\"r\":1.5,\"two\":2.0,\"pi\":3.14159265358979323846,"
	    "\"tiny\":1e-7,\"t\":true,\"f\":false,\"z\":null,\"arr\":[1,2],"
	    "\"obj\":{\"a\":1},\"e\":\"\"}");
}

static void
test_dotted_paths_and_lookup_walks_out_through_the_context_stack(void **state)
{
	static const struct render_case cases[] = {
		{ "{{a.b.c}}", "deep" },
		{ "[{{a.b}}]", "[]" },
		{ "[{{a.x.c}}]", "[]" },
		{ "[{{name.x}}]", "[]" },
		{ "{{#a}}{{name}}{{/a}}", "A" },
		{ "{{#a}}{{site}}{{/a}}", "S" },
		{ "{{#a}}{{#b}}{{c}}-{{name}}-{{site}}{{/b}}{{/a}}", "deep-A-S" },
		{ "{{#a}}{{a.name}}{{/a}}", "A" },
		{ "{{#list}}{{name}},{{/list}}", "x,root," },
		{ "{{#list}}{{#.}}{{name}}{{/.}}{{/list}}", "xroot" },
		{ "{{#o}}[{{x}}]{{/o}}", "[]" },
		{ "{{#o2}}[{{a.b.c}}]{{/o2}}", "[]" },
		{ "{{#o2}}{{#a}}{{site}}{{/a}}{{/o2}}", "S" },
		{ "{{x}}", "outer" },
		{ "{{k-1}}{{k_2}}{{K3}}", "123" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"name\":\"root\",\"site\":\"S\","
	    "\"a\":{\"b\":{\"c\":\"deep\"},\"name\":\"A\"},"
	    "\"list\":[{\"name\":\"x\"},{\"other\":1}],"
	    "\"x\":\"outer\",\"o\":{\"x\":null},\"o2\":{\"a\":{\"z\":1}},"
	    "\"k-1\":1,\"k_2\":2,\"K3\":3}");
}

/* ---------------------------------------------------------------------------------
** Sections.
*/

#define SECTION_CTX "{\"arr\":[\"a\",\"b\",\"c\"],\"empty\":[],\"obj\":{\"k\":\"v\"}," \
	"\"eobj\":{},\"t\":true,\"f\":false,\"z\":null,\"one\":1,\"zero\":0," \
	"\"r\":0.5,\"rz\":0.0,\"s\":\"str\",\"es\":\"\",\"m\":[[1,2],[3]]}"

static void
test_sections_over_arrays_objects_truthy_and_falsy_values(void **state)
{
	static const struct render_case cases[] = {
		{ "{{#arr}}[{{.}}]{{/arr}}", "[a][b][c]" },
		{ "{{#empty}}X{{/empty}}", "" },
		{ "{{#obj}}{{k}}{{/obj}}", "v" },
		{ "{{#eobj}}X{{/eobj}}", "" },
		{ "{{#t}}[{{.}}]{{/t}}", "[true]" },
		{ "{{#f}}X{{/f}}", "" },
		{ "{{#z}}X{{/z}}", "" },
		{ "{{#missing}}X{{/missing}}", "" },
		{ "{{#one}}[{{.}}]{{/one}}", "[1]" },
		{ "{{#zero}}X{{/zero}}", "" },
		{ "{{#r}}[{{.}}]{{/r}}", "[0.5]" },
		{ "{{#rz}}X{{/rz}}", "" },
		{ "{{#s}}[{{.}}]{{/s}}", "[str]" },
		{ "{{#es}}X{{/es}}", "" },
		{ "{{#m}}({{#.}}{{.}}{{/.}}){{/m}}", "(12)(3)" },
		{ "a{{#arr}}{{/arr}}b{{#f}}x{{/f}}c", "abc" },
		{ "{{#obj}}{{#arr}}{{k}}{{.}}{{/arr}}{{/obj}}", "vavbvc" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), SECTION_CTX);
}

static void
test_inverted_sections_render_once_for_falsy_values_only(void **state)
{
	static const struct render_case cases[] = {
		{ "{{^arr}}X{{/arr}}", "" },
		{ "{{^empty}}none{{/empty}}", "none" },
		{ "{{^obj}}X{{/obj}}", "" },
		{ "{{^eobj}}E{{/eobj}}", "E" },
		{ "{{^t}}X{{/t}}", "" },
		{ "{{^f}}F{{/f}}", "F" },
		{ "{{^z}}Z{{/z}}", "Z" },
		{ "{{^missing}}M{{/missing}}", "M" },
		{ "{{^one}}X{{/one}}", "" },
		{ "{{^zero}}0{{/zero}}", "0" },
		{ "{{^rz}}R{{/rz}}", "R" },
		{ "{{^s}}X{{/s}}", "" },
		{ "{{^es}}S{{/es}}", "S" },
		{ "{{#arr}}{{^f}}{{.}}{{/f}}{{/arr}}", "abc" },
		{ "{{#t}}yes{{/t}}{{^t}}no{{/t}}", "yes" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), SECTION_CTX);
}

static void
test_position_names_inside_array_sections(void **state)
{
	static const struct render_case cases[] = {
		{ "{{#arr}}{{@index}}{{/arr}}", "012" },
		{ "{{#arr}}{{@number}}{{/arr}}", "123" },
		{ "{{#arr}}{{@first}},{{/arr}}", "true,false,false," },
		{ "{{#arr}}{{@last}},{{/arr}}", "false,false,true," },
		{ "{{#arr}}{{#@first}}[{{/@first}}{{.}}{{^@last}}, {{/@last}}{{/arr}}",
		    "[a, b, c" },
		{ "{{#arr}}{{#@index}}{{.}}{{/@index}}{{/arr}}", "bc" },
		{ "{{#one}}{{@first}}{{@last}}{{/one}}", "truetrue" },
		{ "[{{@index}}][{{@number}}][{{@first}}][{{@last}}]", "[][][][]" },
		{ "{{#@first}}X{{/@first}}{{^@first}}Y{{/@first}}", "Y" },
		{ "{{#arr}}{{#o}}{{@index}}{{/o}}{{/arr}}", "012" },
		{ "{{#nested}}{{#in}}{{@index}}{{/in}}|{{@index}};{{/nested}}",
		    "01|0;0|1;" },
		{ "{{#arr}}{{%@number}}{{/arr}}", "123" },
		{ "{{#arr}}{{ @index }}{{/arr}}", "012" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"arr\":[\"a\",\"b\",\"c\"],\"one\":[\"x\"],"
	    "\"o\":{\"k\":\"v\"},\"nested\":[{\"in\":[1,2]},{\"in\":[3]}]}");
}

/* ---------------------------------------------------------------------------------
** Includes, translation, URLs, comments, whitespace, text.
*/

static void
test_includes_render_in_the_current_context(void **state)
{
	static const struct named_src srcs[] = {
		{ "page", "<h1>{{>title}}</h1><ul>{{#items}}{{>item}}{{/items}}</ul>"
		    "{{>title}}" },
		{ "title", "{{name}}" },
		{ "item", "<li>{{label}}@{{@index}}/{{>leaf}}</li>" },
		{ "leaf", "{{#label}}{{name}}{{/label}}" },
	};
	struct tmpl_set *set;
	json_t *ctx;
	char err[256], *got;

	(void)state;
	set = set_from(srcs, COUNT(srcs));
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	ctx = parse_json("{\"name\":\"N&\",\"items\":[{\"label\":\"a\"},"
	    "{\"label\":\"<b>\",\"name\":\"own\"}]}");
	got = render_name(set, "page", ctx, NULL, NULL);
	assert_string_equal(got, "<h1>N&amp;</h1><ul><li>a@0/N&amp;</li>"
	    "<li>&lt;b&gt;@1/own</li></ul>N&amp;");
	free(got);
	got = render_name(set, "item", ctx, NULL, NULL);
	assert_string_equal(got, "<li>@/</li>");
	free(got);
	json_decref(ctx);
	tmpl_set_free(set);
}

/* Test translator: a few fixed answers; arg records the last msgid asked for. */
static const char *
translate_fr(void *arg, const char *msgid)
{
	static const char *const pairs[][2] = {
		{ "Hello", "Bonjour" },
		{ "Two words", "Deux mots" },
		{ "Danger", "<Fr & 'x'>" },
	};
	size_t i;

	if (arg != NULL)
		snprintf(arg, 64, "%s", msgid);
	for (i = 0; i < COUNT(pairs); i++)
		if (strcmp(pairs[i][0], msgid) == 0)
			return pairs[i][1];
	return NULL;
}

static void
test_translate_uses_the_callback_answer_or_the_text_escaped(void **state)
{
	static const struct {
		const char *src;
		const char *with;    /* rendering with translate_fr */
		const char *without; /* rendering with a NULL callback */
	} cases[] = {
		{ "{{_ Hello}}", "Bonjour", "Hello" },
		{ "{{_   Hello \n }}", "Bonjour", "Hello" },
		{ "{{ _ Hello }}", "Bonjour", "Hello" },
		{ "{{_\tHello}}", "Bonjour", "Hello" },
		{ "{{_ Two words}}", "Deux mots", "Two words" },
		{ "{{_ Unknown}}", "Unknown", "Unknown" },
		{ "{{_ Danger}}", "&lt;Fr &amp; &#39;x&#39;&gt;", "Danger" },
		{ "{{_ a <b> & \"c\"}}", "a &lt;b&gt; &amp; &quot;c&quot;",
		    "a &lt;b&gt; &amp; &quot;c&quot;" },
		{ "[{{_Hello}}]", "[path]", "[path]" },
	};
	char asked[64];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		check_render(cases[i].src, "{\"_Hello\":\"path\"}", translate_fr, NULL,
		    cases[i].with);
		check_render(cases[i].src, "{\"_Hello\":\"path\"}", NULL, NULL,
		    cases[i].without);
	}
	check_render("{{_  Two words  }}", "{}", translate_fr, asked, "Deux mots");
	assert_string_equal(asked, "Two words");
}

/* Two languages for translations made ahead: 0 answers as translate_fr does, 1 never
** answers (the text itself is written). */
static const char *
translate_by_language(void *arg, int lang, const char *msgid)
{
	(void)arg;
	return lang == 0 ? translate_fr(NULL, msgid) : NULL;
}

/* Translations made ahead render as the callback does in each language, the texts
** inside sections and includes too; a language not made, or a set changed since, is
** refused. */
static void
test_translations_made_ahead_render_as_the_callback_does(void **state)
{
	static const struct named_src srcs[] = {
		{ "page", "<p>{{_ Hello}}</p>{{#items}}<i>{{_ Danger}} {{.}}</i>{{/items}}"
		    "{{>part}}{{^none}}{{_ Two words}}{{/none}}" },
		{ "part", "[{{_ a <b> & \"c\"}}|{{_ Unknown}}]" },
	};
	struct tmpl_set *set = set_from(srcs, COUNT(srcs));
	json_t *ctx = parse_json("{\"items\": [\"x<\", \"y\"]}");
	struct buf ahead = BUF_INIT;
	char err[256], *fr, *plain;

	(void)state;
	assert_int_equal(tmpl_set_link(set, err, sizeof err), 0);
	assert_int_equal(tmpl_render_in(set, "page", ctx, 0, &ahead), -1);
	assert_int_equal(tmpl_set_translate_ahead(set, 0, translate_by_language, NULL), -1);
	assert_int_equal(tmpl_set_translate_ahead(set, 2, translate_by_language, NULL), 0);
	fr = render_name(set, "page", ctx, translate_fr, NULL);
	plain = render_name(set, "page", ctx, NULL, NULL);
	assert_int_equal(tmpl_render_in(set, "page", ctx, 0, &ahead), 0);
	assert_string_equal(ahead.data, fr);
	assert_string_equal(fr, "<p>Bonjour</p><i>&lt;Fr &amp; &#39;x&#39;&gt; x&lt;</i>"
	    "<i>&lt;Fr &amp; &#39;x&#39;&gt; y</i>[a &lt;b&gt; &amp; &quot;c&quot;|Unknown]"
	    "Deux mots");
	buf_reset(&ahead);
	assert_int_equal(tmpl_render_in(set, "page", ctx, 1, &ahead), 0);
	assert_string_equal(ahead.data, plain);
	assert_int_equal(tmpl_render_in(set, "page", ctx, 2, &ahead), -1);
	assert_int_equal(tmpl_render_in(set, "page", ctx, -1, &ahead), -1);
	assert_int_equal(tmpl_set_add(set, "more", "{{_ Hello}}", 11, err, sizeof err), 0);
	assert_int_equal(tmpl_set_link(set, err, sizeof err), 0);
	assert_int_equal(tmpl_render_in(set, "page", ctx, 0, &ahead), -1);
	free(fr);
	free(plain);
	buf_free(&ahead);
	json_decref(ctx);
	tmpl_set_free(set);
}

static void
test_url_tags_percent_encode_then_html_escape(void **state)
{
	static const struct render_case cases[] = {
		{ "<a href=\"/search?q={{%q}}\">", "<a href=\"/search?q=a%20b%26c%3Cd%3E%22%27\">" },
		{ "{{%id}}", "42" },
		{ "{{%r}}", "1.5" },
		{ "{{%t}}", "true" },
		{ "{{%u}}", "caf%C3%A9" },
		{ "{{%rtl}}", "%E2%80%AE" },
		{ "{{%slash}}", "a%2Fb%3Fc%3Dd%23e" },
		{ "{{%safe}}", "AZaz09-._~" },
		{ "[{{%z}}][{{%missing}}][{{%arr}}]", "[][][]" },
		{ "{{% q }}", "a%20b%26c%3Cd%3E%22%27" },
		{ "{{#arr}}{{%.}},{{/arr}}", "x%20y,1," },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"q\":\"a b&c<d>\\\"'\",\"id\":42,\"r\":1.5,"
	    "\"t\":true,\"u\":\"caf\\u00e9\",\"rtl\":\"\\u202e\",\"slash\":\"a/b?c=d#e\","
	    "\"safe\":\"AZaz09-._~\",\"z\":null,\"arr\":[\"x y\",1]}");
}

static void
test_comments_render_nothing(void **state)
{
	static const struct render_case cases[] = {
		{ "a{{! comment }}b", "ab" },
		{ "a{{!}}b", "ab" },
		{ "a{{!comment}}b", "ab" },
		{ "a{{! line one\nline two }}b", "ab" },
		{ "a{{! { } <b> /x} }}b", "ab" },
		{ "a{{ ! spaced }}b", "ab" },
		{ "{{#x}}{{! inside }}{{/x}}", "" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"x\":1}");
}

static void
test_whitespace_inside_tags_is_ignored(void **state)
{
	static const struct render_case cases[] = {
		{ "{{ name }}", "N" },
		{ "{{\tname\n}}", "N" },
		{ "{{  a.b  }}", "B" },
		{ "{{# list }}{{ . }}{{/ list }}", "12" },
		{ "{{ #list }}{{.}}{{ /list }}", "12" },
		{ "{{#list}}{{.}}{{/list }}", "12" },
		{ "{{ ^ f }}x{{ / f }}", "x" },
		{ "{{ % name }}", "N" },
		{ "{{\n!\n}}", "" },
	};

	(void)state;
	check_renders(cases, COUNT(cases),
	    "{\"name\":\"N\",\"a\":{\"b\":\"B\"},\"list\":[1,2],\"f\":false}");
}

static void
test_text_outside_tags_is_copied_byte_for_byte(void **state)
{
	static const struct render_case cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "<script>var a = {b: 1};</script>", "<script>var a = {b: 1};</script>" },
		{ "a { b } c }} d", "a { b } c }} d" },
		{ "x{", "x{" },
		{ "}", "}" },
		{ "{ {x}}", "{ {x}}" },
		{ "line\n  {{#t}}\n  x\n  {{/t}}\n", "line\n  \n  x\n  \n" },
		{ "&amp; <b>\"'</b>", "&amp; <b>\"'</b>" },
		{ "{{x}}}", "1}" },
	};

	(void)state;
	check_renders(cases, COUNT(cases), "{\"t\":true,\"x\":1}");
}

/* ---------------------------------------------------------------------------------
** Compile and link errors.
*/

static void
check_compile_error(const char *src, size_t len, const char *want)
{
	struct tmpl_set *set;
	char err[256];

	set = tmpl_set_new();
	assert_non_null(set);
	strcpy(err, "(no message)");
	if (tmpl_set_add(set, "t", src, len, err, sizeof(err)) != -1)
		fail_msg("template '%s' compiled; want error '%s'", src, want);
	if (strcmp(err, want) != 0)
		fail_msg("template '%s'\n  got  '%s'\n  want '%s'", src, err, want);
	assert_int_equal(tmpl_set_has(set, "t"), 0);
	tmpl_set_free(set);
}

static void
test_compile_errors_name_the_template_and_line(void **state)
{
	static const struct error_case cases[] = {
		ERR("{{#a}}x", "t:1: section 'a' is not closed"),
		ERR("\n\n{{#a}}{{#b}}{{/b}}", "t:3: section 'a' is not closed"),
		ERR("{{#a}}\n{{^b}}", "t:2: section 'b' is not closed"),
		ERR("{{#a}}\n{{/b}}", "t:2: '{{/b}}' does not close section 'a' opened on line 1"),
		ERR("{{#a.b}}{{/a}}", "t:1: '{{/a}}' does not close section 'a.b' opened on line 1"),
		ERR("{{#a}}{{#b}}{{/a}}{{/b}}",
		    "t:1: '{{/a}}' does not close section 'b' opened on line 1"),
		ERR("{{/a}}", "t:1: '{{/a}}' closes no open section"),
		ERR("{{#a}}{{/a}}{{/a}}", "t:1: '{{/a}}' closes no open section"),
		ERR("{{{x}}}", "t:1: '{{{' is not allowed: there is no unescaped output"),
		ERR("ok\n{{{x}}", "t:2: '{{{' is not allowed: there is no unescaped output"),
		ERR("{{ {x} }}", "t:1: unknown tag form '{{{x}}}'"),
		ERR("{{&x}}", "t:1: unknown tag form '{{&x}}'"),
		ERR("{{=<% %>=}}", "t:1: unknown tag form '{{=<% %>=}}'"),
		ERR("{{x", "t:1: unterminated tag"),
		ERR("{{x}", "t:1: unterminated tag"),
		ERR("{{", "t:1: unterminated tag"),
		ERR("a\nb {{x\n", "t:2: unterminated tag"),
		ERR("{{a {{b}}", "t:1: tag not closed before the next '{{'"),
		ERR("{{! {{x}} }}", "t:1: tag not closed before the next '{{'"),
		ERR("{{x\0}}", "t:1: NUL byte inside a tag"),
		ERR("{{}}", "t:1: empty tag"),
		ERR("{{ \n }}", "t:1: empty tag"),
		ERR("{{#}}{{/}}", "t:1: missing path"),
		ERR("{{%}}", "t:1: missing path"),
		ERR("{{#a}}{{/ }}", "t:1: missing path"),
		ERR("{{a b}}", "t:1: bad path 'a b'"),
		ERR("{{a..b}}", "t:1: bad path 'a..b'"),
		ERR("{{.a}}", "t:1: bad path '.a'"),
		ERR("{{a.}}", "t:1: bad path 'a.'"),
		ERR("{{..}}", "t:1: bad path '..'"),
		ERR("{{a/b}}", "t:1: bad path 'a/b'"),
		ERR("{{#a b}}{{/a b}}", "t:1: bad path 'a b'"),
		ERR("{{@foo}}", "t:1: unknown position name '@foo'"),
		ERR("{{@index.x}}", "t:1: unknown position name '@index.x'"),
		ERR("{{>}}", "t:1: include without a template name"),
		ERR("{{> a b}}", "t:1: bad template name 'a b'"),
		ERR("{{_}}", "t:1: empty translation text"),
		ERR("{{_ \n }}", "t:1: empty translation text"),
		ERR("{{!\n\n}}{{/x}}", "t:3: '{{/x}}' closes no open section"),
		ERR("{{a}}\n{{b}}\n\n{{c d}}", "t:4: bad path 'c d'"),
		ERR("{{! {{#x}} }}", "t:1: tag not closed before the next '{{'"),
		ERR("{{#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
		    "t:1: section 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not closed"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		check_compile_error(cases[i].src, cases[i].len, cases[i].want);
}

/* "{{#a}}" n times, "x", "{{/a}}" n times. */
static char *
nested_sections(int n)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < n; i++)
		buf_puts(&b, "{{#a}}");
	buf_puts(&b, "x");
	for (i = 0; i < n; i++)
		buf_puts(&b, "{{/a}}");
	return buf_detach(&b, NULL);
}

static void
test_sections_nest_32_deep_and_no_deeper(void **state)
{
	char *src;

	(void)state;
	src = nested_sections(32);
	check_render(src, "{\"a\":[1]}", NULL, NULL, "x");
	free(src);
	src = nested_sections(33);
	check_compile_error(src, strlen(src), "t:1: sections nested deeper than 32");
	free(src);
}

static void
test_failed_add_leaves_the_set_unchanged(void **state)
{
	struct tmpl_set *set;
	struct buf out = BUF_INIT;
	char err[256], small[8];

	(void)state;
	set = tmpl_set_new();
	assert_non_null(set);
	assert_int_equal(tmpl_set_add(set, "t", "one", 3, err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_add(set, "t", "two", 3, err, sizeof(err)), -1);
	assert_string_equal(err, "t: a template of this name already exists");
	assert_int_equal(tmpl_set_add(set, "bad", "{{#x}}", 6, err, sizeof(err)), -1);
	assert_int_equal(tmpl_set_add(set, "bad2", "{{", 2, NULL, 0), -1);
	assert_int_equal(tmpl_set_add(set, "t", "", 0, NULL, 0), -1);
	assert_int_equal(tmpl_set_add(set, NULL, "", 0, err, sizeof(err)), -1);
	assert_string_equal(err, "tmpl_set_add: invalid arguments");
	assert_int_equal(tmpl_set_add(set, "x", NULL, 1, err, sizeof(err)), -1);
	assert_int_equal(tmpl_set_add(set, "bad3", "{{", 2, small, sizeof(small)), -1);
	assert_string_equal(small, "bad3:1:");
	assert_int_equal(tmpl_set_has(set, "t"), 1);
	assert_int_equal(tmpl_set_has(set, "bad"), 0);
	assert_int_equal(tmpl_set_has(set, "bad2"), 0);
	assert_int_equal(tmpl_set_has(set, "nope"), 0);
	assert_int_equal(tmpl_set_add(set, "empty", NULL, 0, err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(set, "t", NULL, NULL, NULL, &out), 0);
	assert_int_equal(tmpl_render(set, "empty", NULL, NULL, NULL, &out), 0);
	assert_string_equal(out.data, "one");
	buf_free(&out);
	tmpl_set_free(set);
}

static void
check_link_error(const struct named_src *srcs, size_t n, const char *want)
{
	struct tmpl_set *set;
	struct buf out = BUF_INIT;
	char err[256];

	set = set_from(srcs, n);
	strcpy(err, "(no message)");
	if (tmpl_set_link(set, err, sizeof(err)) != -1)
		fail_msg("set linked; want error '%s'", want);
	if (strcmp(err, want) != 0)
		fail_msg("link error\n  got  '%s'\n  want '%s'", err, want);
	assert_int_equal(tmpl_render(set, srcs[0].name, NULL, NULL, NULL, &out), -1);
	assert_int_equal(out.len, 0);
	buf_free(&out);
	tmpl_set_free(set);
}

static void
test_link_errors_name_the_template_and_include(void **state)
{
	static const struct named_src missing[] = {
		{ "a", "x\n{{>b}}" },
	};
	static const struct named_src self[] = {
		{ "a", "{{>a}}" },
	};
	static const struct named_src self_in_section[] = {
		{ "a", "{{#x}}\n{{>a}}{{/x}}" },
	};
	static const struct named_src indirect[] = {
		{ "a", "{{>b}}" },
		{ "b", "\n{{>c}}" },
		{ "c", "{{>a}}" },
	};
	static const struct named_src loop_below[] = {
		{ "a", "{{>b}}" },
		{ "b", "{{>c}}" },
		{ "c", "{{>b}}" },
	};
	static const struct named_src diamond_then_missing[] = {
		{ "a", "{{>b}}{{>c}}" },
		{ "b", "{{>d}}" },
		{ "c", "{{>d}}{{>e}}" },
		{ "d", "d" },
	};

	(void)state;
	check_link_error(missing, COUNT(missing), "a:2: include of 'b': no such template");
	check_link_error(self, COUNT(self), "a:1: include cycle: a -> a");
	check_link_error(self_in_section, COUNT(self_in_section),
	    "a:2: include cycle: a -> a");
	check_link_error(indirect, COUNT(indirect),
	    "c:1: include cycle: a -> b -> c -> a");
	check_link_error(loop_below, COUNT(loop_below), "c:1: include cycle: b -> c -> b");
	check_link_error(diamond_then_missing, COUNT(diamond_then_missing),
	    "c:1: include of 'e': no such template");
}

static void
test_shared_includes_are_not_cycles(void **state)
{
	static const struct named_src diamond[] = {
		{ "a", "{{>b}}{{>c}}{{>d}}" },
		{ "b", "{{>d}}" },
		{ "c", "{{>d}}{{>b}}" },
		{ "d", "d" },
	};
	struct tmpl_set *set;
	char err[256], *got;

	(void)state;
	set = set_from(diamond, COUNT(diamond));
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	got = render_name(set, "a", NULL, NULL, NULL);
	assert_string_equal(got, "dddd");
	free(got);
	tmpl_set_free(set);
}

/* Templates t0..t<n>, each including the next: a chain of n includes. Listed from the
** end of the chain when backwards is set, so the linker meets it the other way. */
static struct tmpl_set *
include_chain(int n, int backwards)
{
	struct tmpl_set *set;
	char name[16], src[32], err[256];
	int i, k;

	set = tmpl_set_new();
	assert_non_null(set);
	for (k = 0; k <= n; k++) {
		i = backwards ? n - k : k;
		snprintf(name, sizeof(name), "t%d", i);
		if (i < n)
			snprintf(src, sizeof(src), "%d{{>t%d}}", i % 10, i + 1);
		else
			snprintf(src, sizeof(src), "end");
		assert_int_equal(tmpl_set_add(set, name, src, strlen(src), err,
		    sizeof(err)), 0);
	}
	return set;
}

static void
test_include_chains_link_32_deep_and_no_deeper(void **state)
{
	struct tmpl_set *set;
	char err[256], *got;
	int backwards;

	(void)state;
	for (backwards = 0; backwards <= 1; backwards++) {
		set = include_chain(32, backwards);
		assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
		got = render_name(set, "t0", NULL, NULL, NULL);
		assert_string_equal(got, "01234567890123456789012345678901end");
		free(got);
		tmpl_set_free(set);
	}
	set = include_chain(33, 0);
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), -1);
	assert_string_equal(err, "t32:1: include of 't33': includes nested deeper than 32");
	tmpl_set_free(set);
	set = include_chain(33, 1);
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), -1);
	assert_string_equal(err, "t0:1: include of 't1': includes nested deeper than 32");
	tmpl_set_free(set);
}

/* ---------------------------------------------------------------------------------
** Rendering: failures, appending, context, threads.
*/

static void
test_render_fails_for_a_missing_template_or_an_unlinked_set(void **state)
{
	struct tmpl_set *set;
	struct buf out = BUF_INIT;
	char err[256];

	(void)state;
	set = tmpl_set_new();
	assert_non_null(set);
	assert_int_equal(tmpl_set_add(set, "t", "x", 1, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(set, "t", NULL, NULL, NULL, &out), -1);
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(set, "missing", NULL, NULL, NULL, &out), -1);
	assert_int_equal(tmpl_render(set, "", NULL, NULL, NULL, &out), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(tmpl_set_add(set, "u", "y", 1, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(set, "t", NULL, NULL, NULL, &out), -1);
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(set, "t", NULL, NULL, NULL, &out), 0);
	assert_int_equal(tmpl_render(set, "u", NULL, NULL, NULL, &out), 0);
	assert_string_equal(out.data, "xy");
	out.failed = 1;
	assert_int_equal(tmpl_render(set, "t", NULL, NULL, NULL, &out), -1);
	buf_free(&out);
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

static void
test_render_appends_and_leaves_the_context_unchanged(void **state)
{
	static const struct named_src srcs[] = {
		{ "t", "{{#items}}{{name}}{{@index}}{{/items}}{{^none}}-{{/none}}{{a.b}}" },
	};
	struct tmpl_set *set;
	struct buf out = BUF_INIT;
	json_t *ctx;
	char err[256], *before, *after;

	(void)state;
	set = set_from(srcs, COUNT(srcs));
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	ctx = parse_json("{\"items\":[{\"name\":\"p\"},{\"name\":\"q\"}],\"a\":{\"b\":1}}");
	before = json_dumps(ctx, JSON_SORT_KEYS);
	assert_int_equal(buf_puts(&out, "pre:"), 0);
	assert_int_equal(tmpl_render(set, "t", ctx, NULL, NULL, &out), 0);
	assert_string_equal(out.data, "pre:p0q1-1");
	after = json_dumps(ctx, JSON_SORT_KEYS);
	assert_string_equal(before, after);
	assert_int_equal(ctx->refcount, 1);
	free(before);
	free(after);
	json_decref(ctx);
	buf_free(&out);
	tmpl_set_free(set);
}

static void
test_null_context_renders_like_an_empty_object(void **state)
{
	struct tmpl_set *set;
	static const struct named_src srcs[] = {
		{ "t", "[{{a}}{{.}}{{%a}}{{#a}}x{{/a}}{{^a}}y{{/a}}{{@index}}]" },
	};
	char err[256], *got;

	(void)state;
	set = set_from(srcs, COUNT(srcs));
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	got = render_name(set, "t", NULL, NULL, NULL);
	assert_string_equal(got, "[y]");
	free(got);
	tmpl_set_free(set);
}

struct thread_job {
	const struct tmpl_set *set;  /* shared, linked */
	json_t                *ctx;  /* shared, read only */
	int                    ok;   /* every rendering matched */
};

#define THREAD_WANT "<li>1 a &amp;</li><li>2 b &amp;</li>Bonjour"

static void *
render_many(void *arg)
{
	struct thread_job *job = arg;
	struct buf out = BUF_INIT;
	int i;

	job->ok = 1;
	for (i = 0; i < 500; i++) {
		buf_reset(&out);
		if (tmpl_render(job->set, "page", job->ctx, translate_fr, NULL, &out) != 0 ||
		    strcmp(out.data, THREAD_WANT) != 0)
			job->ok = 0;
	}
	buf_free(&out);
	return NULL;
}

static void
test_one_set_renders_from_many_threads_at_once(void **state)
{
	static const struct named_src srcs[] = {
		{ "page", "{{#items}}{{>row}}{{/items}}{{_ Hello}}" },
		{ "row", "<li>{{@number}} {{.}} {{amp}}</li>" },
	};
	struct thread_job jobs[4];
	pthread_t threads[4];
	struct tmpl_set *set;
	json_t *ctx;
	char err[256];
	int i;

	(void)state;
	set = set_from(srcs, COUNT(srcs));
	assert_int_equal(tmpl_set_link(set, err, sizeof(err)), 0);
	ctx = parse_json("{\"items\":[\"a\",\"b\"],\"amp\":\"&\"}");
	for (i = 0; i < 4; i++) {
		jobs[i].set = set;
		jobs[i].ctx = ctx;
		jobs[i].ok = 0;
		assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(jobs[i].ok, 1);
	}
	json_decref(ctx);
	tmpl_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_are_html_escaped),
		cmocka_unit_test(test_scalars_print_in_json_form_and_containers_print_nothing),
		cmocka_unit_test(test_dotted_paths_and_lookup_walks_out_through_the_context_stack),
		cmocka_unit_test(test_sections_over_arrays_objects_truthy_and_falsy_values),
		cmocka_unit_test(test_inverted_sections_render_once_for_falsy_values_only),
		cmocka_unit_test(test_position_names_inside_array_sections),
		cmocka_unit_test(test_includes_render_in_the_current_context),
		cmocka_unit_test(test_translate_uses_the_callback_answer_or_the_text_escaped),
		cmocka_unit_test(test_translations_made_ahead_render_as_the_callback_does),
		cmocka_unit_test(test_url_tags_percent_encode_then_html_escape),
		cmocka_unit_test(test_comments_render_nothing),
		cmocka_unit_test(test_whitespace_inside_tags_is_ignored),
		cmocka_unit_test(test_text_outside_tags_is_copied_byte_for_byte),
		cmocka_unit_test(test_compile_errors_name_the_template_and_line),
		cmocka_unit_test(test_sections_nest_32_deep_and_no_deeper),
		cmocka_unit_test(test_failed_add_leaves_the_set_unchanged),
		cmocka_unit_test(test_link_errors_name_the_template_and_include),
		cmocka_unit_test(test_shared_includes_are_not_cycles),
		cmocka_unit_test(test_include_chains_link_32_deep_and_no_deeper),
		cmocka_unit_test(test_render_fails_for_a_missing_template_or_an_unlinked_set),
		cmocka_unit_test(test_render_appends_and_leaves_the_context_unchanged),
		cmocka_unit_test(test_null_context_renders_like_an_empty_object),
		cmocka_unit_test(test_one_set_renders_from_many_threads_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
