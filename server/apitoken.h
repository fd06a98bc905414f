/*
** apitoken.h - the API tokens of an organization, with which its own programs read and
** replace its listing (/api/v1/manage/organization). A token is shown once, when it is
** made; only its BLAKE2b hash is stored (auth.h), with a label, who made it and when,
** and when it was revoked. Writing functions run in the caller's write transaction.
*/
#ifndef SD_APITOKEN_H
#define SD_APITOKEN_H

#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "auth.h"
#include "db.h"

#define APITOKEN_LABEL_MAX 100   /* bytes */

/* Who a live token speaks for. */
struct apitoken_owner {
	long org_id;
	char org_state[12];                     /* pending, verified or suspended */
	char label[APITOKEN_LABEL_MAX + 1];
};

/* 0 if label can name a token: 1..APITOKEN_LABEL_MAX bytes of text on one line. */
int apitoken_label_valid(const char *label);

/* A new token for org_id made by created_by ("editor LOGIN"): token receives the secret
** to show once. 0, or -1 with a message. */
int apitoken_create(struct dbconn *w, long org_id, const char *label, const char *created_by,
    time_t now, char token[AUTH_TOKEN_CHARS + 1], char *err, size_t errlen);

/* The tokens of org_id, newest first: [{"id", "label", "created_at", "created_by",
** "revoked", "revoked_at"}], times as "YYYY-MM-DD HH:MM" in the directory's time (null
** when not revoked). NULL with a message on error. */
json_t *apitoken_list(struct dbconn *c, long org_id, char *err, size_t errlen);

/* Revoke token_id if it belongs to org_id (a revoked one keeps its first date). 1 done,
** 0 no such token of this organization, -1 with a message. */
int apitoken_revoke(struct dbconn *w, long org_id, long token_id, time_t now,
    char *err, size_t errlen);

/* The organization of the live (not revoked) token whose text is token. 1 with *owner,
** 0 unknown, malformed or revoked, -1 with a message. */
int apitoken_find(struct dbconn *c, const char *token, struct apitoken_owner *owner,
    char *err, size_t errlen);

/* The UUID of organization org_id into uuid. 1, 0 none, -1 with a message. */
int apitoken_org_uuid(struct dbconn *c, long org_id, char uuid[37], char *err, size_t errlen);

#endif
