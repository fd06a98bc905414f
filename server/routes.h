/*
** routes.h - what the files of routes share: the route table entry, the context a
** handler receives, and the helpers handlers use to answer. Each area keeps its own
** table: routes.c (public pages and API), routes_forms.c (endorsing, reports),
** routes_account.c (login, links, passphrases), routes_coord.c (coordinators),
** routes_edit.c (editors and their API); dispatch.c finds the route, checks method,
** parameters, session, form token and origin, runs the handler and sends the reply.
*/
#ifndef SD_ROUTES_H
#define SD_ROUTES_H

#include <jansson.h>

#include "apierror.h"
#include "http.h"
#include "referral.h"
#include "server.h"
#include "session.h"
#include "view.h"

enum route_kind {
	ROUTE_PUBLIC,       /* public page or API; reads only; never a cookie */
	ROUTE_PUBLIC_FORM,  /* a public form (endorsing, reports): no session; POST needs the
	                    ** public form token and a same-origin request */
	ROUTE_ACCOUNT,      /* login and one-time links: a session is looked up if sent */
	ROUTE_COORDINATOR,  /* a coordinator's session is required */
	ROUTE_EDITOR,       /* an editor's session, organization not suspended */
	ROUTE_API_WRITE,    /* a public JSON POST (endorsements, reports) */
	ROUTE_API_EDITOR    /* JSON with an organization's API token (Authorization: Bearer) */
};

struct route_ctx;
typedef int (*handler_fn)(struct route_ctx *cx, json_t **value, struct api_error *err);

struct route {
	const char     *path;       /* exact path, or the prefix before the id */
	int             takes_id;   /* path is followed by a UUID (then suffix, if any) */
	const char     *suffix;     /* after the UUID, e.g. "/report"; NULL for none */
	enum route_kind kind;
	int             api;        /* JSON, else HTML */
	int             allow_post; /* POST accepted besides GET and HEAD */
	handler_fn      handler;
	const char     *template_name;
	const char *const *params;  /* parameters an API route accepts (HTML routes ignore others) */
};

struct route_table {
	const struct route *routes;
	size_t              count;
};

extern const struct route_table routes_public, routes_forms, routes_account,
    routes_coord, routes_edit;

struct route_ctx {
	struct server       *srv;
	struct request      *rq;
	struct reply        *out;
	struct dbconn       *db;       /* read-only, borrowed from the pool for this request */
	const json_t        *params;   /* query arguments, or the body of a POST */
	const char          *id;       /* the UUID in the path, for /…/{id} routes */
	char                 idbuf[37];
	struct view_context  vl;
	int                  lang_given;
	int                  api;      /* JSON route */
	const char          *path;     /* the route's path, the base of page links */
	int                  post;     /* parameters came in a body: no links repeat them */
	int                  logged_in;     /* who is filled */
	struct account_info  who;
	char                 csrf[AUTH_TOKEN_CHARS + 1]; /* the form token pages embed */
	int                  status;   /* the status of a page a handler answers with, when
	                               ** not 200 (a form shown again with its errors: 400) */
	char                 ticked[REFERRAL_IDS_TEXT]; /* search pages: the listings ticked for
	                               ** a referral sheet (ids=, checked), "id,id"; "" for none */
	long                 token_org_id;  /* ROUTE_API_EDITOR: the token's organization */
	char                 token_label[101];
};

/* The string parameter name, or NULL when absent or not a single string. */
const char *route_param(const struct route_ctx *cx, const char *name);

/* Answer with a 303 redirect to the local path made from fmt (lang= is added when the
** visitor chose the language). Returns 0; the handler's value is then ignored. */
int route_redirect(struct route_ctx *cx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Today in the directory's time zone, "YYYY-MM-DD". */
void route_today(const struct route_ctx *cx, char out[11]);

/* scheme://host of the directory as people reach it (--public-url, else the Host the
** request was sent to), for the one-time links coordinators pass on. */
void route_public_base(const struct route_ctx *cx, char *out, size_t outlen);

/* Lock the writer and begin; NULL with a 500 error set. */
struct dbconn *route_write_begin(struct route_ctx *cx, struct api_error *err);

/* Commit (commit != 0) or roll back and unlock. 0, or -1 with a 500 error set. */
int route_write_end(struct route_ctx *cx, int commit, struct api_error *err);

/* The author recorded with a change: "coordinator LOGIN", "editor LOGIN" or
** "API token LABEL". */
void route_author(const struct route_ctx *cx, char *out, size_t outlen);

/* ROUTE_API_EDITOR: check the Authorization header's token; fill token_org_id and
** token_label. 0, or -1 (401 unknown or revoked token, 403 suspended organization).
** Defined in routes_edit.c. */
int route_api_token(struct route_ctx *cx, struct api_error *err);

#endif
