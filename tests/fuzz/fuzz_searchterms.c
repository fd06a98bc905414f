/*
** fuzz_searchterms.c - libFuzzer harness for searchterms.c and fold.c.
**
** Whatever the input, the words it yields and every MATCH expression built from them
** (plain, with a fixed synonym list, with synonyms loaded from the input when it is
** JSON, and with alternatives cut from the input) must be accepted by a real FTS5
** table: preparing and running `SELECT count(*) FROM t WHERE t MATCH ?` gives a row
** and then SQLITE_DONE, never a syntax error. searchterms_within_one_edit must agree
** with a plain dynamic-programming edit distance.
**
**   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iserver \
**       tests/fuzz/fuzz_searchterms.c server/searchterms.c server/fold.c server/buf.c \
**       $(pkg-config --cflags --libs jansson sqlite3)
**   ./a.out -max_total_time=60 WORK_DIR tests/fuzz/corpus/searchterms
*/
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "searchterms.h"

#define MAX_UNITS 48 /* longest string the reference edit distance looks at */

static const char fuzz_synonyms_json[] =
	"{\"groups\": [[\"food bank\", \"nourriture\", \"banque alimentaire\"],"
	" [\"médecin\", \"doctor\", \"clinique\"], [\"food\", \"repas\"],"
	" [\"a b c\", \"a\", \"x\\\"y\"]]}";

/* Everything the harness keeps between inputs. */
static struct {
	sqlite3          *db;    /* in-memory database with the FTS5 table t */
	sqlite3_stmt     *count; /* SELECT count(*) FROM t WHERE t MATCH ?1 */
	struct synonyms  *syn;   /* the fixed synonym list */
} fuzz;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_searchterms: %s: %s\n", what, detail);
	abort();
}

/* Open the table and load the synonyms, once (tests/fuzz/replay.c, which `make test`
** uses, has no LLVMFuzzerInitialize). */
static void
setup(void)
{
	json_t *root;

	if (fuzz.db != NULL)
		return;
	if (sqlite3_open(":memory:", &fuzz.db) != SQLITE_OK ||
	    sqlite3_exec(fuzz.db, "CREATE VIRTUAL TABLE t USING fts5(name, body, "
	    "tokenize='unicode61 remove_diacritics 2');"
	    "INSERT INTO t VALUES ('Banque alimentaire', 'nourriture'),"
	    " ('Médecins du Monde', 'clinique'), ('Food Bank', 'repas'),"
	    " ('عيادة', 'بنك الطعام'), ('Œuvre', 'Straße Łódź'), ('a b c', 'x y')",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fuzz.db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1,
	    &fuzz.count, NULL) != SQLITE_OK)
		die("setup", sqlite3_errmsg(fuzz.db));
	root = json_loads(fuzz_synonyms_json, 0, NULL);
	fuzz.syn = synonyms_load(root, NULL, 0);
	json_decref(root);
	if (fuzz.syn == NULL)
		die("setup", "synonyms");
}

/* Run the expression against t: it must be accepted. */
static void
run_match(const struct buf *expr)
{
	int rc;

	if (expr->len == 0)
		return;
	if (memchr(expr->data, '\0', expr->len) != NULL)
		die("NUL byte in expression", expr->data);
	sqlite3_reset(fuzz.count);
	sqlite3_bind_text(fuzz.count, 1, expr->data, (int)expr->len, SQLITE_STATIC);
	rc = sqlite3_step(fuzz.count);
	if (rc != SQLITE_ROW)
		die(sqlite3_errmsg(fuzz.db), expr->data);
	rc = sqlite3_step(fuzz.count);
	if (rc != SQLITE_DONE)
		die(sqlite3_errmsg(fuzz.db), expr->data);
	sqlite3_reset(fuzz.count);
	sqlite3_clear_bindings(fuzz.count);
}

static void
check_expr(const json_t *words, const struct synonyms *syn)
{
	struct buf expr = BUF_INIT;

	if (searchterms_expr(words, syn, &expr) != 0)
		die("searchterms_expr", "failed");
	run_match(&expr);
	buf_free(&expr);
}

/* Alternatives for each word: the raw, unchecked segments of rest (split at ',') and
** the words of rest, so that quotes, NULs and invalid UTF-8 reach the writer. */
static json_t *
alternatives_from(const char *rest, size_t len, size_t nwords)
{
	json_t *all = json_array(), *theirs, *list;
	const char *comma;
	size_t i;

	if (searchterms_words(rest, len, &theirs) != 0)
		die("searchterms_words", "failed");
	for (i = 0; i < nwords; i++) {
		list = json_array();
		comma = memchr(rest, ',', len);
		json_array_append_new(list, json_stringn_nocheck(rest,
		    comma != NULL ? (size_t)(comma - rest) : len));
		if (comma != NULL) {
			len -= (size_t)(comma - rest) + 1;
			rest = comma + 1;
		}
		json_array_append(list, json_array_get(theirs, i));
		json_array_append_new(all, list);
	}
	json_decref(theirs);
	return all;
}

static void
check_alternatives(const json_t *words, const char *rest, size_t len)
{
	struct buf expr = BUF_INIT;
	json_t *alternatives;

	alternatives = alternatives_from(rest, len, json_array_size(words));
	if (searchterms_expr_alternatives(words, alternatives, &expr) != 0)
		die("searchterms_expr_alternatives", "failed");
	run_match(&expr);
	buf_free(&expr);
	json_decref(alternatives);
}

/* Synonyms loaded from the input, when it is a JSON document they accept. */
static void
check_loaded_synonyms(const uint8_t *data, size_t size, const json_t *words)
{
	struct synonyms *syn;
	char err[128];
	json_t *root;

	root = json_loadb((const char *)data, size, 0, NULL);
	if (root == NULL)
		return;
	syn = synonyms_load(root, err, sizeof err);
	if (syn != NULL)
		check_expr(words, syn);
	else if (strncmp(err, "synonyms: ", 10) != 0)
		die("synonyms_load without a message", err);
	synonyms_free(syn);
	json_decref(root);
}

/* The code points of s (a byte that is not valid UTF-8 counts as one unit of its own),
** at most MAX_UNITS + 2 of them, into u; their number. */
static size_t
units_of(const char *s, uint32_t *u)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len, k;
	uint32_t c, min;

	while (*p != '\0' && n < MAX_UNITS + 2) {
		len = *p < 0x80 ? 1 : *p >= 0xc2 && *p <= 0xdf ? 2 : *p >= 0xe0 && *p <= 0xef ? 3 :
		    *p >= 0xf0 && *p <= 0xf4 ? 4 : 0;
		c = len == 1 ? *p : len == 0 ? 0 : (uint32_t)(*p & (0x7f >> len));
		for (k = 1; k < len; k++) {
			if ((p[k] & 0xc0) != 0x80) {
				len = 0;
				break;
			}
			c = (c << 6) | (p[k] & 0x3f);
		}
		min = len == 2 ? 0x80 : len == 3 ? 0x800 : len == 4 ? 0x10000 : 0;
		if (len == 0 || c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
			u[n++] = 0x110000u + *p;
			p++;
		} else {
			u[n++] = c;
			p += len;
		}
	}
	return n;
}

/* Optimal string alignment distance of a[0..na) and b[0..nb). */
static size_t
edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t d[MAX_UNITS + 3][MAX_UNITS + 3], i, j, best;

	for (i = 0; i <= na; i++)
		d[i][0] = i;
	for (j = 0; j <= nb; j++)
		d[0][j] = j;
	for (i = 1; i <= na; i++) {
		for (j = 1; j <= nb; j++) {
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[na][nb];
}

static void
check_one_edit(const char *a, const char *b)
{
	uint32_t ua[MAX_UNITS + 2], ub[MAX_UNITS + 2];
	size_t na = units_of(a, ua), nb = units_of(b, ub);
	int expected, got;

	if (na > MAX_UNITS || nb > MAX_UNITS)
		return;
	expected = edit_distance(ua, na, ub, nb) <= 1;
	got = searchterms_within_one_edit(a, b);
	if (got != expected || searchterms_within_one_edit(b, a) != expected)
		die("searchterms_within_one_edit disagrees", a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *bar;
	char *left, *right;
	size_t cut;
	json_t *words;

	setup();
	bar = memchr(text, '|', size);
	cut = bar != NULL ? (size_t)(bar - text) : size;
	if (searchterms_words(text, cut, &words) != 0)
		die("searchterms_words", "failed");
	check_expr(words, NULL);
	check_expr(words, fuzz.syn);
	check_alternatives(words, bar != NULL ? bar + 1 : "", bar != NULL ? size - cut - 1 : 0);
	check_loaded_synonyms(data, size, words);
	json_decref(words);

	/* the two sides of '|' as NUL-terminated strings, for the edit distance */
	left = strndup(text, cut);
	right = strndup(bar != NULL ? bar + 1 : "", bar != NULL ? size - cut - 1 : 0);
	if (left == NULL || right == NULL)
		die("strndup", "out of memory");
	check_one_edit(left, right);
	free(left);
	free(right);
	return 0;
}
