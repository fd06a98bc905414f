/*
** test_store.c - storing and exporting records: export -> import into an empty database
** -> export gives identical bytes, and every row it wrote passes the schema's checks;
** an import that fails half-way changes nothing, and a record reusing another
** organization's service or location id is refused, naming it; the first import of a
** directory leaves it in WAL mode whether it fails or not, and its connection enforcing
** foreign keys and CHECK constraints again;
** importing a record again replaces it; saving one record keeps the list of search terms
** exact, so its new words reach the spelling fallback; init migrates an existing database
** in place, and brings a database of schema version 2 or 3 (documents inside the
** organization rows; 3 adds accounts) to the current schema with the same export and
** every account, revision, application and report kept; an organization with more
** facets, opening periods and commitments than store.c writes in one statement keeps
** them all, and one whose statement stops half-way (OR FAIL) leaves nothing; and
** one given a facet without a value gets an error.
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

#include "catalog.h"
#include "db.h"
#include "documents.h"
#include "embedded.h"
#include "publish.h"
#include "record.h"
#include "search.h"
#include "store.h"
#include "testsrv.h"

struct scratch {
	char dir[64];
	char a[128], b[128];
};

static void
scratch_paths(struct scratch *s)
{
	snprintf(s->dir, sizeof s->dir, "/tmp/sd-store-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->a, sizeof s->a, "%s/a.db", s->dir);
	snprintf(s->b, sizeof s->b, "%s/b.db", s->dir);
}

static void
scratch_free(struct scratch *s)
{
	testdb_remove(s->a);
	testdb_remove(s->b);
	rmdir(s->dir);
}

/* The export of the database at path is exactly the n bytes of expected. */
static void
assert_export_is(const char *path, const char *expected, size_t n)
{
	size_t len;
	char *text = testdb_export(path, &len);

	assert_int_equal(len, n);
	assert_memory_equal(text, expected, n);
	free(text);
}

static void
test_export_import_export_is_byte_identical(void **state)
{
	struct scratch s;
	char err[600], *first;
	size_t n1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, testsrv_all_fixtures, err, sizeof err), 0);
	assert_int_equal(testdb_create(s.b, NULL, err, sizeof err), 0);
	first = testdb_export(s.a, &n1);
	assert_true(n1 > 1000);
	assert_int_equal(testdb_import_text(s.b, first, err, sizeof err), 0);
	assert_export_is(s.b, first, n1);
	assert_int_equal(testdb_count(s.b), 126);
	free(first);
	first = testdb_integrity(s.b);	/* the import writes without CHECK constraints */
	assert_string_equal(first, "ok");
	free(first);
	scratch_free(&s);
}

/* The first id of the list (services or locations) in an export's text, into id. */
static void
first_id_in(const char *export, const char *list, char id[37])
{
	char head[64];
	const char *at;

	snprintf(head, sizeof head, "\"%s\": [\n        {\n          \"id\": \"", list);
	at = strstr(export, head);
	assert_non_null(at);
	snprintf(id, 37, "%.36s", at + strlen(head));
}

/* The file text is refused by the import into the database at path, its message holding
** said, and the database's export is still before (n bytes). */
static void
assert_refused_unchanged(const char *path, const char *text, const char *said,
    const char *before, size_t n)
{
	char err[600];

	assert_int_equal(testdb_import_text(path, text, err, sizeof err), -1);
	assert_non_null(strstr(err, said));
	assert_non_null(strstr(err, "is already used by another organization"));
	assert_export_is(path, before, n);
}

static void
test_failed_import_changes_nothing(void **state)
{
	static const char reuses_service[] =
	    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
	    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Nouvelle\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]},"
	    "{\"id\":\"11111111-2222-4333-8444-666666666666\",\"name\":\"Copie\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":true,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}],"
	    "\"services\":[{\"id\":\"%s\",\"name\":{\"fr\":\"S\"},\"categories\":[\"food\"],\"fees\":\"free\"}]}]}";
	static const char reuses_location[] =
	    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
	    "{\"id\":\"11111111-2222-4333-8444-666666666666\",\"name\":\"Copie\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}],"
	    "\"locations\":[{\"id\":\"%s\",\"city\":\"Montréal\"}]}]}";
	struct scratch s;
	char err[600], *before, id[37], file[1200];
	size_t n1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, testsrv_all_fixtures, err, sizeof err), 0);
	before = testdb_export(s.a, &n1);
	/* A file whose last record reuses a service id of another organization: the checker
	** cannot see it (the other organization is only in the database), the store refuses
	** it half-way through, and the transaction is rolled back. */
	first_id_in(before, "services", id);
	snprintf(file, sizeof file, reuses_service, id);
	assert_refused_unchanged(s.a, file, "organizations[1] \"Copie\": service id", before, n1);
	/* The same with a location id. */
	first_id_in(before, "locations", id);
	snprintf(file, sizeof file, reuses_location, id);
	assert_refused_unchanged(s.a, file, "organizations[0] \"Copie\": location id", before, n1);
	free(before);
	scratch_free(&s);
}

/* Run sql on the database at path through a plain connection, foreign keys off. */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The database at path is in WAL mode, as `serve` expects it. */
static void
assert_journal_is_wal(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* The first import into a directory goes through a rollback journal (store_import): it
** is still all or nothing, and the database is in WAL mode after it, failed or not. */
static void
test_first_import_is_all_or_nothing_and_leaves_wal(void **state)
{
	static const char file[] =
	    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
	    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Premier\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]},"
	    "{\"id\":\"11111111-2222-4333-8444-666666666666\",\"name\":\"Second\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":true,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}],"
	    "\"services\":[{\"id\":\"11111111-2222-4333-8444-777777777777\",\"name\":{\"fr\":\"S\"},"
	    "\"categories\":[\"food\"],\"fees\":\"free\"}]}]}";
	struct scratch s;
	char err[600], *before;
	size_t n;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	before = testdb_export(s.a, &n);
	/* A service row of no organization holds the second record's service id: the store
	** fails half-way through, in a directory that had no organization. */
	raw_exec(s.a, "INSERT INTO service (uuid, org_id)"
	    " VALUES ('11111111-2222-4333-8444-777777777777', 999)");
	assert_int_equal(testdb_import_text(s.a, file, err, sizeof err), -1);
	assert_non_null(strstr(err, "organizations[1] \"Second\": service id"));
	assert_int_equal(testdb_count(s.a), 0);
	assert_export_is(s.a, before, n);
	assert_journal_is_wal(s.a);
	raw_exec(s.a, "DELETE FROM service");
	assert_int_equal(testdb_import_text(s.a, file, err, sizeof err), 0);
	assert_int_equal(testdb_count(s.a), 2);
	assert_journal_is_wal(s.a);
	free(before);
	scratch_free(&s);
}

/* The value of the connection's pragma (sql: "PRAGMA name"), 1 for on and 0 for off. */
static int
pragma_on(struct dbconn *c, const char *sql)
{
	sqlite3_stmt *stmt;
	int on;

	assert_int_equal(sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	on = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return on;
}

/* The search index's automerge setting, -1 when it has none of its own (FTS5's default). */
static int
automerge_of(struct dbconn *c)
{
	sqlite3_stmt *stmt;
	int value;

	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT coalesce((SELECT v FROM"
	    " search_index_config WHERE k = 'automerge'), -1)", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

/* Every index of the schema, one "name: definition" per line (caller frees). */
static char *
index_definitions(struct dbconn *c)
{
	sqlite3_stmt *stmt;
	size_t len = 0;
	char *text = NULL;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT name, sql FROM sqlite_schema"
	    " WHERE type = 'index' ORDER BY name", -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		fprintf(out, "%s: %s\n", sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
	fclose(out);
	return text;
}

/* The first import into a directory writes without foreign key checks, without
** clearing rows that cannot exist yet and without its secondary indexes (bulkindex.h),
** and every import without the schema's CHECK constraints: the connection enforces
** foreign keys and CHECK constraints again afterwards and the schema has every index
** it had, failed or not, and a record given twice (which the file's checker never lets
** through) still fails, with nothing stored, instead of leaving stale rows. The search
** index merges its segments again after the import, as FTS5 does by default (a batch
** turns that off), and a failed one leaves its setting as it was. */
static void
test_first_import_restores_foreign_keys_and_indexes_and_refuses_a_record_twice(void **state)
{
	static const char record[] =
	    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Premier\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]}";
	struct dbconn c = { 0 };
	struct scratch s;
	json_t *in, *rec, *orgs, *dir = json_object();
	char err[600], *indexes, *now;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	in = json_loads(record, 0, NULL);
	assert_non_null(in);
	if (record_check(in, "2026-11-21", &rec, err, sizeof err) != 0)
		fail_msg("record_check: %s", err);
	orgs = json_pack("[OO]", rec, rec);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	indexes = index_definitions(&c);
	assert_non_null(strstr(indexes, "opening_period_by_org: CREATE INDEX"));
	assert_int_equal(db_exec(&c, "INSERT INTO search_index (search_index, rank)"
	    " VALUES ('automerge', 8)", err, sizeof err), 0);
	assert_int_equal(store_import(&c, orgs, dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "organizations[1] \"Premier\""));
	assert_int_equal(automerge_of(&c), 8);
	assert_int_equal(pragma_on(&c, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_on(&c, "PRAGMA ignore_check_constraints"), 0);
	now = index_definitions(&c);
	assert_string_equal(now, indexes);
	free(now);
	assert_int_equal(testdb_count(s.a), 0);
	json_array_remove(orgs, 1);
	assert_int_equal(store_import(&c, orgs, dir, err, sizeof err), 0);
	assert_int_equal(automerge_of(&c), 4);
	assert_int_equal(pragma_on(&c, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_on(&c, "PRAGMA ignore_check_constraints"), 0);
	now = index_definitions(&c);
	assert_string_equal(now, indexes);
	free(now);
	free(indexes);
	db_close(&c);
	assert_int_equal(testdb_count(s.a), 1);
	assert_journal_is_wal(s.a);
	json_decref(orgs);
	json_decref(rec);
	json_decref(in);
	json_decref(dir);
	scratch_free(&s);
}

static void
test_import_replaces_an_organization_by_id(void **state)
{
	static const char v1[] =
	    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
	    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Ancien nom\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,\"categories\":[\"food\"],"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]}]}";
	static const char v2[] =
	    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
	    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Nouveau nom\","
	    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
	    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]}]}";
	struct scratch s;
	char err[600], *text;
	size_t n;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	assert_int_equal(testdb_import_text(s.a, v1, err, sizeof err), 0);
	assert_int_equal(testdb_import_text(s.a, v2, err, sizeof err), 0);
	assert_int_equal(testdb_count(s.a), 1);
	text = testdb_export(s.a, &n);
	assert_null(strstr(text, "Ancien nom"));
	assert_non_null(strstr(text, "Nouveau nom"));
	assert_null(strstr(text, "\"food\""));
	free(text);
	scratch_free(&s);
}

static void
test_init_migrates_in_place_without_loss(void **state)
{
	struct dbconn c = { 0 };
	struct scratch s;
	char err[600], *before;
	size_t n1;
	int applied = -1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, testsrv_all_fixtures, err, sizeof err), 0);
	before = testdb_export(s.a, &n1);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	assert_int_equal(db_migrate(&c, store_rederive, &applied, err, sizeof err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(db_check_version(&c, err, sizeof err), 0);
	/* A database from the future is refused, not damaged. */
	assert_int_equal(db_exec(&c, "PRAGMA user_version = 999", err, sizeof err), 0);
	assert_int_equal(db_migrate(&c, store_rederive, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "newer than this program"));
	assert_int_equal(db_exec(&c, "PRAGMA user_version = 1", err, sizeof err), 0);
	db_close(&c);
	assert_export_is(s.a, before, n1);
	free(before);
	scratch_free(&s);
}

static const char sql_first_verified[] =
    "SELECT d.record FROM organization o JOIN organization_document d ON d.org_id = o.org_id"
    " WHERE o.state = 'verified' ORDER BY o.name_key, o.uuid LIMIT 1";
/* Terms of the index missing from search_term, plus terms of search_term the index lacks. */
static const char sql_terms_differ[] =
    "SELECT (SELECT count(*) FROM (SELECT term FROM search_vocabulary"
    " EXCEPT SELECT term FROM search_term))"
    " + (SELECT count(*) FROM (SELECT term FROM search_term"
    " EXCEPT SELECT term FROM search_vocabulary))";
static const char sql_has_term[] = "SELECT count(*) FROM search_term WHERE term = ?1";

/* The integer the statement sql (one optional text parameter) returns. */
static long
query_long(struct dbconn *c, const char *sql, const char *param)
{
	sqlite3_stmt *stmt;
	char err[300];
	long n;

	if ((stmt = dbconn_stmt(c, sql, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	if (param != NULL)
		sqlite3_bind_text(stmt, 1, param, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

/* The stored record of the first verified organization by name (caller releases). */
static json_t *
first_verified_record(struct dbconn *c)
{
	sqlite3_stmt *stmt;
	char err[300];
	json_t *record;

	if ((stmt = dbconn_stmt(c, sql_first_verified, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	record = json_loads((const char *)sqlite3_column_text(stmt, 0), 0, NULL);
	sqlite3_reset(stmt);
	assert_non_null(record);
	return record;
}

/* Save record with the French description text, as one store_put in its own transaction. */
static void
save_with_description(struct dbconn *c, const json_t *record, const char *text)
{
	json_t *changed = json_deep_copy(record), *canonical = NULL;
	char err[600];

	assert_int_equal(json_object_set_new(changed, "description", json_pack("{ss}", "fr", text)), 0);
	if (record_check(changed, "2026-11-21", &canonical, err, sizeof err) != 0)
		fail_msg("record_check: %s", err);
	assert_int_equal(db_exec(c, "BEGIN IMMEDIATE", err, sizeof err), 0);
	if (store_put(c, NULL, canonical, err, sizeof err) != 0)
		fail_msg("store_put: %s", err);
	assert_int_equal(db_exec(c, "COMMIT", err, sizeof err), 0);
	json_decref(canonical);
	json_decref(changed);
}

/* A search for q in the database at path: its total, whether the spelling fallback found
** it, and the id of its first result ("" when none). */
static long
search_once(const char *path, const char *q, int *fuzzy, char *first_id, size_t idlen)
{
	struct search_params p;
	struct search_result r;
	struct api_error aerr;
	struct dbconn c = { 0 };
	json_t *params = json_pack("{ss}", "q", q);
	const char *id;
	char err[300];
	long total;

	assert_int_equal(search_params_parse(params, NULL, &p, &aerr), 0);
	assert_int_equal(db_open(path, DB_READONLY, &c, err, sizeof err), 0);
	if (search_run(&c, NULL, &p, NULL, &r, err, sizeof err) != 0)
		fail_msg("search_run: %s", err);
	total = r.total;
	*fuzzy = r.fuzzy;
	id = json_string_value(json_object_get(json_array_get(r.views, 0), "id"));
	snprintf(first_id, idlen, "%s", id != NULL ? id : "");
	search_result_free(&r);
	search_params_free(&p);
	db_close(&c);
	json_decref(params);
	return total;
}

static void
test_saving_one_record_updates_the_search_terms(void **state)
{
	static const char *const demo[] = { "fixtures/demo-services.json", NULL };
	struct dbconn c = { 0 };
	struct scratch s;
	json_t *record;
	char err[600], uuid[64], first[64];
	int fuzzy;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, demo, err, sizeof err), 0);
	assert_int_equal(search_once(s.a, "zorbalume", &fuzzy, first, sizeof first), 0);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	record = first_verified_record(&c);
	snprintf(uuid, sizeof uuid, "%s", json_string_value(json_object_get(record, "id")));

	/* The new word is listed, and a misspelling of it finds the organization. */
	save_with_description(&c, record, "Atelier zorbalune le mardi.");
	assert_int_equal(query_long(&c, sql_has_term, "zorbalune"), 1);
	assert_int_equal(query_long(&c, sql_terms_differ, NULL), 0);
	assert_int_equal(search_once(s.a, "zorbalume", &fuzzy, first, sizeof first), 1);
	assert_true(fuzzy);
	assert_string_equal(first, uuid);

	/* Saved again without it: the word no other organization has leaves the list, and
	** the list is still exactly the index's terms. */
	save_with_description(&c, record, "Atelier vrombissant le mardi.");
	assert_int_equal(query_long(&c, sql_has_term, "zorbalune"), 0);
	assert_int_equal(query_long(&c, sql_has_term, "vrombissant"), 1);
	assert_int_equal(query_long(&c, sql_terms_differ, NULL), 0);
	assert_int_equal(search_once(s.a, "zorbalume", &fuzzy, first, sizeof first), 0);
	assert_int_equal(search_once(s.a, "vrombisant", &fuzzy, first, sizeof first), 1);
	assert_true(fuzzy);
	json_decref(record);
	db_close(&c);
	scratch_free(&s);
}

/* Run the embedded migration file name on c. */
static void
exec_embedded(struct dbconn *c, const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	char err[300];

	assert_non_null(f);
	if (db_exec(c, (const char *)f->data, err, sizeof err) != 0)
		fail_msg("%s: %s", name, err);
}

static const char sql_v2_insert[] =
    "INSERT INTO organization (uuid, name, name_key, state, provides_services, updated_on,"
    " demo, record, public_view) VALUES (json_extract(?1, '$.id'), json_extract(?1, '$.name'),"
    " lower(json_extract(?1, '$.name')), json_extract(?1, '$.verification.state'),"
    " json_extract(?1, '$.provides_services'), json_extract(?1, '$.updated_on'),"
    " json_extract(?1, '$.demo'), ?1, ?2)";

/* A database of schema version 2 or 3 holding the canonical records of the fixture file,
** as those versions stored them (only the organization rows: init derives the rest). */
static void
create_old_database(const char *path, const char *fixture, int version)
{
	json_t *root = json_load_file(fixture, 0, NULL), *orgs = NULL, *dir = NULL, *view;
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	char err[600], *record, *view_text;
	size_t i;

	assert_non_null(root);
	assert_int_equal(record_check_file(root, "2026-01-01", &orgs, &dir, err, sizeof err), 0);
	assert_int_equal(db_open(path, DB_CREATE, &c, err, sizeof err), 0);
	exec_embedded(&c, "schema/001-initial.sql");
	exec_embedded(&c, "schema/002-near-and-open.sql");
	assert_int_equal(db_exec(&c, "PRAGMA user_version = 2", err, sizeof err), 0);
	if (version == 3) {
		exec_embedded(&c, "schema/003-accounts.sql");
		assert_int_equal(db_exec(&c, "PRAGMA user_version = 3", err, sizeof err), 0);
	}
	for (i = 0; i < json_array_size(orgs); i++) {
		view = publish_view(json_array_get(orgs, i));
		record = json_dumps(json_array_get(orgs, i), JSON_COMPACT | STORE_JSON_FLAGS);
		view_text = json_dumps(view, JSON_COMPACT | STORE_JSON_FLAGS);
		stmt = dbconn_stmt(&c, sql_v2_insert, err, sizeof err);
		assert_non_null(stmt);
		sqlite3_bind_text(stmt, 1, record, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, view_text, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_reset(stmt);
		free(record);
		free(view_text);
		json_decref(view);
	}
	db_close(&c);
	json_decref(root);
	json_decref(orgs);
	json_decref(dir);
}

static void
test_init_migrates_a_version_2_database(void **state)
{
	static const char *const demo[] = { "fixtures/demo-services.json", NULL };
	struct dbconn c = { 0 };
	sqlite3_stmt *stmt;
	struct scratch s;
	char err[600], *expected;
	size_t n;
	int applied = -1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.b, demo, err, sizeof err), 0);
	expected = testdb_export(s.b, &n);
	create_old_database(s.a, "fixtures/demo-services.json", 2);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	if (db_migrate(&c, store_rederive, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
	assert_int_equal(applied, db_schema_latest() - 2);
	assert_int_equal(db_check_version(&c, err, sizeof err), 0);
	/* Every organization has its documents, and the summaries were derived again: none
	** is still the whole view the migration copied. */
	stmt = dbconn_stmt(&c, "SELECT count(*), sum(summary = coalesce(public_view, record)) FROM organization_document",
	    err, sizeof err);
	assert_non_null(stmt);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 60);
	assert_int_equal(sqlite3_column_int(stmt, 1), 0);
	sqlite3_reset(stmt);
	db_close(&c);
	assert_export_is(s.a, expected, n);
	free(expected);
	scratch_free(&s);
}

/* What version 3 added beside the organizations: an editor, a session, an API token, a
** revision, an application and a report, each tied to an organization. */
static const char sql_v3_people[] =
    "INSERT INTO account (role, login, org_id, passphrase, created_at)"
    "  SELECT 'editor', 'editrice', org_id, 'x', 1 FROM organization ORDER BY org_id LIMIT 1;"
    "INSERT INTO session (session_hash, account_id, created_at, last_seen_at)"
    "  SELECT x'01', account_id, 1, 1 FROM account;"
    "INSERT INTO api_token (token_hash, org_id, label, created_at, created_by)"
    "  SELECT x'02', org_id, 'site', 1, 'editrice' FROM account;"
    "INSERT INTO revision (org_id, made_at, author, action, changed, record)"
    "  SELECT org_id, 1, 'import', 'imported', '[]', record FROM organization"
    "  ORDER BY org_id LIMIT 3;"
    "INSERT INTO application (org_id, contact_name, submitted_on)"
    "  SELECT org_id, 'Ana', '2026-01-02' FROM organization ORDER BY org_id DESC LIMIT 1;"
    "INSERT INTO report (org_id, kind, details, reported_on)"
    "  SELECT org_id, 'other', 'closed on Mondays', '2026-01-03' FROM organization"
    "  ORDER BY org_id LIMIT 2";
static const char sql_v3_counts[] =
    "SELECT (SELECT count(*) FROM account) || '/' || (SELECT count(*) FROM session) || '/'"
    " || (SELECT count(*) FROM api_token) || '/' || (SELECT count(*) FROM revision) || '/'"
    " || (SELECT count(*) FROM application) || '/' || (SELECT count(*) FROM report) || '/'"
    " || (SELECT count(*) FROM pragma_foreign_key_check)";

/* The text the statement sql returns. */
static void
query_text(struct dbconn *c, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *stmt;
	char err[300];

	if ((stmt = dbconn_stmt(c, sql, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
}

static void
test_init_migrates_a_version_3_database(void **state)
{
	static const char *const demo[] = { "fixtures/demo-services.json", NULL };
	struct dbconn c = { 0 };
	struct scratch s;
	char err[600], *expected, counts[100];
	size_t n;
	int applied = -1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.b, demo, err, sizeof err), 0);
	expected = testdb_export(s.b, &n);
	create_old_database(s.a, "fixtures/demo-services.json", 3);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	assert_int_equal(db_exec(&c, sql_v3_people, err, sizeof err), 0);
	query_text(&c, sql_v3_counts, counts, sizeof counts);
	assert_string_equal(counts, "1/1/1/3/1/2/0");
	if (db_migrate(&c, store_rederive, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
	assert_int_equal(applied, db_schema_latest() - 3);
	assert_int_equal(db_check_version(&c, err, sizeof err), 0);
	query_text(&c, sql_v3_counts, counts, sizeof counts);
	assert_string_equal(counts, "1/1/1/3/1/2/0");
	assert_int_equal(query_long(&c, "SELECT count(*) FROM organization_document", NULL), 60);
	assert_int_equal(query_long(&c, sql_terms_differ, NULL), 0);
	db_close(&c);
	assert_export_is(s.a, expected, n);
	free(expected);
	scratch_free(&s);
}

/* Each stored public view is NULL exactly when it is its record's own text
** (schema/006), and otherwise the view the record gives; the directory has both kinds. */
static void
assert_views_stored_once(struct dbconn *c)
{
	struct documents docs = DOCUMENTS_INIT;
	sqlite3_stmt *stmt;
	const char *record, *view;
	json_t *parsed;
	int same = 0, differ = 0;

	assert_int_equal(sqlite3_prepare_v2(c->db, "SELECT record, public_view FROM"
	    " organization_document", -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		record = (const char *)sqlite3_column_text(stmt, 0);
		view = (const char *)sqlite3_column_text(stmt, 1);
		parsed = json_loads(record, 0, NULL);
		assert_non_null(parsed);
		assert_int_equal(documents_make(parsed, &docs), 0);
		json_decref(parsed);
		assert_int_equal(docs.record.len, strlen(record));
		assert_memory_equal(docs.record.data, record, docs.record.len);
		if (view == NULL) {
			assert_int_equal(docs.public_view.len, docs.record.len);
			assert_memory_equal(docs.public_view.data, record, docs.record.len);
			same++;
			continue;
		}
		assert_string_not_equal(view, record);
		assert_int_equal(docs.public_view.len, strlen(view));
		assert_memory_equal(docs.public_view.data, view, docs.public_view.len);
		differ++;
	}
	sqlite3_finalize(stmt);
	documents_free(&docs);
	assert_true(same > 0);
	assert_true(differ > 0);
}

/* An import stores each view once, and so does the migration from version 5, when every
** view was stored whole. */
static void
test_public_views_are_stored_once(void **state)
{
	static const char *const demo[] = { "fixtures/demo-services.json", NULL };
	struct dbconn c = { 0 };
	struct scratch s;
	char err[600];
	int applied = -1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, demo, err, sizeof err), 0);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	/* A new database has pages large enough for a whole organization's documents. */
	assert_int_equal(query_long(&c, "PRAGMA page_size", NULL), 16384);
	assert_views_stored_once(&c);
	assert_int_equal(db_exec(&c, "UPDATE organization_document SET public_view ="
	    " coalesce(public_view, record); PRAGMA user_version = 5", err, sizeof err), 0);
	assert_int_equal(query_long(&c, "SELECT count(*) FROM organization_document"
	    " WHERE public_view IS NULL", NULL), 0);
	if (db_migrate(&c, NULL, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
	assert_int_equal(applied, db_schema_latest() - 5);
	assert_views_stored_once(&c);
	db_close(&c);
	scratch_free(&s);
}

/* An organization whose services name every category and every spoken language of the
** catalogs, most of them several times, and a location with 15 opening periods: more
** facets than store.c gathers at once and every size of its multi-row statements. */
static char *
many_rows_file(void)
{
	static const char *const fees[] = { "free", "sliding-scale", "fee" };
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	const struct catalog_entry *cats = NULL, *commitments;
	const struct spoken_language *langs;
	json_t *services = json_array(), *hours = json_array(), *held = json_array(), *langs_of,
	    *file;
	size_t ncat, nlang, ncom, i, k;
	char uuid[64], *text;

	commitments = catalog_commitments(&ncom);
	for (i = 0; i < ncom; i++)	/* every other one with a date */
		json_array_append_new(held, json_pack("{ssso}", "id", commitments[i].id, "since",
		    i % 2 ? json_null() : json_string("2020-01-01")));
	cats = catalog_categories(&ncat);
	langs = catalog_languages(&nlang);
	for (i = 0; i < ncat; i++) {
		langs_of = json_array();
		for (k = 0; k < nlang; k++)	/* each language in two services */
			if (k % ncat == i || (k + 1) % ncat == i)
				json_array_append_new(langs_of, json_string(langs[k].code));
		snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012zu", i + 1);
		json_array_append_new(services, json_pack("{sss{ss}s[s]sssosb}", "id", uuid,
		    "name", "fr", "Service", "categories", cats[i].id, "fees", fees[i % 3],
		    "languages", langs_of, "no_id_needed", 1));
	}
	for (i = 0; i < 7; i++) {
		json_array_append_new(hours, json_pack("{ssssss}", "day", days[i], "opens", "08:00", "closes", "10:00"));
		json_array_append_new(hours, json_pack("{ssssss}", "day", days[i], "opens", "12:00", "closes", "14:00"));
		if (i == 0)
			json_array_append_new(hours, json_pack("{ssssss}", "day", days[i], "opens", "18:00", "closes", "20:00"));
	}
	file = json_pack("{sssis[{sssss{ss}sbs[s]sosos[{ssssso}]}]}",
	    "format", "solidarity-directory", "version", 1, "organizations",
	    "id", "99999999-0000-4000-8000-000000000001", "name", "Beaucoup de rangées",
	    "verification", "state", "verified", "provides_services", 1, "categories", cats[0].id,
	    "commitments", held, "services", services,
	    "locations", "id", "99999999-0000-4000-8000-000000000002", "city", "Montréal",
	    "hours", hours);
	assert_non_null(file);
	text = json_dumps(file, JSON_COMPACT);
	json_decref(file);
	return text;
}

static void
test_rows_written_several_to_a_statement_are_all_there(void **state)
{
	static const char sql_facets[] =
	    "SELECT count(*) FROM organization_facet WHERE kind = ?1";
	static const char sql_commitments[] =
	    "SELECT count(DISTINCT commitment) FROM organization_commitment";
	static const char sql_dated[] =
	    "SELECT count(*) FROM organization_commitment WHERE since = '2020-01-01'";
	static const char sql_periods[] =
	    "SELECT group_concat(day || ' ' || opens || '-' || closes, ',')"
	    " FROM (SELECT day, opens, closes FROM opening_period ORDER BY rowid)";
	struct dbconn c = { 0 };
	struct scratch s;
	sqlite3_stmt *stmt;
	char err[600], *text = many_rows_file();
	size_t ncat, nlang, ncom;

	(void)state;
	catalog_commitments(&ncom);
	assert_true(ncom > 4);	/* more than a run of 4: runs of 4, 2 and 1 */
	catalog_categories(&ncat);
	catalog_languages(&nlang);
	assert_true(ncat + nlang + 3 > 32);	/* runs of 8, 4, 2, 1; rows.c grows its list */
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	if (testdb_import_text(s.a, text, err, sizeof err) != 0)
		fail_msg("import: %s", err);
	assert_int_equal(db_open(s.a, DB_READONLY, &c, err, sizeof err), 0);
	assert_int_equal(query_long(&c, sql_facets, "category"), (long)ncat);
	assert_int_equal(query_long(&c, sql_facets, "language"), (long)nlang);
	assert_int_equal(query_long(&c, sql_facets, "fees"), 3);
	assert_int_equal(query_long(&c, sql_facets, "city"), 1);
	assert_int_equal(query_long(&c, sql_commitments, NULL), (long)ncom);
	assert_int_equal(query_long(&c, sql_dated, NULL), (long)(ncom + 1) / 2);
	assert_non_null(stmt = dbconn_stmt(&c, sql_periods, err, sizeof err));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0),
	    "0 480-600,0 720-840,0 1080-1200,1 480-600,1 720-840,2 480-600,2 720-840,"
	    "3 480-600,3 720-840,4 480-600,4 720-840,5 480-600,5 720-840,6 480-600,6 720-840");
	db_close(&c);
	free(text);
	scratch_free(&s);
}

/* The rows an import writes in the whole file's transaction, counted on path. */
static long
rows_written(const char *path)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM organization) + (SELECT count(*) FROM opening_period)"
	    " + (SELECT count(*) FROM organization_facet) + (SELECT count(*) FROM location)"
	    " + (SELECT count(*) FROM organization_document)";
	struct dbconn c = { 0 };
	char err[300];
	long n;

	assert_int_equal(db_open(path, DB_READONLY, &c, err, sizeof err), 0);
	n = query_long(&c, sql, NULL);
	db_close(&c);
	return n;
}

/* Some statements of an import stop where they fail without undoing the rows they wrote
** before (OR FAIL: no statement journal, store.c), as one whose fourth day is refused
** here by a trigger after three days of periods were written: the import's error
** names the cause and its transaction takes those rows back with everything else, into
** an empty directory (the first import's own way of writing) as into one already
** holding organizations. */
static void
test_a_statement_stopped_half_way_leaves_nothing(void **state)
{
	static const char refuse[] =
	    "CREATE TRIGGER refuse_thursday BEFORE INSERT ON opening_period WHEN NEW.day = 3"
	    " BEGIN SELECT RAISE(FAIL, 'refused by the test'); END";
	struct scratch s;
	char err[600], *text = many_rows_file(), *before;
	size_t n;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	raw_exec(s.a, refuse);
	assert_int_equal(testdb_import_text(s.a, text, err, sizeof err), -1);
	assert_non_null(strstr(err, "refused by the test"));
	assert_int_equal(rows_written(s.a), 0);
	raw_exec(s.a, "DROP TRIGGER refuse_thursday");
	if (testdb_import_text(s.a, text, err, sizeof err) != 0)
		fail_msg("import: %s", err);
	assert_true(rows_written(s.a) > 15);

	assert_int_equal(testdb_create(s.b, testsrv_all_fixtures, err, sizeof err), 0);
	before = testdb_export(s.b, &n);
	raw_exec(s.b, refuse);
	assert_int_equal(testdb_import_text(s.b, text, err, sizeof err), -1);
	assert_non_null(strstr(err, "refused by the test"));
	assert_export_is(s.b, before, n);
	free(before);
	free(text);
	scratch_free(&s);
}

/* store_put writes what it is given (the callers check records): a service without a fee
** level, which no checked record has, is refused with a message, not stored or crashed on. */
static void
test_a_facet_without_a_value_is_refused(void **state)
{
	struct dbconn c = { 0 };
	struct scratch s;
	char err[600];
	json_t *record = json_pack("{sssss{ss}sbsss[s]s[]s[{sss{ss}s[s]s[s]}]}",
	    "id", "99999999-0000-4000-8000-000000000003", "name", "Sans tarif",
	    "verification", "state", "verified", "provides_services", 1, "updated_on", "2026-01-01",
	    "categories", "food",
	    "commitments", "services", "id", "99999999-0000-4000-8000-000000000004",
	    "name", "fr", "Repas", "categories", "food", "languages", "fr");

	(void)state;
	assert_non_null(record);
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, NULL, err, sizeof err), 0);
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	assert_int_equal(db_exec(&c, "BEGIN", err, sizeof err), 0);
	err[0] = '\0';
	assert_int_equal(store_put(&c, NULL, record, err, sizeof err), -1);
	assert_string_equal(err, "saving a facet: a fees without a value");
	assert_int_equal(db_exec(&c, "ROLLBACK", err, sizeof err), 0);
	db_close(&c);
	json_decref(record);
	scratch_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_import_export_is_byte_identical),
		cmocka_unit_test(test_failed_import_changes_nothing),
		cmocka_unit_test(test_first_import_is_all_or_nothing_and_leaves_wal),
		cmocka_unit_test(test_first_import_restores_foreign_keys_and_indexes_and_refuses_a_record_twice),
		cmocka_unit_test(test_import_replaces_an_organization_by_id),
		cmocka_unit_test(test_init_migrates_in_place_without_loss),
		cmocka_unit_test(test_init_migrates_a_version_2_database),
		cmocka_unit_test(test_init_migrates_a_version_3_database),
		cmocka_unit_test(test_saving_one_record_updates_the_search_terms),
		cmocka_unit_test(test_public_views_are_stored_once),
		cmocka_unit_test(test_rows_written_several_to_a_statement_are_all_there),
		cmocka_unit_test(test_a_statement_stopped_half_way_leaves_nothing),
		cmocka_unit_test(test_a_facet_without_a_value_is_refused),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
