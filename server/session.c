/*
** session.c - sessions of coordinators and editors (see session.h).
*/
#include <stdio.h>
#include <string.h>

#include "session.h"

static const char sql_insert[] =
    "INSERT INTO session (session_hash, account_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)";
static const char sql_find[] =
    "SELECT account_id, created_at, last_seen_at FROM session WHERE session_hash = ?1";
static const char sql_touch[] = "UPDATE session SET last_seen_at = ?2 WHERE session_hash = ?1";
static const char sql_delete[] = "DELETE FROM session WHERE session_hash = ?1";
static const char sql_delete_others[] =
    "DELETE FROM session WHERE account_id = ?1 AND (?2 IS NULL OR session_hash <> ?2)";
static const char sql_expire[] =
    "DELETE FROM session WHERE last_seen_at < ?1 OR created_at < ?2";
static const char sql_account[] =
    "SELECT a.role, a.login, a.org_id, o.uuid, o.name, o.state FROM account a"
    " LEFT JOIN organization o ON o.org_id = a.org_id WHERE a.account_id = ?1";

const char *
session_cookie_name(int https)
{
	return https ? "__Host-sd_session" : "sd_session";
}

void
session_cookie(int https, const char *token, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    session_cookie_name(https), token != NULL ? token : "",
	    token == NULL ? "; Max-Age=0" : "", https ? "; Secure" : "");
}

int
session_create(struct dbconn *w, long account_id, time_t now,
    char token[AUTH_TOKEN_CHARS + 1], unsigned char hash[AUTH_HASH_BYTES],
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_insert, err, errlen);

	if (stmt == NULL)
		return -1;
	auth_token_new(token);
	auth_token_hash(token, hash);
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, account_id);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
	return db_step_done(w, stmt, "starting a session", err, errlen);
}

/* Forget every session past its idle or absolute limit. */
static int
expire_sessions(struct dbconn *w, time_t now, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_expire, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)(now - SESSION_IDLE_SECONDS));
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)(now - SESSION_MAX_SECONDS));
	return db_step_done(w, stmt, "ending old sessions", err, errlen);
}

/* The account of a live session, by hash: 1, 0 or -1. */
static int
find_session(struct dbconn *w, const unsigned char hash[AUTH_HASH_BYTES], long *account_id,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_find, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*account_id = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
touch_session(struct dbconn *w, const unsigned char hash[AUTH_HASH_BYTES], time_t now,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_touch, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	return db_step_done(w, stmt, "marking a session used", err, errlen);
}

int
session_lookup(struct dbconn *w, const char *cookie, time_t now, struct account_info *who,
    char *err, size_t errlen)
{
	unsigned char hash[AUTH_HASH_BYTES];
	long account_id;
	int found;

	if (cookie == NULL || auth_token_hash(cookie, hash) != 0)
		return 0;
	if (expire_sessions(w, now, err, errlen) != 0)
		return -1;
	found = find_session(w, hash, &account_id, err, errlen);
	if (found == 1 && touch_session(w, hash, now, err, errlen) != 0)
		return -1;
	if (found == 1)
		found = session_load_account(w, account_id, who, err, errlen);
	if (found == 1)
		memcpy(who->session_hash, hash, AUTH_HASH_BYTES);
	return found;
}

int
session_delete(struct dbconn *w, const unsigned char hash[AUTH_HASH_BYTES], char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_delete, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_STATIC);
	return db_step_done(w, stmt, "ending a session", err, errlen);
}

int
session_delete_others(struct dbconn *w, long account_id, const unsigned char *keep,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_delete_others, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, account_id);
	if (keep != NULL)
		sqlite3_bind_blob(stmt, 2, keep, AUTH_HASH_BYTES, SQLITE_STATIC);
	return db_step_done(w, stmt, "ending sessions", err, errlen);
}

int
session_load_account(struct dbconn *c, long account_id, struct account_info *who,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_account, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	memset(who, 0, sizeof *who);
	sqlite3_bind_int64(stmt, 1, account_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		who->account_id = account_id;
		who->coordinator = strcmp((const char *)sqlite3_column_text(stmt, 0), "coordinator") == 0;
		db_column_copy(stmt, 1, who->login, sizeof who->login);
		who->org_id = (long)sqlite3_column_int64(stmt, 2);
		db_column_copy(stmt, 3, who->org_uuid, sizeof who->org_uuid);
		db_column_copy(stmt, 4, who->org_name, sizeof who->org_name);
		db_column_copy(stmt, 5, who->org_state, sizeof who->org_state);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_failed(c, "reading an account", err, errlen);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
