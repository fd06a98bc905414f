/*
** hours.c - weekly opening hours (see hours.h).
**
** Each entry of a location's hours is first split into periods that stay within one day
** (entry_periods); the SQL filter, hours_open_at and hours_status all start from that
** split, so they cannot disagree about when a place is open. hours_status lays the
** periods out on a map of the 10,080 minutes of a week and walks it minute by minute
** (skipping runs of whole bytes of one state, eight bytes at a time), which follows an
** opening across midnight, across back-to-back periods and from Sunday into Monday
** without special cases.
*/
#include "hours.h"
#include "validate.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WEEK_DAYS    7
#define WEEK_MINUTES (WEEK_DAYS * HOURS_MINUTES_PER_DAY)

static const char *const day_names[WEEK_DAYS] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* One bit per minute of the week, Monday 00:00 first: set when open. */
struct week_map {
	unsigned char open[WEEK_MINUTES / 8];
};

int
hours_minutes(const char *hhmm)
{
	int minutes;

	return valid_hhmm(hhmm, &minutes) ? minutes : -1;
}

/* The day (0..6) whose name ("mon".."sun") is the three bytes at s, or -1. */
static int
day_at(const char *s)
{
	int day;

	for (day = 0; day < WEEK_DAYS; day++)
		if (memcmp(s, day_names[day], 3) == 0)
			return day;
	return -1;
}

int
hours_day(const char *name)
{
	return name != NULL && strlen(name) == 3 ? day_at(name) : -1;
}

/* The length of an entry's compact form: "mon 09:00 17:00". */
#define COMPACT_LEN 15

/* 1 when text, of len bytes, has the shape of a compact entry: "ddd HH:MM HH:MM". */
static int
compact_form(const char *text, size_t len)
{
	return len == COMPACT_LEN && text[3] == ' ' && text[9] == ' ';
}

/* The day, opens and closes of the compact entry text, as the texts they are in an
** entry's object (day[4], opens[6], closes[6]); 0, or -1 if text is not of that form. */
static int
compact_texts(const char *text, size_t len, char *day, char *opens, char *closes)
{
	if (!compact_form(text, len))
		return -1;
	memcpy(day, text, 3);
	day[3] = '\0';
	memcpy(opens, text + 4, 5);
	opens[5] = '\0';
	memcpy(closes, text + 10, 5);
	closes[5] = '\0';
	return 0;
}

/* The minutes of the five bytes "HH:MM" at s, or -1: hours_minutes of them, read in
** place (a summary's entries are read at every search, this many times a page). */
static int
hhmm_at(const char *s)
{
	int minutes;

	return valid_hhmm_at(s, &minutes) ? minutes : -1;
}

/* The day and the minutes an entry opens and closes, from its object or its compact
** form; each -1 when absent or malformed. */
static void
entry_fields(const json_t *entry, int *day, int *opens, int *closes)
{
	const char *text;

	if (json_is_string(entry)) {
		text = json_string_value(entry);
		if (!compact_form(text, json_string_length(entry))) {
			*day = *opens = *closes = -1;
			return;
		}
		*day = day_at(text);
		*opens = hhmm_at(text + 4);
		*closes = hhmm_at(text + 10);
		return;
	}
	*day = hours_day(json_string_value(json_object_get(entry, "day")));
	*opens = hours_minutes(json_string_value(json_object_get(entry, "opens")));
	*closes = hours_minutes(json_string_value(json_object_get(entry, "closes")));
}

/* The compact form of a well-formed entry object, or NULL (malformed, or out of memory). */
static json_t *
compact_entry(const json_t *entry)
{
	const char *day = json_string_value(json_object_get(entry, "day"));
	const char *opens = json_string_value(json_object_get(entry, "opens"));
	const char *closes = json_string_value(json_object_get(entry, "closes"));
	char text[COMPACT_LEN + 1];

	if (!json_is_object(entry) || json_object_size(entry) != 3 || hours_day(day) < 0 ||
	    hours_minutes(opens) < 0 || hours_minutes(closes) < 0)
		return NULL;
	snprintf(text, sizeof text, "%s %s %s", day, opens, closes);
	return json_stringn_nocheck(text, COMPACT_LEN);
}

json_t *
hours_compact(const json_t *hours)
{
	json_t *out = json_array(), *entry, *compact;
	size_t index;

	if (out == NULL)
		return NULL;
	json_array_foreach(hours, index, entry) {
		compact = compact_entry(entry);
		if (json_array_append_new(out, compact != NULL ? compact : json_incref(entry)) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* The periods within one day of one hours entry, written to out: returns 1 or 2, or -1
** if the entry is malformed. */
static int
entry_periods(const json_t *entry, struct hours_period out[2])
{
	int day, opens, closes;

	entry_fields(entry, &day, &opens, &closes);
	if (day < 0 || opens < 0 || opens >= HOURS_MINUTES_PER_DAY || closes < 0 ||
	    opens == closes)
		return -1;
	out[0].day = day;
	out[0].opens = opens;
	out[0].closes = closes > opens ? closes : HOURS_MINUTES_PER_DAY;
	if (closes > opens || closes == 0)
		return 1;
	out[1].day = (day + 1) % WEEK_DAYS;   /* Sunday's night ends on Monday */
	out[1].opens = 0;
	out[1].closes = closes;
	return 2;
}

int
hours_periods(const json_t *hours, struct hours_period *out, size_t max)
{
	struct hours_period parts[2];
	const json_t *entry;
	size_t index, count = 0;
	int part_count, part;

	if (hours == NULL)
		return 0;
	if (!json_is_array(hours))
		return -1;
	json_array_foreach(hours, index, entry) {
		part_count = entry_periods(entry, parts);
		if (part_count < 0)
			return -1;
		for (part = 0; part < part_count; part++, count++)
			if (count < max)
				out[count] = parts[part];
	}
	return (int)count;
}

static int
valid_local_time(const struct local_time *t)
{
	return t != NULL && t->weekday >= 0 && t->weekday < WEEK_DAYS &&
	    t->minute >= 0 && t->minute < HOURS_MINUTES_PER_DAY;
}

static int
period_contains(const struct hours_period *p, const struct local_time *t)
{
	return p->day == t->weekday && p->opens <= t->minute && t->minute < p->closes;
}

int
hours_open_at(const json_t *hours, const struct local_time *t)
{
	struct hours_period parts[2];
	const json_t *entry;
	size_t index;
	int part_count, part;

	if (!valid_local_time(t) || hours_periods(hours, NULL, 0) <= 0)
		return 0;   /* also refuses hours with any malformed entry */
	json_array_foreach(hours, index, entry) {
		part_count = entry_periods(entry, parts);
		for (part = 0; part < part_count; part++)
			if (period_contains(&parts[part], t))
				return 1;
	}
	return 0;
}

/* Mark minute at of the week open. */
static void
week_set(struct week_map *map, int at)
{
	map->open[at / 8] |= (unsigned char)(1u << (at % 8));
}

/* Mark the minutes of p open: single minutes up to a byte boundary, whole bytes, then the
** minutes left. */
static void
week_mark(struct week_map *map, const struct hours_period *p)
{
	int at = p->day * HOURS_MINUTES_PER_DAY + p->opens;
	int end = p->day * HOURS_MINUTES_PER_DAY + p->closes;
	int bytes;

	for (; at < end && at % 8 != 0; at++)
		week_set(map, at);
	bytes = (end - at) / 8;
	if (bytes > 0) {
		memset(map->open + at / 8, 0xFF, (size_t)bytes);
		at += bytes * 8;
	}
	for (; at < end; at++)
		week_set(map, at);
}

/* 1 if open at minute at of the week, counted from Monday 00:00 (any at >= 0 wraps). */
static int
week_is_open(const struct week_map *map, int at)
{
	at %= WEEK_MINUTES;
	return (map->open[at / 8] >> (at % 8)) & 1;
}

/* Lay every period of hours on map. 0, or -1 if an entry is malformed. */
static int
week_fill(struct week_map *map, const json_t *hours)
{
	struct hours_period parts[2];
	const json_t *entry;
	size_t index;
	int part_count, part;

	memset(map, 0, sizeof *map);
	json_array_foreach(hours, index, entry) {
		part_count = entry_periods(entry, parts);
		if (part_count < 0)
			return -1;
		for (part = 0; part < part_count; part++)
			week_mark(map, &parts[part]);
	}
	return 0;
}

/* How many of the bytes of map from byte first on, at most max of them, all equal other
** (0x00 or 0xFF): eight bytes at a time, then one by one. */
static int
bytes_alike(const struct week_map *map, int first, int max, unsigned char other)
{
	const uint64_t all = other ? ~(uint64_t)0 : 0;
	uint64_t word;
	int n = 0;

	for (; n + 8 <= max; n += 8) {
		memcpy(&word, map->open + first + n, sizeof word);
		if (word != all)
			break;
	}
	while (n < max && map->open[first + n] == other)
		n++;
	return n;
}

/* How many minutes from week minute from on, at most limit, pass before one whose state
** is open (1) or closed (0). Whole bytes of the other state are skipped at once, as many
** as lie before the limit and the week's end. */
static int
minutes_until(const struct week_map *map, int from, int open, int limit)
{
	unsigned char other = open ? 0x00 : 0xFF;
	int length = 0, at, skip;

	while (length < limit) {
		at = (from + length) % WEEK_MINUTES;
		if (at % 8 == 0 && length + 8 <= limit) {
			skip = (limit - length) / 8;
			if (skip > (WEEK_MINUTES - at) / 8)
				skip = (WEEK_MINUTES - at) / 8;
			if ((skip = bytes_alike(map, at / 8, skip, other)) > 0) {
				length += skip * 8;
				continue;
			}
		}
		if (week_is_open(map, at) == open)
			return length;
		length++;
	}
	return limit;
}

/* How many minutes from week minute now on are open in a row (WEEK_MINUTES: all). */
static int
open_run(const struct week_map *map, int now)
{
	return minutes_until(map, now, 0, WEEK_MINUTES);
}

/* "HH:MM" for minute of the day (0..1440) as a new JSON string. */
static json_t *
hhmm_json(int minute)
{
	int h = minute / 60, m = minute % 60;
	char text[5] = { (char)('0' + h / 10), (char)('0' + h % 10), ':', (char)('0' + m / 10),
	    (char)('0' + m % 10) };

	return json_stringn_nocheck(text, sizeof text);
}

/* The end of an opening lasting run minutes from now: "24:00" when it ends at midnight. */
static json_t *
closes_at_json(int now, int run)
{
	int end = (now + run) % HOURS_MINUTES_PER_DAY;

	return hhmm_json(end == 0 ? HOURS_MINUTES_PER_DAY : end);
}

/* {"day", "time", "in_days"} of the first opening strictly after t (closed at t), or
** JSON null if the place never opens. */
static json_t *
next_open_json(const struct week_map *map, const struct local_time *t)
{
	int now = t->weekday * HOURS_MINUTES_PER_DAY + t->minute;
	int ahead, start;
	json_t *next;

	ahead = 1 + minutes_until(map, now + 1, 1, WEEK_MINUTES - 1);
	if (ahead == WEEK_MINUTES)
		return json_null();
	start = (now + ahead) % WEEK_MINUTES;
	next = json_object();
	/* each set takes its value's reference, set or not */
	if (next == NULL ||
	    json_object_set_new_nocheck(next, "day",
	        json_string_nocheck(day_names[start / HOURS_MINUTES_PER_DAY])) != 0 ||
	    json_object_set_new_nocheck(next, "time",
	        hhmm_json(start % HOURS_MINUTES_PER_DAY)) != 0 ||
	    json_object_set_new_nocheck(next, "in_days",
	        json_integer((t->minute + ahead) / HOURS_MINUTES_PER_DAY)) != 0) {
		json_decref(next);
		return NULL;
	}
	return next;
}

/* {"opens": opens, "closes": closes}, taking both references; NULL if either is NULL or
** out of memory. */
static json_t *
opens_closes_of(json_t *opens, json_t *closes)
{
	json_t *out = json_object();

	/* each set takes its value's reference, set or not */
	if (out == NULL || json_object_set_new_nocheck(out, "opens", json_incref(opens)) != 0 ||
	    json_object_set_new_nocheck(out, "closes", json_incref(closes)) != 0) {
		json_decref(out);
		out = NULL;
	}
	json_decref(opens);
	json_decref(closes);
	return out;
}

/* {"opens", "closes"} of an entry of the hours, as written; NULL if either is missing. */
static json_t *
opens_closes(const json_t *entry)
{
	char day[4], opens[6], closes[6];

	if (!json_is_string(entry))
		return opens_closes_of(json_incref(json_object_get(entry, "opens")),
		    json_incref(json_object_get(entry, "closes")));
	if (compact_texts(json_string_value(entry), json_string_length(entry), day, opens,
	    closes) != 0)
		return NULL;
	return opens_closes_of(json_stringn_nocheck(opens, 5), json_stringn_nocheck(closes, 5));
}

/* The day of an entry of the hours (0 = Monday), or -1. */
static int
entry_day(const json_t *entry)
{
	int day, opens, closes;

	entry_fields(entry, &day, &opens, &closes);
	return day;
}

/* [{"opens", "closes"}, ...] of the entries of hours on day, as written. */
static json_t *
today_json(const json_t *hours, int day)
{
	json_t *today = json_array();
	const json_t *entry;
	size_t index;

	if (today == NULL)
		return NULL;
	json_array_foreach(hours, index, entry) {
		if (entry_day(entry) != day)
			continue;
		if (json_array_append_new(today, opens_closes(entry)) != 0) {
			json_decref(today);
			return NULL;
		}
	}
	return today;
}

json_t *
hours_status(const json_t *hours, const struct local_time *t)
{
	struct week_map map;
	json_t *status;
	int now, run, open_now, always_open;

	if (json_array_size(hours) == 0 || !valid_local_time(t) || week_fill(&map, hours) != 0)
		return NULL;
	now = t->weekday * HOURS_MINUTES_PER_DAY + t->minute;
	run = open_run(&map, now);
	open_now = run > 0;
	always_open = run == WEEK_MINUTES;
	status = json_object();
	if (status == NULL ||
	    json_object_set_new_nocheck(status, "open_now", json_boolean(open_now)) != 0 ||
	    json_object_set_new_nocheck(status, "always_open", json_boolean(always_open)) != 0 ||
	    json_object_set_new_nocheck(status, "today", today_json(hours, t->weekday)) != 0 ||
	    json_object_set_new_nocheck(status, "closes_at", open_now && !always_open ?
	        closes_at_json(now, run) : json_null()) != 0 ||
	    json_object_set_new_nocheck(status, "next_open", open_now ?
	        json_null() : next_open_json(&map, t)) != 0) {
		json_decref(status);
		return NULL;
	}
	return status;
}
