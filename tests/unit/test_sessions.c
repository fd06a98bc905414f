/*
** test_sessions.c - the lifetimes the account pages rely on, with the clock in the test's
** hands: a session's idle and absolute expiry and its end at logout, the login throttle's
** growing waits and the lock after ten failures, and one-time links that expire or are
** used up.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "session.h"
#include "testsrv.h"

#define T0 ((time_t)1790000000)
#define PASS "seven quiet herons at dawn"

struct fixture {
	char          dir[64];
	char          path[128];
	struct dbconn c;
	long          coordinator;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct api_error err = { 0 };
	char token[AUTH_TOKEN_CHARS + 1], msg[300];

	if (f == NULL || auth_init(msg, sizeof msg) != 0)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sd-sess-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/d.db", f->dir);
	if (testdb_create(f->path, NULL, msg, sizeof msg) != 0 ||
	    db_open(f->path, DB_READWRITE, &f->c, msg, sizeof msg) != 0)
		return -1;
	if (account_add_coordinator(&f->c, "coord", T0, token, &err) != 0 ||
	    account_link_accept(&f->c, token, NULL, PASS, T0, &f->coordinator, &err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(&f->c);
	testdb_remove(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int
lookup(struct fixture *f, const char *token, time_t now)
{
	struct account_info who;
	char msg[200];

	return session_lookup(&f->c, token, now, &who, msg, sizeof msg);
}

static void
test_session_idle_expiry(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_TOKEN_CHARS + 1], msg[200];
	unsigned char hash[AUTH_HASH_BYTES];

	assert_int_equal(session_create(&f->c, f->coordinator, T0, token, hash, msg, sizeof msg), 0);
	assert_int_equal(lookup(f, token, T0 + SESSION_IDLE_SECONDS - 1), 1);
	/* Each use moves the idle limit. */
	assert_int_equal(lookup(f, token, T0 + 2 * SESSION_IDLE_SECONDS - 2), 1);
	assert_int_equal(lookup(f, token, T0 + 3 * SESSION_IDLE_SECONDS), 0);
	/* Gone for good, not merely refused. */
	assert_int_equal(lookup(f, token, T0 + 2 * SESSION_IDLE_SECONDS - 1), 0);
}

static void
test_session_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_TOKEN_CHARS + 1], msg[200];
	unsigned char hash[AUTH_HASH_BYTES];
	time_t t;

	assert_int_equal(session_create(&f->c, f->coordinator, T0, token, hash, msg, sizeof msg), 0);
	for (t = T0; t < T0 + SESSION_MAX_SECONDS; t += SESSION_IDLE_SECONDS / 2)
		assert_int_equal(lookup(f, token, t), 1);
	assert_int_equal(lookup(f, token, T0 + SESSION_MAX_SECONDS + 1), 0);
}

static void
test_session_delete(void **state)
{
	struct fixture *f = *state;
	char a[AUTH_TOKEN_CHARS + 1], b[AUTH_TOKEN_CHARS + 1], msg[200];
	unsigned char ha[AUTH_HASH_BYTES], hb[AUTH_HASH_BYTES];
	struct account_info who;

	assert_int_equal(session_create(&f->c, f->coordinator, T0, a, ha, msg, sizeof msg), 0);
	assert_int_equal(session_create(&f->c, f->coordinator, T0, b, hb, msg, sizeof msg), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(session_lookup(&f->c, a, T0, &who, msg, sizeof msg), 1);
	assert_true(who.coordinator);
	assert_string_equal(who.login, "coord");
	assert_memory_equal(who.session_hash, ha, AUTH_HASH_BYTES);
	assert_int_equal(session_delete_others(&f->c, f->coordinator, ha, msg, sizeof msg), 0);
	assert_int_equal(lookup(f, b, T0), 0);
	assert_int_equal(lookup(f, a, T0), 1);
	assert_int_equal(session_delete(&f->c, ha, msg, sizeof msg), 0);
	assert_int_equal(lookup(f, a, T0), 0);
	/* Malformed cookies are simply unknown. */
	assert_int_equal(lookup(f, "", T0), 0);
	assert_int_equal(lookup(f, "x'; DROP TABLE session; --", T0), 0);
	assert_int_equal(lookup(f, NULL, T0), 0);
}

static int
login(struct fixture *f, const char *pass, time_t now)
{
	struct api_error err = { 0 };
	long id;

	return account_login(&f->c, "coord", pass, now, &id, &err) == 0 ? 200 : err.status;
}

static void
test_throttle_and_lock(void **state)
{
	struct fixture *f = *state;
	time_t t = T0 + 100;
	long failures;

	for (failures = 0; failures < 3; failures++)
		assert_int_equal(login(f, "wrong wrong wrong", t), 401);
	assert_int_equal(login(f, "wrong wrong wrong", t), 401);      /* the 4th counts */
	assert_int_equal(login(f, PASS, t + 1), 429);                /* 2 s not yet over */
	assert_int_equal(login(f, "wrong wrong wrong", t + 2), 401); /* 5th: wait 4 s */
	assert_int_equal(login(f, PASS, t + 5), 429);
	t += 6;
	for (failures = 5; failures < AUTH_LOCK_FAILURES; failures++) {
		t += auth_throttle_wait(failures);
		assert_int_equal(login(f, "wrong wrong wrong", t), 401);
	}
	/* Ten failures: locked, whatever is typed, until the lock is over. */
	assert_int_equal(login(f, PASS, t + AUTH_LOCK_SECONDS - 1), 429);
	assert_int_equal(login(f, PASS, t + AUTH_LOCK_SECONDS), 200);
	/* Success resets the count. */
	assert_int_equal(login(f, "wrong wrong wrong", t + AUTH_LOCK_SECONDS), 401);
	assert_int_equal(login(f, PASS, t + AUTH_LOCK_SECONDS), 200);
}

static void
test_links_expire_and_are_used_once(void **state)
{
	struct fixture *f = *state;
	struct api_error err = { 0 };
	struct link_info link;
	char token[AUTH_TOKEN_CHARS + 1];
	long id;

	assert_int_equal(account_add_coordinator(&f->c, "late", T0, token, &err), 0);
	assert_int_equal(account_link_find(&f->c, token, T0 + ACCOUNT_SETUP_SECONDS - 1, &link, &err), 1);
	assert_true(link.setup);
	assert_string_equal(link.login, "late");
	assert_int_equal(account_link_find(&f->c, token, T0 + ACCOUNT_SETUP_SECONDS, &link, &err), 0);
	assert_int_equal(account_link_accept(&f->c, token, NULL, PASS, T0 + ACCOUNT_SETUP_SECONDS,
	    &id, &err), -1);
	assert_int_equal(err.status, 404);
	assert_int_equal(account_add_coordinator(&f->c, "once", T0, token, &err), 0);
	assert_int_equal(account_link_accept(&f->c, token, NULL, PASS, T0, &id, &err), 0);
	assert_int_equal(account_link_accept(&f->c, token, NULL, PASS, T0, &id, &err), -1);
	/* A login name is taken once, whatever its case. */
	assert_int_equal(account_add_coordinator(&f->c, "ONCE", T0, token, &err), -1);
	assert_int_equal(err.status, 409);
	assert_int_equal(account_add_coordinator(&f->c, "no spaces", T0, token, &err), -1);
	assert_int_equal(err.status, 400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_idle_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_and_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_expire_and_are_used_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
