/*
** zone.c - the directory's time zone and local date-times (see zone.h).
**
** The zone is the process's own (TZ plus tzset), set once before threads start, so that
** localtime_r does the daylight-saving arithmetic from the system's zone files. Parsing a
** typed date-time needs no zone at all: the weekday comes from the date by arithmetic.
*/
#include "validate.h"
#include "zone.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONE_DIR       "/usr/share/zoneinfo/"
#define ZONE_NAME_MAX  100
#define ZONE_MAGIC     "TZif"          /* first bytes of every compiled zone file */
#define ZONE_MAGIC_LEN 4

static int
is_zone_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '+' || c == '-' || c == '/';
}

/* 1 if name is 1..ZONE_NAME_MAX allowed characters in non-empty '/'-separated parts. */
static int
valid_zone_name(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0' || name[0] == '/')
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (i >= ZONE_NAME_MAX || !is_zone_name_char(name[i]))
			return 0;
		if (name[i] == '/' && (name[i + 1] == '/' || name[i + 1] == '\0'))
			return 0;
	}
	return 1;
}

/* 1 if path is a regular file starting with the TZif magic. */
static int
is_zone_file(const char *path)
{
	char magic[ZONE_MAGIC_LEN];
	struct stat st;
	int fd, ok;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
	    memcmp(magic, ZONE_MAGIC, sizeof magic) == 0;
	close(fd);
	return ok;
}

int
zone_check(const char *name, char *err, size_t errlen)
{
	char path[sizeof ZONE_DIR + ZONE_NAME_MAX];

	if (!valid_zone_name(name)) {
		snprintf(err, errlen, "time zone: expected a name such as America/Montreal "
		    "(letters, digits, _ + - and /)");
		return -1;
	}
	snprintf(path, sizeof path, "%s%s", ZONE_DIR, name);
	if (!is_zone_file(path)) {
		snprintf(err, errlen, "time zone: %s is not a zone file", path);
		return -1;
	}
	return 0;
}

int
zone_use(const char *name, char *err, size_t errlen)
{
	if (zone_check(name, err, errlen) != 0)
		return -1;
	if (setenv("TZ", name, 1) != 0) {
		snprintf(err, errlen, "time zone: cannot set TZ");
		return -1;
	}
	tzset();
	return 0;
}

void
zone_local_time(time_t t, struct local_time *out)
{
	struct tm tm;

	memset(out, 0, sizeof *out);
	if (localtime_r(&t, &tm) == NULL)
		return;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->weekday = (tm.tm_wday + 6) % 7;   /* struct tm counts from Sunday */
	out->minute = tm.tm_hour * 60 + tm.tm_min;
}

static int
is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* 0 = Monday ... 6 = Sunday, for a valid Gregorian date. Counts the days since
** 0001-01-01 of the proleptic Gregorian calendar, which was a Monday. */
static int
weekday_of(int year, int month, int day)
{
	static const int days_before_month[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	long years_before = year - 1;
	long days;

	days = years_before * 365 + years_before / 4 - years_before / 100 + years_before / 400;
	days += days_before_month[month - 1] + (month > 2 && is_leap_year(year));
	days += day - 1;
	return (int)(days % 7);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Seconds ":SS" with SS 00..59. */
static int
valid_seconds(const char *s)
{
	return s[0] == ':' && is_digit(s[1]) && is_digit(s[2]) && s[3] == '\0' && s[1] <= '5';
}

int
zone_parse_local(const char *text, struct local_time *out)
{
	char date[11], hhmm[6];
	int year, month, day, minute;

	if (text == NULL || strnlen(text, 20) < 16 || (text[10] != 'T' && text[10] != ' '))
		return -1;
	memcpy(date, text, 10);
	date[10] = '\0';
	memcpy(hhmm, text + 11, 5);
	hhmm[5] = '\0';
	if (!valid_date(date, &year, &month, &day) || !valid_hhmm(hhmm, &minute) ||
	    minute >= 24 * 60)
		return -1;
	if (text[16] != '\0' && !valid_seconds(text + 16))
		return -1;
	out->year = year;
	out->month = month;
	out->day = day;
	out->weekday = weekday_of(year, month, day);
	out->minute = minute;
	return 0;
}
