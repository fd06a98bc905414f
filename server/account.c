/*
** account.c - coordinator and editor accounts (see account.h). Secrets never reach the
** database: passphrases as Argon2id strings, link tokens as their hashes.
*/
#include <stdio.h>
#include <string.h>

#include "account.h"

static const char sql_insert_coordinator[] =
    "INSERT INTO account (role, login, created_at) VALUES ('coordinator', ?1, ?2)";
static const char sql_insert_editor[] =
    "INSERT INTO account (role, login, org_id, passphrase, created_at) VALUES ('editor', ?1, ?2, ?3, ?4)";
static const char sql_login_taken[] = "SELECT 1 FROM account WHERE login = ?1";
static const char sql_insert_link[] =
    "INSERT INTO one_time_link (token_hash, purpose, account_id, org_id, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_drop_invitations[] =
    "DELETE FROM one_time_link WHERE purpose = 'invitation' AND org_id = ?1";
static const char sql_find_link[] =
    "SELECT l.purpose, l.account_id, a.login, l.org_id, o.name FROM one_time_link l"
    " LEFT JOIN account a ON a.account_id = l.account_id"
    " LEFT JOIN organization o ON o.org_id = l.org_id"
    " WHERE l.token_hash = ?1 AND l.expires_at > ?2";
static const char sql_use_link[] = "DELETE FROM one_time_link WHERE token_hash = ?1";
static const char sql_set_passphrase[] =
    "UPDATE account SET passphrase = ?2, failures = 0, last_failure_at = NULL WHERE account_id = ?1";
static const char sql_by_login[] =
    "SELECT account_id, passphrase, failures, last_failure_at FROM account WHERE login = ?1";
static const char sql_failed[] =
    "UPDATE account SET failures = failures + 1, last_failure_at = ?2 WHERE account_id = ?1";
static const char sql_passphrase_of[] = "SELECT login, passphrase FROM account WHERE account_id = ?1";

/* A 500 for people; the database's own message stays out of the reply. */
static int
internal_error(struct api_error *err, const char *what)
{
	api_error_set(err, 500, "internal", "%s failed", what);
	return -1;
}

int
account_login_valid(const char *login, struct api_error *err)
{
	size_t n = login != NULL ? strlen(login) : 0, i;

	for (i = 0; i < n; i++)
		if (!((login[i] >= 'a' && login[i] <= 'z') || (login[i] >= 'A' && login[i] <= 'Z') ||
		    (login[i] >= '0' && login[i] <= '9') || strchr("._-@+", login[i]) != NULL))
			break;
	if (n >= 3 && n <= ACCOUNT_LOGIN_MAX && i == n)
		return 0;
	api_error_set(err, 400, "bad_login", "a login name is 3 to %d letters, digits or . _ - @ +",
	    ACCOUNT_LOGIN_MAX);
	err->param = "login";
	return -1;
}

/* 1 if an account is called login, 0 if not, -1 on error. */
static int
login_taken(struct dbconn *w, const char *login, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_login_taken, msg, sizeof msg);
	int rc;

	if (stmt == NULL)
		return internal_error(err, "reading accounts");
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW) {
		api_error_set(err, 409, "login_taken", "another account already uses this login name");
		err->param = "login";
		return 1;
	}
	return rc == SQLITE_DONE ? 0 : internal_error(err, "reading accounts");
}

static int
insert_link(struct dbconn *w, int setup, long id, time_t now, char token[AUTH_TOKEN_CHARS + 1],
    struct api_error *err)
{
	unsigned char hash[AUTH_HASH_BYTES];
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_insert_link, msg, sizeof msg);

	if (stmt == NULL)
		return internal_error(err, "creating a link");
	auth_token_new(token);
	auth_token_hash(token, hash);
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, setup ? "setup" : "invitation", -1, SQLITE_STATIC);
	if (setup)
		sqlite3_bind_int64(stmt, 3, id);
	else
		sqlite3_bind_int64(stmt, 4, id);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)now);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)now +
	    (setup ? ACCOUNT_SETUP_SECONDS : ACCOUNT_INVITE_SECONDS));
	return db_step_done(w, stmt, "creating a link", msg, sizeof msg) == 0 ? 0 :
	    internal_error(err, "creating a link");
}

int
account_add_coordinator(struct dbconn *w, const char *login, time_t now,
    char token[AUTH_TOKEN_CHARS + 1], struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt;

	if (account_login_valid(login, err) != 0 || login_taken(w, login, err) != 0)
		return -1;
	if ((stmt = dbconn_stmt(w, sql_insert_coordinator, msg, sizeof msg)) == NULL)
		return internal_error(err, "creating the account");
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	if (db_step_done(w, stmt, "creating the account", msg, sizeof msg) != 0)
		return internal_error(err, "creating the account");
	return insert_link(w, 1, (long)sqlite3_last_insert_rowid(w->db), now, token, err);
}

int
account_invite(struct dbconn *w, long org_id, time_t now, char token[AUTH_TOKEN_CHARS + 1],
    struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_drop_invitations, msg, sizeof msg);

	if (stmt == NULL)
		return internal_error(err, "replacing the invitation");
	sqlite3_bind_int64(stmt, 1, org_id);
	if (db_step_done(w, stmt, "replacing the invitation", msg, sizeof msg) != 0)
		return internal_error(err, "replacing the invitation");
	return insert_link(w, 0, org_id, now, token, err);
}

int
account_link_find(struct dbconn *c, const char *token, time_t now, struct link_info *out,
    struct api_error *err)
{
	unsigned char hash[AUTH_HASH_BYTES];
	char msg[200];
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (token == NULL || auth_token_hash(token, hash) != 0)
		return 0;
	if ((stmt = dbconn_stmt(c, sql_find_link, msg, sizeof msg)) == NULL)
		return internal_error(err, "reading the link");
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->setup = strcmp((const char *)sqlite3_column_text(stmt, 0), "setup") == 0;
		out->account_id = (long)sqlite3_column_int64(stmt, 1);
		db_column_copy(stmt, 2, out->login, sizeof out->login);
		out->org_id = (long)sqlite3_column_int64(stmt, 3);
		db_column_copy(stmt, 4, out->org_name, sizeof out->org_name);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : internal_error(err, "reading the link");
}

static int
use_link(struct dbconn *w, const char *token, struct api_error *err)
{
	unsigned char hash[AUTH_HASH_BYTES];
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_use_link, msg, sizeof msg);

	if (stmt == NULL || auth_token_hash(token, hash) != 0)
		return internal_error(err, "using the link");
	sqlite3_bind_blob(stmt, 1, hash, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
	return db_step_done(w, stmt, "using the link", msg, sizeof msg) == 0 ? 0 :
	    internal_error(err, "using the link");
}

/* Check and hash a new passphrase for login. */
static int
new_passphrase(const char *pass, const char *login, char hashed[AUTH_PWHASH_MAX],
    struct api_error *err)
{
	char msg[200];

	if (pass == NULL || auth_passphrase_acceptable(pass, login, msg, sizeof msg) != 0) {
		api_error_set(err, 400, "weak_passphrase", "%s",
		    pass == NULL ? "choose a passphrase" : msg);
		err->param = "passphrase";
		return -1;
	}
	if (auth_passphrase_hash(pass, hashed, msg, sizeof msg) != 0)
		return internal_error(err, "hashing the passphrase");
	return 0;
}

static int
set_passphrase(struct dbconn *w, long account_id, const char *hashed, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_set_passphrase, msg, sizeof msg);

	if (stmt == NULL)
		return internal_error(err, "saving the passphrase");
	sqlite3_bind_int64(stmt, 1, account_id);
	sqlite3_bind_text(stmt, 2, hashed, -1, SQLITE_STATIC);
	return db_step_done(w, stmt, "saving the passphrase", msg, sizeof msg) == 0 ? 0 :
	    internal_error(err, "saving the passphrase");
}

static int
insert_editor(struct dbconn *w, const char *login, long org_id, const char *hashed, time_t now,
    long *account_id, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_insert_editor, msg, sizeof msg);

	if (stmt == NULL)
		return internal_error(err, "creating the account");
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, org_id);
	sqlite3_bind_text(stmt, 3, hashed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)now);
	if (db_step_done(w, stmt, "creating the account", msg, sizeof msg) != 0)
		return internal_error(err, "creating the account");
	*account_id = (long)sqlite3_last_insert_rowid(w->db);
	return 0;
}

int
account_link_accept(struct dbconn *w, const char *token, const char *login,
    const char *passphrase, time_t now, long *account_id, struct api_error *err)
{
	struct link_info link;
	char hashed[AUTH_PWHASH_MAX];
	int found = account_link_find(w, token, now, &link, err);

	if (found < 0)
		return -1;
	if (found == 0) {
		api_error_set(err, 404, "link_expired",
		    "this link has already been used or has expired; ask a coordinator for a new one");
		return -1;
	}
	if (link.setup) {
		if (new_passphrase(passphrase, link.login, hashed, err) != 0 ||
		    set_passphrase(w, link.account_id, hashed, err) != 0)
			return -1;
		*account_id = link.account_id;
	} else {
		if (account_login_valid(login, err) != 0 || login_taken(w, login, err) != 0 ||
		    new_passphrase(passphrase, login, hashed, err) != 0 ||
		    insert_editor(w, login, link.org_id, hashed, now, account_id, err) != 0)
			return -1;
	}
	return use_link(w, token, err);
}

static int
count_failure(struct dbconn *w, long account_id, time_t now, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_failed, msg, sizeof msg);

	if (stmt == NULL)
		return internal_error(err, "counting the failure");
	sqlite3_bind_int64(stmt, 1, account_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	return db_step_done(w, stmt, "counting the failure", msg, sizeof msg) == 0 ? 0 :
	    internal_error(err, "counting the failure");
}

static int
wrong_login(struct api_error *err)
{
	api_error_set(err, 401, "wrong_login", "the login name or the passphrase is wrong");
	err->param = "passphrase";
	return -1;
}

/* The account's row: 1 with its fields, 0 none, -1 error. stored is "" when unset. */
static int
find_login(struct dbconn *w, const char *login, long *account_id, char stored[AUTH_PWHASH_MAX],
    long *failures, long *last_failure, struct api_error *err)
{
	char msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_by_login, msg, sizeof msg);
	int rc;

	if (stmt == NULL)
		return internal_error(err, "reading the account");
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*account_id = (long)sqlite3_column_int64(stmt, 0);
		db_column_copy(stmt, 1, stored, AUTH_PWHASH_MAX);
		*failures = (long)sqlite3_column_int64(stmt, 2);
		*last_failure = (long)sqlite3_column_int64(stmt, 3);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : internal_error(err, "reading the account");
}

int
account_login(struct dbconn *w, const char *login, const char *passphrase, time_t now,
    long *account_id, struct api_error *err)
{
	char stored[AUTH_PWHASH_MAX];
	long failures = 0, last_failure = 0, wait;
	int found;

	if (login == NULL || passphrase == NULL || strlen(login) > ACCOUNT_LOGIN_MAX ||
	    strlen(passphrase) > AUTH_PASSPHRASE_MAX)
		return wrong_login(err);
	found = find_login(w, login, account_id, stored, &failures, &last_failure, err);
	if (found < 0)
		return -1;
	if (found == 0 || stored[0] == '\0') {
		auth_passphrase_burn(passphrase);
		return wrong_login(err);
	}
	wait = auth_throttle_wait(failures);
	if (failures > 0 && now < (time_t)(last_failure + wait)) {
		api_error_set(err, 429, "too_many_attempts",
		    "too many failed attempts for this account: try again in %ld seconds",
		    (long)(last_failure + wait - now));
		err->param = "passphrase";
		return -1;
	}
	if (!auth_passphrase_verify(stored, passphrase)) {
		if (count_failure(w, *account_id, now, err) != 0)
			return -1;
		return wrong_login(err);
	}
	return set_passphrase(w, *account_id, stored, err);
}

int
account_change_passphrase(struct dbconn *w, long account_id, const char *current,
    const char *passphrase, struct api_error *err)
{
	char stored[AUTH_PWHASH_MAX], login[ACCOUNT_LOGIN_MAX + 1], hashed[AUTH_PWHASH_MAX], msg[200];
	sqlite3_stmt *stmt = dbconn_stmt(w, sql_passphrase_of, msg, sizeof msg);
	int rc;

	if (stmt == NULL)
		return internal_error(err, "reading the account");
	sqlite3_bind_int64(stmt, 1, account_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		db_column_copy(stmt, 0, login, sizeof login);
		db_column_copy(stmt, 1, stored, sizeof stored);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return internal_error(err, "reading the account");
	if (current == NULL || !auth_passphrase_verify(stored, current)) {
		api_error_set(err, 400, "wrong_passphrase", "the current passphrase is wrong");
		err->param = "current";
		return -1;
	}
	if (new_passphrase(passphrase, login, hashed, err) != 0)
		return -1;
	return set_passphrase(w, account_id, hashed, err);
}
