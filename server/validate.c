/*
** validate.c - typed validators for values entering the program (see validate.h).
**
** Every function here is pure: it reads at most the bytes it was given (stopping at the
** terminating NUL for NUL-terminated values), allocates nothing, and writes its
** out-parameters only when the value is accepted. A NULL value is always rejected.
*/
#include "utf8.h"
#include "validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_MAX        254 /* RFC 5321 path limit */
#define EMAIL_LOCAL_MAX  64  /* RFC 5321 local-part limit */
#define EMAIL_LABEL_MAX  63  /* DNS label limit */
#define PHONE_MIN        3
#define PHONE_MAX        40
#define PHONE_MIN_DIGITS 3
#define LONG_MAX_DIGITS  18
#define DOUBLE_MAX_BYTES 32
#define URL_MAX_PORT     65535L

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_lower_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static char
to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Value of the n (at most 18) decimal digits at s, which the caller has checked. */
static long long
digits_value(const char *s, size_t n)
{
	long long v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* 1 if s starts with exactly n digits followed by stop (stop may be '\0'). */
static int
digits_then(const char *s, size_t n, char stop)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return s[n] == stop;
}

int
valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (s == NULL)
		return 0;
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0 || cp == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* 1 if the sequence at p is a control character not allowed in text. */
static int
is_forbidden_control(const unsigned char *p, int multiline)
{
	if (p[0] == '\n' || p[0] == '\r' || p[0] == '\t')
		return !multiline;
	if (p[0] < 0x20 || p[0] == 0x7f)
		return 1;
	return p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f; /* U+0080..U+009F */
}

int
valid_text(const char *s, size_t len, size_t max, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (s == NULL || len == 0 || len > max)
		return 0;
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0 || cp == 0 || is_forbidden_control(p + i, multiline))
			return 0;
		i += n;
	}
	return 1;
}

int
valid_uuid(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_lower_hex(s[i])) {
			return 0;
		}
	}
	return s[36] == '\0';
}

static int
is_leap_year(long long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static long long
days_in_month(long long year, long long month)
{
	static const long long days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

int
valid_date(const char *s, int *year, int *month, int *day)
{
	long long y, m, d;

	if (s == NULL || !digits_then(s, 4, '-') || !digits_then(s + 5, 2, '-') ||
	    !digits_then(s + 8, 2, '\0'))
		return 0;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	if (year != NULL)
		*year = (int)y;
	if (month != NULL)
		*month = (int)m;
	if (day != NULL)
		*day = (int)d;
	return 1;
}

int
valid_hhmm_at(const char *s, int *minutes)
{
	long long h, m;

	if (!digits_then(s, 2, ':') || !is_digit(s[3]) || !is_digit(s[4]))
		return 0;
	h = digits_value(s, 2);
	m = digits_value(s + 3, 2);
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return 0;
	if (minutes != NULL)
		*minutes = (int)(h * 60 + m);
	return 1;
}

int
valid_hhmm(const char *s, int *minutes)
{
	int at;

	if (s == NULL || !valid_hhmm_at(s, &at) || s[5] != '\0')
		return 0;
	if (minutes != NULL)
		*minutes = at;
	return 1;
}

/* Length of the host at s: letters, digits, '-' and '.', starting and ending with a
** letter or digit, no empty label; 0 if there is none. */
static size_t
url_host_length(const char *s)
{
	size_t n = 0;

	while (is_alnum(s[n]) || s[n] == '-' || s[n] == '.') {
		if (s[n] == '.' && (n == 0 || s[n - 1] == '.'))
			return 0;
		n++;
	}
	if (n == 0 || !is_alnum(s[n - 1]))
		return 0;
	return is_alnum(s[0]) ? n : 0;
}

/* Length of ":port" at s (1..65535, 1..5 digits), 0 when s has no port, or -1 when the
** port is malformed. */
static long
url_port_length(const char *s)
{
	size_t n = 0;
	long port;

	if (s[0] != ':')
		return 0;
	while (n < 6 && is_digit(s[1 + n]))
		n++;
	if (n == 0 || n > 5)
		return -1;
	port = (long)digits_value(s + 1, n);
	return (port >= 1 && port <= URL_MAX_PORT) ? (long)n + 1 : -1;
}

static int
is_url_rest_char(char c)
{
	return c >= 0x21 && c <= 0x7e && strchr("<>\"'\\`", c) == NULL;
}

int
valid_url(const char *s, size_t max)
{
	size_t len, i, host;
	long port;

	if (s == NULL)
		return 0;
	len = strnlen(s, max < SIZE_MAX ? max + 1 : max);
	if (len == 0 || len > max)
		return 0;
	if (strncmp(s, "http://", 7) == 0)
		i = 7;
	else if (strncmp(s, "https://", 8) == 0)
		i = 8;
	else
		return 0;
	host = url_host_length(s + i);
	if (host == 0)
		return 0;
	i += host;
	port = url_port_length(s + i);
	if (port < 0)
		return 0;
	i += (size_t)port;
	if (s[i] != '\0' && s[i] != '/' && s[i] != '?' && s[i] != '#')
		return 0;
	for (; s[i] != '\0'; i++)
		if (!is_url_rest_char(s[i]))
			return 0;
	return 1;
}

static int
is_atext(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Length of a valid local part at s (atext and single inner dots, 1..64 bytes) ending
** at '@', or 0. */
static size_t
email_local_length(const char *s)
{
	size_t n = 0;

	while (is_atext(s[n]) || s[n] == '.') {
		if (s[n] == '.' && (n == 0 || s[n - 1] == '.'))
			return 0;
		n++;
	}
	if (n == 0 || n > EMAIL_LOCAL_MAX || s[n] != '@' || s[n - 1] == '.')
		return 0;
	return n;
}

/* 1 if s is a domain: two or more labels of [A-Za-z0-9-] (1..63 bytes, not starting or
** ending with '-') separated by single dots, then the end of the string. */
static int
email_domain_ok(const char *s)
{
	size_t label = 0, labels = 0, i;

	for (i = 0;; i++) {
		if (is_alnum(s[i]) || s[i] == '-') {
			if (label == 0 && s[i] == '-')
				return 0;
			if (++label > EMAIL_LABEL_MAX)
				return 0;
			continue;
		}
		if ((s[i] != '.' && s[i] != '\0') || label == 0 || s[i - 1] == '-')
			return 0;
		labels++;
		label = 0;
		if (s[i] == '\0')
			return labels >= 2;
	}
}

int
valid_email(const char *s)
{
	size_t local;

	if (s == NULL || strnlen(s, EMAIL_MAX + 1) > EMAIL_MAX)
		return 0;
	local = email_local_length(s);
	return local > 0 && email_domain_ok(s + local + 1);
}

static int
is_phone_punct(char c)
{
	return c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' || c == '.';
}

/* 1 if s starts with "ext" in any case. */
static int
starts_with_ext(const char *s)
{
	return (s[0] == 'e' || s[0] == 'E') && (s[1] == 'x' || s[1] == 'X') &&
	    (s[2] == 't' || s[2] == 'T');
}

int
valid_phone(const char *s)
{
	size_t i = 0, digits = 0, ext = 0;

	if (s == NULL)
		return 0;
	while (s[i] != '\0' && i <= PHONE_MAX) {
		if (is_digit(s[i])) {
			digits++;
			i++;
		} else if (is_phone_punct(s[i])) {
			i++;
		} else if (starts_with_ext(s + i) && !is_alpha(s[i + 3]) && ext++ == 0) {
			i += 3;
		} else {
			return 0;
		}
	}
	return s[i] == '\0' && i >= PHONE_MIN && i <= PHONE_MAX && digits >= PHONE_MIN_DIGITS;
}

/* 1 if c (upper case) is a letter used in Canadian postal codes; first selects the
** rules for the first letter, which is never W or Z either. */
static int
is_postal_letter(char c, int first)
{
	if (c < 'A' || c > 'Z' || strchr("DFIOQU", c) != NULL)
		return 0;
	return !(first && (c == 'W' || c == 'Z'));
}

int
valid_postal_code(const char *s, char out[8])
{
	char code[8];
	size_t i, j = 0;

	if (s == NULL)
		return 0;
	for (i = 0; j < 7 && s[i] != '\0'; i++) {
		if (j == 3) {
			code[j++] = ' ';
			if (s[i] == ' ')
				continue;
		}
		code[j++] = to_upper(s[i]);
	}
	if (j != 7 || s[i] != '\0')
		return 0;
	code[7] = '\0';
	if (!is_postal_letter(code[0], 1) || !is_digit(code[1]) ||
	    !is_postal_letter(code[2], 0) || !is_digit(code[4]) ||
	    !is_postal_letter(code[5], 0) || !is_digit(code[6]))
		return 0;
	if (out != NULL)
		memcpy(out, code, sizeof code);
	return 1;
}

int
valid_postal_area(const char *s, char out[4])
{
	char code[4];

	if (s == NULL || s[0] == '\0' || s[1] == '\0' || s[2] == '\0' || s[3] != '\0')
		return 0;
	code[0] = to_upper(s[0]);
	code[1] = s[1];
	code[2] = to_upper(s[2]);
	code[3] = '\0';
	if (!is_postal_letter(code[0], 1) || !is_digit(code[1]) || !is_postal_letter(code[2], 0))
		return 0;
	if (out != NULL)
		memcpy(out, code, sizeof code);
	return 1;
}

int
valid_long(const char *s, long min, long max, long *out)
{
	size_t i, n = 0;
	long long v;

	if (s == NULL)
		return 0;
	i = (s[0] == '-') ? 1 : 0;
	while (is_digit(s[i + n]) && n <= LONG_MAX_DIGITS)
		n++;
	if (n == 0 || n > LONG_MAX_DIGITS || s[i + n] != '\0')
		return 0;
	v = digits_value(s + i, n);
	if (i == 1)
		v = -v;
	if (v < min || v > max)
		return 0;
	if (out != NULL)
		*out = (long)v;
	return 1;
}

/* Length of "-?digits(.digits)?" at s, or 0 when s does not have that form up to its
** end within DOUBLE_MAX_BYTES bytes. */
static size_t
decimal_length(const char *s)
{
	size_t i = (s[0] == '-') ? 1 : 0, start;

	start = i;
	while (is_digit(s[i]) && i < DOUBLE_MAX_BYTES)
		i++;
	if (i == start)
		return 0;
	if (s[i] == '.') {
		start = ++i;
		while (is_digit(s[i]) && i < DOUBLE_MAX_BYTES)
			i++;
		if (i == start)
			return 0;
	}
	return (s[i] == '\0' && i <= DOUBLE_MAX_BYTES) ? i : 0;
}

int
valid_double(const char *s, double min, double max, double *out)
{
	char copy[DOUBLE_MAX_BYTES + 1];
	char *end;
	size_t len;
	double v;

	if (s == NULL)
		return 0;
	len = decimal_length(s);
	if (len == 0)
		return 0;
	memcpy(copy, s, len + 1);
	v = strtod(copy, &end);
	if (end != copy + len || !(v >= min && v <= max))
		return 0;
	if (out != NULL)
		*out = v;
	return 1;
}

static int
is_slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
}

int
valid_slug(const char *s, size_t max)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	while (n <= max && is_slug_char(s[n]))
		n++;
	if (n == 0 || n > max || s[n] != '\0')
		return 0;
	return s[0] != '-' && s[n - 1] != '-';
}
