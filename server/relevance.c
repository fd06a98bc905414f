/*
** relevance.c - the sd_relevance FTS5 auxiliary function (see relevance.h).
**
** Okapi BM25 as FTS5 defines it (k1 = 1.2, b = 0.75): for each phrase of the query, its
** inverse document frequency log((N - hits + 0.5) / (hits + 0.5)) (at least 1e-6) times
** f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)), where f sums the weights of the
** columns of the phrase's instances in the row and D is the row's length in tokens; the
** result is minus the sum. Every operation is done in bm25()'s order, so the two give the
** same double. What is per query (averages, frequencies, weights) is computed on the
** first row and kept as the query's auxiliary data.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "relevance.h"

#define K1 1.2
#define B  0.75

struct query_data {
	int     nphrases;
	int     ncolumns;
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

/* The query's data, made on its first row. SQLITE_OK with *out set, or an error code. */
static int
query_data(const Fts5ExtensionApi *api, Fts5Context *fts, int nval, sqlite3_value **val,
    struct query_data **out)
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
		q->weight[i] = i + 1 < nval ? sqlite3_value_double(val[i + 1]) : 1.0;
	if ((rc = api->xRowCount(fts, &nrows)) == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntokens);
	q->avgdl = (double)ntokens / (double)nrows;
	for (i = 0; rc == SQLITE_OK && i < nphrases; i++) {
		hits = 0;
		rc = api->xQueryPhrase(fts, i, &hits, count_row);
		q->idf[i] = log((nrows - hits + 0.5) / (hits + 0.5));
		if (q->idf[i] <= 0.0)
			q->idf[i] = 1e-6;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	if (rc == SQLITE_OK)
		*out = q;
	return rc;
}

/* The current row's length in tokens: from lengths when it holds the row, else FTS5's. */
static int
row_tokens(const Fts5ExtensionApi *api, Fts5Context *fts, const struct relevance_lengths *len,
    int *tokens)
{
	sqlite3_int64 rowid;
	uint32_t at;

	if (len != NULL) {
		rowid = api->xRowid(fts);
		if (rowid >= 0 && rowid <= len->max_id && (at = len->number_of[rowid]) != 0 &&
		    len->tokens[at - 1] != RELEVANCE_UNKNOWN) {
			*tokens = (int)len->tokens[at - 1];
			return SQLITE_OK;
		}
	}
	return api->xColumnSize(fts, -1, tokens);
}

static void
sd_relevance(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
    sqlite3_value **val)
{
	const struct relevance_lengths *len = nval > 0 ?
	    sqlite3_value_pointer(val[0], RELEVANCE_LENGTHS_TYPE) : NULL;
	struct query_data *q;
	int i, ninst = 0, phrase, column, offset, tokens = 0, rc;
	double score = 0.0, d;

	if ((rc = query_data(api, fts, nval, val, &q)) == SQLITE_OK) {
		memset(q->freq, 0, sizeof(double) * (size_t)q->nphrases);
		rc = api->xInstCount(fts, &ninst);
	}
	for (i = 0; rc == SQLITE_OK && i < ninst; i++)
		if ((rc = api->xInst(fts, i, &phrase, &column, &offset)) == SQLITE_OK)
			q->freq[phrase] += column < q->ncolumns ? q->weight[column] : 1.0;
	if (rc == SQLITE_OK)
		rc = row_tokens(api, fts, len, &tokens);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	d = (double)tokens;
	for (i = 0; i < q->nphrases; i++)
		score += q->idf[i] * ((q->freq[i] * (K1 + 1.0)) /
		    (q->freq[i] + K1 * (1 - B + B * d / q->avgdl)));
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
