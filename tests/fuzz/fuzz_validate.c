/*
** fuzz_validate.c - libFuzzer harness for validate.c.
**
** Runs every validator on the input: the length-taking ones on the fuzzer's own buffer
** (exactly size bytes, so AddressSanitizer catches a read past the length) and the
** NUL-terminated ones on a copy of exactly size + 1 bytes (so it catches a read past
** the NUL). What a validator accepts must also hold the properties its contract
** promises: accepted text is valid UTF-8, a normalized postal code validates again,
** parsed numbers lie in range, and so on.
**
**   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iserver \
**       tests/fuzz/fuzz_validate.c server/validate.c
**   ./a.out -max_total_time=60 WORK_DIR tests/fuzz/corpus/validate
*/
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "fuzz_validate: %s: \"%s\"\n", what, s);
		abort();
	}
}

static int
has_byte_in(const char *s, const char *set)
{
	return strpbrk(s, set) != NULL;
}

static void
check_text(const char *s, size_t len)
{
	int utf8 = valid_utf8(s, len);

	if (valid_text(s, len, 1000, 1)) {
		require(utf8 && len > 0, "valid_text without valid_utf8", s);
		require(memchr(s, '\0', len) == NULL, "valid_text with NUL", s);
	}
	if (valid_text(s, len, 1000, 0))
		require(valid_text(s, len, 1000, 1) && memchr(s, '\n', len) == NULL,
		    "single-line text", s);
	if (utf8)
		require(memchr(s, '\0', len) == NULL, "valid_utf8 with NUL", s);
}

static void
check_date_and_time(const char *s)
{
	int y, m, d, minutes;

	if (valid_date(s, &y, &m, &d))
		require(strlen(s) == 10 && y >= 1900 && y <= 2999 && m >= 1 && m <= 12 &&
		    d >= 1 && d <= 31, "valid_date out of range", s);
	if (valid_hhmm(s, &minutes))
		require(strlen(s) == 5 && minutes >= 0 && minutes <= 1440, "valid_hhmm", s);
}

static void
check_url_email_phone(const char *s)
{
	if (valid_url(s, 500))
		require(strlen(s) <= 500 && !has_byte_in(s, " <>\"'\\`\t\r\n") &&
		    (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0),
		    "valid_url", s);
	if (valid_email(s))
		require(strlen(s) <= 254 && strchr(s, '@') == strrchr(s, '@') &&
		    !has_byte_in(s, " <>\"\\\t\r\n"), "valid_email", s);
	if (valid_phone(s))
		require(strlen(s) >= 3 && strlen(s) <= 40, "valid_phone", s);
}

static void
check_postal_code(const char *s)
{
	char out[8], again[8];

	if (!valid_postal_code(s, out))
		return;
	require(strlen(out) == 7 && out[3] == ' ', "postal code form", s);
	require(valid_postal_code(out, again) && strcmp(out, again) == 0,
	    "normalized postal code does not validate", s);
}

static void
check_numbers(const char *s)
{
	char again[64];
	long l;
	double d;

	if (valid_long(s, -1000000, 1000000, &l)) {
		require(l >= -1000000 && l <= 1000000, "valid_long out of range", s);
		snprintf(again, sizeof again, "%ld", l);
		require(valid_long(again, -1000000, 1000000, NULL), "valid_long round trip", s);
	}
	if (valid_long(s, LONG_MIN, LONG_MAX, &l))
		require(strlen(s) <= 19, "valid_long too long", s);
	if (valid_double(s, -180.0, 180.0, &d))
		require(d >= -180.0 && d <= 180.0 && strlen(s) <= 32, "valid_double", s);
}

static void
check_ids(const char *s)
{
	if (valid_uuid(s))
		require(strlen(s) == 36, "valid_uuid", s);
	if (valid_slug(s, 40))
		require(strlen(s) <= 40 && s[0] != '-' && !has_byte_in(s, "_ ABCXYZ"),
		    "valid_slug", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	check_text((const char *)data, size);
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_date_and_time(s);
	check_url_email_phone(s);
	check_postal_code(s);
	check_numbers(s);
	check_ids(s);
	free(s);
	return 0;
}
