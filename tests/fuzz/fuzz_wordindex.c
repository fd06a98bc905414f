/*
** fuzz_wordindex.c - libFuzzer harness for wordindex.c: the words in memory match and
** rank exactly as FTS5 does, whatever expression they are given.
**
** A directory of a dozen documents (accents, Arabic, words repeated in heavy columns, the
** synonym phrases) is indexed once. Each input is tried as a MATCH expression as it is,
** and as typed text through searchterms.c (with and without synonyms). Whenever
** wordindex_search says it evaluated an expression, FTS5 must accept it and give the same
** matches, each with the same bm25() double to the bit; the expressions searchterms.c
** writes must all be evaluated.
**
**   make fuzz FUZZ_SECONDS=60   (builds build-fuzz/fuzz_wordindex among the others)
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "relevance.h"
#include "searchterms.h"
#include "wordindex.h"

#define MAX_ROWID 16

static const char fuzz_synonyms_json[] =
	"{\"groups\": [[\"food bank\", \"nourriture\", \"banque alimentaire\"],"
	" [\"médecin\", \"doctor\", \"clinique\", \"walk-in clinic\"],"
	" [\"cours de français\", \"french\"]]}";

/* name, alternate names, description, services, categories, places */
static const char sql_documents[] =
	"INSERT INTO search_index (rowid, name, alternate_names, description, services,"
	" categories, places) VALUES"
	" (1, 'banque alimentaire', 'food bank', 'nourriture nourriture nourriture', 'repas',"
	"  'food', 'verdun'),"
	" (2, 'medecins du monde', 'clinique', 'walk in clinic walk in clinic', 'doctor',"
	"  'health', 'montreal'),"
	" (3, 'cours de francais', 'french french', 'cours cours de de francais', 'classes',"
	"  'education', 'montreal'),"
	" (5, 'عيادة', 'بنك الطعام', 'عيادة عيادة', 'طبيب', 'health', 'parc extension'),"
	" (6, 'œuvre', 'straße łodz', 'food food food food food food food food', 'a b c',"
	"  'community', 'montreal nord'),"
	" (8, 'clinic', '', 'banque', 'food bank bank food', 'food health', ''),"
	" (9, 'x', 'x', 'x x x x x x x x x x x x x x x x x x x x', 'x', 'x', 'x'),"
	" (12, 'nourriture', 'nourrir', 'nourrissant nourri', 'frances francais', 'food', ''),"
	" (16, 'walk', 'in', 'clinic', 'walk in', 'clinique', 'walk-in')";

static const char sql_bm25[] =
	"SELECT rowid, bm25(search_index, " RELEVANCE_WEIGHTS ")"
	" FROM search_index WHERE search_index MATCH ?1";

/* Everything the harness keeps between inputs. */
static struct {
	struct dbconn            c;
	struct synonyms         *syn;
	struct wordindex        *words;
	struct relevance_lengths len;
	uint32_t                 number_of[MAX_ROWID + 1];
	uint32_t                 tokens[MAX_ROWID + 1];
	char                     path[64];
} fuzz;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_wordindex: %s: %s\n", what, detail);
	abort();
}

/* Every document of the index held as itself, with its length. */
static void
hold_every_document(void)
{
	sqlite3_stmt *stmt;
	int64_t id;

	if (sqlite3_prepare_v2(fuzz.c.db, "SELECT id, sz FROM search_index_docsize", -1, &stmt,
	    NULL) != SQLITE_OK)
		die("docsize", sqlite3_errmsg(fuzz.c.db));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		if (id < 0 || id > MAX_ROWID)
			die("docsize", "rowid out of range");
		fuzz.tokens[id] = (uint32_t)relevance_doc_tokens(sqlite3_column_blob(stmt, 1),
		    sqlite3_column_bytes(stmt, 1));
		fuzz.number_of[id] = (uint32_t)id + 1;
	}
	sqlite3_finalize(stmt);
	fuzz.len.max_id = MAX_ROWID;
	fuzz.len.number_of = fuzz.number_of;
	fuzz.len.tokens = fuzz.tokens;
}

/* Make the directory and its words, once (tests/fuzz/replay.c has no
** LLVMFuzzerInitialize). The database lives in a file removed at once. */
static void
setup(void)
{
	char err[300];
	json_t *root;
	int fd;

	if (fuzz.words != NULL)
		return;
	snprintf(fuzz.path, sizeof fuzz.path, "/tmp/fuzz-wordindex-XXXXXX");
	if ((fd = mkstemp(fuzz.path)) < 0)
		die("setup", "mkstemp");
	close(fd);
	unlink(fuzz.path);
	if (db_open(fuzz.path, DB_CREATE, &fuzz.c, err, sizeof err) != 0 ||
	    db_migrate(&fuzz.c, NULL, NULL, err, sizeof err) != 0 ||
	    db_exec(&fuzz.c, sql_documents, err, sizeof err) != 0)
		die("setup", err);
	unlink(fuzz.path);
	hold_every_document();
	root = json_loads(fuzz_synonyms_json, 0, NULL);
	fuzz.syn = synonyms_load(root, err, sizeof err);
	json_decref(root);
	if (fuzz.syn == NULL)
		die("synonyms", err);
	if (wordindex_build(&fuzz.c, fuzz.syn, &fuzz.len, MAX_ROWID + 1, NULL, &fuzz.words, err,
	    sizeof err) != 0)
		die("wordindex_build", err);
}

struct reported {
	double score[MAX_ROWID + 1];
	int    seen[MAX_ROWID + 1];
	int    n;
};

static void
record_match(void *ctx, uint32_t entry, double relevance)
{
	struct reported *r = ctx;

	if (entry > MAX_ROWID || r->seen[entry])
		die("match", "an entry out of range, or twice");
	r->seen[entry] = 1;
	r->score[entry] = relevance;
	r->n++;
}

/* FTS5's matches of expr must be exactly r's, with the same doubles. */
static void
compare_with_fts5(const char *expr, const struct reported *r)
{
	sqlite3_stmt *stmt;
	int64_t rowid;
	double score;
	int n = 0, rc;

	if (sqlite3_prepare_v2(fuzz.c.db, sql_bm25, -1, &stmt, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(fuzz.c.db));
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rowid = sqlite3_column_int64(stmt, 0);
		score = sqlite3_column_double(stmt, 1);
		if (rowid < 0 || rowid > MAX_ROWID || !r->seen[rowid] ||
		    memcmp(&score, &r->score[rowid], sizeof score) != 0)
			die("a match differs from FTS5's", expr);
		n++;
	}
	if (rc != SQLITE_DONE)
		die("FTS5 refused an expression the words evaluated", expr);
	if (n != r->n)
		die("the words matched more than FTS5", expr);
	sqlite3_finalize(stmt);
}

/* Evaluate expr in memory; 1 if it was. */
static int
check(const char *expr)
{
	struct reported r;
	int rc;

	memset(&r, 0, sizeof r);
	rc = wordindex_search(fuzz.words, expr, record_match, &r);
	if (rc < 0)
		die("wordindex_search", "out of memory");
	if (rc == 0 && r.n != 0)
		die("matches reported for an expression left to FTS5", expr);
	if (rc == 1)
		compare_with_fts5(expr, &r);
	return rc;
}

/* The input as typed text, with and without synonyms: always evaluated in memory. */
static void
check_typed(const char *text, size_t len)
{
	struct buf expr = BUF_INIT;
	json_t *words;
	int with;

	if (searchterms_words(text, len, &words) != 0)
		die("searchterms_words", "failed");
	for (with = 0; with < 2; with++) {
		buf_reset(&expr);
		if (searchterms_expr(words, with ? fuzz.syn : NULL, &expr) != 0)
			die("searchterms_expr", "failed");
		if (expr.len > 0 && check(expr.data) != 1)
			die("an expression searchterms.c wrote was left to FTS5", expr.data);
	}
	buf_free(&expr);
	json_decref(words);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	setup();
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (memchr(data, '\0', size) == NULL)
		check(text);
	check_typed(text, size);
	free(text);
	return 0;
}
