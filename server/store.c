/*
** store.c - writes organization records and everything derived from them; reads them
** back for export (see store.h).
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bulkindex.h"
#include "documents.h"
#include "hours.h"
#include "jsonarena.h"
#include "places.h"
#include "publish.h"
#include "store.h"

static const char sql_org_upsert[] =
    "INSERT INTO organization (uuid, name, name_key, state, provides_services, updated_on,"
    " demo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,"
    " state = excluded.state, provides_services = excluded.provides_services,"
    " updated_on = excluded.updated_on, demo = excluded.demo"
    " RETURNING org_id";
/* An import into an empty directory has nothing to update: a plain INSERT, whose row id
** is read with sqlite3_last_insert_rowid, as RETURNING costs SQLite a table of results
** made for each run (callgrind, import of 10k: 41k instructions a row, a twelfth of the
** writer's). OR FAIL, as the opening periods: the table's trigger makes it a statement
** that writes twice, and one of those that may stop with ABORT opens a statement journal,
** and FTS5 syncs the search index at each (import of 10k: 5.61G -> 5.05G instructions
** with the periods, a tenth of the writer's). A failed statement's rows are taken back
** by its transaction, which every store path rolls back on any error. */
static const char sql_org_insert[] =
    "INSERT OR FAIL INTO organization (uuid, name, name_key, state, provides_services,"
    " updated_on, demo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_doc_upsert[] =
    "INSERT INTO organization_document (org_id, record, public_view, summary)"
    " VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (org_id) DO UPDATE SET record = excluded.record,"
    " public_view = excluded.public_view, summary = excluded.summary";
static const char sql_del_commitments[] = "DELETE FROM organization_commitment WHERE org_id = ?1";
static const char sql_del_facets[] = "DELETE FROM organization_facet WHERE org_id = ?1";
static const char sql_del_services[] = "DELETE FROM service WHERE org_id = ?1";
static const char sql_del_locations[] = "DELETE FROM location WHERE org_id = ?1";
static const char sql_del_search[] = "DELETE FROM search_index WHERE rowid = ?1";
/* Rows that come many to an organization (facets, opening periods) are written up to 8
** to a statement, in runs of 8, 4, 2 and 1 (put_rows): each statement run costs about as
** much again as the row it writes (measured: 1.1M facet rows in 0.97-1.19 s one by one,
** 0.48-0.62 s 11 by 11). MULTI_ROW_INSERTS makes the four constant statements, indexed
** by the log2 of the run, from the start of the INSERT and one row's placeholders. */
#define ROWS2(row) row ", " row
#define ROWS4(row) ROWS2(row) ", " ROWS2(row)
#define MULTI_ROW_INSERTS(head, row) \
    { head row, head ROWS2(row), head ROWS4(row), head ROWS4(row) ", " ROWS4(row) }
static const char *const sql_add_facets[] = MULTI_ROW_INSERTS(
    "INSERT OR IGNORE INTO organization_facet (org_id, kind, value) VALUES ", "(?, ?, ?)");
/* OR IGNORE, as the facets: a statement that may stop half-way needs a statement journal
** for each run, which cost more than the statements it saved (callgrind, import of 10k:
** 0.47G more instructions with the commitments and services written so without it). A
** record's commitments are distinct (the checker refuses one given twice). */
static const char *const sql_add_commitments[] = MULTI_ROW_INSERTS(
    "INSERT OR IGNORE INTO organization_commitment (org_id, commitment, since) VALUES ",
    "(?, ?, ?)");
static const char sql_add_service[] = "INSERT INTO service (uuid, org_id) VALUES (?1, ?2)";
static const char sql_add_location[] =
    "INSERT INTO location (uuid, org_id, confidential, latitude, longitude, precision)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/* OR FAIL: a run of several rows would otherwise open a statement journal (see
** sql_org_insert). */
static const char *const sql_add_periods[] = MULTI_ROW_INSERTS(
    "INSERT OR FAIL INTO opening_period (location_id, org_id, day, opens, closes) VALUES ",
    "(?, ?, ?, ?, ?)");
static const char sql_add_search[] =
    "INSERT INTO search_index (rowid, name, alternate_names, description, services,"
    " categories, places) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* A batch (store_import, store_rederive) keeps the rows of the search index aside and
** writes them with one statement per BATCH_ROWS rows and one at its end. FTS5 flushes
** the terms it holds at every statement savepoint of the transaction, and most
** statements of store_put open one: row by row, each organization became an index
** segment of its own and FTS5 spent the import merging them. */
static const char sql_pending_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS pending_search (org_id INTEGER PRIMARY KEY, name TEXT,"
    " alternate_names TEXT, description TEXT, services TEXT, categories TEXT, places TEXT)";
static const char sql_pending_add[] =
    "INSERT OR REPLACE INTO temp.pending_search (org_id, name, alternate_names, description,"
    " services, categories, places) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_pending_write[] =
    "INSERT INTO search_index (rowid, name, alternate_names, description, services,"
    " categories, places) SELECT org_id, name, alternate_names, description, services,"
    " categories, places FROM temp.pending_search ORDER BY org_id";
static const char sql_pending_clear[] = "DELETE FROM temp.pending_search";
/* FTS5's automatic merging of the index's segments, off for a batch and back to FTS5's
** own default (4) at its end (batch_row_added says why). Both are written in the
** index's configuration within the batch's transaction, so a batch rolled back leaves
** it as it was. */
static const char sql_merge_off[] =
    "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)";
static const char sql_merge_on[] =
    "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 4)";
static const char sql_terms_clear[] = "DELETE FROM search_term";
static const char sql_terms_fill[] =
    "INSERT INTO search_term (term) SELECT term FROM search_vocabulary";

/* A single save (store_put) updates search_term from the organization's index row alone:
** rebuilding it from search_vocabulary reads every term of the index (0.4-0.7 s at 100k
** organizations). The row before the save (rowid 1) and after it (rowid 2) are copied
** into a scratch FTS5 table with the tokenizer of search_index (schema/001, which these
** must match) to list their terms; the terms of the new row are added, and a term only
** the old row had is dropped when the index no longer holds it anywhere. search_term
** thus stays exactly the index's list of terms. */
static const char sql_scratch_create[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_scratch USING fts5 (name, alternate_names,"
    " description, services, categories, places, tokenize = 'unicode61 remove_diacritics 2')";
static const char sql_scratch_terms_create[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_scratch_terms"
    " USING fts5vocab (temp, term_scratch, 'instance')";
static const char sql_scratch_clear[] = "DELETE FROM temp.term_scratch";
static const char sql_scratch_copy[] =
    "INSERT INTO temp.term_scratch (rowid, name, alternate_names, description, services,"
    " categories, places) SELECT ?2, name, alternate_names, description, services, categories,"
    " places FROM search_index WHERE rowid = (SELECT org_id FROM organization WHERE uuid = ?1)";
static const char sql_terms_add[] =
    "INSERT OR IGNORE INTO search_term (term)"
    " SELECT DISTINCT term FROM temp.term_scratch_terms WHERE doc = 2";
/* "Does the index still hold the term?" asks the index as a phrase query, which stops at
** the first row: search_vocabulary would count every row of the term's document list. */
static const char sql_terms_drop[] =
    "DELETE FROM search_term WHERE term IN (SELECT term FROM temp.term_scratch_terms"
    " WHERE doc = 1 EXCEPT SELECT term FROM temp.term_scratch_terms WHERE doc = 2)"
    " AND NOT EXISTS (SELECT 1 FROM search_index"
    " WHERE search_index MATCH '\"' || replace(search_term.term, '\"', '\"\"') || '\"')";

static const char sql_export[] =
    "SELECT d.record FROM organization o JOIN organization_document d ON d.org_id = o.org_id"
    " ORDER BY o.name_key, o.uuid";
static const char sql_any_org[] = "SELECT 1 FROM organization LIMIT 1";
static const char sql_all_org_ids[] = "SELECT org_id FROM organization ORDER BY org_id";
static const char sql_record_of[] = "SELECT record FROM organization_document WHERE org_id = ?1";

static int
delete_derived(struct dbconn *c, sqlite3_int64 org_id, char *err, size_t errlen)
{
	const char *const deletes[] = { sql_del_commitments, sql_del_facets, sql_del_services,
	    sql_del_locations, sql_del_search };
	sqlite3_stmt *stmt;
	size_t i;

	for (i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
		if ((stmt = dbconn_stmt(c, deletes[i], err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, org_id);
		if (db_step_done(c, stmt, "clearing derived rows", err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Bind row i of rows to the statement's parameters from first on. */
typedef void (*bind_row_fn)(sqlite3_stmt *stmt, int first, const void *rows, size_t i);

/* Write rows 0..n-1 of rows with sqls (MULTI_ROW_INSERTS), each row taking params
** parameters, in runs of 8, 4, 2 and 1. 0, or -1 with "what: reason". */
static int
put_rows(struct dbconn *c, const char *const sqls[4], int params, size_t n, bind_row_fn bind,
    const void *rows, const char *what, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	size_t done = 0, per, j;
	int which;

	while (done < n) {
		for (per = 8, which = 3; per > n - done; per /= 2)
			which--;
		if ((stmt = dbconn_stmt(c, sqls[which], err, errlen)) == NULL)
			return -1;
		for (j = 0; j < per; j++, done++)
			bind(stmt, params * (int)j + 1, rows, done);
		if (db_step_done(c, stmt, what, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* An organization's facets, as rows.c found them (each kind and value once), for
** put_rows. */
struct facet_rows {
	sqlite3_int64             org_id;
	const struct record_rows *rows;
};

static void
bind_facet(sqlite3_stmt *stmt, int first, const void *rows, size_t i)
{
	const struct facet_rows *f = rows;

	sqlite3_bind_int64(stmt, first, f->org_id);
	sqlite3_bind_text(stmt, first + 1, f->rows->facets[i].kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, first + 2, rows_facet_value(f->rows, i), -1, SQLITE_STATIC);
}

/* A facet without a value (in a record the callers did not check: a checked one has
** none, and the column refuses it too) is refused before any other row of the record's
** services and locations is written. */
static int
facets_complete(const struct record_rows *r, char *err, size_t errlen)
{
	if (r->missing == NULL)
		return 0;
	snprintf(err, errlen, "saving a facet: a %s without a value", r->missing);
	return -1;
}

static int
put_facets(struct dbconn *c, sqlite3_int64 org_id, const struct record_rows *r, char *err,
    size_t errlen)
{
	struct facet_rows rows = { org_id, r };

	return put_rows(c, sql_add_facets, 3, r->nfacets, bind_facet, &rows, "saving a facet",
	    err, errlen);
}

/* An organization's commitments, for put_rows. */
struct commitment_rows {
	sqlite3_int64  org_id;
	const json_t  *list;
};

static void
bind_commitment(sqlite3_stmt *stmt, int first, const void *rows, size_t i)
{
	const struct commitment_rows *r = rows;
	const json_t *item = json_array_get(r->list, i), *since = json_object_get(item, "since");

	sqlite3_bind_int64(stmt, first, r->org_id);
	sqlite3_bind_text(stmt, first + 1, json_string_value(json_object_get(item, "id")), -1, SQLITE_STATIC);
	if (json_is_string(since))	/* left unbound, it is NULL (dbconn_stmt clears) */
		sqlite3_bind_text(stmt, first + 2, json_string_value(since), -1, SQLITE_STATIC);
}

static int
put_commitments(struct dbconn *c, sqlite3_int64 org_id, const json_t *record, char *err, size_t errlen)
{
	struct commitment_rows rows = { org_id, json_object_get(record, "commitments") };

	return put_rows(c, sql_add_commitments, 3, json_array_size(rows.list), bind_commitment,
	    &rows, "saving a commitment", err, errlen);
}

/* Insert a row keyed by a service's or location's uuid; a uuid another organization
** already uses is reported as such. */
static int
unique_error(struct dbconn *c, int rc, const char *what, const char *uuid, char *err,
    size_t errlen)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		snprintf(err, errlen, "%s id %s is already used by another organization", what, uuid);
	else
		snprintf(err, errlen, "saving a %s: %s", what, sqlite3_errmsg(c->db));
	return -1;
}

static int
step_unique(struct dbconn *c, sqlite3_stmt *stmt, const char *what, const char *uuid,
    char *err, size_t errlen)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : unique_error(c, rc, what, uuid, err, errlen);
}

static int
put_services(struct dbconn *c, sqlite3_int64 org_id, const json_t *record, char *err,
    size_t errlen)
{
	const json_t *svc;
	sqlite3_stmt *stmt;
	const char *uuid;
	size_t i;

	json_array_foreach(json_object_get(record, "services"), i, svc) {
		if ((stmt = dbconn_stmt(c, sql_add_service, err, errlen)) == NULL)
			return -1;
		uuid = json_string_value(json_object_get(svc, "id"));
		sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, org_id);
		if (step_unique(c, stmt, "service", uuid, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* The point a location is measured from, and how precise it is. */
struct point {
	double      latitude, longitude;
	const char *precision;   /* NULL when the location has no point */
};

/* The centre of the place called name, if it is a place of city (or of no city). */
static const struct place *
known_place(const struct places *places, const json_t *name, const json_t *city, int want_city)
{
	const struct place *pl, *in;

	if (places == NULL || !json_is_string(name))
		return NULL;
	pl = places_find(places, json_string_value(name));
	if (pl == NULL || (pl->kind == PLACE_CITY) != want_city)
		return NULL;
	if (want_city || pl->city == NULL)
		return pl;
	in = places_find(places, pl->city);
	return in != NULL && in == places_find(places, json_string_value(city)) ? pl : NULL;
}

static void
location_point(const struct places *places, const json_t *loc, int confidential,
    struct point *pt)
{
	const json_t *lat = json_object_get(loc, "latitude"), *lon = json_object_get(loc, "longitude");
	const json_t *city = json_object_get(loc, "city");
	const struct place *pl;

	pt->precision = NULL;
	if (json_is_number(lat) && json_is_number(lon)) {
		pt->latitude = json_number_value(lat);
		pt->longitude = json_number_value(lon);
		pt->precision = "exact";
		if (confidential) {
			pt->latitude = publish_round_point(pt->latitude);
			pt->longitude = publish_round_point(pt->longitude);
			pt->precision = "rounded";
		}
		return;
	}
	if ((pl = known_place(places, json_object_get(loc, "neighbourhood"), city, 0)) != NULL)
		pt->precision = "neighbourhood";
	else if ((pl = known_place(places, city, city, 1)) != NULL)
		pt->precision = "city";
	if (pl != NULL) {
		pt->latitude = pl->latitude;
		pt->longitude = pl->longitude;
	}
}

/* A location's opening periods, for put_rows. */
struct period_rows {
	sqlite3_int64              location_id, org_id;
	const struct hours_period *periods;
};

static void
bind_period(sqlite3_stmt *stmt, int first, const void *rows, size_t i)
{
	const struct period_rows *r = rows;

	sqlite3_bind_int64(stmt, first, r->location_id);
	sqlite3_bind_int64(stmt, first + 1, r->org_id);
	sqlite3_bind_int(stmt, first + 2, r->periods[i].day);
	sqlite3_bind_int(stmt, first + 3, r->periods[i].opens);
	sqlite3_bind_int(stmt, first + 4, r->periods[i].closes);
}

/* Location i's periods, as rows.c read them from its hours. */
static int
put_periods(struct dbconn *c, sqlite3_int64 org_id, sqlite3_int64 location_id,
    const struct record_rows *r, size_t i, char *err, size_t errlen)
{
	struct period_rows rows = { location_id, org_id, NULL };
	size_t n;

	if (r->unreadable == i + 1) {
		snprintf(err, errlen, "hours: cannot be read");
		return -1;
	}
	rows.periods = rows_periods(r, i, &n);
	return put_rows(c, sql_add_periods, 5, n, bind_period, &rows, "storing opening hours",
	    err, errlen);
}

/* Insert one location row; *location_id receives its id. */
static int
put_location_row(struct dbconn *c, const struct places *places, sqlite3_int64 org_id,
    const json_t *loc, sqlite3_int64 *location_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_add_location, err, errlen);
	const char *uuid = json_string_value(json_object_get(loc, "id"));
	int confidential = json_is_true(json_object_get(loc, "confidential")), rc;
	struct point pt;

	if (stmt == NULL)
		return -1;
	location_point(places, loc, confidential, &pt);
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, org_id);
	sqlite3_bind_int(stmt, 3, confidential);
	if (pt.precision != NULL) {
		sqlite3_bind_double(stmt, 4, pt.latitude);
		sqlite3_bind_double(stmt, 5, pt.longitude);
		sqlite3_bind_text(stmt, 6, pt.precision, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return unique_error(c, rc, "location", uuid, err, errlen);
	*location_id = sqlite3_last_insert_rowid(c->db);
	return 0;
}

static int
put_locations(struct dbconn *c, const struct places *places, sqlite3_int64 org_id,
    const json_t *record, const struct record_rows *r, char *err, size_t errlen)
{
	const json_t *loc;
	sqlite3_int64 location_id;
	size_t i;

	json_array_foreach(json_object_get(record, "locations"), i, loc) {
		if (put_location_row(c, places, org_id, loc, &location_id, err, errlen) != 0 ||
		    put_periods(c, org_id, location_id, r, i, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static void
bind_buf(sqlite3_stmt *stmt, int col, const struct buf *b)
{
	sqlite3_bind_text(stmt, col, b->data ? b->data : "", (int)b->len, SQLITE_STATIC);
}

/* The search index row of the record: written now, or kept aside until the end of the
** batch when batched. */
static int
put_search_text(struct dbconn *c, sqlite3_int64 org_id, const json_t *record,
    const struct documents *docs, int batched, char *err, size_t errlen)
{
	const struct buf *columns[5];
	sqlite3_stmt *stmt;
	size_t i;

	if ((stmt = dbconn_stmt(c, batched ? sql_pending_add : sql_add_search, err, errlen)) == NULL)
		return -1;
	searchtext_columns(&docs->search, columns);
	sqlite3_bind_int64(stmt, 1, org_id);
	sqlite3_bind_text(stmt, 2, json_string_value(json_object_get(record, "name")), -1, SQLITE_STATIC);
	for (i = 0; i < 5; i++)
		bind_buf(stmt, (int)i + 3, columns[i]);
	return db_step_done(c, stmt, "indexing for search", err, errlen);
}

/* Insert or update the organization row (only insert when new); its org_id comes back in
** *org_id. */
static int
upsert_organization(struct dbconn *c, const json_t *record, const struct documents *docs,
    int new, sqlite3_int64 *org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, new ? sql_org_insert : sql_org_upsert, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, json_string_value(json_object_get(record, "id")), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, json_string_value(json_object_get(record, "name")), -1, SQLITE_STATIC);
	bind_buf(stmt, 3, &docs->name_key);
	sqlite3_bind_text(stmt, 4, json_string_value(json_object_get(json_object_get(record,
	    "verification"), "state")), -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, json_is_true(json_object_get(record, "provides_services")));
	sqlite3_bind_text(stmt, 6, json_string_value(json_object_get(record, "updated_on")), -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 7, json_is_true(json_object_get(record, "demo")));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*org_id = sqlite3_column_int64(stmt, 0);
	else if (rc == SQLITE_DONE && new)
		*org_id = sqlite3_last_insert_rowid(c->db);
	else
		snprintf(err, errlen, "saving the organization: %s", sqlite3_errmsg(c->db));
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || (rc == SQLITE_DONE && new) ? 0 : -1;
}

static int
same_text(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* The public view is stored only when it differs from the record (NULL otherwise, and
** read as coalesce(public_view, record): schema/006). */
static int
put_documents(struct dbconn *c, sqlite3_int64 org_id, const struct documents *d, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_doc_upsert, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	bind_buf(stmt, 2, &d->record);
	if (!same_text(&d->public_view, &d->record))
		bind_buf(stmt, 3, &d->public_view);
	bind_buf(stmt, 4, &d->summary);
	return db_step_done(c, stmt, "saving the documents", err, errlen);
}

/* How put_record writes. */
#define PUT_BATCHED 1	/* the search index row is kept aside until the batch ends */
#define PUT_NEW     2	/* the directory held no organization when the batch began, and
			** the batch never stores one twice: there are no rows to replace */

/* store_put, with the documents made (documents_make), written as how says. */
static int
put_record(struct dbconn *c, const struct places *places, const json_t *record,
    const struct documents *docs, unsigned how, char *err, size_t errlen)
{
	sqlite3_int64 org_id;

	if (upsert_organization(c, record, docs, how & PUT_NEW, &org_id, err, errlen) != 0)
		return -1;
	return put_documents(c, org_id, docs, err, errlen) != 0 ||
	    (!(how & PUT_NEW) && delete_derived(c, org_id, err, errlen) != 0) ||
	    put_commitments(c, org_id, record, err, errlen) != 0 ||
	    facets_complete(&docs->rows, err, errlen) != 0 ||
	    put_services(c, org_id, record, err, errlen) != 0 ||
	    put_locations(c, places, org_id, record, &docs->rows, err, errlen) != 0 ||
	    put_facets(c, org_id, &docs->rows, err, errlen) != 0 ||
	    put_search_text(c, org_id, record, docs, how & PUT_BATCHED, err, errlen) != 0 ? -1 : 0;
}

/* Run each constant statement of sqls, without parameters, in order. */
static int
run_all(struct dbconn *c, const char *const *sqls, size_t n, const char *what, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	size_t i;

	for (i = 0; i < n; i++)
		if ((stmt = dbconn_stmt(c, sqls[i], err, errlen)) == NULL ||
		    db_step_done(c, stmt, what, err, errlen) != 0)
			return -1;
	return 0;
}

/* Start a batch: the table of index rows kept aside exists and is empty, and the index
** does not merge its segments. */
static int
batch_begin(struct dbconn *c, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_pending_create, sql_pending_clear, sql_merge_off };

	return run_all(c, sqls, 3, "preparing the search index", err, errlen);
}

/* The list of the index's terms, read again from the index. */
static int
refresh_terms(struct dbconn *c, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_terms_clear, sql_terms_fill };

	return run_all(c, sqls, 2, "listing the search terms", err, errlen);
}

/* Every index row kept aside goes into the index in one statement. */
static int
batch_flush(struct dbconn *c, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_pending_write, sql_pending_clear };

	return run_all(c, sqls, 2, "indexing for search", err, errlen);
}

/* After one more row was kept aside (*pending counts them): every BATCH_ROWS rows, they
** go into the index. An import thus writes most of its index while its reading thread
** is still parsing and checking the file, when the writer would otherwise wait for it,
** instead of all of it once the file is read. Each flush becomes one segment of the
** index (16,384 rows are about 20 MB of text), left as it is until the batch ends: with
** FTS5's automatic merging, four of the seven segments of 100k organizations were read
** and written again into one, 8% of the writer's instructions (callgrind, import of
** 100k: 62.4G -> 57.1G), for no gain in searches (they take as long on either index, and
** the search image is built as fast). Later saves merge them a little at each write. */
#define BATCH_ROWS 16384

static int
batch_row_added(struct dbconn *c, size_t *pending, char *err, size_t errlen)
{
	if (++*pending < BATCH_ROWS)
		return 0;
	*pending = 0;
	return batch_flush(c, err, errlen);
}

/* End a batch: the rows still kept aside go into the index, which merges its segments
** again from now on, and its terms are listed. */
static int
batch_end(struct dbconn *c, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_merge_on };

	return batch_flush(c, err, errlen) != 0 ||
	    run_all(c, sqls, 1, "finishing the search index", err, errlen) != 0 ||
	    refresh_terms(c, err, errlen) != 0 ? -1 : 0;
}

/* Copy the index row of the organization uuid, if it has one, into the scratch table as
** rowid which (1: before the save, 2: after). */
static int
scratch_copy(struct dbconn *c, const char *uuid, int which, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_scratch_copy, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, which);
	return db_step_done(c, stmt, "listing the search terms", err, errlen);
}

/* Before a single save: the scratch table exists and holds the row about to change. */
static int
terms_before(struct dbconn *c, const char *uuid, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_scratch_create, sql_scratch_terms_create,
	    sql_scratch_clear };

	return run_all(c, sqls, 3, "listing the search terms", err, errlen) != 0 ||
	    scratch_copy(c, uuid, 1, err, errlen) != 0 ? -1 : 0;
}

/* After a single save: search_term gains the new row's terms and loses the old row's
** terms that the index no longer holds. */
static int
terms_after(struct dbconn *c, const char *uuid, char *err, size_t errlen)
{
	const char *const sqls[] = { sql_terms_add, sql_terms_drop, sql_scratch_clear };

	return scratch_copy(c, uuid, 2, err, errlen) != 0 ||
	    run_all(c, sqls, 3, "listing the search terms", err, errlen) != 0 ? -1 : 0;
}

int
store_put(struct dbconn *c, const struct places *places, const json_t *record, char *err,
    size_t errlen)
{
	const char *uuid = json_string_value(json_object_get(record, "id"));
	struct documents docs = DOCUMENTS_INIT;
	int rc;

	if (uuid == NULL) {
		snprintf(err, errlen, "record: no id");
		return -1;
	}
	if (documents_make(record, &docs) != 0) {
		documents_free(&docs);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = terms_before(c, uuid, err, errlen) != 0 ||
	    put_record(c, places, record, &docs, 0, err, errlen) != 0 ||
	    terms_after(c, uuid, err, errlen) != 0 ? -1 : 0;
	documents_free(&docs);
	return rc;
}

/* Store the settings the file gives; the others stay as they are. */
static int
put_settings(struct dbconn *c, const json_t *directory, char *err, size_t errlen)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)directory, key, value)
		if (db_set_setting(c, key, json_string_value(value), err, errlen) != 0)
			return -1;
	return 0;
}

/* 1 if no organization is stored yet, 0 if some is, -1 with a message. */
static int
directory_empty(struct dbconn *c, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_any_org, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_DONE;
	return db_failed(c, "reading the organizations", err, errlen);
}

struct store_import {
	struct dbconn *c;
	struct places  places;            /* centres of neighbourhoods and cities */
	int            rollback_journal;  /* 1: switched from WAL for this import */
	unsigned       how;               /* put_record's flags */
	size_t         pending;           /* index rows kept aside (batch_row_added) */
	int            open;              /* the transaction is open */
	struct bulkindex indexes;         /* set aside until the commit (PUT_NEW) */
};

struct store_import *
store_import_begin(struct dbconn *c, char *err, size_t errlen)
{
	struct store_import *imp = calloc(1, sizeof *imp);
	int empty, still_empty;

	if (imp == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	imp->c = c;
	if (places_load_embedded(&imp->places, err, errlen) != 0) {
		free(imp);
		return NULL;
	}
	/* The first load of a directory goes through a rollback journal, which has nothing
	** to save for pages that did not exist, where WAL writes every page twice (WAL, then
	** checkpoint). Measured, 100k organizations: 74 s -> 66 s, 17 s -> 9 s of system
	** time. Only then: an import that replaces stored organizations copies each page it
	** changes into the journal, so gains little; and a rollback journal shuts readers
	** out whenever the writer spills or commits pages (a server started meanwhile would
	** wait and fail), where WAL lets it go on answering from the directory as it was.
	** An empty directory has nothing to answer from. */
	/* The schema's CHECK constraints are left to the checker for the import's rows: its
	** documents are jsonout's text of checked values and json_valid parsed each of them
	** again, a fifth of the writer's instructions (callgrind, import of 10k: 8.35G ->
	** 6.73G); the other rows come from checked records the same way. store_import_abort
	** turns them on again, and the tests run PRAGMA integrity_check (which applies them)
	** on what imports wrote. */
	if ((empty = directory_empty(c, err, errlen)) < 0 ||
	    (empty && (imp->rollback_journal = db_journal_rollback(c, err, errlen)) < 0) ||
	    (empty && db_exec(c, "PRAGMA foreign_keys = OFF", err, errlen) != 0) ||
	    db_exec(c, "PRAGMA ignore_check_constraints = ON", err, errlen) != 0 ||
	    db_exec(c, "BEGIN IMMEDIATE", err, errlen) != 0)
		goto fail;
	imp->open = 1;
	/* Asked again under the write lock: another process may have stored meanwhile, and
	** without foreign keys a replaced location would keep its hours (ON DELETE CASCADE). */
	if (empty && (still_empty = directory_empty(c, err, errlen)) != 1) {
		if (still_empty == 0)
			snprintf(err, errlen, "another process stored organizations as this import "
			    "began; nothing was imported, run it again");
		goto fail;
	}
	/* The secondary indexes are made at the commit (bulkindex.h). Measured, 100k
	** organizations: 21.6 s -> 18.1 s. */
	if ((empty && bulkindex_drop(c, &imp->indexes, err, errlen) != 0) ||
	    batch_begin(c, err, errlen) != 0)
		goto fail;
	imp->how = PUT_BATCHED | (empty ? PUT_NEW : 0);
	return imp;
fail:
	store_import_abort(imp);
	return NULL;
}

int
store_import_put(struct store_import *imp, const json_t *record, const struct documents *docs,
    size_t i, char *err, size_t errlen)
{
	char msg[512];

	if (put_record(imp->c, &imp->places, record, docs, imp->how, msg, sizeof msg) == 0)
		return batch_row_added(imp->c, &imp->pending, err, errlen);
	snprintf(err, errlen, "organizations[%zu] \"%.80s\": %s", i,
	    json_string_value(json_object_get(record, "name")), msg);
	return -1;
}

/* Leave the journal mode as `serve` and every later write expect it: WAL. */
static int
back_to_wal(struct store_import *imp, char *err, size_t errlen)
{
	char msg[256];

	if (imp->rollback_journal != 1 || db_journal_wal(imp->c, msg, sizeof msg) == 0)
		return 0;
	snprintf(err, errlen, "%s", msg);
	return -1;
}

int
store_import_commit(struct store_import *imp, const json_t *directory, char *err, size_t errlen)
{
	char msg[256];
	int rc = -1;

	if (bulkindex_restore(imp->c, &imp->indexes, err, errlen) != 0 ||
	    batch_end(imp->c, err, errlen) != 0 || put_settings(imp->c, directory, err, errlen) != 0 ||
	    db_exec(imp->c, "COMMIT", err, errlen) != 0) {
		store_import_abort(imp);
		return -1;
	}
	imp->open = 0;
	if (back_to_wal(imp, msg, sizeof msg) == 0)
		rc = 0;
	else
		snprintf(err, errlen, "the organizations are stored, but %s", msg);
	imp->rollback_journal = 0;
	store_import_abort(imp);
	return rc;
}

void
store_import_abort(struct store_import *imp)
{
	char ignored[256];

	if (imp == NULL)
		return;
	if (imp->open)
		sqlite3_exec(imp->c->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(imp->c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	sqlite3_exec(imp->c->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	back_to_wal(imp, ignored, sizeof ignored);
	bulkindex_free(&imp->indexes);
	places_free(&imp->places);
	free(imp);
}

int
store_import(struct dbconn *c, const json_t *orgs, const json_t *directory, char *err, size_t errlen)
{
	struct documents docs = DOCUMENTS_INIT;
	struct store_import *imp = store_import_begin(c, err, errlen);
	const json_t *rec;
	size_t i;

	if (imp == NULL)
		return -1;
	json_array_foreach(orgs, i, rec) {
		if (documents_make(rec, &docs) != 0) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		if (store_import_put(imp, rec, &docs, i, err, errlen) != 0)
			goto fail;
	}
	documents_free(&docs);
	return store_import_commit(imp, directory, err, errlen);
fail:
	documents_free(&docs);
	store_import_abort(imp);
	return -1;
}

/* Every organization's id, in *ids (caller frees) and *n. */
static int
all_org_ids(struct dbconn *c, sqlite3_int64 **ids, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_all_org_ids, err, errlen);
	sqlite3_int64 *grown;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((grown = realloc(*ids, cap * sizeof **ids)) == NULL)
				break;
			*ids = grown;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "reading the stored records failed");
	return -1;
}

/* Store the record of org_id again. */
static int
rederive_one(struct dbconn *c, const struct places *places, struct documents *docs,
    sqlite3_int64 org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_record_of, err, errlen);
	json_t *record = NULL;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		record = db_column_json(stmt, 0);
	sqlite3_reset(stmt);
	if (record == NULL) {
		snprintf(err, errlen, "the stored record of organization %lld cannot be read",
		    (long long)org_id);
		return -1;
	}
	if (documents_make(record, docs) != 0) {
		json_decref(record);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (put_record(c, places, record, docs, PUT_BATCHED, err, errlen) != 0) {
		json_decref(record);
		return -1;
	}
	json_decref(record);
	return 0;
}

int
store_rederive(struct dbconn *c, char *err, size_t errlen)
{
	struct documents docs = DOCUMENTS_INIT;
	struct places places;
	sqlite3_int64 *ids = NULL;
	size_t i, n = 0, pending = 0;
	int rc = -1;

	if (places_load_embedded(&places, err, errlen) != 0)
		return -1;
	if (all_org_ids(c, &ids, &n, err, errlen) != 0 || batch_begin(c, err, errlen) != 0)
		goto done;
	for (i = 0; i < n; i++)
		if (rederive_one(c, &places, &docs, ids[i], err, errlen) != 0 ||
		    batch_row_added(c, &pending, err, errlen) != 0)
			goto done;
	rc = batch_end(c, err, errlen);
done:
	free(ids);
	documents_free(&docs);
	places_free(&places);
	return rc;
}

/* Write text, inserting indent after every newline, so that a record dumped on its own
** lines up as an element of the organizations array. */
static int
write_indented(FILE *out, const char *text, const char *indent)
{
	const char *p;

	for (p = text; *p != '\0'; p++) {
		if (fputc(*p, out) == EOF)
			return -1;
		if (*p == '\n' && fputs(indent, out) == EOF)
			return -1;
	}
	return 0;
}

static int
export_header(struct dbconn *c, FILE *out)
{
	char tz[128], lang[16];
	json_t *dir;
	char *text;
	int rc;

	if (db_setting(c, "time_zone", tz, sizeof tz) != 0)
		snprintf(tz, sizeof tz, "America/Montreal");
	if (db_setting(c, "default_language", lang, sizeof lang) != 0)
		snprintf(lang, sizeof lang, "fr");
	dir = json_pack("{ssss}", "time_zone", tz, "default_language", lang);
	text = dir ? json_dumps(dir, JSON_INDENT(2) | STORE_JSON_FLAGS) : NULL;
	json_decref(dir);
	if (text == NULL)
		return -1;
	fputs("{\n  \"format\": \"solidarity-directory\",\n  \"version\": 1,\n  \"directory\": ", out);
	rc = write_indented(out, text, "  ");
	fputs(",\n  \"organizations\": [", out);
	json_text_free(text);
	return rc;
}

/* Re-dump one stored record with the export's indentation. */
static int
export_record(FILE *out, const char *stored, int first)
{
	json_t *rec = json_loads(stored, 0, NULL);
	char *text = rec ? json_dumps(rec, JSON_INDENT(2) | STORE_JSON_FLAGS) : NULL;
	int rc = -1;

	if (text != NULL) {
		fputs(first ? "\n    " : ",\n    ", out);
		rc = write_indented(out, text, "    ");
	}
	json_text_free(text);
	json_decref(rec);
	return rc;
}

int
store_export(struct dbconn *c, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	int rc, first = 1;

	if (export_header(c, out) != 0)
		goto fail;
	if ((stmt = dbconn_stmt(c, sql_export, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (export_record(out, (const char *)sqlite3_column_text(stmt, 0), first) != 0) {
			sqlite3_reset(stmt);
			goto fail;
		}
		first = 0;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading the directory: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "writing the export failed");
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "out of memory or write error while exporting");
	return -1;
}
