/*
** test_searchterms.c - typed text becomes folded words and a MATCH expression that a
** real FTS5 table always accepts, whatever was typed, and that finds the intended rows;
** synonym groups widen it; the one-edit test counts code points.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "searchterms.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A small synonyms document: "food" alone and "food bank" are in different groups, so
** the longest run decides. */
static const char test_synonyms_json[] =
	"{\"groups\": ["
	"  [\"food bank\", \"nourriture\", \"banque alimentaire\", \"comptoir alimentaire\"],"
	"  [\"Médecin\", \"doctor\", \"clinique\"],"
	"  [\"food\", \"repas\"]"
	"], \"comment\": \"keys other than groups are ignored\"}";

/* Rows of the test directory: rowid, name, body. */
static const struct {
	int         rowid;
	const char *name;
	const char *body;
} test_rows[] = {
	{ 1, "Banque alimentaire du quartier", "Distribution de nourriture" },
	{ 2, "Food Bank NDG", "groceries" },
	{ 3, "Médecins du Monde", "clinique mobile" },
	{ 4, "Comptoir alimentaire Saint-Michel", "paniers" },
	{ 5, "École populaire", "l'école des adultes, cours de français" },
	{ 6, "عيادة المهاجرين", "بنك الطعام" },
	{ 7, "Œuvre Léger", "Straße Łódź" },
	{ 8, "C++ & NEAR(\"x\") name:hack", "AND OR NOT" },
};

static struct synonyms *
load_test_synonyms(void)
{
	json_error_t jerr;
	struct synonyms *syn;
	char err[200] = "";
	json_t *root;

	root = json_loads(test_synonyms_json, 0, &jerr);
	assert_non_null(root);
	syn = synonyms_load(root, err, sizeof err);
	json_decref(root);
	if (syn == NULL)
		fail_msg("synonyms_load: %s", err);
	return syn;
}

static sqlite3 *
open_test_directory(void)
{
	sqlite3_stmt *insert;
	sqlite3 *db;
	size_t i;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, body, "
	    "tokenize='unicode61 remove_diacritics 2')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, name, body) "
	    "VALUES (?1, ?2, ?3)", -1, &insert, NULL), SQLITE_OK);
	for (i = 0; i < COUNT(test_rows); i++) {
		sqlite3_reset(insert);
		sqlite3_bind_int(insert, 1, test_rows[i].rowid);
		sqlite3_bind_text(insert, 2, test_rows[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(insert, 3, test_rows[i].body, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(insert), SQLITE_DONE);
	}
	sqlite3_finalize(insert);
	return db;
}

/* The rowids matching expr, as "1,3", into out; fails the test if FTS5 does not accept
** the expression. An empty expression matches nothing and is not run. */
static void
matching_rows(sqlite3 *db, const char *expr, char *out, size_t outlen)
{
	sqlite3_stmt *stmt;
	size_t used = 0;
	int rc;

	out[0] = '\0';
	if (expr[0] == '\0')
		return;
	rc = sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1,
	    &stmt, NULL);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		used += (size_t)snprintf(out + used, outlen - used, "%s%d", used ? "," : "",
		    sqlite3_column_int(stmt, 0));
	if (rc != SQLITE_DONE)
		fail_msg("FTS5 rejected [%s]: %s", expr, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
}

/* The words of s[0..len) as compact JSON; caller frees. */
static char *
words_json(const char *s, size_t len)
{
	json_t *words;
	char *dump;

	assert_int_equal(searchterms_words(s, len, &words), 0);
	dump = json_dumps(words, JSON_COMPACT);
	json_decref(words);
	assert_non_null(dump);
	return dump;
}

/* The expression for s[0..len); caller frees. */
static char *
expr_of(const char *s, size_t len, const struct synonyms *syn)
{
	struct buf out = BUF_INIT;
	json_t *words;

	assert_int_equal(searchterms_words(s, len, &words), 0);
	assert_int_equal(searchterms_expr(words, syn, &out), 0);
	json_decref(words);
	return buf_detach(&out, NULL);
}

static void
test_words_are_folded_runs_of_letters_and_digits(void **state)
{
	static const struct {
		const char *in;
		const char *words;
	} cases[] = {
		{ "medec", "[\"medec\"]" },
		{ "Médecins \"du", "[\"medecins\",\"du\"]" },
		{ "  FOOD   bank!! ", "[\"food\",\"bank\"]" },
		{ "l'école", "[\"l\",\"ecole\"]" },
		{ "l’école", "[\"l\",\"ecole\"]" },
		{ "« banque »", "[\"banque\"]" },
		{ "food – bank", "[\"food\",\"bank\"]" },
		{ "😀food😀", "[\"food\"]" },
		{ "ab🤩cd", "[\"ab\",\"cd\"]" },
		{ "طعام؟", "[\"طعام\"]" },
		{ "بنك الطعام", "[\"بنك\",\"الطعام\"]" },
		{ "caf\xE9 ok", "[\"caf\",\"ok\"]" },
		{ "name:foo", "[\"name\",\"foo\"]" },
		{ "NEAR(a b)", "[\"near\",\"a\",\"b\"]" },
		{ "a AND b OR NOT c", "[\"a\",\"and\",\"b\",\"or\",\"not\",\"c\"]" },
		{ "E\xCC\x81" "cole", "[\"ecole\"]" },
		{ "\xCC\x81 \xCC\x81\xCC\x88", "[]" },
		{ "C++ & C#", "[\"c\",\"c\"]" },
		{ "H2X 1Y4", "[\"h2x\",\"1y4\"]" },
		{ "Straße ŁÓDŹ Œuvre", "[\"straße\",\"łodz\",\"œuvre\"]" },
		{ "a\xC2\xA0" "b", "[\"a\",\"b\"]" },            /* no-break space */
		{ "x\xE2\x80\x8D" "y", "[\"x\",\"y\"]" },        /* zero width joiner */
		{ "", "[]" }, { "!!! ??? ...", "[]" }, { "😀 🤩 « » –", "[]" },
	};
	char *got;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		got = words_json(cases[i].in, strlen(cases[i].in));
		if (strcmp(got, cases[i].words) != 0)
			fail_msg("\"%s\" gave %s, expected %s", cases[i].in, got, cases[i].words);
		free(got);
	}
	got = words_json("a\0b", 3);
	assert_string_equal(got, "[\"a\",\"b\"]");
	free(got);
	got = words_json(NULL, 0);
	assert_string_equal(got, "[]");
	free(got);
}

static void
test_words_stop_at_the_maximum(void **state)
{
	const char *many = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15";
	json_t *words;

	(void)state;
	assert_int_equal(searchterms_words(many, strlen(many), &words), 0);
	assert_int_equal(json_array_size(words), SEARCHTERMS_MAX_WORDS);
	assert_string_equal(json_string_value(json_array_get(words, 11)), "w12");
	json_decref(words);
}

static void
test_expr_is_quoted_prefix_words_joined_by_and(void **state)
{
	static const struct {
		const char *in;
		const char *expr;
	} cases[] = {
		{ "medec", "\"medec\"*" },
		{ "Médecins \"du", "\"medecins\"* AND \"du\"*" },
		{ "NEAR(a, b) OR name:x*", "\"near\"* AND \"a\"* AND \"b\"* AND \"or\"* AND "
		    "\"name\"* AND \"x\"*" },
		{ "", "" }, { "\"\" ** ^", "" },
	};
	char *got;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		got = expr_of(cases[i].in, strlen(cases[i].in), NULL);
		if (strcmp(got, cases[i].expr) != 0)
			fail_msg("\"%s\" gave [%s], expected [%s]", cases[i].in, got, cases[i].expr);
		free(got);
	}
}

static void
test_expr_expands_synonym_groups_longest_run_first(void **state)
{
	static const char food_bank[] = "(\"food bank\" OR \"nourriture\"* OR "
	    "\"banque alimentaire\" OR \"comptoir alimentaire\")";
	static const struct {
		const char *in;
		const char *before;
		int         group;   /* 1: food_bank, 0: none */
		const char *after;
	} cases[] = {
		{ "food bank", "", 1, "" },
		{ "Banque Alimentaire", "", 1, "" },
		{ "banque-alimentaire", "", 1, "" },
		{ "« FOOD » bank", "", 1, "" },
		{ "free food bank", "\"free\"* AND ", 1, "" },
		{ "food bank downtown", "", 1, " AND \"downtown\"*" },
		{ "banque", "\"banque\"*", 0, "" },
		{ "food", "(\"food\"* OR \"repas\"*)", 0, "" },
		{ "food food bank", "(\"food\"* OR \"repas\"*) AND ", 1, "" },
		{ "MÉDECIN", "(\"medecin\"* OR \"doctor\"* OR \"clinique\"*)", 0, "" },
		{ "medecins", "\"medecins\"*", 0, "" },
	};
	struct synonyms *syn;
	char expected[512];
	char *got;
	size_t i;

	(void)state;
	syn = load_test_synonyms();
	for (i = 0; i < COUNT(cases); i++) {
		snprintf(expected, sizeof expected, "%s%s%s", cases[i].before,
		    cases[i].group ? food_bank : "", cases[i].after);
		got = expr_of(cases[i].in, strlen(cases[i].in), syn);
		if (strcmp(got, expected) != 0)
			fail_msg("\"%s\" gave [%s], expected [%s]", cases[i].in, got, expected);
		free(got);
	}
	synonyms_free(syn);
}

static void
test_expr_finds_the_intended_rows(void **state)
{
	static const struct {
		const char *in;
		const char *rows;
	} cases[] = {
		{ "food bank", "1,2,4" }, { "banque alimentaire", "1,2,4" },
		{ "medec", "3" }, { "Médecins", "3" }, { "MEDECINS", "3" }, { "médecin", "3" },
		{ "« banque »", "1" }, { "nourriture 😀", "1,2,4" },
		{ "l’école", "5" }, { "L'ÉCOLE", "5" }, { "ecole populaire", "5" },
		{ "عيادة", "6" }, { "الطعام", "6" }, { "بنك الطعام؟", "6" },
		{ "œuvre", "7" }, { "ŒUVRE", "7" }, { "Straße", "7" }, { "łódź", "7" },
		{ "ŁÓDŹ", "7" }, { "leger", "7" },
		{ "name:hack", "8" }, { "NEAR(\"x\")", "8" }, { "AND OR NOT", "8" },
		{ "C++ hack", "8" }, { "\"food bank", "1,2,4" }, { "food*bank^", "1,2,4" },
		{ "-food +bank", "1,2,4" }, { "food:bank", "1,2,4" },
		{ "\"unbalanced", "" }, { "zzz", "" },
	};
	struct synonyms *syn;
	sqlite3 *db;
	char rows[64];
	char *expr;
	size_t i;

	(void)state;
	syn = load_test_synonyms();
	db = open_test_directory();
	for (i = 0; i < COUNT(cases); i++) {
		expr = expr_of(cases[i].in, strlen(cases[i].in), syn);
		matching_rows(db, expr, rows, sizeof rows);
		if (strcmp(rows, cases[i].rows) != 0)
			fail_msg("\"%s\" as [%s] found rows [%s], expected [%s]", cases[i].in,
			    expr, rows, cases[i].rows);
		free(expr);
	}
	sqlite3_close(db);
	synonyms_free(syn);
}

/* Words and expression of s[0..len), with and without synonyms, run against the FTS5
** table: it must be accepted. */
static void
assert_fts5_accepts(sqlite3 *db, const struct synonyms *syn, const char *s, size_t len)
{
	char rows[256];
	char *expr;

	expr = expr_of(s, len, syn);
	matching_rows(db, expr, rows, sizeof rows);
	free(expr);
	expr = expr_of(s, len, NULL);
	matching_rows(db, expr, rows, sizeof rows);
	free(expr);
}

/* Next value of a small deterministic generator (state owned by the caller). */
static uint32_t
next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void
test_hostile_inputs_always_give_expressions_fts5_accepts(void **state)
{
	static const char *hostile[] = {
		"\"", "\"\"", "\"a", "a\"b", "\"a\" \"b", "*", "a*", "*a", "^a", "a^", ":",
		"name:", "name:a", "body:a", "{name body}:a", "{name}", "- name:a", "NEAR(",
		"NEAR(a b, 2)", "NEAR/3", "AND", "OR", "NOT", "a AND", "AND a", "NOT NOT",
		"a OR OR b", "(", ")", "(a OR b", "a)", "((((((((((a", "-a", "+a", "a - b",
		"a + b", "\\", "\\\"", "'", "''", "a'b", "\x01\x02\x7f", "\xC0\xAF",
		"\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF\xFE\xFD", "abc\xC3", "\xE2\x82",
		"بنك الطعام", "مرحبا \"بالعالم", "😀", "👩‍👩‍👧‍👦", "🇨🇦", "\xCC\x81",
		"\xE2\x80\xAE" "evil", "\xEF\xBB\xBF" "bom", "\xE2\x80\x8B", "a\xC2\xA0",
		"$1 OR 1=1; DROP TABLE t; --", "%00", "{}", "[a]", "a:b:c", "a.b.c", "*\"*\"*",
		"\"\"*", "\"*", "^\"", "NEAR(\"a\" \"b\", 0)", "col:\"x\" AND NOT",
	};
	struct synonyms *syn;
	char big[10 * 1024 + 1], huge[100 * 1024 + 1];
	uint32_t seed = 20240229u;
	size_t i, j, len;
	sqlite3 *db;

	(void)state;
	syn = load_test_synonyms();
	db = open_test_directory();
	for (i = 0; i < COUNT(hostile); i++)
		assert_fts5_accepts(db, syn, hostile[i], strlen(hostile[i]));
	assert_fts5_accepts(db, syn, "a\0\"b", 4);

	/* 10 KB of junk, 10 KB and 100 KB single words, 10 KB of operators */
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = (char)(next_random(&seed) % 255 + 1);
	assert_fts5_accepts(db, syn, big, sizeof big - 1);
	memset(big, 'a', sizeof big - 1);
	assert_fts5_accepts(db, syn, big, sizeof big - 1);
	memset(huge, 'z', sizeof huge - 1);
	assert_fts5_accepts(db, syn, huge, sizeof huge - 1);
	for (i = 0; i + 4 < sizeof big; i += 4)
		memcpy(big + i, "\"*^(", 4);
	assert_fts5_accepts(db, syn, big, sizeof big - 1);

	/* random short strings over an alphabet of syntax, letters and UTF-8 pieces */
	for (i = 0; i < 3000; i++) {
		static const char *pieces[] = {
			"\"", "*", "^", ":", "(", ")", "{", "}", "-", "+", " ", "AND", "OR",
			"NOT", "NEAR", "name", "food", "bank", "é", "\xCC\x81", "😀", "«", "\xFF",
			"\xC3", "\x80", "ß", "ع", ",", "\\", "'",
		};
		char text[256];

		len = 0;
		for (j = next_random(&seed) % 12; j > 0; j--) {
			const char *p = pieces[next_random(&seed) % COUNT(pieces)];

			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		assert_fts5_accepts(db, syn, text, len);
	}
	sqlite3_close(db);
	synonyms_free(syn);
}

static void
test_expr_skips_unusable_words_and_quotes_double_quotes(void **state)
{
	struct buf out = BUF_INIT;
	char rows[64];
	json_t *words;
	sqlite3 *db;

	(void)state;
	words = json_loads("[\"\", 5, \"«\", \"a\\u0000b\", \"ok\", null, \"😀\", "
	    "\"\\u0301\"]", JSON_ALLOW_NUL, NULL);
	assert_non_null(words);
	assert_int_equal(searchterms_expr(words, NULL, &out), 0);
	assert_string_equal(out.data, "\"ok\"*");
	json_decref(words);

	buf_reset(&out);
	words = json_pack("[s]", "a\"b");
	assert_int_equal(searchterms_expr(words, NULL, &out), 0);
	assert_string_equal(out.data, "\"a\"\"b\"*");
	json_decref(words);
	db = open_test_directory();
	matching_rows(db, out.data, rows, sizeof rows);
	sqlite3_close(db);

	buf_reset(&out);
	words = json_loads("[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\","
	    "\"11\",\"12\",\"13\"]", 0, NULL);
	assert_int_equal(searchterms_expr(words, NULL, &out), 0);
	assert_null(strstr(out.data, "13"));
	assert_non_null(strstr(out.data, "\"12\"*"));
	json_decref(words);

	buf_reset(&out);
	assert_int_equal(searchterms_expr(NULL, NULL, &out), 0);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

static void
test_expr_reports_a_failed_buffer(void **state)
{
	struct buf out = BUF_INIT;
	json_t *words = json_pack("[s]", "x");

	(void)state;
	out.failed = 1;
	assert_int_equal(searchterms_expr(words, NULL, &out), -1);
	assert_int_equal(searchterms_expr_alternatives(words, NULL, &out), -1);
	json_decref(words);
	buf_free(&out);
}

static void
test_alternatives_replace_words_with_or_of_exact_terms(void **state)
{
	static const struct {
		const char *words;
		const char *alternatives;
		const char *expr;
		const char *rows;
	} cases[] = {
		{ "[\"medecns\",\"du\"]", "[[\"medecins\",\"medecin\"],[]]",
		    "(\"medecins\" OR \"medecin\") AND \"du\"*", "3" },
		{ "[\"medecns\",\"du\"]", "[[\"medecins\"]]", "(\"medecins\") AND \"du\"*", "3" },
		{ "[\"medecns\"]", "null", "\"medecns\"*", "" },
		{ "[\"medecns\"]", "[[\"\", \"«\", 7]]", "\"medecns\"*", "" },
		{ "[\"lodz\"]", "[[\"łodz\"]]", "(\"łodz\")", "7" },
		{ "[\"\", \"bnque\"]", "[[\"x\"], [\"banque\"]]", "(\"banque\")", "1" },
		{ "[\"q\"]", "[[\"a\\\"b\"]]", "(\"a\"\"b\")", "" },
		{ "[]", "[]", "", "" },
	};
	struct buf out = BUF_INIT;
	json_t *words, *alternatives;
	char rows[64];
	sqlite3 *db;
	size_t i;

	(void)state;
	db = open_test_directory();
	for (i = 0; i < COUNT(cases); i++) {
		words = json_loads(cases[i].words, JSON_DECODE_ANY, NULL);
		alternatives = json_loads(cases[i].alternatives, JSON_DECODE_ANY, NULL);
		assert_non_null(words);
		buf_reset(&out);
		buf_append(&out, "", 0);
		assert_int_equal(searchterms_expr_alternatives(words, alternatives, &out), 0);
		if (strcmp(out.data, cases[i].expr) != 0)
			fail_msg("%s with %s gave [%s], expected [%s]", cases[i].words,
			    cases[i].alternatives, out.data, cases[i].expr);
		matching_rows(db, out.data, rows, sizeof rows);
		assert_string_equal(rows, cases[i].rows);
		json_decref(words);
		json_decref(alternatives);
	}
	sqlite3_close(db);
	buf_free(&out);
}

static void
test_synonyms_load_rejects_malformed_documents(void **state)
{
	static const char *bad[] = {
		"[]", "{}", "{\"groups\": {}}", "{\"groups\": \"a\"}", "{\"groups\": [[]]}",
		"{\"groups\": [\"a\"]}", "{\"groups\": [[\"a\", 1]]}", "{\"groups\": [[null]]}",
		"{\"groups\": [[\"a\"], [\"A\"]]}", "{\"groups\": [[\"a\", \"a\"]]}",
		"{\"groups\": [[\"food bank\"], [\"Food-Bank\"]]}",
		"{\"groups\": [[\"école\"], [\"ECOLE\"]]}",
		"{\"groups\": [[\"\"]]}", "{\"groups\": [[\"--\"]]}", "{\"groups\": [[\"😀\"]]}",
		"{\"groups\": [[\"a b c d e f g h i j k l m\"]]}",
	};
	struct synonyms *syn;
	char err[200];
	json_t *root;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		root = json_loads(bad[i], 0, NULL);
		assert_non_null(root);
		err[0] = '\0';
		syn = synonyms_load(root, err, sizeof err);
		if (syn != NULL)
			fail_msg("accepted %s", bad[i]);
		assert_true(strncmp(err, "synonyms: ", 10) == 0);
		assert_null(synonyms_load(root, NULL, 0));
		json_decref(root);
	}
	assert_null(synonyms_load(NULL, err, sizeof err));
	synonyms_free(NULL);
}

static void
test_synonyms_load_accepts_empty_and_twelve_word_terms(void **state)
{
	struct synonyms *syn;
	char *expr;
	json_t *root;

	(void)state;
	root = json_loads("{\"groups\": []}", 0, NULL);
	syn = synonyms_load(root, NULL, 0);
	json_decref(root);
	assert_non_null(syn);
	expr = expr_of("food bank", 9, syn);
	assert_string_equal(expr, "\"food\"* AND \"bank\"*");
	free(expr);
	synonyms_free(syn);

	root = json_loads("{\"groups\": [[\"a b c d e f g h i j k l\", \"z\"]]}", 0, NULL);
	syn = synonyms_load(root, NULL, 0);
	json_decref(root);
	assert_non_null(syn);
	expr = expr_of("A-B-C-D-E-F-G-H-I-J-K-L", 23, syn);
	assert_string_equal(expr, "(\"a b c d e f g h i j k l\" OR \"z\"*)");
	free(expr);
	synonyms_free(syn);
}

static void
test_within_one_edit_counts_code_points(void **state)
{
	static const struct {
		const char *a;
		const char *b;
		int         within;
	} cases[] = {
		{ "", "", 1 }, { "", "a", 1 }, { "a", "", 1 }, { "", "ab", 0 },
		{ "medecins", "medecins", 1 },
		{ "medecins", "medecin", 1 }, { "medecin", "medecins", 1 },     /* end */
		{ "medecins", "edecins", 1 }, { "edecins", "medecins", 1 },     /* start */
		{ "medecins", "mdecins", 1 }, { "medecins", "meddecins", 1 },   /* middle */
		{ "medecins", "medecims", 1 }, { "medecins", "xedecins", 1 },   /* substitution */
		{ "medecins", "mdeecins", 1 }, { "medecins", "emdecins", 1 },   /* swaps */
		{ "medecins", "medecisn", 1 }, { "ab", "ba", 1 }, { "abcd", "acbd", 1 },
		{ "medecins", "medicine", 0 }, { "abc", "cba", 0 }, { "abcd", "adcb", 0 },
		{ "abcd", "badc", 0 }, { "abc", "abcde", 0 }, { "abcde", "abc", 0 },
		{ "medecins", "mdecns", 0 }, { "aab", "abb", 1 }, { "abc", "axx", 0 },
		/* multi-byte letters count as one */
		{ "łodz", "lodz", 1 }, { "café", "cafe", 1 }, { "cafe", "café", 1 },
		{ "caf", "café", 1 }, { "straße", "strase", 1 }, { "straße", "strasse", 0 },
		{ "naïve", "navïe", 1 }, { "ab€", "a€b", 1 }, { "€a", "a€", 1 },
		{ "😀", "🙂", 1 }, { "😀😀", "😀", 1 }, { "😀", "😀😀😀", 0 },
		{ "عيادة", "عيادت", 1 }, { "عيادة", "عيدة", 1 }, { "عيادة", "يعادة", 1 },
		{ "é", "e", 1 }, { "éé", "e", 0 }, { "ﬁ", "fi", 0 },
		/* bytes that are not UTF-8 count one each */
		{ "a\xFF", "a", 1 }, { "\xFF\xFE", "\xFE\xFF", 1 }, { "\xC3", "\xC3\xA9", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		if (searchterms_within_one_edit(cases[i].a, cases[i].b) != cases[i].within)
			fail_msg("\"%s\" / \"%s\": expected %d", cases[i].a, cases[i].b,
			    cases[i].within);
	assert_int_equal(searchterms_within_one_edit(NULL, "a"), 0);
	assert_int_equal(searchterms_within_one_edit("a", NULL), 0);
}

/* The unicode61 tokenizer of an in-memory SQLite, called directly. */
struct fts5_tokenizer_handle {
	sqlite3        *db;   /* the connection that owns the tokenizer module */
	fts5_tokenizer  api;  /* the module's functions */
	Fts5Tokenizer  *tok;  /* the tokenizer instance */
};

static void
tokenizer_open(struct fts5_tokenizer_handle *h)
{
	const char *args[] = { "remove_diacritics", "2" };
	fts5_api *api = NULL;
	sqlite3_stmt *stmt;
	void *user;

	assert_int_equal(sqlite3_open(":memory:", &h->db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h->db, "SELECT fts5(?1)", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	assert_non_null(api);
	assert_int_equal(api->xFindTokenizer(api, "unicode61", &user, &h->api), SQLITE_OK);
	assert_int_equal(h->api.xCreate(user, args, 2, &h->tok), SQLITE_OK);
}

static void
tokenizer_close(struct fts5_tokenizer_handle *h)
{
	h->api.xDelete(h->tok);
	sqlite3_close(h->db);
}

static int
collect_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
	struct buf *out = ctx;

	(void)flags;
	(void)start;
	(void)end;
	if (out->len > 0)
		buf_putc(out, ' ');
	buf_append(out, token, (size_t)len);
	return SQLITE_OK;
}

/* What FTS5 does with cp between two letters. */
enum fts5_char { FTS5_SEPARATES, FTS5_REMOVES, FTS5_KEEPS };

static enum fts5_char
fts5_char_kind(struct fts5_tokenizer_handle *h, const char *text, size_t len)
{
	struct buf tokens = BUF_INIT;
	enum fts5_char kind;

	buf_append(&tokens, "", 0);
	assert_int_equal(h->api.xTokenize(h->tok, &tokens, FTS5_TOKENIZE_DOCUMENT, text,
	    (int)len, collect_token), SQLITE_OK);
	if (strcmp(tokens.data, "q q") == 0)
		kind = FTS5_SEPARATES;
	else if (strcmp(tokens.data, "qq") == 0)
		kind = FTS5_REMOVES;
	else
		kind = FTS5_KEEPS;
	buf_free(&tokens);
	return kind;
}

static size_t
put_utf8(char *s, uint32_t cp)
{
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* 1 if the word splitter's view of cp (>= U+0080) is consistent with FTS5's: what stays
** in a word FTS5 keeps in a token, or removes if it is one of the accents of
** U+0300..U+036F; what FTS5 separates at separates words. */
static int
word_char_agrees_with_fts5(struct fts5_tokenizer_handle *h, uint32_t cp)
{
	enum fts5_char kind;
	char text[8];
	json_t *words;
	size_t len;
	int in_word, accent = cp >= 0x300 && cp <= 0x36f;

	text[0] = 'q';
	len = 1 + put_utf8(text + 1, cp);
	text[len++] = 'q';
	assert_int_equal(searchterms_words(text, len, &words), 0);
	in_word = json_array_size(words) == 1;
	json_decref(words);
	kind = fts5_char_kind(h, text, len);
	if (!in_word)
		return kind != FTS5_REMOVES;
	return kind == (accent ? FTS5_REMOVES : FTS5_KEEPS);
}

static void
test_word_characters_are_fts5_token_characters(void **state)
{
	struct fts5_tokenizer_handle h;
	uint32_t cp, first_bad = 0;
	size_t disagreements = 0;

	(void)state;
	tokenizer_open(&h);
	for (cp = 0x80; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		if (!word_char_agrees_with_fts5(&h, cp) && disagreements++ == 0)
			first_bad = cp;
	}
	tokenizer_close(&h);
	if (disagreements > 0)
		fail_msg("%zu code points split unlike FTS5 tokens, the first U+%04X",
		    disagreements, (unsigned)first_bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_are_folded_runs_of_letters_and_digits),
		cmocka_unit_test(test_words_stop_at_the_maximum),
		cmocka_unit_test(test_expr_is_quoted_prefix_words_joined_by_and),
		cmocka_unit_test(test_expr_expands_synonym_groups_longest_run_first),
		cmocka_unit_test(test_expr_finds_the_intended_rows),
		cmocka_unit_test(test_hostile_inputs_always_give_expressions_fts5_accepts),
		cmocka_unit_test(test_expr_skips_unusable_words_and_quotes_double_quotes),
		cmocka_unit_test(test_expr_reports_a_failed_buffer),
		cmocka_unit_test(test_alternatives_replace_words_with_or_of_exact_terms),
		cmocka_unit_test(test_synonyms_load_rejects_malformed_documents),
		cmocka_unit_test(test_synonyms_load_accepts_empty_and_twelve_word_terms),
		cmocka_unit_test(test_within_one_edit_counts_code_points),
		cmocka_unit_test(test_word_characters_are_fts5_token_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
