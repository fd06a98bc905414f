/*
** record.c - checks organization records against docs/DATA-FORMAT.md and builds their
** canonical form (see record.h). Each check function takes the JSON value, the path of
** the field for error messages, and returns the canonical value (new reference) or NULL
** after writing "path: problem" into the checker's error buffer.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "record.h"
#include "strtab.h"
#include "zone.h"
#include "validate.h"

#define MAX_NAME        200
#define MAX_DESCRIPTION 4000
#define MAX_NOTE        500
#define MAX_ACCESS      1000
#define MAX_ADDRESS     300
#define MAX_PLACE       100
#define MAX_URL         500
#define MAX_ITEMS       200     /* services, locations, hours, phones, names per record */
#define PATH_MAX_LEN    160

struct checker {
	char       *err;      /* where the first problem is written */
	size_t      errlen;
	const char *today;    /* default for updated_on */
};

static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

static json_t *
fail(struct checker *ck, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static json_t *
fail(struct checker *ck, const char *path, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(ck->err, ck->errlen, "%s: %s", path, msg);
	return NULL;
}

/* Paths only appear in error messages, yet one is made for every member checked: they
** are joined by hand, as snprintf took a seventh of the import's reading thread. A path
** longer than PATH_MAX_LEN - 1 bytes is cut there. */
static void
path_add(char *out, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (n > PATH_MAX_LEN - 1 - *len)
		n = PATH_MAX_LEN - 1 - *len;
	memcpy(out + *len, text, n);
	*len += n;
	out[*len] = '\0';
}

/* Path of a member: "parent.key" (or "key" at the top). */
static void
member_path(char *out, const char *parent, const char *key)
{
	size_t len = 0;

	out[0] = '\0';
	if (parent[0] != '\0') {
		path_add(out, &len, parent);
		path_add(out, &len, ".");
	}
	path_add(out, &len, key);
}

/* Path of an element: "parent[i]". */
static void
index_path(char *out, const char *parent, size_t i)
{
	char digits[24], *d = digits + sizeof digits;
	size_t len = 0;

	*--d = '\0';
	do
		*--d = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	out[0] = '\0';
	path_add(out, &len, parent);
	path_add(out, &len, "[");
	path_add(out, &len, d);
	path_add(out, &len, "]");
}

/* Every key of obj must be in allowed (NULL-terminated). */
static int
check_keys(struct checker *ck, const json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *value;
	size_t i;

	json_object_foreach((json_t *)obj, key, value) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			fail(ck, path[0] ? path : "record", "unknown field \"%.60s\"", key);
			return -1;
		}
	}
	return 0;
}

static json_t *
check_object(struct checker *ck, const json_t *v, const char *path, const char *const *allowed)
{
	if (!json_is_object(v))
		return fail(ck, path, "must be an object");
	if (check_keys(ck, v, path, allowed) != 0)
		return NULL;
	return (json_t *)v;
}

/* A string passing valid_text; NULL value allowed only when nullable (returns json null). */
static json_t *
check_text(struct checker *ck, const json_t *v, const char *path, size_t max, int multiline,
    int nullable)
{
	if (v == NULL || json_is_null(v)) {
		if (nullable)
			return json_null();
		return fail(ck, path, "is required");
	}
	if (!json_is_string(v))
		return fail(ck, path, "must be a string");
	if (!valid_text(json_string_value(v), json_string_length(v), max, multiline))
		return fail(ck, path, "must be 1 to %zu bytes of text without control characters", max);
	return json_incref((json_t *)v);
}

static json_t *
check_bool(struct checker *ck, const json_t *v, const char *path, int dflt, int required)
{
	if (v == NULL) {
		if (required)
			return fail(ck, path, "is required");
		return json_boolean(dflt);
	}
	if (!json_is_boolean(v))
		return fail(ck, path, "must be true or false");
	return json_incref((json_t *)v);
}

static json_t *
check_date(struct checker *ck, const json_t *v, const char *path, int nullable)
{
	int y, m, d;

	if (v == NULL || json_is_null(v)) {
		if (nullable)
			return json_null();
		return fail(ck, path, "is required");
	}
	if (!json_is_string(v) || !valid_date(json_string_value(v), &y, &m, &d))
		return fail(ck, path, "must be a date YYYY-MM-DD");
	return json_incref((json_t *)v);
}

static json_t *
check_uuid(struct checker *ck, const json_t *v, const char *path)
{
	if (v == NULL)
		return fail(ck, path, "is required");
	if (!json_is_string(v) || !valid_uuid(json_string_value(v)))
		return fail(ck, path, "must be a lower-case UUID like 0b6f0b8e-4d1a-4c6e-9a51-2f7d8e9c1a01");
	return json_incref((json_t *)v);
}

/* One of the strings in choices (NULL-terminated). */
static json_t *
check_choice(struct checker *ck, const json_t *v, const char *path, const char *const *choices,
    const char *list)
{
	size_t i;

	if (v == NULL)
		return fail(ck, path, "is required");
	if (json_is_string(v))
		for (i = 0; choices[i] != NULL; i++)
			if (strcmp(json_string_value(v), choices[i]) == 0)
				return json_incref((json_t *)v);
	return fail(ck, path, "must be one of %s", list);
}

/* A text map: keys are interface languages; output in interface-language order. */
static json_t *
check_text_map(struct checker *ck, const json_t *v, const char *path, size_t max, int multiline,
    int required)
{
	char sub[PATH_MAX_LEN];
	const char *key;
	json_t *value, *out, *text;
	int ui;

	if (v == NULL || json_is_null(v)) {
		if (required)
			return fail(ck, path, "is required");
		return json_object();
	}
	if (!json_is_object(v))
		return fail(ck, path, "must be an object of texts by language, e.g. {\"fr\": \"...\"}");
	json_object_foreach((json_t *)v, key, value)
		if (catalog_ui_index(key) < 0)
			return fail(ck, path, "\"%.20s\" is not a language of the directory (" UI_CODES_TEXT ")", key);
	if (required && json_object_size(v) == 0)
		return fail(ck, path, "needs a text in at least one language");
	out = json_object();
	for (ui = 0; ui < UI_NLANG && out != NULL; ui++) {
		value = json_object_get(v, catalog_ui_code(ui));
		if (value == NULL)
			continue;
		member_path(sub, path, catalog_ui_code(ui));
		text = check_text(ck, value, sub, max, multiline, 0);
		if (text == NULL || json_object_set_new_nocheck(out, catalog_ui_code(ui), text) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

typedef json_t *(*item_check_fn)(struct checker *ck, const json_t *v, const char *path);

/* An array whose items pass check_item; optional arrays default to []. */
static json_t *
check_array(struct checker *ck, const json_t *v, const char *path, item_check_fn check_item,
    int required_nonempty)
{
	char sub[PATH_MAX_LEN];
	json_t *out, *item;
	size_t i;

	if (v == NULL || json_is_null(v)) {
		if (required_nonempty)
			return fail(ck, path, "is required");
		return json_array();
	}
	if (!json_is_array(v))
		return fail(ck, path, "must be an array");
	if (json_array_size(v) > MAX_ITEMS)
		return fail(ck, path, "has more than %d items", MAX_ITEMS);
	if (required_nonempty && json_array_size(v) == 0)
		return fail(ck, path, "needs at least one item");
	out = json_array();
	for (i = 0; i < json_array_size(v) && out != NULL; i++) {
		index_path(sub, path, i);
		item = check_item(ck, json_array_get(v, i), sub);
		if (item == NULL || json_array_append_new(out, item) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* Fail if two string items (or two items' key field) are equal. */
static int
check_unique(struct checker *ck, const json_t *arr, const char *path, const char *key)
{
	const char *a, *b;
	size_t i, j;

	for (i = 0; i < json_array_size(arr); i++) {
		a = json_string_value(key ? json_object_get(json_array_get(arr, i), key) : json_array_get(arr, i));
		for (j = i + 1; j < json_array_size(arr); j++) {
			b = json_string_value(key ? json_object_get(json_array_get(arr, j), key) : json_array_get(arr, j));
			if (a != NULL && b != NULL && strcmp(a, b) == 0) {
				fail(ck, path, "\"%.60s\" appears twice", a);
				return -1;
			}
		}
	}
	return 0;
}

static json_t *
check_alternate_name(struct checker *ck, const json_t *v, const char *path)
{
	return check_text(ck, v, path, MAX_NAME, 0, 0);
}

static json_t *
check_category(struct checker *ck, const json_t *v, const char *path)
{
	if (!json_is_string(v) || catalog_category(json_string_value(v)) == NULL)
		return fail(ck, path, "is not a category of the taxonomy (docs/DATA-FORMAT.md)");
	return json_incref((json_t *)v);
}

static json_t *
check_language(struct checker *ck, const json_t *v, const char *path)
{
	if (!json_is_string(v) || catalog_language(json_string_value(v)) == NULL)
		return fail(ck, path, "is not a language code the directory knows (`solidarityd languages`)");
	return json_incref((json_t *)v);
}

/* A new object of the n members keys[i] = values[i], each value borrowed (as json_pack's
** "O", which parsed its format again for every item of every record); NULL if out of
** memory or a value is NULL. The keys are the checker's own names. */
static json_t *
object_of(size_t n, const char *const *keys, json_t *const *values)
{
	json_t *out = json_object();
	size_t i;

	for (i = 0; i < n && out != NULL; i++)
		if (values[i] == NULL || json_object_set_nocheck(out, keys[i], values[i]) != 0) {
			json_decref(out);
			out = NULL;
		}
	return out;
}

static json_t *
check_commitment(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "id", "since", NULL };
	char sub[PATH_MAX_LEN];
	json_t *id, *since, *out;

	if (check_object(ck, v, path, keys) == NULL)
		return NULL;
	member_path(sub, path, "id");
	id = json_object_get(v, "id");
	if (!json_is_string(id) || catalog_commitment(json_string_value(id)) == NULL)
		return fail(ck, sub, "is not a commitment of the catalog (docs/COMMITMENTS.md)");
	member_path(sub, path, "since");
	since = check_date(ck, json_object_get(v, "since"), sub, 1);
	if (since == NULL)
		return NULL;
	out = object_of(2, (const char *const[]){ "id", "since" }, (json_t *const[]){ id, since });
	json_decref(since);
	return out;
}

/* Sort catalog ids (categories or commitments) in catalog order. */
static int
cmp_category(const void *a, const void *b)
{
	return catalog_category_rank(json_string_value(*(json_t *const *)a)) -
	    catalog_category_rank(json_string_value(*(json_t *const *)b));
}

static int
cmp_commitment(const void *a, const void *b)
{
	return catalog_commitment_rank(json_string_value(json_object_get(*(json_t *const *)a, "id"))) -
	    catalog_commitment_rank(json_string_value(json_object_get(*(json_t *const *)b, "id")));
}

static int
hours_key(const json_t *h)
{
	const char *day = json_string_value(json_object_get(h, "day"));
	int d, minutes = 0;

	for (d = 0; d < 7; d++)
		if (strcmp(day, days[d]) == 0)
			break;
	valid_hhmm(json_string_value(json_object_get(h, "opens")), &minutes);
	return d * 1441 + minutes;
}

static int
cmp_hours(const void *a, const void *b)
{
	return hours_key(*(json_t *const *)a) - hours_key(*(json_t *const *)b);
}

/* Rebuild arr with its items sorted by cmp. Returns a new array; arr is released. */
static json_t *
sorted_array(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr), i;
	json_t **items, *out;

	items = calloc(n ? n : 1, sizeof *items);
	out = json_array();
	if (items == NULL || out == NULL) {
		free(items);
		json_decref(out);
		json_decref(arr);
		return NULL;
	}
	for (i = 0; i < n; i++)
		items[i] = json_array_get(arr, i);
	qsort(items, n, sizeof *items, cmp);
	for (i = 0; i < n; i++)
		json_array_append(out, items[i]);
	free(items);
	json_decref(arr);
	return out;
}

static json_t *
check_hours_item(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "day", "opens", "closes", NULL };
	static const char *const day_list = "mon, tue, wed, thu, fri, sat, sun";
	char sub[PATH_MAX_LEN];
	const char *field;
	json_t *day;
	int minutes, i;

	if (check_object(ck, v, path, keys) == NULL)
		return NULL;
	member_path(sub, path, "day");
	day = check_choice(ck, json_object_get(v, "day"), sub, days, day_list);
	if (day == NULL)
		return NULL;
	json_decref(day);
	for (i = 0; i < 2; i++) {
		field = i == 0 ? "opens" : "closes";
		member_path(sub, path, field);
		if (!json_is_string(json_object_get(v, field)) ||
		    !valid_hhmm(json_string_value(json_object_get(v, field)), &minutes))
			return fail(ck, sub, "must be a time HH:MM from 00:00 to 24:00");
		if (i == 0 && minutes == 1440)
			return fail(ck, sub, "a period cannot open at 24:00");
	}
	if (strcmp(json_string_value(json_object_get(v, "opens")),
	    json_string_value(json_object_get(v, "closes"))) == 0)
		return fail(ck, path, "opens and closes at the same time (use 00:00 to 24:00 for all day)");
	return object_of(3, (const char *const[]){ "day", "opens", "closes" },
	    (json_t *const[]){ json_object_get(v, "day"), json_object_get(v, "opens"),
	    json_object_get(v, "closes") });
}

static json_t *
check_phone(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "number", "label", NULL };
	char sub[PATH_MAX_LEN];
	json_t *number, *label, *out;

	if (check_object(ck, v, path, keys) == NULL)
		return NULL;
	member_path(sub, path, "number");
	number = json_object_get(v, "number");
	if (!json_is_string(number) || !valid_phone(json_string_value(number)))
		return fail(ck, sub, "must be a phone number: digits, spaces, + - ( ) . and ext");
	member_path(sub, path, "label");
	label = check_text_map(ck, json_object_get(v, "label"), sub, MAX_NAME, 0, 0);
	if (label == NULL)
		return NULL;
	out = object_of(2, (const char *const[]){ "number", "label" }, (json_t *const[]){ number, label });
	json_decref(label);
	return out;
}

/* Set key on obj to value (stolen). Returns -1 if value is NULL (a check failed). */
static int
put(json_t *obj, const char *key, json_t *value)
{
	if (value == NULL)
		return -1;
	return json_object_set_new_nocheck(obj, key, value);
}

/* Member key of v, checked as a text map (max bytes, multiline, required). */
static int
put_text_map(struct checker *ck, json_t *out, const json_t *v, const char *path, const char *key,
    size_t max, int multiline, int required)
{
	char sub[PATH_MAX_LEN];

	member_path(sub, path, key);
	return put(out, key, check_text_map(ck, json_object_get(v, key), sub, max, multiline, required));
}

static int
put_text(struct checker *ck, json_t *out, const json_t *v, const char *path, const char *key,
    size_t max, int nullable)
{
	char sub[PATH_MAX_LEN];

	member_path(sub, path, key);
	return put(out, key, check_text(ck, json_object_get(v, key), sub, max, 0, nullable));
}

/* Member key of v, checked as an array of items. unique_key: NULL for no uniqueness check,
** "" for items that must be distinct strings, or the member that must be distinct. */
static int
put_array(struct checker *ck, json_t *out, const json_t *v, const char *path, const char *key,
    item_check_fn check_item, int required, const char *unique_key)
{
	char sub[PATH_MAX_LEN];
	json_t *arr;

	member_path(sub, path, key);
	arr = check_array(ck, json_object_get(v, key), sub, check_item, required);
	if (arr == NULL)
		return -1;
	if (unique_key != NULL && check_unique(ck, arr, sub, unique_key[0] ? unique_key : NULL) != 0) {
		json_decref(arr);
		return -1;
	}
	return put(out, key, arr);
}

static int
put_bool(struct checker *ck, json_t *out, const json_t *v, const char *path, const char *key,
    int dflt, int required)
{
	char sub[PATH_MAX_LEN];

	member_path(sub, path, key);
	return put(out, key, check_bool(ck, json_object_get(v, key), sub, dflt, required));
}

static int
put_uuid(struct checker *ck, json_t *out, const json_t *v, const char *path)
{
	char sub[PATH_MAX_LEN];

	member_path(sub, path, "id");
	return put(out, "id", check_uuid(ck, json_object_get(v, "id"), sub));
}

static json_t *
check_service(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "id", "name", "description", "categories", "fees",
	    "fee_note", "at_the_door", "no_id_needed", "languages", NULL };
	char sub[PATH_MAX_LEN];
	json_t *out;

	if (check_object(ck, v, path, keys) == NULL || (out = json_object()) == NULL)
		return NULL;
	member_path(sub, path, "fees");
	if (put_uuid(ck, out, v, path) != 0 ||
	    put_text_map(ck, out, v, path, "name", MAX_NAME, 0, 1) != 0 ||
	    put_text_map(ck, out, v, path, "description", MAX_DESCRIPTION, 1, 0) != 0 ||
	    put_array(ck, out, v, path, "categories", check_category, 1, "") != 0 ||
	    put(out, "fees", check_choice(ck, json_object_get(v, "fees"), sub, catalog_fee_ids(),
	        "free, sliding-scale, fee")) != 0 ||
	    put_text_map(ck, out, v, path, "fee_note", MAX_NOTE, 0, 0) != 0 ||
	    put_text_map(ck, out, v, path, "at_the_door", MAX_NOTE, 0, 0) != 0 ||
	    put_bool(ck, out, v, path, "no_id_needed", 0, 0) != 0 ||
	    put_array(ck, out, v, path, "languages", check_language, 0, "") != 0) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new_nocheck(out, "categories", sorted_array(json_incref(json_object_get(out, "categories")), cmp_category));
	return out;
}

/* latitude and longitude: both numbers in range, or both absent/null. */
static int
put_coordinates(struct checker *ck, json_t *out, const json_t *v, const char *path)
{
	static const char *const names[2] = { "latitude", "longitude" };
	static const double limit[2] = { 90.0, 180.0 };
	char sub[PATH_MAX_LEN];
	const json_t *c[2];
	double x;
	int i;

	c[0] = json_object_get(v, names[0]);
	c[1] = json_object_get(v, names[1]);
	if ((c[0] == NULL || json_is_null(c[0])) && (c[1] == NULL || json_is_null(c[1]))) {
		json_object_set_new_nocheck(out, names[0], json_null());
		return json_object_set_new_nocheck(out, names[1], json_null());
	}
	for (i = 0; i < 2; i++) {
		member_path(sub, path, names[i]);
		if (c[i] == NULL || json_is_null(c[i])) {
			fail(ck, sub, "is required when %s is given", names[1 - i]);
			return -1;
		}
		if (!json_is_number(c[i]) || fabs(json_number_value(c[i])) > limit[i]) {
			fail(ck, sub, "must be a number from %g to %g", -limit[i], limit[i]);
			return -1;
		}
		x = round(json_number_value(c[i]) * 1e7) / 1e7;
		json_object_set_new_nocheck(out, names[i], json_real(x));
	}
	return 0;
}

static int
put_postal_code(struct checker *ck, json_t *out, const json_t *v, const char *path)
{
	char sub[PATH_MAX_LEN], code[8];
	const json_t *pc = json_object_get(v, "postal_code");

	if (pc == NULL || json_is_null(pc))
		return json_object_set_new_nocheck(out, "postal_code", json_null());
	member_path(sub, path, "postal_code");
	if (!json_is_string(pc) || !valid_postal_code(json_string_value(pc), code)) {
		fail(ck, sub, "must be a Canadian postal code like H2X 1Y4");
		return -1;
	}
	return json_object_set_new_nocheck(out, "postal_code", json_string(code));
}

static json_t *
check_location(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "id", "name", "address", "neighbourhood", "city",
	    "postal_code", "latitude", "longitude", "confidential", "call_first", "accessibility",
	    "hours", "phones", NULL };
	json_t *out;

	if (check_object(ck, v, path, keys) == NULL || (out = json_object()) == NULL)
		return NULL;
	if (put_uuid(ck, out, v, path) != 0 ||
	    put_text_map(ck, out, v, path, "name", MAX_NAME, 0, 0) != 0 ||
	    put_text(ck, out, v, path, "address", MAX_ADDRESS, 1) != 0 ||
	    put_text(ck, out, v, path, "neighbourhood", MAX_PLACE, 1) != 0 ||
	    put_text(ck, out, v, path, "city", MAX_PLACE, 0) != 0 ||
	    put_postal_code(ck, out, v, path) != 0 ||
	    put_coordinates(ck, out, v, path) != 0 ||
	    put_bool(ck, out, v, path, "confidential", 0, 0) != 0 ||
	    put_text_map(ck, out, v, path, "call_first", MAX_NOTE, 0, 0) != 0 ||
	    put_text_map(ck, out, v, path, "accessibility", MAX_ACCESS, 1, 0) != 0 ||
	    put_array(ck, out, v, path, "hours", check_hours_item, 0, NULL) != 0 ||
	    put_array(ck, out, v, path, "phones", check_phone, 0, NULL) != 0) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new_nocheck(out, "hours", sorted_array(json_incref(json_object_get(out, "hours")), cmp_hours));
	return out;
}

static json_t *
check_verification(struct checker *ck, const json_t *v, const char *path)
{
	static const char *const keys[] = { "state", "verified_on", "verified_by", NULL };
	static const char *const states[] = { "pending", "verified", "suspended", NULL };
	char sub[PATH_MAX_LEN];
	json_t *out = json_object();

	if (out == NULL || check_object(ck, v, path, keys) == NULL) {
		json_decref(out);
		return NULL;
	}
	member_path(sub, path, "state");
	if (put(out, "state", check_choice(ck, json_object_get(v, "state"), sub, states,
	        "pending, verified, suspended")) != 0)
		goto bad;
	member_path(sub, path, "verified_on");
	if (put(out, "verified_on", check_date(ck, json_object_get(v, "verified_on"), sub, 1)) != 0 ||
	    put_text(ck, out, v, path, "verified_by", MAX_NAME, 1) != 0)
		goto bad;
	return out;
bad:
	json_decref(out);
	return NULL;
}

static int
put_web_contacts(struct checker *ck, json_t *out, const json_t *v)
{
	const json_t *site = json_object_get(v, "website"), *mail = json_object_get(v, "email");

	if (site != NULL && !json_is_null(site) &&
	    (!json_is_string(site) || !valid_url(json_string_value(site), MAX_URL))) {
		fail(ck, "website", "must be an http:// or https:// address");
		return -1;
	}
	if (mail != NULL && !json_is_null(mail) &&
	    (!json_is_string(mail) || !valid_email(json_string_value(mail)))) {
		fail(ck, "email", "must be an e-mail address");
		return -1;
	}
	json_object_set_new_nocheck(out, "website", site ? json_incref((json_t *)site) : json_null());
	return json_object_set_new_nocheck(out, "email", mail ? json_incref((json_t *)mail) : json_null());
}

static int
has_commitment(const json_t *commitments, const char *id)
{
	size_t i;

	for (i = 0; i < json_array_size(commitments); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(commitments, i), "id")), id) == 0)
			return 1;
	return 0;
}

/* The parts of an organization after its identity: lists and dates. */
static int
put_org_body(struct checker *ck, json_t *out, const json_t *v)
{
	json_t *updated;

	if (put_array(ck, out, v, "", "categories", check_category, 0, "") != 0 ||
	    put_array(ck, out, v, "", "commitments", check_commitment, 0, "id") != 0)
		return -1;
	if (!has_commitment(json_object_get(out, "commitments"), "status-for-all")) {
		fail(ck, "commitments", "every endorser holds status-for-all");
		return -1;
	}
	json_object_set_new_nocheck(out, "categories", sorted_array(json_incref(json_object_get(out, "categories")), cmp_category));
	json_object_set_new_nocheck(out, "commitments", sorted_array(json_incref(json_object_get(out, "commitments")), cmp_commitment));
	if (put_array(ck, out, v, "", "services", check_service, 0, NULL) != 0 ||
	    put_array(ck, out, v, "", "locations", check_location, 0, NULL) != 0)
		return -1;
	updated = json_object_get(v, "updated_on");
	if (put(out, "updated_on", updated == NULL ? json_string(ck->today) :
	    check_date(ck, updated, "updated_on", 0)) != 0)
		return -1;
	return put_bool(ck, out, v, "", "demo", 0, 0);
}

static json_t *
check_organization(struct checker *ck, const json_t *v)
{
	static const char *const keys[] = { "id", "name", "alternate_names", "description",
	    "website", "email", "endorsed_on", "verification", "provides_services", "categories",
	    "commitments", "services", "locations", "updated_on", "demo", NULL };
	json_t *out;

	if (check_object(ck, v, "", keys) == NULL || (out = json_object()) == NULL)
		return NULL;
	if (put_uuid(ck, out, v, "") != 0 ||
	    put_text(ck, out, v, "", "name", MAX_NAME, 0) != 0 ||
	    put_array(ck, out, v, "", "alternate_names", check_alternate_name, 0, "") != 0 ||
	    put_text_map(ck, out, v, "", "description", MAX_DESCRIPTION, 1, 0) != 0 ||
	    put_web_contacts(ck, out, v) != 0 ||
	    put(out, "endorsed_on", check_date(ck, json_object_get(v, "endorsed_on"), "endorsed_on", 1)) != 0 ||
	    put(out, "verification", check_verification(ck, json_object_get(v, "verification"), "verification")) != 0 ||
	    put_bool(ck, out, v, "", "provides_services", 0, 1) != 0 ||
	    put_org_body(ck, out, v) != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int
record_check(const json_t *in, const char *today, json_t **canonical, char *err, size_t errlen)
{
	struct checker ck = { err, errlen, today };
	json_t *out;

	err[0] = '\0';
	if (!json_is_object(in)) {
		snprintf(err, errlen, "record: must be an object");
		return -1;
	}
	out = check_organization(&ck, in);
	if (out == NULL) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		return -1;
	}
	*canonical = out;
	return 0;
}

/* Add id to seen: 1 if it was there already, 0 if not, -1 out of memory. */
static int
seen_before(struct strtab *seen, const char *id)
{
	size_t before = seen->n;

	if (strtab_intern(seen, id) < 0)
		return -1;
	return seen->n == before;
}

/* Collect every id of one canonical record (organization, services, locations) into seen;
** fail if one is already there. The set is a strtab, outside jansson: the import's
** reading thread makes its JSON values in arenas it drops (jsonarena.h), and the set
** must outlive them. */
static int
collect_ids(struct strtab *seen, const json_t *org, char *dup, size_t duplen)
{
	static const char *const lists[] = { "services", "locations" };
	const char *id = json_string_value(json_object_get(org, "id"));
	const json_t *list;
	size_t i, k;
	int rc;

	if ((rc = seen_before(seen, id)) != 0)
		goto refused;
	for (k = 0; k < 2; k++) {
		list = json_object_get(org, lists[k]);
		for (i = 0; i < json_array_size(list); i++) {
			id = json_string_value(json_object_get(json_array_get(list, i), "id"));
			if ((rc = seen_before(seen, id)) != 0)
				goto refused;
		}
	}
	return 0;
refused:
	if (rc < 0)
		snprintf(dup, duplen, "out of memory");
	else
		snprintf(dup, duplen, "id %s is used twice in the file", id);
	return -1;
}

/* "America/Montreal": a zone of this machine's time zone database (zone.h). */
static int
valid_time_zone(const char *tz)
{
	char ignored[200];

	return zone_check(tz, ignored, sizeof ignored) == 0;
}

/* The directory settings the file gives (an absent block or key leaves the database's
** setting as it is). */
static json_t *
check_directory(const json_t *v, char *err, size_t errlen)
{
	static const char *const keys[] = { "time_zone", "default_language", NULL };
	struct checker ck = { err, errlen, NULL };
	const json_t *tz, *lang;

	if (v == NULL)
		return json_object();
	if (check_object(&ck, v, "directory", keys) == NULL)
		return NULL;
	tz = json_object_get(v, "time_zone");
	lang = json_object_get(v, "default_language");
	if (tz != NULL && (!json_is_string(tz) || !valid_time_zone(json_string_value(tz))))
		return fail(&ck, "directory.time_zone", "must be a time zone name like America/Montreal");
	if (lang != NULL && (!json_is_string(lang) || catalog_ui_index(json_string_value(lang)) < 0))
		return fail(&ck, "directory.default_language", "must be one of " UI_CODES_TEXT);
	return json_deep_copy(v);
}

/* The file's own members; when complete is 0 the file is still being read, and a member
** it does not hold yet is not missing. */
static int
check_header(const json_t *root, int complete, char *err, size_t errlen)
{
	static const char *const keys[] = { "format", "version", "directory", "organizations", NULL };
	struct checker ck = { err, errlen, NULL };
	const json_t *format = json_object_get(root, "format");
	const json_t *version = json_object_get(root, "version");

	if (!json_is_object(root)) {
		snprintf(err, errlen, "the file must hold a JSON object");
		return -1;
	}
	if (check_keys(&ck, root, "file", keys) != 0)
		return -1;
	if ((complete || format != NULL) && (!json_is_string(format) ||
	    strcmp(json_string_value(format), "solidarity-directory") != 0)) {
		snprintf(err, errlen, "format: must be \"solidarity-directory\"");
		return -1;
	}
	if ((complete || version != NULL) &&
	    (!json_is_integer(version) || json_integer_value(version) != 1)) {
		snprintf(err, errlen, "version: must be 1");
		return -1;
	}
	if ((complete || json_object_get(root, "organizations") != NULL) &&
	    !json_is_array(json_object_get(root, "organizations"))) {
		snprintf(err, errlen, "organizations: must be an array");
		return -1;
	}
	return 0;
}

/* Prefix err with the record's position and name: organizations[N] "Name": ... */
static void
name_record(char *err, size_t errlen, size_t i, const json_t *org)
{
	char msg[512];
	const char *name = json_string_value(json_object_get(org, "name"));

	snprintf(msg, sizeof msg, "%s", err);
	if (name != NULL)
		snprintf(err, errlen, "organizations[%zu] \"%.80s\": %s", i, name, msg);
	else
		snprintf(err, errlen, "organizations[%zu]: %s", i, msg);
}

struct record_file {
	struct strtab seen;	/* every id of the organizations checked so far */
};

struct record_file *
record_file_new(void)
{
	struct record_file *f = malloc(sizeof *f);

	if (f != NULL)
		f->seen = (struct strtab)STRTAB_INIT;
	return f;
}

void
record_file_free(struct record_file *f)
{
	if (f == NULL)
		return;
	strtab_free(&f->seen);
	free(f);
}

int
record_file_org(struct record_file *f, const json_t *org, size_t i, const char *today,
    json_t **canonical, char *err, size_t errlen)
{
	json_t *rec;

	if (record_check(org, today, &rec, err, errlen) != 0) {
		name_record(err, errlen, i, org);
		return -1;
	}
	if (collect_ids(&f->seen, rec, err, errlen) != 0) {
		json_decref(rec);
		name_record(err, errlen, i, org);
		return -1;
	}
	*canonical = rec;
	return 0;
}

int
record_file_header(const json_t *root, int complete, json_t **directory, char *err,
    size_t errlen)
{
	json_t *dir;

	err[0] = '\0';
	if (check_header(root, complete, err, errlen) != 0 ||
	    (dir = check_directory(json_object_get(root, "directory"), err, errlen)) == NULL)
		return -1;
	if (directory != NULL)
		*directory = dir;
	else
		json_decref(dir);
	return 0;
}

int
record_check_file(const json_t *root, const char *today, json_t **orgs, json_t **directory,
    char *err, size_t errlen)
{
	const json_t *list;
	struct record_file *f = NULL;
	json_t *out = NULL, *dir = NULL, *rec;
	size_t i;

	if (record_file_header(root, 1, &dir, err, errlen) != 0)
		return -1;
	list = json_object_get(root, "organizations");
	if ((out = json_array()) == NULL || (f = record_file_new()) == NULL)
		goto oom;
	for (i = 0; i < json_array_size(list); i++) {
		if (record_file_org(f, json_array_get(list, i), i, today, &rec, err, errlen) != 0)
			goto fail;
		if (json_array_append_new(out, rec) != 0)
			goto oom;
	}
	record_file_free(f);
	*orgs = out;
	*directory = dir;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	record_file_free(f);
	json_decref(out);
	json_decref(dir);
	return -1;
}
