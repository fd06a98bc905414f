/*
** account.h - coordinator and editor accounts: creating them through one-time links,
** logging in with per-account throttling, and changing passphrases. Every function that
** writes runs in the caller's write transaction (writer.h). Errors are api_errors whose
** param names the form field at fault.
*/
#ifndef SD_ACCOUNT_H
#define SD_ACCOUNT_H

#include <time.h>

#include "apierror.h"
#include "auth.h"
#include "db.h"

#define ACCOUNT_LOGIN_MAX     64
#define ACCOUNT_SETUP_SECONDS  (7 * 24 * 60 * 60)   /* a coordinator's set-up link */
#define ACCOUNT_INVITE_SECONDS (14 * 24 * 60 * 60)  /* an invitation for editors */

/* What a one-time link is for. */
struct link_info {
	int  setup;                         /* a coordinator's set-up, else an invitation */
	long account_id;                    /* set-up: the coordinator */
	char login[ACCOUNT_LOGIN_MAX + 1];  /* set-up: the coordinator's login */
	long org_id;                        /* invitation: the organization */
	char org_name[201];
};

/* 0 if login can name an account: 3–64 bytes of letters, digits and . _ - @ +; else -1
** with a message. */
int account_login_valid(const char *login, struct api_error *err);

/* A new coordinator called login, without a passphrase, and its set-up link's token. */
int account_add_coordinator(struct dbconn *w, const char *login, time_t now,
    char token[AUTH_TOKEN_CHARS + 1], struct api_error *err);

/* A new invitation link for the editors of org_id; earlier unused ones stop working. */
int account_invite(struct dbconn *w, long org_id, time_t now,
    char token[AUTH_TOKEN_CHARS + 1], struct api_error *err);

/* The live link whose token is given. 1 found, 0 unknown, used or expired, -1 error. */
int account_link_find(struct dbconn *c, const char *token, time_t now, struct link_info *out,
    struct api_error *err);

/* Use a link: set the coordinator's passphrase, or create an editor called login (login
** is ignored for a set-up link). The link is used up. *account_id receives the account.
** 0, or -1 (400 with param "login" or "passphrase", 404 for a dead link). */
int account_link_accept(struct dbconn *w, const char *token, const char *login,
    const char *passphrase, time_t now, long *account_id, struct api_error *err);

/* Check login and passphrase, counting failures against the account. 0 and
** *account_id; or -1: 401 (wrong login or passphrase, the same answer either way) or 429
** (too many failures: wait). The caller commits in both cases, so failures count. */
int account_login(struct dbconn *w, const char *login, const char *passphrase, time_t now,
    long *account_id, struct api_error *err);

/* Replace the passphrase after checking the current one. 0, or -1 (param "current" or
** "passphrase"). */
int account_change_passphrase(struct dbconn *w, long account_id, const char *current,
    const char *passphrase, struct api_error *err);

#endif
