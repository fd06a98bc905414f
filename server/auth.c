/*
** auth.c - passphrases, secret tokens and their hashes, form tokens, the login throttle
** and random UUIDs (see auth.h). Every primitive is libsodium's; this file only decides
** how they are used, so that no other file handles a secret by hand.
*/
#include "auth.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "embedded.h"
#include "fold.h"
#include "utf8.h"
#include "validate.h"

#define AUTH_COMMON_FILE   "fixtures/common-passphrases.txt"
#define AUTH_THROTTLE_FREE 3  /* failures allowed without waiting */
#define AUTH_THROTTLE_MAX  60 /* longest wait, in seconds, before the lock */
#define AUTH_B64_VARIANT   sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(AUTH_PWHASH_MAX >= crypto_pwhash_STRBYTES, "AUTH_PWHASH_MAX too small");
_Static_assert(sodium_base64_ENCODED_LEN(32, AUTH_B64_VARIANT) == AUTH_TOKEN_CHARS + 1,
    "AUTH_TOKEN_CHARS is not the base64url length of 32 bytes");
_Static_assert(AUTH_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
    AUTH_HASH_BYTES <= crypto_generichash_BYTES_MAX, "AUTH_HASH_BYTES out of range");

/* Argon2id hash, with the interactive limits auth_passphrase_hash uses, of a passphrase
** nobody knows: auth_passphrase_burn verifies against it. */
static const char auth_dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$lOpTssC8VZBJxyIFPuQREA$"
	"bJT97V/ot3AiGlSkMajH766KFATWU2rThqZqHVItkBY";

/* A passphrase, a login or a list entry as the comparisons see it. */
struct auth_folded {
	struct buf text; /* folded, without separators */
	size_t     stem; /* length of text without its trailing digits and punctuation */
};

static void
set_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

static int
is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '_' || c == '.';
}

/* ASCII digit or punctuation: what people add at the end of a word to pass a rule. */
static int
is_suffix_char(char c)
{
	return (c >= '!' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* Fill f from the UTF-8 text s[0..len). 0, or -1 on OOM. */
static int
auth_fold(struct auth_folded *f, const char *s, size_t len)
{
	size_t i, n = 0;

	buf_reset(&f->text);
	if (fold_text(&f->text, s, len) != 0 || buf_puts(&f->text, "") != 0)
		return -1;
	for (i = 0; i < f->text.len; i++)
		if (!is_separator(f->text.data[i]))
			f->text.data[n++] = f->text.data[i];
	f->text.data[n] = '\0';
	f->text.len = n;
	while (n > 0 && is_suffix_char(f->text.data[n - 1]))
		n--;
	f->stem = n;
	return 0;
}

/* 1 if the passphrase p is the word w (a login or a list entry), both folded: the same
** text; or w followed by nothing but digits and punctuation ("123456789012!" is
** "123456789012"); or the same once trailing digits and punctuation are removed from both
** ("password!!!!" is "password1234"), as long as that leaves something. */
static int
auth_same(const struct auth_folded *p, const struct auth_folded *w)
{
	if (w->text.len > 0 && w->text.len >= p->stem && w->text.len <= p->text.len &&
	    memcmp(p->text.data, w->text.data, w->text.len) == 0)
		return 1;
	return p->stem > 0 && p->stem == w->stem && memcmp(p->text.data, w->text.data, p->stem) == 0;
}

/* 1 if the folded text is one character repeated, or nothing at all ("            ",
** "AAAAAAAAAAAA", "------------"): as easy to guess as anything in the list. */
static int
auth_is_repetition(const struct auth_folded *f)
{
	const unsigned char *s = (const unsigned char *)f->text.data;
	size_t i, step;
	uint32_t cp;

	if (f->text.len == 0)
		return 1;
	step = utf8_decode(s, f->text.len, &cp);
	if (step == 0 || f->text.len % step != 0)
		return 0;
	for (i = step; i < f->text.len; i += step)
		if (memcmp(s, s + i, step) != 0)
			return 0;
	return 1;
}

/* Length of the line starting at s[0..len), without its end ("\n" or "\r\n"); *next
** gets the offset of the following line. */
static size_t
line_length(const char *s, size_t len, size_t *next)
{
	const char *nl = memchr(s, '\n', len);
	size_t n = nl != NULL ? (size_t)(nl - s) : len;

	*next = nl != NULL ? n + 1 : len;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* 1 if pass is in the list of common passwords, 0 if not, -1 on OOM or a missing list. */
static int
auth_is_common(const struct auth_folded *pass)
{
	const struct embedded_file *list = embedded_find(AUTH_COMMON_FILE);
	struct auth_folded entry = { BUF_INIT, 0 };
	const char *data;
	size_t at = 0, n, next;
	int found = 0;

	if (list == NULL)
		return -1;
	if (auth_is_repetition(pass))
		return 1;
	data = (const char *)list->data;
	for (; found == 0 && at < list->len; at += next) {
		n = line_length(data + at, list->len - at, &next);
		if (n == 0 || data[at] == '#')
			continue;
		if (auth_fold(&entry, data + at, n) != 0)
			found = -1;
		else if (auth_same(pass, &entry))
			found = 1;
	}
	buf_free(&entry.text);
	return found;
}

/* Number of code points of the valid UTF-8 text s[0..len). */
static size_t
utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0, step;
	uint32_t cp;

	while (i < len && (step = utf8_decode((const unsigned char *)s + i, len - i, &cp)) > 0) {
		i += step;
		n++;
	}
	return n;
}

/* The checks that need folding: login name and common list. 0, or -1 with err. */
static int
auth_check_words(const char *pass, size_t len, const char *login, char *err, size_t errlen)
{
	struct auth_folded p = { BUF_INIT, 0 }, l = { BUF_INIT, 0 };
	int rc = 0, common = 0;

	if (auth_fold(&p, pass, len) != 0 ||
	    (login != NULL && auth_fold(&l, login, strlen(login)) != 0)) {
		set_err(err, errlen, "out of memory");
		rc = -1;
	} else if (login != NULL && auth_same(&p, &l)) {
		set_err(err, errlen, "the passphrase must not be your login name");
		rc = -1;
	} else if ((common = auth_is_common(&p)) != 0) {
		set_err(err, errlen, common > 0 ?
		    "this is one of the most common passwords: please choose another passphrase" :
		    "the list of common passwords cannot be read");
		rc = -1;
	}
	buf_free(&p.text);
	buf_free(&l.text);
	return rc;
}

int
auth_init(char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		set_err(err, errlen, "libsodium cannot be initialized");
		return -1;
	}
	return 0;
}

int
auth_passphrase_acceptable(const char *pass, const char *login, char *err, size_t errlen)
{
	char msg[96];
	size_t len;

	if (pass == NULL)
		pass = "";
	len = strnlen(pass, AUTH_PASSPHRASE_MAX + 1);
	if (len > AUTH_PASSPHRASE_MAX) {
		snprintf(msg, sizeof msg, "the passphrase is longer than %d bytes", AUTH_PASSPHRASE_MAX);
		set_err(err, errlen, msg);
		return -1;
	}
	if (len > 0 && !valid_text(pass, len, AUTH_PASSPHRASE_MAX, 0)) {
		set_err(err, errlen, "the passphrase is not valid UTF-8 or has control characters");
		return -1;
	}
	if (utf8_count(pass, len) < AUTH_PASSPHRASE_MIN) {
		snprintf(msg, sizeof msg, "the passphrase needs at least %d characters",
		    AUTH_PASSPHRASE_MIN);
		set_err(err, errlen, msg);
		return -1;
	}
	return auth_check_words(pass, len, login, err, errlen);
}

int
auth_passphrase_hash(const char *pass, char out[AUTH_PWHASH_MAX], char *err, size_t errlen)
{
	out[0] = '\0';
	if (pass == NULL)
		pass = "";
	if (crypto_pwhash_str_alg(out, pass, strlen(pass), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		out[0] = '\0';
		set_err(err, errlen, "out of memory while hashing the passphrase");
		return -1;
	}
	return 0;
}

int
auth_passphrase_verify(const char *stored, const char *pass)
{
	if (stored == NULL || pass == NULL ||
	    strnlen(stored, crypto_pwhash_STRBYTES) == crypto_pwhash_STRBYTES)
		return 0;
	return crypto_pwhash_str_verify(stored, pass, strlen(pass)) == 0;
}

void
auth_passphrase_burn(const char *pass)
{
	int rc;

	if (pass == NULL)
		pass = "";
	rc = crypto_pwhash_str_verify(auth_dummy_hash, pass, strlen(pass));
	(void)rc;
}

void
auth_token_new(char out[AUTH_TOKEN_CHARS + 1])
{
	unsigned char bytes[32];

	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, AUTH_TOKEN_CHARS + 1, bytes, sizeof bytes, AUTH_B64_VARIANT);
	sodium_memzero(bytes, sizeof bytes);
}

static int
is_base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

/* 1 if s is exactly AUTH_TOKEN_CHARS base64url characters. */
static int
token_shaped(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < AUTH_TOKEN_CHARS; i++)
		if (!is_base64url(s[i]))
			return 0;
	return s[AUTH_TOKEN_CHARS] == '\0';
}

int
auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES])
{
	if (!token_shaped(token))
		return -1;
	crypto_generichash(out, AUTH_HASH_BYTES, (const unsigned char *)token, AUTH_TOKEN_CHARS,
	    NULL, 0);
	return 0;
}

int
auth_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void
auth_form_token(const unsigned char key[32], const char *scope, char out[AUTH_TOKEN_CHARS + 1])
{
	unsigned char mac[32];

	if (scope == NULL)
		scope = "";
	crypto_generichash(mac, sizeof mac, (const unsigned char *)scope, strlen(scope), key, 32);
	sodium_bin2base64(out, AUTH_TOKEN_CHARS + 1, mac, sizeof mac, AUTH_B64_VARIANT);
}

int
auth_form_token_check(const unsigned char key[32], const char *scope, const char *given)
{
	char expected[AUTH_TOKEN_CHARS + 1];

	if (!token_shaped(given))
		return 0;
	auth_form_token(key, scope, expected);
	return auth_equal(expected, given, AUTH_TOKEN_CHARS);
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
auth_key_from_hex(const char *hex64, unsigned char key[32])
{
	unsigned char bytes[32];
	size_t i, n = 0;
	int rc;

	if (hex64 == NULL)
		return -1;
	for (i = 0; i < 64; i++)
		if (!is_hex(hex64[i]))
			return -1;
	if (hex64[64] != '\0')
		return -1;
	rc = sodium_hex2bin(bytes, sizeof bytes, hex64, 64, NULL, &n, NULL);
	if (rc == 0 && n == sizeof bytes)
		memcpy(key, bytes, sizeof bytes);
	sodium_memzero(bytes, sizeof bytes);
	return rc == 0 && n == 32 ? 0 : -1;
}

void
auth_hex(const unsigned char *bytes, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, bytes, n);
}

long
auth_throttle_wait(long failures)
{
	long seconds;

	if (failures >= AUTH_LOCK_FAILURES)
		return AUTH_LOCK_SECONDS;
	if (failures <= AUTH_THROTTLE_FREE)
		return 0;
	seconds = 2L << (failures - AUTH_THROTTLE_FREE - 1);
	return seconds > AUTH_THROTTLE_MAX ? AUTH_THROTTLE_MAX : seconds;
}

void
auth_uuid_new(char out[37])
{
	unsigned char b[16];
	char hex[33];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	auth_hex(b, sizeof b, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}
