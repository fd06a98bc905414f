/*
** apitoken.c - organizations' API tokens in the database (see apitoken.h). The token
** itself is never stored: only auth_token_hash of it.
*/
#include <stdio.h>
#include <string.h>

#include "apitoken.h"
#include "validate.h"

static const char sql_insert[] =
    "INSERT INTO api_token (token_hash, org_id, label, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_list[] =
    "SELECT token_id, label, created_at, created_by, revoked_at FROM api_token"
    " WHERE org_id = ?1 ORDER BY token_id DESC";
static const char sql_revoke[] =
    "UPDATE api_token SET revoked_at = coalesce(revoked_at, ?3)"
    " WHERE token_id = ?1 AND org_id = ?2";
static const char sql_find[] =
    "SELECT t.org_id, o.state, t.label FROM api_token t"
    " JOIN organization o ON o.org_id = t.org_id"
    " WHERE t.token_hash = ?1 AND t.revoked_at IS NULL";
static const char sql_org_uuid[] = "SELECT uuid FROM organization WHERE org_id = ?1";

int
apitoken_label_valid(const char *label)
{
	return label != NULL && valid_text(label, strlen(label), APITOKEN_LABEL_MAX, 0) ? 0 : -1;
}

int
apitoken_create(struct dbconn *w, long org_id, const char *label, const char *created_by,
    time_t now, char token[AUTH_TOKEN_CHARS + 1], char *err, size_t errlen)
{
	unsigned char hash[AUTH_HASH_BYTES];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_insert, err, errlen);

	if (stmt == NULL)
		return -1;
	auth_token_new(token);
	if (auth_token_hash(token, hash) != 0) {
		snprintf(err, errlen, "a token could not be made");
		return -1;
	}
	sqlite3_bind_blob(stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, org_id);
	sqlite3_bind_text(stmt, 3, label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)now);
	sqlite3_bind_text(stmt, 5, created_by, -1, SQLITE_STATIC);
	return db_step_done(w, stmt, "saving a token", err, errlen);
}

/* A stored time as "YYYY-MM-DD HH:MM" in the directory's time zone, or null. */
static json_t *
local_minute(sqlite3_stmt *stmt, int col)
{
	time_t t;
	struct tm tm;
	char when[32];

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return json_null();
	t = (time_t)sqlite3_column_int64(stmt, col);
	if (localtime_r(&t, &tm) == NULL)
		return json_null();
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	return json_string(when);
}

static json_t *
token_entry(sqlite3_stmt *stmt)
{
	return json_pack("{sIssso*sssbso*}",
	    "id", (json_int_t)sqlite3_column_int64(stmt, 0),
	    "label", (const char *)sqlite3_column_text(stmt, 1),
	    "created_at", local_minute(stmt, 2),
	    "created_by", (const char *)sqlite3_column_text(stmt, 3),
	    "revoked", sqlite3_column_type(stmt, 4) != SQLITE_NULL,
	    "revoked_at", local_minute(stmt, 4));
}

json_t *
apitoken_list(struct dbconn *c, long org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_list, err, errlen);
	json_t *out, *entry;
	int rc, oom = 0;

	if (stmt == NULL)
		return NULL;
	if ((out = json_array()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sqlite3_bind_int64(stmt, 1, org_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((entry = token_entry(stmt)) == NULL || json_array_append_new(out, entry) != 0)
			oom = 1;
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE || oom) {
		if (oom)
			snprintf(err, errlen, "out of memory");
		else
			db_failed(c, "reading the tokens", err, errlen);
		json_decref(out);
		return NULL;
	}
	return out;
}

int
apitoken_revoke(struct dbconn *w, long org_id, long token_id, time_t now,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_revoke, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, token_id);
	sqlite3_bind_int64(stmt, 2, org_id);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
	if (db_step_done(w, stmt, "revoking a token", err, errlen) != 0)
		return -1;
	return sqlite3_changes(w->db) > 0 ? 1 : 0;
}

int
apitoken_find(struct dbconn *c, const char *token, struct apitoken_owner *owner,
    char *err, size_t errlen)
{
	unsigned char hash[AUTH_HASH_BYTES];
	sqlite3_stmt *stmt;
	int rc;

	if (token == NULL || auth_token_hash(token, hash) != 0)
		return 0;
	if ((stmt = dbconn_stmt(c, sql_find, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_blob(stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		owner->org_id = (long)sqlite3_column_int64(stmt, 0);
		db_column_copy(stmt, 1, owner->org_state, sizeof owner->org_state);
		db_column_copy(stmt, 2, owner->label, sizeof owner->label);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_failed(c, "reading a token", err, errlen);
	return rc == SQLITE_ROW;
}

int
apitoken_org_uuid(struct dbconn *c, long org_id, char uuid[37], char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_org_uuid, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		db_column_copy(stmt, 0, uuid, 37);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_failed(c, "reading an organization", err, errlen);
	return rc == SQLITE_ROW;
}
