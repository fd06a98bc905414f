/*
** test_auth.c - auth.h: every rule a passphrase must meet (multi-byte characters counted
** as one), Argon2id hashing and verification, the shape of tokens and which ones are
** refused, form tokens per scope, hex keys, the exact throttle schedule and random UUIDs.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "validate.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned char test_key[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

static int
setup(void **state)
{
	char err[128];

	(void)state;
	return auth_init(err, sizeof err);
}

/* Fail unless pass is refused for login with a message containing want. */
static void
expect_refused(const char *pass, const char *login, const char *want)
{
	char err[256] = "";

	if (auth_passphrase_acceptable(pass, login, err, sizeof err) != -1)
		fail_msg("accepted \"%s\"", pass);
	if (strstr(err, want) == NULL)
		fail_msg("\"%s\": message \"%s\" does not say \"%s\"", pass, err, want);
}

static void
expect_accepted(const char *pass, const char *login)
{
	char err[256] = "";

	if (auth_passphrase_acceptable(pass, login, err, sizeof err) != 0)
		fail_msg("refused \"%s\": %s", pass, err);
}

static void
test_passphrase_accepts_long_uncommon_phrases(void **state)
{
	static const char *good[] = {
		"lanterne verte sous la pluie", "quatre chats gris dorment", "kx7!mq2#pz9w",
		"été à Montréal sans parapluie", "بنك الطعام في الحي", "Password is not it",
		"tortue bleue 1234", "   spaced out   ",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		expect_accepted(good[i], "marie.tremblay");
	expect_accepted("lanterne verte sous la pluie", NULL);
	expect_accepted("lanterne verte sous la pluie", "");
}

static void
test_passphrase_needs_12_characters_counting_code_points(void **state)
{
	(void)state;
	expect_refused("", NULL, "at least 12 characters");
	expect_refused(NULL, NULL, "at least 12 characters");
	expect_refused("kx7!mq2#pz9", NULL, "at least 12 characters");      /* 11 ASCII */
	expect_accepted("kx7!mq2#pz9w", NULL);                              /* 12 ASCII */
	/* 11 characters in 22 bytes: too short although longer than 12 bytes. */
	expect_refused("çàéèùâêîôûë", NULL, "at least 12 characters");
	expect_accepted("çàéèùâêîôûëï", NULL);                              /* 12 in 24 bytes */
	/* 11 characters of four bytes each (44 bytes). */
	expect_refused("😀😁😂🤣😃😄😅😆😉😊😋", NULL, "at least 12 characters");
	expect_accepted("😀😁😂🤣😃😄😅😆😉😊😋😎", NULL);
}

static void
test_passphrase_at_most_1024_bytes(void **state)
{
	char pass[AUTH_PASSPHRASE_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < AUTH_PASSPHRASE_MAX + 1; i++)
		pass[i] = (char)('a' + i % 26);
	pass[AUTH_PASSPHRASE_MAX + 1] = '\0';
	expect_refused(pass, NULL, "longer than 1024 bytes");
	pass[AUTH_PASSPHRASE_MAX] = '\0';
	expect_accepted(pass, NULL);
}

static void
test_passphrase_refuses_bad_utf8_and_control_characters(void **state)
{
	static const char *bad[] = {
		"lanterne verte\xC0\xAF pluie",        /* overlong '/' */
		"lanterne verte \xED\xA0\x80 pluie",   /* surrogate */
		"lanterne verte \xFF pluie",
		"lanterne\tverte sous la pluie",
		"lanterne verte\nsous la pluie",
		"lanterne verte sous la pluie\x7F",
		"lanterne verte \xC2\x85 sous la pluie", /* U+0085, a C1 control */
		"\x1B[31mlanterne verte sous la pluie",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		expect_refused(bad[i], NULL, "not valid UTF-8");
}

static void
test_passphrase_must_not_be_the_login(void **state)
{
	(void)state;
	expect_refused("marie.tremblay", "marie.tremblay", "must not be your login name");
	expect_refused("Marie Tremblay", "marie.tremblay", "must not be your login name");
	expect_refused("MARIE-TREMBLAY!!", "marie.tremblay", "must not be your login name");
	expect_refused("marietremblay2024", "marie.tremblay", "must not be your login name");
	expect_refused("Hélène Côté-Roy", "helene.cote.roy", "must not be your login name");
	expect_accepted("marie tremblay aime la pluie", "marie.tremblay");
	expect_accepted("marietremblay2024", "jean.dupont");
}

static void
test_passphrase_refuses_common_ones_in_any_case_and_suffix(void **state)
{
	static const char *common[] = {
		"password1234", "PASSWORD1234", "Password 1234!", "Password2024!!!!",
		"123456789012", "qwertyuiopasdf", "QwertyUiopAsdf", "iloveyou1234",
		"ILoveYou 2024 <3", "motdepasse123", "Mot de passe 2023", "contrasena123",
		"Contraseña123", "Solidarity City", "solidaritycity", "solidarity-city-2024",
		"Solidarité Montréal 2024", "solidarite!!!!!!", "welcome12345", "Welcome 123456",
		"Directory 12345678", "montreal123456", "MONTRÉAL 1234567", "Je t'aime mon amour",
		"correct horse battery staple", "Correct-Horse-Battery-Staple-1",
		"aaaaaaaaaaaa", "ZZZZZZZZZZZZZZZZ", "            ", "------------", "éééééééééééé",
		"123456789012!", "1234567890123", "Password!!!!", "password1234!!",
		/* twelve combining acute accents, which folding removes */
		"\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81"
		"\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(common); i++)
		expect_refused(common[i], "someone", "most common passwords");
}

static void
test_passphrase_error_buffer_may_be_null_or_short(void **state)
{
	char err[8];

	(void)state;
	assert_int_equal(auth_passphrase_acceptable("short", NULL, NULL, 0), -1);
	assert_int_equal(auth_passphrase_acceptable("short", NULL, err, sizeof err), -1);
	assert_int_equal(strlen(err), sizeof err - 1);
}

static void
test_hash_and_verify_round_trip(void **state)
{
	char h1[AUTH_PWHASH_MAX], h2[AUTH_PWHASH_MAX], err[128];
	const char *pass = "lanterne verte sous la pluie";

	(void)state;
	assert_int_equal(auth_passphrase_hash(pass, h1, err, sizeof err), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(strlen(h1) < AUTH_PWHASH_MAX);
	assert_int_equal(auth_passphrase_verify(h1, pass), 1);
	assert_int_equal(auth_passphrase_verify(h1, "lanterne verte sous la pluie "), 0);
	assert_int_equal(auth_passphrase_verify(h1, "Lanterne verte sous la pluie"), 0);
	assert_int_equal(auth_passphrase_verify(h1, ""), 0);
	assert_int_equal(auth_passphrase_verify(h1, NULL), 0);
	assert_int_equal(auth_passphrase_verify(NULL, pass), 0);
	assert_int_equal(auth_passphrase_verify("", pass), 0);
	assert_int_equal(auth_passphrase_verify("$argon2id$v=19$garbage", pass), 0);
	/* A new salt each time. */
	assert_int_equal(auth_passphrase_hash(pass, h2, err, sizeof err), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(auth_passphrase_verify(h2, pass), 1);
	auth_passphrase_burn(pass);
	auth_passphrase_burn(NULL);
}

static int
is_base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

static void
test_token_has_43_base64url_characters_and_hashes_to_32_bytes(void **state)
{
	char t1[AUTH_TOKEN_CHARS + 1], t2[AUTH_TOKEN_CHARS + 1];
	unsigned char h1[AUTH_HASH_BYTES], h1again[AUTH_HASH_BYTES], h2[AUTH_HASH_BYTES];
	size_t i;

	(void)state;
	auth_token_new(t1);
	auth_token_new(t2);
	assert_int_equal(strlen(t1), AUTH_TOKEN_CHARS);
	for (i = 0; i < AUTH_TOKEN_CHARS; i++)
		assert_true(is_base64url(t1[i]));
	assert_string_not_equal(t1, t2);
	assert_int_equal(auth_token_hash(t1, h1), 0);
	assert_int_equal(auth_token_hash(t1, h1again), 0);
	assert_int_equal(auth_token_hash(t2, h2), 0);
	assert_memory_equal(h1, h1again, AUTH_HASH_BYTES);
	assert_memory_not_equal(h1, h2, AUTH_HASH_BYTES);
	assert_true(auth_equal(h1, h1again, AUTH_HASH_BYTES));
	assert_false(auth_equal(h1, h2, AUTH_HASH_BYTES));
	assert_true(auth_equal(h1, h2, 0));
}

static void
test_token_hash_refuses_malformed_tokens(void **state)
{
	char good[AUTH_TOKEN_CHARS + 1], bad[AUTH_TOKEN_CHARS + 2];
	static const char replacements[] = { '+', '/', '=', ' ', '.', '\n', '\x80' };
	unsigned char h[AUTH_HASH_BYTES], untouched[AUTH_HASH_BYTES];
	size_t i;

	(void)state;
	memset(h, 0xAA, sizeof h);
	memcpy(untouched, h, sizeof h);
	auth_token_new(good);
	memcpy(bad, good, AUTH_TOKEN_CHARS - 1);
	bad[AUTH_TOKEN_CHARS - 1] = '\0';
	assert_int_equal(auth_token_hash(bad, h), -1);                   /* 42 */
	memcpy(bad, good, AUTH_TOKEN_CHARS);
	bad[AUTH_TOKEN_CHARS] = 'A';
	bad[AUTH_TOKEN_CHARS + 1] = '\0';
	assert_int_equal(auth_token_hash(bad, h), -1);                   /* 44 */
	for (i = 0; i < COUNT(replacements); i++) {
		memcpy(bad, good, AUTH_TOKEN_CHARS + 1);
		bad[i * 5] = replacements[i];
		if (auth_token_hash(bad, h) != -1)
			fail_msg("accepted a token with 0x%02X", (unsigned char)replacements[i]);
	}
	assert_int_equal(auth_token_hash("", h), -1);
	assert_int_equal(auth_token_hash(NULL, h), -1);
	assert_memory_equal(h, untouched, sizeof h);
}

static void
test_form_tokens_differ_per_scope_and_key_and_check(void **state)
{
	char a[AUTH_TOKEN_CHARS + 1], a2[AUTH_TOKEN_CHARS + 1], b[AUTH_TOKEN_CHARS + 1];
	unsigned char other_key[32];

	(void)state;
	memcpy(other_key, test_key, sizeof other_key);
	other_key[31] ^= 1;
	auth_form_token(test_key, "login", a);
	auth_form_token(test_key, "login", a2);
	auth_form_token(test_key, "logout", b);
	assert_int_equal(strlen(a), AUTH_TOKEN_CHARS);
	assert_string_equal(a, a2);
	assert_string_not_equal(a, b);
	assert_int_equal(auth_form_token_check(test_key, "login", a), 1);
	assert_int_equal(auth_form_token_check(test_key, "logout", b), 1);
	assert_int_equal(auth_form_token_check(test_key, "logout", a), 0);
	assert_int_equal(auth_form_token_check(other_key, "login", a), 0);
	assert_int_equal(auth_form_token_check(test_key, "login", NULL), 0);
	assert_int_equal(auth_form_token_check(test_key, "login", ""), 0);
	a2[AUTH_TOKEN_CHARS - 1] = '\0';
	assert_int_equal(auth_form_token_check(test_key, "login", a2), 0);
	auth_form_token(test_key, "login", a2);
	a2[0] = a2[0] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_form_token_check(test_key, "login", a2), 0);
	auth_form_token(test_key, NULL, a2);
	auth_form_token(test_key, "", b);
	assert_string_equal(a2, b);
	assert_int_equal(auth_form_token_check(test_key, NULL, b), 1);
}

static void
test_key_from_hex_needs_exactly_64_hex_digits(void **state)
{
	static const char good[] =
	    "0102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F20";
	static const char *bad[] = {
		"", "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2",
		"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f200",
		"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2g",
		" 102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
		"0102030405060708090a0b0c0d0e0f10 112131415161718191a1b1c1d1e1f20",
		"0x02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
		"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\n",
	};
	unsigned char key[32], untouched[32];
	char hex[65];
	size_t i;

	(void)state;
	assert_int_equal(auth_key_from_hex(good, key), 0);
	assert_memory_equal(key, test_key, sizeof key);
	auth_hex(key, sizeof key, hex);
	assert_string_equal(hex,
	    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
	memset(key, 0x55, sizeof key);
	memcpy(untouched, key, sizeof key);
	for (i = 0; i < COUNT(bad); i++)
		if (auth_key_from_hex(bad[i], key) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(auth_key_from_hex(NULL, key), -1);
	assert_memory_equal(key, untouched, sizeof key);
}

static void
test_hex_is_lowercase(void **state)
{
	static const unsigned char bytes[] = { 0x00, 0xff, 0x10, 0xab, 0x9C };
	char out[2 * sizeof bytes + 1];

	(void)state;
	auth_hex(bytes, sizeof bytes, out);
	assert_string_equal(out, "00ff10ab9c");
	auth_hex(bytes, 0, out);
	assert_string_equal(out, "");
}

static void
test_throttle_schedule(void **state)
{
	static const long want[][2] = {
		{ -5, 0 }, { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 2 }, { 5, 4 }, { 6, 8 },
		{ 7, 16 }, { 8, 32 }, { 9, 60 }, { 10, 900 }, { 11, 900 }, { 50, 900 },
		{ LONG_MAX, 900 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(want); i++)
		if (auth_throttle_wait(want[i][0]) != want[i][1])
			fail_msg("%ld failures: %ld s, want %ld", want[i][0],
			    auth_throttle_wait(want[i][0]), want[i][1]);
	assert_int_equal(auth_throttle_wait(AUTH_LOCK_FAILURES), AUTH_LOCK_SECONDS);
}

static int
cmp_uuid(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_uuid_is_version_4_and_unique(void **state)
{
	enum { N = 1000 };
	char (*ids)[37] = calloc(N, sizeof *ids);
	size_t i;

	(void)state;
	assert_non_null(ids);
	for (i = 0; i < N; i++) {
		auth_uuid_new(ids[i]);
		if (!valid_uuid(ids[i]) || ids[i][14] != '4' || strchr("89ab", ids[i][19]) == NULL)
			fail_msg("not a version-4 UUID: \"%s\"", ids[i]);
	}
	qsort(ids, N, sizeof *ids, cmp_uuid);
	for (i = 1; i < N; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("UUID drawn twice: %s", ids[i]);
	free(ids);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passphrase_accepts_long_uncommon_phrases),
		cmocka_unit_test(test_passphrase_needs_12_characters_counting_code_points),
		cmocka_unit_test(test_passphrase_at_most_1024_bytes),
		cmocka_unit_test(test_passphrase_refuses_bad_utf8_and_control_characters),
		cmocka_unit_test(test_passphrase_must_not_be_the_login),
		cmocka_unit_test(test_passphrase_refuses_common_ones_in_any_case_and_suffix),
		cmocka_unit_test(test_passphrase_error_buffer_may_be_null_or_short),
		cmocka_unit_test(test_hash_and_verify_round_trip),
		cmocka_unit_test(test_token_has_43_base64url_characters_and_hashes_to_32_bytes),
		cmocka_unit_test(test_token_hash_refuses_malformed_tokens),
		cmocka_unit_test(test_form_tokens_differ_per_scope_and_key_and_check),
		cmocka_unit_test(test_key_from_hex_needs_exactly_64_hex_digits),
		cmocka_unit_test(test_hex_is_lowercase),
		cmocka_unit_test(test_throttle_schedule),
		cmocka_unit_test(test_uuid_is_version_4_and_unique),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
