/*
** auth.h - the secrets of accounts, in one place: the rules a passphrase must meet, its
** Argon2id hash, random tokens and the BLAKE2b hashes under which they are stored, form
** (CSRF) tokens, the per-account login throttle and random UUIDs. Built on libsodium;
** call auth_init() once, before any thread starts, and before any other function here.
** Nothing here keeps state between calls.
*/
#ifndef SD_AUTH_H
#define SD_AUTH_H

#include <stddef.h>

#define AUTH_TOKEN_CHARS 43      /* base64url without padding of 32 random bytes */
#define AUTH_HASH_BYTES 32       /* BLAKE2b-256 */
#define AUTH_PASSPHRASE_MIN 12   /* characters (Unicode code points) */
#define AUTH_PASSPHRASE_MAX 1024 /* bytes */
#define AUTH_PWHASH_MAX 128      /* >= crypto_pwhash_STRBYTES */

/* Initialize libsodium. 0, or -1 with a message in err. */
int auth_init(char *err, size_t errlen);

/* 0 if pass may be used as a passphrase by the account called login (NULL or "" when
** there is none yet); otherwise -1 and a message for people in err. The rules, in the
** order they are checked: at most AUTH_PASSPHRASE_MAX bytes; valid UTF-8 without control
** characters; at least AUTH_PASSPHRASE_MIN characters, a multi-byte character counting as
** one; not the login name; not one of fixtures/common-passphrases.txt, nor one character
** repeated ("aaaaaaaaaaaa", twelve spaces). The last two compare folded texts (lower
** case, no diacritics, without spaces, '-', '_' and '.') and ignore digits and
** punctuation added at the end, so "Password 1234!" is found as "password1234",
** "Password!!!!" as "password1234" too, and "Solidarité-Montréal 2024" as
** "solidarite montreal". */
int auth_passphrase_acceptable(const char *pass, const char *login, char *err, size_t errlen);

/* Argon2id hash of pass (crypto_pwhash_str_alg, interactive limits) as a NUL-terminated
** string in out. 0, or -1 with a message in err (out of memory); out is then "". */
int auth_passphrase_hash(const char *pass, char out[AUTH_PWHASH_MAX], char *err, size_t errlen);

/* 1 if pass matches the hash stored by auth_passphrase_hash, 0 otherwise (NULL or a
** malformed hash included). */
int auth_passphrase_verify(const char *stored, const char *pass);

/* The work of auth_passphrase_verify against a fixed hash with the same limits, whose
** result is thrown away: a login for an account that does not exist takes as long as
** one that does. */
void auth_passphrase_burn(const char *pass);

/* A new secret token: 32 random bytes in base64url without padding, NUL-terminated. */
void auth_token_new(char out[AUTH_TOKEN_CHARS + 1]);

/* BLAKE2b-256 of the characters of a token sent by a client: what is stored in place of
** the token. 0, or -1 (out untouched) unless token is exactly AUTH_TOKEN_CHARS characters
** of [A-Za-z0-9_-]. */
int auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES]);

/* 1 if a[0..n) and b[0..n) are equal, 0 otherwise, in a time that depends on n only. */
int auth_equal(const void *a, const void *b, size_t n);

/* Form (CSRF) token for scope (a NUL-terminated text; NULL counts as ""): BLAKE2b-256
** keyed with key, in base64url without padding, AUTH_TOKEN_CHARS characters. */
void auth_form_token(const unsigned char key[32], const char *scope,
    char out[AUTH_TOKEN_CHARS + 1]);

/* 1 if given is the form token of scope under key (compared in constant time), 0
** otherwise, NULL and wrong lengths included. */
int auth_form_token_check(const unsigned char key[32], const char *scope, const char *given);

/* Decode exactly 64 hex digits (either case) into key. 0, or -1 (key untouched). */
int auth_key_from_hex(const char *hex64, unsigned char key[32]);

/* Lower-case hex of bytes[0..n) into out, which has room for 2n+1 bytes. */
void auth_hex(const unsigned char *bytes, size_t n, char *out);

/* Login throttling, per account, no address ever involved: given the number of
** consecutive failed logins, the seconds to wait after the last failure before another
** attempt is accepted: 0 for the first 3 failures, then 2, 4, 8, 16, 32 and 60 s for the
** 4th to the 9th; from the AUTH_LOCK_FAILURES-th on, a lock of AUTH_LOCK_SECONDS. */
#define AUTH_LOCK_FAILURES 10
#define AUTH_LOCK_SECONDS 900
long auth_throttle_wait(long failures);

/* A random version-4 UUID, lower case 8-4-4-4-12, NUL-terminated. */
void auth_uuid_new(char out[37]);

#endif
