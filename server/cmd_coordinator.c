/*
** cmd_coordinator.c - `solidarityd coordinator add NAME`: a coordinator account and its
** one-time set-up link, printed for the operator to pass on by hand.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "cli.h"
#include "db.h"

#define DEFAULT_PUBLIC_URL "http://127.0.0.1:8080"

static int
add_coordinator(struct dbconn *c, const char *login, char token[AUTH_TOKEN_CHARS + 1],
    struct api_error *err)
{
	char msg[200];

	if (db_check_version(c, msg, sizeof msg) != 0) {
		api_error_set(err, 500, "schema", "%s", msg);
		return -1;
	}
	if (db_exec(c, "BEGIN IMMEDIATE", msg, sizeof msg) != 0) {
		api_error_set(err, 500, "busy", "%s", msg);
		return -1;
	}
	if (account_add_coordinator(c, login, time(NULL), token, err) != 0) {
		db_exec(c, "ROLLBACK", msg, sizeof msg);
		return -1;
	}
	if (db_exec(c, "COMMIT", msg, sizeof msg) != 0) {
		api_error_set(err, 500, "commit", "%s", msg);
		return -1;
	}
	return 0;
}

int
cmd_coordinator(const struct cli_args *args)
{
	const char *base = args->public_url != NULL ? args->public_url : DEFAULT_PUBLIC_URL;
	size_t n = strlen(base);
	struct dbconn c = { 0 };
	struct api_error err = { 0 };
	char token[AUTH_TOKEN_CHARS + 1], msg[200];

	if (strcmp(args->positional, "add") != 0) {
		fprintf(stderr, "solidarityd coordinator: unknown action \"%s\" (try: add NAME)\n",
		    args->positional);
		return 2;
	}
	if (auth_init(msg, sizeof msg) != 0 ||
	    db_open(args->db, DB_READWRITE, &c, msg, sizeof msg) != 0) {
		fprintf(stderr, "solidarityd coordinator: %s\n", msg);
		return 1;
	}
	if (add_coordinator(&c, args->positional2, token, &err) != 0) {
		fprintf(stderr, "solidarityd coordinator: %s\n", err.message);
		db_close(&c);
		return 1;
	}
	db_close(&c);
	printf("Coordinator \"%s\" created. Send them this link (it works once, for 7 days):\n"
	    "%.*s/account/welcome?token=%s\n", args->positional2,
	    (int)(n > 0 && base[n - 1] == '/' ? n - 1 : n), base, token);
	return 0;
}
