/*
** wordindex.c - the search index's words in memory: building them from the index, and
** matching and ranking a search's words on them (see wordindex.h).
**
** Each term's postings are its documents in rowid order, each written as one varint
** holding the rowid's distance from the previous one shifted left by 3, with the
** weighted count in the low 3 bits, and when that count is 7 or more, a second varint
** holding the rest. At 100k organizations most postings take one byte. Postings live in
** blocks of 1 MiB (a long list gets a block of its own), so the build never copies a
** growing array.
**
** A search walks each phrase's postings (every term a prefix query covers, summed per
** document as FTS5 sums a prefix query's instances), counts the documents the phrase
** matches, adds its part to each document's score in the query's phrase order, and marks
** which of the AND-ed groups the document satisfies. A phrase of one list (a term, or a
** phrase of several words) is scored as it is read: each list keeps how many documents
** it holds. A search's arrays, and the documents' norms, are by rowid, so that they are
** read in the postings' order and a posting is scored without a lookup; the documents any
** phrase matched are marked in a bit set, from which the matches the lengths hold (a
** second bit set) are taken.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wordindex.h"

#define BLOCK_BYTES  ((size_t)1 << 20)
#define OWN_BLOCK    (BLOCK_BYTES / 16)   /* postings longer than this get their own */
#define MAX_PHRASES  512
#define MAX_GROUPS   16                   /* bits of a document's group mask */
#define LOW_COUNT    7                    /* counts from this up take a second varint */

struct postings {
	const unsigned char *at;
	uint32_t             size;   /* bytes */
	uint32_t             docs;   /* documents listed */
};

struct work;   /* a search's arrays (below) */

struct phrase {
	char           *text;   /* the synonym phrase's folded words, one space apart */
	struct postings list;
};

struct wordindex {
	size_t           nterms, termcap;
	char            *text;       /* every term, each followed by a NUL, in index order */
	size_t           textlen, textcap;
	uint32_t        *term_at;    /* each term's offset in text */
	uint32_t        *term_len;   /* and length */
	struct postings *lists;      /* each term's postings */
	size_t           nphrases, phrasecap;
	struct phrase   *phrases;    /* sorted by text */
	unsigned char  **blocks;     /* every block of postings (owned) */
	size_t           nblocks, blockcap;
	size_t           block_used; /* bytes taken in the last shared block */
	unsigned char   *shared;     /* the block lists are being put in, or NULL */
	int64_t          nrows;      /* documents in the index */
	int64_t          ntokens;    /* their tokens, all columns */
	int64_t          max_rowid;  /* the highest rowid of a posting, -1 when none */
	double           avgdl;
	const struct relevance_lengths *len;   /* the documents searches report */
	size_t           ndocs;      /* entries in len */
	size_t           rows;       /* max_rowid + 1: the length of the arrays by rowid */
	uint64_t        *reported;   /* by rowid, a bit set: the document is in len */
	uint32_t        *doc_at;     /* by rowid: the document's entry in len, if reported */
	double          *norm;       /* by rowid: the document's length against avgdl */
	size_t           bytes;
	const atomic_int *cancel;    /* while building: give up when non-zero (or NULL) */
	pthread_mutex_t  idle_lock;  /* guards idle, the one thing searches change */
	struct work     *idle;       /* work areas between searches */
};

static void work_free(struct work *k);   /* and the ones stacked after it */

static const char sql_instances[] = "SELECT term, doc, col FROM search_instances";
static const char sql_rows[] = "SELECT count(*) FROM search_index_docsize";
static const char sql_matches[] = RELEVANCE_MATCH_SQL;

/* ---- postings ----------------------------------------------------------------------- */

static size_t
put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

static const unsigned char *
get_varint(const unsigned char *p, uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;

	while (*p & 0x80) {
		x |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = x | (uint64_t)*p++ << shift;
	return p;
}

/* Read the posting at p of a list whose previous rowid is *rowid: *rowid becomes its
** rowid and *count its count. The position after it. */
static const unsigned char *
get_posting(const unsigned char *p, uint64_t *rowid, uint64_t *count)
{
	uint64_t v;

	if (*p < 0x80)	/* most postings: one byte */
		v = *p++;
	else
		p = get_varint(p, &v);
	*rowid += v >> 3;
	if ((*count = v & LOW_COUNT) == LOW_COUNT) {
		p = get_varint(p, count);
		*count += LOW_COUNT;
	}
	return p;
}

/* A list being written: its bytes, the last rowid in it (-1: none yet) and how many. */
struct list_writer {
	struct buf bytes;
	int64_t    last;
	uint32_t   docs;
};

/* Append (rowid, count); rowids must rise. 0, or -1 (out of order, or out of memory). */
static int
list_add(struct list_writer *lw, int64_t rowid, uint64_t count)
{
	unsigned char tmp[24];
	uint64_t low = count < LOW_COUNT ? count : LOW_COUNT;
	size_t n;

	if (rowid < 0 || rowid <= lw->last || count == 0 || lw->docs == UINT32_MAX)
		return -1;
	n = put_varint(tmp, (uint64_t)(rowid - (lw->last < 0 ? 0 : lw->last)) << 3 | low);
	if (low == LOW_COUNT)
		n += put_varint(tmp + n, count - LOW_COUNT);
	lw->last = rowid;
	lw->docs++;
	return buf_append(&lw->bytes, tmp, n);
}

/* Keep block (may be NULL) among the index's blocks; block, or NULL. */
static unsigned char *
keep_block(struct wordindex *w, unsigned char *block)
{
	unsigned char **grown;
	size_t cap;

	if (block != NULL && w->nblocks == w->blockcap) {
		cap = w->blockcap ? w->blockcap * 2 : 64;
		if ((grown = realloc(w->blocks, cap * sizeof *grown)) == NULL) {
			free(block);
			return NULL;
		}
		w->blocks = grown;
		w->blockcap = cap;
	}
	if (block != NULL)
		w->blocks[w->nblocks++] = block;
	return block;
}

/* Room for size bytes of postings, or NULL. */
static unsigned char *
take_room(struct wordindex *w, size_t size)
{
	unsigned char *p;

	if (size > OWN_BLOCK)
		return keep_block(w, malloc(size));
	if (w->shared == NULL || BLOCK_BYTES - w->block_used < size) {
		if ((w->shared = keep_block(w, malloc(BLOCK_BYTES))) == NULL)
			return NULL;
		w->block_used = 0;
	}
	p = w->shared + w->block_used;
	w->block_used += size;
	return p;
}

/* Store the written list into *list and empty the writer. 0, or -1 out of memory. */
static int
list_store(struct wordindex *w, struct list_writer *lw, struct postings *list)
{
	unsigned char *room;

	if (buf_failed(&lw->bytes) || lw->bytes.len > UINT32_MAX ||
	    (room = take_room(w, lw->bytes.len + 1)) == NULL)
		return -1;
	if (lw->bytes.len > 0)
		memcpy(room, lw->bytes.data, lw->bytes.len);
	list->at = room;
	list->size = (uint32_t)lw->bytes.len;
	list->docs = lw->docs;
	w->bytes += lw->bytes.len;
	if (lw->last > w->max_rowid)
		w->max_rowid = lw->last;
	buf_reset(&lw->bytes);
	lw->last = -1;
	lw->docs = 0;
	return 0;
}

/* ---- terms -------------------------------------------------------------------------- */

/* Order of a[0..alen) against b[0..blen), as FTS5 orders its terms (bytes). */
static int
compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

static int
grow_terms(struct wordindex *w)
{
	size_t cap = w->termcap ? w->termcap * 2 : 4096;
	uint32_t *at = realloc(w->term_at, cap * sizeof *at), *len;
	struct postings *lists;

	if (at == NULL)
		return -1;
	w->term_at = at;
	if ((len = realloc(w->term_len, cap * sizeof *len)) == NULL)
		return -1;
	w->term_len = len;
	if ((lists = realloc(w->lists, cap * sizeof *lists)) == NULL)
		return -1;
	w->lists = lists;
	w->termcap = cap;
	return 0;
}

/* Add term[0..len), which must come after the last one. 0, or -1. */
static int
add_term(struct wordindex *w, const char *term, size_t len)
{
	size_t n = w->nterms, cap;
	char *grown;

	if (n > 0 && compare_bytes(w->text + w->term_at[n - 1], w->term_len[n - 1], term,
	    len) >= 0)
		return -1;
	if (w->textlen + len + 1 > UINT32_MAX || (n == w->termcap && grow_terms(w) != 0))
		return -1;
	if (w->textlen + len + 1 > w->textcap) {
		cap = (w->textcap ? w->textcap * 2 : 65536) + len;
		if ((grown = realloc(w->text, cap)) == NULL)
			return -1;
		w->text = grown;
		w->textcap = cap;
	}
	memcpy(w->text + w->textlen, term, len);
	w->text[w->textlen + len] = '\0';
	w->term_at[n] = (uint32_t)w->textlen;
	w->term_len[n] = (uint32_t)len;
	w->lists[n].at = NULL;
	w->lists[n].size = 0;
	w->lists[n].docs = 0;
	w->textlen += len + 1;
	w->nterms++;
	return 0;
}

static int
is_last_term(const struct wordindex *w, const char *term, size_t len)
{
	size_t n = w->nterms;

	return n > 0 && w->term_len[n - 1] == len &&
	    memcmp(w->text + w->term_at[n - 1], term, len) == 0;
}

/* The first term not before key[0..len). */
static size_t
lower_bound(const struct wordindex *w, const char *key, size_t len)
{
	size_t lo = 0, hi = w->nterms, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (compare_bytes(w->text + w->term_at[mid], w->term_len[mid], key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- building from the index's instances --------------------------------------------- */

/* The weight of the column named col[0..len), or 0 for a column the weights do not name. */
static int
column_weight(const char *col, size_t len)
{
	static const struct {
		const char *name;
		int         weight;
	} columns[] = RELEVANCE_COLUMNS;
	size_t i;

	for (i = 0; i < sizeof columns / sizeof columns[0]; i++)
		if (strlen(columns[i].name) == len && memcmp(columns[i].name, col, len) == 0)
			return columns[i].weight;
	return 0;
}

/* Where reading the instances has got to: the current term's list, and the document
** whose instances are being counted (-1: none). */
struct reading {
	struct list_writer lw;
	int64_t            doc;
	uint64_t           count;
};

/* Close the current document, then the current term. 0, or -1. */
static int
end_term(struct wordindex *w, struct reading *r)
{
	if (w->nterms == 0)
		return 0;
	if (list_add(&r->lw, r->doc, r->count) != 0)
		return -1;
	return list_store(w, &r->lw, &w->lists[w->nterms - 1]);
}

/* One instance: term, document, column. 0, or -1 with a message. */
static int
take_instance(struct wordindex *w, struct reading *r, sqlite3_stmt *stmt, char *err,
    size_t errlen)
{
	const char *term = (const char *)sqlite3_column_text(stmt, 0);
	size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
	int64_t doc = sqlite3_column_int64(stmt, 1);
	int weight = column_weight((const char *)sqlite3_column_text(stmt, 2),
	    (size_t)sqlite3_column_bytes(stmt, 2));

	if (term == NULL || weight == 0) {
		snprintf(err, errlen, "the search index holds an unknown column");
		return -1;
	}
	if (!is_last_term(w, term, len)) {
		if (end_term(w, r) != 0 || add_term(w, term, len) != 0)
			goto failed;
		r->doc = doc;
		r->count = 0;
	} else if (doc != r->doc) {
		if (list_add(&r->lw, r->doc, r->count) != 0)
			goto failed;
		r->doc = doc;
		r->count = 0;
	}
	r->count += (uint64_t)weight;
	w->ntokens++;
	return 0;
failed:
	snprintf(err, errlen, "reading the search index's terms failed (out of memory, or"
	    " not in order)");
	return -1;
}

/* 1 when the build was asked to give up, with a message. */
static int
cancelled(const struct wordindex *w, char *err, size_t errlen)
{
	if (w->cancel == NULL || atomic_load(w->cancel) == 0)
		return 0;
	snprintf(err, errlen, "cancelled");
	return 1;
}

static int
read_instances(struct dbconn *c, struct wordindex *w, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_instances, err, errlen);
	struct reading r = { { BUF_INIT, -1, 0 }, -1, 0 };
	int rc = SQLITE_ROW;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (take_instance(w, &r, stmt, err, errlen) != 0 ||
		    ((w->ntokens & 0xffff) == 0 && cancelled(w, err, errlen)))
			break;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE && end_term(w, &r) != 0) {
		snprintf(err, errlen, "out of memory");
		rc = SQLITE_NOMEM;
	}
	buf_free(&r.lw.bytes);
	if (rc == SQLITE_ROW || rc == SQLITE_NOMEM)
		return -1;
	if (rc != SQLITE_DONE)
		return db_failed(c, "reading the search index's terms", err, errlen);
	return 0;
}

static int
count_rows(struct dbconn *c, struct wordindex *w, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_rows, err, errlen);

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return db_failed(c, "counting the search index's documents", err, errlen);
	}
	w->nrows = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	w->avgdl = (double)w->ntokens / (double)w->nrows;
	return 0;
}

/* ---- building the synonym phrases ------------------------------------------------- */

/* What the phrases are read with: lengths holding every rowid of the index as itself, so
** that the gathered rows are rowids with their weighted counts. */
struct phrase_reading {
	struct wordindex        *w;
	struct dbconn           *c;
	struct relevance_lengths all;
	struct buf               expr;
	char                    *err;
	size_t                   errlen;
};

static int
add_phrase_entry(struct wordindex *w, const char *text, struct list_writer *lw)
{
	struct phrase *grown, *p;
	size_t cap;

	if (w->nphrases == w->phrasecap) {
		cap = w->phrasecap ? w->phrasecap * 2 : 64;
		if ((grown = realloc(w->phrases, cap * sizeof *grown)) == NULL)
			return -1;
		w->phrases = grown;
		w->phrasecap = cap;
	}
	p = &w->phrases[w->nphrases];
	if ((p->text = strdup(text)) == NULL)
		return -1;
	if (list_store(w, lw, &p->list) != 0) {
		free(p->text);
		return -1;
	}
	w->nphrases++;
	return 0;
}

/* The gathered rows as a list. 0, or -1. */
static int
gathered_list(const struct relevance_gather *g, struct list_writer *lw)
{
	size_t r, last;

	for (r = 0; r < g->n; r++) {
		last = r + 1 < g->n ? g->first[r + 1] : g->nterms;
		if (last != g->first[r] + 1 ||
		    list_add(lw, g->number[r], (uint64_t)g->terms[g->first[r]].freq) != 0)
			return -1;
	}
	return 0;
}

static int
read_phrase(void *ctx, const char *text)
{
	struct phrase_reading *pr = ctx;
	struct relevance_gather g;
	struct list_writer lw = { BUF_INIT, -1, 0 };
	sqlite3_stmt *stmt;
	int rc, failed;

	if (cancelled(pr->w, pr->err, pr->errlen))
		return -1;
	buf_reset(&pr->expr);
	buf_printf(&pr->expr, "\"%s\"", text);
	if (buf_failed(&pr->expr) ||
	    (stmt = dbconn_stmt(pr->c, sql_matches, pr->err, pr->errlen)) == NULL)
		return -1;
	memset(&g, 0, sizeof g);
	sqlite3_bind_text(stmt, 1, pr->expr.data, -1, SQLITE_STATIC);
	sqlite3_bind_pointer(stmt, 2, &pr->all, RELEVANCE_LENGTHS_TYPE, NULL);
	sqlite3_bind_pointer(stmt, 3, &g, RELEVANCE_GATHER_TYPE, NULL);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	failed = rc != SQLITE_DONE || g.failed || gathered_list(&g, &lw) != 0 ||
	    add_phrase_entry(pr->w, text, &lw) != 0;
	relevance_gather_free(&g);
	buf_free(&lw.bytes);
	if (failed)
		snprintf(pr->err, pr->errlen, "reading the synonym phrase \"%s\" failed", text);
	return failed ? -1 : 0;
}

static int
compare_phrases(const void *a, const void *b)
{
	return strcmp(((const struct phrase *)a)->text, ((const struct phrase *)b)->text);
}

static int
read_phrases(struct dbconn *c, struct wordindex *w, const struct synonyms *syn, char *err,
    size_t errlen)
{
	struct phrase_reading pr = { w, c, { 0, NULL, NULL }, BUF_INIT, err, errlen };
	size_t n = (size_t)(w->max_rowid + 1), i;
	uint32_t *map = malloc((n ? n : 1) * sizeof *map);
	uint32_t *zeros = calloc(n ? n : 1, sizeof *zeros);
	int rc = -1;

	if (map == NULL || zeros == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		map[i] = (uint32_t)i + 1;
	pr.all.max_id = w->max_rowid;
	pr.all.number_of = map;
	pr.all.tokens = zeros;
	rc = synonyms_each_phrase(syn, read_phrase, &pr);
	if (rc == 0 && w->nphrases > 0)
		qsort(w->phrases, w->nphrases, sizeof *w->phrases, compare_phrases);
done:
	buf_free(&pr.expr);
	free(map);
	free(zeros);
	return rc;
}

/* The instances and rows of the index. 0, or -1 with a message. */
static int
read_terms(struct dbconn *c, struct wordindex *w, char *err, size_t errlen)
{
	if (read_instances(c, w, err, errlen) != 0 || count_rows(c, w, err, errlen) != 0)
		return -1;
	if (w->max_rowid >= (int64_t)UINT32_MAX - 1) {
		snprintf(err, errlen, "the search index's rowids go past what the image holds");
		return -1;
	}
	return 0;
}

/* Each document of the lengths by its rowid, where the postings name it: its entry, its
** norm (its length against avgdl), and its bit among those reported, so that a search
** scores a posting where it lies and takes only the documents the lengths hold. Rowids
** beyond the last posting's are never matched. 0, or -1 with a message. */
static int
place_documents(struct wordindex *w, char *err, size_t errlen)
{
	const struct relevance_lengths *len = w->len;
	size_t rowid, placed = 0, rows = w->rows ? w->rows : 1;
	uint32_t at;

	w->reported = calloc(rows / 64 + 1, sizeof *w->reported);
	w->doc_at = calloc(rows, sizeof *w->doc_at);
	w->norm = calloc(rows, sizeof *w->norm);
	if (w->reported == NULL || w->doc_at == NULL || w->norm == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (rowid = 0; rowid < w->rows && len->max_id >= 0 &&
	    rowid <= (size_t)len->max_id && placed < w->ndocs; rowid++) {
		at = len->number_of[rowid];
		if (at == 0 || at > w->ndocs)
			continue;
		w->doc_at[rowid] = at - 1;
		w->norm[rowid] = relevance_doc_norm((double)len->tokens[at - 1], w->avgdl);
		w->reported[rowid / 64] |= (uint64_t)1 << (rowid % 64);
		placed++;
	}
	w->bytes += (rows / 64 + 1) * sizeof *w->reported +
	    rows * (sizeof *w->doc_at + sizeof *w->norm);
	return 0;
}

int
wordindex_build(struct dbconn *c, const struct synonyms *syn,
    const struct relevance_lengths *len, size_t ndocs, const atomic_int *cancel,
    struct wordindex **out, char *err, size_t errlen)
{
	struct wordindex *w = calloc(1, sizeof *w);

	*out = NULL;
	if (w == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (pthread_mutex_init(&w->idle_lock, NULL) != 0) {
		free(w);
		snprintf(err, errlen, "cannot make a lock");
		return -1;
	}
	w->max_rowid = -1;
	w->cancel = cancel;
	w->len = len;
	w->ndocs = ndocs;
	if (read_terms(c, w, err, errlen) != 0 || read_phrases(c, w, syn, err, errlen) != 0) {
		wordindex_free(w);
		return -1;
	}
	w->rows = (size_t)(w->max_rowid + 1);
	if (place_documents(w, err, errlen) != 0) {
		wordindex_free(w);
		return -1;
	}
	w->cancel = NULL;
	w->bytes += w->textcap + w->termcap * (2 * sizeof(uint32_t) + sizeof(struct postings)) +
	    w->phrasecap * sizeof(struct phrase);
	*out = w;
	return 0;
}

void
wordindex_free(struct wordindex *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nblocks; i++)
		free(w->blocks[i]);
	for (i = 0; i < w->nphrases; i++)
		free(w->phrases[i].text);
	free(w->blocks);
	free(w->phrases);
	free(w->text);
	free(w->term_at);
	free(w->term_len);
	free(w->lists);
	free(w->norm);
	free(w->reported);
	free(w->doc_at);
	work_free(w->idle);
	pthread_mutex_destroy(&w->idle_lock);
	free(w);
}

size_t
wordindex_bytes(const struct wordindex *w)
{
	return w->bytes;
}

/* ---- reading an expression ------------------------------------------------------- */

struct query_phrase {
	const char *text;    /* in the expression, without its quotes */
	size_t      len;
	int         prefix;
	int         group;   /* the AND-ed item it belongs to */
};

struct query {
	struct query_phrase phrase[MAX_PHRASES];
	int                 nphrases, ngroups;
};

/* Read one quoted phrase at s into group; after it, or NULL when s holds no phrase the
** index evaluates (none, empty, or with a quote inside). */
static const char *
read_query_phrase(const char *s, struct query *q, int group)
{
	struct query_phrase *p;
	const char *end;

	if (*s != '"' || q->nphrases == MAX_PHRASES || (end = strchr(s + 1, '"')) == NULL ||
	    end == s + 1 || end[1] == '"')
		return NULL;
	p = &q->phrase[q->nphrases++];
	p->text = s + 1;
	p->len = (size_t)(end - s - 1);
	p->prefix = end[1] == '*';
	p->group = group;
	return end + 1 + p->prefix;
}

/* Read an item: a phrase, or phrases joined by OR in parentheses. */
static const char *
read_item(const char *s, struct query *q)
{
	int group = q->ngroups;

	if (*s != '(')
		return read_query_phrase(s, q, group);
	s++;
	while ((s = read_query_phrase(s, q, group)) != NULL && strncmp(s, " OR ", 4) == 0)
		s += 4;
	return s != NULL && *s == ')' ? s + 1 : NULL;
}

/* 0 when expr is items joined by AND, each as read_item reads it; else -1. */
static int
read_query(const char *expr, struct query *q)
{
	const char *s = expr;

	q->nphrases = q->ngroups = 0;
	for (;;) {
		if (q->ngroups == MAX_GROUPS || (s = read_item(s, q)) == NULL)
			return -1;
		q->ngroups++;
		if (*s == '\0')
			return 0;
		if (strncmp(s, " AND ", 5) != 0)
			return -1;
		s += 5;
	}
}

/* ---- evaluating it --------------------------------------------------------------- */

/* The lists a phrase reads: n consecutive ones from first. */
struct phrase_lists {
	const struct postings *first;
	size_t                 n;
};

static const struct phrase *
find_phrase(const struct wordindex *w, const char *text, size_t len)
{
	size_t lo = 0, hi = w->nphrases, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = compare_bytes(w->phrases[mid].text, strlen(w->phrases[mid].text), text, len);
		if (c == 0)
			return &w->phrases[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The lists of p: a synonym phrase's own, the one term a word names, or every term a
** prefix query covers. 0, or -1 when the index does not hold a phrase of several words,
** or when p is not a single token FTS5 would read as written. */
static int
lists_of(const struct wordindex *w, const struct query_phrase *p, struct phrase_lists *out)
{
	const struct phrase *ph;
	size_t lo, hi;

	if (memchr(p->text, ' ', p->len) != NULL) {
		if (p->prefix || (ph = find_phrase(w, p->text, p->len)) == NULL)
			return -1;
		out->first = &ph->list;
		out->n = 1;
		return 0;
	}
	if (!searchterms_is_token(p->text, p->len))
		return -1;
	lo = hi = lower_bound(w, p->text, p->len);
	while (hi < w->nterms && w->term_len[hi] >= p->len &&
	    memcmp(w->text + w->term_at[hi], p->text, p->len) == 0 &&
	    (p->prefix || w->term_len[hi] == p->len))
		hi++;
	out->first = w->lists + lo;
	out->n = hi - lo;
	return 0;
}

/* What a search works in: per rowid, the current phrase's summed counts; the rowids it
** touched; per rowid, the document's score so far and the groups it satisfies, and one
** bit for those any phrase matched, so that the matches are read
** (and their scores and groups cleared) without a pass over every document.
** Between searches, every array is all zero: nothing of a search is left in it. */
struct work {
	struct work *next;      /* in the index's stack of idle ones */
	uint32_t    *count;
	uint32_t    *touched;
	double      *score;
	uint16_t    *groups;
	uint64_t    *matched;
	size_t       ntouched;
	size_t       most_touched;   /* the longest touched list of this search */
};

/* The 64-bit words of a bit set of one bit per rowid. */
static size_t
doc_words(const struct wordindex *w)
{
	return w->rows / 64 + 1;
}

static void
walk_list(const struct postings *list, struct work *k)
{
	const unsigned char *p = list->at, *end = list->at + list->size;
	uint64_t count, rowid = 0;

	while (p < end) {
		p = get_posting(p, &rowid, &count);
		if (k->count[rowid] == 0)
			k->touched[k->ntouched++] = (uint32_t)rowid;
		k->count[rowid] += (uint32_t)count;
	}
}

/* Add to the document of rowid a phrase's part, for count instances, and mark it matched,
** and (bit not 0: the query has several groups) in the phrase's group. */
static inline void
score_doc(const struct wordindex *w, struct work *k, uint64_t rowid, double idf, uint64_t count,
    uint16_t bit)
{
	k->score[rowid] += relevance_phrase_part(idf, (double)count, w->norm[rowid]);
	if (bit != 0)
		k->groups[rowid] |= bit;
	k->matched[rowid / 64] |= (uint64_t)1 << (rowid % 64);
}

/* A phrase of one list (a term, or a phrase of several words): each document in it once,
** with its count, and how many there are known, so the list is scored as it is read. */
static void
score_list(const struct wordindex *w, const struct postings *list, uint16_t bit, struct work *k)
{
	const unsigned char *p = list->at, *end = list->at + list->size;
	double idf = relevance_idf(w->nrows, (int64_t)list->docs);
	uint64_t count, rowid = 0;

	while (p < end) {
		p = get_posting(p, &rowid, &count);
		score_doc(w, k, rowid, idf, count, bit);
	}
}

/* Add the phrase's part to the score of every document it matches, in the lengths, and
** mark them with bit, its group's (0 when the query has one). A prefix covering several
** terms sums each document's counts over their lists first. */
static void
score_phrase(const struct wordindex *w, const struct phrase_lists *lists, uint16_t bit,
    struct work *k)
{
	size_t i;
	uint32_t rowid;
	double idf;

	if (lists->n == 1) {
		score_list(w, &lists->first[0], bit, k);
		return;
	}
	k->ntouched = 0;
	for (i = 0; i < lists->n; i++)
		walk_list(&lists->first[i], k);
	if (k->ntouched > k->most_touched)
		k->most_touched = k->ntouched;
	idf = relevance_idf(w->nrows, (int64_t)k->ntouched);
	for (i = 0; i < k->ntouched; i++) {
		rowid = k->touched[i];
		score_doc(w, k, rowid, idf, k->count[rowid], bit);
		k->count[rowid] = 0;
	}
}

static void
work_free(struct work *k)
{
	struct work *next;

	for (; k != NULL; k = next) {
		next = k->next;
		free(k->count);
		free(k->touched);
		free(k->score);
		free(k->groups);
		free(k->matched);
		free(k);
	}
}

static struct work *
work_new(const struct wordindex *w)
{
	struct work *k = calloc(1, sizeof *k);
	size_t rows = w->rows ? w->rows : 1;

	if (k == NULL)
		return NULL;
	k->count = calloc(rows, sizeof *k->count);
	k->touched = calloc(rows, sizeof *k->touched);
	k->score = calloc(rows, sizeof *k->score);
	k->groups = calloc(rows, sizeof *k->groups);
	k->matched = calloc(doc_words(w), sizeof *k->matched);
	if (k->count && k->touched && k->score && k->groups && k->matched)
		return k;
	work_free(k);
	return NULL;
}

/* An idle work area, or a new one: the areas are kept, since a search's arrays are as
** long as the directory and mapping them afresh for each one costs more than the
** search (page faults, and every core flushing its view of the unmapped pages). */
static struct work *
work_take(struct wordindex *w)
{
	struct work *k;

	pthread_mutex_lock(&w->idle_lock);
	if ((k = w->idle) != NULL)
		w->idle = k->next;
	pthread_mutex_unlock(&w->idle_lock);
	return k != NULL ? k : work_new(w);
}

/* Hand every document of the lengths all the groups matched to match (by its entry in
** the lengths), in rowid order, clearing what the phrases left of each document matched,
** reported or not. all is 0 for a query of one group, whose phrases marked no group:
** every document matched is taken. */
static void
take_matches(const struct wordindex *w, struct work *k, uint16_t all, wordindex_match_fn match,
    void *ctx)
{
	size_t i, words = doc_words(w);
	uint64_t bits, reported;
	uint32_t r;

	for (i = 0; i < words; i++) {
		reported = w->reported[i];
		for (bits = k->matched[i]; bits != 0; bits &= bits - 1) {
			r = (uint32_t)(i * 64 + (size_t)__builtin_ctzll(bits));
			if ((reported >> (r % 64) & 1) != 0 && k->groups[r] == all)
				match(ctx, w->doc_at[r], -1.0 * k->score[r]);
			k->score[r] = 0;
			k->groups[r] = 0;
		}
		k->matched[i] = 0;
	}
}

/* Clear what the search left (take_matches cleared the rest) and keep the area for the
** next one. */
static void
work_give_back(struct wordindex *w, struct work *k)
{
	memset(k->touched, 0, k->most_touched * sizeof *k->touched);
	k->most_touched = 0;
	pthread_mutex_lock(&w->idle_lock);
	k->next = w->idle;
	w->idle = k;
	pthread_mutex_unlock(&w->idle_lock);
}

int
wordindex_search(struct wordindex *w, const char *expr, wordindex_match_fn match, void *ctx)
{
	struct phrase_lists lists[MAX_PHRASES];
	struct query *q = malloc(sizeof *q);
	struct work *k = NULL;
	uint16_t all;
	int i, rc = 1;

	if (q == NULL)
		return -1;
	if (read_query(expr, q) != 0)
		rc = 0;
	for (i = 0; rc == 1 && i < q->nphrases; i++)
		if (lists_of(w, &q->phrase[i], &lists[i]) != 0)
			rc = 0;
	if (rc == 1 && (k = work_take(w)) == NULL)
		rc = -1;
	if (k != NULL) {
		all = q->ngroups > 1 ? (uint16_t)((1u << q->ngroups) - 1) : 0;
		for (i = 0; i < q->nphrases; i++)
			score_phrase(w, &lists[i],
			    all != 0 ? (uint16_t)(1u << q->phrase[i].group) : 0, k);
		take_matches(w, k, all, match, ctx);
		work_give_back(w, k);
	}
	free(q);
	return rc;
}
