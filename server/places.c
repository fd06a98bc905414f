/*
** places.c - loading the place names and finding a place by what a visitor typed
** (see places.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embedded.h"
#include "fold.h"
#include "geo.h"
#include "places.h"

#define PLACES_FILE "fixtures/places.json"

/* Bytes of the separator at s (a space, hyphen, dash or apostrophe that is not ASCII:
** U+00A0, U+2010..U+2015, U+2018, U+2019), or 0. */
static size_t
wide_separator(const unsigned char *s, size_t len)
{
	if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x90 && s[2] <= 0x95) || s[2] == 0x98 || s[2] == 0x99))
		return 3;
	return 0;
}

/* Bytes to skip at s, which is not a word character: a whole wide separator, else one. */
static size_t
separator_length(const unsigned char *s, size_t len)
{
	size_t n = wide_separator(s, len);

	return n > 0 ? n : 1;
}

/* Bytes of the word character at s (a letter or digit, any non-ASCII character but
** the separators above), or 0. */
static size_t
key_char(const unsigned char *s, size_t len)
{
	if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))
		return 1;
	return s[0] >= 0x80 && wide_separator(s, len) == 0 ? 1 : 0;
}

/* Append one word of a key, reading the abbreviations "st" and "ste" in full. */
static void
put_word(struct buf *out, const char *word, size_t len)
{
	if (out->len > 0)
		buf_putc(out, ' ');
	if (len == 2 && memcmp(word, "st", 2) == 0)
		buf_puts(out, "saint");
	else if (len == 3 && memcmp(word, "ste", 3) == 0)
		buf_puts(out, "sainte");
	else
		buf_append(out, word, len);
}

int
places_key(const char *name, char **key)
{
	struct buf folded = BUF_INIT, out = BUF_INIT;
	const unsigned char *bytes;
	size_t i = 0, start;
	int rc = -1;

	if (fold_text(&folded, name, strlen(name)) != 0 || buf_putc(&out, '\0') != 0)
		goto done;
	buf_reset(&out);
	bytes = (const unsigned char *)folded.data;
	while (i < folded.len) {
		while (i < folded.len && !key_char(bytes + i, folded.len - i))
			i += separator_length(bytes + i, folded.len - i);
		start = i;
		while (i < folded.len && key_char(bytes + i, folded.len - i))
			i++;
		if (i > start)
			put_word(&out, folded.data + start, i - start);
	}
	if (!buf_failed(&out)) {
		*key = buf_detach(&out, NULL);
		rc = 0;
	}
done:
	buf_free(&folded);
	buf_free(&out);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(((const struct place_name *)a)->key, ((const struct place_name *)b)->key);
}

static const char *const kind_names[] = { "city", "borough", "neighbourhood" };

static int
parse_kind(const char *s, enum place_kind *kind)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*kind = (enum place_kind)i;
			return 0;
		}
	return -1;
}

static int
parse_point(const json_t *item, struct place *pl)
{
	const json_t *lat = json_object_get(item, "latitude"), *lon = json_object_get(item, "longitude");

	if (!json_is_number(lat) || !json_is_number(lon))
		return -1;
	pl->latitude = json_number_value(lat);
	pl->longitude = json_number_value(lon);
	return pl->latitude >= -90 && pl->latitude <= 90 && pl->longitude >= -180 &&
	    pl->longitude <= 180 ? 0 : -1;
}

/* Record one name of place index at; the key is owned by the table. */
static int
add_name(struct places *p, const char *name, size_t at, char *err, size_t errlen)
{
	char *key;

	if (name == NULL || places_key(name, &key) != 0) {
		snprintf(err, errlen, "%s: a place name is not a string", PLACES_FILE);
		return -1;
	}
	if (key[0] == '\0') {
		free(key);
		snprintf(err, errlen, "%s: the place name \"%s\" has no letters", PLACES_FILE, name);
		return -1;
	}
	p->names[p->nnames].key = key;
	p->names[p->nnames].place = at;
	p->nnames++;
	return 0;
}

static int
load_place(struct places *p, const json_t *item, char *err, size_t errlen)
{
	struct place *pl = &p->items[p->count];
	const json_t *alt;
	size_t i;

	pl->name = json_string_value(json_object_get(item, "name"));
	pl->city = json_string_value(json_object_get(item, "city"));
	if (pl->name == NULL ||
	    parse_kind(json_string_value(json_object_get(item, "kind")), &pl->kind) != 0 ||
	    parse_point(item, pl) != 0) {
		snprintf(err, errlen, "%s: places[%zu] needs a name, a kind and a point", PLACES_FILE,
		    p->count);
		return -1;
	}
	if (add_name(p, pl->name, p->count, err, errlen) != 0)
		return -1;
	json_array_foreach(json_object_get(item, "alternate_names"), i, alt)
		if (add_name(p, json_string_value(alt), p->count, err, errlen) != 0)
			return -1;
	p->count++;
	return 0;
}

static int
valid_fsa(const char *s)
{
	return s != NULL && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' &&
	    s[1] <= '9' && s[2] >= 'A' && s[2] <= 'Z';
}

static int
load_postal_area(struct places *p, const json_t *item, char *err, size_t errlen)
{
	struct place *pl = &p->items[p->count];

	pl->name = json_string_value(json_object_get(item, "fsa"));
	pl->city = json_string_value(json_object_get(item, "place"));
	pl->kind = PLACE_POSTAL_AREA;
	if (!valid_fsa(pl->name) || parse_point(item, pl) != 0) {
		snprintf(err, errlen, "%s: postal_areas: an entry needs an fsa like H3N and a point",
		    PLACES_FILE);
		return -1;
	}
	p->count++;
	return 0;
}

/* Names that match alike must name the same place, or a typed name would be
** ambiguous; a place's own names that match alike are kept once. */
static int
check_unique(struct places *p, char *err, size_t errlen)
{
	size_t i, j, kept = 0;

	for (i = 0; i < p->nnames; i++) {
		if (kept > 0 && strcmp(p->names[kept - 1].key, p->names[i].key) == 0) {
			if (p->names[kept - 1].place != p->names[i].place) {
				snprintf(err, errlen, "%s: \"%s\" and \"%s\" are the same name", PLACES_FILE,
				    p->items[p->names[kept - 1].place].name, p->items[p->names[i].place].name);
				for (j = i; j < p->nnames; j++)
					free(p->names[j].key);
				p->nnames = kept;
				return -1;
			}
			free(p->names[i].key);
			continue;
		}
		p->names[kept++] = p->names[i];
	}
	p->nnames = kept;
	return 0;
}

static size_t
count_names(const json_t *list)
{
	const json_t *item;
	size_t i, n = 0;

	json_array_foreach(list, i, item)
		n += 1 + json_array_size(json_object_get(item, "alternate_names"));
	return n;
}

static int
load_all(struct places *p, char *err, size_t errlen)
{
	const json_t *list = json_object_get(p->root, "places");
	const json_t *areas = json_object_get(p->root, "postal_areas"), *item;
	size_t i;

	if (!json_is_array(list) || !json_is_array(areas) || json_integer_value(json_object_get(p->root, "version")) != 1) {
		snprintf(err, errlen, "%s: not a version 1 places file", PLACES_FILE);
		return -1;
	}
	p->items = calloc(json_array_size(list) + json_array_size(areas) + 1, sizeof *p->items);
	p->names = calloc(count_names(list) + 1, sizeof *p->names);
	if (p->items == NULL || p->names == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	json_array_foreach(list, i, item)
		if (load_place(p, item, err, errlen) != 0)
			return -1;
	json_array_foreach(areas, i, item)
		if (load_postal_area(p, item, err, errlen) != 0)
			return -1;
	qsort(p->names, p->nnames, sizeof *p->names, cmp_names);
	return check_unique(p, err, errlen);
}

int
places_load(struct places *out, const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t jerr;

	memset(out, 0, sizeof *out);
	out->root = json_loadb(text, len, 0, &jerr);
	if (out->root == NULL) {
		snprintf(err, errlen, "%s:%d: %s", PLACES_FILE, jerr.line, jerr.text);
		return -1;
	}
	if (load_all(out, err, errlen) != 0) {
		places_free(out);
		return -1;
	}
	return 0;
}

int
places_load_embedded(struct places *out, char *err, size_t errlen)
{
	const struct embedded_file *f = embedded_find(PLACES_FILE);

	if (f == NULL) {
		memset(out, 0, sizeof *out);
		snprintf(err, errlen, "%s is not built into this program", PLACES_FILE);
		return -1;
	}
	return places_load(out, (const char *)f->data, f->len, err, errlen);
}

void
places_free(struct places *p)
{
	size_t i;

	for (i = 0; p->names != NULL && i < p->nnames; i++)
		free(p->names[i].key);
	free(p->names);
	free(p->items);
	json_decref(p->root);
	memset(p, 0, sizeof *p);
}

static const struct place_name *
find_key(const struct places *p, const char *key)
{
	struct place_name probe;

	probe.key = (char *)key;
	return bsearch(&probe, p->names, p->nnames, sizeof *p->names, cmp_names);
}

const struct place *
places_find(const struct places *p, const char *name)
{
	const struct place_name *found;
	char *key;

	if (places_key(name, &key) != 0)
		return NULL;
	found = find_key(p, key);
	free(key);
	return found ? &p->items[found->place] : NULL;
}

const struct place *
places_find_postal(const struct places *p, const char *fsa)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->items[i].kind == PLACE_POSTAL_AREA && strcmp(p->items[i].name, fsa) == 0)
			return &p->items[i];
	return NULL;
}

const struct place *
places_nearest_city(const struct places *p, double latitude, double longitude, double max_km)
{
	const struct place *best = NULL;
	double km, best_km = max_km;
	size_t i;

	for (i = 0; i < p->count; i++) {
		if (p->items[i].kind != PLACE_CITY)
			continue;
		km = geo_distance_km(latitude, longitude, p->items[i].latitude, p->items[i].longitude);
		if (km <= best_km) {
			best = &p->items[i];
			best_km = km;
		}
	}
	return best;
}

/* ---- suggestions ------------------------------------------------------------------- */

#define EDIT_MAX_LEN 64

/* Edit distance between a and b (bytes of their keys), or a large number when either
** is too long to compare. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t row[EDIT_MAX_LEN + 1], la = strlen(a), lb = strlen(b), i, j, diag, up, best;

	if (la > EDIT_MAX_LEN || lb > EDIT_MAX_LEN)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* How far a name key is from what was typed: 0 starts with it, 1 + edits when close
** enough to suggest, or -1. */
static int
closeness(const char *typed, const char *key)
{
	size_t len = strlen(typed), allowed = len < 5 ? 1 : len < 9 ? 2 : 3, d;

	if (len >= 3 && strncmp(key, typed, len) == 0)
		return 0;
	if (len >= 4 && strstr(key, typed) != NULL)
		return 1;
	d = edit_distance(typed, key);
	return d <= allowed ? (int)(1 + d) : -1;
}

struct candidate {
	int         score;
	const char *name;
};

static int
cmp_candidates(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score - y->score;
	return strcmp(x->name, y->name);
}

/* Where name already is among the n candidates, or n. */
static size_t
candidate_of(const struct candidate *c, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && c[i].name != name; i++)
		;
	return i;
}

size_t
places_suggest(const struct places *p, const char *typed, const char **out, size_t max)
{
	struct candidate *c;
	size_t i, at, n = 0;
	char *key;
	int score;

	if (places_key(typed, &key) != 0)
		return 0;
	c = calloc(p->nnames + 1, sizeof *c);
	for (i = 0; c != NULL && key[0] != '\0' && i < p->nnames; i++) {
		score = closeness(key, p->names[i].key);
		if (score < 0)
			continue;
		at = candidate_of(c, n, p->items[p->names[i].place].name);
		if (at == n) {
			c[n].name = p->items[p->names[i].place].name;
			c[n].score = score;
			n++;
		} else if (score < c[at].score) {
			c[at].score = score;
		}
	}
	if (c != NULL)
		qsort(c, n, sizeof *c, cmp_candidates);
	for (i = 0; c != NULL && i < n && i < max; i++)
		out[i] = c[i].name;
	free(c);
	free(key);
	return i;
}
