/*
** relevance.c - the sd_relevance FTS5 auxiliary function (see relevance.h).
**
** Okapi BM25 as FTS5 defines it (k1 = 1.2, b = 0.75): for each phrase of the query, its
** inverse document frequency log((N - hits + 0.5) / (hits + 0.5)) (at least 1e-6) times
** f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)), where f sums the weights of the
** columns of the phrase's instances in the row and D is the row's length in tokens; the
** result is minus the sum. Every operation is done in bm25()'s order, so the two give the
** same double. What is per query (averages, idf, weights) is computed on the first row
** and kept as the query's auxiliary data; when gathering, the idf waits for the last.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "relevance.h"

#define K1 RELEVANCE_K1
#define B  0.75
#define FIRST_WEIGHT 2   /* the arguments: lengths, gather, then the weights */

struct query_data {
	int     nphrases;
	int     ncolumns;
	sqlite3_int64 nrows; /* documents in the index */
	double  avgdl;       /* average document length in tokens */
	double *idf;         /* per phrase */
	double *freq;        /* per phrase, for the current row */
	double *weight;      /* per column */
};

static int
count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

double
relevance_idf(int64_t nrows, int64_t hits)
{
	double idf = log((nrows - hits + 0.5) / (hits + 0.5));

	return idf <= 0.0 ? 1e-6 : idf;
}

/* The query's data, made on its first row; the phrases' idf only when with_idf.
** SQLITE_OK with *out set, or an error code. */
static int
query_data(const Fts5ExtensionApi *api, Fts5Context *fts, int nval, sqlite3_value **val,
    int with_idf, struct query_data **out)
{
	struct query_data *q = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrows = 0, ntokens = 0, hits;
	int i, rc, nphrases, ncolumns;

	if ((*out = q) != NULL)
		return SQLITE_OK;
	nphrases = api->xPhraseCount(fts);
	ncolumns = api->xColumnCount(fts);
	q = sqlite3_malloc64(sizeof *q + sizeof(double) * (2 * (size_t)nphrases + (size_t)ncolumns));
	if (q == NULL)
		return SQLITE_NOMEM;
	q->nphrases = nphrases;
	q->ncolumns = ncolumns;
	q->idf = (double *)(q + 1);
	q->freq = q->idf + nphrases;
	q->weight = q->freq + nphrases;
	for (i = 0; i < ncolumns; i++)
		q->weight[i] = i + FIRST_WEIGHT < nval ? sqlite3_value_double(val[i + FIRST_WEIGHT]) : 1.0;
	if ((rc = api->xRowCount(fts, &nrows)) == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntokens);
	q->nrows = nrows;
	q->avgdl = (double)ntokens / (double)nrows;
	for (i = 0; rc == SQLITE_OK && i < nphrases; i++) {
		hits = 0;
		if (with_idf)
			rc = api->xQueryPhrase(fts, i, &hits, count_row);
		q->idf[i] = relevance_idf(nrows, hits);
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	if (rc == SQLITE_OK)
		*out = q;
	return rc;
}

/* The current row's entry in lengths + 1, or 0 when lengths does not hold it. */
static uint32_t
held(const Fts5ExtensionApi *api, Fts5Context *fts, const struct relevance_lengths *len)
{
	sqlite3_int64 rowid;

	if (len == NULL)
		return 0;
	rowid = api->xRowid(fts);
	return rowid >= 0 && rowid <= len->max_id ? len->number_of[rowid] : 0;
}

/* The current row's length in tokens: from lengths at entry at - 1 when it is known
** there, else FTS5's. */
static int
row_tokens(const Fts5ExtensionApi *api, Fts5Context *fts, const struct relevance_lengths *len,
    uint32_t at, int *tokens)
{
	if (at != 0 && len->tokens[at - 1] != RELEVANCE_UNKNOWN) {
		*tokens = (int)len->tokens[at - 1];
		return SQLITE_OK;
	}
	return api->xColumnSize(fts, -1, tokens);
}

/* Each phrase's weighted frequency in the current row, into q->freq: its instances are
** walked phrase by phrase (xPhraseFirst), which costs less than FTS5 merging all phrases'
** instances into one list (xInst), and adds the same weights: whole numbers
** (RELEVANCE_WEIGHTS), whose sums do not depend on their order. */
static int
row_freqs(const Fts5ExtensionApi *api, Fts5Context *fts, struct query_data *q)
{
	Fts5PhraseIter iter;
	int phrase, column, offset, rc;
	double freq;

	for (phrase = 0; phrase < q->nphrases; phrase++) {
		if ((rc = api->xPhraseFirst(fts, phrase, &iter, &column, &offset)) != SQLITE_OK)
			return rc;
		for (freq = 0; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset))
			freq += column < q->ncolumns ? q->weight[column] : 1.0;
		q->freq[phrase] = freq;
	}
	return SQLITE_OK;
}

double
relevance_doc_norm(double tokens, double avgdl)
{
	return K1 * (1 - B + B * tokens / avgdl);
}

double
relevance_phrase_score(double idf, double freq, double tokens, double avgdl)
{
	return relevance_phrase_part(idf, freq, relevance_doc_norm(tokens, avgdl));
}

int64_t
relevance_doc_tokens(const void *sz, int n)
{
	const unsigned char *p = sz;
	int64_t sum = 0;
	uint64_t v;
	int i = 0, k;

	while (i < n) {
		v = 0;
		for (k = 0; k < 8 && i < n && (p[i] & 0x80); k++)
			v = (v << 7) | (p[i++] & 0x7f);
		if (i == n)
			return -1;
		v = k == 8 ? (v << 8) | p[i++] : (v << 7) | p[i++];
		if (v > INT32_MAX || (sum += (int64_t)v) > INT32_MAX)
			return -1;
	}
	return sum;
}

/* ---- gathering ------------------------------------------------------------------- */

static int
gather_start(struct relevance_gather *g, const struct query_data *q)
{
	g->nphrases = q->nphrases;
	g->nrows = q->nrows;
	g->avgdl = q->avgdl;
	g->hits = calloc(q->nphrases > 0 ? (size_t)q->nphrases : 1, sizeof *g->hits);
	return g->hits == NULL ? -1 : 0;
}

static int
grow(void **array, size_t size, size_t cap)
{
	void *p = realloc(*array, cap * size);

	if (p == NULL)
		return -1;
	*array = p;
	return 0;
}

/* Room for one more row and q->nphrases more terms. */
static int
gather_room(struct relevance_gather *g, int nphrases)
{
	size_t cap;

	if (g->n + 1 >= g->cap) {
		cap = g->cap ? g->cap * 2 : 1024;
		if (grow((void **)&g->number, sizeof *g->number, cap) != 0 ||
		    grow((void **)&g->tokens, sizeof *g->tokens, cap) != 0 ||
		    grow((void **)&g->first, sizeof *g->first, cap + 1) != 0)
			return -1;
		g->cap = cap;
	}
	if (g->nterms + (size_t)nphrases > g->termcap) {
		cap = (g->termcap ? g->termcap * 2 : 1024) + (size_t)nphrases;
		if (grow((void **)&g->terms, sizeof *g->terms, cap) != 0)
			return -1;
		g->termcap = cap;
	}
	return 0;
}

/* Count the row's phrases; keep the row when lengths holds it. */
static int
gather_row(struct relevance_gather *g, const struct query_data *q, uint32_t at, int tokens)
{
	int i;

	if (g->hits == NULL && gather_start(g, q) != 0)
		return -1;
	for (i = 0; i < q->nphrases; i++)
		g->hits[i] += q->freq[i] > 0.0;
	if (at == 0)
		return 0;
	if (gather_room(g, q->nphrases) != 0)
		return -1;
	g->number[g->n] = at - 1;
	g->tokens[g->n] = (uint32_t)tokens;
	g->first[g->n] = (uint32_t)g->nterms;
	for (i = 0; i < q->nphrases; i++)
		if (q->freq[i] > 0.0) {
			g->terms[g->nterms].phrase = i;
			g->terms[g->nterms].freq = q->freq[i];
			g->nterms++;
		}
	g->n++;
	return 0;
}

int
relevance_gather_rank(struct relevance_gather *g)
{
	double *idf, score, d;
	size_t r, t;
	int i;

	if (g->failed)
		return -1;
	if (g->n == 0)
		return 0;
	g->first[g->n] = (uint32_t)g->nterms;
	idf = malloc((size_t)g->nphrases * sizeof *idf);
	g->score = malloc(g->n * sizeof *g->score);
	if (idf == NULL || g->score == NULL) {
		free(idf);
		return -1;
	}
	for (i = 0; i < g->nphrases; i++)
		idf[i] = relevance_idf(g->nrows, g->hits[i]);
	for (r = 0; r < g->n; r++) {
		/* Phrases absent from the row add 0.0 to bm25()'s sum: leaving them out gives
		** the same double. */
		score = 0.0;
		d = (double)g->tokens[r];
		for (t = g->first[r]; t < g->first[r + 1]; t++)
			score += relevance_phrase_score(idf[g->terms[t].phrase], g->terms[t].freq, d,
			    g->avgdl);
		g->score[r] = -1.0 * score;
	}
	free(idf);
	return 0;
}

void
relevance_gather_free(struct relevance_gather *g)
{
	free(g->number);
	free(g->score);
	free(g->tokens);
	free(g->first);
	free(g->terms);
	free(g->hits);
	memset(g, 0, sizeof *g);
}

/* ---- the function ---------------------------------------------------------------- */

static void
sd_relevance(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
    sqlite3_value **val)
{
	const struct relevance_lengths *len = nval > 0 ?
	    sqlite3_value_pointer(val[0], RELEVANCE_LENGTHS_TYPE) : NULL;
	struct relevance_gather *g = nval > 1 ?
	    sqlite3_value_pointer(val[1], RELEVANCE_GATHER_TYPE) : NULL;
	struct query_data *q;
	uint32_t at = held(api, fts, len);
	int i, tokens = 0, rc;
	double score = 0.0;

	/* A row gathered only to be counted needs no length. */
	if ((rc = query_data(api, fts, nval, val, g == NULL, &q)) == SQLITE_OK &&
	    (rc = row_freqs(api, fts, q)) == SQLITE_OK && (g == NULL || at != 0))
		rc = row_tokens(api, fts, len, at, &tokens);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	if (g != NULL) {
		if (gather_row(g, q, at, tokens) != 0) {
			g->failed = 1;
			sqlite3_result_error_nomem(ctx);
		}
		return;
	}
	for (i = 0; i < q->nphrases; i++)
		score += relevance_phrase_score(q->idf[i], q->freq[i], (double)tokens, q->avgdl);
	sqlite3_result_double(ctx, -1.0 * score);
}

/* The FTS5 API of db, or NULL. */
static fts5_api *
fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return api;
}

int
relevance_register(sqlite3 *db)
{
	fts5_api *api = fts5_of(db);

	if (api == NULL)
		return SQLITE_ERROR;
	return api->xCreateFunction(api, "sd_relevance", NULL, sd_relevance, NULL);
}
