/*
** routes_account.c - logging in and out, one-time links (a coordinator's set-up, an
** invitation for an organization's editors) and changing one's passphrase. These pages
** are the only ones besides the coordinator and editor areas that set a cookie.
*/
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "routes.h"

static const char *
area_home(const struct account_info *who)
{
	return who->coordinator ? "/coordinate" : "/edit";
}

/* next= for after login: a path of the account areas only, never another site. */
static const char *
safe_next(const char *next)
{
	static const char *const allowed[] = { "/coordinate", "/edit", "/account/" };
	size_t i;

	if (next == NULL || strlen(next) > 200 || strstr(next, "//") != NULL ||
	    strchr(next, '\\') != NULL)
		return NULL;
	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (strncmp(next, allowed[i], strlen(allowed[i])) == 0)
			return next;
	return NULL;
}

/* Start a session for account_id in the open transaction w, replacing the one the
** visitor had (a new id at every login). */
static int
start_session(struct route_ctx *cx, struct dbconn *w, long account_id, struct api_error *err)
{
	char token[AUTH_TOKEN_CHARS + 1], msg[200];
	unsigned char hash[AUTH_HASH_BYTES];

	if ((cx->logged_in && session_delete(w, cx->who.session_hash, msg, sizeof msg) != 0) ||
	    session_create(w, account_id, server_now(cx->srv), token, hash, msg, sizeof msg) != 0 ||
	    session_load_account(w, account_id, &cx->who, msg, sizeof msg) != 1) {
		api_error_set(err, 500, "internal", "the session could not be started");
		return -1;
	}
	session_cookie(cx->srv->https, token, cx->out->set_cookie, sizeof cx->out->set_cookie);
	return 0;
}

/* A form shown again with the problem: {"error": {"message", "field"}} plus fields. */
static json_t *
form_error(const struct api_error *err)
{
	return json_pack("{s{ssss?}}", "error", "message", err->message, "field", err->param);
}

static int
login_page(struct route_ctx *cx, json_t **value, const struct api_error *problem)
{
	const char *next = safe_next(route_param(cx, "next"));

	*value = problem != NULL ? form_error(problem) : json_object();
	if (*value == NULL)
		return 0;
	json_object_set_new(*value, "next", next != NULL ? json_string(next) : json_null());
	json_object_set_new(*value, "login", json_string(route_param(cx, "login") != NULL &&
	    strlen(route_param(cx, "login")) <= ACCOUNT_LOGIN_MAX ? route_param(cx, "login") : ""));
	json_object_set_new(*value, "logged_out", json_boolean(route_param(cx, "done") != NULL &&
	    strcmp(route_param(cx, "done"), "logged_out") == 0));
	if (problem != NULL)
		cx->status = problem->status;
	return 0;
}

static int
handle_login(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct api_error problem = { 0 };
	struct dbconn *w;
	const char *next;
	long account_id;
	int rc;

	if (!cx->post) {
		if (cx->logged_in)
			return route_redirect(cx, "%s", area_home(&cx->who));
		return login_page(cx, value, NULL);
	}
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = account_login(w, route_param(cx, "login"), route_param(cx, "passphrase"),
	    server_now(cx->srv), &account_id, &problem);
	if (rc == 0)
		rc = start_session(cx, w, account_id, err) == 0 ? 0 : -2;
	/* Commit either way: a failure must be counted against the account. */
	if (route_write_end(cx, rc != -2, err) != 0 || rc == -2)
		return -1;
	if (rc != 0) {
		if (problem.status >= 500) {
			*err = problem;
			return -1;
		}
		return login_page(cx, value, &problem);
	}
	next = safe_next(route_param(cx, "next"));
	return route_redirect(cx, "%s", next != NULL ? next : area_home(&cx->who));
}

static int
handle_logout(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct dbconn *w;
	char msg[200];
	int rc;

	if (!cx->post) {
		*value = json_object();
		return 0;
	}
	if (cx->logged_in) {
		if ((w = route_write_begin(cx, err)) == NULL)
			return -1;
		rc = session_delete(w, cx->who.session_hash, msg, sizeof msg);
		if (route_write_end(cx, rc == 0, err) != 0)
			return -1;
		cx->logged_in = 0;
	}
	session_cookie(cx->srv->https, NULL, cx->out->set_cookie, sizeof cx->out->set_cookie);
	return route_redirect(cx, "/login?done=logged_out");
}

/* The welcome page for a live link: what it is for, and the form. */
static int
welcome_page(struct route_ctx *cx, const struct link_info *link, const char *token,
    json_t **value, const struct api_error *problem)
{
	const char *login = route_param(cx, "login");

	*value = problem != NULL ? form_error(problem) : json_object();
	if (*value == NULL)
		return 0;
	json_object_set_new(*value, "token", json_string(token));
	json_object_set_new(*value, "setup", json_boolean(link->setup));
	json_object_set_new(*value, "coordinator_login", json_string(link->login));
	json_object_set_new(*value, "organization", json_string(link->org_name));
	json_object_set_new(*value, "login", json_string(login != NULL &&
	    strlen(login) <= ACCOUNT_LOGIN_MAX ? login : ""));
	json_object_set_new(*value, "minimum", json_integer(AUTH_PASSPHRASE_MIN));
	if (problem != NULL)
		cx->status = problem->status;
	return 0;
}

static int
dead_link(struct api_error *err)
{
	api_error_set(err, 404, "link_expired",
	    "this link has already been used or has expired: ask a coordinator for a new one");
	return -1;
}

static int
passphrases_match(const struct route_ctx *cx, struct api_error *problem)
{
	const char *a = route_param(cx, "passphrase"), *b = route_param(cx, "passphrase2");

	if (a != NULL && b != NULL && strcmp(a, b) == 0)
		return 1;
	api_error_set(problem, 400, "passphrases_differ", "the two passphrases are not the same");
	problem->param = "passphrase2";
	return 0;
}

static int
accept_link(struct route_ctx *cx, const struct link_info *link, const char *token,
    json_t **value, struct api_error *err)
{
	struct api_error problem = { 0 };
	struct dbconn *w;
	long account_id;
	int rc = -1;

	if (!passphrases_match(cx, &problem))
		return welcome_page(cx, link, token, value, &problem);
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = account_link_accept(w, token, route_param(cx, "login"),
	    route_param(cx, "passphrase"), server_now(cx->srv), &account_id, &problem);
	if (rc == 0 && start_session(cx, w, account_id, err) != 0)
		rc = -2;
	if (route_write_end(cx, rc == 0, err) != 0 || rc == -2)
		return -1;
	if (rc != 0 && (problem.status == 404 || problem.status >= 500)) {
		*err = problem;
		return -1;
	}
	if (rc != 0)
		return welcome_page(cx, link, token, value, &problem);
	return route_redirect(cx, "%s?welcome=1", area_home(&cx->who));
}

static int
handle_welcome(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	const char *token = route_param(cx, "token");
	struct link_info link;
	int found = account_link_find(cx->db, token, server_now(cx->srv), &link, err);

	if (found < 0)
		return -1;
	if (found == 0)
		return dead_link(err);
	if (!cx->post)
		return welcome_page(cx, &link, token, value, NULL);
	return accept_link(cx, &link, token, value, err);
}

static int
passphrase_page(struct route_ctx *cx, json_t **value, const struct api_error *problem)
{
	*value = problem != NULL ? form_error(problem) : json_object();
	if (*value == NULL)
		return 0;
	json_object_set_new(*value, "done", json_boolean(route_param(cx, "done") != NULL));
	json_object_set_new(*value, "minimum", json_integer(AUTH_PASSPHRASE_MIN));
	if (problem != NULL)
		cx->status = problem->status;
	return 0;
}

static int
handle_passphrase(struct route_ctx *cx, json_t **value, struct api_error *err)
{
	struct api_error problem = { 0 };
	struct dbconn *w;
	char msg[200];
	int rc;

	if (!cx->logged_in)
		return cx->post ? (api_error_set(err, 401, "not_logged_in", "log in first"), -1) :
		    route_redirect(cx, "/login?next=/account/passphrase");
	if (!cx->post)
		return passphrase_page(cx, value, NULL);
	if (!passphrases_match(cx, &problem))
		return passphrase_page(cx, value, &problem);
	if ((w = route_write_begin(cx, err)) == NULL)
		return -1;
	rc = account_change_passphrase(w, cx->who.account_id, route_param(cx, "current"),
	    route_param(cx, "passphrase"), &problem);
	/* Other sessions (another device, a forgotten browser) end with the old passphrase. */
	if (rc == 0 && session_delete_others(w, cx->who.account_id, cx->who.session_hash,
	    msg, sizeof msg) != 0)
		rc = -1, api_error_set(&problem, 500, "internal", "the sessions could not be ended");
	if (route_write_end(cx, rc == 0, err) != 0)
		return -1;
	if (rc != 0 && problem.status >= 500) {
		*err = problem;
		return -1;
	}
	if (rc != 0)
		return passphrase_page(cx, value, &problem);
	return route_redirect(cx, "/account/passphrase?done=1");
}

static const struct route account_routes[] = {
	{ "/login",              0, NULL, ROUTE_ACCOUNT, 0, 1, handle_login,      "login.html",      NULL },
	{ "/logout",             0, NULL, ROUTE_ACCOUNT, 0, 1, handle_logout,     "logout.html",     NULL },
	{ "/account/welcome",    0, NULL, ROUTE_ACCOUNT, 0, 1, handle_welcome,    "welcome.html",    NULL },
	{ "/account/passphrase", 0, NULL, ROUTE_ACCOUNT, 0, 1, handle_passphrase, "passphrase.html", NULL },
};

const struct route_table routes_account = { account_routes,
    sizeof account_routes / sizeof account_routes[0] };
