/*
** revision.c - every saved state of a listing (see revision.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonarena.h"
#include "revision.h"
#include "store.h"

static const char sql_current[] =
    "SELECT o.org_id, d.record FROM organization o"
    " JOIN organization_document d ON d.org_id = o.org_id WHERE o.uuid = ?1";
static const char sql_latest[] =
    "SELECT revision_id, record FROM revision WHERE org_id = ?1 ORDER BY revision_id DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO revision (org_id, made_at, author, action, changed, record)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_list[] =
    "SELECT revision_id, made_at, author, action, changed FROM revision WHERE org_id = ?1"
    " ORDER BY revision_id DESC";
static const char sql_record[] =
    "SELECT record FROM revision WHERE org_id = ?1 AND revision_id = ?2";


int
revision_current(struct dbconn *c, const char *uuid, json_t **record, long *org_id,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_current, err, errlen);
	int rc;

	*record = NULL;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*org_id = (long)sqlite3_column_int64(stmt, 0);
		*record = db_column_json(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW && *record == NULL)
		return db_failed(c, "reading a record", err, errlen);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_failed(c, "reading a record", err, errlen);
}

/* The newest revision's id and record (NULL when there is none). 0, or -1. */
static int
latest(struct dbconn *c, long org_id, long *id, json_t **record, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_latest, err, errlen);
	int rc;

	*id = 0;
	if (record != NULL)
		*record = NULL;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = (long)sqlite3_column_int64(stmt, 0);
		if (record != NULL)
			*record = db_column_json(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_failed(c, "reading the history", err, errlen);
}

long
revision_latest(struct dbconn *c, long org_id, char *err, size_t errlen)
{
	long id;

	return latest(c, org_id, &id, NULL, err, errlen) == 0 ? id : -1;
}

/* The top-level fields whose values differ between before (may be NULL) and after. */
static json_t *
changed_fields(const json_t *before, const json_t *after)
{
	json_t *out = json_array(), *v;
	const char *key;

	json_object_foreach((json_t *)after, key, v)
		if (before == NULL || !json_equal(json_object_get(before, key), v))
			json_array_append_new(out, json_string(key));
	return out;
}

static int
insert_revision(struct dbconn *w, long org_id, time_t now, const char *author,
    const char *action, const json_t *before, const json_t *record, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_insert, err, errlen);
	json_t *changed = changed_fields(before, record);
	char *changed_text = json_dumps(changed, JSON_COMPACT);
	char *record_text = json_dumps(record, JSON_COMPACT | STORE_JSON_FLAGS);
	int rc = -1;

	if (stmt != NULL && changed_text != NULL && record_text != NULL) {
		sqlite3_bind_int64(stmt, 1, org_id);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
		sqlite3_bind_text(stmt, 3, author, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, changed_text, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, record_text, -1, SQLITE_STATIC);
		rc = db_step_done(w, stmt, "saving a revision", err, errlen);
	} else if (stmt != NULL) {
		snprintf(err, errlen, "out of memory");
	}
	json_decref(changed);
	json_text_free(changed_text);
	json_text_free(record_text);
	return rc;
}

/* Make sure the history ends with the record stored now (before), recording it as
** "imported" when it does not. */
static int
seed_history(struct dbconn *w, long org_id, const json_t *before, time_t now,
    char *err, size_t errlen)
{
	json_t *last = NULL;
	long id;
	int rc = latest(w, org_id, &id, &last, err, errlen);

	if (rc == 0 && (last == NULL || !json_equal(last, before)))
		rc = insert_revision(w, org_id, now, "import", "imported", NULL, before, err, errlen);
	json_decref(last);
	return rc;
}

int
revision_save(struct dbconn *w, const struct places *pl, const json_t *record,
    const char *author, const char *action, time_t now, long *revision_id,
    char *err, size_t errlen)
{
	const char *uuid = json_string_value(json_object_get(record, "id"));
	json_t *before = NULL;
	long org_id = 0;
	int found = uuid != NULL ? revision_current(w, uuid, &before, &org_id, err, errlen) : -1;
	int rc = -1;

	if (found < 0)
		goto done;
	if (found == 1 && seed_history(w, org_id, before, now, err, errlen) != 0)
		goto done;
	if (store_put(w, pl, record, err, errlen) != 0)
		goto done;
	if (found == 0 && revision_current(w, uuid, &before, &org_id, err, errlen) != 1)
		goto done;
	if (found == 0)
		json_decref(before), before = NULL;
	if (insert_revision(w, org_id, now, author, action, before, record, err, errlen) != 0)
		goto done;
	if (revision_id != NULL)
		*revision_id = (long)sqlite3_last_insert_rowid(w->db);
	rc = 0;
done:
	json_decref(before);
	return rc;
}

static json_t *
revision_entry(sqlite3_stmt *stmt)
{
	time_t t = (time_t)sqlite3_column_int64(stmt, 1);
	struct tm tm;
	char when[32];

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	return json_pack("{sIssssssso*}", "id", (json_int_t)sqlite3_column_int64(stmt, 0),
	    "made_at", when, "author", (const char *)sqlite3_column_text(stmt, 2),
	    "action", (const char *)sqlite3_column_text(stmt, 3),
	    "changed", db_column_json(stmt, 4));
}

json_t *
revision_list(struct dbconn *c, long org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_list, err, errlen);
	json_t *out;
	int rc;

	if (stmt == NULL || (out = json_array()) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, org_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		json_array_append_new(out, revision_entry(stmt));
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_failed(c, "reading the history", err, errlen);
		json_decref(out);
		return NULL;
	}
	return out;
}

int
revision_record(struct dbconn *c, long org_id, long revision_id, json_t **record,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_record, err, errlen);
	int rc;

	*record = NULL;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	sqlite3_bind_int64(stmt, 2, revision_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*record = db_column_json(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW && *record == NULL)
		return db_failed(c, "reading a revision", err, errlen);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_failed(c, "reading a revision", err, errlen);
}
