/*
** testauth.h - test support for the account areas: make a coordinator or an editor and
** log them in through the real pages, then send pages and forms with their session
** cookie, the form token the pages carry, and a same-origin Origin header.
*/
#ifndef SD_TESTAUTH_H
#define SD_TESTAUTH_H

#include "testsrv.h"

struct testauth {
	char cookie[160];   /* "sd_session=…", or "" for a visitor without a session */
	char csrf[64];      /* the form token of the last page read, or "" */
};

/* The form token in an HTML page (name="csrf" value="…"). 0, or -1 if none. */
int testauth_find_csrf(const char *html, char *out, size_t outlen);

/* A coordinator login created in the database (as `solidarityd coordinator add` does),
** its set-up link opened and the passphrase chosen through /account/welcome; a is then
** logged in. 0, or -1. */
int testauth_coordinator(const struct testsrv *t, const char *login, const char *passphrase,
    struct testauth *a);

/* An invitation for the organization with this UUID created in the database, accepted
** through /account/welcome as login; a is then logged in as its editor. 0, or -1. */
int testauth_editor(const struct testsrv *t, const char *org_uuid, const char *login,
    const char *passphrase, struct testauth *a);

/* A one-time link token of the given kind made directly in the database: an
** invitation for org_uuid ("invitation"), or a set-up link for a new coordinator login
** ("setup"). 0, or -1. */
int testauth_link(const struct testsrv *t, const char *kind, const char *name,
    char token[64]);

/* GET path with a's cookie (a may be NULL: no cookie); a->csrf is refreshed from the
** page when it holds a form token. 0, or -1 if the request failed. */
int testauth_get(const struct testsrv *t, struct testauth *a, const char *path,
    struct http_result *r);

/* POST a form to path: fields is a NULL-terminated list of name, value, name, value…
** (values URL-encoded here); the form token a->csrf is added as csrf unless fields
** already has one, and the headers Cookie (when a has one), Origin
** (http://127.0.0.1:PORT) and Content-Type. a may not be NULL. 0, or -1. */
int testauth_post(const struct testsrv *t, struct testauth *a, const char *path,
    const char *const *fields, struct http_result *r);

/* Send a raw request with a's cookie plus extra headers (NULL-terminated, may be NULL). */
int testauth_request(const struct testsrv *t, const struct testauth *a, const char *method,
    const char *path, const char *const *extra_headers, const char *body,
    struct http_result *r);

/* The value of cookie name from a response's Set-Cookie, into out. 0, or -1. */
int testauth_set_cookie(const struct http_result *r, const char *name, char *out, size_t outlen);

/* Take the session a response set: a->cookie becomes "sd_session=…". 0, or -1 when the
** response set none. */
int testauth_take_session(const struct http_result *r, struct testauth *a);

#endif
