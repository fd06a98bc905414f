/*
** test_hours.c - opening hours (hours.h) and the directory's time zone (zone.h): plain,
** overnight, Sunday-into-Monday, 24:00 and whole-day periods; what the status shows
** (closes_at across back-to-back periods, next_open later today or on a later day);
** malformed hours; agreement of hours_open_at, hours_periods and hours_status over whole
** weeks, and of each with the hours in their compact form (hours_compact); typed local
** date-times; zone names; and the two daylight-saving switches of 2026 in
** America/Toronto.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hours.h"
#include "zone.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define WEEK_MINUTES (7 * HOURS_MINUTES_PER_DAY)

/* Entries open the whole of each day from Monday to Saturday, for a list to go on from. */
#define MONDAY_TO_SATURDAY \
	"{'day':'mon','opens':'00:00','closes':'24:00'}," \
	"{'day':'tue','opens':'00:00','closes':'24:00'}," \
	"{'day':'wed','opens':'00:00','closes':'24:00'}," \
	"{'day':'thu','opens':'00:00','closes':'24:00'}," \
	"{'day':'fri','opens':'00:00','closes':'24:00'}," \
	"{'day':'sat','opens':'00:00','closes':'24:00'},"

enum { MON, TUE, WED, THU, FRI, SAT, SUN };

/* JSON written with single quotes for readability: 'day' -> "day". */
static json_t *
json_of(const char *text)
{
	char buf[2048];
	json_error_t error;
	json_t *value;
	size_t i;

	assert_true(strlen(text) < sizeof buf);
	for (i = 0; text[i] != '\0'; i++)
		buf[i] = text[i] == '\'' ? '"' : text[i];
	buf[i] = '\0';
	value = json_loads(buf, JSON_DECODE_ANY, &error);
	if (value == NULL)
		fail_msg("bad JSON in test: %s (%s)", buf, error.text);
	return value;
}

static struct local_time
at(int weekday, const char *hhmm)
{
	struct local_time t = { 0, 0, 0, weekday, hours_minutes(hhmm) };

	assert_in_range(t.minute, 0, HOURS_MINUTES_PER_DAY - 1);
	return t;
}

static void
assert_open(const char *hours_text, int weekday, const char *hhmm, int expected)
{
	json_t *hours = json_of(hours_text);
	struct local_time t = at(weekday, hhmm);

	if (hours_open_at(hours, &t) != expected)
		fail_msg("%s on day %d at %s: expected %s", hours_text, weekday, hhmm,
		    expected ? "open" : "closed");
	json_decref(hours);
}

static void
assert_status(const char *hours_text, int weekday, const char *hhmm, const char *expected_text)
{
	json_t *hours = json_of(hours_text), *expected = json_of(expected_text), *status;
	struct local_time t = at(weekday, hhmm);
	char *shown;

	status = hours_status(hours, &t);
	assert_non_null(status);
	if (!json_equal(status, expected)) {
		shown = json_dumps(status, JSON_COMPACT | JSON_SORT_KEYS);
		fail_msg("%s on day %d at %s:\n got  %s\n want %s", hours_text, weekday, hhmm,
		    shown, expected_text);
	}
	json_decref(status);
	json_decref(expected);
	json_decref(hours);
}

static void
test_minutes_and_day_names(void **state)
{
	static const char *const bad_times[] = {
		"24:01", "25:00", "9:00", "09:0", "09:60", "0900", "09:00 ", " 09:00", "-1:00", "",
	};
	size_t i;

	(void)state;
	assert_int_equal(hours_minutes("00:00"), 0);
	assert_int_equal(hours_minutes("09:30"), 570);
	assert_int_equal(hours_minutes("23:59"), 1439);
	assert_int_equal(hours_minutes("24:00"), 1440);
	for (i = 0; i < COUNT(bad_times); i++)
		if (hours_minutes(bad_times[i]) != -1)
			fail_msg("accepted \"%s\"", bad_times[i]);
	assert_int_equal(hours_minutes(NULL), -1);
	assert_int_equal(hours_day("mon"), MON);
	assert_int_equal(hours_day("sun"), SUN);
	assert_int_equal(hours_day("Mon"), -1);
	assert_int_equal(hours_day("monday"), -1);
	assert_int_equal(hours_day(""), -1);
	assert_int_equal(hours_day(NULL), -1);
}

static void
test_plain_day_is_open_from_opens_until_closes(void **state)
{
	static const char *const hours = "[{'day':'mon','opens':'09:00','closes':'17:00'}]";

	(void)state;
	assert_open(hours, MON, "08:59", 0);
	assert_open(hours, MON, "09:00", 1);
	assert_open(hours, MON, "16:59", 1);
	assert_open(hours, MON, "17:00", 0);
	assert_open(hours, TUE, "10:00", 0);
	assert_open(hours, SUN, "10:00", 0);
	assert_status(hours, MON, "10:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'09:00','closes':'17:00'}],'closes_at':'17:00','next_open':null}");
}

static void
test_overnight_period_runs_into_the_next_day(void **state)
{
	static const char *const hours = "[{'day':'fri','opens':'22:00','closes':'02:00'}]";
	struct hours_period periods[4];
	json_t *json = json_of(hours);

	(void)state;
	assert_open(hours, FRI, "21:59", 0);
	assert_open(hours, FRI, "22:00", 1);
	assert_open(hours, FRI, "23:59", 1);
	assert_open(hours, SAT, "00:00", 1);
	assert_open(hours, SAT, "01:00", 1);
	assert_open(hours, SAT, "01:59", 1);
	assert_open(hours, SAT, "02:00", 0);
	assert_open(hours, SAT, "22:30", 0);
	assert_open(hours, THU, "01:00", 0);
	assert_int_equal(hours_periods(json, periods, COUNT(periods)), 2);
	assert_int_equal(periods[0].day, FRI);
	assert_int_equal(periods[0].opens, 22 * 60);
	assert_int_equal(periods[0].closes, 1440);
	assert_int_equal(periods[1].day, SAT);
	assert_int_equal(periods[1].opens, 0);
	assert_int_equal(periods[1].closes, 2 * 60);
	json_decref(json);
	/* Saturday has no entry of its own, but the night from Friday is still on. */
	assert_status(hours, SAT, "01:00", "{'open_now':true,'always_open':false,'today':[],"
	    "'closes_at':'02:00','next_open':null}");
	assert_status(hours, FRI, "23:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'22:00','closes':'02:00'}],'closes_at':'02:00','next_open':null}");
	assert_status(hours, SAT, "02:00", "{'open_now':false,'always_open':false,'today':[],"
	    "'closes_at':null,'next_open':{'day':'fri','time':'22:00','in_days':6}}");
}

static void
test_sunday_overnight_continues_into_monday(void **state)
{
	static const char *const hours = "[{'day':'sun','opens':'20:00','closes':'03:00'}]";
	struct hours_period periods[2];
	json_t *json = json_of(hours);

	(void)state;
	assert_open(hours, SUN, "19:59", 0);
	assert_open(hours, SUN, "20:00", 1);
	assert_open(hours, MON, "00:00", 1);
	assert_open(hours, MON, "02:59", 1);
	assert_open(hours, MON, "03:00", 0);
	assert_open(hours, SAT, "02:00", 0);
	assert_int_equal(hours_periods(json, periods, COUNT(periods)), 2);
	assert_int_equal(periods[1].day, MON);
	assert_int_equal(periods[1].closes, 3 * 60);
	json_decref(json);
	assert_status(hours, MON, "01:00", "{'open_now':true,'always_open':false,'today':[],"
	    "'closes_at':'03:00','next_open':null}");
	assert_status(hours, MON, "03:00", "{'open_now':false,'always_open':false,'today':[],"
	    "'closes_at':null,'next_open':{'day':'sun','time':'20:00','in_days':6}}");
}

static void
test_closing_at_midnight_written_2400_or_0000(void **state)
{
	static const char *const until_2400 = "[{'day':'mon','opens':'18:00','closes':'24:00'}]";
	static const char *const until_0000 = "[{'day':'mon','opens':'18:00','closes':'00:00'}]";
	struct hours_period a[2], b[2];
	json_t *json_2400 = json_of(until_2400), *json_0000 = json_of(until_0000);

	(void)state;
	assert_open(until_2400, MON, "23:59", 1);
	assert_open(until_2400, TUE, "00:00", 0);
	assert_open(until_0000, MON, "23:59", 1);
	assert_open(until_0000, TUE, "00:00", 0);
	/* Both are the same single period: nothing left over on Tuesday. */
	assert_int_equal(hours_periods(json_2400, a, COUNT(a)), 1);
	assert_int_equal(hours_periods(json_0000, b, COUNT(b)), 1);
	assert_memory_equal(&a[0], &b[0], sizeof a[0]);
	assert_int_equal(a[0].closes, 1440);
	json_decref(json_2400);
	json_decref(json_0000);
	assert_status(until_2400, MON, "20:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'18:00','closes':'24:00'}],'closes_at':'24:00','next_open':null}");
	assert_status(until_0000, MON, "20:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'18:00','closes':'00:00'}],'closes_at':'24:00','next_open':null}");
}

static void
test_whole_day_and_always_open(void **state)
{
	static const char *const wednesday = "[{'day':'wed','opens':'00:00','closes':'24:00'}]";
	static const char *const all_week =
	    "[" MONDAY_TO_SATURDAY "{'day':'sun','opens':'00:00','closes':'24:00'}]";
	int day;

	(void)state;
	assert_open(wednesday, TUE, "23:59", 0);
	assert_open(wednesday, WED, "00:00", 1);
	assert_open(wednesday, WED, "23:59", 1);
	assert_open(wednesday, THU, "00:00", 0);
	assert_status(wednesday, WED, "12:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'00:00','closes':'24:00'}],'closes_at':'24:00','next_open':null}");
	assert_status(wednesday, THU, "00:00", "{'open_now':false,'always_open':false,"
	    "'today':[],'closes_at':null,'next_open':{'day':'wed','time':'00:00','in_days':6}}");
	for (day = MON; day <= SUN; day++) {
		assert_open(all_week, day, "00:00", 1);
		assert_open(all_week, day, "23:59", 1);
	}
	assert_status(all_week, SUN, "23:59", "{'open_now':true,'always_open':true,"
	    "'today':[{'opens':'00:00','closes':'24:00'}],'closes_at':null,'next_open':null}");
}

static void
test_closed_day_gives_next_open_on_a_later_day(void **state)
{
	static const char *const hours =
	    "[{'day':'mon','opens':'09:00','closes':'17:00'},"
	    "{'day':'thu','opens':'10:00','closes':'12:00'}]";
	static const char *const mondays = "[{'day':'mon','opens':'09:00','closes':'17:00'}]";

	(void)state;
	assert_status(hours, TUE, "10:00", "{'open_now':false,'always_open':false,'today':[],"
	    "'closes_at':null,'next_open':{'day':'thu','time':'10:00','in_days':2}}");
	assert_status(hours, MON, "17:00", "{'open_now':false,'always_open':false,"
	    "'today':[{'opens':'09:00','closes':'17:00'}],"
	    "'closes_at':null,'next_open':{'day':'thu','time':'10:00','in_days':3}}");
	assert_status(hours, THU, "13:00", "{'open_now':false,'always_open':false,"
	    "'today':[{'opens':'10:00','closes':'12:00'}],"
	    "'closes_at':null,'next_open':{'day':'mon','time':'09:00','in_days':4}}");
	assert_status(hours, SUN, "23:59", "{'open_now':false,'always_open':false,'today':[],"
	    "'closes_at':null,'next_open':{'day':'mon','time':'09:00','in_days':1}}");
	/* Only on Mondays: after closing, the next opening is a week later. */
	assert_status(mondays, MON, "18:00", "{'open_now':false,'always_open':false,"
	    "'today':[{'opens':'09:00','closes':'17:00'}],"
	    "'closes_at':null,'next_open':{'day':'mon','time':'09:00','in_days':7}}");
}

static void
test_next_open_later_today(void **state)
{
	static const char *const hours =
	    "[{'day':'tue','opens':'09:00','closes':'12:00'},"
	    "{'day':'tue','opens':'13:00','closes':'17:00'}]";
	static const char *const today =
	    "[{'opens':'09:00','closes':'12:00'},{'opens':'13:00','closes':'17:00'}]";
	char expected[512];

	(void)state;
	snprintf(expected, sizeof expected, "{'open_now':false,'always_open':false,'today':%s,"
	    "'closes_at':null,'next_open':{'day':'tue','time':'09:00','in_days':0}}", today);
	assert_status(hours, TUE, "00:00", expected);
	snprintf(expected, sizeof expected, "{'open_now':false,'always_open':false,'today':%s,"
	    "'closes_at':null,'next_open':{'day':'tue','time':'13:00','in_days':0}}", today);
	assert_status(hours, TUE, "12:00", expected);
	assert_status(hours, TUE, "12:59", expected);
	snprintf(expected, sizeof expected, "{'open_now':true,'always_open':false,'today':%s,"
	    "'closes_at':'12:00','next_open':null}", today);
	assert_status(hours, TUE, "11:59", expected);
}

static void
test_closes_at_follows_back_to_back_periods(void **state)
{
	static const char *const across_midnight =
	    "[{'day':'mon','opens':'22:00','closes':'24:00'},"
	    "{'day':'tue','opens':'00:00','closes':'06:00'}]";
	static const char *const same_day =
	    "[{'day':'wed','opens':'09:00','closes':'12:00'},"
	    "{'day':'wed','opens':'12:00','closes':'17:00'}]";
	static const char *const across_the_week =
	    "[{'day':'mon','opens':'00:00','closes':'04:00'},"
	    "{'day':'sun','opens':'18:00','closes':'24:00'}]";
	static const char *const chained_nights =
	    "[{'day':'fri','opens':'20:00','closes':'00:00'},"
	    "{'day':'sat','opens':'00:00','closes':'24:00'},"
	    "{'day':'sun','opens':'00:00','closes':'03:00'}]";

	(void)state;
	assert_status(across_midnight, MON, "23:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'22:00','closes':'24:00'}],'closes_at':'06:00','next_open':null}");
	assert_status(same_day, WED, "10:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'09:00','closes':'12:00'},{'opens':'12:00','closes':'17:00'}],"
	    "'closes_at':'17:00','next_open':null}");
	assert_status(across_the_week, SUN, "19:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'18:00','closes':'24:00'}],'closes_at':'04:00','next_open':null}");
	assert_status(chained_nights, FRI, "21:00", "{'open_now':true,'always_open':false,"
	    "'today':[{'opens':'20:00','closes':'00:00'}],'closes_at':'03:00','next_open':null}");
}

static void
test_malformed_hours_are_refused(void **state)
{
	static const char *const bad[] = {
		"[{'day':'Mon','opens':'09:00','closes':'17:00'}]",
		"[{'day':'monday','opens':'09:00','closes':'17:00'}]",
		"[{'day':7,'opens':'09:00','closes':'17:00'}]",
		"[{'opens':'09:00','closes':'17:00'}]",
		"[{'day':'mon','closes':'17:00'}]",
		"[{'day':'mon','opens':'09:00'}]",
		"[{'day':'mon','opens':'24:00','closes':'02:00'}]",
		"[{'day':'mon','opens':'9:00','closes':'17:00'}]",
		"[{'day':'mon','opens':'09:00','closes':'24:01'}]",
		"[{'day':'mon','opens':'09:00','closes':'25:00'}]",
		"[{'day':'mon','opens':'09:00','closes':'09:00'}]",
		"[{'day':'mon','opens':'00:00','closes':'00:00'}]",
		"[{'day':'mon','opens':540,'closes':1020}]",
		"[{'day':'mon','opens':'09:00','closes':'17:00'},'mon 09:00-17:00']",
		"[{'day':'mon','opens':'09:00','closes':'17:00'},null]",
		"{'day':'mon','opens':'09:00','closes':'17:00'}",
		"'mon 09:00-17:00'",
	};
	struct hours_period periods[4];
	struct local_time t = at(MON, "10:00");
	json_t *hours;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		hours = json_of(bad[i]);
		if (hours_periods(hours, periods, COUNT(periods)) != -1)
			fail_msg("hours_periods accepted %s", bad[i]);
		if (hours_open_at(hours, &t) != 0)
			fail_msg("hours_open_at open with %s", bad[i]);
		if (hours_status(hours, &t) != NULL)
			fail_msg("hours_status answered for %s", bad[i]);
		json_decref(hours);
	}
}

static void
test_no_hours_known(void **state)
{
	struct local_time t = at(MON, "10:00");
	json_t *empty = json_array();

	(void)state;
	assert_int_equal(hours_periods(NULL, NULL, 0), 0);
	assert_int_equal(hours_periods(empty, NULL, 0), 0);
	assert_int_equal(hours_open_at(NULL, &t), 0);
	assert_int_equal(hours_open_at(empty, &t), 0);
	assert_null(hours_status(NULL, &t));
	assert_null(hours_status(empty, &t));
	json_decref(empty);
}

static void
test_local_time_out_of_range_is_refused(void **state)
{
	json_t *hours = json_of("[{'day':'mon','opens':'00:00','closes':'24:00'}]");
	struct local_time t = at(MON, "10:00");

	(void)state;
	assert_int_equal(hours_open_at(hours, NULL), 0);
	assert_null(hours_status(hours, NULL));
	t.weekday = 7;
	assert_int_equal(hours_open_at(hours, &t), 0);
	assert_null(hours_status(hours, &t));
	t.weekday = MON;
	t.minute = 1440;
	assert_int_equal(hours_open_at(hours, &t), 0);
	t.minute = -1;
	assert_null(hours_status(hours, &t));
	json_decref(hours);
}

static void
test_periods_counts_more_than_it_writes(void **state)
{
	json_t *hours = json_of("[{'day':'fri','opens':'22:00','closes':'02:00'},"
	    "{'day':'sat','opens':'10:00','closes':'12:00'}]");
	struct hours_period periods[2] = { { -1, -1, -1 }, { -1, -1, -1 } };

	(void)state;
	assert_int_equal(hours_periods(hours, periods, 1), 3);
	assert_int_equal(periods[0].day, FRI);
	assert_int_equal(periods[1].day, -1);
	assert_int_equal(hours_periods(hours, NULL, 0), 3);
	json_decref(hours);
}

/* 1 if one of periods[0..count) contains weekday/minute. */
static int
periods_contain(const struct hours_period *periods, int count, int weekday, int minute)
{
	int i;

	for (i = 0; i < count; i++)
		if (periods[i].day == weekday && periods[i].opens <= minute &&
		    minute < periods[i].closes)
			return 1;
	return 0;
}

/* closes_at of an opening at minute_of_week: the time of the first closed minute after
** it ("24:00" for midnight), found minute by minute. */
static void
check_closes_at(const json_t *status, const struct hours_period *periods, int count,
    int minute_of_week)
{
	const char *closes_at = json_string_value(json_object_get(status, "closes_at"));
	int at = minute_of_week, of_day;

	if (json_is_true(json_object_get(status, "always_open"))) {
		assert_true(json_is_null(json_object_get(status, "closes_at")));
		return;
	}
	while (periods_contain(periods, count, at % WEEK_MINUTES / HOURS_MINUTES_PER_DAY,
	    at % HOURS_MINUTES_PER_DAY))
		at++;
	of_day = at % HOURS_MINUTES_PER_DAY;
	assert_non_null(closes_at);
	assert_int_equal(hours_minutes(closes_at), of_day == 0 ? HOURS_MINUTES_PER_DAY : of_day);
}

/* Every 15 minutes (so at every minute of a byte of the week's map in turn), the status's
** next_open is indeed the first open minute after t, and closes_at the first closed one. */
static void
check_status_over_week(const json_t *hours, const struct hours_period *periods, int count)
{
	struct local_time t = { 0, 0, 0, 0, 0 };
	json_t *status, *next;
	int minute_of_week, ahead, start;

	for (minute_of_week = 0; minute_of_week < WEEK_MINUTES; minute_of_week += 15) {
		t.weekday = minute_of_week / HOURS_MINUTES_PER_DAY;
		t.minute = minute_of_week % HOURS_MINUTES_PER_DAY;
		status = hours_status(hours, &t);
		assert_non_null(status);
		assert_int_equal(json_is_true(json_object_get(status, "open_now")),
		    periods_contain(periods, count, t.weekday, t.minute));
		if (json_is_true(json_object_get(status, "open_now")))
			check_closes_at(status, periods, count, minute_of_week);
		next = json_object_get(status, "next_open");
		if (json_is_object(next)) {
			start = hours_day(json_string_value(json_object_get(next, "day"))) *
			    HOURS_MINUTES_PER_DAY +
			    hours_minutes(json_string_value(json_object_get(next, "time")));
			ahead = (start - minute_of_week + WEEK_MINUTES) % WEEK_MINUTES;
			assert_int_equal(json_integer_value(json_object_get(next, "in_days")),
			    (t.minute + ahead) / HOURS_MINUTES_PER_DAY);
			for (; ahead > 0; ahead--)
				assert_int_equal(periods_contain(periods, count,
				    (minute_of_week + ahead) % WEEK_MINUTES / HOURS_MINUTES_PER_DAY,
				    (minute_of_week + ahead) % HOURS_MINUTES_PER_DAY),
				    ahead == (start - minute_of_week + WEEK_MINUTES) % WEEK_MINUTES);
		}
		json_decref(status);
	}
}

static void
test_open_at_agrees_with_periods_all_week(void **state)
{
	static const char *const sets[] = {
		"[{'day':'mon','opens':'09:00','closes':'17:00'}]",
		"[{'day':'fri','opens':'22:00','closes':'02:00'},"
		"{'day':'sat','opens':'10:00','closes':'12:00'}]",
		"[{'day':'sun','opens':'20:00','closes':'03:00'},"
		"{'day':'mon','opens':'01:00','closes':'05:00'}]",
		"[{'day':'tue','opens':'00:00','closes':'24:00'},"
		"{'day':'wed','opens':'18:00','closes':'00:00'},"
		"{'day':'thu','opens':'23:45','closes':'00:15'}]",
		"[{'day':'mon','opens':'08:30','closes':'12:00'},"
		"{'day':'mon','opens':'13:00','closes':'16:30'},"
		"{'day':'tue','opens':'08:30','closes':'12:00'},"
		"{'day':'wed','opens':'19:00','closes':'07:00'},"
		"{'day':'sat','opens':'06:00','closes':'05:59'},"
		"{'day':'sun','opens':'12:00','closes':'24:00'}]",
		"[{'day':'sun','opens':'23:59','closes':'24:00'}]",
		"[{'day':'mon','opens':'00:00','closes':'00:01'},"
		"{'day':'thu','opens':'12:03','closes':'12:05'},"
		"{'day':'thu','opens':'12:06','closes':'20:07'}]",
		"[" MONDAY_TO_SATURDAY "{'day':'sun','opens':'00:00','closes':'23:57'}]",
	};
	struct hours_period periods[32];
	struct local_time t = { 0, 0, 0, 0, 0 };
	json_t *hours;
	size_t i;
	int count, minute_of_week;

	(void)state;
	for (i = 0; i < COUNT(sets); i++) {
		hours = json_of(sets[i]);
		count = hours_periods(hours, periods, COUNT(periods));
		assert_in_range(count, 1, COUNT(periods));
		for (minute_of_week = 0; minute_of_week < WEEK_MINUTES; minute_of_week++) {
			t.weekday = minute_of_week / HOURS_MINUTES_PER_DAY;
			t.minute = minute_of_week % HOURS_MINUTES_PER_DAY;
			if (hours_open_at(hours, &t) !=
			    periods_contain(periods, count, t.weekday, t.minute))
				fail_msg("set %zu disagrees on day %d minute %d", i, t.weekday,
				    t.minute);
		}
		check_status_over_week(hours, periods, count);
		json_decref(hours);
	}
}

static void
test_parse_local_accepts_real_date_times(void **state)
{
	struct local_time t;

	(void)state;
	assert_int_equal(zone_parse_local("2026-11-21T14:30", &t), 0);
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.month, 11);
	assert_int_equal(t.day, 21);
	assert_int_equal(t.weekday, SAT);
	assert_int_equal(t.minute, 14 * 60 + 30);
	assert_int_equal(zone_parse_local("2026-11-21 14:30:59", &t), 0);
	assert_int_equal(t.minute, 14 * 60 + 30);
	assert_int_equal(zone_parse_local("2028-02-29T00:00", &t), 0);
	assert_int_equal(t.weekday, TUE);
	assert_int_equal(zone_parse_local("2000-02-29T23:59:00", &t), 0);
	assert_int_equal(t.weekday, TUE);
	assert_int_equal(t.minute, 1439);
	assert_int_equal(zone_parse_local("1900-01-01T00:00", &t), 0);
	assert_int_equal(t.weekday, MON);
	assert_int_equal(zone_parse_local("2999-12-31T12:00", &t), 0);
	assert_int_equal(t.weekday, TUE);
}

static void
test_parse_local_weekday_matches_the_calendar(void **state)
{
	char text[48];
	struct local_time t;
	struct tm tm;
	time_t day;

	(void)state;
	/* Every day of 1900..2999, against the C library's Gregorian calendar. */
	for (day = -2208988800; day < 32503680000; day += 86400) {
		assert_non_null(gmtime_r(&day, &tm));
		snprintf(text, sizeof text, "%04d-%02d-%02dT12:00", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		assert_int_equal(zone_parse_local(text, &t), 0);
		if (t.weekday != (tm.tm_wday + 6) % 7)
			fail_msg("%s: weekday %d", text, t.weekday);
	}
}

static void
test_parse_local_rejects_bad_date_times(void **state)
{
	static const char *const bad[] = {
		"2026-02-29T10:00", "1900-02-29T10:00", "2026-04-31T10:00", "2026-13-01T10:00",
		"2026-00-10T10:00", "2026-11-00T10:00", "1899-12-31T23:59", "3000-01-01T00:00",
		"2026-11-21T24:00", "2026-11-21T23:60", "2026-11-21T14:30:60",
		"2026-11-21T14:30Z", "2026-11-21T14:30:00Z", "2026-11-21T14:30+01:00",
		"2026-11-21T14:30-05:00", "2026-11-21T14:30 ", "2026-11-21T14:30:00.5",
		"2026-11-21T14:30x", "2026-11-21T14:30:5", "2026-11-21T14:30:", " 2026-11-21T14:30",
		"2026-11-21t14:30", "2026-11-21_14:30", "2026-11-21  14:30", "2026-11-21T14",
		"2026-11-21T1:30", "2026-11-21T14:3", "2026-11-21", "26-11-21T14:30",
		"2026/11/21T14:30", "2026-11-21T14h30", "", "T",
	};
	struct local_time t = { 1, 2, 3, 4, 5 }, untouched = t;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (zone_parse_local(bad[i], &t) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(zone_parse_local(NULL, &t), -1);
	assert_memory_equal(&t, &untouched, sizeof t);
}

static void
test_zone_use_refuses_bad_names(void **state)
{
	static const char *const bad[] = {
		"../etc/passwd", "Nowhere/City", "", "/etc/localtime", "America/../UTC",
		"America//Toronto", "America/", "America", "America/Toronto/", "zone.tab",
		"America/Toronto ", "America/New York", "America/Toronto\n",
	};
	char before[256], err[256];
	const char *tz;
	size_t i;

	(void)state;
	tz = getenv("TZ");
	snprintf(before, sizeof before, "%s", tz != NULL ? tz : "(unset)");
	for (i = 0; i < COUNT(bad); i++) {
		err[0] = '\0';
		if (zone_use(bad[i], err, sizeof err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(err[0] != '\0');
	}
	err[0] = '\0';
	assert_int_equal(zone_use(NULL, err, sizeof err), -1);
	assert_true(err[0] != '\0');
	tz = getenv("TZ");
	assert_string_equal(tz != NULL ? tz : "(unset)", before);
}

static time_t
utc(int year, int month, int day, int hour, int minute)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	return timegm(&tm);
}

static void
assert_local(time_t t, int year, int month, int day, int weekday, const char *hhmm)
{
	struct local_time local;

	zone_local_time(t, &local);
	assert_int_equal(local.year, year);
	assert_int_equal(local.month, month);
	assert_int_equal(local.day, day);
	assert_int_equal(local.weekday, weekday);
	assert_int_equal(local.minute, hours_minutes(hhmm));
}

static void
test_toronto_daylight_saving_switches(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(zone_use("America/Toronto", err, sizeof err), 0);
	/* The instants themselves, as `date -u -d @N` shows them. */
	assert_true(utc(2026, 3, 8, 7, 0) == 1772953200);
	assert_true(utc(2026, 11, 1, 6, 0) == 1793512800);
	/* Spring forward, 2026-03-08 at 07:00 UTC: 02:00 EST becomes 03:00 EDT. */
	assert_local(utc(2026, 3, 8, 6, 59), 2026, 3, 8, SUN, "01:59");
	assert_local(utc(2026, 3, 8, 7, 0), 2026, 3, 8, SUN, "03:00");
	assert_local(utc(2026, 3, 8, 4, 59), 2026, 3, 7, SAT, "23:59");
	assert_local(utc(2026, 3, 8, 5, 0), 2026, 3, 8, SUN, "00:00");
	/* Fall back, 2026-11-01 at 06:00 UTC: 02:00 EDT becomes 01:00 EST, 01:xx twice. */
	assert_local(utc(2026, 11, 1, 5, 59), 2026, 11, 1, SUN, "01:59");
	assert_local(utc(2026, 11, 1, 6, 0), 2026, 11, 1, SUN, "01:00");
	assert_local(utc(2026, 11, 1, 5, 30), 2026, 11, 1, SUN, "01:30");
	assert_local(utc(2026, 11, 1, 6, 30), 2026, 11, 1, SUN, "01:30");
	assert_local(utc(2026, 11, 1, 3, 59), 2026, 10, 31, SAT, "23:59");
	assert_local(utc(2026, 11, 2, 4, 59), 2026, 11, 1, SUN, "23:59");
	assert_local(utc(2026, 11, 2, 5, 0), 2026, 11, 2, MON, "00:00");
}

static void
test_sunday_hours_follow_daylight_saving(void **state)
{
	json_t *hours = json_of("[{'day':'sun','opens':'09:00','closes':'17:00'}]");
	struct local_time local;
	char err[256];

	(void)state;
	assert_int_equal(zone_use("America/Toronto", err, sizeof err), 0);
	zone_local_time(utc(2026, 3, 8, 13, 30), &local);   /* 09:30 EDT */
	assert_int_equal(hours_open_at(hours, &local), 1);
	zone_local_time(utc(2026, 3, 1, 13, 30), &local);   /* 08:30 EST */
	assert_int_equal(local.minute, 8 * 60 + 30);
	assert_int_equal(hours_open_at(hours, &local), 0);
	zone_local_time(utc(2026, 10, 25, 13, 30), &local); /* 09:30 EDT */
	assert_int_equal(hours_open_at(hours, &local), 1);
	zone_local_time(utc(2026, 11, 1, 13, 30), &local);  /* 08:30 EST */
	assert_int_equal(hours_open_at(hours, &local), 0);
	json_decref(hours);
}

/* A compact entry's day and times are read by the rules of hours_day and hours_minutes:
** every day name and five-byte time below, good or bad, gives the same periods (or the
** same refusal) in the compact form, made by hand, as in the object form. */
static void
test_compact_entries_are_read_as_the_objects_are(void **state)
{
	static const char *const days[] = { "mon", "sun", "Mon", "mo ", "xyz", "su\tn" };
	static const char *const times[] = { "00:00", "09:30", "23:59", "24:00", "24:01",
	    "25:00", "09:60", "0900 ", " 9:00", "-1:00", "09.00", "0a:00", "09:0a", "17:00" };
	struct hours_period a[4], b[4];
	char text[16];
	json_t *object, *compact;
	size_t d, o, c;
	int na, nb;

	(void)state;
	for (d = 0; d < COUNT(days); d++)
		for (o = 0; o < COUNT(times); o++)
			for (c = 0; c < COUNT(times); c++) {
				object = json_pack("[{ssssss}]", "day", days[d], "opens", times[o],
				    "closes", times[c]);
				snprintf(text, sizeof text, "%.3s %s %s", days[d], times[o], times[c]);
				compact = json_pack("[s]", text);
				assert_non_null(object);
				assert_non_null(compact);
				na = hours_periods(object, a, COUNT(a));
				nb = hours_periods(compact, b, COUNT(b));
				if (strlen(days[d]) != 3)
					na = -1;   /* a longer name is cut to three bytes here */
				if (na != nb || (na > 0 && memcmp(a, b, (size_t)na * sizeof a[0]) != 0))
					fail_msg("\"%s\": %d periods, as an object %d", text, nb, na);
				json_decref(object);
				json_decref(compact);
			}
}

/* The compact form of hours ("mon 09:00 17:00", as summaries hold them) answers as the
** objects do, for every quarter hour of a week: open or not, the periods, the whole
** status; an entry that is not a well-formed object is kept as it is, and so refused. */
static void
test_compact_hours_answer_as_the_objects_do(void **state)
{
	static const char *const cases[] = {
		"[{'day':'mon','opens':'09:00','closes':'17:00'},{'day':'mon','opens':'18:00','closes':'24:00'},"
		"{'day':'sat','opens':'22:00','closes':'02:00'},{'day':'sun','opens':'20:00','closes':'01:30'}]",
		"[{'day':'tue','opens':'00:00','closes':'24:00'},{'day':'thu','opens':'08:30','closes':'12:00'}]",
		"[]",
	};
	struct hours_period a[16], b[16];
	struct local_time t;
	json_t *hours, *compact, *sa, *sb;
	char *ta, *tb;
	size_t c;
	int minute, n;

	(void)state;
	for (c = 0; c < COUNT(cases); c++) {
		hours = json_of(cases[c]);
		compact = hours_compact(hours);
		assert_non_null(compact);
		assert_int_equal(json_array_size(compact), json_array_size(hours));
		if (json_array_size(compact) > 0)
			assert_string_equal(json_string_value(json_array_get(compact, 0)),
			    c == 0 ? "mon 09:00 17:00" : "tue 00:00 24:00");
		n = hours_periods(hours, a, COUNT(a));
		assert_int_equal(hours_periods(compact, b, COUNT(b)), n);
		assert_memory_equal(a, b, (size_t)n * sizeof a[0]);
		for (minute = 0; minute < WEEK_MINUTES; minute += 15) {
			t = (struct local_time){ 2026, 11, 16, minute / HOURS_MINUTES_PER_DAY,
			    minute % HOURS_MINUTES_PER_DAY };
			assert_int_equal(hours_open_at(compact, &t), hours_open_at(hours, &t));
			sa = hours_status(hours, &t);
			sb = hours_status(compact, &t);
			ta = sa != NULL ? json_dumps(sa, JSON_COMPACT) : NULL;
			tb = sb != NULL ? json_dumps(sb, JSON_COMPACT) : NULL;
			assert_true((ta == NULL) == (tb == NULL));
			if (ta != NULL)
				assert_string_equal(ta, tb);
			free(ta);
			free(tb);
			json_decref(sa);
			json_decref(sb);
		}
		json_decref(compact);
		json_decref(hours);
	}
	hours = json_of("[{'day':'mon','opens':'09:00','closes':'17:00'},"
	    "{'day':'xyz','opens':'09:00','closes':'17:00'}]");
	compact = hours_compact(hours);
	assert_true(json_is_string(json_array_get(compact, 0)));
	assert_true(json_equal(json_array_get(compact, 1), json_array_get(hours, 1)));
	assert_int_equal(hours_periods(compact, NULL, 0), -1);
	json_decref(compact);
	json_decref(hours);
	compact = json_of("['mon 09:00 17:0', 'mon 9:00 17:00 ', 'mon-09:00-17:00']");
	for (c = 0; c < json_array_size(compact); c++) {
		hours = json_pack("[O]", json_array_get(compact, c));
		assert_int_equal(hours_periods(hours, NULL, 0), -1);
		json_decref(hours);
	}
	json_decref(compact);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minutes_and_day_names),
		cmocka_unit_test(test_plain_day_is_open_from_opens_until_closes),
		cmocka_unit_test(test_overnight_period_runs_into_the_next_day),
		cmocka_unit_test(test_sunday_overnight_continues_into_monday),
		cmocka_unit_test(test_closing_at_midnight_written_2400_or_0000),
		cmocka_unit_test(test_whole_day_and_always_open),
		cmocka_unit_test(test_closed_day_gives_next_open_on_a_later_day),
		cmocka_unit_test(test_next_open_later_today),
		cmocka_unit_test(test_closes_at_follows_back_to_back_periods),
		cmocka_unit_test(test_malformed_hours_are_refused),
		cmocka_unit_test(test_no_hours_known),
		cmocka_unit_test(test_local_time_out_of_range_is_refused),
		cmocka_unit_test(test_periods_counts_more_than_it_writes),
		cmocka_unit_test(test_open_at_agrees_with_periods_all_week),
		cmocka_unit_test(test_compact_entries_are_read_as_the_objects_are),
		cmocka_unit_test(test_compact_hours_answer_as_the_objects_do),
		cmocka_unit_test(test_parse_local_accepts_real_date_times),
		cmocka_unit_test(test_parse_local_weekday_matches_the_calendar),
		cmocka_unit_test(test_parse_local_rejects_bad_date_times),
		cmocka_unit_test(test_zone_use_refuses_bad_names),
		cmocka_unit_test(test_toronto_daylight_saving_switches),
		cmocka_unit_test(test_sunday_hours_follow_daylight_saving),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
