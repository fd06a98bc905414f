/*
** test_editform.c - the organization editor's form (editform.c): every fixture record
** survives the trip record -> form values -> what a browser submits -> record; adding and
** removing items, commitments' dates, hours and phones as people type them, ids of other
** organizations, garbage forms; and edit_fields.html rendering the values.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "editform.h"
#include "embedded.h"
#include "i18n.h"
#include "record.h"
#include "template.h"
#include "validate.h"
#include "view.h"

#define TODAY "2026-11-21"

/* Loaded once for all tests. */
struct fixture {
	struct i18n *i18n;   /* the interface catalogs */
	json_t      *demo;   /* canonical records of fixtures/demo-services.json */
	json_t      *real;   /* canonical records of fixtures/montreal-endorsers.json */
};

static json_t *
load_orgs(const char *path)
{
	json_t *file = json_load_file(path, 0, NULL), *orgs = NULL, *dir = NULL;
	char err[300];

	if (file == NULL)
		return NULL;
	if (record_check_file(file, TODAY, &orgs, &dir, err, sizeof err) != 0)
		fprintf(stderr, "%s: %s\n", path, err);
	json_decref(dir);
	json_decref(file);
	return orgs;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[200];

	if (f == NULL)
		return -1;
	f->i18n = i18n_load(err, sizeof err);
	f->demo = load_orgs("fixtures/demo-services.json");
	f->real = load_orgs("fixtures/montreal-endorsers.json");
	*state = f;
	return f->i18n && f->demo && f->real ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	i18n_free(f->i18n);
	json_decref(f->demo);
	json_decref(f->real);
	free(f);
	return 0;
}

static struct view_context
context(const struct fixture *f, int ui)
{
	struct view_context vl = { ui, UI_FR, f->i18n, NULL, NULL };

	return vl;
}

/* ---------------------------------------------------------------------------------
** A browser: the fields it submits for a form rendered from values.
*/

/* Add name=value, a repeated name becoming an array; textareas' "\n" sent as "\r\n". */
static void
submit(json_t *form, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	json_t *old = json_object_get(form, name), *v;

	for (; *value != '\0'; value++) {
		if (*value == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *value);
	}
	buf_putc(&b, '\0');
	v = json_string(b.data);
	buf_free(&b);
	if (old == NULL)
		json_object_set_new(form, name, v);
	else if (json_is_array(old))
		json_array_append_new(old, v);
	else
		json_object_set_new(form, name, json_pack("[Oo]", old, v));
}

/* Every control of values: an object with "name" and "value" is a field, sent unless it
** is a box that is not "checked" or an option that is not "selected". */
static void
flatten(const json_t *v, json_t *form)
{
	const json_t *name = json_object_get(v, "name"), *value = json_object_get(v, "value");
	const json_t *checked = json_object_get(v, "checked"), *item;
	const char *key;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			flatten(item, form);
		return;
	}
	if (!json_is_object(v))
		return;
	if (json_is_string(name) && json_is_string(value) && (checked == NULL || json_is_true(checked)))
		submit(form, json_string_value(name), json_string_value(value));
	json_object_foreach((json_t *)v, key, item)
		if (strcmp(key, "errors") != 0)
			flatten(item, form);
}

static json_t *
browser_form(const json_t *values)
{
	json_t *form = json_object();

	assert_non_null(values);
	flatten(values, form);
	return form;
}

/* The form a browser submits for record shown in interface language ui. */
static json_t *
form_of(const struct fixture *f, const json_t *record, int ui)
{
	struct view_context vl = context(f, ui);
	json_t *values = editform_values(record, NULL, &vl), *form;

	form = browser_form(values);
	json_decref(values);
	return form;
}

/* got must equal the JSON text want. */
static void
assert_json(const json_t *got, const char *want)
{
	json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);
	char *dump;

	assert_non_null(w);
	if (!json_equal(got, w)) {
		dump = json_dumps(got, JSON_ENCODE_ANY);
		fail_msg("got %s, want %s", dump ? dump : "(null)", want);
	}
	json_decref(w);
}

static void
set_field(json_t *form, const char *name, const char *value)
{
	json_object_set_new(form, name, json_string(value));
}

/* Apply form on top of current; must succeed. */
static json_t *
apply_ok(const json_t *current, const json_t *form, const char *lang)
{
	json_t *rec = NULL, *errors = NULL;
	char *dump;

	if (editform_apply(current, form, TODAY, lang, &rec, &errors) != 0) {
		dump = json_dumps(errors, JSON_INDENT(1));
		fail_msg("refused: %s", dump ? dump : "(null)");
	}
	assert_null(errors);
	assert_non_null(rec);
	return rec;
}

/* Apply form; must fail. Returns the errors. */
static json_t *
apply_bad(const json_t *current, const json_t *form)
{
	json_t *rec = NULL, *errors = NULL;

	assert_int_equal(editform_apply(current, form, TODAY, "en", &rec, &errors), -1);
	assert_null(rec);
	assert_true(json_is_object(errors));
	assert_true(json_object_size(errors) > 0);
	return errors;
}

/* The message of field in errors, which must have one. */
static const char *
error_of(const json_t *errors, const char *field)
{
	const char *msg = json_string_value(json_object_get(errors, field));
	char *dump;

	if (msg == NULL) {
		dump = json_dumps(errors, 0);
		fail_msg("no error on %s; errors: %s", field, dump ? dump : "(null)");
	}
	return msg;
}

/* A demo record matching pred (first one). */
static const json_t *
find_org(const json_t *orgs, int (*pred)(const json_t *))
{
	const json_t *org;
	size_t i;

	json_array_foreach(orgs, i, org)
		if (pred(org))
			return org;
	fail_msg("no fixture record fits the test");
	return NULL;
}

/* ---------------------------------------------------------------------------------
** Round trips.
*/

static void
round_trip(const struct fixture *f, const json_t *orgs)
{
	const json_t *org;
	json_t *form, *rec;
	char *a, *b;
	size_t i;
	int ui;

	assert_true(json_array_size(orgs) > 0);
	json_array_foreach(orgs, i, org)
		for (ui = 0; ui < UI_NLANG; ui++) {
			form = form_of(f, org, ui);
			rec = apply_ok(org, form, catalog_ui_code(ui));
			if (!json_equal(rec, org)) {
				a = json_dumps(org, JSON_INDENT(1));
				b = json_dumps(rec, JSON_INDENT(1));
				fail_msg("record %zu in %s changed:\n%s\n-- became --\n%s", i,
				    catalog_ui_code(ui), a, b);
			}
			json_decref(rec);
			json_decref(form);
		}
}

static void
test_every_demo_record_survives_the_round_trip(void **state)
{
	const struct fixture *f = *state;

	assert_int_equal(json_array_size(f->demo), 60);
	round_trip(f, f->demo);
}

static void
test_every_real_record_survives_the_round_trip(void **state)
{
	const struct fixture *f = *state;

	round_trip(f, f->real);
}

/* ---------------------------------------------------------------------------------
** Adding, removing, commitments.
*/

static int
has_services_and_locations(const json_t *org)
{
	return json_array_size(json_object_get(org, "services")) >= 2 &&
	    json_array_size(json_object_get(org, "locations")) >= 2;
}

static void
test_the_empty_slot_adds_a_service(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations), *svc;
	size_t n = json_array_size(json_object_get(org, "services")), i;
	json_t *form = form_of(f, org, UI_EN), *rec;
	const char *id;
	char pre[40], field[80];

	snprintf(pre, sizeof pre, "service.%zu", n);
	snprintf(field, sizeof field, "%s.id", pre);
	assert_string_equal(json_string_value(json_object_get(form, field)), "");
	snprintf(field, sizeof field, "%s.name.en", pre);
	set_field(form, field, "  Legal clinic  ");
	snprintf(field, sizeof field, "%s.categories", pre);
	set_field(form, field, "legal");
	snprintf(field, sizeof field, "%s.fees", pre);
	set_field(form, field, "sliding-scale");
	snprintf(field, sizeof field, "%s.languages", pre);
	set_field(form, field, "English; français / es");
	snprintf(field, sizeof field, "%s.no_id_needed", pre);
	set_field(form, field, "1");
	rec = apply_ok(org, form, "en");
	assert_int_equal(json_array_size(json_object_get(rec, "services")), n + 1);
	svc = json_array_get(json_object_get(rec, "services"), n);
	assert_string_equal(json_string_value(json_object_get(json_object_get(svc, "name"), "en")), "Legal clinic");
	assert_json(json_object_get(svc, "languages"), "[\"en\", \"fr\", \"es\"]");
	assert_json(json_object_get(svc, "categories"), "[\"legal\"]");
	assert_true(json_is_true(json_object_get(svc, "no_id_needed")));
	assert_string_equal(json_string_value(json_object_get(svc, "fees")), "sliding-scale");
	id = json_string_value(json_object_get(svc, "id"));
	assert_true(valid_uuid(id));
	for (i = 0; i < n; i++)
		assert_string_not_equal(id, json_string_value(json_object_get(
		    json_array_get(json_object_get(org, "services"), i), "id")));
	/* The others are unchanged. */
	json_array_remove(json_object_get(rec, "services"), n);
	assert_true(json_equal(rec, org));
	json_decref(rec);
	json_decref(form);
}

static void
test_remove_drops_a_location_and_keeps_the_others(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	json_t *form = form_of(f, org, UI_FR), *rec, *want;

	set_field(form, "location.0.remove", "1");
	rec = apply_ok(org, form, "fr");
	want = json_deep_copy(org);
	json_array_remove(json_object_get(want, "locations"), 0);
	assert_true(json_equal(rec, want));
	json_decref(want);
	json_decref(rec);
	json_decref(form);
}

static int
holds_every_commitment(const json_t *org)
{
	size_t n;

	catalog_commitments(&n);
	return json_array_size(json_object_get(org, "commitments")) == n &&
	    json_is_string(json_object_get(json_array_get(json_object_get(org, "commitments"), 1), "since"));
}

/* The "since" of commitment id in rec, "absent" when it is not held, "null" for null. */
static const char *
since_of(const json_t *rec, const char *id)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(rec, "commitments"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			return json_is_string(json_object_get(c, "since")) ?
			    json_string_value(json_object_get(c, "since")) : "null";
	return "absent";
}

static void
test_commitments_keep_their_date_and_new_ones_start_today(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, holds_every_commitment);
	const char *since = since_of(org, "no-border-agency");
	json_t *form = form_of(f, org, UI_EN), *rec, *again;

	assert_string_not_equal(since, TODAY);
	/* Untick one: it is gone, the others keep their dates. */
	json_object_set_new(form, "commitment", json_pack("[ssss]", "status-for-all",
	    "no-status-questions", "status-confidential", "no-status-fees"));
	json_array_append_new(json_object_get(form, "commitment"), json_string("equal-standards"));
	rec = apply_ok(org, form, "en");
	assert_string_equal(since_of(rec, "no-border-agency"), "absent");
	assert_string_equal(since_of(rec, "status-for-all"), since_of(org, "status-for-all"));
	assert_string_equal(since_of(rec, "equal-standards"), since_of(org, "equal-standards"));
	json_decref(form);
	/* Tick it again: held since today. */
	form = form_of(f, rec, UI_EN);
	submit(form, "commitment", "no-border-agency");
	again = apply_ok(rec, form, "en");
	assert_string_equal(since_of(again, "no-border-agency"), TODAY);
	assert_string_equal(since_of(again, "no-status-questions"), since_of(org, "no-status-questions"));
	json_decref(again);
	json_decref(rec);
	json_decref(form);
}

static int
has_undated_commitment(const json_t *org)
{
	return strcmp(since_of(org, "status-for-all"), "null") == 0;
}

static void
test_an_undated_commitment_stays_undated(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->real, has_undated_commitment);
	json_t *form = form_of(f, org, UI_FR), *rec;

	submit(form, "commitment", "no-status-fees");
	rec = apply_ok(org, form, "fr");
	assert_string_equal(since_of(rec, "status-for-all"), "null");
	assert_string_equal(since_of(rec, "no-status-fees"), TODAY);
	json_decref(rec);
	json_decref(form);
}

static void
test_unticking_status_for_all_is_refused(void **state)
{
	const struct fixture *f = *state;
	json_t *form = form_of(f, json_array_get(f->demo, 0), UI_EN), *errors;

	json_object_set_new(form, "commitment", json_pack("[s]", "no-status-questions"));
	errors = apply_bad(json_array_get(f->demo, 0), form);
	assert_non_null(strstr(error_of(errors, "commitment"), "status for all"));
	json_decref(errors);
	json_decref(form);
}

static void
test_a_new_organization_is_pending_with_a_new_id(void **state)
{
	const struct fixture *f = *state;
	json_t *form = form_of(f, NULL, UI_FR), *rec;
	const char *id;

	set_field(form, "name", "Comité d'entraide Exemple");
	set_field(form, "website", "example.org/entraide");
	rec = apply_ok(NULL, form, "fr");
	id = json_string_value(json_object_get(rec, "id"));
	assert_true(valid_uuid(id));
	assert_int_equal(id[14], '4');
	assert_non_null(strchr("89ab", id[19]));
	assert_json(json_object_get(rec, "verification"),
	    "{\"state\": \"pending\", \"verified_on\": null, \"verified_by\": null}");
	assert_true(json_is_false(json_object_get(rec, "demo")));
	assert_true(json_is_null(json_object_get(rec, "endorsed_on")));
	assert_string_equal(json_string_value(json_object_get(rec, "updated_on")), TODAY);
	assert_string_equal(json_string_value(json_object_get(rec, "website")), "https://example.org/entraide");
	assert_string_equal(since_of(rec, "status-for-all"), TODAY);
	assert_int_equal(json_array_size(json_object_get(rec, "services")), 0);
	assert_int_equal(json_array_size(json_object_get(rec, "locations")), 0);
	json_decref(rec);
	json_decref(form);
}

/* ---------------------------------------------------------------------------------
** Hours and phones as people type them.
*/

static int
has_two_locations(const json_t *org)
{
	return json_array_size(json_object_get(org, "locations")) >= 2;
}

/* The hours of location 1 after its field is set to text. */
static json_t *
hours_after(const struct fixture *f, const char *text)
{
	const json_t *org = find_org(f->demo, has_two_locations);
	json_t *form = form_of(f, org, UI_EN), *rec, *hours;

	set_field(form, "location.1.hours", text);
	rec = apply_ok(org, form, "en");
	hours = json_incref(json_object_get(json_array_get(json_object_get(rec, "locations"), 1), "hours"));
	json_decref(rec);
	json_decref(form);
	return hours;
}

static void
test_hours_are_read_as_people_write_them(void **state)
{
	static const struct {
		const char *text;
		const char *want;   /* the hours, as JSON */
	} cases[] = {
		{ "mon 09:00-17:00", "[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]" },
		{ "Mon 9:00 - 17:00", "[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]" },
		{ "  MON   9-17  ", "[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]" },
		{ "lun 9h-17h", "[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]" },
		{ "lundi 9h30 à 17h", "[{\"day\":\"mon\",\"opens\":\"09:30\",\"closes\":\"17:00\"}]" },
		{ "Monday: 9am-5pm", "[{\"day\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]" },
		{ "tue 12 p.m. - 12:30 PM", "[{\"day\":\"tue\",\"opens\":\"12:00\",\"closes\":\"12:30\"}]" },
		{ "mié 10:00-14:00", "[{\"day\":\"wed\",\"opens\":\"10:00\",\"closes\":\"14:00\"}]" },
		{ "MIÉ. 10:00-14:00", "[{\"day\":\"wed\",\"opens\":\"10:00\",\"closes\":\"14:00\"}]" },
		{ "sáb 10-14", "[{\"day\":\"sat\",\"opens\":\"10:00\",\"closes\":\"14:00\"}]" },
		{ "الأحد 10:00-12:00", "[{\"day\":\"sun\",\"opens\":\"10:00\",\"closes\":\"12:00\"}]" },
		{ "mon,wed 10:00-12:00", "[{\"day\":\"mon\",\"opens\":\"10:00\",\"closes\":\"12:00\"},"
		  "{\"day\":\"wed\",\"opens\":\"10:00\",\"closes\":\"12:00\"}]" },
		{ "lu-mi 8:30-16:30", "[{\"day\":\"mon\",\"opens\":\"08:30\",\"closes\":\"16:30\"},"
		  "{\"day\":\"tue\",\"opens\":\"08:30\",\"closes\":\"16:30\"},"
		  "{\"day\":\"wed\",\"opens\":\"08:30\",\"closes\":\"16:30\"}]" },
		{ "lunes a miércoles 8:30-16:30", "[{\"day\":\"mon\",\"opens\":\"08:30\",\"closes\":\"16:30\"},"
		  "{\"day\":\"tue\",\"opens\":\"08:30\",\"closes\":\"16:30\"},"
		  "{\"day\":\"wed\",\"opens\":\"08:30\",\"closes\":\"16:30\"}]" },
		{ "fri\xe2\x80\x93mon 10\xe2\x80\x93" "11", "[{\"day\":\"mon\",\"opens\":\"10:00\",\"closes\":\"11:00\"},"
		  "{\"day\":\"fri\",\"opens\":\"10:00\",\"closes\":\"11:00\"},"
		  "{\"day\":\"sat\",\"opens\":\"10:00\",\"closes\":\"11:00\"},"
		  "{\"day\":\"sun\",\"opens\":\"10:00\",\"closes\":\"11:00\"}]" },
		{ "sat 13:00-16:00, 10:00-12:00", "[{\"day\":\"sat\",\"opens\":\"10:00\",\"closes\":\"12:00\"},"
		  "{\"day\":\"sat\",\"opens\":\"13:00\",\"closes\":\"16:00\"}]" },
		{ "fri 22:00-02:00\r\n\r\nsun 00:00-24:00\r\nfri 22:00-02:00",
		  "[{\"day\":\"fri\",\"opens\":\"22:00\",\"closes\":\"02:00\"},"
		  "{\"day\":\"sun\",\"opens\":\"00:00\",\"closes\":\"24:00\"}]" },
		{ "", "[]" },
	};
	const struct fixture *f = *state;
	json_t *got, *want;
	char *dump;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = hours_after(f, cases[i].text);
		want = json_loads(cases[i].want, 0, NULL);
		assert_non_null(want);
		if (!json_equal(got, want)) {
			dump = json_dumps(got, 0);
			fail_msg("\"%s\" gave %s", cases[i].text, dump);
		}
		json_decref(got);
		json_decref(want);
	}
}

static void
test_bad_hours_lines_are_named_on_their_field(void **state)
{
	static const struct {
		const char *text;
		const char *want;   /* the start of the message */
	} cases[] = {
		{ "mon 9", "Line 1: give the hours" },
		{ "xyz 09:00-17:00", "Line 1: start with a day" },
		{ "09:00-17:00", "Line 1: start with a day" },
		{ "mon- 09:00-17:00", "Line 1: start with a day" },
		{ "mon-, fri 09:00-17:00", "Line 1: start with a day" },
		{ "mon 25:00-26:00", "Line 1: give the hours" },
		{ "mon 9:60-10:00", "Line 1: give the hours" },
		{ "mon 13pm-14:00", "Line 1: give the hours" },
		{ "mon 10:00-10:00", "Line 1: it opens and closes at the same time" },
		{ "mon 24:00-02:00", "Line 1: a period cannot open at 24:00" },
		{ "mon 09:00-17:00\n\ntue 9-", "Line 3: give the hours" },
		{ "mon 09:00-17:00 closed", "Line 1: give the hours" },
		{ "mon-sun 00:00-01:00, 01:00-02:00, 02:00-03:00, 03:00-04:00, 04:00-05:00, "
		  "05:00-06:00, 06:00-07:00, 07:00-08:00, 08:00-09:00, 09:00-10:00, 10:00-11:00, "
		  "11:00-12:00, 12:00-13:00, 13:00-14:00, 14:00-15:00, 15:00-16:00, 16:00-17:00, "
		  "17:00-18:00, 18:00-19:00, 19:00-20:00, 20:00-21:00, 21:00-22:00, 22:00-23:00, "
		  "23:00-23:30, 23:30-24:00, 00:30-01:00, 01:30-02:00, 02:30-03:00, 03:30-04:00",
		  "At most 200 opening periods." },
	};
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_two_locations);
	json_t *form, *errors;
	const char *msg;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		form = form_of(f, org, UI_EN);
		set_field(form, "location.1.hours", cases[i].text);
		errors = apply_bad(org, form);
		msg = error_of(errors, "location.1.hours");
		if (strncmp(msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("\"%s\": got \"%s\"", cases[i].text, msg);
		assert_int_equal(json_object_size(errors), 1);
		json_decref(errors);
		json_decref(form);
	}
}

static int
has_labelled_phone(const json_t *org)
{
	const json_t *loc;
	size_t i;

	json_array_foreach(json_object_get(org, "locations"), i, loc)
		if (i == 0 && json_object_size(json_object_get(json_array_get(
		    json_object_get(loc, "phones"), 0), "label")) == UI_NLANG)
			return 1;
	return 0;
}

static void
test_phone_labels_in_other_languages_are_kept(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_labelled_phone);
	const json_t *phone = json_array_get(json_object_get(json_array_get(
	    json_object_get(org, "locations"), 0), "phones"), 0);
	const char *number = json_string_value(json_object_get(phone, "number"));
	json_t *form = form_of(f, org, UI_EN), *rec, *label, *want;
	char line[200];

	/* A new English label; the French, Spanish and Arabic ones stay. */
	snprintf(line, sizeof line, "%s | Front desk\n+1 438 555 0199 | Night line", number);
	set_field(form, "location.0.phones", line);
	rec = apply_ok(org, form, "en");
	label = json_object_get(json_array_get(json_object_get(json_array_get(
	    json_object_get(rec, "locations"), 0), "phones"), 0), "label");
	want = json_deep_copy(json_object_get(phone, "label"));
	json_object_set_new(want, "en", json_string("Front desk"));
	assert_true(json_equal(label, want));
	json_decref(want);
	assert_json(json_array_get(json_object_get(json_array_get(json_object_get(rec, "locations"), 0),
	    "phones"), 1), "{\"number\": \"+1 438 555 0199\", \"label\": {\"en\": \"Night line\"}}");
	json_decref(rec);
	/* No label: the English one goes, the others stay. */
	set_field(form, "location.0.phones", number);
	rec = apply_ok(org, form, "en");
	label = json_object_get(json_array_get(json_object_get(json_array_get(
	    json_object_get(rec, "locations"), 0), "phones"), 0), "label");
	assert_null(json_object_get(label, "en"));
	assert_int_equal(json_object_size(label), UI_NLANG - 1);
	json_decref(rec);
	/* A bad number is named with its line. */
	set_field(form, "location.0.phones", "+1 514 555 0100\ncall us!");
	json_decref(apply_bad(org, form));
	json_decref(form);
}

static void
test_bad_fields_are_all_reported_at_once(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	json_t *form = form_of(f, org, UI_EN), *errors;
	static const char *const fields[] = { "name", "website", "email", "service.0.fees",
	    "service.1.languages", "service.1.categories", "location.0.latitude",
	    "location.0.postal_code", "location.1.longitude", "location.1.city",
	    "location.1.phones", "description.en" };
	size_t i;

	set_field(form, "name", "");
	set_field(form, "website", "javascript:alert(1)");
	set_field(form, "email", "nobody");
	set_field(form, "service.0.fees", "cheap");
	set_field(form, "service.1.languages", "fr, klingon");
	json_object_set_new(form, "service.1.categories", json_pack("[ss]", "food", "spaceships"));
	set_field(form, "location.0.latitude", "north");
	set_field(form, "location.0.postal_code", "12345");
	set_field(form, "location.1.latitude", "45,5");
	set_field(form, "location.1.longitude", "");
	set_field(form, "location.1.city", " ");
	set_field(form, "location.1.phones", "+1 514 555 0100 | Reception | desk\n12");
	set_field(form, "description.en", "a\x01");
	errors = apply_bad(org, form);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		error_of(errors, fields[i]);
	assert_non_null(strstr(error_of(errors, "location.1.phones"), "Line 2"));
	assert_int_equal(json_object_size(errors), sizeof fields / sizeof fields[0]);
	json_decref(errors);
	json_decref(form);
}

/* ---------------------------------------------------------------------------------
** Ids, record_check's messages, garbage.
*/

static void
test_ids_of_other_organizations_are_refused(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = json_array_get(f->demo, 0), *other = json_array_get(f->demo, 1);
	const char *foreign_svc = json_string_value(json_object_get(json_array_get(
	    json_object_get(other, "services"), 0), "id"));
	const char *foreign_loc = json_string_value(json_object_get(json_array_get(
	    json_object_get(other, "locations"), 0), "id"));
	const char *own_loc = json_string_value(json_object_get(json_array_get(
	    json_object_get(org, "locations"), 0), "id"));
	const char *own_svc = json_string_value(json_object_get(json_array_get(
	    json_object_get(org, "services"), 0), "id"));
	json_t *form, *errors;

	form = form_of(f, org, UI_EN);
	set_field(form, "service.0.id", foreign_svc);
	set_field(form, "location.0.id", foreign_loc);
	errors = apply_bad(org, form);
	error_of(errors, "service.0.id");
	error_of(errors, "location.0.id");
	json_decref(errors);
	json_decref(form);
	/* One's own location id in a service slot, and one item in two slots. */
	form = form_of(f, org, UI_EN);
	set_field(form, "service.0.id", own_loc);
	set_field(form, "service.1.id", own_svc);
	errors = apply_bad(org, form);
	error_of(errors, "service.0.id");
	json_decref(errors);
	set_field(form, "service.0.id", own_svc);
	errors = apply_bad(org, form);
	assert_non_null(strstr(error_of(errors, "service.1.id"), "twice"));
	json_decref(errors);
	json_decref(form);
	/* A new organization has no items to name. */
	form = form_of(f, org, UI_EN);
	errors = apply_bad(NULL, form);
	error_of(errors, "service.0.id");
	json_decref(errors);
	json_decref(form);
}

static void
test_record_check_messages_name_the_form_field(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	json_t *form = form_of(f, org, UI_EN), *errors, *current;

	/* Service 0 removed: the record's services[0] is the form's service.1. */
	set_field(form, "service.0.remove", "1");
	json_object_set_new(form, "service.1.categories", json_pack("[ss]", "food", "food"));
	errors = apply_bad(org, form);
	assert_non_null(strstr(error_of(errors, "service.1.categories"), "appears twice"));
	json_decref(errors);
	json_decref(form);
	/* A problem in what is kept from current is named by its record path. */
	current = json_deep_copy(org);
	json_object_set_new(current, "endorsed_on", json_string("2023-02-30"));
	form = form_of(f, current, UI_EN);
	errors = apply_bad(current, form);
	error_of(errors, "endorsed_on");
	json_decref(errors);
	json_decref(form);
	json_decref(current);
}

/* editform_apply must not crash, and must answer with a record or errors. */
static void
apply_anything(const json_t *current, const json_t *form)
{
	json_t *rec = NULL, *errors = NULL;
	int rc = editform_apply(current, form, TODAY, "ar", &rec, &errors);

	if (rc == 0) {
		assert_non_null(rec);
		assert_null(errors);
	} else {
		assert_int_equal(rc, -1);
		assert_null(rec);
		assert_true(json_is_object(errors) && json_object_size(errors) > 0);
	}
	json_decref(rec);
	json_decref(errors);
}

static void
test_garbage_forms_give_errors_never_crashes(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	json_t *form, *errors, *garbage[5], *copy;
	struct view_context vl = context(f, UI_AR);
	const char *key;
	json_t *value, *v;
	size_t i;

	/* Not an object; empty. */
	form = json_pack("[s]", "name");
	errors = apply_bad(org, form);
	error_of(errors, "form");
	json_decref(errors);
	json_decref(form);
	errors = apply_bad(NULL, form = json_object());
	error_of(errors, "name");
	error_of(errors, "commitment");
	json_decref(errors);
	json_decref(form);
	/* Arrays where one string is expected, objects where a list is. */
	form = form_of(f, org, UI_EN);
	json_object_set_new(form, "name", json_pack("[ss]", "A", "B"));
	json_object_set_new(form, "categories", json_pack("{si}", "x", 1));
	json_object_set_new(form, "commitment", json_pack("[si]", "status-for-all", 2));
	json_object_set_new(form, "location.0.hours", json_pack("[s]", "mon 9-17"));
	errors = apply_bad(org, form);
	error_of(errors, "name");
	error_of(errors, "categories");
	error_of(errors, "commitment");
	error_of(errors, "location.0.hours");
	json_decref(errors);
	json_decref(form);
	/* Indexes out of range. */
	form = form_of(f, org, UI_EN);
	set_field(form, "service.200.name.fr", "x");
	set_field(form, "location.99999999999999999999.city", "x");
	set_field(form, "service..name.fr", "ignored");
	set_field(form, "service.-1.name.fr", "ignored");
	set_field(form, "location.1x.city", "ignored");
	set_field(form, "csrf", "ignored");
	errors = apply_bad(org, form);
	error_of(errors, "service.200.name.fr");
	error_of(errors, "location.99999999999999999999.city");
	assert_int_equal(json_object_size(errors), 2);
	json_decref(errors);
	json_decref(form);
	/* The highest index is accepted: slots 4..198 are empty and ignored. */
	form = form_of(f, org, UI_EN);
	set_field(form, "service.199.name.fr", "Dernier");
	set_field(form, "service.199.categories", "food");
	set_field(form, "service.199.fees", "free");
	value = apply_ok(org, form, "en");
	json_decref(value);
	json_decref(form);
	/* Every field replaced in turn by values of every other type. */
	garbage[0] = json_pack("[i]", 1);
	garbage[1] = json_pack("{ss}", "a", "b");
	garbage[2] = json_null();
	garbage[3] = json_integer(42);
	garbage[4] = json_pack("[s[s]]", "a", "b");
	form = form_of(f, org, UI_EN);
	json_object_foreach(form, key, value)
		for (i = 0; i < 5; i++) {
			copy = json_deep_copy(form);
			json_object_set(copy, key, garbage[i]);
			apply_anything(org, copy);
			apply_anything(NULL, copy);
			v = editform_values_from_form(org, copy, NULL, &vl);
			assert_non_null(v);
			json_decref(v);
			json_decref(copy);
		}
	for (i = 0; i < 5; i++) {
		apply_anything(org, garbage[i]);
		v = editform_values_from_form(NULL, garbage[i], garbage[i], &vl);
		assert_non_null(v);
		json_decref(v);
		json_decref(garbage[i]);
	}
	json_decref(form);
}

/* ---------------------------------------------------------------------------------
** The values and the template.
*/

static void
test_values_carry_errors_next_to_fields_and_in_a_summary(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	struct view_context vl = context(f, UI_EN);
	json_t *errors = json_pack("{ssssssss}", "location.1.hours", "Line 2: give the hours like 09:00-17:00.",
	    "name", "Give the name of the organization.", "service.0.name", "Give a name",
	    "mystery", "Something else");
	json_t *values = editform_values(org, errors, &vl), *summary, *svc;

	assert_non_null(values);
	assert_string_equal(json_string_value(json_object_get(json_object_get(values, "name"), "error")),
	    "Give the name of the organization.");
	assert_true(json_is_null(json_object_get(json_object_get(values, "website"), "error")));
	svc = json_array_get(json_object_get(values, "services"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(svc, "name"), "error")), "Give a name");
	summary = json_object_get(values, "errors");
	assert_int_equal(json_array_size(summary), 4);
	/* In form order, the unplaced one last and without a link. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(summary, 0), "field")), "name");
	assert_string_equal(json_string_value(json_object_get(json_array_get(summary, 0), "target")), "f-name");
	assert_string_equal(json_string_value(json_object_get(json_array_get(summary, 1), "target")),
	    "f-service-0-name-en");
	assert_string_equal(json_string_value(json_object_get(json_array_get(summary, 2), "target")),
	    "f-location-1-hours");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(summary, 2), "where")), "2"));
	assert_true(json_is_null(json_object_get(json_array_get(summary, 3), "target")));
	/* One empty slot after the services and after the locations. */
	assert_int_equal(json_array_size(json_object_get(values, "services")),
	    json_array_size(json_object_get(org, "services")) + 1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(values, "locations"),
	    json_array_size(json_object_get(org, "locations"))), "new")));
	json_decref(values);
	json_decref(errors);
}

static void
test_a_refused_form_is_shown_again_as_typed(void **state)
{
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	size_t n = json_array_size(json_object_get(org, "services"));
	struct view_context vl = context(f, UI_FR);
	json_t *form = form_of(f, org, UI_FR), *errors, *values, *svc, *loc;
	char field[60];

	snprintf(field, sizeof field, "service.%zu.name.fr", n);
	set_field(form, field, "Nouveau service");
	set_field(form, "location.0.hours", "lun 9h");
	errors = apply_bad(org, form);
	values = editform_values_from_form(org, form, errors, &vl);
	assert_non_null(values);
	loc = json_array_get(json_object_get(values, "locations"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "hours"), "value")),
	    "lun 9h");
	assert_true(json_is_string(json_object_get(json_object_get(loc, "hours"), "error")));
	/* The new service is kept with its errors, and a further empty slot follows. */
	assert_int_equal(json_array_size(json_object_get(values, "services")), n + 2);
	svc = json_array_get(json_object_get(values, "services"), n);
	assert_true(json_is_string(json_object_get(json_object_get(svc, "categories"), "error")));
	assert_string_equal(json_string_value(json_object_get(svc, "title")), "Nouveau service");
	assert_true(json_array_size(json_object_get(values, "errors")) >= 3);
	json_decref(values);
	json_decref(errors);
	json_decref(form);
}

/* edit_fields.html as compiled into the binary, and a page "t" that includes it in a
** form, as the editor's and the applicants' pages do. */
static struct tmpl_set *
templates(void)
{
	static const char page[] = "<form method=\"post\">{{#page}}{{>edit_fields.html}}{{/page}}</form>";
	const struct embedded_file *file = embedded_find("client-web/templates/edit_fields.html");
	struct tmpl_set *set = tmpl_set_new();
	char err[300];

	assert_non_null(set);
	assert_non_null(file);
	if (tmpl_set_add(set, "edit_fields.html", (const char *)file->data, file->len, err,
	    sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(tmpl_set_add(set, "t", page, strlen(page), err, sizeof err), 0);
	if (tmpl_set_link(set, err, sizeof err) != 0)
		fail_msg("%s", err);
	return set;
}

static const char *
translate(void *arg, const char *msgid)
{
	const struct view_context *vl = arg;

	return i18n_get(vl->i18n, vl->ui, msgid);
}

static char *
render(const struct tmpl_set *set, json_t *values, struct view_context *vl)
{
	struct buf out = BUF_INIT;
	json_t *ctx = json_pack("{sO}", "page", values);

	assert_int_equal(tmpl_render(set, "t", ctx, translate, vl, &out), 0);
	json_decref(ctx);
	return buf_detach(&out, NULL);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

/* The value of attribute attr (like "id=\"") in the tag starting at tag, into out. */
static int
attribute(const char *tag, const char *attr, char *out, size_t outlen)
{
	const char *end = strchr(tag, '>'), *a = strstr(tag, attr), *q;

	if (a == NULL || end == NULL || a > end)
		return 0;
	a += strlen(attr);
	q = strchr(a, '"');
	snprintf(out, outlen, "%.*s", (int)(q - a), a);
	return 1;
}

/* Every visible control has an id, unique, and a <label for> naming it. */
static void
assert_every_control_labelled(const char *html)
{
	static const char *const tags[] = { "<input ", "<textarea ", "<select " };
	char id[120], want[140], type[40];
	const char *p;
	size_t t, controls = 0;

	for (t = 0; t < 3; t++)
		for (p = html; (p = strstr(p, tags[t])) != NULL; p++) {
			if (attribute(p, "type=\"", type, sizeof type) && strcmp(type, "hidden") == 0)
				continue;
			if (!attribute(p, " id=\"", id, sizeof id))
				fail_msg("control without id: %.80s", p);
			snprintf(want, sizeof want, "for=\"%s\"", id);
			if (count(html, want) != 1)
				fail_msg("%s has %zu labels", id, count(html, want));
			snprintf(want, sizeof want, " id=\"%s\"", id);
			if (count(html, want) != 1)
				fail_msg("id %s is used %zu times", id, count(html, want));
			controls++;
		}
	assert_true(controls > 100);
}

static void
test_the_template_renders_every_field(void **state)
{
	static const char *const expected[] = {
		"name=\"name\"", "name=\"alternate_names\"", "name=\"description.ar\"",
		"name=\"website\"", "name=\"email\"", "name=\"provides_services\"",
		"name=\"categories\" value=\"health\"", "name=\"commitment\" value=\"no-border-agency\"",
		"name=\"service.0.id\"", "name=\"service.0.remove\"", "name=\"service.0.name.es\"",
		"name=\"service.0.description.fr\"", "name=\"service.0.categories\"",
		"name=\"service.0.fees\"", "name=\"service.0.fee_note.en\"",
		"name=\"service.0.at_the_door.ar\"", "name=\"service.0.no_id_needed\"",
		"name=\"service.0.languages\"", "name=\"location.0.id\"", "name=\"location.0.remove\"",
		"name=\"location.0.name.fr\"", "name=\"location.0.address\"",
		"name=\"location.0.neighbourhood\"", "name=\"location.0.city\"",
		"name=\"location.0.postal_code\"", "name=\"location.0.latitude\"",
		"name=\"location.0.longitude\"", "name=\"location.0.confidential\"",
		"name=\"location.0.call_first.es\"", "name=\"location.0.accessibility.en\"",
		"name=\"location.0.hours\"", "name=\"location.0.phones\"",
		"lang=\"ar\" dir=\"auto\"", "Held since <time datetime=\"",
		"id=\"f-location-0-coords-hint\"", "aria-describedby=\"f-location-0-coords-hint\"",
	};
	const struct fixture *f = *state;
	const json_t *org = find_org(f->demo, has_services_and_locations);
	struct tmpl_set *set = templates();
	struct view_context vl = context(f, UI_EN);
	json_t *values = editform_values(org, NULL, &vl), *errors;
	char *html, new_slot[80];
	size_t i;

	html = render(set, values, &vl);
	for (i = 0; i < sizeof expected / sizeof expected[0]; i++)
		if (strstr(html, expected[i]) == NULL)
			fail_msg("missing %s", expected[i]);
	snprintf(new_slot, sizeof new_slot, "name=\"service.%zu.id\" value=\"\"",
	    json_array_size(json_object_get(org, "services")));
	assert_non_null(strstr(html, new_slot));
	assert_null(strstr(html, "ef-errors"));
	assert_null(strstr(html, "aria-invalid"));
	assert_int_equal(count(html, "<fieldset"), count(html, "</fieldset>"));
	assert_int_equal(count(html, "<details"), count(html, "</details>"));
	assert_int_equal(count(html, "<div"), count(html, "</div>"));
	assert_every_control_labelled(html);
	free(html);
	json_decref(values);
	/* With errors: the summary links to the fields, which say they are invalid. */
	errors = json_pack("{ssss}", "location.0.hours", "Line 2: give the hours like 09:00-17:00.",
	    "service.1.categories", "Choose at least one category.");
	values = editform_values(org, errors, &vl);
	html = render(set, values, &vl);
	assert_non_null(strstr(html, "role=\"alert\""));
	assert_non_null(strstr(html, "href=\"#f-location-0-hours\""));
	assert_non_null(strstr(html, "href=\"#f-service-1-categories-health\""));
	assert_non_null(strstr(html, "id=\"f-location-0-hours-error\""));
	assert_non_null(strstr(html, "aria-describedby=\"f-location-0-hours-hint f-location-0-hours-error\" aria-invalid=\"true\""));
	free(html);
	json_decref(values);
	json_decref(errors);
	/* Arabic, and a blank form. */
	vl = context(f, UI_AR);
	values = editform_values(NULL, NULL, &vl);
	html = render(set, values, &vl);
	assert_non_null(strstr(html, "name=\"service.0.id\" value=\"\""));
	assert_null(strstr(html, "name=\"service.1.id\""));
	assert_non_null(strstr(html, "value=\"status-for-all\" checked"));
	free(html);
	json_decref(values);
	tmpl_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_demo_record_survives_the_round_trip),
		cmocka_unit_test(test_every_real_record_survives_the_round_trip),
		cmocka_unit_test(test_the_empty_slot_adds_a_service),
		cmocka_unit_test(test_remove_drops_a_location_and_keeps_the_others),
		cmocka_unit_test(test_commitments_keep_their_date_and_new_ones_start_today),
		cmocka_unit_test(test_an_undated_commitment_stays_undated),
		cmocka_unit_test(test_unticking_status_for_all_is_refused),
		cmocka_unit_test(test_a_new_organization_is_pending_with_a_new_id),
		cmocka_unit_test(test_hours_are_read_as_people_write_them),
		cmocka_unit_test(test_bad_hours_lines_are_named_on_their_field),
		cmocka_unit_test(test_phone_labels_in_other_languages_are_kept),
		cmocka_unit_test(test_bad_fields_are_all_reported_at_once),
		cmocka_unit_test(test_ids_of_other_organizations_are_refused),
		cmocka_unit_test(test_record_check_messages_name_the_form_field),
		cmocka_unit_test(test_garbage_forms_give_errors_never_crashes),
		cmocka_unit_test(test_values_carry_errors_next_to_fields_and_in_a_summary),
		cmocka_unit_test(test_a_refused_form_is_shown_again_as_typed),
		cmocka_unit_test(test_the_template_renders_every_field),
	};

	return cmocka_run_group_tests_name("editform", tests, setup, teardown);
}
