/*
** editform.c - the organization editor's form (see editform.h).
**
** Both directions go through the same flat fields: a record is first turned into the
** fields a browser would submit (record_form), and the template's value is built from
** such fields (build_values), so a form shown again after an error is built exactly like
** a fresh one. Reading a submitted form (editform_apply) checks every field on its own,
** collecting one message per field, and only a form without problems is passed to
** record_check, the one gate of docs/DATA-FORMAT.md, whose paths are then mapped back to
** the form's field names through the slot each built item came from.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "catalog.h"
#include "editform.h"
#include "fold.h"
#include "hours.h"
#include "i18n.h"
#include "record.h"
#include "validate.h"
#include "view.h"

#define FIELD_LEN   64      /* "location.199.accessibility.ar" and the like */
#define WHERE_LEN   300     /* a field's name for people, in the error summary */
#define MAX_ITEMS   200     /* alternate names, hours, phones per location */
#define WORD_LEN    64      /* a folded day or language word */

/* Limits of docs/DATA-FORMAT.md, checked here to give one message per field; record_check
** stays the authority. */
#define MAX_NAME        200
#define MAX_DESCRIPTION 4000
#define MAX_NOTE        500
#define MAX_ACCESS      1000
#define MAX_ADDRESS     300
#define MAX_PLACE       100
#define MAX_URL         500

static const char *const day_codes[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* ---------------------------------------------------------------------------------
** Small helpers shared by both directions.
*/

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1 when s holds something else than white space. */
static int
has_text(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (!is_space(*s))
			return 1;
	return 0;
}

/* s[0..len) without the white space around it and with "\r\n" and "\r" made "\n": a new
** string, NULL on OOM. */
static char *
clean_text(const char *s, size_t len)
{
	char *out;
	size_t i, n = 0;

	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return out;
}

/* out = a.b: a field name. Its parts are this file's own and always fit. */
static void
join(char out[FIELD_LEN], const char *a, const char *b)
{
	if (snprintf(out, FIELD_LEN, "%s.%s", a, b) >= FIELD_LEN)
		out[0] = '\0';
}

/* "f-" and the field name with its dots made dashes: the HTML id of a field. */
static void
html_id(char *out, size_t outlen, const char *field)
{
	size_t i;

	snprintf(out, outlen, "f-%s", field);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '.')
			out[i] = '-';
}

/* The folded form (fold.h) of s[0..len) in out; -1 on OOM or when it does not fit. */
static int
fold_word(const char *s, size_t len, char *out, size_t outlen)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (fold_text(&b, s, len) == 0 && b.len < outlen) {
		memcpy(out, b.data ? b.data : "", b.len);
		out[b.len] = '\0';
		rc = 0;
	}
	buf_free(&b);
	return rc;
}

/* A version 4 UUID from libsodium's generator, in lower case; -1 if it cannot start. */
static int
new_uuid(char out[37])
{
	unsigned char b[16];

	if (sodium_init() < 0)
		return -1;
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	    b[13], b[14], b[15]);
	return 0;
}

/* The item of list (an array of objects) whose "id" is id, or NULL. */
static const json_t *
find_by_id(const json_t *list, const char *id)
{
	const json_t *item;
	size_t i;

	json_array_foreach(list, i, item)
		if (json_is_string(json_object_get(item, "id")) &&
		    strcmp(json_string_value(json_object_get(item, "id")), id) == 0)
			return item;
	return NULL;
}

/* ---------------------------------------------------------------------------------
** Words of opening hours: days in French, English, Spanish and Arabic, and the little
** words between them; then the day words of every interface catalog (catalog_day).
** Compared after folding, so "Mié", "MIE" and "mié." are one word.
*/

enum word_kind { W_UNKNOWN, W_DAY, W_RANGE, W_LIST, W_FILLER };

static const struct hours_word {
	const char     *word;  /* folded */
	enum word_kind  kind;
	int             day;   /* 0 = Monday, for W_DAY */
} hours_words[] = {
	{ "mon", W_DAY, 0 }, { "monday", W_DAY, 0 }, { "mo", W_DAY, 0 }, { "lun", W_DAY, 0 },
	{ "lundi", W_DAY, 0 }, { "lunes", W_DAY, 0 }, { "lu", W_DAY, 0 },
	{ "الاثنين", W_DAY, 0 }, { "الإثنين", W_DAY, 0 }, { "اثنين", W_DAY, 0 },
	{ "tue", W_DAY, 1 }, { "tues", W_DAY, 1 }, { "tuesday", W_DAY, 1 }, { "tu", W_DAY, 1 },
	{ "mar", W_DAY, 1 }, { "mardi", W_DAY, 1 }, { "martes", W_DAY, 1 }, { "ma", W_DAY, 1 },
	{ "الثلاثاء", W_DAY, 1 }, { "ثلاثاء", W_DAY, 1 },
	{ "wed", W_DAY, 2 }, { "weds", W_DAY, 2 }, { "wednesday", W_DAY, 2 }, { "we", W_DAY, 2 },
	{ "mer", W_DAY, 2 }, { "mercredi", W_DAY, 2 }, { "me", W_DAY, 2 }, { "mie", W_DAY, 2 },
	{ "miercoles", W_DAY, 2 }, { "mi", W_DAY, 2 },
	{ "الأربعاء", W_DAY, 2 }, { "الاربعاء", W_DAY, 2 }, { "أربعاء", W_DAY, 2 }, { "اربعاء", W_DAY, 2 },
	{ "thu", W_DAY, 3 }, { "thur", W_DAY, 3 }, { "thurs", W_DAY, 3 }, { "thursday", W_DAY, 3 },
	{ "th", W_DAY, 3 }, { "jeu", W_DAY, 3 }, { "jeudi", W_DAY, 3 }, { "je", W_DAY, 3 },
	{ "jue", W_DAY, 3 }, { "jueves", W_DAY, 3 }, { "ju", W_DAY, 3 },
	{ "الخميس", W_DAY, 3 }, { "خميس", W_DAY, 3 },
	{ "fri", W_DAY, 4 }, { "friday", W_DAY, 4 }, { "fr", W_DAY, 4 }, { "ven", W_DAY, 4 },
	{ "vendredi", W_DAY, 4 }, { "ve", W_DAY, 4 }, { "vie", W_DAY, 4 }, { "viernes", W_DAY, 4 },
	{ "vi", W_DAY, 4 }, { "الجمعة", W_DAY, 4 }, { "جمعة", W_DAY, 4 },
	{ "sat", W_DAY, 5 }, { "saturday", W_DAY, 5 }, { "sa", W_DAY, 5 }, { "sam", W_DAY, 5 },
	{ "samedi", W_DAY, 5 }, { "sab", W_DAY, 5 }, { "sabado", W_DAY, 5 },
	{ "السبت", W_DAY, 5 }, { "سبت", W_DAY, 5 },
	{ "sun", W_DAY, 6 }, { "sunday", W_DAY, 6 }, { "su", W_DAY, 6 }, { "dim", W_DAY, 6 },
	{ "dimanche", W_DAY, 6 }, { "di", W_DAY, 6 }, { "dom", W_DAY, 6 }, { "domingo", W_DAY, 6 },
	{ "do", W_DAY, 6 }, { "الأحد", W_DAY, 6 }, { "الاحد", W_DAY, 6 }, { "أحد", W_DAY, 6 },
	{ "to", W_RANGE, 0 }, { "au", W_RANGE, 0 }, { "a", W_RANGE, 0 }, { "al", W_RANGE, 0 },
	{ "hasta", W_RANGE, 0 }, { "through", W_RANGE, 0 }, { "until", W_RANGE, 0 },
	{ "إلى", W_RANGE, 0 }, { "الى", W_RANGE, 0 },
	{ "and", W_LIST, 0 }, { "et", W_LIST, 0 }, { "y", W_LIST, 0 }, { "و", W_LIST, 0 },
	{ "from", W_FILLER, 0 }, { "du", W_FILLER, 0 }, { "de", W_FILLER, 0 },
	{ "del", W_FILLER, 0 }, { "le", W_FILLER, 0 }, { "el", W_FILLER, 0 }, { "من", W_FILLER, 0 },
};

/* Day words written back into the hours field: these English ones, translated by the
** interface catalogs under this msgctxt ("lun" in French). */
#define DAY_WORD_CONTEXT "day in the hours field"
static const char *const day_words[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static const char *
day_word(int ui, int day)
{
	return i18n_text(ui, DAY_WORD_CONTEXT, day_words[day]);
}

/* The day (0 = Monday) of a folded word that is how some interface language writes a
** day in the hours field, so that what the form shows can be read back in any
** language a catalog adds; -1 if none. */
static int
catalog_day(const char *folded)
{
	char word[WORD_LEN];
	const char *w;
	int ui, d;

	for (ui = 0; ui < UI_NLANG; ui++)
		for (d = 0; d < 7; d++) {
			w = day_word(ui, d);
			if (fold_word(w, strlen(w), word, sizeof word) == 0 && strcmp(word, folded) == 0)
				return d;
		}
	return -1;
}

/* Length of a dash at p ("-", en dash, em dash, minus sign), or 0. */
static size_t
dash_len(const char *p)
{
	if (*p == '-')
		return 1;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
		return 3;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x92)
		return 3;
	return 0;
}

/* Length of the list separator at p (",", ";", "/", "&", "+", ":", the Arabic comma), or 0. */
static size_t
list_sep_len(const char *p)
{
	if ((unsigned char)p[0] == 0xd8 && (unsigned char)p[1] == 0x8c)
		return 2;
	return *p != '\0' && strchr(",;/&+:", *p) != NULL ? 1 : 0;
}

/* Length of the word at p: up to white space, a digit, a dash or a separator. */
static size_t
word_len(const char *p)
{
	size_t n = 0;

	while (p[n] != '\0' && !is_space(p[n]) && !is_digit(p[n]) && dash_len(p + n) == 0 &&
	    list_sep_len(p + n) == 0)
		n++;
	return n;
}

/* What the word p[0..len) is (trailing dots ignored); its day in *day. */
static enum word_kind
hours_word(const char *p, size_t len, int *day)
{
	char folded[WORD_LEN];
	size_t i;
	int d;

	while (len > 0 && p[len - 1] == '.')
		len--;
	if (len == 0 || fold_word(p, len, folded, sizeof folded) != 0)
		return W_UNKNOWN;
	for (i = 0; i < sizeof hours_words / sizeof hours_words[0]; i++)
		if (strcmp(folded, hours_words[i].word) == 0) {
			*day = hours_words[i].day;
			return hours_words[i].kind;
		}
	if ((d = catalog_day(folded)) < 0)
		return W_UNKNOWN;
	*day = d;
	return W_DAY;
}

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Problems of one hours line. */
enum hours_problem { HP_NONE, HP_DAY, HP_TIME, HP_SAME, HP_OPEN24, HP_MANY };

/* The days at the start of an hours line ("mon", "mon-fri", "lun, mer", "du lundi au
** vendredi") as bits of *days (bit 0 = Monday); *pp moves to the first digit. */
static enum hours_problem
parse_days(const char **pp, unsigned *days)
{
	const char *p = *pp;
	int last = -1, from = -1, day = 0, d;
	size_t n;

	for (;;) {
		p = skip_blank(p);
		if ((n = dash_len(p)) > 0) {
			if (last < 0)
				return HP_DAY;
			from = last;
			p += n;
			continue;
		}
		if ((n = list_sep_len(p)) > 0) {
			if (from >= 0)
				return HP_DAY;     /* "mon-, fri": a range without its end */
			p += n;
			continue;
		}
		if (*p == '\0' || is_digit(*p))
			break;
		n = word_len(p);
		switch (hours_word(p, n, &day)) {
		case W_DAY:
			for (d = from >= 0 ? from : day; d != day; d = (d + 1) % 7)
				*days |= 1u << d;
			*days |= 1u << day;
			last = day;
			from = -1;
			break;
		case W_RANGE:
			if (last < 0)
				return HP_DAY;
			from = last;
			break;
		case W_LIST:
		case W_FILLER:
			break;
		default:
			return HP_DAY;
		}
		p += n;
	}
	*pp = p;
	return *days != 0 && from < 0 ? HP_NONE : HP_DAY;
}

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when p starts with the lower-case ASCII word w, in any case. */
static int
starts_with_ci(const char *p, const char *w)
{
	for (; *w != '\0'; p++, w++)
		if ((is_letter(*p) ? (*p | 0x20) : *p) != *w)
			return 0;
	return 1;
}

/* "am", "a.m.", "pm", "p.m." (any case) at p, followed by no letter: 1 for am, 2 for pm
** (with *pp moved past it), else 0. */
static int
parse_ampm(const char **pp)
{
	static const char *const forms[] = { "a.m.", "a.m", "am", "p.m.", "p.m", "pm" };
	size_t i, n;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		n = strlen(forms[i]);
		if (starts_with_ci(*pp, forms[i]) && !is_letter((*pp)[n])) {
			*pp += n;
			return i < 3 ? 1 : 2;
		}
	}
	return 0;
}

/* A time of day: "9", "09:00", "9h", "9h30", "9.30", "9am", "5:30 pm": minutes since
** midnight (0..1440, 24:00 allowed), *pp moved past it; -1 if malformed. */
static int
parse_time(const char **pp)
{
	const char *p = *pp, *q;
	int h = 0, m = 0, digits = 0, ampm;

	while (is_digit(*p) && digits < 3) {
		h = h * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || digits > 2)
		return -1;
	if ((*p == ':' || *p == 'h' || *p == 'H' || *p == '.') && is_digit(p[1]) &&
	    is_digit(p[2]) && !is_digit(p[3])) {
		m = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	} else if (*p == 'h' || *p == 'H') {
		p++;
	}
	q = skip_blank(p);
	if ((ampm = parse_ampm(&q)) != 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (ampm == 2 ? 12 : 0);
		p = q;
	}
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*pp = p;
	return h * 60 + m;
}

/* Past separators and little words ("and", "de") between time ranges. */
static const char *
skip_time_glue(const char *p)
{
	size_t n;
	int day;

	for (;;) {
		p = skip_blank(p);
		if ((n = list_sep_len(p)) > 0) {
			p += n;
			continue;
		}
		n = word_len(p);
		if (n > 0) {
			switch (hours_word(p, n, &day)) {
			case W_LIST:
			case W_FILLER:
				p += n;
				continue;
			default:
				break;
			}
		}
		return p;
	}
}

/* Past the dash or word between the two times of a range; NULL if there is none. */
static const char *
skip_range_word(const char *p)
{
	size_t n;
	int day;

	p = skip_blank(p);
	if ((n = dash_len(p)) > 0)
		return skip_blank(p + n);
	n = word_len(p);
	if (n > 0 && hours_word(p, n, &day) == W_RANGE)
		return skip_blank(p + n);
	return NULL;
}

/* Add {"day","opens","closes"} for each day of days to out, leaving out duplicates. */
static enum hours_problem
add_periods(json_t *out, unsigned days, int opens, int closes)
{
	char o[16], c[16];
	json_t *entry, *e;
	size_t i;
	int d, dup;

	snprintf(o, sizeof o, "%02d:%02d", opens / 60, opens % 60);
	snprintf(c, sizeof c, "%02d:%02d", closes / 60, closes % 60);
	for (d = 0; d < 7; d++) {
		if (!(days & (1u << d)))
			continue;
		dup = 0;
		json_array_foreach(out, i, e)
			if (strcmp(json_string_value(json_object_get(e, "day")), day_codes[d]) == 0 &&
			    strcmp(json_string_value(json_object_get(e, "opens")), o) == 0 &&
			    strcmp(json_string_value(json_object_get(e, "closes")), c) == 0)
				dup = 1;
		if (dup)
			continue;
		if (json_array_size(out) >= MAX_ITEMS)
			return HP_MANY;
		entry = json_pack("{ssssss}", "day", day_codes[d], "opens", o, "closes", c);
		if (entry == NULL || json_array_append_new(out, entry) != 0)
			return HP_MANY;
	}
	return HP_NONE;
}

/* One line of the hours field: days, then one or more ranges. */
static enum hours_problem
parse_hours_line(const char *line, json_t *out)
{
	const char *p = line;
	enum hours_problem rc;
	unsigned days = 0;
	int opens, closes, ranges = 0;

	if ((rc = parse_days(&p, &days)) != HP_NONE)
		return rc;
	for (;;) {
		p = skip_time_glue(p);
		if (*p == '\0')
			break;
		if ((opens = parse_time(&p)) < 0 || (p = skip_range_word(p)) == NULL ||
		    (closes = parse_time(&p)) < 0)
			return HP_TIME;
		if (opens == HOURS_MINUTES_PER_DAY)
			return HP_OPEN24;
		if (opens == closes)
			return HP_SAME;
		if ((rc = add_periods(out, days, opens, closes)) != HP_NONE)
			return rc;
		ranges++;
	}
	return ranges > 0 ? HP_NONE : HP_TIME;
}

/* The message for a problem of hours line number line. */
static void
hours_message(enum hours_problem rc, int line, char *msg, size_t msglen)
{
	static const char *const what[] = {
		"",
		"start with a day or days, like mon, mon-fri or mon,wed.",
		"give the hours like 09:00-17:00, from 00:00 to 24:00.",
		"it opens and closes at the same time; for the whole day, write 00:00-24:00.",
		"a period cannot open at 24:00.",
		"",
	};

	if (rc == HP_MANY)
		snprintf(msg, msglen, "At most %d opening periods.", MAX_ITEMS);
	else
		snprintf(msg, msglen, "Line %d: %s", line, what[rc]);
}

/* ---------------------------------------------------------------------------------
** Record to flat fields: what a browser would submit for the record unchanged.
*/

/* Set form[key] to the string s when it has text. 0, or -1 on OOM. */
static int
form_set(json_t *form, const char *key, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	return json_object_set_new(form, key, json_string(s));
}

/* form_set on the field base.key. */
static int
form_set_in(json_t *form, const char *base, const char *key, const char *s)
{
	char field[FIELD_LEN];

	join(field, base, key);
	return form_set(form, field, s);
}

/* Each text of a text map as base.LANG. */
static int
form_text_map(json_t *form, const char *base, const json_t *map)
{
	const char *lang;
	json_t *text;
	int rc = 0;

	json_object_foreach((json_t *)map, lang, text)
		if (catalog_ui_index(lang) >= 0)
			rc |= form_set_in(form, base, lang, json_string_value(text));
	return rc;
}

/* The strings of arr joined by sep, as a new string field; NULL on OOM. */
static json_t *
joined(const json_t *arr, const char *sep)
{
	struct buf b = BUF_INIT;
	const json_t *v;
	json_t *out;
	size_t i;

	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			continue;
		if (b.len > 0)
			buf_puts(&b, sep);
		buf_puts(&b, json_string_value(v));
	}
	buf_putc(&b, '\0');
	out = buf_failed(&b) ? NULL : json_string(b.data);
	buf_free(&b);
	return out;
}

/* Set field to a new string value (stolen); empty strings are left out. */
static int
form_take(json_t *form, const char *field, json_t *value)
{
	if (value == NULL)
		return -1;
	if (json_string_length(value) == 0) {
		json_decref(value);
		return 0;
	}
	return json_object_set_new(form, field, value);
}

/* A string field from an array of strings: empty ones are left out. */
static int
form_joined(json_t *form, const char *key, const json_t *arr, const char *sep)
{
	return form_take(form, key, joined(arr, sep));
}

/* A repeated field: a copy of the array of ids (each id taken from key of the items
** when key is non-NULL). */
static int
form_ids(json_t *form, const char *field, const json_t *arr, const char *key)
{
	json_t *out = json_array(), *item, *v;
	size_t i;

	json_array_foreach(arr, i, item) {
		v = key ? json_object_get(item, key) : item;
		if (json_is_string(v))
			json_array_append(out, v);
	}
	if (out == NULL || json_array_size(out) == 0) {
		json_decref(out);
		return out == NULL ? -1 : 0;
	}
	return json_object_set_new(form, field, out);
}

/* Periods of one day, "09:00-12:00, 13:00-17:00", in their order in hours. */
static void
day_schedule(const json_t *hours, int day, struct buf *b)
{
	const json_t *h;
	size_t i;

	json_array_foreach(hours, i, h) {
		if (hours_day(json_string_value(json_object_get(h, "day"))) != day ||
		    !json_is_string(json_object_get(h, "opens")) ||
		    !json_is_string(json_object_get(h, "closes")))
			continue;
		if (b->len > 0)
			buf_puts(b, ", ");
		buf_printf(b, "%s-%s", json_string_value(json_object_get(h, "opens")),
		    json_string_value(json_object_get(h, "closes")));
	}
}

/* The hours as lines, days with the same periods together: "mon-fri 09:00-17:00". */
static json_t *
hours_text(const json_t *hours, int ui)
{
	struct buf sched[7] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	int done[7] = { 0 }, d, e, run, failed = 0;
	json_t *text;

	for (d = 0; d < 7; d++) {
		day_schedule(hours, d, &sched[d]);
		failed |= buf_failed(&sched[d]);
	}
	for (d = 0; d < 7 && !failed; d++) {
		if (done[d] || sched[d].len == 0)
			continue;
		if (out.len > 0)
			buf_putc(&out, '\n');
		for (e = d, run = 0; e <= 7; e++) {
			if (e < 7 && !done[e] && sched[e].len > 0 && strcmp(sched[e].data, sched[d].data) == 0) {
				if (run == 0 && e > d)
					buf_putc(&out, ',');
				if (run++ == 0)
					buf_puts(&out, day_word(ui, e));
				done[e] = 1;
				continue;
			}
			if (run > 1)
				buf_printf(&out, "-%s", day_word(ui, e - 1));
			run = 0;
		}
		buf_printf(&out, " %s", sched[d].data);
	}
	for (d = 0; d < 7; d++)
		buf_free(&sched[d]);
	buf_putc(&out, '\0');
	text = failed || buf_failed(&out) ? NULL : json_string(out.data);
	buf_free(&out);
	return text;
}

/* Phones as lines "number | label", the label in language ui when it has one. */
static json_t *
phones_text(const json_t *phones, int ui)
{
	struct buf out = BUF_INIT;
	const json_t *p, *label;
	json_t *text;
	size_t i;

	json_array_foreach(phones, i, p) {
		if (!json_is_string(json_object_get(p, "number")))
			continue;
		if (out.len > 0)
			buf_putc(&out, '\n');
		buf_puts(&out, json_string_value(json_object_get(p, "number")));
		label = json_object_get(json_object_get(p, "label"), catalog_ui_code(ui));
		if (json_is_string(label))
			buf_printf(&out, " | %s", json_string_value(label));
	}
	buf_putc(&out, '\0');
	text = buf_failed(&out) ? NULL : json_string(out.data);
	buf_free(&out);
	return text;
}

/* A coordinate with at most 7 decimals and no trailing zeros: "45.4962". */
static void
coordinate_text(double x, char *out, size_t outlen)
{
	size_t n;

	snprintf(out, outlen, "%.7f", x);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

static int
form_service(json_t *form, int n, const json_t *svc)
{
	static const char *const maps[] = { "name", "description", "fee_note", "at_the_door" };
	char pre[FIELD_LEN], field[FIELD_LEN];
	size_t i;
	int rc = 0;

	snprintf(pre, sizeof pre, "service.%d", n);
	rc |= form_set_in(form, pre, "id", json_string_value(json_object_get(svc, "id")));
	for (i = 0; i < sizeof maps / sizeof maps[0]; i++) {
		join(field, pre, maps[i]);
		rc |= form_text_map(form, field, json_object_get(svc, maps[i]));
	}
	join(field, pre, "categories");
	rc |= form_ids(form, field, json_object_get(svc, "categories"), NULL);
	rc |= form_set_in(form, pre, "fees", json_string_value(json_object_get(svc, "fees")));
	if (json_is_true(json_object_get(svc, "no_id_needed")))
		rc |= form_set_in(form, pre, "no_id_needed", "1");
	join(field, pre, "languages");
	rc |= form_joined(form, field, json_object_get(svc, "languages"), ", ");
	return rc;
}

static int
form_location(json_t *form, int n, const json_t *loc, int ui)
{
	static const char *const plain[] = { "id", "address", "neighbourhood", "city", "postal_code" };
	static const char *const maps[] = { "name", "call_first", "accessibility" };
	static const char *const coords[] = { "latitude", "longitude" };
	char pre[FIELD_LEN], field[FIELD_LEN], num[40];
	size_t i;
	int rc = 0;

	snprintf(pre, sizeof pre, "location.%d", n);
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
		rc |= form_set_in(form, pre, plain[i], json_string_value(json_object_get(loc, plain[i])));
	for (i = 0; i < sizeof maps / sizeof maps[0]; i++) {
		join(field, pre, maps[i]);
		rc |= form_text_map(form, field, json_object_get(loc, maps[i]));
	}
	for (i = 0; i < 2; i++) {
		if (!json_is_number(json_object_get(loc, coords[i])))
			continue;
		coordinate_text(json_number_value(json_object_get(loc, coords[i])), num, sizeof num);
		rc |= form_set_in(form, pre, coords[i], num);
	}
	if (json_is_true(json_object_get(loc, "confidential")))
		rc |= form_set_in(form, pre, "confidential", "1");
	join(field, pre, "hours");
	rc |= form_take(form, field, hours_text(json_object_get(loc, "hours"), ui));
	join(field, pre, "phones");
	rc |= form_take(form, field, phones_text(json_object_get(loc, "phones"), ui));
	return rc;
}

/* The fields a browser submits for record unchanged (record NULL: a new organization,
** with the commitment every endorser holds already ticked). NULL on OOM. */
static json_t *
record_form(const json_t *rec, int ui)
{
	json_t *form = json_object();
	const json_t *item;
	size_t i;
	int rc = 0;

	if (form == NULL)
		return NULL;
	if (rec == NULL) {
		if (json_object_set_new(form, "commitment", json_pack("[s]", "status-for-all")) != 0) {
			json_decref(form);
			return NULL;
		}
		return form;
	}
	rc |= form_set(form, "name", json_string_value(json_object_get(rec, "name")));
	rc |= form_joined(form, "alternate_names", json_object_get(rec, "alternate_names"), "\n");
	rc |= form_text_map(form, "description", json_object_get(rec, "description"));
	rc |= form_set(form, "website", json_string_value(json_object_get(rec, "website")));
	rc |= form_set(form, "email", json_string_value(json_object_get(rec, "email")));
	if (json_is_true(json_object_get(rec, "provides_services")))
		rc |= form_set(form, "provides_services", "1");
	rc |= form_ids(form, "categories", json_object_get(rec, "categories"), NULL);
	rc |= form_ids(form, "commitment", json_object_get(rec, "commitments"), "id");
	json_array_foreach(json_object_get(rec, "services"), i, item)
		if (i < EDITFORM_MAX_SLOTS)
			rc |= form_service(form, (int)i, item);
	json_array_foreach(json_object_get(rec, "locations"), i, item)
		if (i < EDITFORM_MAX_SLOTS)
			rc |= form_location(form, (int)i, item, ui);
	if (rc != 0) {
		json_decref(form);
		return NULL;
	}
	return form;
}

/* ---------------------------------------------------------------------------------
** Slots: which service.N and location.N a form holds.
*/

/* The slot index of field if it is "prefix.N.…" (prefix "service" or "location"): N,
** or -1 when field is not one; *too_big set when N is above the limit. */
static int
slot_of(const char *field, const char *prefix, int *too_big)
{
	size_t n = strlen(prefix), digits = 0;
	long v = 0;
	const char *p;

	*too_big = 0;
	if (strncmp(field, prefix, n) != 0 || field[n] != '.')
		return -1;
	for (p = field + n + 1; is_digit(*p); p++, digits++)
		if (digits < 9)
			v = v * 10 + (*p - '0');
	if (digits == 0 || *p != '.')
		return -1;
	if (digits > 3 || v >= EDITFORM_MAX_SLOTS) {
		*too_big = 1;
		return -1;
	}
	return (int)v;
}

/* One more than the highest slot index of prefix in form; 0 when there is none. The
** first field above the limit gets an error in errors (may be NULL). */
static int
slot_count(const json_t *form, const char *prefix, json_t *errors, const char *message)
{
	const char *field;
	json_t *value;
	int count = 0, n, too_big, reported = 0;

	json_object_foreach((json_t *)form, field, value) {
		n = slot_of(field, prefix, &too_big);
		if (n >= count)
			count = n + 1;
		if (too_big && !reported && errors != NULL) {
			json_object_set_new(errors, field, json_string(message));
			reported = 1;
		}
	}
	return count;
}

/* 1 when value holds some text (a string with text, an array holding one); values of
** other types count as text, so that they reach the checks and get their message. */
static int
value_has_text(const json_t *value)
{
	const json_t *v;
	size_t i;

	if (json_is_string(value))
		return has_text(json_string_value(value));
	if (!json_is_array(value))
		return 1;
	json_array_foreach(value, i, v)
		if (value_has_text(v))
			return 1;
	return 0;
}

/* 1 when every field of slot pre ("service.3") is blank, its fee choice and remove box
** aside (a select always sends a value). */
static int
slot_blank(const json_t *form, const char *pre)
{
	const char *field, *rest;
	json_t *value;
	size_t n = strlen(pre);

	json_object_foreach((json_t *)form, field, value) {
		if (strncmp(field, pre, n) != 0 || field[n] != '.')
			continue;
		rest = field + n + 1;
		if (strcmp(rest, "fees") == 0 || strcmp(rest, "remove") == 0)
			continue;
		if (value_has_text(value))
			return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------------------------
** Reading a submitted form.
*/

struct apply {
	const json_t *current;                  /* the record edited, or NULL */
	const json_t *form;                     /* the submitted fields */
	const char   *today;                    /* YYYY-MM-DD */
	int           ui;                       /* language of phone labels */
	json_t       *errors;                   /* field -> message */
	json_t       *claimed;                  /* item ids taken by a slot so far */
	int           oom;                      /* memory ran out */
	int           svc_slot[EDITFORM_MAX_SLOTS]; /* services[k] came from service.svc_slot[k] */
	size_t        nsvc;
	int           loc_slot[EDITFORM_MAX_SLOTS]; /* locations[k] from location.loc_slot[k] */
	size_t        nloc;
};

/* How a text field is checked. */
struct text_rule {
	size_t      max;        /* bytes */
	int         multiline;  /* newlines allowed */
	const char *required;   /* message when blank, or NULL when optional */
};

static const struct text_rule rule_org_name = { MAX_NAME, 0, "Give the name of the organization." };
static const struct text_rule rule_name = { MAX_NAME, 0, NULL };
static const struct text_rule rule_description = { MAX_DESCRIPTION, 1, NULL };
static const struct text_rule rule_note = { MAX_NOTE, 0, NULL };
static const struct text_rule rule_access = { MAX_ACCESS, 1, NULL };
static const struct text_rule rule_address = { MAX_ADDRESS, 0, NULL };
static const struct text_rule rule_place = { MAX_PLACE, 0, NULL };
static const struct text_rule rule_city = { MAX_PLACE, 0, "Give the city." };

/* Record the first problem of field. */
static void
set_error(struct apply *ap, const char *field, const char *message)
{
	if (json_object_get(ap->errors, field) != NULL)
		return;
	if (json_object_set_new(ap->errors, field, json_string(message)) != 0)
		ap->oom = 1;
}

static void
set_errorf(struct apply *ap, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_errorf(struct apply *ap, const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof msg, fmt, args);
	va_end(args);
	set_error(ap, field, msg);
}

static void
put(struct apply *ap, json_t *obj, const char *key, json_t *value)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		ap->oom = 1;
}

/* The cleaned text of a one-valued field: a new string, "" when absent; NULL after an
** error on the field (it holds something else than one string) or OOM. */
static char *
field_text(struct apply *ap, const char *field)
{
	const json_t *v = json_object_get(ap->form, field);
	char *s;

	if (v != NULL && !json_is_string(v)) {
		set_error(ap, field, "This field takes one value.");
		return NULL;
	}
	s = v ? clean_text(json_string_value(v), json_string_length(v)) : clean_text("", 0);
	if (s == NULL)
		ap->oom = 1;
	return s;
}

/* The non-blank values of a repeated field: a new array of strings ([] when absent);
** NULL after an error (a value that is not a string) or OOM. */
static json_t *
field_list(struct apply *ap, const char *field)
{
	const json_t *v = json_object_get(ap->form, field), *item;
	json_t *out = json_array();
	size_t i;

	if (out == NULL) {
		ap->oom = 1;
		return NULL;
	}
	if (v != NULL && !json_is_string(v) && !json_is_array(v))
		goto bad;
	if (json_is_string(v) && has_text(json_string_value(v)))
		json_array_append(out, (json_t *)v);
	json_array_foreach(v, i, item) {
		if (!json_is_string(item))
			goto bad;
		if (has_text(json_string_value(item)))
			json_array_append(out, (json_t *)item);
	}
	return out;
bad:
	set_error(ap, field, "This field takes a list of choices.");
	json_decref(out);
	return NULL;
}

/* A ticked box: absent, "" or "0" is unticked. 0 or 1, or -1 after an error. */
static int
field_checkbox(struct apply *ap, const char *field)
{
	char *s = field_text(ap, field);
	int on;

	if (s == NULL)
		return -1;
	on = s[0] != '\0' && strcmp(s, "0") != 0;
	free(s);
	return on;
}

/* 1 when text passes rule; else an error on field and 0. */
static int
text_ok(struct apply *ap, const char *field, const char *text, const struct text_rule *rule)
{
	size_t len = strlen(text);

	if (valid_text(text, len, rule->max, rule->multiline))
		return 1;
	if (len > rule->max)
		set_errorf(ap, field, "Too long: at most %zu bytes.", rule->max);
	else if (!rule->multiline && strchr(text, '\n') != NULL)
		set_error(ap, field, "Write this on one line.");
	else
		set_error(ap, field, "Holds control characters, which are not allowed.");
	return 0;
}

/* Member key of obj from a one-line text field: its text, or null when blank (an error
** when the rule requires it). */
static void
take_text(struct apply *ap, json_t *obj, const char *key, const char *field,
    const struct text_rule *rule)
{
	char *s = field_text(ap, field);

	if (s == NULL)
		return;
	if (s[0] == '\0') {
		if (rule->required != NULL)
			set_error(ap, field, rule->required);
		put(ap, obj, key, json_null());
	} else if (text_ok(ap, field, s, rule)) {
		put(ap, obj, key, json_string(s));
	}
	free(s);
}

/* Member key of obj: the text map of fields base.LANG. required: the message when it
** has no text in any language, or NULL. */
static void
take_text_map(struct apply *ap, json_t *obj, const char *key, const char *base,
    const struct text_rule *rule, const char *required)
{
	char field[FIELD_LEN];
	json_t *map = json_object();
	int ui, bad = 0;
	char *s;

	if (map == NULL) {
		ap->oom = 1;
		return;
	}
	for (ui = 0; ui < UI_NLANG; ui++) {
		join(field, base, catalog_ui_code(ui));
		if ((s = field_text(ap, field)) == NULL) {
			bad = 1;
			continue;
		}
		if (s[0] != '\0' && text_ok(ap, field, s, rule))
			put(ap, map, catalog_ui_code(ui), json_string(s));
		else if (s[0] != '\0')
			bad = 1;
		free(s);
	}
	if (required != NULL && json_object_size(map) == 0 && !bad)
		set_error(ap, base, required);
	put(ap, obj, key, map);
}

/* Member key of obj: true or false from a checkbox. */
static void
take_checkbox(struct apply *ap, json_t *obj, const char *key, const char *field)
{
	int on = field_checkbox(ap, field);

	if (on >= 0)
		put(ap, obj, key, json_boolean(on));
}

/* Member key of obj: the categories ticked in field. required: the message when none is. */
static void
take_categories(struct apply *ap, json_t *obj, const char *key, const char *field,
    const char *required)
{
	json_t *list = field_list(ap, field), *v;
	size_t i;

	if (list == NULL)
		return;
	json_array_foreach(list, i, v)
		if (catalog_category(json_string_value(v)) == NULL) {
			set_error(ap, field, "This is not a category of the directory.");
			json_decref(list);
			return;
		}
	if (required != NULL && json_array_size(list) == 0)
		set_error(ap, field, required);
	put(ap, obj, key, list);
}

/* Lines of a text field, each cleaned (a blank line becomes ""): a new array; NULL on OOM. */
static json_t *
text_lines(const char *text)
{
	json_t *out = json_array();
	const char *end;
	char *line;

	while (out != NULL && *text != '\0') {
		end = strchr(text, '\n');
		if (end == NULL)
			end = text + strlen(text);
		line = clean_text(text, (size_t)(end - text));
		if (line == NULL || json_array_append_new(out, json_string(line)) != 0) {
			free(line);
			json_decref(out);
			return NULL;
		}
		free(line);
		text = *end ? end + 1 : end;
	}
	return out;
}

/* The lines of a text field (text_lines) in *lines, and a new empty array for what the
** caller builds from them in *out: 0, or -1 after an error on the field or OOM (nothing
** is then returned). */
static int
field_lines(struct apply *ap, const char *field, json_t **lines, json_t **out)
{
	char *s = field_text(ap, field);

	if (s == NULL)
		return -1;
	*lines = text_lines(s);
	free(s);
	*out = *lines != NULL ? json_array() : NULL;
	if (*out == NULL) {
		json_decref(*lines);
		ap->oom = 1;
		return -1;
	}
	return 0;
}

/* alternate_names: one per line, the same name once. */
static void
take_alternate_names(struct apply *ap, json_t *org)
{
	json_t *lines, *out, *v, *w;
	size_t i, j;

	if (field_lines(ap, "alternate_names", &lines, &out) != 0)
		return;
	json_array_foreach(lines, i, v) {
		if (json_string_length(v) == 0)
			continue;
		if (!valid_text(json_string_value(v), json_string_length(v), MAX_NAME, 0))
			set_errorf(ap, "alternate_names", "Each name must be at most %d bytes.", MAX_NAME);
		for (j = 0; j < json_array_size(out); j++)
			if ((w = json_array_get(out, j)) != NULL && json_equal(w, v))
				break;
		if (j == json_array_size(out))
			json_array_append(out, v);
	}
	if (json_array_size(out) > MAX_ITEMS)
		set_errorf(ap, "alternate_names", "At most %d other names.", MAX_ITEMS);
	json_decref(lines);
	put(ap, org, "alternate_names", out);
}

/* website: an http(s) address; "example.org" is taken as https://example.org. */
static void
take_website(struct apply *ap, json_t *org)
{
	char *s = field_text(ap, "website");
	json_t *url;

	if (s == NULL)
		return;
	if (s[0] == '\0')
		url = json_null();
	else if (strstr(s, "://") == NULL && strchr(s, '.') != NULL)
		url = json_sprintf("https://%s", s);
	else
		url = json_string(s);
	free(s);
	if (url != NULL && json_is_string(url) && !valid_url(json_string_value(url), MAX_URL)) {
		set_error(ap, "website", "Give a web address like https://example.org.");
		json_decref(url);
		return;
	}
	put(ap, org, "website", url);
}

static void
take_email(struct apply *ap, json_t *org)
{
	char *s = field_text(ap, "email");

	if (s == NULL)
		return;
	if (s[0] == '\0')
		put(ap, org, "email", json_null());
	else if (!valid_email(s))
		set_error(ap, "email", "Give an e-mail address like info@example.org.");
	else
		put(ap, org, "email", json_string(s));
	free(s);
}

/* The "since" of commitment id in current: a new reference (the date or null), or NULL
** when current does not hold it. */
static json_t *
current_since(const json_t *current, const char *id)
{
	const json_t *c = find_by_id(json_object_get(current, "commitments"), id);

	if (c == NULL)
		return NULL;
	return json_deep_copy(json_object_get(c, "since") ? json_object_get(c, "since") : json_null());
}

/* commitments: those ticked, held since their date in current, or since today. */
static void
take_commitments(struct apply *ap, json_t *org)
{
	json_t *list = field_list(ap, "commitment"), *out, *v, *since;
	int has_base = 0;
	const char *id;
	size_t i;

	if (list == NULL)
		return;
	if ((out = json_array()) == NULL) {
		json_decref(list);
		ap->oom = 1;
		return;
	}
	json_array_foreach(list, i, v) {
		id = json_string_value(v);
		if (catalog_commitment(id) == NULL) {
			set_error(ap, "commitment", "This is not a commitment of the declaration.");
			continue;
		}
		has_base |= strcmp(id, "status-for-all") == 0;
		since = current_since(ap->current, id);
		if (since == NULL)
			since = json_string(ap->today);
		if (json_array_append_new(out, json_pack("{sOso}", "id", v, "since", since)) != 0)
			ap->oom = 1;
	}
	if (!has_base)
		set_error(ap, "commitment",
		    "Every endorser holds the first commitment, status for all: keep it ticked.");
	json_decref(list);
	put(ap, org, "commitments", out);
}

/* The id of slot pre: current's item (also in *item) when the slot names one, a new
** UUID when it names none; NULL after an error. list: "services" or "locations". */
static json_t *
slot_id(struct apply *ap, const char *pre, const char *list, const json_t **item)
{
	char field[FIELD_LEN], uuid[37];
	char *s;
	json_t *id = NULL;

	*item = NULL;
	join(field, pre, "id");
	if ((s = field_text(ap, field)) == NULL)
		return NULL;
	if (s[0] == '\0') {
		if (new_uuid(uuid) != 0)
			ap->oom = 1;
		else
			id = json_string(uuid);
	} else if ((*item = find_by_id(json_object_get(ap->current, list), s)) == NULL) {
		set_error(ap, field, list[0] == 's' ? "This service is not one of this organization's." :
		    "This place is not one of this organization's.");
	} else if (json_object_get(ap->claimed, s) != NULL) {
		set_error(ap, field, "This item appears twice in the form.");
	} else {
		json_object_set_new(ap->claimed, s, json_true());
		id = json_string(s);
	}
	free(s);
	return id;
}

/* 1 when the slot's remove box is ticked. */
static int
slot_removed(struct apply *ap, const char *pre)
{
	char field[FIELD_LEN];

	join(field, pre, "remove");
	return field_checkbox(ap, field) == 1;
}

/* The catalog code a person means by one item of a languages field ("fr", "French",
** "français", "Français"), or NULL. */
static const char *
language_code(const char *item, size_t len)
{
	const struct spoken_language *all;
	char want[WORD_LEN], name[WORD_LEN];
	const char *names[2 + UI_NLANG];
	size_t i, n, k;

	if (fold_word(item, len, want, sizeof want) != 0)
		return NULL;
	all = catalog_languages(&n);
	for (i = 0; i < n; i++) {
		names[0] = all[i].code;
		names[1] = all[i].endonym;
		for (k = 0; k < UI_NLANG; k++)
			names[2 + k] = catalog_language_name((int)k, &all[i]);
		for (k = 0; k < 2 + UI_NLANG; k++)
			if (fold_word(names[k], strlen(names[k]), name, sizeof name) == 0 &&
			    strcmp(name, want) == 0)
				return all[i].code;
	}
	return NULL;
}

/* Add code to out unless it is there. */
static void
add_code(json_t *out, const char *code)
{
	const json_t *v;
	size_t i;

	json_array_foreach(out, i, v)
		if (strcmp(json_string_value(v), code) == 0)
			return;
	json_array_append_new(out, json_string(code));
}

/* One item of a languages field into out: a code or name, else words that each are one
** ("fr en es"). 0, or -1 when something is not a language. */
static int
add_language(json_t *out, const char *item, size_t len)
{
	const char *code = language_code(item, len), *end = item + len;
	size_t n;

	if (code != NULL) {
		add_code(out, code);
		return 0;
	}
	if (memchr(item, ' ', len) == NULL)
		return -1;
	while (item < end) {
		while (item < end && is_space(*item))
			item++;
		for (n = 0; item + n < end && !is_space(item[n]); n++)
			;
		if (n == 0)
			break;
		if ((code = language_code(item, n)) == NULL)
			return -1;
		add_code(out, code);
		item += n;
	}
	return 0;
}

/* languages: "fr, en, es", names allowed, separated by commas, semicolons, slashes or
** lines; the same language once. */
static void
take_languages(struct apply *ap, json_t *svc, const char *field)
{
	char *s = field_text(ap, field), *item, *next;
	json_t *out;
	size_t n;

	if (s == NULL)
		return;
	if ((out = json_array()) == NULL) {
		free(s);
		ap->oom = 1;
		return;
	}
	for (item = s; *item != '\0'; item = next) {
		n = strcspn(item, ",;/\n");
		next = item[n] ? item + n + 1 : item + n;
		while (n > 0 && is_space(*item)) {
			item++;
			n--;
		}
		while (n > 0 && is_space(item[n - 1]))
			n--;
		if (n > 0 && add_language(out, item, n) != 0) {
			set_error(ap, field, "Write language codes or names separated by commas, like fr, en, es.");
			break;
		}
	}
	free(s);
	put(ap, svc, "languages", out);
}

/* fees: one of the three levels. */
static void
take_fees(struct apply *ap, json_t *svc, const char *field)
{
	char *s = field_text(ap, field);

	if (s == NULL)
		return;
	if (catalog_fee_level(s) >= 0)
		put(ap, svc, "fees", json_string(s));
	if (json_object_get(svc, "fees") == NULL)
		set_error(ap, field, "Choose the fees: free, sliding scale or fee.");
	free(s);
}

static void
build_service(struct apply *ap, int n, json_t *services)
{
	char pre[FIELD_LEN], field[FIELD_LEN];
	const json_t *cur;
	json_t *svc, *id;

	snprintf(pre, sizeof pre, "service.%d", n);
	if (slot_removed(ap, pre) || slot_blank(ap->form, pre))
		return;
	if ((svc = json_object()) == NULL) {
		ap->oom = 1;
		return;
	}
	if ((id = slot_id(ap, pre, "services", &cur)) != NULL)
		put(ap, svc, "id", id);
	join(field, pre, "name");
	take_text_map(ap, svc, "name", field, &rule_name, "Give the name of the service in at least one language.");
	join(field, pre, "description");
	take_text_map(ap, svc, "description", field, &rule_description, NULL);
	join(field, pre, "categories");
	take_categories(ap, svc, "categories", field, "Choose at least one category.");
	join(field, pre, "fees");
	take_fees(ap, svc, field);
	join(field, pre, "fee_note");
	take_text_map(ap, svc, "fee_note", field, &rule_note, NULL);
	join(field, pre, "at_the_door");
	take_text_map(ap, svc, "at_the_door", field, &rule_note, NULL);
	join(field, pre, "no_id_needed");
	take_checkbox(ap, svc, "no_id_needed", field);
	join(field, pre, "languages");
	take_languages(ap, svc, field);
	if (json_array_append_new(services, svc) != 0)
		ap->oom = 1;
	else
		ap->svc_slot[ap->nsvc++] = n;
}

/* One coordinate field: blank (1), a number within limit (0, *x set), or bad (-1). */
static int
coordinate(struct apply *ap, const char *field, double limit, double *x)
{
	char *s = field_text(ap, field), *comma;
	int rc;

	if (s == NULL)
		return -1;
	if ((comma = strchr(s, ',')) != NULL && strchr(s, '.') == NULL)
		*comma = '.';     /* 45,5017 as written in French */
	if (s[0] == '\0')
		rc = 1;
	else if (valid_double(s, -limit, limit, x))
		rc = 0;
	else {
		set_errorf(ap, field, "Give a number from %g to %g, like %s.", -limit, limit,
		    limit < 100 ? "45.5017" : "-73.5673");
		rc = -1;
	}
	free(s);
	return rc;
}

/* latitude and longitude: both or neither. */
static void
take_coordinates(struct apply *ap, json_t *loc, const char *pre)
{
	char flat[FIELD_LEN], flon[FIELD_LEN];
	double lat = 0, lon = 0;
	int a, b;

	join(flat, pre, "latitude");
	join(flon, pre, "longitude");
	a = coordinate(ap, flat, 90.0, &lat);
	b = coordinate(ap, flon, 180.0, &lon);
	if (a < 0 || b < 0)
		return;
	if (a != b) {
		set_error(ap, a ? flat : flon, "Give both the latitude and the longitude, or neither.");
		return;
	}
	put(ap, loc, "latitude", a ? json_null() : json_real(round(lat * 1e7) / 1e7));
	put(ap, loc, "longitude", b ? json_null() : json_real(round(lon * 1e7) / 1e7));
}

static void
take_postal_code(struct apply *ap, json_t *loc, const char *field)
{
	char *s = field_text(ap, field), code[8];

	if (s == NULL)
		return;
	if (s[0] == '\0')
		put(ap, loc, "postal_code", json_null());
	else if (!valid_postal_code(s, code))
		set_error(ap, field, "Give a Canadian postal code like H2X 1Y4.");
	else
		put(ap, loc, "postal_code", json_string(code));
	free(s);
}

/* hours: one or more periods per line. */
static void
take_hours(struct apply *ap, json_t *loc, const char *field)
{
	char msg[200];
	json_t *lines, *out, *line;
	enum hours_problem rc;
	size_t i;

	if (field_lines(ap, field, &lines, &out) != 0)
		return;
	json_array_foreach(lines, i, line) {
		if (json_string_length(line) == 0)
			continue;
		if ((rc = parse_hours_line(json_string_value(line), out)) != HP_NONE) {
			hours_message(rc, (int)i + 1, msg, sizeof msg);
			set_error(ap, field, msg);
			break;
		}
	}
	json_decref(lines);
	put(ap, loc, "hours", out);
}

/* The label map of the first phone of cur_phones numbered number and not yet used (a
** copy), or an empty map. */
static json_t *
phone_label_base(const json_t *cur_phones, const char *number, unsigned char *used)
{
	const json_t *p, *label;
	size_t i;

	json_array_foreach(cur_phones, i, p) {
		if (i >= MAX_ITEMS || used[i] || !json_is_string(json_object_get(p, "number")) ||
		    strcmp(json_string_value(json_object_get(p, "number")), number) != 0)
			continue;
		used[i] = 1;
		label = json_object_get(p, "label");
		return json_is_object(label) ? json_deep_copy(label) : json_object();
	}
	return json_object();
}

/* One phone line "number" or "number | label" into out; an error message or NULL. */
static const char *
add_phone(struct apply *ap, json_t *out, const char *line, const json_t *cur_phones,
    unsigned char *used)
{
	const char *bar = strchr(line, '|'), *problem = NULL;
	char *number = clean_text(line, bar ? (size_t)(bar - line) : strlen(line));
	char *label = bar ? clean_text(bar + 1, strlen(bar + 1)) : clean_text("", 0);
	json_t *map;

	if (number == NULL || label == NULL)
		ap->oom = 1;
	else if (!valid_phone(number))
		problem = "write the number with digits, spaces and + - ( ) ., like +1 514 555 0100.";
	else if (label[0] != '\0' && !valid_text(label, strlen(label), MAX_NAME, 0))
		problem = "the label after | is too long (at most 200 bytes).";
	else if ((map = phone_label_base(cur_phones, number, used)) == NULL)
		ap->oom = 1;
	else {
		if (label[0] != '\0')
			json_object_set_new(map, catalog_ui_code(ap->ui), json_string(label));
		else
			json_object_del(map, catalog_ui_code(ap->ui));
		if (json_array_append_new(out, json_pack("{ssso}", "number", number, "label", map)) != 0)
			ap->oom = 1;
	}
	free(number);
	free(label);
	return problem;
}

/* phones: one per line; the labels in other languages of a number the location already
** has are kept. */
static void
take_phones(struct apply *ap, json_t *loc, const char *field, const json_t *cur_loc)
{
	unsigned char used[MAX_ITEMS] = { 0 };
	const char *problem;
	json_t *lines, *out, *line;
	size_t i;

	if (field_lines(ap, field, &lines, &out) != 0)
		return;
	json_array_foreach(lines, i, line) {
		if (json_string_length(line) == 0)
			continue;
		if (json_array_size(out) >= MAX_ITEMS) {
			set_errorf(ap, field, "At most %d phone numbers.", MAX_ITEMS);
			break;
		}
		problem = add_phone(ap, out, json_string_value(line),
		    json_object_get(cur_loc, "phones"), used);
		if (problem != NULL) {
			set_errorf(ap, field, "Line %d: %s", (int)i + 1, problem);
			break;
		}
	}
	json_decref(lines);
	put(ap, loc, "phones", out);
}

static void
build_location(struct apply *ap, int n, json_t *locations)
{
	static const struct { const char *key; const struct text_rule *rule; } plain[] = {
		{ "address", &rule_address }, { "neighbourhood", &rule_place }, { "city", &rule_city },
	};
	char pre[FIELD_LEN], field[FIELD_LEN];
	const json_t *cur;
	json_t *loc, *id;
	size_t i;

	snprintf(pre, sizeof pre, "location.%d", n);
	if (slot_removed(ap, pre) || slot_blank(ap->form, pre))
		return;
	if ((loc = json_object()) == NULL) {
		ap->oom = 1;
		return;
	}
	if ((id = slot_id(ap, pre, "locations", &cur)) != NULL)
		put(ap, loc, "id", id);
	join(field, pre, "name");
	take_text_map(ap, loc, "name", field, &rule_name, NULL);
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		join(field, pre, plain[i].key);
		take_text(ap, loc, plain[i].key, field, plain[i].rule);
	}
	join(field, pre, "postal_code");
	take_postal_code(ap, loc, field);
	take_coordinates(ap, loc, pre);
	join(field, pre, "confidential");
	take_checkbox(ap, loc, "confidential", field);
	join(field, pre, "call_first");
	take_text_map(ap, loc, "call_first", field, &rule_note, NULL);
	join(field, pre, "accessibility");
	take_text_map(ap, loc, "accessibility", field, &rule_access, NULL);
	join(field, pre, "hours");
	take_hours(ap, loc, field);
	join(field, pre, "phones");
	take_phones(ap, loc, field, cur);
	if (json_array_append_new(locations, loc) != 0)
		ap->oom = 1;
	else
		ap->loc_slot[ap->nloc++] = n;
}

/* services or locations: every slot of the form in order. */
static void
take_items(struct apply *ap, json_t *org, const char *prefix,
    void (*build)(struct apply *, int, json_t *), const char *key, const char *too_many)
{
	json_t *items = json_array();
	int n, count = slot_count(ap->form, prefix, ap->errors, too_many);

	if (items == NULL) {
		ap->oom = 1;
		return;
	}
	for (n = 0; n < count && !ap->oom; n++)
		build(ap, n, items);
	put(ap, org, key, items);
}

/* A member of current kept as it is (a copy), or dflt (stolen) for a new organization. */
static void
keep(struct apply *ap, json_t *org, const char *key, json_t *dflt)
{
	const json_t *v = json_object_get(ap->current, key);

	if (v != NULL) {
		json_decref(dflt);
		put(ap, org, key, json_deep_copy(v));
	} else if (dflt != NULL) {
		put(ap, org, key, dflt);
	}
}

/* The organization the form describes, before record_check; NULL on OOM. */
static json_t *
build_org(struct apply *ap)
{
	json_t *org = json_object();
	char uuid[37];

	if (org == NULL)
		return NULL;
	if (ap->current == NULL && new_uuid(uuid) != 0) {
		ap->oom = 1;
		return org;
	}
	keep(ap, org, "id", ap->current ? NULL : json_string(uuid));
	take_text(ap, org, "name", "name", &rule_org_name);
	take_alternate_names(ap, org);
	take_text_map(ap, org, "description", "description", &rule_description, NULL);
	take_website(ap, org);
	take_email(ap, org);
	keep(ap, org, "endorsed_on", json_null());
	keep(ap, org, "verification", ap->current ? NULL :
	    json_pack("{sssnsn}", "state", "pending", "verified_on", "verified_by"));
	take_checkbox(ap, org, "provides_services", "provides_services");
	take_categories(ap, org, "categories", "categories", NULL);
	take_commitments(ap, org);
	take_items(ap, org, "service", build_service, "services", "The form holds at most 200 services.");
	take_items(ap, org, "location", build_location, "locations", "The form holds at most 200 places.");
	keep(ap, org, "updated_on", NULL);
	keep(ap, org, "demo", json_false());
	return org;
}

/* The form field a record_check path comes from: "services[2].name.fr" ->
** "service.N.name.fr" with N the slot of the third built service; lists inside an item
** to the item's field ("locations[0].hours[3].opens" -> "location.N.hours"). */
static void
field_of_path(const struct apply *ap, const char *path, char *out, size_t outlen)
{
	const char *rest;
	unsigned long k;
	char *end;
	int svc = strncmp(path, "services[", 9) == 0;

	if (svc || strncmp(path, "locations[", 10) == 0) {
		k = strtoul(path + (svc ? 9 : 10), &end, 10);
		if (*end == ']' && k < (svc ? ap->nsvc : ap->nloc)) {
			rest = end + 1;
			snprintf(out, outlen, "%s.%d%.*s", svc ? "service" : "location",
			    svc ? ap->svc_slot[k] : ap->loc_slot[k], (int)strcspn(rest, "["), rest);
			return;
		}
	}
	if (strncmp(path, "commitments", 11) == 0)
		snprintf(out, outlen, "commitment");
	else
		snprintf(out, outlen, "%.*s", (int)strcspn(path, "["), path);
}

/* record_check's "path: problem" as an error on the field the path comes from. */
static void
check_error(struct apply *ap, const char *err)
{
	char path[200], field[200];
	const char *sep = strstr(err, ": ");

	if (sep == NULL || (size_t)(sep - err) >= sizeof path) {
		set_error(ap, "form", err);
		return;
	}
	snprintf(path, sizeof path, "%.*s", (int)(sep - err), err);
	field_of_path(ap, path, field, sizeof field);
	set_error(ap, field, sep + 2);
}

int
editform_apply(const json_t *current, const json_t *form, const char *today,
    const char *lang, json_t **record, json_t **errors)
{
	struct apply ap;
	json_t *org = NULL;
	char err[512];

	memset(&ap, 0, sizeof ap);
	ap.current = json_is_object(current) ? current : NULL;
	ap.form = form;
	ap.today = today;
	ap.ui = catalog_ui_index(lang ? lang : "");
	if (ap.ui < 0)
		ap.ui = UI_FR;
	*record = NULL;
	ap.errors = json_object();
	ap.claimed = json_object();
	if (ap.errors == NULL || ap.claimed == NULL)
		goto oom;
	if (!json_is_object(form))
		set_error(&ap, "form", "The form could not be read.");
	else if ((org = build_org(&ap)) == NULL)
		ap.oom = 1;
	if (ap.oom)
		goto oom;
	if (json_object_size(ap.errors) == 0 &&
	    record_check(org, today, record, err, sizeof err) != 0)
		check_error(&ap, err);
	json_decref(org);
	json_decref(ap.claimed);
	if (ap.oom)
		goto oom;
	if (*record != NULL) {
		json_decref(ap.errors);
		*errors = NULL;
		return 0;
	}
	*errors = ap.errors;
	return -1;
oom:
	json_decref(org);
	json_decref(ap.claimed);
	json_decref(ap.errors);
	json_decref(*record);
	*record = NULL;
	*errors = json_pack("{ss}", "form", "Out of memory: please try again.");
	return -1;
}

/* ---------------------------------------------------------------------------------
** The template's value, built from flat fields.
*/

struct values {
	const json_t              *form;     /* the fields shown */
	const json_t              *current;  /* for the dates of commitments; may be NULL */
	const json_t              *errors;   /* field -> message; may be NULL */
	const struct view_context *vl;
	json_t                    *summary;  /* the "errors" list, in form order */
	json_t                    *placed;   /* error fields shown next to their field */
	int                        oom;
};

static const char *
tr(const struct values *vs, const char *msgid)
{
	return i18n_get(vs->vl->i18n, vs->vl->ui, msgid);
}

static void
v_put(struct values *vs, json_t *obj, const char *key, json_t *value)
{
	if (value == NULL || obj == NULL || json_object_set_new(obj, key, value) != 0)
		vs->oom = 1;
}

/* The string value of a field, "" when absent or not one string. */
static const char *
form_value(const json_t *form, const char *field)
{
	const json_t *v = json_object_get(form, field);

	return json_is_string(v) ? json_string_value(v) : "";
}

/* 1 when field holds value (one string, or an array holding it). */
static int
form_has(const json_t *form, const char *field, const char *value)
{
	const json_t *v = json_object_get(form, field), *item;
	size_t i;

	if (json_is_string(v))
		return strcmp(json_string_value(v), value) == 0;
	json_array_foreach(v, i, item)
		if (json_is_string(item) && strcmp(json_string_value(item), value) == 0)
			return 1;
	return 0;
}

static int
form_checked(const json_t *form, const char *field)
{
	const char *s = form_value(form, field);

	return has_text(s) && strcmp(s, "0") != 0;
}

/* A message for people in the interface language: fixed messages are translated, and
** "Line N: …" has its two parts translated. */
static json_t *
translated(const struct values *vs, const char *msg)
{
	char word[20];
	int line, used = 0;

	if (sscanf(msg, "Line %d: %n", &line, &used) == 1 && used > 0) {
		snprintf(word, sizeof word, "%s", tr(vs, "Line"));
		return json_sprintf("%s %d: %s", word, line, tr(vs, msg + used));
	}
	return json_string(tr(vs, msg));
}

/* The error of field as a translated message (null when none), added to the summary
** with its place: target (an HTML id to link to) and where (the field for people). */
static json_t *
v_error(struct values *vs, const char *field, const char *target, const char *where)
{
	const json_t *msg = json_object_get(vs->errors, field);
	json_t *text, *entry;

	if (!json_is_string(msg))
		return json_null();
	text = translated(vs, json_string_value(msg));
	entry = json_pack("{sssOssss}", "field", field, "message", text, "target", target,
	    "where", where);
	if (text == NULL || entry == NULL || json_array_append_new(vs->summary, entry) != 0 ||
	    json_object_set_new(vs->placed, field, json_true()) != 0)
		vs->oom = 1;
	return text;
}

/* The name of a field for people: "Service 2 › Fees (English)". */
static void
where_text(const struct values *vs, char *out, size_t outlen, const char *section,
    const char *label, const char *lang)
{
	snprintf(out, outlen, "%s%s%s%s%s%s", section ? section : "", section ? " › " : "",
	    tr(vs, label), lang ? " (" : "", lang ? lang : "", lang ? ")" : "");
}

/* {"name", "id", "value", "error"}: a text input, textarea or hidden field. */
static json_t *
v_field(struct values *vs, const char *field, const char *section, const char *label)
{
	char id[FIELD_LEN + 2], where[WHERE_LEN];
	json_t *out;

	html_id(id, sizeof id, field);
	where_text(vs, where, sizeof where, section, label, NULL);
	out = json_pack("{ssssss}", "name", field, "id", id, "value", form_value(vs->form, field));
	v_put(vs, out, "error", v_error(vs, field, id, where));
	return out;
}

/* {"name", "id", "value": "1", "checked", "error"}: a checkbox. */
static json_t *
v_checkbox(struct values *vs, const char *field, const char *section, const char *label)
{
	json_t *out = v_field(vs, field, section, label);

	v_put(vs, out, "value", json_string("1"));
	v_put(vs, out, "checked", json_boolean(form_checked(vs->form, field)));
	return out;
}

/* One language of a text map: {"lang", "endonym", "name", "id", "value", "error"}. */
static json_t *
v_text(struct values *vs, const char *base, int ui, const char *section, const char *label)
{
	char field[FIELD_LEN], id[FIELD_LEN + 2], where[WHERE_LEN];
	json_t *out;

	join(field, base, catalog_ui_code(ui));
	html_id(id, sizeof id, field);
	where_text(vs, where, sizeof where, section, label, catalog_ui_endonym(ui));
	out = json_pack("{ssssssssss}", "lang", catalog_ui_code(ui), "endonym",
	    catalog_ui_endonym(ui), "name", field, "id", id, "value", form_value(vs->form, field));
	v_put(vs, out, "error", v_error(vs, field, id, where));
	return out;
}

/* A text map: {"name", "id", "error", "texts": [the interface language first, then the
** others], "others_open": whether another language has text or an error}. */
static json_t *
v_text_map(struct values *vs, const char *base, const char *section, const char *label)
{
	char id[FIELD_LEN + 2], first[FIELD_LEN + 8], where[WHERE_LEN];
	json_t *out, *texts = json_array(), *t;
	int order[UI_NLANG], i, n = 0, open = 0;

	order[n++] = vs->vl->ui;
	for (i = 0; i < UI_NLANG; i++)
		if (i != vs->vl->ui)
			order[n++] = i;
	html_id(id, sizeof id, base);
	snprintf(first, sizeof first, "%s-%s", id, catalog_ui_code(vs->vl->ui));
	where_text(vs, where, sizeof where, section, label, NULL);
	out = json_pack("{ssss}", "name", base, "id", id);
	v_put(vs, out, "error", v_error(vs, base, first, where));
	for (i = 0; i < n; i++) {
		t = v_text(vs, base, order[i], section, label);
		if (i > 0)
			open |= has_text(json_string_value(json_object_get(t, "value"))) ||
			    json_is_string(json_object_get(t, "error"));
		if (t == NULL || texts == NULL || json_array_append_new(texts, t) != 0)
			vs->oom = 1;
	}
	v_put(vs, out, "texts", texts);
	v_put(vs, out, "others_open", json_boolean(open));
	return out;
}

/* The categories as checkboxes: {"name", "id", "error", "choices": [{"name", "value",
** "label", "id", "checked"}]}. */
static json_t *
v_categories(struct values *vs, const char *field, const char *section)
{
	const struct catalog_entry *all;
	char id[FIELD_LEN + 2], cid[FIELD_LEN + 40], where[WHERE_LEN];
	json_t *out, *choices = json_array();
	size_t i, n;

	all = catalog_categories(&n);
	html_id(id, sizeof id, field);
	snprintf(cid, sizeof cid, "%s-%s", id, all[0].id);
	where_text(vs, where, sizeof where, section, "Categories", NULL);
	out = json_pack("{ssss}", "name", field, "id", id);
	v_put(vs, out, "error", v_error(vs, field, cid, where));
	for (i = 0; i < n && choices != NULL; i++) {
		snprintf(cid, sizeof cid, "%s-%s", id, all[i].id);
		if (json_array_append_new(choices, json_pack("{sssssssssb}", "name", field,
		    "value", all[i].id, "label", catalog_label(vs->vl->ui, &all[i]), "id", cid,
		    "checked", form_has(vs->form, field, all[i].id))) != 0)
			vs->oom = 1;
	}
	v_put(vs, out, "choices", choices);
	return out;
}

/* The commitments as checkboxes, each with its meaning and, when current holds it,
** "held" and "since" (a date or null); "required" on the one every endorser holds. */
static json_t *
v_commitments(struct values *vs)
{
	const struct catalog_entry *all;
	char cid[80], where[WHERE_LEN];
	json_t *out, *choices = json_array(), *c, *since;
	const char *meaning;
	size_t i, n;

	all = catalog_commitments(&n);
	snprintf(cid, sizeof cid, "f-commitment-%s", all[0].id);
	where_text(vs, where, sizeof where, NULL, "Commitments", NULL);
	out = json_pack("{ssss}", "name", "commitment", "id", "f-commitment");
	v_put(vs, out, "error", v_error(vs, "commitment", cid, where));
	for (i = 0; i < n && choices != NULL; i++) {
		snprintf(cid, sizeof cid, "f-commitment-%s", all[i].id);
		since = current_since(vs->current, all[i].id);
		meaning = catalog_meaning(vs->vl->ui, &all[i]);
		c = json_pack("{sssssssssssbsbsb}", "name", "commitment", "value", all[i].id,
		    "label", catalog_label(vs->vl->ui, &all[i]), "meaning", meaning ? meaning : "",
		    "id", cid,
		    "checked", form_has(vs->form, "commitment", all[i].id),
		    "held", since != NULL, "required", strcmp(all[i].id, "status-for-all") == 0);
		v_put(vs, c, "since", since ? since : json_null());
		if (c == NULL || json_array_append_new(choices, c) != 0)
			vs->oom = 1;
	}
	v_put(vs, out, "choices", choices);
	return out;
}

/* The fees select: {"name", "id", "error", "unset": none chosen, "choices": [{"value",
** "label", "selected"}]}. */
static json_t *
v_fees(struct values *vs, const char *field, const char *section)
{
	json_t *out = v_field(vs, field, section, "Fees"), *choices = json_array();
	int i, any = 0, on;

	for (i = 0; i < CATALOG_NFEE_LEVELS && choices != NULL; i++) {
		on = strcmp(form_value(vs->form, field), catalog_fee_id(i)) == 0;
		any |= on;
		if (json_array_append_new(choices, json_pack("{sssssb}", "value", catalog_fee_id(i),
		    "label", tr(vs, catalog_fee_word(i)), "selected", on)) != 0)
			vs->oom = 1;
	}
	v_put(vs, out, "choices", choices);
	v_put(vs, out, "unset", json_boolean(!any));
	return out;
}

/* What an item slot shows in its legend: its name in the interface language, else in
** the first language that has one; "" when none. */
static const char *
slot_title(const struct values *vs, const char *pre)
{
	char field[FIELD_LEN];
	const char *s;
	int ui;

	snprintf(field, sizeof field, "%s.name.%s", pre, catalog_ui_code(vs->vl->ui));
	if (has_text(s = form_value(vs->form, field)))
		return s;
	for (ui = 0; ui < UI_NLANG; ui++) {
		snprintf(field, sizeof field, "%s.name.%s", pre, catalog_ui_code(ui));
		if (has_text(s = form_value(vs->form, field)))
			return s;
	}
	return "";
}

/* The words of a kind of item slot (message ids). */
struct slot_words {
	const char *word;       /* "Service", followed by its number */
	const char *new_word;   /* the empty slot's name */
	const char *remove;     /* the remove box */
};

static const struct slot_words service_words = { "Service", "New service", "Remove this service" };
static const struct slot_words place_words = { "Place", "New place", "Remove this place" };

/* The common part of an item slot: {"index", "number", "new", "anchor", "title", "uuid"
** (the hidden id field), "remove"}; section gets its name for people. */
static json_t *
v_slot(struct values *vs, const char *pre, int n, const struct slot_words *words,
    char *section, size_t sectionlen)
{
	char field[FIELD_LEN], anchor[FIELD_LEN + 2];
	int is_new;
	json_t *out, *uuid;

	join(field, pre, "id");
	is_new = !has_text(form_value(vs->form, field));
	if (is_new)
		snprintf(section, sectionlen, "%s", tr(vs, words->new_word));
	else
		snprintf(section, sectionlen, "%s %d", tr(vs, words->word), n + 1);
	html_id(anchor, sizeof anchor, pre);
	out = json_pack("{sisisbssss}", "index", n, "number", n + 1, "new", is_new,
	    "anchor", anchor, "title", slot_title(vs, pre));
	/* The id is hidden: its error is shown, and linked to, at the top of the slot. */
	uuid = json_pack("{ssss}", "name", field, "value", form_value(vs->form, field));
	v_put(vs, uuid, "error", v_error(vs, field, anchor, section));
	v_put(vs, out, "uuid", uuid);
	join(field, pre, "remove");
	v_put(vs, out, "remove", v_checkbox(vs, field, section, words->remove));
	return out;
}

static json_t *
v_service(struct values *vs, int n)
{
	char pre[FIELD_LEN], field[FIELD_LEN], section[WHERE_LEN];
	json_t *out;

	snprintf(pre, sizeof pre, "service.%d", n);
	out = v_slot(vs, pre, n, &service_words, section, sizeof section);
	join(field, pre, "name");
	v_put(vs, out, "name", v_text_map(vs, field, section, "Name of the service"));
	join(field, pre, "description");
	v_put(vs, out, "description", v_text_map(vs, field, section, "Description"));
	join(field, pre, "categories");
	v_put(vs, out, "categories", v_categories(vs, field, section));
	join(field, pre, "fees");
	v_put(vs, out, "fees", v_fees(vs, field, section));
	join(field, pre, "fee_note");
	v_put(vs, out, "fee_note", v_text_map(vs, field, section, "Note about fees"));
	join(field, pre, "at_the_door");
	v_put(vs, out, "at_the_door", v_text_map(vs, field, section, "What is asked at the door"));
	join(field, pre, "no_id_needed");
	v_put(vs, out, "no_id_needed", v_checkbox(vs, field, section, "No ID needed"));
	join(field, pre, "languages");
	v_put(vs, out, "languages", v_field(vs, field, section, "Languages spoken"));
	return out;
}

static json_t *
v_location(struct values *vs, int n)
{
	static const struct { const char *key, *label; } plain[] = {
		{ "address", "Street address" }, { "neighbourhood", "Neighbourhood" },
		{ "city", "City" }, { "postal_code", "Postal code" }, { "latitude", "Latitude" },
		{ "longitude", "Longitude" },
	};
	static const struct { const char *key, *label; } later[] = {
		{ "hours", "Opening hours" }, { "phones", "Phone numbers" },
	};
	char pre[FIELD_LEN], field[FIELD_LEN], section[WHERE_LEN];
	json_t *out;
	size_t i;

	snprintf(pre, sizeof pre, "location.%d", n);
	out = v_slot(vs, pre, n, &place_words, section, sizeof section);
	join(field, pre, "name");
	v_put(vs, out, "name", v_text_map(vs, field, section, "Name of the place"));
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		join(field, pre, plain[i].key);
		v_put(vs, out, plain[i].key, v_field(vs, field, section, plain[i].label));
	}
	join(field, pre, "confidential");
	v_put(vs, out, "confidential", v_checkbox(vs, field, section, "Keep the address confidential"));
	join(field, pre, "call_first");
	v_put(vs, out, "call_first", v_text_map(vs, field, section, "Before coming"));
	join(field, pre, "accessibility");
	v_put(vs, out, "accessibility", v_text_map(vs, field, section, "Accessibility"));
	for (i = 0; i < sizeof later / sizeof later[0]; i++) {
		join(field, pre, later[i].key);
		v_put(vs, out, later[i].key, v_field(vs, field, section, later[i].label));
	}
	return out;
}

/* Errors not shown next to any field, at the end of the summary, without a link. */
static void
v_other_errors(struct values *vs)
{
	const char *field;
	json_t *msg, *text;

	json_object_foreach((json_t *)vs->errors, field, msg) {
		if (json_object_get(vs->placed, field) != NULL || !json_is_string(msg))
			continue;
		text = translated(vs, json_string_value(msg));
		if (text == NULL || json_array_append_new(vs->summary, json_pack("{sssosnss}",
		    "field", field, "message", text, "target", "where", field)) != 0)
			vs->oom = 1;
	}
}

/* The whole value, with nsvc service slots and nloc location slots. */
static json_t *
build_values(struct values *vs, int is_new, int nsvc, int nloc)
{
	json_t *out = json_object(), *services = json_array(), *locations = json_array();
	int n;

	v_put(vs, out, "new", json_boolean(is_new));
	v_put(vs, out, "name", v_field(vs, "name", NULL, "Name of the organization"));
	v_put(vs, out, "alternate_names", v_field(vs, "alternate_names", NULL, "Other names"));
	v_put(vs, out, "website", v_field(vs, "website", NULL, "Website"));
	v_put(vs, out, "email", v_field(vs, "email", NULL, "Email"));
	v_put(vs, out, "provides_services", v_checkbox(vs, "provides_services", NULL,
	    "The organization offers services to the public"));
	v_put(vs, out, "categories", v_categories(vs, "categories", NULL));
	v_put(vs, out, "description", v_text_map(vs, "description", NULL, "Description"));
	v_put(vs, out, "commitments", v_commitments(vs));
	for (n = 0; n < nsvc && services != NULL; n++)
		if (json_array_append_new(services, v_service(vs, n)) != 0)
			vs->oom = 1;
	v_put(vs, out, "services", services);
	for (n = 0; n < nloc && locations != NULL; n++)
		if (json_array_append_new(locations, v_location(vs, n)) != 0)
			vs->oom = 1;
	v_put(vs, out, "locations", locations);
	v_put(vs, out, "spoken_languages", view_languages(vs->vl));
	v_other_errors(vs);
	v_put(vs, out, "errors", json_incref(vs->summary));
	return out;
}

/* Build with the context filled in; NULL on OOM. */
static json_t *
values_of(const json_t *form, const json_t *current, const json_t *errors,
    const struct view_context *vl, int is_new, int nsvc, int nloc)
{
	struct view_context fallback = { UI_FR, UI_FR, NULL, NULL, NULL };
	struct values vs = { form, current, json_is_object(errors) ? errors : NULL,
	    vl ? vl : &fallback, json_array(), json_object(), 0 };
	json_t *out = NULL;

	if (vs.vl->ui < 0 || vs.vl->ui >= UI_NLANG)
		vs.vl = &fallback;
	if (vs.summary != NULL && vs.placed != NULL)
		out = build_values(&vs, is_new, nsvc, nloc);
	json_decref(vs.summary);
	json_decref(vs.placed);
	if (vs.oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
editform_values(const json_t *record, const json_t *errors, const struct view_context *vl)
{
	int ui = vl != NULL && vl->ui >= 0 && vl->ui < UI_NLANG ? vl->ui : UI_FR;
	json_t *form = record_form(json_is_object(record) ? record : NULL, ui), *out;
	int nsvc = (int)json_array_size(json_object_get(record, "services"));
	int nloc = (int)json_array_size(json_object_get(record, "locations"));

	if (form == NULL)
		return NULL;
	out = values_of(form, record, errors, vl, record == NULL,
	    nsvc < EDITFORM_MAX_SLOTS ? nsvc + 1 : EDITFORM_MAX_SLOTS,
	    nloc < EDITFORM_MAX_SLOTS ? nloc + 1 : EDITFORM_MAX_SLOTS);
	json_decref(form);
	return out;
}

/* Slots a submitted form shows again: its own, and an empty one after them. */
static int
refill_slots(const json_t *form, const char *prefix)
{
	char pre[FIELD_LEN];
	int n = slot_count(form, prefix, NULL, NULL);

	snprintf(pre, sizeof pre, "%s.%d", prefix, n - 1);
	if (n == 0 || !slot_blank(form, pre))
		n++;
	return n < EDITFORM_MAX_SLOTS ? n : EDITFORM_MAX_SLOTS;
}

json_t *
editform_values_from_form(const json_t *current, const json_t *form, const json_t *errors,
    const struct view_context *vl)
{
	json_t *empty = NULL, *out;

	if (!json_is_object(form) && (form = empty = json_object()) == NULL)
		return NULL;
	out = values_of(form, json_is_object(current) ? current : NULL, errors, vl,
	    !json_is_object(current), refill_slots(form, "service"), refill_slots(form, "location"));
	json_decref(empty);
	return out;
}
