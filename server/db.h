/*
** db.h - opening the SQLite database, migrating its schema, and a per-connection cache
** of prepared statements. Every SQL statement in the server is a constant string with
** bound parameters, prepared through dbconn_stmt(); none is ever built from input.
*/
#ifndef SD_DB_H
#define SD_DB_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>

#define DBCONN_CACHE_MAX 128

enum db_mode {
	DB_CREATE,     /* read-write, created if missing */
	DB_READWRITE,  /* read-write, must exist */
	DB_READONLY    /* read-only, must exist */
};

struct dbconn {
	sqlite3 *db;                               /* the connection */
	int      ncached;                          /* entries used in cache[] */
	struct {
		const char   *sql;                     /* the constant SQL text (by address) */
		sqlite3_stmt *stmt;                    /* its prepared statement */
	} cache[DBCONN_CACHE_MAX];
};

/* Configure SQLite for the process, before any connection is opened: no global
** memory statistics, whose mutex every allocation of every thread would take (this
** SQLite is built without lookaside, so allocations are many). Only for the program's
** main(); a process that skips it works the same, only slower. */
void db_library_setup(void);

/* Open path in the given mode with the directory's pragmas (foreign keys on, WAL for
** read-write connections, full sync, busy timeout). 0, or -1 with a message in err. On
** error *out is left untouched and nothing stays open. */
int db_open(const char *path, enum db_mode mode, struct dbconn *out, char *err, size_t errlen);

/* For a bulk write: switch c from WAL to a rollback journal (TRUNCATE), which writes each
** new page of the database once instead of into the WAL and again at the checkpoint.
** SQLite refuses while another connection has the database open, and an in-memory
** database has no journal file: the connection then stays as it was. 1 if switched, 0 if
** not, -1 with a message on error. Call outside a transaction; synchronous stays FULL,
** so a transaction is still all-or-nothing across a crash. */
int db_journal_rollback(struct dbconn *c, char *err, size_t errlen);

/* Switch c back to WAL after db_journal_rollback(), outside a transaction. 0, or -1 with a
** message. */
int db_journal_wal(struct dbconn *c, char *err, size_t errlen);

/* Finalize every cached statement and close. Safe on a zeroed struct. */
void db_close(struct dbconn *c);

/* Rebuilds what is derived from the stored records after the schema changed. */
typedef int (*db_derive_fn)(struct dbconn *c, char *err, size_t errlen);

/* Apply every migration in schema/ newer than the database's user_version, then, when
** one was applied and derive is not NULL, call derive, all in one transaction. 0, or -1
** with a message; on failure the database is left exactly as it was. *applied (may be
** NULL) receives the number of migrations applied. */
int db_migrate(struct dbconn *c, db_derive_fn derive, int *applied, char *err, size_t errlen);

/* The schema version this program expects (the highest migration number). */
int db_schema_latest(void);

/* 0 if the database is at db_schema_latest(); -1 with a message otherwise. */
int db_check_version(struct dbconn *c, char *err, size_t errlen);

/* The prepared statement for the constant SQL text sql, reset and with bindings cleared.
** Compare by address: pass the same static string each time. NULL with a message on a
** prepare error or when the cache is full. The statement belongs to the connection. */
sqlite3_stmt *dbconn_stmt(struct dbconn *c, const char *sql, char *err, size_t errlen);

/* Run a statement that returns no rows (BEGIN, COMMIT...). 0, or -1 with a message. */
int db_exec(struct dbconn *c, const char *sql, char *err, size_t errlen);
/* The same for a constant SQL text run often, such as a request's BEGIN and COMMIT: its
** statement is prepared once and kept (dbconn_stmt), where db_exec parses it every time
** (with a parser SQLite allocates for it). 0, or -1 with a message. */
int db_run(struct dbconn *c, const char *sql, char *err, size_t errlen);

/* Put "what: SQLite's message" in err; returns -1, for "return db_failed(...)". */
int db_failed(struct dbconn *c, const char *what, char *err, size_t errlen);

/* Copy text column col of the current row into out ("" for NULL), shortened to fit. */
void db_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t outlen);

/* The JSON document in text column col of the current row, parsed (jsonin.h; a new
** reference), or NULL when the column is NULL or not an array or object. */
json_t *db_column_json(sqlite3_stmt *stmt, int col);

/* Step stmt, which must finish without rows, and reset it. 0, or -1 with "what: reason". */
int db_step_done(struct dbconn *c, sqlite3_stmt *stmt, const char *what, char *err, size_t errlen);

/* Read a directory setting into out (at most outlen-1 bytes). 0, or -1 if missing. */
int db_setting(struct dbconn *c, const char *key, char *out, size_t outlen);

/* Store a directory setting. 0, or -1 with a message. */
int db_set_setting(struct dbconn *c, const char *key, const char *value, char *err, size_t errlen);

#endif
