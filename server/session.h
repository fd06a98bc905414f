/*
** session.h - logged-in sessions of coordinators and editors, and the cookie that carries
** them. Public pages never set or read it. Only the BLAKE2b hash of a session id is
** stored; a session ends after SESSION_IDLE_SECONDS without use, SESSION_MAX_SECONDS
** after login, at logout, and when the passphrase changes.
*/
#ifndef SD_SESSION_H
#define SD_SESSION_H

#include <stddef.h>
#include <time.h>

#include "auth.h"
#include "db.h"

#define SESSION_IDLE_SECONDS (60 * 60)
#define SESSION_MAX_SECONDS  (12 * 60 * 60)

/* Who is logged in: the account and, for an editor, the organization. */
struct account_info {
	long          account_id;
	int           coordinator;             /* else an editor */
	char          login[65];
	long          org_id;                  /* editors: their organization */
	char          org_uuid[37];
	char          org_name[201];
	char          org_state[12];           /* pending, verified or suspended */
	unsigned char session_hash[AUTH_HASH_BYTES];
};

/* "__Host-sd_session" when the directory is served over HTTPS, else "sd_session". */
const char *session_cookie_name(int https);

/* The Set-Cookie value carrying token (HttpOnly, SameSite=Strict, Path=/, Secure over
** HTTPS), or, with token NULL, the one that removes the cookie. */
void session_cookie(int https, const char *token, char *out, size_t outlen);

/* Start a session for account_id: *token receives the id for the cookie, hash its hash.
** Call in a write transaction. 0, or -1 with a message. */
int session_create(struct dbconn *w, long account_id, time_t now,
    char token[AUTH_TOKEN_CHARS + 1], unsigned char hash[AUTH_HASH_BYTES],
    char *err, size_t errlen);

/* The account of the session whose id is cookie, marking it used now; an expired one is
** deleted. 1 found (who filled), 0 none, -1 database error. Call in a write transaction. */
int session_lookup(struct dbconn *w, const char *cookie, time_t now, struct account_info *who,
    char *err, size_t errlen);

/* End one session. 0, or -1 with a message. */
int session_delete(struct dbconn *w, const unsigned char hash[AUTH_HASH_BYTES],
    char *err, size_t errlen);

/* End every session of an account but keep (may be NULL). 0, or -1 with a message. */
int session_delete_others(struct dbconn *w, long account_id,
    const unsigned char *keep, char *err, size_t errlen);

/* Fill who with the account and its organization. 1 found, 0 not, -1 error. */
int session_load_account(struct dbconn *c, long account_id, struct account_info *who,
    char *err, size_t errlen);

#endif
