/*
** snapshot.c - the search's image in memory: building it from the database, and
** evaluating a search on it (see snapshot.h).
**
** Organizations are numbered in name order (name_key, then uuid, as the SQL sorts), so
** an organization's number is also its last sort key. Places, points and hours are kept
** in one array each, grouped by organization, with each organization's first entry in a
** start array of norgs + 1 entries.
*/
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "geo.h"
#include "pointgrid.h"
#include "relevance.h"
#include "searchterms.h"
#include "snapshot.h"
#include "strtab.h"
#include "wordindex.h"

enum { KIND_CATEGORY, KIND_LANGUAGE, KIND_COMMITMENT, NKINDS };
enum { AT_CITY, AT_NEIGHBOURHOOD };   /* in the order SQL sorts the kinds */

struct values {
	size_t n;
	char  *name[SNAPSHOT_MAX_VALUES];   /* sorted as SQLite sorts text (bytes) */
};

struct org {
	int64_t  org_id;
	uint32_t name_group;     /* equal name_keys share a group; groups follow name order */
	uint32_t fees_free;
	uint64_t mask[NKINDS];   /* bit i: holds values[kind].name[i] */
};

struct point {
	double  lat, lon, cos_lat;
	int64_t location_id;
};

struct period {
	uint16_t day, opens, closes;
};

struct facet_place {
	int   kind;              /* AT_NEIGHBOURHOOD or AT_CITY */
	char *name;              /* folded, as organization_facet holds it */
};

/* What a search near a point works in (search_near): a step per cell of the grid and a
** bit per organization, twice. Kept for the next search, as the word index keeps its
** work areas: at a large directory they would otherwise be mapped afresh for each one. */
struct near_work {
	struct near_work      *next;
	struct pointgrid_step *steps;
	uint64_t              *seen, *within;
};

/* The idle work areas, apart from the image (which searches only read). */
struct near_pool {
	pthread_mutex_t   lock;      /* guards idle */
	struct near_work *idle;
};

struct snapshot {
	atomic_int     refs;
	int64_t        generation;
	size_t         norgs;
	struct org    *orgs;
	uint32_t      *number_of;    /* org_id -> number + 1 (0: not public), org_id <= max_id */
	int64_t        max_id;
	struct values  values[NKINDS];
	uint64_t      *holders[NKINDS]; /* per value of each kind, its organizations as a bit
	                                 ** set of bit_words() words, one set after the other */
	uint64_t      *free_of_fees; /* the organizations free of fees, as a bit set */
	size_t         nplaces;
	struct facet_place  *places;       /* sorted by kind, then name */
	uint32_t      *place_start;  /* the places of organization i: */
	uint32_t      *place_ids;    /* place_ids[place_start[i] .. place_start[i + 1]) */
	uint32_t      *point_start;
	struct point  *points;       /* in location_id order within an organization */
	struct pointgrid grid;       /* the points in cells, each tagged with its organization */
	struct near_pool *near;      /* work areas for searches near a point */
	uint32_t      *period_start;
	struct period *periods;
	uint32_t      *tokens;       /* each organization's indexed text, in tokens */
	struct relevance_lengths lengths;   /* tokens by org_id, for sd_relevance */
	struct wordindex *words;     /* the index's words, or NULL: FTS5 matches them */
};

static const char sql_generation[] = "SELECT n FROM search_generation WHERE id = 1";
static const char sql_max_id[] = "SELECT max(org_id) FROM organization";
static const char sql_orgs[] =
    "SELECT org_id, name_key FROM organization WHERE state = 'verified'"
    " ORDER BY name_key, uuid";
/* Both unsorted, in each table's own order: an ORDER BY or a DISTINCT on the whole table
** would hold it in memory (1.1M facet rows and 600k commitment rows at 100k
** organizations), or need an index in that order which every import would have to make
** (schema/009). The few distinct values are sorted afterwards. */
static const char sql_facets[] = "SELECT kind, value, org_id FROM organization_facet";
static const char sql_commitments[] = "SELECT commitment, org_id FROM organization_commitment";
static const char sql_points[] =
    "SELECT org_id, location_id, latitude, longitude FROM location"
    " WHERE latitude IS NOT NULL ORDER BY org_id, location_id";
static const char sql_periods[] =
    "SELECT org_id, day, opens, closes FROM opening_period ORDER BY org_id, rowid";

/* The length of every document of the search index (relevance_doc_tokens). */
static const char sql_doc_sizes[] = "SELECT id, sz FROM search_index_docsize";

/* The words' matches with their relevance, ranked as the SQL search ranks them (bm25);
** ?2 is the image's document lengths. */
static const char sql_words[] = RELEVANCE_MATCH_SQL;

/* ---- references ------------------------------------------------------------------- */

struct snapshot *
snapshot_retain(struct snapshot *s)
{
	if (s != NULL)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

static void
near_work_free(struct near_work *k)
{
	struct near_work *next;

	for (; k != NULL; k = next) {
		next = k->next;
		free(k->steps);
		free(k->seen);
		free(k->within);
		free(k);
	}
}

static void
snapshot_free(struct snapshot *s)
{
	size_t i, k;

	for (k = 0; k < NKINDS; k++) {
		for (i = 0; i < s->values[k].n; i++)
			free(s->values[k].name[i]);
		free(s->holders[k]);
	}
	free(s->free_of_fees);
	for (i = 0; i < s->nplaces; i++)
		free(s->places[i].name);
	free(s->places);
	free(s->orgs);
	free(s->number_of);
	free(s->place_start);
	free(s->place_ids);
	free(s->point_start);
	free(s->points);
	pointgrid_free(&s->grid);
	if (s->near != NULL) {
		near_work_free(s->near->idle);
		pthread_mutex_destroy(&s->near->lock);
		free(s->near);
	}
	free(s->period_start);
	free(s->periods);
	free(s->tokens);
	wordindex_free(s->words);
	free(s);
}

void
snapshot_release(struct snapshot *s)
{
	if (s != NULL && atomic_fetch_sub(&s->refs, 1) == 1)
		snapshot_free(s);
}

int64_t
snapshot_generation(const struct snapshot *s)
{
	return s->generation;
}

size_t
snapshot_public_count(const struct snapshot *s)
{
	return s->norgs;
}

int
snapshot_read_generation(struct dbconn *c, int64_t *generation)
{
	char err[128];
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_generation, err, sizeof err);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*generation = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* ---- building --------------------------------------------------------------------- */

/* A growable array of (organization number, entry) pairs, grouped by number at the end. */
struct owned {
	uint32_t *owner;
	char     *items;
	size_t    n, cap, size;
};

static int
owned_add(struct owned *o, uint32_t owner, const void *item)
{
	size_t cap;
	void *p, *q;

	if (o->n == o->cap) {
		cap = o->cap ? o->cap * 2 : 1024;
		p = realloc(o->owner, cap * sizeof *o->owner);
		if (p != NULL)
			o->owner = p;
		q = realloc(o->items, cap * o->size);
		if (q != NULL)
			o->items = q;
		if (p == NULL || q == NULL)
			return -1;
		o->cap = cap;
	}
	o->owner[o->n] = owner;
	memcpy(o->items + o->n * o->size, item, o->size);
	o->n++;
	return 0;
}

static void
owned_free(struct owned *o)
{
	free(o->owner);
	free(o->items);
	memset(o, 0, sizeof *o);
}

/* Group o's entries by owner (keeping their order within an owner) into *items, with
** *start of norgs + 1 entries. Frees o. 0, or -1 out of memory. */
static int
owned_group(struct owned *o, size_t norgs, uint32_t **start, void **items)
{
	uint32_t *next = calloc(norgs + 1, sizeof *next);
	char *out = malloc(o->n ? o->n * o->size : 1);
	size_t i;
	int rc = -1;

	*start = calloc(norgs + 1, sizeof **start);
	if (next == NULL || out == NULL || *start == NULL)
		goto done;
	for (i = 0; i < o->n; i++)
		(*start)[o->owner[i] + 1]++;
	for (i = 0; i < norgs; i++)
		(*start)[i + 1] += (*start)[i];
	memcpy(next, *start, (norgs + 1) * sizeof *next);
	for (i = 0; i < o->n; i++)
		memcpy(out + (size_t)next[o->owner[i]]++ * o->size, o->items + i * o->size, o->size);
	*items = out;
	out = NULL;
	rc = 0;
done:
	free(next);
	free(out);
	owned_free(o);
	return rc;
}

/* The 64-bit words of a set of one bit per organization. */
static size_t
bit_words(const struct snapshot *s)
{
	return s->norgs / 64 + 1;
}

static int
bit_has(const uint64_t *bits, size_t n)
{
	return (bits[n / 64] >> (n % 64)) & 1;
}

static void
bit_set(uint64_t *bits, size_t n)
{
	bits[n / 64] |= (uint64_t)1 << (n % 64);
}

/* The number of the public organization org_id, or -1. */
static long
number_of(const struct snapshot *s, int64_t org_id)
{
	if (org_id < 0 || org_id > s->max_id || s->number_of[org_id] == 0)
		return -1;
	return (long)s->number_of[org_id] - 1;
}

static int
load_orgs(struct dbconn *c, struct snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_max_id, err, errlen);
	char *prev = NULL;
	const char *key;
	size_t cap = 0;
	int rc;

	if (stmt == NULL)
		return -1;
	s->max_id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (s->max_id < 0 || s->max_id > 64 * 1024 * 1024) {
		snprintf(err, errlen, "organization ids beyond %d", 64 * 1024 * 1024);
		return -1;
	}
	if ((s->number_of = calloc((size_t)s->max_id + 1, sizeof *s->number_of)) == NULL ||
	    (stmt = dbconn_stmt(c, sql_orgs, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		struct org *o;

		key = (const char *)sqlite3_column_text(stmt, 1);
		if (s->norgs == cap) {
			void *p = realloc(s->orgs, (cap = cap ? cap * 2 : 1024) * sizeof *s->orgs);
			if (p == NULL)
				break;
			s->orgs = p;
		}
		o = &s->orgs[s->norgs];
		memset(o, 0, sizeof *o);
		o->org_id = id;
		o->name_group = s->norgs == 0 ? 0 : s->orgs[s->norgs - 1].name_group +
		    (prev == NULL || key == NULL || strcmp(prev, key) != 0);
		free(prev);
		prev = key ? strdup(key) : NULL;
		if (id >= 0 && id <= s->max_id)
			s->number_of[id] = (uint32_t)s->norgs + 1;
		s->norgs++;
	}
	free(prev);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_failed(c, "reading the organizations", err, errlen);
	return 0;
}

/* The bit of value in the kind's table, or -1. */
static int
value_index(const struct values *v, const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < v->n; i++)
		if (strcmp(v->name[i], value) == 0)
			return (int)i;
	return -1;
}

/* The value's bit in the kind's table, the next bit when the value is new (values come
** in any order: sort_values puts them in order once all are read). */
static int
unsorted_bit(struct values *v, const char *value)
{
	int bit = value_index(v, value);

	if (bit >= 0)
		return bit;
	if (v->n == SNAPSHOT_MAX_VALUES || (v->name[v->n] = strdup(value)) == NULL)
		return -1;
	return (int)v->n++;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the names of a kind's values as SQLite sorts text, and move every organization's
** bits to the names' new places. */
static void
sort_values(struct snapshot *s, int kind)
{
	struct values *v = &s->values[kind];
	char *unsorted[SNAPSHOT_MAX_VALUES];
	int moved_to[SNAPSHOT_MAX_VALUES];
	uint64_t mask, old;
	size_t i, b;

	memcpy(unsorted, v->name, v->n * sizeof *unsorted);
	qsort(v->name, v->n, sizeof *v->name, compare_names);
	for (b = 0; b < v->n; b++)
		moved_to[b] = value_index(v, unsorted[b]);
	for (i = 0; i < s->norgs; i++) {
		old = s->orgs[i].mask[kind];
		for (mask = 0, b = 0; b < v->n; b++)
			if (old & ((uint64_t)1 << b))
				mask |= (uint64_t)1 << moved_to[b];
		s->orgs[i].mask[kind] = mask;
	}
}

/* A place as load_facets files it before the places are sorted: its kind, and its name's
** number among the names of that kind. */
#define PLACE_SEEN(kind, number) ((uint32_t)(kind) << 31 | (uint32_t)(number))
#define PLACE_SEEN_KIND(id)      ((int)((id) >> 31))
#define PLACE_SEEN_NUMBER(id)    ((id) & 0x7fffffffu)

/* One row of organization_facet: a bit, the free-fees flag, or a place (its name
** numbered in names[kind], filed in places as PLACE_SEEN). */
static int
take_facet(struct snapshot *s, long n, const char *kind, const char *value,
    struct owned *places, struct strtab names[2])
{
	uint32_t id;
	long number;
	int bit, k;

	if (strcmp(kind, "category") == 0 || strcmp(kind, "language") == 0) {
		k = kind[0] == 'c' ? KIND_CATEGORY : KIND_LANGUAGE;
		if ((bit = unsorted_bit(&s->values[k], value)) < 0)
			return -1;
		if (n >= 0)
			s->orgs[n].mask[k] |= (uint64_t)1 << bit;
	} else if (strcmp(kind, "fees") == 0) {
		if (n >= 0 && strcmp(value, "free") == 0)
			s->orgs[n].fees_free = 1;
	} else if (strcmp(kind, "neighbourhood") == 0 || strcmp(kind, "city") == 0) {
		k = kind[0] == 'n' ? AT_NEIGHBOURHOOD : AT_CITY;
		if ((number = strtab_intern(&names[k], value)) < 0 || number > 0x7fffffff)
			return -1;
		id = PLACE_SEEN(k, number);
		if (n >= 0 && owned_add(places, (uint32_t)n, &id) != 0)
			return -1;
	}
	return 0;
}

struct place_rank {
	const char *name;
	uint32_t    number;   /* in its kind's strtab */
};

static int
compare_rank(const void *a, const void *b)
{
	return strcmp(((const struct place_rank *)a)->name, ((const struct place_rank *)b)->name);
}

/* The places of each kind (names[AT_CITY], then names[AT_NEIGHBOURHOOD]) sorted as
** compare_place sorts them into s->places, and the PLACE_SEEN entries of places
** renumbered to their places there. 0, or -1 out of memory. */
static int
settle_places(struct snapshot *s, struct strtab names[2], struct owned *places)
{
	size_t total = names[AT_CITY].n + names[AT_NEIGHBOURHOOD].n, i;
	struct place_rank *rank = malloc((total ? total : 1) * sizeof *rank);
	uint32_t *renumber = malloc((total ? total : 1) * sizeof *renumber), *id;
	size_t base[2] = { 0, names[AT_CITY].n };
	int k, rc = -1;

	s->places = calloc(total ? total : 1, sizeof *s->places);
	if (rank == NULL || renumber == NULL || s->places == NULL)
		goto done;
	for (k = AT_CITY; k <= AT_NEIGHBOURHOOD; k++) {
		for (i = 0; i < names[k].n; i++)
			rank[base[k] + i] = (struct place_rank){ names[k].name[i], (uint32_t)i };
		qsort(rank + base[k], names[k].n, sizeof *rank, compare_rank);
		for (i = base[k]; i < base[k] + names[k].n; i++) {
			if ((s->places[i].name = strdup(rank[i].name)) == NULL)
				goto done;
			s->places[i].kind = k;
			s->nplaces = i + 1;
			renumber[base[k] + rank[i].number] = (uint32_t)i;
		}
	}
	for (i = 0; i < places->n; i++) {
		id = (uint32_t *)(void *)(places->items + i * places->size);
		*id = renumber[base[PLACE_SEEN_KIND(*id)] + PLACE_SEEN_NUMBER(*id)];
	}
	rc = 0;
done:
	free(rank);
	free(renumber);
	return rc;
}

static int
load_facets(struct dbconn *c, struct snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_facets, err, errlen);
	struct owned places = { .size = sizeof(uint32_t) };
	struct strtab names[2] = { STRTAB_INIT, STRTAB_INIT };
	const char *kind, *value;
	int rc, settled;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(stmt, 0);
		value = (const char *)sqlite3_column_text(stmt, 1);
		if (kind != NULL && value != NULL &&
		    take_facet(s, number_of(s, sqlite3_column_int64(stmt, 2)), kind, value,
		        &places, names) != 0)
			break;
	}
	sqlite3_reset(stmt);
	settled = rc == SQLITE_DONE ? settle_places(s, names, &places) : -1;
	strtab_free(&names[AT_CITY]);
	strtab_free(&names[AT_NEIGHBOURHOOD]);
	if (rc != SQLITE_DONE) {
		owned_free(&places);
		if (rc == SQLITE_ROW)
			snprintf(err, errlen, "out of memory, or more than %d values of a facet",
			    SNAPSHOT_MAX_VALUES);
		return rc == SQLITE_ROW ? -1 : db_failed(c, "reading the facets", err, errlen);
	}
	sort_values(s, KIND_CATEGORY);
	sort_values(s, KIND_LANGUAGE);
	if (settled != 0 ||
	    owned_group(&places, s->norgs, &s->place_start, (void **)&s->place_ids) != 0) {
		owned_free(&places);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
load_commitments(struct dbconn *c, struct snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_commitments, err, errlen);
	const char *value;
	long n;
	int rc, bit = 0;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((value = (const char *)sqlite3_column_text(stmt, 0)) == NULL)
			continue;
		if ((bit = unsorted_bit(&s->values[KIND_COMMITMENT], value)) < 0)
			break;
		if ((n = number_of(s, sqlite3_column_int64(stmt, 1))) >= 0)
			s->orgs[n].mask[KIND_COMMITMENT] |= (uint64_t)1 << bit;
	}
	sqlite3_reset(stmt);
	if (bit < 0) {
		snprintf(err, errlen, "out of memory, or more than %d commitments", SNAPSHOT_MAX_VALUES);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return db_failed(c, "reading the commitments", err, errlen);
	sort_values(s, KIND_COMMITMENT);
	return 0;
}

/* Each value's organizations as bits (holders), from the organizations' masks, once the
** values are sorted, and the organizations free of fees. 0, or -1 out of memory. */
static int
load_holders(struct snapshot *s, char *err, size_t errlen)
{
	size_t words = bit_words(s), k, n;
	uint64_t mask;

	for (k = 0; k < NKINDS; k++) {
		s->holders[k] = calloc(s->values[k].n * words + 1, sizeof *s->holders[k]);
		if (s->holders[k] == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (n = 0; n < s->norgs; n++)
			for (mask = s->orgs[n].mask[k]; mask != 0; mask &= mask - 1)
				bit_set(s->holders[k] + (size_t)__builtin_ctzll(mask) * words, n);
	}
	if ((s->free_of_fees = calloc(words, sizeof *s->free_of_fees)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (n = 0; n < s->norgs; n++)
		if (s->orgs[n].fees_free)
			bit_set(s->free_of_fees, n);
	return 0;
}

/* Fill item from the columns after the first (the organization) of a row. */
typedef void (*row_reader)(sqlite3_stmt *stmt, void *item);

static void
read_point(sqlite3_stmt *stmt, void *item)
{
	struct point *pt = item;

	pt->location_id = sqlite3_column_int64(stmt, 1);
	pt->lat = sqlite3_column_double(stmt, 2);
	pt->lon = sqlite3_column_double(stmt, 3);
	pt->cos_lat = geo_cos_latitude(pt->lat);
}

static void
read_period(sqlite3_stmt *stmt, void *item)
{
	struct period *h = item;

	h->day = (uint16_t)sqlite3_column_int(stmt, 1);
	h->opens = (uint16_t)sqlite3_column_int(stmt, 2);
	h->closes = (uint16_t)sqlite3_column_int(stmt, 3);
}

/* Step stmt through its rows; for each of a public organization, count it in (*start)[n
** + 1] when items is NULL, else read it into items at the next place of its organization
** (next). SQLITE_DONE, an SQLite error code, or SQLITE_CORRUPT when a second pass finds
** more rows than the first counted. */
static int
group_pass(const struct snapshot *s, sqlite3_stmt *stmt, size_t size, row_reader read,
    uint32_t *start, uint32_t *next, char *items)
{
	long n;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((n = number_of(s, sqlite3_column_int64(stmt, 0))) < 0)
			continue;
		if (items == NULL)
			start[n + 1]++;
		else if (next[n] == start[n + 1])
			rc = SQLITE_CORRUPT;
		else
			read(stmt, items + (size_t)next[n]++ * size);
		if (rc != SQLITE_ROW)
			break;
	}
	sqlite3_reset(stmt);
	return rc;
}

/* The rows of sql (organization id first, then what read fills an item of size bytes
** from) of public organizations, grouped by organization into *start and *items. Two
** passes in the build's transaction, one to count and one to fill, so the arrays are
** allocated once at their size. */
static int
load_grouped(struct dbconn *c, struct snapshot *s, const char *sql, size_t size,
    row_reader read, uint32_t **start, void **items, const char *what, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql, err, errlen);
	uint32_t *next = NULL;
	char *out = NULL;
	size_t i;
	int rc = SQLITE_NOMEM;

	if (stmt == NULL)
		return -1;
	if ((*start = calloc(s->norgs + 1, sizeof **start)) == NULL ||
	    (rc = group_pass(s, stmt, size, read, *start, NULL, NULL)) != SQLITE_DONE)
		goto failed;
	for (i = 0; i < s->norgs; i++)
		(*start)[i + 1] += (*start)[i];
	rc = SQLITE_NOMEM;
	if ((next = malloc((s->norgs + 1) * sizeof *next)) == NULL ||
	    (out = malloc((*start)[s->norgs] ? (*start)[s->norgs] * size : 1)) == NULL)
		goto failed;
	memcpy(next, *start, (s->norgs + 1) * sizeof *next);
	if ((rc = group_pass(s, stmt, size, read, *start, next, out)) != SQLITE_DONE)
		goto failed;
	free(next);
	*items = out;
	return 0;
failed:
	free(next);
	free(out);
	if (rc == SQLITE_NOMEM)
		snprintf(err, errlen, "out of memory");
	else
		snprintf(err, errlen, "reading the %s failed (database error %d)", what, rc);
	return -1;
}

/* The located points in cells, each tagged with its organization's number. */
static int
load_grid(struct snapshot *s, char *err, size_t errlen)
{
	size_t npoints = s->point_start[s->norgs], n, i;
	double *lat = malloc((npoints ? npoints : 1) * sizeof *lat);
	double *lon = malloc((npoints ? npoints : 1) * sizeof *lon);
	uint32_t *tag = malloc((npoints ? npoints : 1) * sizeof *tag);
	int rc = -1;

	if (lat != NULL && lon != NULL && tag != NULL) {
		for (n = 0; n < s->norgs; n++)
			for (i = s->point_start[n]; i < s->point_start[n + 1]; i++) {
				lat[i] = s->points[i].lat;
				lon[i] = s->points[i].lon;
				tag[i] = (uint32_t)n;
			}
		rc = pointgrid_build(lat, lon, tag, npoints, &s->grid);
	}
	free(lat);
	free(lon);
	free(tag);
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

/* Each public organization's length in tokens, as bm25() reads it. */
static int
load_doc_sizes(struct dbconn *c, struct snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_doc_sizes, err, errlen);
	int64_t tokens;
	size_t i;
	long n;
	int rc;

	if (stmt == NULL)
		return -1;
	if ((s->tokens = malloc((s->norgs ? s->norgs : 1) * sizeof *s->tokens)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < s->norgs; i++)
		s->tokens[i] = RELEVANCE_UNKNOWN;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((n = number_of(s, sqlite3_column_int64(stmt, 0))) < 0)
			continue;
		tokens = relevance_doc_tokens(sqlite3_column_blob(stmt, 1),
		    sqlite3_column_bytes(stmt, 1));
		if (tokens >= 0)
			s->tokens[n] = (uint32_t)tokens;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_failed(c, "reading the documents' lengths", err, errlen);
	s->lengths.max_id = s->max_id;
	s->lengths.number_of = s->number_of;
	s->lengths.tokens = s->tokens;
	return 0;
}

/* The words in memory, when every public organization's length is known (a length the
** image lacks is read by FTS5, which only the SQL function can ask). */
static int
load_words(struct dbconn *c, struct snapshot *s, const struct synonyms *syn,
    const atomic_int *cancel, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < s->norgs; i++)
		if (s->tokens[i] == RELEVANCE_UNKNOWN)
			return 0;
	return wordindex_build(c, syn, &s->lengths, s->norgs, cancel, &s->words, err, errlen);
}

int
snapshot_build(struct dbconn *c, const struct synonyms *syn, const atomic_int *cancel,
    struct snapshot **out, char *err, size_t errlen)
{
	struct snapshot *s = calloc(1, sizeof *s);
	int rc = -1;

	*out = NULL;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	atomic_init(&s->refs, 1);
	if ((s->near = calloc(1, sizeof *s->near)) == NULL ||
	    pthread_mutex_init(&s->near->lock, NULL) != 0) {
		free(s->near);
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (db_exec(c, "BEGIN", err, errlen) != 0) {
		snapshot_free(s);
		return -1;
	}
	if (snapshot_read_generation(c, &s->generation) != 0)
		snprintf(err, errlen, "reading the search generation failed");
	else if (load_orgs(c, s, err, errlen) == 0 && load_facets(c, s, err, errlen) == 0 &&
	    load_commitments(c, s, err, errlen) == 0 && load_holders(s, err, errlen) == 0 &&
	    load_grouped(c, s, sql_points, sizeof(struct point), read_point, &s->point_start,
	        (void **)&s->points, "located points", err, errlen) == 0 &&
	    load_grid(s, err, errlen) == 0 &&
	    load_grouped(c, s, sql_periods, sizeof(struct period), read_period, &s->period_start,
	        (void **)&s->periods, "opening hours", err, errlen) == 0 &&
	    load_doc_sizes(c, s, err, errlen) == 0 && load_words(c, s, syn, cancel, err, errlen) == 0)
		rc = 0;
	db_exec(c, "COMMIT", NULL, 0);
	if (rc != 0) {
		snapshot_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- evaluating a search ---------------------------------------------------------- */

/* What a candidate failed: the category filter, the language filter, or anything else.
** Facet counts of a kind take the candidates that failed nothing but that kind's filter. */
enum { FAIL_CATEGORY = 1, FAIL_LANGUAGE = 2, FAIL_OTHER = 4 };

/* The search's filters, resolved against the image. */
struct want {
	int          has[NKINDS];
	uint64_t     mask[NKINDS];     /* categories and languages: any; commitments: all */
	int          nothing;          /* a filter no public organization can pass */
	long         place[2];         /* neighbourhood and city place numbers, or -1 */
	int          fees_free;
	int          open, day, minute;
	int          point, radius;
	double       lat, lon, cos_lat, radius_km;
	double       surely_within;    /* geo_haversine_surely_within(radius_km) */
	struct geo_box box;
	enum search_sort sort;
};

/* A bit set of the values of list in v; *unknown (when not NULL) is set when some value is
** not there. */
static uint64_t
mask_of(const struct values *v, const json_t *list, int *unknown)
{
	uint64_t mask = 0;
	size_t i;
	int bit;

	for (i = 0; i < json_array_size(list); i++) {
		if ((bit = value_index(v, json_string_value(json_array_get(list, i)))) >= 0)
			mask |= (uint64_t)1 << bit;
		else if (unknown != NULL)
			*unknown = 1;
	}
	return mask;
}

static int
compare_place(const void *key, const void *elem)
{
	const struct facet_place *a = key, *b = elem;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The place number of the folded text, -1 when none is asked, -2 when unknown. */
static long
place_number(const struct snapshot *s, int kind, const char *text, int *failed)
{
	struct buf folded = BUF_INIT;
	struct facet_place key;
	const struct facet_place *found;

	if (text[0] == '\0')
		return -1;
	if (fold_text(&folded, text, strlen(text)) != 0) {
		*failed = 1;
		return -2;
	}
	key.kind = kind;
	key.name = folded.data ? folded.data : "";
	found = s->nplaces ? bsearch(&key, s->places, s->nplaces, sizeof *s->places,
	    compare_place) : NULL;
	buf_free(&folded);
	return found ? found - s->places : -2;
}

static int
want_of(const struct snapshot *s, const struct search_params *p, struct want *w)
{
	int unknown = 0, failed = 0;

	memset(w, 0, sizeof *w);
	w->has[KIND_CATEGORY] = json_array_size(p->categories) > 0;
	/* Any of the categories or languages: one nobody has only adds no bit. */
	w->mask[KIND_CATEGORY] = mask_of(&s->values[KIND_CATEGORY], p->categories, NULL);
	w->has[KIND_LANGUAGE] = json_array_size(p->languages) > 0;
	w->mask[KIND_LANGUAGE] = mask_of(&s->values[KIND_LANGUAGE], p->languages, NULL);
	/* All of the commitments: one nobody holds leaves nothing. */
	w->has[KIND_COMMITMENT] = json_array_size(p->commitments) > 0;
	w->mask[KIND_COMMITMENT] = mask_of(&s->values[KIND_COMMITMENT], p->commitments, &unknown);
	w->nothing = unknown;
	w->place[AT_NEIGHBOURHOOD] = place_number(s, AT_NEIGHBOURHOOD, p->neighbourhood, &failed);
	w->place[AT_CITY] = place_number(s, AT_CITY, p->city, &failed);
	if (w->place[0] == -2 || w->place[1] == -2)
		w->nothing = 1;
	w->fees_free = p->fees_free;
	w->open = p->open_filter;
	w->day = p->open_time.weekday;
	w->minute = p->open_time.minute;
	w->point = p->near.source != NEAR_NONE;
	w->radius = w->point && p->near.source != NEAR_NETWORK && p->radius_km > 0;
	w->lat = p->near.latitude;
	w->lon = p->near.longitude;
	w->cos_lat = geo_cos_latitude(w->lat);
	w->radius_km = p->radius_km;
	if (w->radius) {
		geo_box_around(w->lat, w->lon, w->radius_km, &w->box);
		w->surely_within = geo_haversine_surely_within(w->radius_km);
	}
	w->sort = search_effective_sort(p);
	return failed ? -1 : 0;
}

static int
has_place(const struct snapshot *s, size_t n, long place)
{
	uint32_t i;

	for (i = s->place_start[n]; i < s->place_start[n + 1]; i++)
		if (s->place_ids[i] == (uint32_t)place)
			return 1;
	return 0;
}

static int
open_then(const struct snapshot *s, size_t n, int day, int minute)
{
	const struct period *h;
	uint32_t i;

	for (i = s->period_start[n]; i < s->period_start[n + 1]; i++) {
		h = &s->periods[i];
		if (h->day == day && h->opens <= minute && minute < h->closes)
			return 1;
	}
	return 0;
}

/* 1 when the search filters by place or by opening time: filters tested on each
** organization's own places and hours, which the image holds as lists, not bit sets. */
static int
filters_by_lists(const struct want *w)
{
	return w->place[AT_NEIGHBOURHOOD] >= 0 || w->place[AT_CITY] >= 0 || w->open;
}

/* 1 when organization n fails the place or the opening time filter. */
static int
fails_lists(const struct snapshot *s, const struct want *w, size_t n)
{
	return (w->place[AT_NEIGHBOURHOOD] >= 0 &&
	    !has_place(s, n, w->place[AT_NEIGHBOURHOOD])) ||
	    (w->place[AT_CITY] >= 0 && !has_place(s, n, w->place[AT_CITY])) ||
	    (w->open && !open_then(s, n, w->day, w->minute));
}

/* 1 when the search has no filter besides its point. */
static int
filters_none(const struct want *w)
{
	return !w->has[KIND_CATEGORY] && !w->has[KIND_LANGUAGE] &&
	    w->mask[KIND_COMMITMENT] == 0 && !w->fees_free && !filters_by_lists(w);
}

/* The filters organization n fails, every one but the point's. Its entry is read only
** for a filter that needs it: without filters, a word search's matches (most of a
** large directory) leave the organizations' array out of the caches. */
static int
fails(const struct snapshot *s, const struct want *w, size_t n)
{
	const struct org *o = &s->orgs[n];
	int failed = 0;

	if (w->has[KIND_CATEGORY] && (o->mask[KIND_CATEGORY] & w->mask[KIND_CATEGORY]) == 0)
		failed |= FAIL_CATEGORY;
	if (w->has[KIND_LANGUAGE] && (o->mask[KIND_LANGUAGE] & w->mask[KIND_LANGUAGE]) == 0)
		failed |= FAIL_LANGUAGE;
	if ((w->mask[KIND_COMMITMENT] != 0 &&
	    (o->mask[KIND_COMMITMENT] & w->mask[KIND_COMMITMENT]) != w->mask[KIND_COMMITMENT]) ||
	    (w->fees_free && !o->fees_free) || fails_lists(s, w, n))
		failed |= FAIL_OTHER;
	return failed;
}

/* One candidate on its way to the page. */
struct hit {
	uint32_t n, group;
	int      has_point;
	double   score, km;
	int64_t  location_id;
};

/* The distance from the search's point to pt, or a stand-in for it when pt lies beyond
** skip_beyond km: a lower bound, which is enough to say whether it lies within the
** radius (when it is clearly on one side of it), or else the distance. */
static double
distance_to(const struct want *w, const struct point *pt, double skip_beyond)
{
	double at_least = geo_distance_at_least_km(w->lat, pt->lat);

	if (at_least > skip_beyond && (!w->radius || at_least > w->radius_km ||
	    geo_haversine_at_most(w->lat, w->lon, w->cos_lat, pt->lat, pt->lon, pt->cos_lat) <=
	    w->surely_within))
		return at_least;
	return geo_distance_km_cos(w->lat, w->lon, w->cos_lat, pt->lat, pt->lon, pt->cos_lat);
}

/* The nearest point of organization n (within the box, with a radius): as the SQL's
** min(distance_km(...)), the first of equally near points wins. 0 when it has none.
** Points that cannot be nearer than skip_beyond km are not measured (distance_to): when
** the nearest is one of them, h->km is only known to be beyond skip_beyond, and within
** the radius exactly when the nearest is. */
static int
nearest(const struct snapshot *s, const struct want *w, size_t n, double skip_beyond,
    struct hit *h)
{
	const struct point *pt;
	double km;
	uint32_t i;
	int found = 0;

	for (i = s->point_start[n]; i < s->point_start[n + 1]; i++) {
		pt = &s->points[i];
		if (w->radius && (pt->lat < w->box.lat_min || pt->lat > w->box.lat_max ||
		    pt->lon < w->box.lon_min || pt->lon > w->box.lon_max))
			continue;
		km = distance_to(w, pt, skip_beyond);
		if (!found || km < h->km) {
			h->km = km;
			h->location_id = pt->location_id;
			found = 1;
		}
	}
	h->has_point = found;
	return found;
}

/* 1 when a comes before b in the order the search asks for. */
static int
before(const struct hit *a, const struct hit *b, enum search_sort sort)
{
	if (sort == SORT_NAME && a->group != b->group)
		return a->group < b->group;
	if (sort == SORT_DISTANCE) {
		if (a->has_point != b->has_point)
			return a->has_point;
		if (a->has_point && a->km != b->km)
			return a->km < b->km;
	}
	if (a->score != b->score)
		return a->score < b->score;
	return a->n < b->n;
}

/* The best k candidates seen, as a heap whose root is the worst of them. */
struct best {
	struct hit      *hits;
	size_t           n, k;
	enum search_sort sort;
};

static void
sift_down(struct best *b, size_t i, size_t n)
{
	struct hit tmp;
	size_t worst, l, r;

	for (;;) {
		worst = i;
		l = 2 * i + 1;
		r = l + 1;
		if (l < n && before(&b->hits[worst], &b->hits[l], b->sort))
			worst = l;
		if (r < n && before(&b->hits[worst], &b->hits[r], b->sort))
			worst = r;
		if (worst == i)
			return;
		tmp = b->hits[i];
		b->hits[i] = b->hits[worst];
		b->hits[worst] = tmp;
		i = worst;
	}
}

static void
best_offer(struct best *b, const struct hit *h)
{
	size_t i, parent;
	struct hit tmp;

	if (b->k == 0)
		return;
	if (b->n < b->k) {
		i = b->n++;
		b->hits[i] = *h;
		while (i > 0 && before(&b->hits[parent = (i - 1) / 2], &b->hits[i], b->sort)) {
			tmp = b->hits[parent];
			b->hits[parent] = b->hits[i];
			b->hits[i] = tmp;
			i = parent;
		}
		return;
	}
	if (before(h, &b->hits[0], b->sort)) {
		b->hits[0] = *h;
		sift_down(b, 0, b->n);
	}
}

/* Sort the heap in place, best first. */
static void
best_sort(struct best *b)
{
	struct hit tmp;
	size_t end;

	for (end = b->n; end > 1; end--) {
		tmp = b->hits[0];
		b->hits[0] = b->hits[end - 1];
		b->hits[end - 1] = tmp;
		sift_down(b, 0, end - 1);
	}
}

/* Counts per value of each facet kind, for candidates that failed at most that kind: the
** search marks those candidates in a bit set per kind (in, with facets only), and
** counts_settle() counts their values from it once the search is done. */
struct counts {
	long      total;
	long      of[NKINDS][SNAPSHOT_MAX_VALUES];
	uint64_t *in[NKINDS];         /* bit_words() each, or NULL without facets */
	size_t    members[NKINDS];    /* bits set in in[kind] */
};

static struct counts *
counts_new(const struct snapshot *s, int facets)
{
	struct counts *c = calloc(1, sizeof *c);
	size_t k, words = bit_words(s);

	if (c == NULL || !facets)
		return c;
	if ((c->in[0] = calloc(NKINDS * words, sizeof *c->in[0])) == NULL) {
		free(c);
		return NULL;
	}
	for (k = 1; k < NKINDS; k++)
		c->in[k] = c->in[0] + k * words;
	return c;
}

static void
counts_free(struct counts *c)
{
	if (c != NULL)
		free(c->in[0]);
	free(c);
}

static void
count_member(struct counts *c, int kind, size_t n)
{
	bit_set(c->in[kind], n);
	c->members[kind]++;
}

/* Add one to of[value] for each value of mask. */
static void
count_bits(long *of, uint64_t mask)
{
	while (mask != 0) {
		of[__builtin_ctzll(mask)]++;
		mask &= mask - 1;
	}
}

typedef long (*common_fn)(const uint64_t *in, const uint64_t *holders, size_t words);

/* Organizations marked in `in` that also hold the value whose set is holders: the
** population count of the two sets' intersection, over words words. */
static inline long
common_count(const uint64_t *in, const uint64_t *holders, size_t words)
{
	long n = 0;
	size_t i;

	for (i = 0; i < words; i++)
		n += __builtin_popcountll(in[i] & holders[i]);
	return n;
}

#if defined(__x86_64__)
/* The same, with the processor's own instruction (a call per word without it). */
__attribute__((target("popcnt"))) static long
common_count_popcnt(const uint64_t *in, const uint64_t *holders, size_t words)
{
	return common_count(in, holders, words);
}
#endif

static common_fn
common_counter(void)
{
#if defined(__x86_64__)
	if (__builtin_cpu_supports("popcnt"))
		return common_count_popcnt;
#endif
	return common_count;
}

/* The counts of kind's values, from its marked candidates: each value's holders against
** them when the candidates are many, else each candidate's own values (the same sums). */
static void
settle_kind(const struct snapshot *s, struct counts *c, int kind)
{
	size_t words = bit_words(s), nvalues = s->values[kind].n, i, v, n;
	common_fn common;
	uint64_t bits;

	if (c->members[kind] * 4 >= words * nvalues) {
		common = common_counter();
		for (v = 0; v < nvalues; v++)
			c->of[kind][v] = common(c->in[kind], s->holders[kind] + v * words, words);
		return;
	}
	for (i = 0; i < words; i++)
		for (bits = c->in[kind][i]; bits != 0; bits &= bits - 1) {
			n = i * 64 + (size_t)__builtin_ctzll(bits);
			count_bits(c->of[kind], s->orgs[n].mask[kind]);
		}
}

static void
counts_settle(const struct snapshot *s, struct counts *c)
{
	int kind;

	for (kind = 0; kind < NKINDS; kind++)
		if (c->members[kind] > 0)
			settle_kind(s, c, kind);
}

/* How far an organization may be and still take a place in the page sorted by distance,
** once the page is full: the farthest it holds. Nothing else needs the distance of one
** that cannot (the radius only needs to know which side of it a point is on). */
static double
skip_beyond(const struct want *w, const struct best *b)
{
	if (w->sort != SORT_DISTANCE || b->k == 0 || b->n < b->k || !b->hits[0].has_point)
		return INFINITY;
	return b->hits[0].km;
}

/* 1 when a candidate that failed what failed says counts nowhere: not in the total, and
** not in the facets (or they are not counted). */
static int
counts_nowhere(int failed, int facets)
{
	return (failed & FAIL_OTHER) || (failed != 0 && !facets) ||
	    failed == (FAIL_CATEGORY | FAIL_LANGUAGE);
}

/* Count organization n, which failed what failed says, in the facets it counts in and
** in the total; 1 when it matches (and may take a place in the page). */
static int
count_in(int facets, size_t n, int failed, struct counts *c)
{
	if (facets) {
		if ((failed & ~FAIL_CATEGORY) == 0)
			count_member(c, KIND_CATEGORY, n);
		if ((failed & ~FAIL_LANGUAGE) == 0)
			count_member(c, KIND_LANGUAGE, n);
	}
	if (failed != 0)
		return 0;
	c->total++;
	if (facets)
		count_member(c, KIND_COMMITMENT, n);
	return 1;
}

static void
hit_init(const struct snapshot *s, const struct want *w, size_t n, double score, struct hit *h)
{
	h->n = (uint32_t)n;
	h->group = w->sort == SORT_NAME ? s->orgs[n].name_group : 0;   /* only before() reads it */
	h->score = score;
	h->km = 0;
	h->location_id = 0;
	h->has_point = 0;
}

/* Take organization n (with its relevance) into the page and the counts. */
static void
consider(const struct snapshot *s, const struct want *w, int facets, size_t n, double score,
    struct best *b, struct counts *c)
{
	struct hit h;
	int failed = fails(s, w, n);

	if (counts_nowhere(failed, facets))
		return;
	hit_init(s, w, n, score, &h);
	if (w->point && !nearest(s, w, n, skip_beyond(w, b), &h) && w->radius)
		return;
	if (w->radius && h.km > w->radius_km)
		return;
	if (count_in(facets, n, failed, c))
		best_offer(b, &h);
}

/* Step the words' statement; with gather, its rows are gathered (relevance.h). */
static int
step_words(const struct snapshot *s, struct dbconn *db, const struct want *w, int facets,
    const char *expr, struct relevance_gather *gather, struct best *b, struct counts *c,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(db, sql_words, err, errlen);
	long n;
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_pointer(stmt, 2, (void *)&s->lengths, RELEVANCE_LENGTHS_TYPE, NULL);
	if (gather != NULL)
		sqlite3_bind_pointer(stmt, 3, gather, RELEVANCE_GATHER_TYPE, NULL);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (gather == NULL && (n = number_of(s, sqlite3_column_int64(stmt, 0))) >= 0)
			consider(s, w, facets, (size_t)n, sqlite3_column_double(stmt, 1), b, c);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "search failed (database error %d)", rc);
		return -1;
	}
	return 0;
}

/* What consider() needs besides a match, for the word index's matches. */
struct word_matches {
	const struct snapshot *s;
	const struct want     *w;
	int                    facets;
	struct best           *b;
	struct counts         *c;
};

static void
take_match(void *ctx, uint32_t n, double relevance)
{
	struct word_matches *m = ctx;

	consider(m->s, m->w, m->facets, n, relevance, m->b, m->c);
}

/* A match of words without filters or a point, which consider() would take whole: it
** counts in the total and, with facets, in each kind's marks; only the category's are
** made here, and copied to the other kinds' by counts_alike() once the words are done. */
static void
take_plain_match(void *ctx, uint32_t n, double relevance)
{
	struct word_matches *m = ctx;
	const struct best *b = m->b;
	struct hit h;

	m->c->total++;
	if (m->facets)
		bit_set(m->c->in[KIND_CATEGORY], n);
	/* A full page by relevance has no place for a match scoring worse than its worst
	** (before() compares the scores first): most matches of a large directory. */
	if (b->sort == SORT_RELEVANCE && b->k > 0 && b->n == b->k && relevance > b->hits[0].score)
		return;
	hit_init(m->s, m->w, n, relevance, &h);
	best_offer(m->b, &h);
}

/* After take_plain_match: every kind's marks are the category's, as many as the total. */
static void
counts_alike(const struct snapshot *s, int facets, struct counts *c)
{
	size_t bytes = bit_words(s) * sizeof *c->in[0];
	int kind;

	for (kind = 0; facets && kind < NKINDS; kind++) {
		if (kind != KIND_CATEGORY)
			memcpy(c->in[kind], c->in[KIND_CATEGORY], bytes);
		c->members[kind] = (size_t)c->total;
	}
}

/* Every public organization the words expr match, with its relevance: from the words in
** memory when the image holds them and they can evaluate expr. Else from FTS5; when the
** words' phrases are alternatives, the matches are gathered and ranked after the last one, which
** spares the index a pass per phrase (relevance.h). */
static int
consider_words(const struct snapshot *s, struct dbconn *db, const struct want *w, int facets,
    const char *expr, struct best *b, struct counts *c, char *err, size_t errlen)
{
	struct relevance_gather gather;
	struct word_matches m = { s, w, facets, b, c };
	int plain = filters_none(w) && !w->point;
	size_t i;
	int rc;

	if (s->words != NULL && (rc = wordindex_search(s->words, expr,
	    plain ? take_plain_match : take_match, &m)) != 0) {
		if (rc < 0)
			snprintf(err, errlen, "out of memory");
		else if (plain)
			counts_alike(s, facets, c);
		return rc < 0 ? -1 : 0;
	}
	if (!searchterms_alternatives_only(expr))
		return step_words(s, db, w, facets, expr, NULL, b, c, err, errlen);
	memset(&gather, 0, sizeof gather);
	rc = step_words(s, db, w, facets, expr, &gather, b, c, err, errlen);
	if (rc == 0 && relevance_gather_rank(&gather) != 0) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (i = 0; rc == 0 && i < gather.n; i++)
		consider(s, w, facets, gather.number[i], gather.score[i], b, c);
	relevance_gather_free(&gather);
	return rc;
}

/* ---- without words or a point: bit sets ------------------------------------------- */

/* A search with neither words nor a point is a matter of sets. Each filter's
** organizations are a union or an intersection of the image's bit sets (a place or an
** opening time is tested on the organizations the sets leave, from their lists); the
** total and the facets count the sets; and the page is the first members of the result,
** since organizations are numbered in name order, the order such a search sorts by
** (by name, or by relevance, which is then 0 for all, then by number). consider() gives
** the same results one organization at a time. */

/* Word i of the set of every organization. */
static uint64_t
everyone_word(const struct snapshot *s, size_t i)
{
	return i + 1 < bit_words(s) ? ~(uint64_t)0 : ((uint64_t)1 << (s->norgs % 64)) - 1;
}

/* Word i of the organizations that pass kind's filter, which asks for any of its values
** (every organization when the search has none). */
static uint64_t
any_of_word(const struct snapshot *s, const struct want *w, int kind, size_t i)
{
	size_t words = bit_words(s);
	uint64_t mask, bits = 0;

	if (!w->has[kind])
		return everyone_word(s, i);
	for (mask = w->mask[kind]; mask != 0; mask &= mask - 1)
		bits |= s->holders[kind][(size_t)__builtin_ctzll(mask) * words + i];
	return bits;
}

/* Word i of the organizations that pass every filter but the category's and the
** language's: each of the commitments, fees, and then places and opening time. */
static uint64_t
others_word(const struct snapshot *s, const struct want *w, size_t i)
{
	size_t words = bit_words(s);
	uint64_t mask, bits = everyone_word(s, i), left;

	for (mask = w->mask[KIND_COMMITMENT]; mask != 0; mask &= mask - 1)
		bits &= s->holders[KIND_COMMITMENT][(size_t)__builtin_ctzll(mask) * words + i];
	if (w->fees_free)
		bits &= s->free_of_fees[i];
	if (filters_by_lists(w))
		for (left = bits; left != 0; left &= left - 1)
			if (fails_lists(s, w, i * 64 + (size_t)__builtin_ctzll(left)))
				bits &= ~(left & -left);
	return bits;
}

/* Mark word i of a kind's facet candidates and count them. */
static void
count_word(struct counts *c, int kind, size_t i, uint64_t bits)
{
	c->in[kind][i] = bits;
	c->members[kind] += (size_t)__builtin_popcountll(bits);
}

/* The members of matched (word i) into the page while it has room, in number order. */
static void
take_first(const struct snapshot *s, const struct want *w, size_t i, uint64_t matched,
    struct best *b)
{
	for (; matched != 0 && b->n < b->k; matched &= matched - 1)
		hit_init(s, w, i * 64 + (size_t)__builtin_ctzll(matched), 0, &b->hits[b->n++]);
}

/* The page taken best first, as best_offer() keeps it: a heap whose root is the worst
** (a list sorted worst first is one). */
static void
best_from_sorted(struct best *b)
{
	struct hit tmp;
	size_t i;

	for (i = 0; i < b->n / 2; i++) {
		tmp = b->hits[i];
		b->hits[i] = b->hits[b->n - 1 - i];
		b->hits[b->n - 1 - i] = tmp;
	}
}

/* A search without words or a point: the counts and the page, as consider() would give
** them for every organization. */
static void
search_sets(const struct snapshot *s, const struct want *w, int facets, struct best *b,
    struct counts *c)
{
	size_t i, words = bit_words(s);
	uint64_t others, category, language, matched;

	for (i = 0; i < words; i++) {
		others = others_word(s, w, i);
		category = any_of_word(s, w, KIND_CATEGORY, i);
		language = any_of_word(s, w, KIND_LANGUAGE, i);
		matched = others & category & language;
		c->total += __builtin_popcountll(matched);
		if (facets) {
			count_word(c, KIND_CATEGORY, i, others & language);
			count_word(c, KIND_LANGUAGE, i, others & category);
			count_word(c, KIND_COMMITMENT, i, matched);
		}
		take_first(s, w, i, matched, b);
	}
	best_from_sorted(b);
}

/* ---- near a point, nearest first -------------------------------------------------- */

/* A search sorted by distance without words: the image's cells (pointgrid.h) give the
** page from the cells nearest the point, and a radius's matches from whole cells, so
** neither measures every organization. The results are those consider() gives. */

/* 1 when every point of c lies within the radius, as nearest() and consider() take it:
** in the box, and surely within the distance. */
static int
cell_surely_within(const struct want *w, const struct pointgrid_cell *c)
{
	return c->lat_lo >= w->box.lat_min && c->lat_hi <= w->box.lat_max &&
	    c->lon_lo >= w->box.lon_min && c->lon_hi <= w->box.lon_max &&
	    pointgrid_a_at_most(c, w->lat, w->lon, w->cos_lat) <= w->surely_within;
}

static int
point_within(const struct want *w, const struct point *pt)
{
	return pt->lat >= w->box.lat_min && pt->lat <= w->box.lat_max &&
	    pt->lon >= w->box.lon_min && pt->lon <= w->box.lon_max &&
	    distance_to(w, pt, INFINITY) <= w->radius_km;
}

/* The organizations with a point within the radius, as bits, from the cells of the walk
** (those not surely beyond it). */
static void
mark_within(const struct snapshot *s, const struct want *w, const struct pointgrid_walk *walk,
    uint64_t *within)
{
	const struct pointgrid_cell *c;
	const struct pointgrid_entry *e, *end;
	size_t i;
	int all;

	memset(within, 0, bit_words(s) * sizeof *within);
	for (i = 0; i < walk->n; i++) {
		c = &s->grid.cells[walk->heap[i].cell];
		all = cell_surely_within(w, c);
		end = s->grid.entry + c->end;
		for (e = s->grid.entry + c->start; e < end; e++)
			if (all || point_within(w, &s->points[e->point]))
				bit_set(within, e->tag);
	}
}

static void
count_one(const struct snapshot *s, const struct want *w, int facets, size_t n,
    struct counts *c)
{
	int failed = fails(s, w, n);

	if (!counts_nowhere(failed, facets))
		count_in(facets, n, failed, c);
}

/* The total and facets of the candidates: those in within, or every organization when
** within is NULL (no radius). */
static void
count_near(const struct snapshot *s, const struct want *w, int facets, const uint64_t *within,
    struct counts *c)
{
	size_t i, words = bit_words(s);
	uint64_t bits;

	if (!facets && filters_none(w)) {
		if (within == NULL)
			c->total = (long)s->norgs;
		for (i = 0; within != NULL && i < words; i++)
			c->total += __builtin_popcountll(within[i]);
		return;
	}
	if (within == NULL) {
		for (i = 0; i < s->norgs; i++)
			count_one(s, w, facets, i, c);
		return;
	}
	for (i = 0; i < words; i++)
		for (bits = within[i]; bits != 0; bits &= bits - 1)
			count_one(s, w, facets, i * 64 + (size_t)__builtin_ctzll(bits), c);
}

/* Offer organization n, seen for the first time, to the page when it matches. */
static void
offer_near(const struct snapshot *s, const struct want *w, const uint64_t *within, size_t n,
    struct best *b)
{
	struct hit h;

	if ((within != NULL && !bit_has(within, n)) || fails(s, w, n) != 0)
		return;
	hit_init(s, w, n, 0, &h);
	nearest(s, w, n, INFINITY, &h);
	best_offer(b, &h);
}

/* The page from the cells nearest first, until the next cannot hold an organization
** nearer than the farthest the full page holds; then, without a radius, those without a
** point, which come after every one with one, in number order. seen (cleared first)
** marks the organizations taken up. */
static void
page_near(const struct snapshot *s, const struct want *w, const uint64_t *within,
    uint64_t *seen, struct pointgrid_walk *walk, struct best *b)
{
	struct pointgrid_step step;
	const struct pointgrid_cell *c;
	struct hit h;
	uint32_t e;
	size_t n;
	double next;

	memset(seen, 0, bit_words(s) * sizeof *seen);
	while (b->k > 0 && pointgrid_walk_peek(walk, &next)) {
		if (b->n == b->k && pointgrid_beyond(next, b->hits[0].km))
			return;
		pointgrid_walk_next(walk, &step);
		c = &s->grid.cells[step.cell];
		for (e = c->start; e < c->end; e++) {
			n = s->grid.entry[e].tag;
			if (!bit_has(seen, n)) {
				bit_set(seen, n);
				offer_near(s, w, within, n, b);
			}
		}
	}
	for (n = 0; within == NULL && b->n < b->k && n < s->norgs; n++)
		if (s->point_start[n] == s->point_start[n + 1] && fails(s, w, n) == 0) {
			hit_init(s, w, n, 0, &h);
			best_offer(b, &h);
		}
}

/* An idle work area, or a new one (its contents left as they are: each use clears what
** it needs). NULL out of memory. */
static struct near_work *
near_take(const struct snapshot *s)
{
	size_t words = bit_words(s);
	struct near_work *k;

	pthread_mutex_lock(&s->near->lock);
	if ((k = s->near->idle) != NULL)
		s->near->idle = k->next;
	pthread_mutex_unlock(&s->near->lock);
	if (k == NULL) {
		if ((k = calloc(1, sizeof *k)) == NULL)
			return NULL;
		k->steps = malloc((s->grid.ncells ? s->grid.ncells : 1) * sizeof *k->steps);
		k->seen = malloc(words * sizeof *k->seen);
		k->within = malloc(words * sizeof *k->within);
		if (k->steps == NULL || k->seen == NULL || k->within == NULL) {
			near_work_free(k);
			return NULL;
		}
	}
	return k;
}

static void
near_give(const struct snapshot *s, struct near_work *k)
{
	pthread_mutex_lock(&s->near->lock);
	k->next = s->near->idle;
	s->near->idle = k;
	pthread_mutex_unlock(&s->near->lock);
}

/* A search near a point sorted by distance, without words. 0, or -1 out of memory. */
static int
search_near(const struct snapshot *s, const struct want *w, int facets, struct best *b,
    struct counts *c)
{
	struct pointgrid_walk walk;
	struct near_work *k = near_take(s);
	uint64_t *within;

	if (k == NULL)
		return -1;
	within = w->radius ? k->within : NULL;
	pointgrid_walk_start(&s->grid, w->lat, w->lon, w->cos_lat,
	    w->radius ? w->radius_km : INFINITY, k->steps, &walk);
	if (within != NULL)
		mark_within(s, w, &walk, within);
	count_near(s, w, facets, within, c);
	page_near(s, w, within, k->seen, &walk, b);
	near_give(s, k);
	return 0;
}

/* {"category": {value: n}, "commitment": {...}, "language": {...}}, values counted. */
static json_t *
facets_json(const struct snapshot *s, const struct counts *c)
{
	static const char *const names[NKINDS] = { "category", "language", "commitment" };
	json_t *out = json_pack("{s{}s{}s{}}", "category", "commitment", "language"), *kind;
	size_t k, i;

	if (out == NULL)
		return NULL;
	for (k = 0; k < NKINDS; k++) {
		kind = json_object_get(out, names[k]);
		for (i = 0; i < s->values[k].n; i++)
			if (c->of[k][i] > 0 &&
			    json_object_set_new(kind, s->values[k].name[i], json_integer(c->of[k][i])) != 0) {
				json_decref(out);
				return NULL;
			}
	}
	return out;
}

/* The rows of the sorted candidates from offset on. 0, or -1 out of memory. */
static int
page_rows(const struct snapshot *s, const struct best *b, long offset, struct snapshot_page *out)
{
	size_t i, first = (size_t)offset;
	const struct hit *h;

	out->nrows = b->n > first ? b->n - first : 0;
	out->rows = calloc(out->nrows ? out->nrows : 1, sizeof *out->rows);
	if (out->rows == NULL)
		return -1;
	for (i = 0; i < out->nrows; i++) {
		h = &b->hits[first + i];
		out->rows[i].org_id = s->orgs[h->n].org_id;
		out->rows[i].score = h->score;
		out->rows[i].km = h->km;
		out->rows[i].location_id = h->location_id;
		out->rows[i].has_point = h->has_point;
	}
	return 0;
}

int
snapshot_search(const struct snapshot *s, struct dbconn *db, const struct search_params *p,
    const char *expr, long offset, long limit, struct snapshot_page *out, char *err,
    size_t errlen)
{
	struct counts *c = counts_new(s, p->count_facets);
	struct best b;
	struct want w;
	size_t i, k = (size_t)offset + (size_t)limit;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	if (k > s->norgs)
		k = s->norgs;
	b.k = k;
	b.hits = malloc((k ? k : 1) * sizeof *b.hits);
	if (c == NULL || b.hits == NULL || want_of(s, p, &w) != 0) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	b.sort = w.sort;
	if (!w.nothing) {
		if (expr != NULL) {
			if (consider_words(s, db, &w, p->count_facets, expr, &b, c, err, errlen) != 0)
				goto done;
		} else if (w.point && w.sort == SORT_DISTANCE) {
			if (search_near(s, &w, p->count_facets, &b, c) != 0)
				goto oom;
		} else if (!w.point) {
			search_sets(s, &w, p->count_facets, &b, c);
		} else {
			for (i = 0; i < s->norgs; i++)
				consider(s, &w, p->count_facets, i, 0, &b, c);
		}
	}
	best_sort(&b);
	counts_settle(s, c);
	if (page_rows(s, &b, offset, out) != 0)
		goto oom;
	out->total = c->total;
	if (p->count_facets && c->total > 0 && (out->facets = facets_json(s, c)) == NULL)
		goto oom;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory");
	snapshot_page_free(out);
done:
	free(b.hits);
	counts_free(c);
	return rc;
}

void
snapshot_page_free(struct snapshot_page *page)
{
	free(page->rows);
	json_decref(page->facets);
	page->rows = NULL;
	page->facets = NULL;
	page->nrows = 0;
}
