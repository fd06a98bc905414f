/*
** test_snapshot.c - the search's image in memory answers exactly as SQL does: for every
** search of a long list (words, every filter, points with and without a radius, open at
** a time, each sort, pages past the end, with facet counts and without; searches near a
** point also without a radius, as a point from the network is), on the fixtures, on a
** generated directory and on organizations tied in relevance, search_run with the image
** and without it give the same results, nearest locations, totals and facets.
** sd_relevance (relevance.c) gives exactly bm25()'s
** doubles, with lengths from the image or from FTS5, counting phrases itself or not; so
** do the words in memory (wordindex.c), with exactly FTS5's matches, for typed words,
** synonym groups and a sample of the vocabulary, and they leave to FTS5 what they cannot
** evaluate. Also:
** the search generation moves with every save, and the keeper builds a new image after
** one.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "embedded.h"
#include "places.h"
#include "relevance.h"
#include "searchterms.h"
#include "search.h"
#include "snapshot.h"
#include "snapshot_keeper.h"
#include "store.h"
#include "testsrv.h"
#include "wordindex.h"
#include "zone.h"

/* Each search as a query string's parameters would give it. */
static const char *const searches[] = {
	"{}",
	"{\"q\": \"clinique\"}",
	"{\"q\": \"food bank\"}",
	"{\"q\": \"walk-in clinic\", \"facets\": \"1\"}",
	"{\"q\": \"cours de français\"}",
	"{\"q\": \"aide juridique\", \"near\": \"Verdun\"}",
	"{\"q\": \"banque alimentaire femmes\", \"sort\": \"name\"}",
	"{\"q\": \"logement\", \"category\": \"housing\", \"facets\": \"1\"}",
	"{\"q\": \"femmes\", \"sort\": \"name\"}",
	"{\"q\": \"aide\", \"per_page\": \"7\", \"page\": \"3\"}",
	"{\"q\": \"cliniqe\"}",
	"{\"q\": \"zzzzqqq\"}",
	"{\"q\": \"français\", \"facets\": \"1\"}",
	"{\"category\": \"food\"}",
	"{\"category\": [\"food\", \"health\"], \"facets\": \"1\"}",
	"{\"category\": \"legal\", \"language\": \"ar\", \"facets\": \"1\"}",
	"{\"language\": [\"es\", \"fr\"], \"fees\": \"free\"}",
	"{\"commitment\": \"no-status-questions\"}",
	"{\"commitment\": \"status-for-all\", \"facets\": \"1\"}",
	"{\"commitment\": [\"equal-standards\", \"status-for-all\"], \"per_page\": \"50\"}",
	"{\"commitment\": [\"no-border-agency\", \"no-status-questions\"], \"category\": \"housing\"}",
	"{\"neighbourhood\": \"Verdun\"}",
	"{\"neighbourhood\": \"Nowhere at all\"}",
	"{\"city\": \"Montréal\", \"sort\": \"name\", \"per_page\": \"100\"}",
	"{\"near\": \"Verdun\"}",
	"{\"near\": \"Verdun\", \"sort\": \"distance\", \"facets\": \"1\"}",
	"{\"near\": \"H2X\", \"radius\": \"3\"}",
	"{\"near\": \"45.52,-73.58\", \"radius\": \"0.5\", \"q\": \"clinique\"}",
	"{\"near\": \"Parc-Extension\", \"sort\": \"name\", \"category\": \"food\"}",
	"{\"near\": \"Rosemont\", \"sort\": \"relevance\", \"q\": \"logement\"}",
	"{\"near\": \"Saint-Henri\", \"radius\": \"200\", \"page\": \"2\", \"facets\": \"1\"}",
	"{\"open_at\": \"2026-11-23T10:00\"}",
	"{\"open_at\": \"2026-11-22T23:30\", \"q\": \"shelter\", \"facets\": \"1\"}",
	"{\"open_at\": \"2026-11-24T14:00\", \"near\": \"Verdun\", \"category\": \"health\"}",
	"{\"page\": \"10000\"}",
	"{\"q\": \"clinique\", \"page\": \"500\", \"facets\": \"1\"}",
	"{\"fees\": \"free\", \"language\": \"ar\", \"commitment\": \"no-status-fees\", \"facets\": \"1\"}",
	"{\"near\": \"Verdun\", \"sort\": \"distance\", \"radius\": \"200\", \"per_page\": \"100\", \"page\": \"3\"}",
	"{\"near\": \"45.50,-73.60\", \"sort\": \"distance\", \"radius\": \"2\", \"facets\": \"1\"}",
	"{\"near\": \"45.47,-73.57\", \"sort\": \"distance\", \"radius\": \"7\", \"category\": \"food\", \"language\": \"fr\"}",
	"{\"near\": \"Côte-des-Neiges\", \"sort\": \"distance\", \"open_at\": \"2026-11-25T11:00\", \"commitment\": \"no-status-questions\", \"facets\": \"1\"}",
	"{\"near\": \"45.52,-73.58\", \"sort\": \"distance\", \"per_page\": \"50\", \"page\": \"9\"}",
	"{\"near\": \"45.6,-73.9\", \"sort\": \"distance\", \"radius\": \"0.1\"}",
	"{\"near\": \"49.28,-123.1\", \"sort\": \"distance\", \"radius\": \"200\"}",
	"{\"near\": \"-45.0,170.0\", \"sort\": \"distance\", \"neighbourhood\": \"Verdun\"}",
	"{\"near\": \"H2X\", \"sort\": \"distance\", \"fees\": \"free\", \"city\": \"Montréal\", \"per_page\": \"1\"}",
	"{\"neighbourhood\": \"Verdun\", \"open_at\": \"2026-11-23T10:00\","
	    " \"category\": [\"food\", \"legal\"]}",
	"{\"city\": \"Montréal\", \"commitment\": [\"no-status-fees\", \"no-status-questions\"],"
	    " \"language\": \"es\", \"page\": \"2\", \"per_page\": \"5\"}",
	"{\"language\": \"vi\", \"category\": \"lgbtq\", \"fees\": \"free\"}",
	"{\"sort\": \"name\", \"page\": \"3\", \"per_page\": \"40\"}",
	"{\"q\": \"aide\", \"sort\": \"name\", \"per_page\": \"50\", \"page\": \"2\"}",
	"{\"q\": \"centre\", \"page\": \"4\"}",
	NULL
};

struct fixture {
	char             dir[64];
	char             path[128];
	struct places    places;
	struct synonyms *syn;
};

/* a and b written out alike, members in the same order (the facets are listed in the
** order their values sort, which json_equal does not see). */
static int
same_text(const json_t *a, const json_t *b)
{
	char *ta, *tb;
	int same;

	if (a == NULL || b == NULL)
		return a == b;
	ta = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
	tb = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
	same = ta != NULL && tb != NULL && strcmp(ta, tb) == 0;
	free(ta);
	free(tb);
	return same;
}

/* Search text both ways, counting the facets or not; without_radius, a point is only for
** ordering (as the place a visitor's network suggests is). 1 when some organization
** matched. */
static long
run_both(struct dbconn *c, const struct snapshot *snap, struct fixture *f, const char *text,
    int without_radius, int facets)
{
	struct search_result by_sql, by_image;
	struct search_params p;
	struct api_error aerr;
	json_error_t jerr;
	json_t *params = json_loads(text, 0, &jerr);
	char err[300];
	long found;

	assert_non_null(params);
	if (search_params_parse(params, &f->places, &p, &aerr) != 0)
		fail_msg("%s: %s", text, aerr.message);
	p.count_facets = facets;
	p.radius_km = without_radius ? 0 : p.radius_km;
	if (search_run(c, NULL, &p, f->syn, &by_sql, err, sizeof err) != 0 ||
	    search_run(c, snap, &p, f->syn, &by_image, err, sizeof err) != 0)
		fail_msg("%s: %s", text, err);
	if (by_sql.total != by_image.total)
		fail_msg("%s: total %ld by SQL, %ld by the image", text, by_sql.total, by_image.total);
	if (!json_equal(by_sql.views, by_image.views))
		fail_msg("%s: the results differ", text);
	if (!json_equal(by_sql.nearest, by_image.nearest) &&
	    !(by_sql.nearest == NULL && by_image.nearest == NULL))
		fail_msg("%s: the nearest locations differ", text);
	if (!same_text(by_sql.facets, by_image.facets))
		fail_msg("%s: the facets differ, or come in another order", text);
	assert_int_equal(by_sql.fuzzy, by_image.fuzzy);
	found = by_image.total > 0;
	search_result_free(&by_sql);
	search_result_free(&by_image);
	search_params_free(&p);
	json_decref(params);
	return found;
}

/* Every search of list (NULL after the last), both ways, on the database at f->path; how
** many found some. */
static long
compare_all(struct fixture *f, const char *const *list)
{
	struct snapshot *snap;
	struct dbconn c = { 0 };
	char err[300];
	size_t i;
	long found = 0;

	assert_int_equal(db_open(f->path, DB_READONLY, &c, err, sizeof err), 0);
	if (snapshot_build(&c, f->syn, NULL, &snap, err, sizeof err) != 0)
		fail_msg("snapshot_build: %s", err);
	for (i = 0; list[i] != NULL; i++) {
		found += run_both(&c, snap, f, list[i], 0, 1);
		run_both(&c, snap, f, list[i], 0, 0);
		if (strstr(list[i], "\"near\"") != NULL)
			run_both(&c, snap, f, list[i], 1, 1);
	}
	snapshot_release(snap);
	db_close(&c);
	return found;
}

/* The synonym groups the server loads. */
static struct synonyms *
load_synonyms(void)
{
	const struct embedded_file *file = embedded_find("fixtures/synonyms.json");
	json_t *doc;
	struct synonyms *syn;
	char err[300];

	assert_non_null(file);
	doc = json_loadb((const char *)file->data, file->len, 0, NULL);
	assert_non_null(doc);
	syn = synonyms_load(doc, err, sizeof err);
	json_decref(doc);
	return syn;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[300];

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sd-snapshot-XXXXXX");
	if (mkdtemp(f->dir) == NULL || places_load_embedded(&f->places, err, sizeof err) != 0 ||
	    zone_use("America/Montreal", err, sizeof err) != 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/s.db", f->dir);
	if ((f->syn = load_synonyms()) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	char side[160];

	unlink(f->path);
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	rmdir(f->dir);
	places_free(&f->places);
	synonyms_free(f->syn);
	free(f);
	return 0;
}

static void
test_fixtures_answer_alike(void **state)
{
	struct fixture *f = *state;
	char err[600];

	if (testdb_create(f->path, testsrv_all_fixtures, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_true(compare_all(f, searches) >= 15);
}

/* The database at f->path: the fixtures and a generated directory of n organizations. */
static void
create_generated(struct fixture *f, int n)
{
	char err[600];
	size_t len;
	char *text = testdb_generate(n, 7, &len);

	if (testdb_create(f->path, testsrv_all_fixtures, err, sizeof err) != 0 ||
	    testdb_import_text(f->path, text, err, sizeof err) != 0)
		fail_msg("%s", err);
	free(text);
}

/* A generated directory: hours everywhere, several locations, thousands of matches. */
static void
test_generated_directory_answers_alike(void **state)
{
	struct fixture *f = *state;

	create_generated(f, 1500);
	assert_true(compare_all(f, searches) >= 22);
}

/* An import of n organizations alike but for their names, stored in the reverse of their
** name order: a word they share scores them all the same, so the order among them is
** their names', which is not the order their matches come in. */
static char *
alike_organizations(int n)
{
	struct buf b = { 0 };
	int i;

	buf_printf(&b, "{\"format\": \"solidarity-directory\", \"version\": 1, "
	    "\"organizations\": [");
	for (i = n; i > 0; i--)
		buf_printf(&b, "%s{\"id\": \"00000000-0000-4000-8000-0000000001%02d\", "
		    "\"name\": \"Lieu pareil %c\", \"description\": {\"fr\": \"Banane pareille.\"}, "
		    "\"verification\": {\"state\": \"verified\"}, \"provides_services\": false, "
		    "\"commitments\": [{\"id\": \"status-for-all\", \"since\": null}], "
		    "\"services\": [], \"locations\": [{\"id\": "
		    "\"00000000-0000-4000-8000-0000000002%02d\", \"city\": \"Montréal\"}], "
		    "\"updated_on\": \"2026-11-21\", \"demo\": false}",
		    i == n ? "" : ", ", i, 'A' + i - 1, i);
	buf_printf(&b, "]}");
	assert_non_null(b.data);
	return b.data;
}

/* Equal scores: the page by relevance breaks the ties by name, as SQL does, also when the
** matches tying with the page's worst come after it is full. */
static void
test_ties_are_broken_by_name(void **state)
{
	static const char *const tied[] = {
		"{\"q\": \"banane\", \"per_page\": \"3\"}",
		"{\"q\": \"banane\", \"per_page\": \"4\", \"page\": \"2\"}",
		"{\"q\": \"banane\", \"sort\": \"name\", \"per_page\": \"5\"}",
		"{\"q\": \"pareil\", \"per_page\": \"2\", \"page\": \"3\"}",
		NULL
	};
	struct fixture *f = *state;
	char err[600], *text = alike_organizations(12);

	if (testdb_create(f->path, testsrv_all_fixtures, err, sizeof err) != 0 ||
	    testdb_import_text(f->path, text, err, sizeof err) != 0)
		fail_msg("%s", err);
	free(text);
	assert_int_equal(compare_all(f, tied), 4);
}

/* MATCH expressions as searchterms.c writes them: one word, alternatives with phrases,
** words ANDed, and a group ANDed with a word. */
static const char *const expressions[] = {
	"\"francais\"*",
	"\"clinic\"* OR \"clinique\"* OR \"medecin\"* OR \"walk in clinic\" OR \"dentaire\"*",
	"\"centre\"* AND \"quartier\"*",
	"(\"food bank\" OR \"nourriture\"* OR \"banque alimentaire\") AND \"montreal\"*",
	NULL
};

/* Every document's length, each held at its rowid; unless hold_all, rowids that are
** multiples of 3 are left unheld, so FTS5 measures them (and, gathering, they are only
** counted). */
static void
lengths_of(struct dbconn *c, struct relevance_lengths *len, uint32_t **number_of,
    uint32_t **tokens, int hold_all)
{
	sqlite3_stmt *stmt;
	int64_t id;

	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT max(id) FROM search_index_docsize", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	len->max_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	*number_of = calloc((size_t)len->max_id + 1, sizeof **number_of);
	*tokens = calloc((size_t)len->max_id + 1, sizeof **tokens);
	assert_true(*number_of != NULL && *tokens != NULL);
	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT id, sz FROM search_index_docsize", -1,
	    &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		(*tokens)[id] = (uint32_t)relevance_doc_tokens(sqlite3_column_blob(stmt, 1),
		    sqlite3_column_bytes(stmt, 1));
		(*number_of)[id] = id % 3 == 0 && !hold_all ? 0 : (uint32_t)id + 1;
	}
	sqlite3_finalize(stmt);
	len->number_of = *number_of;
	len->tokens = *tokens;
}

/* bm25() of every match of expr, by rowid (caller frees); *n matches. */
static double *
bm25_of(struct dbconn *c, const char *expr, int64_t max_id, size_t *n)
{
	double *score = calloc((size_t)max_id + 1, sizeof *score);
	sqlite3_stmt *stmt;

	assert_non_null(score);
	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT rowid, bm25(search_index, "
	    RELEVANCE_WEIGHTS ") FROM search_index WHERE search_index MATCH ?1", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	for (*n = 0; sqlite3_step(stmt) == SQLITE_ROW; (*n)++)
		score[sqlite3_column_int64(stmt, 0)] = sqlite3_column_double(stmt, 1);
	sqlite3_finalize(stmt);
	return score;
}

/* sd_relevance of every match of expr, with and without lengths, is bm25()'s double. */
static void
assert_direct_equal(struct dbconn *c, const char *expr, const struct relevance_lengths *len,
    const double *bm25)
{
	sqlite3_stmt *stmt;
	double score;
	int with, rows;

	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT rowid, sd_relevance(search_index, ?2,"
	    " NULL, " RELEVANCE_WEIGHTS ") FROM search_index WHERE search_index MATCH ?1", -1,
	    &stmt, NULL), SQLITE_OK);
	for (with = 0; with < 2; with++) {
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
		if (with)
			sqlite3_bind_pointer(stmt, 2, (void *)len, RELEVANCE_LENGTHS_TYPE, NULL);
		for (rows = 0; sqlite3_step(stmt) == SQLITE_ROW; rows++) {
			score = sqlite3_column_double(stmt, 1);
			if (memcmp(&score, &bm25[sqlite3_column_int64(stmt, 0)], sizeof score) != 0)
				fail_msg("%s: rowid %lld: %.17g, bm25 %.17g", expr,
				    (long long)sqlite3_column_int64(stmt, 0), score,
				    bm25[sqlite3_column_int64(stmt, 0)]);
		}
		assert_true(rows > 0);
	}
	sqlite3_finalize(stmt);
}

/* Gathered and ranked, every held match of expr gets bm25()'s double. */
static void
assert_gathered_equal(struct dbconn *c, const char *expr, const struct relevance_lengths *len,
    const double *bm25, size_t nmatches)
{
	struct relevance_gather g;
	sqlite3_stmt *stmt;
	size_t i;

	memset(&g, 0, sizeof g);
	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT sd_relevance(search_index, ?2, ?3, "
	    RELEVANCE_WEIGHTS ") FROM search_index WHERE search_index MATCH ?1", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_pointer(stmt, 2, (void *)len, RELEVANCE_LENGTHS_TYPE, NULL);
	sqlite3_bind_pointer(stmt, 3, &g, RELEVANCE_GATHER_TYPE, NULL);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		assert_int_equal(sqlite3_column_type(stmt, 0), SQLITE_NULL);
	sqlite3_finalize(stmt);
	assert_int_equal(relevance_gather_rank(&g), 0);
	assert_true(g.n > nmatches / 2 && g.n < nmatches);
	for (i = 0; i < g.n; i++)
		if (memcmp(&g.score[i], &bm25[g.number[i]], sizeof(double)) != 0)
			fail_msg("%s: rowid %u gathered: %.17g, bm25 %.17g", expr, g.number[i],
			    g.score[i], bm25[g.number[i]]);
	relevance_gather_free(&g);
}

/* sd_relevance gives exactly bm25()'s doubles, however it gets lengths and counts. */
static void
test_relevance_is_bm25(void **state)
{
	struct fixture *f = *state;
	struct relevance_lengths len;
	struct dbconn c = { 0 };
	uint32_t *number_of, *tokens;
	double *bm25;
	size_t i, n;
	char err[300];

	create_generated(f, 600);
	assert_int_equal(db_open(f->path, DB_READONLY, &c, err, sizeof err), 0);
	lengths_of(&c, &len, &number_of, &tokens, 0);
	for (i = 0; expressions[i] != NULL; i++) {
		bm25 = bm25_of(&c, expressions[i], len.max_id, &n);
		assert_true(n > 3);
		assert_direct_equal(&c, expressions[i], &len, bm25);
		assert_int_equal(searchterms_alternatives_only(expressions[i]), i < 2);
		if (i < 2)
			assert_gathered_equal(&c, expressions[i], &len, bm25, n);
		free(bm25);
	}
	free(number_of);
	free(tokens);
	db_close(&c);
}

/* What the word index reported: each match's relevance by rowid. */
struct reported {
	double *score;
	char   *seen;
	size_t  n;
};

static void
record_match(void *ctx, uint32_t entry, double relevance)
{
	struct reported *r = ctx;

	assert_false(r->seen[entry]);
	r->seen[entry] = 1;
	r->score[entry] = relevance;
	r->n++;
}

/* The words in memory match exactly what FTS5 matches for expr, each with bm25()'s
** double; lengths hold every rowid as itself. */
static void
assert_words_equal(struct dbconn *c, struct wordindex *w, const char *expr,
    const struct relevance_lengths *len)
{
	size_t n, i, ndocs = (size_t)len->max_id + 1;
	double *bm25 = bm25_of(c, expr, len->max_id, &n);
	struct reported r = { calloc(ndocs, sizeof(double)), calloc(ndocs, 1), 0 };

	assert_true(r.score != NULL && r.seen != NULL);
	if (wordindex_search(w, expr, record_match, &r) != 1)
		fail_msg("%s: not evaluated in memory", expr);
	if (r.n != n)
		fail_msg("%s: %zu matches in memory, %zu by FTS5", expr, r.n, n);
	for (i = 0; i < ndocs; i++)
		if (r.seen[i] && memcmp(&r.score[i], &bm25[i], sizeof(double)) != 0)
			fail_msg("%s: rowid %zu: %.17g in memory, bm25 %.17g", expr, i, r.score[i],
			    bm25[i]);
	free(r.score);
	free(r.seen);
	free(bm25);
}

/* The expression searchterms.c writes for text. */
static void
expr_of(const struct synonyms *syn, const char *text, struct buf *out)
{
	json_t *words;

	buf_reset(out);
	assert_int_equal(searchterms_words(text, strlen(text), &words), 0);
	assert_int_equal(searchterms_expr(words, syn, out), 0);
	json_decref(words);
}

/* Every 37th term of the vocabulary, as a word, as a prefix, and cut to its first
** characters (up to six bytes) as prefixes, alone and ANDed with the term before. */
static size_t
assert_vocabulary_equal(struct dbconn *c, struct wordindex *w,
    const struct relevance_lengths *len)
{
	sqlite3_stmt *stmt;
	struct buf expr = BUF_INIT;
	char previous[200] = "montreal";
	const char *term;
	size_t n = 0, row = 0, cut;

	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT term FROM search_term"
	    " WHERE length(term) < 100", -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (row++ % 37 != 0)
			continue;
		term = (const char *)sqlite3_column_text(stmt, 0);
		buf_reset(&expr);
		buf_printf(&expr, "\"%s\"", term);
		assert_words_equal(c, w, expr.data, len);
		buf_printf(&expr, "*");
		assert_words_equal(c, w, expr.data, len);
		for (cut = 1; cut < strlen(term) && cut <= 6; cut++) {
			if ((term[cut] & 0xc0) == 0x80)
				continue;   /* inside a character */
			buf_reset(&expr);
			buf_printf(&expr, "\"%.*s\"*", (int)cut, term);
			assert_words_equal(c, w, expr.data, len);
		}
		buf_reset(&expr);
		buf_printf(&expr, "\"%s\"* AND (\"%s\" OR \"zzzz\"*)", previous, term);
		assert_words_equal(c, w, expr.data, len);
		snprintf(previous, sizeof previous, "%s", term);
		n++;
	}
	sqlite3_finalize(stmt);
	buf_free(&expr);
	return n;
}

/* Expressions the words in memory leave to FTS5. */
static void
assert_left_to_fts5(struct wordindex *w)
{
	static const char *const others[] = {
		"", "\"no such phrase\"", "\"food bank\"*", "\"say \"\"hi\"\"\"", "\"\"",
		"\"a\" OR \"b\"", "NEAR(\"a\" \"b\")", "(\"a\" OR \"b\"", "\"a\" AND", "\"a\" NOT \"b\"",
		"a", "(\"a\" AND \"b\")", NULL
	};
	struct reported r = { NULL, NULL, 0 };
	size_t i;

	for (i = 0; others[i] != NULL; i++)
		if (wordindex_search(w, others[i], record_match, &r) != 0)
			fail_msg("%s: evaluated in memory", others[i]);
}

/* A build asked to give up (as serve's thread is when the server stops) stops with a
** message and holds nothing: the words, and the whole image. */
static void
assert_build_gives_up(struct dbconn *c, const struct synonyms *syn,
    const struct relevance_lengths *len)
{
	struct wordindex *w = NULL;
	struct snapshot *snap = NULL;
	atomic_int cancel;
	char err[300];

	atomic_init(&cancel, 1);
	assert_int_equal(wordindex_build(c, syn, len, (size_t)len->max_id + 1, &cancel, &w, err,
	    sizeof err), -1);
	assert_null(w);
	assert_string_equal(err, "cancelled");
	assert_int_equal(snapshot_build(c, syn, &cancel, &snap, err, sizeof err), -1);
	assert_null(snap);
	assert_string_equal(err, "cancelled");
}

/* The word index gives exactly FTS5's matches and bm25()'s doubles: for every synonym
** group, typed words with and without groups, and a sample of the vocabulary. */
static void
test_words_in_memory_are_bm25(void **state)
{
	static const char *const typed[] = {
		"clinique", "food bank", "walk-in clinic", "cours de français", "aide juridique",
		"femmes montreal", "banque alimentaire logement", "Médecins du monde", "a", "zzzzqqq",
		"quartier centre aide", "عيادة", "coopérative d'habitation", NULL
	};
	struct fixture *f = *state;
	struct relevance_lengths len;
	struct wordindex *w;
	struct dbconn c = { 0 };
	struct buf expr = BUF_INIT;
	uint32_t *number_of, *tokens;
	char err[300];
	size_t i;

	create_generated(f, 1500);
	assert_int_equal(db_open(f->path, DB_READONLY, &c, err, sizeof err), 0);
	lengths_of(&c, &len, &number_of, &tokens, 1);
	if (wordindex_build(&c, f->syn, &len, (size_t)len.max_id + 1, NULL, &w, err,
	    sizeof err) != 0)
		fail_msg("wordindex_build: %s", err);
	assert_true(wordindex_bytes(w) > 0);
	for (i = 0; typed[i] != NULL; i++) {
		expr_of(f->syn, typed[i], &expr);
		assert_words_equal(&c, w, expr.data, &len);
	}
	assert_true(assert_vocabulary_equal(&c, w, &len) > 150);
	assert_left_to_fts5(w);
	buf_free(&expr);
	wordindex_free(w);
	assert_build_gives_up(&c, f->syn, &len);
	free(number_of);
	free(tokens);
	db_close(&c);
}

/* A save moves the generation; the keeper's image follows it. */
static void
test_saves_move_the_generation(void **state)
{
	struct fixture *f = *state;
	struct snapshot_keeper k;
	struct snapshot *snap;
	struct dbconn reader = { 0 }, writer = { 0 };
	sqlite3_stmt *stmt;
	json_t *record;
	char err[600];
	int64_t before, after;

	if (testdb_create(f->path, testsrv_all_fixtures, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(db_open(f->path, DB_READONLY, &reader, err, sizeof err), 0);
	assert_int_equal(db_open(f->path, DB_READWRITE, &writer, err, sizeof err), 0);
	assert_int_equal(keeper_start(&k, f->path, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(keeper_wait(&k, &reader), 0);
	snap = keeper_current(&k, &reader);
	assert_non_null(snap);
	before = snapshot_generation(snap);
	snapshot_release(snap);

	/* Save the first organization again, as an editor's save would. */
	assert_int_equal(sqlite3_prepare_v2(writer.db,
	    "SELECT record FROM organization_document ORDER BY org_id LIMIT 1", -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	record = json_loads((const char *)sqlite3_column_text(stmt, 0), 0, NULL);
	sqlite3_finalize(stmt);
	assert_non_null(record);
	assert_int_equal(db_exec(&writer, "BEGIN", err, sizeof err), 0);
	if (store_put(&writer, &f->places, record, err, sizeof err) != 0)
		fail_msg("store_put: %s", err);
	assert_int_equal(db_exec(&writer, "COMMIT", err, sizeof err), 0);
	assert_int_equal(snapshot_read_generation(&reader, &after), 0);
	assert_true(after > before);

	/* The old image is not current any more; the keeper builds the new one. */
	assert_null(keeper_current(&k, &reader));
	assert_int_equal(keeper_wait(&k, &reader), 0);
	snap = keeper_current(&k, &reader);
	assert_non_null(snap);
	assert_int_equal(snapshot_generation(snap), after);
	snapshot_release(snap);
	keeper_stop(&k);
	json_decref(record);
	db_close(&reader);
	db_close(&writer);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fixtures_answer_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relevance_is_bm25, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_in_memory_are_bm25, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_directory_answers_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties_are_broken_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saves_move_the_generation, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
