/*
** validate.h - typed validators for every value that enters the program, from an HTTP
** request or an import file. Each returns 1 when the value is acceptable (and stores
** the parsed form where an out-parameter is given) and 0 otherwise; they never
** allocate, never read past the given length or the terminating NUL, and reject
** embedded NULs, leading/trailing junk and out-of-range values. A NULL value is
** rejected; out-parameters may be NULL and are written only when the value is accepted.
*/
#ifndef SD_VALIDATE_H
#define SD_VALIDATE_H

#include <stddef.h>

/* Strict UTF-8: no overlong forms, no surrogates (U+D800..DFFF), nothing above
** U+10FFFF, no NUL byte. */
int valid_utf8(const char *s, size_t len);

/* Text a person typed: valid_utf8, 1..max bytes, no C0 control characters or DEL or
** U+0080..U+009F, except '\n', '\r' and '\t' when multiline is non-zero. */
int valid_text(const char *s, size_t len, size_t max, int multiline);

/* Lower-case canonical UUID, 36 chars: 8-4-4-4-12 hex digits [0-9a-f]. */
int valid_uuid(const char *s);

/* Calendar date YYYY-MM-DD, year 1900..2999, real day of month (leap years). */
int valid_date(const char *s, int *year, int *month, int *day);

/* Time of day HH:MM, 00:00..23:59, or 24:00; *minutes = minutes since midnight (0..1440). */
int valid_hhmm(const char *s, int *minutes);

/* The same rule on the five bytes at s, whatever follows them (a time inside a longer
** text, such as an opening-hours entry "mon 09:00 17:00"); no byte after the first that
** breaks the rule is read. */
int valid_hhmm_at(const char *s, int *minutes);

/* Absolute http:// or https:// URL (scheme in lower case), 1..max bytes, non-empty host
** of letters, digits, '-' and '.' (starting and ending with a letter or digit, no empty
** label: no "..", no trailing dot; so no user@ part and no [IPv6]), optional :port
** (1..65535, at most 5 digits), then nothing or a path/query/fragment starting with
** '/', '?' or '#', of visible ASCII (0x21..0x7e) without '<', '>', '"', '\'', '\\', '`'
** or spaces. */
int valid_url(const char *s, size_t max);

/* E-mail address local@domain, ≤ 254 bytes, local part of 1..64 bytes of atext
** characters and dots (no leading, trailing or double dot), domain of labels
** [A-Za-z0-9-] of 1..63 bytes with at least one dot and no label starting or ending
** with '-'. (The 64 and 63 byte limits are RFC 5321's and DNS's.) */
int valid_email(const char *s);

/* Phone number: 3..40 bytes of digits, spaces and + - ( ) . and the word "ext" (any
** case, at most once, not followed by another letter), containing at least 3 digits. */
int valid_phone(const char *s);

/* Canadian postal code "A1A 1A1": accepts lower case and an optional single space or
** none; letters D F I O Q U never appear, and W Z never first. Writes the normalized
** upper-case form with one space (8 bytes with NUL) to out. */
int valid_postal_code(const char *s, char out[8]);

/* Forward sortation area, the first three characters of a postal code ("H3N"), with
** the same letter rules; any case. Writes the upper-case form (4 bytes with NUL). */
int valid_postal_area(const char *s, char out[4]);

/* Whole decimal integer in [min, max]: optional '-', digits only, no spaces, no '+',
** at most 18 digits. */
int valid_long(const char *s, long min, long max, long *out);

/* Decimal number in [min, max] (digits, optional '-', optional '.' and fraction, no
** exponent, no inf/nan), at most 32 bytes. There is at least one digit on each side of
** a '.' ("5." and ".5" are rejected). Converted with strtod, so it assumes the C
** numeric locale: under a locale whose decimal point is not '.', a value with a
** fraction is rejected rather than misread. */
int valid_double(const char *s, double min, double max, double *out);

/* Lower-case identifier such as a category or commitment id: 1..max bytes of [a-z0-9-],
** not starting or ending with '-'. */
int valid_slug(const char *s, size_t max);

#endif
