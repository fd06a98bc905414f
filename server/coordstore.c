/*
** coordstore.c - the coordinators' reads and writes of applications, organization lists,
** editors, invitations and reports (see coordstore.h). Kept apart from routes_coord.c so
** the pages hold no SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "coordstore.h"
#include "fold.h"

static const char sql_pending[] =
    "SELECT o.uuid AS id, o.name, a.submitted_on, o.provides_services"
    " FROM application a JOIN organization o ON o.org_id = a.org_id"
    " WHERE a.decision IS NULL ORDER BY a.submitted_on, o.name_key, o.uuid";
static const char sql_counts[] =
    "SELECT (SELECT count(*) FROM report WHERE closed_on IS NULL),"
    " (SELECT count(*) FROM organization WHERE state = 'verified' AND updated_on <= ?1)";
static const char sql_application[] =
    "SELECT contact_name, contact_email, contact_phone, message, submitted_on, decided_on,"
    " decision, reason FROM application WHERE org_id = ?1";
static const char sql_decide[] =
    "UPDATE application SET decided_on = ?2, decision = ?3, reason = ?4"
    " WHERE org_id = ?1 AND decision IS NULL";
static const char sql_orgs_count[] =
    "SELECT count(*) FROM organization WHERE (?1 IS NULL OR state = ?1)"
    " AND (?2 IS NULL OR name_key LIKE ?2 ESCAPE '\\')";
static const char sql_orgs[] =
    "SELECT uuid AS id, name, state, updated_on, updated_on <= ?3 AS stale FROM organization"
    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR name_key LIKE ?2 ESCAPE '\\')"
    " ORDER BY name_key, uuid LIMIT ?4 OFFSET ?5";
static const char sql_stale_count[] =
    "SELECT count(*) FROM organization WHERE state = 'verified' AND updated_on <= ?1";
static const char sql_stale[] =
    "SELECT uuid AS id, name, updated_on FROM organization"
    " WHERE state = 'verified' AND updated_on <= ?1 ORDER BY updated_on, name_key, uuid"
    " LIMIT ?2 OFFSET ?3";
static const char sql_editors[] =
    "SELECT login FROM account WHERE org_id = ?1 AND role = 'editor' ORDER BY login";
static const char sql_invitation[] =
    "SELECT max(expires_at) FROM one_time_link"
    " WHERE purpose = 'invitation' AND org_id = ?1 AND expires_at > ?2";
static const char sql_org_reports[] =
    "SELECT report_id AS report, kind, details, reported_on, closed_on, closed_by, closing_note"
    " FROM report WHERE org_id = ?1 ORDER BY report_id DESC";
static const char sql_reports_count[] =
    "SELECT count(*) FROM report WHERE (closed_on IS NOT NULL) = (?1 != 0)";
static const char sql_reports[] =
    "SELECT r.report_id AS report, r.kind, r.details, r.reported_on, r.closed_on, r.closed_by,"
    " r.closing_note, o.uuid AS id, o.name, o.state"
    " FROM report r JOIN organization o ON o.org_id = r.org_id"
    " WHERE (r.closed_on IS NOT NULL) = (?1 != 0)"
    " ORDER BY CASE WHEN ?1 != 0 THEN r.closed_on END DESC, r.reported_on, r.report_id"
    " LIMIT ?2 OFFSET ?3";
static const char sql_report_state[] = "SELECT closed_on IS NOT NULL FROM report WHERE report_id = ?1";
static const char sql_report_close[] =
    "UPDATE report SET closed_on = ?2, closed_by = ?3, closing_note = ?4"
    " WHERE report_id = ?1 AND closed_on IS NULL";

/* The current row as an object: column name -> integer, real, text or null. */
static json_t *
row_object(sqlite3_stmt *stmt)
{
	json_t *row = json_object();
	int i, n = sqlite3_column_count(stmt);

	for (i = 0; row != NULL && i < n; i++) {
		switch (sqlite3_column_type(stmt, i)) {
		case SQLITE_INTEGER:
			json_object_set_new(row, sqlite3_column_name(stmt, i),
			    json_integer(sqlite3_column_int64(stmt, i)));
			break;
		case SQLITE_FLOAT:
			json_object_set_new(row, sqlite3_column_name(stmt, i),
			    json_real(sqlite3_column_double(stmt, i)));
			break;
		case SQLITE_NULL:
			json_object_set_new(row, sqlite3_column_name(stmt, i), json_null());
			break;
		default:
			json_object_set_new(row, sqlite3_column_name(stmt, i),
			    json_string((const char *)sqlite3_column_text(stmt, i)));
		}
	}
	return row;
}

/* Every row of the bound statement stmt, which is then reset. */
static json_t *
all_rows(struct dbconn *c, sqlite3_stmt *stmt, const char *what, char *err, size_t errlen)
{
	json_t *out = json_array();
	int rc;

	while (out != NULL && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		json_array_append_new(out, row_object(stmt));
	if (out == NULL) {
		snprintf(err, errlen, "out of memory");
		sqlite3_reset(stmt);
		return NULL;
	}
	if (rc != SQLITE_DONE) {
		db_failed(c, what, err, errlen);
		json_decref(out);
		out = NULL;
	}
	sqlite3_reset(stmt);
	return out;
}

/* The first column of the bound statement's single row as an integer (0 when NULL). */
static int
one_integer(struct dbconn *c, sqlite3_stmt *stmt, const char *what, long *out,
    char *err, size_t errlen)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : db_failed(c, what, err, errlen);
}

static void
bind_text_or_null(sqlite3_stmt *stmt, int i, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

void
coord_stale_cutoff(const char *today, char cutoff[11])
{
	unsigned year = (unsigned)atoi(today);
	char digits[5];

	/* "2028-02-29" gives "2027-02-29": no such day, but as text it still sorts after
	** every day of February 2027 and before March, which is all the comparison needs. */
	snprintf(digits, sizeof digits, "%04u", (year > 0 ? year - 1 : 0) % 10000u);
	memcpy(cutoff, digits, 4);
	memcpy(cutoff + 4, today + 4, 6);
	cutoff[10] = '\0';
}

json_t *
coord_pending_applications(struct dbconn *c, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_pending, err, errlen);

	return stmt != NULL ? all_rows(c, stmt, "reading the applications", err, errlen) : NULL;
}

int
coord_counts(struct dbconn *c, const char *cutoff, long *open_reports, long *stale,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_counts, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, cutoff, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*open_reports = (long)sqlite3_column_int64(stmt, 0);
		*stale = (long)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : db_failed(c, "counting", err, errlen);
}

int
coord_application(struct dbconn *c, long org_id, json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_application, err, errlen);
	int rc;

	*out = NULL;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = row_object(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW && *out == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 :
	    db_failed(c, "reading the application", err, errlen);
}

int
coord_application_decide(struct dbconn *w, long org_id, const char *today,
    const char *decision, const char *reason, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_decide, err, errlen);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, decision, -1, SQLITE_STATIC);
	bind_text_or_null(stmt, 4, reason);
	if (db_step_done(w, stmt, "deciding the application", err, errlen) != 0)
		return -1;
	return sqlite3_changes(w->db) == 1 ? 1 : 0;
}

int
coord_name_pattern(const char *text, char **out)
{
	struct buf folded = BUF_INIT, pattern = BUF_INIT;
	size_t i;

	*out = NULL;
	if (fold_text(&folded, text, strlen(text)) != 0) {
		buf_free(&folded);
		return -1;
	}
	buf_putc(&pattern, '%');
	for (i = 0; i < folded.len; i++) {
		if (folded.data[i] == '%' || folded.data[i] == '_' || folded.data[i] == '\\')
			buf_putc(&pattern, '\\');
		buf_putc(&pattern, folded.data[i]);
	}
	buf_putc(&pattern, '%');
	buf_free(&folded);
	if (buf_failed(&pattern)) {
		buf_free(&pattern);
		return -1;
	}
	*out = buf_detach(&pattern, NULL);
	return *out != NULL ? 0 : -1;
}

static void
bind_org_filter(sqlite3_stmt *stmt, const char *state, const char *name_pattern)
{
	bind_text_or_null(stmt, 1, state);
	bind_text_or_null(stmt, 2, name_pattern);
}

json_t *
coord_organizations(struct dbconn *c, const char *state, const char *name_pattern,
    const char *cutoff, struct coord_page *pg, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_orgs_count, err, errlen);

	if (stmt == NULL)
		return NULL;
	bind_org_filter(stmt, state, name_pattern);
	if (one_integer(c, stmt, "counting organizations", &pg->total, err, errlen) != 0 ||
	    (stmt = dbconn_stmt(c, sql_orgs, err, errlen)) == NULL)
		return NULL;
	bind_org_filter(stmt, state, name_pattern);
	sqlite3_bind_text(stmt, 3, cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, pg->limit);
	sqlite3_bind_int64(stmt, 5, pg->offset);
	return all_rows(c, stmt, "reading organizations", err, errlen);
}

json_t *
coord_stale(struct dbconn *c, const char *cutoff, struct coord_page *pg, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_stale_count, err, errlen);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, cutoff, -1, SQLITE_STATIC);
	if (one_integer(c, stmt, "counting stale listings", &pg->total, err, errlen) != 0 ||
	    (stmt = dbconn_stmt(c, sql_stale, err, errlen)) == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, pg->limit);
	sqlite3_bind_int64(stmt, 3, pg->offset);
	return all_rows(c, stmt, "reading stale listings", err, errlen);
}

json_t *
coord_editors(struct dbconn *c, long org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_editors, err, errlen);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, org_id);
	return all_rows(c, stmt, "reading editors", err, errlen);
}

int
coord_invitation_expiry(struct dbconn *c, long org_id, time_t now, time_t *expires,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_invitation, err, errlen);
	long at = 0;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	if (one_integer(c, stmt, "reading invitations", &at, err, errlen) != 0)
		return -1;
	*expires = (time_t)at;
	return at > 0 ? 1 : 0;
}

json_t *
coord_org_reports(struct dbconn *c, long org_id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_org_reports, err, errlen);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, org_id);
	return all_rows(c, stmt, "reading reports", err, errlen);
}

json_t *
coord_reports(struct dbconn *c, int closed, struct coord_page *pg, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_reports_count, err, errlen);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, closed != 0);
	if (one_integer(c, stmt, "counting reports", &pg->total, err, errlen) != 0 ||
	    (stmt = dbconn_stmt(c, sql_reports, err, errlen)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, closed != 0);
	sqlite3_bind_int64(stmt, 2, pg->limit);
	sqlite3_bind_int64(stmt, 3, pg->offset);
	return all_rows(c, stmt, "reading reports", err, errlen);
}

enum coord_close
coord_report_close(struct dbconn *w, long report_id, const char *today, const char *closed_by,
    const char *note, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_report_state, err, errlen);
	int rc;
	long closed = 0;

	if (stmt == NULL)
		return COORD_CLOSE_ERROR;
	sqlite3_bind_int64(stmt, 1, report_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		closed = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_failed(w, "reading the report", err, errlen);
		return COORD_CLOSE_ERROR;
	}
	if (rc == SQLITE_DONE)
		return COORD_CLOSE_UNKNOWN;
	if (closed)
		return COORD_CLOSE_ALREADY;
	if ((stmt = dbconn_stmt(w, sql_report_close, err, errlen)) == NULL)
		return COORD_CLOSE_ERROR;
	sqlite3_bind_int64(stmt, 1, report_id);
	sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, closed_by, -1, SQLITE_STATIC);
	bind_text_or_null(stmt, 4, note);
	return db_step_done(w, stmt, "closing the report", err, errlen) == 0 ?
	    COORD_CLOSE_DONE : COORD_CLOSE_ERROR;
}
