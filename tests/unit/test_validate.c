/*
** test_validate.c - every validator of validate.h against tables of good and bad
** values: embedded NULs, trailing junk, out-of-range numbers, malformed UTF-8, and the
** parsed values the good ones yield.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "validate.h"

/* Bytes with an explicit length, so that NULs inside count. */
struct bytes {
	const char *s;
	size_t      len;
};

#define BYTES(lit) { (lit), sizeof(lit) - 1 }
#define COUNT(a)   (sizeof(a) / sizeof((a)[0]))

/* Printable form of s[0..len) for failure messages. */
static const char *
show(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < outlen; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02X", c);
	}
	out[o] = '\0';
	return out;
}

static void
test_utf8_accepts_well_formed_text(void **state)
{
	static const struct bytes good[] = {
		BYTES(""), BYTES("plain ASCII"), BYTES("Médecins du Monde"),
		BYTES("\xE2\x82\xAC"),             /* U+20AC euro */
		BYTES("\xF0\x9D\x84\x9E"),         /* U+1D11E */
		BYTES("\xF4\x8F\xBF\xBF"),         /* U+10FFFF, the last code point */
		BYTES("\xEF\xBF\xBF"),             /* U+FFFF */
		BYTES("\xED\x9F\xBF"),             /* U+D7FF, just below the surrogates */
		BYTES("\xEE\x80\x80"),             /* U+E000, just above them */
		BYTES("بنك الطعام"), BYTES("😀 emoji"), BYTES("\x7F"),
	};
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_utf8(good[i].s, good[i].len))
			fail_msg("rejected \"%s\"", show(good[i].s, good[i].len, buf, sizeof buf));
}

static void
test_utf8_rejects_overlong_surrogates_nul_and_junk(void **state)
{
	static const struct bytes bad[] = {
		BYTES("a\0b"),                     /* embedded NUL within the length */
		BYTES("\0"),
		BYTES("\xC0\xAF"),                 /* overlong '/' */
		BYTES("\xC1\xBF"),                 /* overlong */
		BYTES("\xE0\x80\xAF"),             /* overlong '/' in three bytes */
		BYTES("\xE0\x9F\xBF"),             /* overlong U+07FF */
		BYTES("\xF0\x8F\xBF\xBF"),         /* overlong U+FFFF */
		BYTES("\xED\xA0\x80"),             /* U+D800 surrogate */
		BYTES("\xED\xBF\xBF"),             /* U+DFFF surrogate */
		BYTES("\xF4\x90\x80\x80"),         /* U+110000 */
		BYTES("\xF5\x80\x80\x80"),         /* lead byte past U+10FFFF */
		BYTES("\xFF"), BYTES("\xFE"),
		BYTES("\x80"),                     /* stray continuation byte */
		BYTES("abc\xC3"),                  /* cut short at the end */
		BYTES("\xE2\x82"),                 /* cut short */
		BYTES("\xE2\x28\xA1"),             /* bad continuation */
		BYTES("caf\xE9"),                  /* Latin-1, not UTF-8 */
	};
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_utf8(bad[i].s, bad[i].len))
			fail_msg("accepted \"%s\"", show(bad[i].s, bad[i].len, buf, sizeof buf));
	assert_false(valid_utf8(NULL, 0));
}

static void
test_utf8_reads_only_the_given_length(void **state)
{
	(void)state;
	/* The invalid byte lies past the length. */
	assert_true(valid_utf8("ok\xFF", 2));
	/* A sequence cut by the length is invalid even if the bytes go on. */
	assert_false(valid_utf8("\xC3\xA9", 1));
}

static void
test_text_accepts_printable_text_within_bounds(void **state)
{
	static const struct bytes good[] = {
		BYTES("Clinique communautaire"), BYTES("a"), BYTES("Pièce d'identité"),
		BYTES("عيادة"), BYTES("\xC2\xA0no-break space"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		assert_true(valid_text(good[i].s, good[i].len, 200, 0));
	assert_true(valid_text("tab\tand\nnewline\r\n", 17, 200, 1));
	assert_true(valid_text("exactly10!", 10, 10, 0));
}

static void
test_text_rejects_controls_nul_bad_utf8_and_bad_lengths(void **state)
{
	static const struct bytes bad[] = {
		BYTES(""),                         /* empty */
		BYTES("nul\0inside"),
		BYTES("bell\x07"), BYTES("esc\x1B[31m"), BYTES("del\x7F"),
		BYTES("c1 \xC2\x80"),              /* U+0080 */
		BYTES("c1 \xC2\x9F"),              /* U+009F */
		BYTES("line\nbreak"), BYTES("cr\r"), BYTES("tab\t"),
		BYTES("\xC0\xAF"), BYTES("\xED\xA0\x80"),
	};
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_text(bad[i].s, bad[i].len, 200, 0))
			fail_msg("accepted \"%s\"", show(bad[i].s, bad[i].len, buf, sizeof buf));
	assert_true(valid_text("\xC2\xA0", 2, 10, 0));     /* U+00A0 is not a control */
	assert_false(valid_text("multi\0line", 10, 200, 1));
	assert_false(valid_text("bell\x07", 5, 200, 1));
	assert_false(valid_text("eleven char", 11, 10, 0));
	assert_false(valid_text(NULL, 0, 10, 0));
}

static void
test_uuid_accepts_only_lowercase_canonical_form(void **state)
{
	static const char *good[] = {
		"0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01",
		"00000000-0000-0000-0000-000000000000",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
	};
	static const char *bad[] = {
		"", "0B6F0B8E-4D1A-4C6E-9A51-2F7D8E9C1A01",
		"0b6f0b8e4d1a4c6e9a512f7d8e9c1a01",
		"0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a0",
		"0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a011",
		"0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01 ",
		" 0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01",
		"{0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01}",
		"0b6f0b8g-4d1a-4c6e-9a51-2f7d8e9c1a01",
		"0b6f0b8e_4d1a-4c6e-9a51-2f7d8e9c1a01",
		"0b6f0b8e-4d1a-4c6e-9a51",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_uuid(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
	for (i = 0; i < COUNT(bad); i++)
		if (valid_uuid(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_uuid(NULL));
}

static void
test_date_accepts_real_days_including_leap_days(void **state)
{
	static const struct {
		const char *s;
		int         y, m, d;
	} good[] = {
		{ "2024-02-29", 2024, 2, 29 }, { "2000-02-29", 2000, 2, 29 },
		{ "1900-01-01", 1900, 1, 1 },  { "2999-12-31", 2999, 12, 31 },
		{ "2026-11-01", 2026, 11, 1 }, { "2023-04-30", 2023, 4, 30 },
	};
	int y, m, d;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++) {
		if (!valid_date(good[i].s, &y, &m, &d))
			fail_msg("rejected \"%s\"", good[i].s);
		assert_int_equal(y, good[i].y);
		assert_int_equal(m, good[i].m);
		assert_int_equal(d, good[i].d);
	}
	assert_true(valid_date("2024-02-29", NULL, NULL, NULL));
}

static void
test_date_rejects_impossible_days_and_malformed_dates(void **state)
{
	static const char *bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2024-02-30", "2024-04-31",
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "1899-12-31",
		"3000-01-01", "2024-2-29", "2024-02-9", "24-02-29", "2024-02-29 ",
		" 2024-02-29", "2024/02/29", "20240229", "2024-02-29T00:00", "",
		"2024-02-2x", "+024-02-29", "2024-02-",
	};
	int y = -1, m = -1, d = -1;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_date(bad[i], &y, &m, &d))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(y, -1);                  /* untouched on rejection */
	assert_false(valid_date(NULL, &y, &m, &d));
}

static void
test_hhmm_accepts_day_times_and_2400(void **state)
{
	static const struct {
		const char *s;
		int         minutes;
	} good[] = {
		{ "00:00", 0 }, { "09:05", 545 }, { "12:30", 750 }, { "23:59", 1439 },
		{ "24:00", 1440 },
	};
	char text[16];
	int minutes;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++) {
		if (!valid_hhmm(good[i].s, &minutes))
			fail_msg("rejected \"%s\"", good[i].s);
		assert_int_equal(minutes, good[i].minutes);
		/* in place, inside a longer text */
		snprintf(text, sizeof text, "%s 17:00", good[i].s);
		minutes = -1;
		assert_true(valid_hhmm_at(text, &minutes));
		assert_int_equal(minutes, good[i].minutes);
	}
}

static void
test_hhmm_rejects_2401_and_malformed_times(void **state)
{
	static const char *bad[] = {
		"24:01", "24:59", "25:00", "23:60", "99:99", "9:00", "09:5", "0900",
		"09:00 ", " 09:00", "09:00:00", "-1:00", "09h00", "", "0a:00", "09:0a",
	};
	int minutes = -7;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_hhmm(bad[i], &minutes))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(minutes, -7);
	assert_false(valid_hhmm(NULL, &minutes));
	/* in place only the first five bytes count: "09:00 " and "09:00:00" start with a
	** good time */
	for (i = 0; i < COUNT(bad); i++)
		if (valid_hhmm_at(bad[i], NULL) != (strncmp(bad[i], "09:00", 5) == 0))
			fail_msg("\"%s\" read wrong in place", bad[i]);
}

static void
test_url_accepts_http_and_https_urls(void **state)
{
	static const char *good[] = {
		"http://example.org", "https://example.org/", "https://www.example.org/a/b?c=d&e=f#g",
		"http://localhost:8080/path", "https://sub-domain.example.qc.ca/~user/%C3%A9",
		"http://192.168.0.1/", "https://example.org:443", "https://example.org?q=1",
		"https://example.org#top", "http://a.b:65535/", "https://x.org/a(b)[c]{d}|e^f",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_url(good[i], 500))
			fail_msg("rejected \"%s\"", good[i]);
}

static void
test_url_rejects_other_schemes_missing_hosts_spaces_and_quotes(void **state)
{
	static const char *bad[] = {
		"", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>",
		"ftp://example.org", "//example.org", "example.org", "http:example.org",
		"http://", "https://", "http:///path", "http://:80/", "http://?q", "http://#x",
		"http://exa mple.org", "http://example.org/a b", "http://example.org/ ",
		" http://example.org", "http://example.org\t", "http://example.org\n",
		"http://example.org/<script>", "http://example.org/\"onload=x",
		"http://example.org/'x'", "http://example.org/a\\b", "http://example.org/`x`",
		"http://user@example.org/", "http://user:pw@example.org/", "http://[::1]/",
		"http://example.org:", "http://example.org:0", "http://example.org:65536",
		"http://example.org:123456", "http://example.org:8o", "http://example.org:-1",
		"http://.example.org", "http://example..org", "http://example.org.",
		"http://-example.org", "http://exämple.org", "http://example.org/é",
		"http://example.org\x7F", "HTTP://example.org", "https//example.org",
		"http://example.org%2F", "http://exa_mple.org",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_url(bad[i], 500))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_url(NULL, 500));
}

static void
test_url_respects_the_length_limit(void **state)
{
	(void)state;
	assert_true(valid_url("http://ab.org", 13));
	assert_false(valid_url("http://ab.org", 12));
	assert_false(valid_url("http://ab.org", 0));
}

static void
test_email_accepts_common_addresses(void **state)
{
	static const char *good[] = {
		"info@example.org", "first.last@example.qc.ca", "a@b.co",
		"user+tag@sub.example.org", "o'neil@example.org", "x_y-z@ex-ample.org",
		"!#$%&'*+-/=?^_`{|}~@example.org", "1234@123.com",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_email(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
}

static void
test_email_rejects_bad_local_parts_domains_and_lengths(void **state)
{
	static const char *bad[] = {
		"", "@example.org", "info@", "info", "info@example", "info@@example.org",
		"a@b@example.org", ".info@example.org", "info.@example.org",
		"in..fo@example.org", "info@.example.org", "info@example.org.",
		"info@example..org", "info@-example.org", "info@example-.org",
		"info@exa_mple.org", "in fo@example.org", "info@example.org ",
		" info@example.org", "info@exämple.org", "inf\xC3\xB6@example.org",
		"\"quoted\"@example.org", "info@[127.0.0.1]", "<info@example.org>",
		"info@example.org\n",
	};
	char local65[80], label64[100], long255[300];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_email(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_email(NULL));

	memset(local65, 'a', 65);
	strcpy(local65 + 65, "@x.org");
	assert_false(valid_email(local65));
	strcpy(local65 + 64, "@x.org");
	assert_true(valid_email(local65));

	strcpy(label64, "a@");
	memset(label64 + 2, 'b', 64);
	strcpy(label64 + 66, ".org");
	assert_false(valid_email(label64));

	/* 255 bytes: a@ + labels of 63 + dots, cut to length */
	strcpy(long255, "a@");
	for (i = 2; i < 251; i++)
		long255[i] = (i % 60 == 0) ? '.' : 'c';
	strcpy(long255 + 251, ".org");            /* 255 bytes */
	assert_false(valid_email(long255));
	long255[250] = '\0';
	strcat(long255, ".org");                  /* 254 bytes */
	assert_true(valid_email(long255));
}

static void
test_phone_accepts_numbers_with_punctuation_and_ext(void **state)
{
	static const char *good[] = {
		"+1 514 555 0123", "514-555-0123", "(514) 555-0123", "514.555.0123",
		"911", "+1 514 555 0100 ext 23", "514 555 0100 EXT. 4", "514-555-0100ext12",
		"1-800-555-0199 Ext 7",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_phone(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
}

static void
test_phone_rejects_letters_short_long_and_junk(void **state)
{
	static const char *bad[] = {
		"", "12", "+1", "ext 12", "(--)", "514 555 CALL", "514 555 0100 x 23",
		"514 555 0100 extension 2", "514 555 0100 ext 2 ext 3", "514/555/0100",
		"514_555_0100", "514 555 0100\n", "514\t555", "+1 514 555 0100 ex 3",
		"1234567890123456789012345678901234567890 ",       /* 41 bytes */
		"514 555 0100 exta", "٥١٤٥٥٥٠١٠٠",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_phone(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_true(valid_phone("1234567890123456789012345678901234567890")); /* 40 */
	assert_false(valid_phone(NULL));
}

static void
test_postal_code_accepts_case_and_space_variants_and_normalizes(void **state)
{
	static const struct {
		const char *s;
		const char *normal;
	} good[] = {
		{ "H2X 1Y4", "H2X 1Y4" }, { "h2x1y4", "H2X 1Y4" }, { "h2x 1y4", "H2X 1Y4" },
		{ "H2X1Y4", "H2X 1Y4" },  { "K1A 0B1", "K1A 0B1" }, { "t2p1j9", "T2P 1J9" },
		{ "X0A 0H0", "X0A 0H0" }, { "V5K 0A1", "V5K 0A1" }, { "H3N 1W1", "H3N 1W1" },
		{ "A1Z 9Z9", "A1Z 9Z9" },
	};
	char out[8];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++) {
		memset(out, 'X', sizeof out);
		if (!valid_postal_code(good[i].s, out))
			fail_msg("rejected \"%s\"", good[i].s);
		assert_string_equal(out, good[i].normal);
	}
	assert_true(valid_postal_code("H2X 1Y4", NULL));
}

static void
test_postal_code_rejects_forbidden_letters_and_bad_shapes(void **state)
{
	static const char *bad[] = {
		"D2X 1Y4", "F2X 1Y4", "I2X 1Y4", "O2X 1Y4", "Q2X 1Y4", "U2X 1Y4",
		"W2X 1Y4", "Z2X 1Y4", "H2D 1Y4", "H2X 1O4", "H2X 1Y", "H2X 1Y44",
		"H2X  1Y4", "H2X-1Y4", " H2X 1Y4", "H2X 1Y4 ", "2HX 1Y4", "HHX 1Y4",
		"H22 1Y4", "H2X Y14", "", "H2X", "H2X 1Y\xC3\xA9", "H2X\t1Y4",
	};
	char out[8] = "unset";
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_postal_code(bad[i], out))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_string_equal(out, "unset");
	assert_false(valid_postal_code(NULL, out));
}

static void
test_long_accepts_whole_numbers_in_range(void **state)
{
	static const struct {
		const char *s;
		long        value;
	} good[] = {
		{ "0", 0 }, { "-0", 0 }, { "42", 42 }, { "-5", -5 }, { "007", 7 },
		{ "999999999999999999", 999999999999999999L },
		{ "-999999999999999999", -999999999999999999L },
	};
	long v;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++) {
		if (!valid_long(good[i].s, LONG_MIN, LONG_MAX, &v))
			fail_msg("rejected \"%s\"", good[i].s);
		assert_int_equal(v, good[i].value);
	}
	assert_true(valid_long("10", 1, 10, &v));
	assert_true(valid_long("1", 1, 10, &v));
}

static void
test_long_rejects_signs_spaces_junk_and_out_of_range(void **state)
{
	static const char *bad[] = {
		"", "-", "+1", " 1", "1 ", "1.0", "0x10", "1e3", "12a", "--1", "1-",
		"1000000000000000000", "-1000000000000000000", "99999999999999999999999",
		"٣", "1\n",
	};
	long v = 123;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_long(bad[i], LONG_MIN, LONG_MAX, &v))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_long("11", 1, 10, &v));
	assert_false(valid_long("0", 1, 10, &v));
	assert_false(valid_long("-1", 0, 10, &v));
	assert_int_equal(v, 123);
	assert_false(valid_long(NULL, 0, 10, &v));
}

static void
test_double_accepts_plain_decimals_in_range(void **state)
{
	static const struct {
		const char *s;
		double      value;
	} good[] = {
		{ "45.5301", 45.5301 }, { "-73.6302", -73.6302 }, { "0", 0.0 },
		{ "-0.0", 0.0 }, { "90", 90.0 }, { "-180", -180.0 }, { "180.000000", 180.0 },
		{ "0.00000000000000000000000000001", 1e-29 },   /* 31 bytes */
	};
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++) {
		if (!valid_double(good[i].s, -180.0, 180.0, &v))
			fail_msg("rejected \"%s\"", good[i].s);
		assert_true(v == good[i].value);
	}
}

static void
test_double_rejects_exponents_inf_nan_junk_and_out_of_range(void **state)
{
	static const char *bad[] = {
		"", "-", ".5", "5.", "-.5", "1e3", "1E3", "inf", "-inf", "nan", "NaN",
		"0x1p3", "+1", " 1", "1 ", "1,5", "--1", "1.2.3", "1..2", "١٫٥",
		"180.0000001", "-180.0000001",
		"000000000000000000000000000000001",              /* 33 bytes */
		"181", "-180.5", "45.5\n",
	};
	double v = 42.0;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_double(bad[i], -180.0, 180.0, &v))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_true(v == 42.0);
	assert_true(valid_double("00000000000000000000000000000001", -180.0, 180.0, &v));
	assert_false(valid_double(NULL, -1.0, 1.0, &v));
}

static void
test_slug_accepts_lowercase_ids(void **state)
{
	static const char *good[] = {
		"health", "mental-health", "status-for-all", "a", "2sv", "a--b", "lgbtq",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!valid_slug(good[i], 40))
			fail_msg("rejected \"%s\"", good[i]);
	assert_true(valid_slug("abcde", 5));
}

static void
test_slug_rejects_edges_cases_and_other_characters(void **state)
{
	static const char *bad[] = {
		"", "-health", "health-", "-", "Health", "mental_health", "mental health",
		"santé", "health ", "health\n", "a.b", "a/b",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (valid_slug(bad[i], 40))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(valid_slug("abcdef", 5));
	assert_false(valid_slug("a", 0));
	assert_false(valid_slug(NULL, 40));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts_well_formed_text),
		cmocka_unit_test(test_utf8_rejects_overlong_surrogates_nul_and_junk),
		cmocka_unit_test(test_utf8_reads_only_the_given_length),
		cmocka_unit_test(test_text_accepts_printable_text_within_bounds),
		cmocka_unit_test(test_text_rejects_controls_nul_bad_utf8_and_bad_lengths),
		cmocka_unit_test(test_uuid_accepts_only_lowercase_canonical_form),
		cmocka_unit_test(test_date_accepts_real_days_including_leap_days),
		cmocka_unit_test(test_date_rejects_impossible_days_and_malformed_dates),
		cmocka_unit_test(test_hhmm_accepts_day_times_and_2400),
		cmocka_unit_test(test_hhmm_rejects_2401_and_malformed_times),
		cmocka_unit_test(test_url_accepts_http_and_https_urls),
		cmocka_unit_test(test_url_rejects_other_schemes_missing_hosts_spaces_and_quotes),
		cmocka_unit_test(test_url_respects_the_length_limit),
		cmocka_unit_test(test_email_accepts_common_addresses),
		cmocka_unit_test(test_email_rejects_bad_local_parts_domains_and_lengths),
		cmocka_unit_test(test_phone_accepts_numbers_with_punctuation_and_ext),
		cmocka_unit_test(test_phone_rejects_letters_short_long_and_junk),
		cmocka_unit_test(test_postal_code_accepts_case_and_space_variants_and_normalizes),
		cmocka_unit_test(test_postal_code_rejects_forbidden_letters_and_bad_shapes),
		cmocka_unit_test(test_long_accepts_whole_numbers_in_range),
		cmocka_unit_test(test_long_rejects_signs_spaces_junk_and_out_of_range),
		cmocka_unit_test(test_double_accepts_plain_decimals_in_range),
		cmocka_unit_test(test_double_rejects_exponents_inf_nan_junk_and_out_of_range),
		cmocka_unit_test(test_slug_accepts_lowercase_ids),
		cmocka_unit_test(test_slug_rejects_edges_cases_and_other_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
