/*
** db.c - database connections, schema migrations and the statement cache (see db.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "geo.h"
#include "jsonin.h"
#include "relevance.h"
#include "embedded.h"

static const char sql_user_version[] = "PRAGMA user_version";

static void
set_err(char *err, size_t errlen, const char *what, sqlite3 *db)
{
	snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int
apply_pragmas(struct dbconn *c, enum db_mode mode, char *err, size_t errlen)
{
	if (db_exec(c, "PRAGMA foreign_keys = ON", err, errlen) != 0)
		return -1;
	/* Sorts and temporary tables stay in memory, never in files under /var/tmp. */
	if (db_exec(c, "PRAGMA temp_store = MEMORY", err, errlen) != 0)
		return -1;
	if (mode == DB_READONLY)
		return db_exec(c, "PRAGMA query_only = ON", err, errlen);
	/* A new database gets 16 KiB pages, before WAL mode writes its header: an
	** organization's documents (5-8 KB) then fit in one page instead of a chain of
	** overflow pages. Measured, import of 100k organizations in three A/B pairs:
	** 0.5, 3.9 and 2.3 s faster, and a fifth less system time; searches unchanged. A
	** database that has pages keeps their size (SQLite ignores the pragma then). */
	if (mode == DB_CREATE && db_exec(c, "PRAGMA page_size = 16384", err, errlen) != 0)
		return -1;
	if (db_exec(c, "PRAGMA journal_mode = WAL", err, errlen) != 0)
		return -1;
	return db_exec(c, "PRAGMA synchronous = FULL", err, errlen);
}

void
db_library_setup(void)
{
	/* Fails harmlessly (SQLITE_MISUSE) if SQLite was already initialized. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
db_open(const char *path, enum db_mode mode, struct dbconn *out, char *err, size_t errlen)
{
	struct dbconn c;
	int flags = SQLITE_OPEN_NOMUTEX;

	memset(&c, 0, sizeof c);
	if (mode == DB_READONLY)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE;
	if (mode == DB_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &c.db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		    c.db ? sqlite3_errmsg(c.db) : "out of memory");
		sqlite3_close(c.db);
		return -1;
	}
	sqlite3_busy_timeout(c.db, 5000);
	sqlite3_extended_result_codes(c.db, 1);
	if (geo_register_sql(c.db) != SQLITE_OK || relevance_register(c.db) != SQLITE_OK) {
		snprintf(err, errlen, "cannot register SQL functions: %s", sqlite3_errmsg(c.db));
		db_close(&c);
		return -1;
	}
	if (apply_pragmas(&c, mode, err, errlen) != 0) {
		db_close(&c);
		return -1;
	}
	*out = c;
	return 0;
}

void
db_close(struct dbconn *c)
{
	int i;

	for (i = 0; i < c->ncached; i++)
		sqlite3_finalize(c->cache[i].stmt);
	c->ncached = 0;
	if (c->db != NULL)
		sqlite3_close(c->db);
	c->db = NULL;
}

sqlite3_stmt *
dbconn_stmt(struct dbconn *c, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	int i;

	for (i = 0; i < c->ncached; i++) {
		if (c->cache[i].sql == sql) {
			stmt = c->cache[i].stmt;
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return stmt;
		}
	}
	if (c->ncached == DBCONN_CACHE_MAX) {
		snprintf(err, errlen, "statement cache full");
		return NULL;
	}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		set_err(err, errlen, "prepare", c->db);
		return NULL;
	}
	c->cache[c->ncached].sql = sql;
	c->cache[c->ncached].stmt = stmt;
	c->ncached++;
	return stmt;
}

int
db_exec(struct dbconn *c, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		set_err(err, errlen, "database", c->db);
		return -1;
	}
	return 0;
}

int
db_run(struct dbconn *c, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql, err, errlen);

	return stmt != NULL ? db_step_done(c, stmt, sql, err, errlen) : -1;
}

/* Set the journal mode with sql ("PRAGMA journal_mode = X"); 1 if the mode SQLite reports
** afterwards is want, 0 if it is another (or the pragma failed: another connection holds
** the database), -1 with a message if the answer cannot be read. */
static int
journal_mode_set(struct dbconn *c, const char *sql, const char *want, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	const unsigned char *mode;
	int switched;

	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		set_err(err, errlen, "journal mode", c->db);
		return -1;
	}
	switched = sqlite3_step(stmt) == SQLITE_ROW && (mode = sqlite3_column_text(stmt, 0)) != NULL &&
	    strcmp((const char *)mode, want) == 0;
	sqlite3_finalize(stmt);
	return switched;
}

int
db_journal_rollback(struct dbconn *c, char *err, size_t errlen)
{
	return journal_mode_set(c, "PRAGMA journal_mode = TRUNCATE", "truncate", err, errlen);
}

int
db_journal_wal(struct dbconn *c, char *err, size_t errlen)
{
	int switched = journal_mode_set(c, "PRAGMA journal_mode = WAL", "wal", err, errlen);

	if (switched == 0)
		set_err(err, errlen, "setting the journal back to WAL", c->db);
	return switched == 1 ? 0 : -1;
}

/* The number a migration file name starts with ("schema/007-x.sql" -> 7), or -1. */
static int
migration_number(const char *name)
{
	const char *p;
	int n = 0;

	if (strncmp(name, "schema/", 7) != 0)
		return -1;
	for (p = name + 7; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	if (p == name + 7 || *p != '-' || strcmp(name + strlen(name) - 4, ".sql") != 0)
		return -1;
	return n;
}

int
db_schema_latest(void)
{
	size_t i;
	int n, latest = 0;

	for (i = 0; i < embedded_count; i++) {
		n = migration_number(embedded_files[i].name);
		if (n > latest)
			latest = n;
	}
	return latest;
}

static int
user_version(struct dbconn *c, int *version, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_user_version, err, errlen);

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		set_err(err, errlen, "reading schema version", c->db);
		sqlite3_reset(stmt);
		return -1;
	}
	*version = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

/* Run one migration file; the file's number becomes user_version. */
static int
apply_migration(struct dbconn *c, const struct embedded_file *f, int number,
    char *err, size_t errlen)
{
	char sql[64];
	int version;

	if (sqlite3_exec(c->db, (const char *)f->data, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", f->name, sqlite3_errmsg(c->db));
		return -1;
	}
	/* PRAGMA takes no bound parameters; number is an int parsed from our own file name. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", number);
	return db_exec(c, sql, err, errlen) != 0 || user_version(c, &version, err, errlen) != 0 ?
	    -1 : 0;
}

/* Apply the migrations newer than version, in order; *count receives how many. */
static int
apply_newer(struct dbconn *c, int version, int *count, char *err, size_t errlen)
{
	size_t i;
	int n;

	*count = 0;
	/* embedded_files is sorted by name and migration names are zero-padded. */
	for (i = 0; i < embedded_count; i++) {
		n = migration_number(embedded_files[i].name);
		if (n <= version)
			continue;
		if (apply_migration(c, &embedded_files[i], n, err, errlen) != 0)
			return -1;
		version = n;
		(*count)++;
	}
	return 0;
}

int
db_migrate(struct dbconn *c, db_derive_fn derive, int *applied, char *err, size_t errlen)
{
	int version, count = 0;

	if (user_version(c, &version, err, errlen) != 0)
		return -1;
	if (version > db_schema_latest()) {
		snprintf(err, errlen, "database schema version %d is newer than this program's (%d)",
		    version, db_schema_latest());
		return -1;
	}
	if (db_exec(c, "BEGIN IMMEDIATE", err, errlen) != 0)
		return -1;
	if (apply_newer(c, version, &count, err, errlen) != 0 ||
	    (count > 0 && derive != NULL && derive(c, err, errlen) != 0) ||
	    db_exec(c, "COMMIT", err, errlen) != 0) {
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (applied != NULL)
		*applied = count;
	return 0;
}

int
db_check_version(struct dbconn *c, char *err, size_t errlen)
{
	int version;

	if (user_version(c, &version, err, errlen) != 0)
		return -1;
	if (version == db_schema_latest())
		return 0;
	if (version < db_schema_latest())
		snprintf(err, errlen, "database schema version %d is older than %d: run `solidarityd init` to migrate it",
		    version, db_schema_latest());
	else
		snprintf(err, errlen, "database schema version %d is newer than this program's (%d)",
		    version, db_schema_latest());
	return -1;
}

static const char sql_setting_get[] = "SELECT value FROM directory_setting WHERE key = ?1";
static const char sql_setting_set[] =
    "INSERT INTO directory_setting (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int
db_setting(struct dbconn *c, const char *key, char *out, size_t outlen)
{
	char err[128];
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_setting_get, err, sizeof err);
	int rc = -1;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(stmt, 0));
		rc = 0;
	}
	sqlite3_reset(stmt);
	return rc;
}

int
db_set_setting(struct dbconn *c, const char *key, const char *value, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_setting_set, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		set_err(err, errlen, "saving setting", c->db);
		return -1;
	}
	return 0;
}

int
db_step_done(struct dbconn *c, sqlite3_stmt *stmt, const char *what, char *err, size_t errlen)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : db_failed(c, what, err, errlen);
}

int
db_failed(struct dbconn *c, const char *what, char *err, size_t errlen)
{
	set_err(err, errlen, what, c->db);
	return -1;
}

void
db_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t outlen)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, outlen, "%s", s != NULL ? (const char *)s : "");
}

json_t *
db_column_json(sqlite3_stmt *stmt, int col)
{
	const char *text = (const char *)sqlite3_column_text(stmt, col);

	return text != NULL ? jsonin_parse(text, (size_t)sqlite3_column_bytes(stmt, col)) : NULL;
}
