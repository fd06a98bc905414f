/*
** view.c - builds the language-resolved values of organizations and catalogs that the
** API returns and the templates render (see view.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "hours.h"
#include "search.h"
#include "summary.h"
#include "view.h"

#define SUMMARY_DESCRIPTION_BYTES 240

static const char *const day_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday" };

static const char *
tr(const struct view_context *vl, const char *msgid)
{
	return i18n_get(vl->i18n, vl->ui, msgid);
}

/* The name of a day of the week ("mon".."sun", as hours.h reads them) in the interface
** language. */
static const char *
day_label(const struct view_context *vl, const char *day)
{
	int d = hours_day(day);

	return tr(vl, day_names[d >= 0 ? d : 6]);
}

/* obj with key set to value, a new reference; NULL (both released) when either is
** missing, so that a chain of puts fails as a whole, as json_pack does. Keys are
** constant ASCII, so they are not checked. */
static json_t *
put(json_t *obj, const char *key, json_t *value)
{
	if (obj == NULL || value == NULL) {
		json_decref(obj);
		json_decref(value);
		return NULL;
	}
	if (json_object_set_new_nocheck(obj, key, value) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* A string value of text that is already known to be UTF-8 (stored texts, which were
** checked when they were saved, and compiled-in catalogs), or NULL. */
static json_t *
known_string(const char *text)
{
	return text != NULL ? json_string_nocheck(text) : NULL;
}

/* Length of the longest prefix of s not over max bytes that ends on a character
** boundary, cut preferably at a space. */
static size_t
cut_length(const char *s, size_t len, size_t max)
{
	size_t n = max, space;

	if (len <= max)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	for (space = n; space > n / 2; space--)
		if (s[space] == ' ')
			return space;
	return n;
}

/* The bytes a (alen of them) then b, texts known to be UTF-8 (a cut on a character
** boundary), as one new string; NULL out of memory. */
static json_t *
joined_string(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	char *text = malloc(alen + blen);
	json_t *out;

	if (text == NULL)
		return NULL;
	memcpy(text, a, alen);
	memcpy(text + alen, b, blen);
	out = json_stringn_nocheck(text, alen + blen);
	free(text);
	return out;
}

/* {"text", "lang", "fallback"} of text in language ui; the text is the stored string
** itself unless it is cut. */
static json_t *
resolved_text(const json_t *text, int ui, int fallback, size_t max_bytes)
{
	const char *s = json_string_value(text);
	size_t len = json_string_length(text), n = max_bytes ? cut_length(s, len, max_bytes) : len;
	json_t *out, *str;

	str = n < len ? joined_string(s, n, "…") : json_incref((json_t *)text);
	out = put(json_object(), "text", str);
	out = put(out, "lang", known_string(catalog_ui_code(ui)));
	return put(out, "fallback", json_boolean(fallback));
}

json_t *
view_text(const json_t *map, const struct view_context *vl, size_t max_bytes)
{
	int order[2 + UI_NLANG], i, n = 0;
	const json_t *text;

	order[n++] = vl->ui;
	order[n++] = vl->default_ui;
	for (i = 0; i < UI_NLANG; i++)
		order[n++] = i;
	for (i = 0; i < n; i++) {
		text = json_object_get(map, catalog_ui_code(order[i]));
		if (json_is_string(text))
			return resolved_text(text, order[i], order[i] != vl->ui, max_bytes);
	}
	return json_null();
}

static json_t *
labelled(const char *id, const struct catalog_entry *e, const struct view_context *vl, int meaning)
{
	const char *meaning_text = meaning && e != NULL ? catalog_meaning(vl->ui, e) : NULL;
	json_t *out = put(json_object(), "id", known_string(id));

	out = put(out, "label", known_string(e ? catalog_label(vl->ui, e) : id));
	if (meaning_text != NULL)
		out = put(out, "meaning", known_string(meaning_text));
	return out;
}

/* {"code", "name", "endonym"} of a spoken language: lang, the catalog's entry for code,
** or NULL when the catalog does not know it. */
static json_t *
language_entry(const char *code, const struct spoken_language *lang,
    const struct view_context *vl)
{
	json_t *out = put(json_object(), "code", known_string(code));

	out = put(out, "name", known_string(lang ? catalog_language_name(vl->ui, lang) : code));
	return put(out, "endonym", known_string(lang ? lang->endonym : code));
}

/* ---- entries shared within a response (view.h) ------------------------------------- */

/* Drop the labels made in labels->ui and forget their language; the lists are kept. */
static void
forget_labels(struct view_labels *labels)
{
	size_t i;

	for (i = 0; i < CATALOG_NCOMMITMENTS; i++)
		json_decref(labels->commitment[i]);
	for (i = 0; i < CATALOG_NCATEGORIES; i++)
		json_decref(labels->category[i]);
	for (i = 0; i < CATALOG_NLANGUAGES; i++)
		json_decref(labels->language[i]);
	for (i = 0; i < CATALOG_NFEE_LEVELS; i++)
		json_decref(labels->fees[i]);
	memset(labels->commitment, 0, sizeof labels->commitment);
	memset(labels->category, 0, sizeof labels->category);
	memset(labels->language, 0, sizeof labels->language);
	memset(labels->fees, 0, sizeof labels->fees);
	labels->ui = -1;
}

void
view_labels_release(struct view_labels *labels)
{
	size_t i;

	forget_labels(labels);
	for (i = 0; i < labels->nlists; i++) {
		json_array_clear(labels->lists[i]);
		json_decref(labels->lists[i]);
		labels->lists[i] = NULL;
	}
	labels->nlists = 0;
}

/* The shared labels of vl, emptied first when they are in another language than vl's
** (a route may settle the language after its first guess); NULL when vl shares none. */
static struct view_labels *
shared_labels(const struct view_context *vl)
{
	struct view_labels *labels = vl->labels;

	if (labels != NULL && labels->ui != vl->ui) {
		forget_labels(labels);
		labels->ui = vl->ui;
	}
	return labels;
}

/* made, kept in *slot as well when there is one; NULL stays NULL. */
static json_t *
kept(json_t **slot, json_t *made)
{
	if (slot != NULL && made != NULL)
		*slot = json_incref(made);
	return made;
}

/* The label of commitment e (a row of catalog_commitments) as a string value, shared
** when vl shares. */
static json_t *
commitment_label(const struct catalog_entry *e, const struct view_context *vl)
{
	struct view_labels *labels = shared_labels(vl);
	size_t n;
	json_t **slot = labels != NULL ? &labels->commitment[e - catalog_commitments(&n)] : NULL;

	return slot != NULL && *slot != NULL ? json_incref(*slot) :
	    kept(slot, known_string(catalog_label(vl->ui, e)));
}

/* The entry of category e (a row of catalog_categories), shared when vl shares. */
static json_t *
category_entry(const struct catalog_entry *e, const struct view_context *vl)
{
	struct view_labels *labels = shared_labels(vl);
	size_t n;
	json_t **slot = labels != NULL ? &labels->category[e - catalog_categories(&n)] : NULL;

	return slot != NULL && *slot != NULL ? json_incref(*slot) :
	    kept(slot, labelled(e->id, e, vl, 0));
}

/* The entry of a spoken language, shared when vl shares and the code is known. */
static json_t *
shared_language(const char *code, const struct view_context *vl)
{
	const struct spoken_language *lang = catalog_language(code);
	struct view_labels *labels = shared_labels(vl);
	size_t n;
	json_t **slot = labels != NULL && lang != NULL ?
	    &labels->language[lang - catalog_languages(&n)] : NULL;

	return slot != NULL && *slot != NULL ? json_incref(*slot) :
	    kept(slot, language_entry(code, lang, vl));
}

/* {"id", "label"} of a service's fees, shared when vl shares; any unknown level reads
** "Fee", as it always has. */
static json_t *
fees_entry(const char *fees, const struct view_context *vl)
{
	int k = catalog_fee_level(fees);
	struct view_labels *labels = shared_labels(vl);
	json_t **slot = labels != NULL && k >= 0 ? &labels->fees[k] : NULL;
	const char *word = catalog_fee_word(k >= 0 ? k : CATALOG_NFEE_LEVELS - 1);

	return slot != NULL && *slot != NULL ? json_incref(*slot) :
	    kept(slot, put(put(json_object(), "id", known_string(fees)), "label",
	    known_string(tr(vl, word))));
}

static json_t *
labelled_categories(const json_t *ids, const struct view_context *vl)
{
	const struct catalog_entry *e;
	json_t *out = json_array(), *id;
	size_t i;

	json_array_foreach(ids, i, id) {
		e = catalog_category(json_string_value(id));
		json_array_append_new(out, e != NULL ? category_entry(e, vl) :
		    labelled(json_string_value(id), NULL, vl, 0));
	}
	return out;
}

static json_t *
labelled_languages(const json_t *codes, const struct view_context *vl)
{
	json_t *out = json_array(), *code;
	size_t i;

	json_array_foreach(codes, i, code)
		json_array_append_new(out, shared_language(json_string_value(code), vl));
	return out;
}

/* Held commitments: [{"id", "label", "since"}], from a summary's two lists; the id and
** since are the summary's own strings, the label is shared. */
static json_t *
held_commitments(const struct summary_members *m, const struct view_context *vl)
{
	const json_t *since = m->commitments_since;
	const struct catalog_entry *e;
	json_t *out = json_array(), *id, *entry;
	size_t i;

	json_array_foreach(m->commitments, i, id) {
		e = catalog_commitment(json_string_value(id));
		entry = put(json_object(), "id", json_incref(id));
		entry = put(entry, "label", e != NULL ? commitment_label(e, vl) :
		    json_incref(id));
		if (entry != NULL)
			json_object_set_nocheck(entry, "since", json_array_get(since, i));
		json_array_append_new(out, entry);
	}
	return out;
}

/* 1 when the organization holds every commitment of the catalog (a result then shows
** one badge that says so instead of six). */
static int
holds_all(const struct summary_members *m)
{
	size_t n;

	catalog_commitments(&n);
	return json_array_size(m->commitments) == n;
}

/* Every commitment of the catalog, with whether the organization holds it and since when. */
static json_t *
commitment_table(const json_t *view, const struct view_context *vl)
{
	const struct catalog_entry *all;
	json_t *out = json_array(), *entry, *c, *since;
	size_t i, j, n;

	all = catalog_commitments(&n);
	for (i = 0; i < n; i++) {
		since = NULL;
		json_array_foreach(json_object_get(view, "commitments"), j, c)
			if (strcmp(json_string_value(json_object_get(c, "id")), all[i].id) == 0)
				since = json_object_get(c, "since");
		entry = labelled(all[i].id, &all[i], vl, 1);
		if (entry == NULL)
			continue;
		json_object_set_new_nocheck(entry, "held", json_boolean(since != NULL));
		json_object_set_nocheck(entry, "since", since ? since : json_null());
		json_array_append_new(out, entry);
	}
	return out;
}

static json_t *
org_url(const json_t *id_value)
{
	static const char prefix[] = "/organizations/";
	const char *id = json_string_value(id_value);

	return id != NULL ? joined_string(prefix, sizeof prefix - 1, id) : NULL;
}

/* The entry of a summary's lowest fee level, or null. */
static json_t *
summary_fees(const struct summary_members *m, const struct view_context *vl)
{
	const char *fees = json_string_value(m->fees);

	return fees != NULL ? fees_entry(fees, vl) : json_null();
}

/* Fields shared by a result and the organization's page, from its summary. */
static json_t *
common_fields(const struct summary_members *m, const struct view_context *vl)
{
	json_t *out = put(json_object(), "id", json_incref(m->id));

	out = put(out, "name", json_incref(m->name));
	out = put(out, "alternate_names", json_incref(m->alternate_names));
	out = put(out, "url", org_url(m->id));
	out = put(out, "categories", labelled_categories(m->categories, vl));
	out = put(out, "neighbourhoods", json_incref(m->neighbourhoods));
	out = put(out, "cities", json_incref(m->cities));
	out = put(out, "fees", summary_fees(m, vl));
	out = put(out, "languages", labelled_languages(m->languages, vl));
	out = put(out, "no_id_needed", json_incref(m->no_id_needed));
	out = put(out, "details_provided", json_incref(m->details_provided));
	out = put(out, "provides_services", json_incref(m->provides_services));
	return put(out, "updated_on", json_incref(m->updated_on));
}

/* An opening state (hours.h) with words for its days: next_open gets "day_label",
** "today" and "tomorrow". */
static json_t *
labelled_state(json_t *state, const struct view_context *vl)
{
	json_t *next = json_object_get(state, "next_open");
	json_int_t in_days;

	if (!json_is_object(next))
		return state;
	in_days = json_integer_value(json_object_get(next, "in_days"));
	json_object_set_new_nocheck(next, "day_label",
	    known_string(day_label(vl, json_string_value(json_object_get(next, "day")))));
	json_object_set_new_nocheck(next, "today", json_boolean(in_days == 0));
	json_object_set_new_nocheck(next, "tomorrow", json_boolean(in_days == 1));
	return state;
}

/* How soon a state is open: 0 open now, else minutes until it opens, or a week and more. */
static long
minutes_until_open(const json_t *state)
{
	const json_t *next = json_object_get(state, "next_open");
	int at;

	if (json_is_true(json_object_get(state, "open_now")))
		return 0;
	if (!json_is_object(next))
		return 8L * HOURS_MINUTES_PER_DAY;
	at = hours_minutes(json_string_value(json_object_get(next, "time")));
	return json_integer_value(json_object_get(next, "in_days")) * HOURS_MINUTES_PER_DAY + at;
}

/* The organization's opening state now, from its summary's locations: that of the
** location open now (or opening soonest), the nearest one winning ties; with
** "location", its id. null when no location gives hours. */
static json_t *
soonest_open(const json_t *locations, const json_t *nearest, const struct view_context *vl)
{
	const char *near_id = json_string_value(json_object_get(nearest, "location"));
	json_t *best = NULL, *state, *loc;
	long best_wait = 0, wait;
	size_t i;

	json_array_foreach(locations, i, loc) {
		state = hours_status(json_object_get(loc, "hours"), vl->now);
		if (state == NULL)
			continue;
		wait = minutes_until_open(state);
		if (best == NULL || wait < best_wait || (wait == best_wait && near_id != NULL &&
		    strcmp(near_id, json_string_value(json_object_get(loc, "id"))) == 0)) {
			json_decref(best);
			best = state;
			best_wait = wait;
			json_object_set_nocheck(best, "location", json_object_get(loc, "id"));
		} else {
			json_decref(state);
		}
	}
	return best != NULL ? labelled_state(best, vl) : json_null();
}

/* {"km", "precision", "location"} as the search measured it, or null; "approximate"
** unless measured from the location's own coordinates, "from_centre" when measured
** from the centre of its neighbourhood or city. */
static json_t *
distance_of(const json_t *nearest)
{
	const char *precision = json_string_value(json_object_get(nearest, "precision"));
	json_t *out;

	if (!json_is_object(nearest) || precision == NULL)
		return json_null();
	out = json_copy((json_t *)nearest);   /* its members are only read */
	json_object_set_new_nocheck(out, "approximate", json_boolean(strcmp(precision, "exact") != 0));
	json_object_set_new_nocheck(out, "from_centre", json_boolean(strcmp(precision, "neighbourhood") == 0 ||
	    strcmp(precision, "city") == 0));
	return out;
}

json_t *
view_summary(const json_t *summary, const json_t *nearest, const struct view_context *vl)
{
	struct summary_members m;
	json_t *out;

	summary_read(summary, &m);
	out = common_fields(&m, vl);

	if (out == NULL)
		return NULL;
	json_object_set_new_nocheck(out, "distance", distance_of(nearest));
	json_object_set_nocheck(out, "distance_km", json_is_object(nearest) ?
	    json_object_get(nearest, "km") : json_null());
	if (vl->now != NULL)
		json_object_set_new_nocheck(out, "open", soonest_open(m.locations, nearest, vl));
	json_object_set_new_nocheck(out, "description",
	    view_text(m.description, vl, SUMMARY_DESCRIPTION_BYTES));
	json_object_set_new_nocheck(out, "commitments", held_commitments(&m, vl));
	json_object_set_new_nocheck(out, "all_commitments", json_boolean(holds_all(&m)));
	json_object_set_nocheck(out, "demo", m.demo);
	return out;
}

static json_t *
view_service(const json_t *svc, const struct view_context *vl)
{
	return json_pack("{sOsosososososososO}",
	    "id", json_object_get(svc, "id"),
	    "name", view_text(json_object_get(svc, "name"), vl, 0),
	    "description", view_text(json_object_get(svc, "description"), vl, 0),
	    "categories", labelled_categories(json_object_get(svc, "categories"), vl),
	    "fees", fees_entry(json_string_value(json_object_get(svc, "fees")), vl),
	    "fee_note", view_text(json_object_get(svc, "fee_note"), vl, 0),
	    "at_the_door", view_text(json_object_get(svc, "at_the_door"), vl, 0),
	    "languages", labelled_languages(json_object_get(svc, "languages"), vl),
	    "no_id_needed", json_object_get(svc, "no_id_needed"));
}

static json_t *
view_hours(const json_t *hours, const struct view_context *vl)
{
	json_t *out = json_array(), *h;
	size_t i;

	json_array_foreach(hours, i, h)
		json_array_append_new(out, json_pack("{sOsssOsO}", "day", json_object_get(h, "day"),
		    "day_label", day_label(vl, json_string_value(json_object_get(h, "day"))),
		    "opens", json_object_get(h, "opens"), "closes", json_object_get(h, "closes")));
	return out;
}

/* "+1 514 555 0142" -> "+15145550142", for tel: links. */
static json_t *
tel_uri(const char *number)
{
	char out[48];
	size_t n = 0;

	for (; *number != '\0' && n + 1 < sizeof out; number++) {
		if (*number == 'e' || *number == 'E')
			break;     /* "ext": the extension is not dialled */
		if ((*number >= '0' && *number <= '9') || (*number == '+' && n == 0))
			out[n++] = *number;
	}
	out[n] = '\0';
	return json_sprintf("tel:%s", out);
}

static json_t *
view_phones(const json_t *phones, const struct view_context *vl)
{
	json_t *out = json_array(), *p;
	size_t i;

	json_array_foreach(phones, i, p)
		json_array_append_new(out, json_pack("{sOsoso}", "number", json_object_get(p, "number"),
		    "label", view_text(json_object_get(p, "label"), vl, 0),
		    "tel", tel_uri(json_string_value(json_object_get(p, "number")))));
	return out;
}

/* A location; fields absent from a confidential location's public view stay absent. */
static json_t *
location_state(const json_t *loc, const struct view_context *vl)
{
	json_t *state = hours_status(json_object_get(loc, "hours"), vl->now);

	return state != NULL ? labelled_state(state, vl) : json_null();
}

static json_t *
view_location(const json_t *loc, const struct view_context *vl)
{
	static const char *const plain[] = { "id", "address", "neighbourhood", "city",
	    "postal_code", "latitude", "longitude", "confidential", NULL };
	json_t *out = json_object();
	size_t i;

	for (i = 0; out != NULL && plain[i] != NULL; i++)
		if (json_object_get(loc, plain[i]) != NULL)
			json_object_set_nocheck(out, plain[i], json_object_get(loc, plain[i]));
	json_object_set_new_nocheck(out, "name", view_text(json_object_get(loc, "name"), vl, 0));
	json_object_set_new_nocheck(out, "call_first", view_text(json_object_get(loc, "call_first"), vl, 0));
	json_object_set_new_nocheck(out, "accessibility", view_text(json_object_get(loc, "accessibility"), vl, 0));
	json_object_set_new_nocheck(out, "hours", view_hours(json_object_get(loc, "hours"), vl));
	if (vl->now != NULL)
		json_object_set_new_nocheck(out, "open", location_state(loc, vl));
	json_object_set_new_nocheck(out, "phones", view_phones(json_object_get(loc, "phones"), vl));
	return out;
}

static json_t *
map_array(const json_t *arr, json_t *(*fn)(const json_t *, const struct view_context *),
    const struct view_context *vl)
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(arr, i, v)
		json_array_append_new(out, fn(v, vl));
	return out;
}

/* 1 when the listing was last updated twelve months or more before today (false when
** the view is built without a clock). */
static int
updated_long_ago(const json_t *view, const struct view_context *vl)
{
	const char *updated = json_string_value(json_object_get(view, "updated_on"));
	char year_later[40], today[40];

	if (vl->now == NULL || updated == NULL || strlen(updated) != 10)
		return 0;
	snprintf(year_later, sizeof year_later, "%04d%s", atoi(updated) + 1, updated + 4);
	snprintf(today, sizeof today, "%04d-%02d-%02d", vl->now->year, vl->now->month,
	    vl->now->day);
	return strcmp(year_later, today) <= 0;
}

json_t *
view_detail(const json_t *view, const struct view_context *vl)
{
	json_t *summary = summary_make(view), *out = NULL;
	struct summary_members m;

	if (summary != NULL) {
		summary_read(summary, &m);
		out = common_fields(&m, vl);
	}

	json_decref(summary);
	if (out == NULL)
		return NULL;
	json_object_set_new_nocheck(out, "description", view_text(json_object_get(view, "description"), vl, 0));
	json_object_set_new_nocheck(out, "commitments", commitment_table(view, vl));
	json_object_set_nocheck(out, "website", json_object_get(view, "website"));
	json_object_set_nocheck(out, "email", json_object_get(view, "email"));
	json_object_set_nocheck(out, "endorsed_on", json_object_get(view, "endorsed_on"));
	json_object_set_nocheck(out, "verification", json_object_get(view, "verification"));
	json_object_set_new_nocheck(out, "services", map_array(json_object_get(view, "services"), view_service, vl));
	json_object_set_new_nocheck(out, "locations", map_array(json_object_get(view, "locations"), view_location, vl));
	json_object_set_nocheck(out, "demo", json_object_get(view, "demo"));
	json_object_set_new_nocheck(out, "not_updated_for_a_year", json_boolean(updated_long_ago(view, vl)));
	return out;
}

size_t
view_list_size(enum view_list list)
{
	return list == VIEW_COMMITMENTS ? CATALOG_NCOMMITMENTS :
	    list == VIEW_CATEGORIES ? CATALOG_NCATEGORIES : CATALOG_NLANGUAGES;
}

const char *
view_list_id(enum view_list list, size_t i)
{
	size_t n;

	return list == VIEW_LANGUAGES ? catalog_languages(&n)[i].code :
	    list == VIEW_CATEGORIES ? catalog_categories(&n)[i].id : catalog_commitments(&n)[i].id;
}

json_t *
view_list_entry(enum view_list list, size_t i, const struct view_context *vl)
{
	const struct spoken_language *lang;
	const struct catalog_entry *e;
	size_t n;

	if (i >= view_list_size(list))
		return NULL;
	if (list == VIEW_LANGUAGES) {
		lang = catalog_languages(&n) + i;
		return language_entry(lang->code, lang, vl);
	}
	e = (list == VIEW_CATEGORIES ? catalog_categories(&n) : catalog_commitments(&n)) + i;
	return labelled(e->id, e, vl, list == VIEW_COMMITMENTS);
}

/* ---- the filters' entries, shared by every response (view.h) ---------------------- */

/* Every entry of list, made afresh, in catalog order. */
static json_t *
whole_list(enum view_list list, const struct view_context *vl)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; out != NULL && i < view_list_size(list); i++)
		json_array_append_new(out, view_list_entry(list, i, vl));
	return out;
}

json_t *
view_commitments(const struct view_context *vl)
{
	return whole_list(VIEW_COMMITMENTS, vl);
}

json_t *
view_categories(const struct view_context *vl)
{
	return whole_list(VIEW_CATEGORIES, vl);
}

json_t *
view_languages(const struct view_context *vl)
{
	return whole_list(VIEW_LANGUAGES, vl);
}

static const enum view_list lists[] = { VIEW_COMMITMENTS, VIEW_CATEGORIES, VIEW_LANGUAGES };
#define NFILTER_LISTS (sizeof lists / sizeof lists[0])

/* Where the shared entries of list in language ui start (view_list_size of them). */
static json_t *(*filter_slots(struct view_filter_entries *f, enum view_list list, int ui))[2]
{
	return list == VIEW_COMMITMENTS ? f->commitment[ui] :
	    list == VIEW_CATEGORIES ? f->category[ui] : f->language[ui];
}

/* Fill the slots of list in language ui: each entry made twice, marked selected and
** not. -1 out of memory. */
static int
make_filter_list(struct view_filter_entries *f, enum view_list list, int ui,
    const struct i18n *i18n)
{
	struct view_context vl = { ui, ui, i18n, NULL, NULL };
	json_t *(*slots)[2] = filter_slots(f, list, ui), *entry;
	size_t i;
	int selected;

	for (i = 0; i < view_list_size(list); i++)
		for (selected = 0; selected < 2; selected++) {
			slots[i][selected] = entry = view_list_entry(list, i, &vl);
			if (entry == NULL || json_object_set_new_nocheck(entry, "selected",
			    json_boolean(selected)) != 0)
				return -1;
		}
	return 0;
}

int
view_filter_entries_make(struct view_filter_entries *f, const struct i18n *i18n)
{
	size_t k;
	int ui;

	memset(f, 0, sizeof *f);
	for (ui = 0; ui < UI_NLANG; ui++)
		for (k = 0; k < NFILTER_LISTS; k++)
			if (make_filter_list(f, lists[k], ui, i18n) != 0) {
				view_filter_entries_release(f);
				return -1;
			}
	return 0;
}

void
view_filter_entries_release(struct view_filter_entries *f)
{
	json_t *(*slots)[2];
	size_t k, i;
	int ui;

	for (ui = 0; ui < UI_NLANG; ui++)
		for (k = 0; k < NFILTER_LISTS; k++) {
			slots = filter_slots(f, lists[k], ui);
			for (i = 0; i < view_list_size(lists[k]); i++) {
				json_decref(slots[i][0]);
				json_decref(slots[i][1]);
			}
		}
	memset(f, 0, sizeof *f);
}

/* list made afresh in vl's language, its entries whose id is in chosen selected. */
static json_t *
fresh_marked_list(enum view_list list, const struct view_context *vl, const json_t *chosen)
{
	json_t *out = whole_list(list, vl), *entry;
	size_t i;

	json_array_foreach(out, i, entry)
		if (json_object_set_new_nocheck(entry, "selected",
		    json_boolean(search_list_has(chosen, view_list_id(list, i)))) != 0) {
			json_decref(out);
			return NULL;
		}
	return out;
}

json_t *
view_filter_list(const struct view_filter_entries *f, enum view_list list,
    const struct view_context *vl, const json_t *chosen)
{
	struct view_labels *labels = vl->labels;
	json_t *(*slots)[2], *out;
	size_t i;

	if (vl->ui < 0 || vl->ui >= UI_NLANG)
		return NULL;
	if (labels != NULL && labels->nlists == VIEW_SHARED_LISTS)
		return fresh_marked_list(list, vl, chosen);
	if ((out = json_array()) == NULL)
		return NULL;
	slots = filter_slots((struct view_filter_entries *)f, list, vl->ui);
	for (i = 0; i < view_list_size(list); i++)
		if (json_array_append(out,
		    slots[i][search_list_has(chosen, view_list_id(list, i))]) != 0) {
			json_decref(out);
			return NULL;
		}
	if (labels != NULL)
		labels->lists[labels->nlists++] = json_incref(out);
	return out;
}
