/*
** zone.h - the directory's time zone. Opening hours are written in local wall-clock time,
** so "is this place open now?" needs the local date, weekday and time of day in the
** directory's zone (America/Montreal for Montréal), daylight saving time included. The
** zone is chosen once at start; after that, turning an instant into local time is
** thread-safe. Local date-times typed by people ("2026-11-21T14:30") are parsed here too.
*/
#ifndef SD_ZONE_H
#define SD_ZONE_H

#include <stddef.h>
#include <time.h>

struct local_time {
	int year, month, day;   /* the local calendar date */
	int weekday;            /* 0 = Monday ... 6 = Sunday */
	int minute;             /* minutes since local midnight, 0 ... 1439 */
};

/* 0 when name is a zone zone_use would accept (the checks below), else -1 with a
** message. Changes nothing. */
int zone_check(const char *name, char *err, size_t errlen);

/* Make name (an IANA zone such as "America/Montreal") the process's local time zone.
** name must be a relative path of 1..100 bytes made only of [A-Za-z0-9_+/-], with no
** empty component (so no "..", no leading or trailing '/'), naming a TZif file under
** /usr/share/zoneinfo; then TZ is set to name and tzset() is called.
** NOT thread-safe: it changes the environment, so call it once at server start, before
** any request thread runs. 0, or -1 with a message in err (the zone is then unchanged). */
int zone_use(const char *name, char *err, size_t errlen);

/* The local wall-clock time at t in the zone set by zone_use (via localtime_r, so safe
** from any thread). In the hour repeated when clocks go back, minute repeats too. If t
** cannot be represented as a local date, *out is set to all zeros. */
void zone_local_time(time_t t, struct local_time *out);

/* Parse an ISO 8601 local date-time "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (a space
** is accepted in place of the T; no offset, no Z, nothing before or after) into *out,
** the weekday computed from the date alone (not through the time zone); seconds are
** checked and dropped. Year 1900..2999, real calendar dates (leap years), hour 0..23,
** minute and second 0..59. 0, or -1 with *out unchanged. */
int zone_parse_local(const char *text, struct local_time *out);

#endif
