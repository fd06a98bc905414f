/*
** test_fold.c - fold_text folds exactly as SQLite FTS5's `unicode61 remove_diacritics 2`
** tokenizer does, checked for every code point against the linked SQLite, and on the
** words people type (Médecins, Québec, Œuvre, Straße, Łódź...) through fts5vocab.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fold.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The unicode61 tokenizer of an in-memory SQLite, called directly. */
struct fts5_tokenizer_handle {
	sqlite3        *db;   /* the connection that owns the tokenizer module */
	fts5_tokenizer  api;  /* the module's functions */
	Fts5Tokenizer  *tok;  /* the tokenizer instance */
};

static fts5_api *
fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return api;
}

static void
tokenizer_open(struct fts5_tokenizer_handle *h)
{
	const char *args[] = { "remove_diacritics", "2" };
	fts5_api *api;
	void *user;

	assert_int_equal(sqlite3_open(":memory:", &h->db), SQLITE_OK);
	api = fts5_api_of(h->db);
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

/* The tokens of s[0..len), joined by single spaces, into out (reset first). */
static void
tokenize(struct fts5_tokenizer_handle *h, const char *s, size_t len, struct buf *out)
{
	buf_reset(out);
	buf_append(out, "", 0);
	assert_int_equal(h->api.xTokenize(h->tok, out, FTS5_TOKENIZE_DOCUMENT, s, (int)len,
	    collect_token), SQLITE_OK);
}

static size_t
put_utf8(char *s, uint32_t cp)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
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

/* fold_text of s[0..len) into out (reset first). */
static void
fold(const char *s, size_t len, struct buf *out)
{
	buf_reset(out);
	buf_append(out, "", 0);
	assert_int_equal(fold_text(out, s, len), 0);
}

/* 1 if fold_text agrees with FTS5 on the code point cp, seen as "q<cp>q": the same
** single token when FTS5 keeps cp in a token (folded or removed), and the text unchanged
** when FTS5 separates there (typographic apostrophes may become "'"). */
static int
agrees_with_fts5(struct fts5_tokenizer_handle *h, uint32_t cp, struct buf *tokens,
    struct buf *folded)
{
	char text[8];
	size_t len;

	text[0] = 'q';
	len = 1 + put_utf8(text + 1, cp);
	text[len++] = 'q';
	tokenize(h, text, len, tokens);
	fold(text, len, folded);
	if (strcmp(tokens->data, "q q") == 0) {
		if (cp == 0x2018 || cp == 0x2019)
			return strcmp(folded->data, "q'q") == 0;
		return folded->len == len && memcmp(folded->data, text, len) == 0;
	}
	return strcmp(tokens->data, folded->data) == 0;
}

static void
test_fold_matches_fts5_for_every_code_point(void **state)
{
	struct fts5_tokenizer_handle h;
	struct buf tokens = BUF_INIT, folded = BUF_INIT;
	uint32_t cp, first_bad = 0;
	size_t disagreements = 0;

	(void)state;
	tokenizer_open(&h);
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		if (!agrees_with_fts5(&h, cp, &tokens, &folded) && disagreements++ == 0)
			first_bad = cp;
	}
	tokenizer_close(&h);
	buf_free(&tokens);
	buf_free(&folded);
	if (disagreements > 0)
		fail_msg("%zu code points fold unlike FTS5, the first U+%04X",
		    disagreements, (unsigned)first_bad);
}

static void
test_fold_gives_the_terms_fts5vocab_lists(void **state)
{
	static const char *words[] = {
		"Médecins", "Québec", "ÉCOLE", "garçon", "naïve", "Œuvre", "Straße", "Łódź",
		"ÆTHER", "Ørsted", "İstanbul", "Ĳssel", "Þór", "Ðe", "ŊAŊ", "Ħamrun",
		"Phở", "Știință", "Nguyễn", "Ǆemal", "ẞTRASSE", "ΆΛΦΑ", "ΣΟΦΟΣ",
		"ПРИВЕТ", "Ёлка", "ＡＢＣ", "µm", "e\xCC\x81" "cole", "Montréal",
		"Côte-des-Neiges", "Saint-Léonard", "Hochelaga-Maisonneuve",
	};
	struct buf folded = BUF_INIT;
	sqlite3_stmt *insert, *vocab;
	sqlite3 *db;
	size_t i;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2');"
	    "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');", NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < COUNT(words); i++) {
		assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?1)", -1,
		    &insert, NULL), SQLITE_OK);
		sqlite3_bind_text(insert, 1, words[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(insert), SQLITE_DONE);
		sqlite3_finalize(insert);
	}
	/* Each word's folded form, split at '-', is a term the index holds. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM v WHERE term = ?1", -1,
	    &vocab, NULL), SQLITE_OK);
	for (i = 0; i < COUNT(words); i++) {
		char *part, *rest;

		fold(words[i], strlen(words[i]), &folded);
		for (part = strtok_r(folded.data, "-", &rest); part != NULL;
		    part = strtok_r(NULL, "-", &rest)) {
			sqlite3_reset(vocab);
			sqlite3_bind_text(vocab, 1, part, -1, SQLITE_TRANSIENT);
			assert_int_equal(sqlite3_step(vocab), SQLITE_ROW);
			if (sqlite3_column_int(vocab, 0) != 1)
				fail_msg("\"%s\" folds to \"%s\", not a term of the index",
				    words[i], part);
		}
	}
	sqlite3_finalize(vocab);
	sqlite3_close(db);
	buf_free(&folded);
}

static void
test_fold_examples_of_latin_greek_cyrillic_and_other_scripts(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "Médecins", "medecins" }, { "Québec", "quebec" }, { "ÉCOLE", "ecole" },
		{ "garçon", "garcon" }, { "naïve", "naive" }, { "MÉDECINS DU MONDE",
		"medecins du monde" },
		/* FTS5 lower-cases these letters but does not decompose them */
		{ "Œuvre", "œuvre" }, { "Straße", "straße" }, { "ẞ", "ß" }, { "Łódź", "łodz" },
		{ "ÆTHER", "æther" }, { "Ørsted", "ørsted" }, { "Đakovo", "đakovo" },
		{ "Þór", "þor" }, { "ı", "ı" }, { "İstanbul", "istanbul" }, { "ſ", "s" },
		/* beyond Latin Extended-A */
		{ "Phở", "pho" }, { "Știință", "stiinta" }, { "Nguyễn", "nguyen" },
		{ "ǅ", "ǆ" },
		/* other scripts: lower case, accents kept */
		{ "ΆΛΦΑ", "άλφα" }, { "ΣΟΦΟΣ", "σοφοσ" }, { "ς", "σ" }, { "ПРИВЕТ", "привет" },
		{ "Ёлка", "ёлка" }, { "ＡＢＣ", "ａｂｃ" }, { "µ", "μ" },
		/* decomposed accents are removed as FTS5 removes them */
		{ "E\xCC\x81" "COLE", "ecole" }, { "n\xCC\x83", "n" },
		/* apostrophes; no case; copied as they are */
		{ "don’t", "don't" }, { "l‘a", "l'a" }, { "بنك الطعام", "بنك الطعام" },
		{ "😀 Food!", "😀 food!" }, { "«Ça»", "«ca»" }, { "A-B_C 1/2", "a-b_c 1/2" },
		{ "", "" },
	};
	struct buf out = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		fold(cases[i].in, strlen(cases[i].in), &out);
		if (strcmp(out.data, cases[i].out) != 0)
			fail_msg("\"%s\" folds to \"%s\", expected \"%s\"", cases[i].in, out.data,
			    cases[i].out);
	}
	buf_free(&out);
}

static void
test_fold_copies_invalid_utf8_bytes_and_nul(void **state)
{
	static const struct {
		const char *in;
		size_t      inlen;
		const char *out;
		size_t      outlen;
	} cases[] = {
		{ "\xC0\xAF" "A\xFF", 4, "\xC0\xAF" "a\xFF", 4 },      /* overlong, junk */
		{ "CAF\xC3", 4, "caf\xC3", 4 },                      /* cut short */
		{ "\xED\xA0\x80X", 4, "\xED\xA0\x80x", 4 },          /* surrogate */
		{ "\xF4\x90\x80\x80\xC3\x89", 6, "\xF4\x90\x80\x80" "e", 5 },
		{ "A\0B", 3, "a\0b", 3 },                            /* NUL inside */
		{ "\x80\xBF", 2, "\x80\xBF", 2 },                    /* stray continuations */
	};
	struct buf out = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		fold(cases[i].in, cases[i].inlen, &out);
		assert_int_equal(out.len, cases[i].outlen);
		assert_memory_equal(out.data, cases[i].out, cases[i].outlen);
	}
	buf_free(&out);
}

static void
test_fold_appends_after_existing_content(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	buf_puts(&out, "name: ");
	assert_int_equal(fold_text(&out, "ÉCOLE", strlen("ÉCOLE")), 0);
	assert_string_equal(out.data, "name: ecole");
	assert_int_equal(fold_text(&out, "", 0), 0);
	assert_string_equal(out.data, "name: ecole");
	buf_free(&out);
}

static void
test_fold_reports_a_failed_buffer(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	out.failed = 1;
	assert_int_equal(fold_text(&out, "abc", 3), -1);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_matches_fts5_for_every_code_point),
		cmocka_unit_test(test_fold_gives_the_terms_fts5vocab_lists),
		cmocka_unit_test(test_fold_examples_of_latin_greek_cyrillic_and_other_scripts),
		cmocka_unit_test(test_fold_copies_invalid_utf8_bytes_and_nul),
		cmocka_unit_test(test_fold_appends_after_existing_content),
		cmocka_unit_test(test_fold_reports_a_failed_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
