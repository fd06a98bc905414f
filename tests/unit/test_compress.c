/*
** test_compress.c - compress.h: Accept-Encoding values that do and do not accept gzip
** (case, x-gzip, "*", q=0 in its spellings, spaces, empty items, look-alike names, junk),
** and gzip streams that zlib inflates back to the bytes given, empty input included,
** appended after what the buffer already held.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "compress.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct accept_case {
	const char *header;
	int         want;
};

static void
expect_accepts(const struct accept_case *cases, size_t n)
{
	size_t i;
	int got;

	for (i = 0; i < n; i++) {
		got = compress_accepts_gzip(cases[i].header);
		if (got != cases[i].want)
			fail_msg("\"%s\" gave %d, want %d", cases[i].header ? cases[i].header : "(null)",
			    got, cases[i].want);
	}
}

static void
test_accepts_gzip_items(void **state)
{
	static const struct accept_case cases[] = {
		{ "gzip", 1 },
		{ "GZIP", 1 },
		{ "GZip", 1 },
		{ "x-gzip", 1 },
		{ "X-Gzip", 1 },
		{ "*", 1 },
		{ "deflate, gzip;q=0.5", 1 },
		{ "gzip, deflate, br", 1 },
		{ "br;q=1.0, gzip;q=0.8, *;q=0.1", 1 },
		{ "gzip;q=0.001", 1 },
		{ "gzip;q=1", 1 },
		{ "gzip;q=1.000", 1 },
		{ " gzip ; q=1 ", 1 },
		{ "\tgzip\t", 1 },
		{ "gzip;level=1", 1 },
		{ "identity, *", 1 },
		{ "gzip;q=0, x-gzip", 1 },
	};

	(void)state;
	expect_accepts(cases, COUNT(cases));
}

static void
test_refuses_everything_else(void **state)
{
	static const struct accept_case cases[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "gzip;q=0", 0 },
		{ "gzip; q=0.000", 0 },
		{ "gzip;Q=0", 0 },
		{ "gzip;q=0.", 0 },
		{ "gzip;level=1;q=0", 0 },
		{ "*;q=0", 0 },
		{ "x-gzip;q=0", 0 },
		{ "gzipx", 0 },
		{ "xgzip", 0 },
		{ "gzi", 0 },
		{ "g zip", 0 },
		{ "br", 0 },
		{ "deflate, br, identity", 0 },
		{ "**", 0 },
		{ ",,,,", 0 },
		{ " , ; ,", 0 },
		{ ";gzip", 0 },
	};

	(void)state;
	expect_accepts(cases, COUNT(cases));
}

static void
test_long_junk_is_refused(void **state)
{
	char *junk = malloc(100001);
	size_t i;

	(void)state;
	assert_non_null(junk);
	for (i = 0; i < 100000; i++)
		junk[i] = "gzp;q=0, \t*x"[i % 12];
	junk[100000] = '\0';
	assert_int_equal(compress_accepts_gzip(junk), 0);
	memset(junk, ',', 100000);
	assert_int_equal(compress_accepts_gzip(junk), 0);
	memcpy(junk + 100000 - 4, "gzip", 4);
	assert_int_equal(compress_accepts_gzip(junk), 1);
	free(junk);
}

/* Inflate the gzip stream gz[0..len) and fail unless it gives want[0..want_len). */
static void
expect_inflates_to(const unsigned char *gz, size_t len, const char *want, size_t want_len)
{
	unsigned char *plain = malloc(want_len + 1);
	z_stream z;
	int rc;

	assert_non_null(plain);
	assert_true(len >= 18);
	assert_int_equal(gz[0], 0x1f);
	assert_int_equal(gz[1], 0x8b);
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)gz;
	z.avail_in = (uInt)len;
	z.next_out = plain;
	z.avail_out = (uInt)want_len + 1;
	rc = inflate(&z, Z_FINISH);
	if (rc != Z_STREAM_END)
		fail_msg("inflate: %d (%s)", rc, z.msg ? z.msg : "");
	assert_int_equal(z.total_out, want_len);
	assert_int_equal(z.avail_in, 0);
	assert_memory_equal(plain, want, want_len);
	inflateEnd(&z);
	free(plain);
}

/* About 100 KB of text that varies enough not to be a single repeated run. */
static char *
sample_text(size_t *len)
{
	struct buf b = BUF_INIT;
	unsigned n;

	for (n = 0; b.len < 100000; n++)
		buf_printf(&b, "<li class=\"result\">Food bank %u, %u rue Ontario Est, "
		    "Montréal — open %u:00 to %u:00</li>\n", n * 7919 % 1000, n, 8 + n % 4, 16 + n % 5);
	assert_false(buf_failed(&b));
	*len = b.len;
	return buf_detach(&b, NULL);
}

static void
test_gzip_round_trip(void **state)
{
	struct buf out = BUF_INIT;
	size_t len;
	char *text = sample_text(&len);

	(void)state;
	assert_int_equal(compress_gzip(text, len, &out), 0);
	assert_true(out.len < len / 4);
	expect_inflates_to((const unsigned char *)out.data, out.len, text, len);
	assert_int_equal(out.data[out.len], '\0');
	buf_free(&out);
	free(text);
}

static void
test_gzip_of_nothing(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(compress_gzip("", 0, &out), 0);
	expect_inflates_to((const unsigned char *)out.data, out.len, "", 0);
	buf_free(&out);
}

/* The stream goes after what out held; incompressible bytes still fit. */
static void
test_gzip_appends(void **state)
{
	struct buf out = BUF_INIT;
	unsigned char noise[5000];
	uint32_t x = 2463534242u;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof noise; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (unsigned char)x;
	}
	buf_puts(&out, "head");
	assert_int_equal(compress_gzip(noise, sizeof noise, &out), 0);
	assert_memory_equal(out.data, "head", 4);
	expect_inflates_to((const unsigned char *)out.data + 4, out.len - 4, (const char *)noise,
	    sizeof noise);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_gzip_items),
		cmocka_unit_test(test_refuses_everything_else),
		cmocka_unit_test(test_long_junk_is_refused),
		cmocka_unit_test(test_gzip_round_trip),
		cmocka_unit_test(test_gzip_of_nothing),
		cmocka_unit_test(test_gzip_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
