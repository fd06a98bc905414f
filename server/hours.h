/*
** hours.h - weekly opening hours: whether a place is open at a local time, and what to
** show about it ("open until 17:00", "opens Tuesday at 09:00"). A location's hours are
** the canonical JSON array the importer stores, sorted by day then opens, of
** {"day": "mon".."sun", "opens": "HH:MM", "closes": "HH:MM"}, where:
**   - closes earlier than opens means the period runs past midnight into the next day
**     (Sunday's into Monday); "00:00"-"24:00" is the whole day;
**   - closes may be "24:00", opens may not; opens and closes differ.
** A summary (summary.h) holds each entry in its compact form instead, the text "mon
** 09:00 17:00" (day, opens, closes; hours_compact): every function here reads both.
** Every answer here is derived from the same split into periods within one day, so the
** SQL filter built from hours_periods and the state from hours_open_at/hours_status
** always agree. Times are wall-clock local times (see zone.h).
*/
#ifndef SD_HOURS_H
#define SD_HOURS_H

#include <jansson.h>
#include <stddef.h>

#include "zone.h"

#define HOURS_MINUTES_PER_DAY 1440

/* The hours with each entry in its compact form ("mon 09:00 17:00"), an entry that is
** not a well-formed object kept as it is; a new array, or NULL out of memory. Parsing a
** summary's entry as three members took half of the time spent parsing summaries. */
json_t *hours_compact(const json_t *hours);

/* A weekly opening period that stays within one day: day 0 = Monday ... 6 = Sunday,
** 0 <= opens < closes <= 1440. */
struct hours_period {
	int day;     /* 0 = Monday ... 6 = Sunday */
	int opens;   /* first open minute of the day */
	int closes;  /* first closed minute after it, 1440 for midnight at the end of day */
};

/* Split hours into periods within one day, in the order of the entries: an overnight
** period becomes two, [opens,1440) on its day and [0,closes) on the next, the second
** left out when closes is 00:00. Returns the number of periods, which may exceed max
** (only the first max are written), 0 for NULL or an empty array, or -1 when hours is
** not an array or an entry is malformed (out may then be partly written). */
int hours_periods(const json_t *hours, struct hours_period *out, size_t max);

/* 1 when a location with these hours is open at local time t (its weekday and minute),
** else 0. NULL or empty hours, a malformed entry or t out of range: 0. */
int hours_open_at(const json_t *hours, const struct local_time *t);

/* The state at local time t, for display; a new object owned by the caller:
**   {"open_now": true|false,
**    "always_open": true when open around the clock all week, else false,
**    "today": [{"opens": "09:00", "closes": "17:00"}, ...]  the entries whose day is t's
**        day, as written and in order (an overnight one keeps its closes, "22:00"-"02:00");
**        [] when none,
**    "closes_at": when open, the end of the current opening, followed across midnight and
**        across back-to-back periods, as "HH:MM" ("24:00" when it ends at midnight); null
**        when closed or always open,
**    "next_open": when closed, the first period start strictly after t within the next
**        7 days, {"day": "tue", "time": "09:00", "in_days": N} (0 = later today,
**        1 = tomorrow ... 7 = the same weekday next week); null when open or never opens}
** NULL when hours is NULL or empty (no hours known), malformed, t is out of range, or on
** OOM. */
json_t *hours_status(const json_t *hours, const struct local_time *t);

/* "HH:MM" -> minutes since midnight, 0..1440 ("24:00" allowed); -1 if malformed or NULL. */
int hours_minutes(const char *hhmm);

/* Day name "mon".."sun" -> 0..6; -1 otherwise (including NULL and upper case). */
int hours_day(const char *name);

#endif
