/*
** test_store.c - storing and exporting records: export -> import into an empty database
** -> export gives identical bytes; an import that fails half-way changes nothing;
** importing a record again replaces it; init migrates an existing database in place,
** and brings a database of schema version 2 (documents inside the organization rows) to
** the current schema with the same export.
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

#include "db.h"
#include "embedded.h"
#include "publish.h"
#include "record.h"
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

/* The export of the database at path, as a string (caller frees). */
static char *
export_text(const char *path, size_t *len)
{
	struct dbconn c = { 0 };
	char err[300], *text = NULL;
	FILE *mem = open_memstream(&text, len);

	assert_non_null(mem);
	assert_int_equal(db_open(path, DB_READONLY, &c, err, sizeof err), 0);
	if (store_export(&c, mem, err, sizeof err) != 0)
		fail_msg("export: %s", err);
	fclose(mem);
	db_close(&c);
	return text;
}

/* The export of the database at path is exactly the n bytes of expected. */
static void
assert_export_is(const char *path, const char *expected, size_t n)
{
	size_t len;
	char *text = export_text(path, &len);

	assert_int_equal(len, n);
	assert_memory_equal(text, expected, n);
	free(text);
}

/* Import the text of a directory file into the database at path. */
static int
import_text(const char *path, const char *text, char *err, size_t errlen)
{
	struct dbconn c = { 0 };
	json_t *root = json_loads(text, 0, NULL), *orgs, *dir;
	int rc = -1;

	assert_non_null(root);
	if (record_check_file(root, "2026-11-21", &orgs, &dir, err, errlen) == 0) {
		assert_int_equal(db_open(path, DB_READWRITE, &c, err, errlen), 0);
		rc = store_import(&c, orgs, dir, err, errlen);
		db_close(&c);
		json_decref(orgs);
		json_decref(dir);
	}
	json_decref(root);
	return rc;
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
	first = export_text(s.a, &n1);
	assert_true(n1 > 1000);
	assert_int_equal(import_text(s.b, first, err, sizeof err), 0);
	assert_export_is(s.b, first, n1);
	assert_int_equal(testdb_count(s.b), 126);
	free(first);
	scratch_free(&s);
}

static void
test_failed_import_changes_nothing(void **state)
{
	struct scratch s;
	char err[600], *before, *at;
	size_t n1;

	(void)state;
	scratch_paths(&s);
	assert_int_equal(testdb_create(s.a, testsrv_all_fixtures, err, sizeof err), 0);
	before = export_text(s.a, &n1);
	/* A file whose last record reuses a service id of another organization: the checker
	** cannot see it (the other organization is only in the database), the store refuses
	** it half-way through, and the transaction is rolled back. */
	at = strstr(before, "\"services\": [\n        {\n          \"id\": \"");
	assert_non_null(at);
	{
		static const char tail_record[] =
		    "{\"format\":\"solidarity-directory\",\"version\":1,\"organizations\":["
		    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"Nouvelle\","
		    "\"verification\":{\"state\":\"verified\"},\"provides_services\":false,"
		    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}]},"
		    "{\"id\":\"11111111-2222-4333-8444-666666666666\",\"name\":\"Copie\","
		    "\"verification\":{\"state\":\"verified\"},\"provides_services\":true,"
		    "\"commitments\":[{\"id\":\"status-for-all\",\"since\":null}],"
		    "\"services\":[{\"id\":\"%.36s\",\"name\":{\"fr\":\"S\"},\"categories\":[\"food\"],\"fees\":\"free\"}]}]}";
		char file[1200];

		snprintf(file, sizeof file, tail_record, at + strlen("\"services\": [\n        {\n          \"id\": \""));
		assert_int_equal(import_text(s.a, file, err, sizeof err), -1);
		assert_non_null(strstr(err, "organizations[1] \"Copie\": service id"));
		assert_non_null(strstr(err, "is already used by another organization"));
	}
	assert_export_is(s.a, before, n1);
	free(before);
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
	assert_int_equal(import_text(s.a, v1, err, sizeof err), 0);
	assert_int_equal(import_text(s.a, v2, err, sizeof err), 0);
	assert_int_equal(testdb_count(s.a), 1);
	text = export_text(s.a, &n);
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
	before = export_text(s.a, &n1);
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

/* A database of schema version 2 holding the canonical records of the fixture file, as
** that version stored them (only the organization rows: init derives the rest). */
static void
create_v2_database(const char *path, const char *fixture)
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
	expected = export_text(s.b, &n);
	create_v2_database(s.a, "fixtures/demo-services.json");
	assert_int_equal(db_open(s.a, DB_READWRITE, &c, err, sizeof err), 0);
	if (db_migrate(&c, store_rederive, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
	assert_int_equal(applied, db_schema_latest() - 2);
	assert_int_equal(db_check_version(&c, err, sizeof err), 0);
	/* Every organization has its documents, and the summaries were derived again: none
	** is still the whole view the migration copied. */
	stmt = dbconn_stmt(&c, "SELECT count(*), sum(summary = public_view) FROM organization_document",
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_import_export_is_byte_identical),
		cmocka_unit_test(test_failed_import_changes_nothing),
		cmocka_unit_test(test_import_replaces_an_organization_by_id),
		cmocka_unit_test(test_init_migrates_in_place_without_loss),
		cmocka_unit_test(test_init_migrates_a_version_2_database),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
