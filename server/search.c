/*
** search.c - search parameters, their validation and their execution (see search.h).
**
** The six statements below are the whole search: with words or without, and with no
** point, a point, or a point and a radius (search_sql chooses). Every filter is written
** once, present in all six, and switched off by binding NULL; repeatable filters are
** bound as JSON arrays and read with json_each, so the SQL text never depends on the
** request's values.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "fold.h"
#include "geo.h"
#include "html.h"
#include "jsonarena.h"
#include "jsonout.h"
#include "search.h"
#include "search_sql.h"
#include "snapshot.h"
#include "validate.h"

/* The matching organizations, one row each: the "hits" table is materialized once,
** counted once and sorted once, with only ids and sort keys in it. */
#define HITS " hits AS MATERIALIZED (SELECT o.org_id, o.name_key, o.uuid,"
#define NO_SCORE " NULL AS score,"
#define NO_POINT " NULL AS km, NULL AS nearest, NULL AS precision"
#define POINT " d.km, d.nearest, d.precision"

/* ?8: 1 by name, 2 by distance (organizations without a point last), else relevance;
** name and id break ties, so the order is total. */
#define ORDER_KEYS \
    " ORDER BY CASE WHEN ?8 = 1 THEN name_key END," \
    " CASE WHEN ?8 = 2 THEN km IS NULL END, CASE WHEN ?8 = 2 THEN km END," \
    " score, name_key, uuid"

/* The page is chosen on ids and sort keys only; the summaries (publish.h) are read
** afterwards for the rows of the page alone. */
#define PAGE_THEN_SUMMARIES \
    " page AS (SELECT hits.*, (SELECT count(*) FROM hits) AS total FROM hits" ORDER_KEYS \
    "  LIMIT ?9 OFFSET ?10)" \
    " SELECT doc.summary, page.total, page.km, page.nearest, page.precision, page.score," \
    "  page.name_key, page.uuid" \
    " FROM page JOIN organization_document doc ON doc.org_id = page.org_id" ORDER_KEYS

/* Six statements: with words or without, and with no point, a point and no radius (every
** organization, those without a point last), or a point and a radius (only what lies
** within it: an inner join on the distances). */
static const char sql_search_words[] =
    "WITH" WORDS "," HITS " m.score," NO_POINT
    "  FROM m JOIN organization o ON o.org_id = m.org_id" VISIBLE "),"
    PAGE_THEN_SUMMARIES;

static const char sql_search_words_point[] =
    "WITH" WORDS "," DISTANCES "," HITS " m.score," POINT
    "  FROM m JOIN organization o ON o.org_id = m.org_id LEFT JOIN d ON d.org_id = o.org_id"
    VISIBLE "),"
    PAGE_THEN_SUMMARIES;

static const char sql_search_words_radius[] =
    "WITH" WORDS "," DISTANCES "," HITS " m.score," POINT
    "  FROM m JOIN d ON d.org_id = m.org_id JOIN organization o ON o.org_id = m.org_id"
    VISIBLE " AND d.km <= ?13),"
    PAGE_THEN_SUMMARIES;

static const char sql_search_all[] =
    "WITH" HITS NO_SCORE NO_POINT
    "  FROM organization o" VISIBLE "),"
    PAGE_THEN_SUMMARIES;

static const char sql_search_all_point[] =
    "WITH" DISTANCES "," HITS NO_SCORE POINT
    "  FROM organization o LEFT JOIN d ON d.org_id = o.org_id" VISIBLE "),"
    PAGE_THEN_SUMMARIES;

static const char sql_search_all_radius[] =
    "WITH" DISTANCES "," HITS NO_SCORE POINT
    "  FROM d JOIN organization o ON o.org_id = d.org_id" VISIBLE " AND d.km <= ?13),"
    PAGE_THEN_SUMMARIES;

/* The index's terms, kept in a table of their own when the index changes (store.c). */
static const char sql_vocabulary[] = "SELECT term FROM search_term";

/* Whether the words alone (no filter) find a public organization. CROSS JOIN keeps the
** index first: the other order probed it once per organization (70 ms on 10k). */
static const char sql_words_match[] =
    "SELECT 1 FROM search_index CROSS JOIN organization o ON o.org_id = search_index.rowid"
    " WHERE search_index MATCH ?1 AND o.state = 'verified' LIMIT 1";

/* What a page of results from the image (snapshot.h) reads from the database. */
static const char sql_summary[] = "SELECT summary FROM organization_document WHERE org_id = ?1";
static const char sql_location[] = "SELECT uuid, precision FROM location WHERE location_id = ?1";

static const char sql_count_public[] =
    "SELECT count(*) FROM organization WHERE state = 'verified'";

static const char sql_get_org[] =
    "SELECT coalesce(d.public_view, d.record) FROM organization o JOIN organization_document d"
    " ON d.org_id = o.org_id WHERE o.uuid = ?1 AND o.state = 'verified'";

/* ---- parameters ------------------------------------------------------------------- */

const char *const search_param_names[] = { "q", "category", "commitment", "language",
	"neighbourhood", "city", "fees", "near", "radius", "nogeo", "facets", "open_now", "open_at",
	"page", "per_page", "sort", "lang", NULL };

/* The text of a parameter value: strings as they are, integers written in decimal into
** tmp; NULL for other types. */
static const char *
value_text(const json_t *v, char *tmp, size_t tmplen)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(tmp, tmplen, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	return NULL;
}

static int
bad(struct api_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A 400 bad_parameter error; always returns -1. */
static int
bad(struct api_error *err, const char *fmt, ...)
{
	va_list ap;

	err->status = 400;
	err->code = "bad_parameter";
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}

/* The single text value of key, or NULL when absent. Repeated keys are an error. */
static int
single_value(const json_t *params, const char *key, char *tmp, size_t tmplen,
    const char **out, struct api_error *err)
{
	const json_t *v = json_object_get(params, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_array(v)) {
		if (json_array_size(v) != 1)
			return bad(err, "%s is given more than once%s", key, "");
		v = json_array_get(v, 0);
	}
	*out = value_text(v, tmp, tmplen);
	if (*out == NULL)
		return bad(err, "%s must be a string%s", key, "");
	if (!valid_utf8(*out, strlen(*out)))
		return bad(err, "%s is not valid UTF-8 text%s", key, "");
	return 0;
}

typedef int (*id_check_fn)(const char *id);

static int
is_category(const char *id)
{
	return catalog_category(id) != NULL;
}

static int
is_commitment(const char *id)
{
	return catalog_commitment(id) != NULL;
}

static int
is_language(const char *id)
{
	return catalog_language(id) != NULL;
}

int
search_list_has(const json_t *list, const char *id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), id) == 0)
			return 1;
	return 0;
}

/* A repeatable parameter of catalog ids: *out becomes an array of the distinct values. */
static int
id_list(const json_t *params, const char *key, id_check_fn known, const char *what,
    json_t **out, struct api_error *err)
{
	const json_t *v = json_object_get(params, key), *item;
	const char *id;
	size_t i, n;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	n = json_is_array(v) ? json_array_size(v) : 1;
	if (n > SEARCH_MAX_VALUES)
		return bad(err, "%s is given more than 20 times%s", key, "");
	*out = json_array();
	for (i = 0; i < n; i++) {
		item = json_is_array(v) ? json_array_get(v, i) : v;
		id = json_string_value(item);
		if (id == NULL || !valid_utf8(id, strlen(id)))
			return bad(err, "%s must be a string%s", key, "");
		if (id[0] == '\0')
			continue;       /* an empty choice, e.g. "any" in a form: not given */
		if (!known(id)) {
			api_error_set(err, 400, "bad_parameter", "unknown %s \"%.60s\"", what, id);
			return -1;
		}
		if (!search_list_has(*out, id))
			json_array_append_new(*out, json_string(id));
	}
	return 0;
}

static int
text_param(const json_t *params, const char *key, size_t max, char *dest,
    struct api_error *err)
{
	const char *s;
	char tmp[32];

	dest[0] = '\0';
	if (single_value(params, key, tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s == NULL || s[0] == '\0')
		return 0;
	if (!valid_text(s, strlen(s), max, 0))
		return bad(err, "%s must be at most %s bytes of text without control characters",
		    key, max == SEARCH_MAX_QUERY ? "256" : "100");
	memcpy(dest, s, strlen(s) + 1);
	return 0;
}

static int
number_param(const json_t *params, const char *key, long min, long max, long dflt,
    long *dest, struct api_error *err)
{
	const char *s;
	char tmp[32];

	*dest = dflt;
	if (json_is_real(json_object_get(params, key)))
		return bad(err, "%s must be a whole number from %ld to %ld", key, min, max);
	if (single_value(params, key, tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s == NULL || s[0] == '\0')
		return 0;
	if (!valid_long(s, min, max, dest)) {
		api_error_set(err, 400, "bad_parameter", "%s must be a whole number from %ld to %ld",
		    key, min, max);
		return -1;
	}
	return 0;
}

static int
choice_params(const json_t *params, struct search_params *out, struct api_error *err)
{
	const char *s;
	char tmp[32];

	if (single_value(params, "fees", tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s != NULL && s[0] == '\0')
		s = NULL;
	if (s != NULL && strcmp(s, "free") != 0)
		return bad(err, "%s must be \"free\", not \"%.40s\"", "fees", s);
	out->fees_free = s != NULL;
	if (single_value(params, "sort", tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s == NULL || s[0] == '\0')
		out->sort = SORT_DEFAULT;
	else if (strcmp(s, "relevance") == 0)
		out->sort = SORT_RELEVANCE;
	else if (strcmp(s, "name") == 0)
		out->sort = SORT_NAME;
	else if (strcmp(s, "distance") == 0)
		out->sort = SORT_DISTANCE;
	else
		return bad(err, "%s must be \"relevance\", \"name\" or \"distance\", not \"%.40s\"",
		    "sort", s);
	return 0;
}

/* A yes/no parameter: "1" or "true" yes, "0" or "false" or empty no. */
static int
flag_param(const json_t *params, const char *key, int *dest, struct api_error *err)
{
	const char *s;
	char tmp[32];

	*dest = 0;
	if (single_value(params, key, tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s == NULL || s[0] == '\0' || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
		*dest = 1;
		return 0;
	}
	return bad(err, "%s must be 1 or 0, not \"%.40s\"", key, s);
}

static int
near_params(const json_t *params, const struct places *places, struct search_params *out,
    struct api_error *err)
{
	const char *s;
	char tmp[32];

	if (single_value(params, "near", tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s != NULL && s[0] != '\0' && near_parse(places, s, &out->near, err) != 0)
		return -1;
	if (single_value(params, "radius", tmp, sizeof tmp, &s, err) != 0)
		return -1;
	out->radius_km = SEARCH_DEFAULT_RADIUS;
	if (s != NULL && s[0] != '\0') {
		if (!valid_double(s, SEARCH_MIN_RADIUS, SEARCH_MAX_RADIUS, &out->radius_km))
			return bad(err, "radius must be a number of kilometres from 0.1 to %d", SEARCH_MAX_RADIUS);
		out->radius_given = 1;
	}
	return 0;
}

static int
open_params(const json_t *params, struct search_params *out, struct api_error *err)
{
	const char *s;
	char tmp[32];

	if (flag_param(params, "open_now", &out->open_now, err) != 0 ||
	    single_value(params, "open_at", tmp, sizeof tmp, &s, err) != 0)
		return -1;
	if (s == NULL || s[0] == '\0') {
		out->open_filter = out->open_now;
		return 0;
	}
	if (out->open_now)
		return bad(err, "give open_now or open_at, not both%s", "");
	if (zone_parse_local(s, &out->open_time) != 0)
		return bad(err, "open_at must be a local date and time like 2026-11-21T14:30, not \"%.40s\"", s);
	snprintf(out->open_at, sizeof out->open_at, "%04d-%02d-%02dT%02d:%02d",
	    out->open_time.year, out->open_time.month, out->open_time.day,
	    out->open_time.minute / 60, out->open_time.minute % 60);
	out->open_filter = 1;
	return 0;
}

int
search_params_parse(const json_t *params, const struct places *places,
    struct search_params *out, struct api_error *err)
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(params)) {
		api_error_set(err, 400, "bad_request", "the search parameters must be a JSON object");
		return -1;
	}
	if (text_param(params, "q", SEARCH_MAX_QUERY, out->q, err) != 0 ||
	    id_list(params, "category", is_category, "category", &out->categories, err) != 0 ||
	    id_list(params, "commitment", is_commitment, "commitment", &out->commitments, err) != 0 ||
	    id_list(params, "language", is_language, "language", &out->languages, err) != 0 ||
	    text_param(params, "neighbourhood", SEARCH_MAX_PLACE, out->neighbourhood, err) != 0 ||
	    text_param(params, "city", SEARCH_MAX_PLACE, out->city, err) != 0 ||
	    choice_params(params, out, err) != 0 ||
	    flag_param(params, "nogeo", &out->nogeo, err) != 0 ||
	    flag_param(params, "facets", &out->facets, err) != 0 ||
	    near_params(params, places, out, err) != 0 ||
	    open_params(params, out, err) != 0 ||
	    number_param(params, "page", 1, SEARCH_MAX_PAGE, 1, &out->page, err) != 0 ||
	    number_param(params, "per_page", 1, SEARCH_MAX_PER_PAGE, SEARCH_DEFAULT_PER_PAGE,
	        &out->per_page, err) != 0)
		return -1;
	return 0;
}

void
search_params_free(struct search_params *p)
{
	json_decref(p->categories);
	json_decref(p->commitments);
	json_decref(p->languages);
	p->categories = p->commitments = p->languages = NULL;
}

static enum search_sort
default_sort(const struct search_params *p)
{
	if (p->q[0] != '\0')
		return SORT_RELEVANCE;
	return p->near.source != NEAR_NONE ? SORT_DISTANCE : SORT_NAME;
}

enum search_sort
search_effective_sort(const struct search_params *p)
{
	if (p->sort == SORT_DEFAULT || (p->sort == SORT_RELEVANCE && p->q[0] == '\0') ||
	    (p->sort == SORT_DISTANCE && p->near.source == NEAR_NONE))
		return default_sort(p);
	return p->sort;
}

static const char *const sort_names[] = { "default", "relevance", "name", "distance" };

static json_t *
number_or_null(int given, double value)
{
	return given ? json_real(value) : json_null();
}

/* near as given back: {"label", "source", "latitude", "longitude"} or null. Estimated
** points are given back too: only to the visitor they were estimated for. */
static json_t *
near_echo(const struct near *n)
{
	static const char *const sources[] = { "none", "place", "postal_code", "coordinates",
		"network" };

	if (n->source == NEAR_NONE)
		return json_null();
	return json_pack("{sssssfsfsb}", "label", n->label, "source", sources[n->source],
	    "latitude", n->latitude, "longitude", n->longitude,
	    "estimated", n->source == NEAR_NETWORK);
}

static json_t *
string_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
list_or_empty(json_t *list)
{
	return list ? json_incref(list) : json_array();
}

json_t *
search_params_echo(const struct search_params *p)
{
	return json_pack("{sosososososososososbsbsosssIsI}",
	    "q", string_or_null(p->q),
	    "category", list_or_empty(p->categories),
	    "commitment", list_or_empty(p->commitments),
	    "language", list_or_empty(p->languages),
	    "neighbourhood", string_or_null(p->neighbourhood),
	    "city", string_or_null(p->city),
	    "fees", p->fees_free ? json_string("free") : json_null(),
	    "near", near_echo(&p->near),
	    "radius", number_or_null(p->near.source != NEAR_NONE && p->radius_km > 0, p->radius_km),
	    "nogeo", p->nogeo,
	    "open_now", p->open_now,
	    "open_at", string_or_null(p->open_at),
	    "sort", sort_names[search_effective_sort(p)],
	    "page", (json_int_t)p->page,
	    "per_page", (json_int_t)p->per_page);
}

static void
qs_pair(struct buf *out, const char *key, const char *value)
{
	if (out->len > 0)
		buf_putc(out, '&');
	buf_puts(out, key);
	buf_putc(out, '=');
	url_encode(out, value, strlen(value));
}

static void
qs_list(struct buf *out, const char *key, const json_t *list)
{
	size_t i;

	for (i = 0; i < json_array_size(list); i++)
		qs_pair(out, key, json_string_value(json_array_get(list, i)));
}

int
search_params_query_string(const struct search_params *p, long page, struct buf *out)
{
	char num[32];

	if (p->q[0] != '\0')
		qs_pair(out, "q", p->q);
	qs_list(out, "category", p->categories);
	qs_list(out, "commitment", p->commitments);
	qs_list(out, "language", p->languages);
	if (p->neighbourhood[0] != '\0')
		qs_pair(out, "neighbourhood", p->neighbourhood);
	if (p->city[0] != '\0')
		qs_pair(out, "city", p->city);
	if (p->fees_free)
		qs_pair(out, "fees", "free");
	/* An estimated point is not carried: the next page estimates it again. */
	if (p->near.source != NEAR_NONE && p->near.source != NEAR_NETWORK)
		qs_pair(out, "near", p->near.label);
	if (p->radius_given) {
		snprintf(num, sizeof num, "%g", p->radius_km);
		qs_pair(out, "radius", num);
	}
	if (p->nogeo)
		qs_pair(out, "nogeo", "1");
	if (p->facets)
		qs_pair(out, "facets", "1");
	if (p->open_now)
		qs_pair(out, "open_now", "1");
	if (p->open_at[0] != '\0')
		qs_pair(out, "open_at", p->open_at);
	if (p->sort != SORT_DEFAULT && search_effective_sort(p) != default_sort(p))
		qs_pair(out, "sort", sort_names[search_effective_sort(p)]);
	if (p->per_page != SEARCH_DEFAULT_PER_PAGE) {
		snprintf(num, sizeof num, "%ld", p->per_page);
		qs_pair(out, "per_page", num);
	}
	if (page > 1) {
		snprintf(num, sizeof num, "%ld", page);
		qs_pair(out, "page", num);
	}
	return buf_failed(out) ? -1 : 0;
}

/* ---- execution -------------------------------------------------------------------- */

/* Bind a JSON array parameter as text, or NULL when absent or empty. The text is the
** statement's own (malloc), as it may stay bound after the request. */
static int
bind_list(sqlite3_stmt *stmt, int col, const json_t *list)
{
	struct buf text = BUF_INIT;

	if (list == NULL || json_array_size(list) == 0)
		return sqlite3_bind_null(stmt, col);
	if (jsonout_compact(&text, list, 0) != 0) {
		buf_free(&text);
		return SQLITE_NOMEM;
	}
	return sqlite3_bind_text(stmt, col, buf_detach(&text, NULL), -1, free);
}

static int
bind_folded(sqlite3_stmt *stmt, int col, const char *text)
{
	struct buf folded = BUF_INIT;

	if (text[0] == '\0')
		return sqlite3_bind_null(stmt, col);
	if (fold_text(&folded, text, strlen(text)) != 0)
		return SQLITE_NOMEM;
	return sqlite3_bind_text(stmt, col, buf_detach(&folded, NULL), -1, free);
}

int
search_bind_filters(sqlite3_stmt *stmt, const struct search_params *p)
{
	if (bind_list(stmt, 2, p->categories) != SQLITE_OK ||
	    bind_list(stmt, 3, p->commitments) != SQLITE_OK ||
	    bind_list(stmt, 4, p->languages) != SQLITE_OK ||
	    bind_folded(stmt, 5, p->neighbourhood) != SQLITE_OK ||
	    bind_folded(stmt, 6, p->city) != SQLITE_OK)
		return -1;
	if (p->fees_free)
		sqlite3_bind_text(stmt, 7, "free", -1, SQLITE_STATIC);
	if (p->open_filter) {
		sqlite3_bind_int(stmt, 18, p->open_time.weekday);
		sqlite3_bind_int(stmt, 19, p->open_time.minute);
	}
	return 0;
}

/* The point (?11, ?12) and, when the search keeps only what lies within a radius, the
** radius ?13 and its bounding box ?14..?17. */
void
search_bind_near(sqlite3_stmt *stmt, const struct search_params *p)
{
	struct geo_box box;

	if (p->near.source == NEAR_NONE)
		return;
	sqlite3_bind_double(stmt, 11, p->near.latitude);
	sqlite3_bind_double(stmt, 12, p->near.longitude);
	if (p->near.source == NEAR_NETWORK || p->radius_km <= 0)
		return;
	geo_box_around(p->near.latitude, p->near.longitude, p->radius_km, &box);
	sqlite3_bind_double(stmt, 13, p->radius_km);
	sqlite3_bind_double(stmt, 14, box.lat_min);
	sqlite3_bind_double(stmt, 15, box.lat_max);
	sqlite3_bind_double(stmt, 16, box.lon_min);
	sqlite3_bind_double(stmt, 17, box.lon_max);
}

/* {"km", "location", "precision"}: a result's nearest location, km rounded to 10 m; NULL
** when a text is missing or memory runs out. The texts are a location's id (a UUID) and
** a constant, so they are not checked as UTF-8 again. */
static json_t *
nearest_value(double km, const char *location, const char *precision)
{
	json_t *out = location != NULL && precision != NULL ? json_object() : NULL;

	/* each set takes its value's reference, set or not */
	if (out == NULL ||
	    json_object_set_new_nocheck(out, "km", json_real(round(km * 100) / 100)) != 0 ||
	    json_object_set_new_nocheck(out, "location", json_string_nocheck(location)) != 0 ||
	    json_object_set_new_nocheck(out, "precision", json_string_nocheck(precision)) != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* {"km", "location", "precision"} from the distance columns of a result row, or null. */
static json_t *
row_nearest(sqlite3_stmt *stmt)
{
	if (sqlite3_column_type(stmt, 2) == SQLITE_NULL)
		return json_null();
	return nearest_value(sqlite3_column_double(stmt, 2),
	    (const char *)sqlite3_column_text(stmt, 3), (const char *)sqlite3_column_text(stmt, 4));
}

/* The statement for a search with words (expr not NULL) or not, and with or without a
** point and a radius. */
static const char *
search_sql(const struct search_params *p, const char *expr)
{
	int point = p->near.source != NEAR_NONE;
	int radius = point && p->near.source != NEAR_NETWORK && p->radius_km > 0;

	if (expr != NULL)
		return radius ? sql_search_words_radius : point ? sql_search_words_point :
		    sql_search_words;
	return radius ? sql_search_all_radius : point ? sql_search_all_point : sql_search_all;
}

/* Run one page of the search for the MATCH expression expr (NULL: no words). */
static int
run_page(struct dbconn *c, const struct search_params *p, const char *expr, long offset,
    long limit, struct search_result *r, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, search_sql(p, expr), err, errlen);
	json_t *view;
	int rc;

	if (stmt == NULL)
		return -1;
	if (expr != NULL)
		sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	if (search_bind_filters(stmt, p) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	search_bind_near(stmt, p);
	sqlite3_bind_int(stmt, 8, search_effective_sort(p) == SORT_NAME ? 1 :
	    search_effective_sort(p) == SORT_DISTANCE ? 2 : 0);
	sqlite3_bind_int64(stmt, 9, limit);
	sqlite3_bind_int64(stmt, 10, offset);
	r->total = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		view = db_column_json(stmt, 0);
		if (view == NULL || json_array_append_new(r->views, view) != 0)
			break;
		if (r->nearest != NULL && json_array_append_new(r->nearest, row_nearest(stmt)) != 0)
			break;
		r->total = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "search failed (database error %d)", rc);
		return -1;
	}
	return 0;
}

/* The summary of organization org_id: 1 (*view set), 0 when it has none, -1 on error. */
static int
summary_of(struct dbconn *c, int64_t org_id, json_t **view, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_summary, err, errlen);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, org_id);
	rc = sqlite3_step(stmt);
	*view = rc == SQLITE_ROW ? db_column_json(stmt, 0) : NULL;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	if (*view == NULL) {
		snprintf(err, errlen, "reading a result failed (database error %d)", rc);
		return -1;
	}
	return 1;
}

/* {"km", "location", "precision"} for a row of the image's page, or null. */
static json_t *
nearest_of(struct dbconn *c, const struct snapshot_row *row, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	json_t *out = NULL;

	if (!row->has_point)
		return json_null();
	if ((stmt = dbconn_stmt(c, sql_location, err, errlen)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, row->location_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		out = nearest_value(row->km, (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_reset(stmt);
	if (out == NULL)
		snprintf(err, errlen, "reading a result's location failed");
	return out;
}

/* The search on the image: the page's rows, total and facets come from it, and only the
** page's summaries and nearest locations from the database. */
static int
run_snapshot(struct dbconn *c, const struct snapshot *snap, const struct search_params *p,
    const char *expr, struct search_result *r, char *err, size_t errlen)
{
	struct snapshot_page page;
	json_t *view, *near;
	size_t i;
	int rc = 0, found;

	if (snapshot_search(snap, c, p, expr, (p->page - 1) * p->per_page, p->per_page, &page,
	        err, errlen) != 0)
		return -1;
	r->total = page.total;
	r->facets = page.facets;
	page.facets = NULL;
	for (i = 0; i < page.nrows && rc == 0; i++) {
		if ((found = summary_of(c, page.rows[i].org_id, &view, err, errlen)) <= 0) {
			rc = found;
			continue;   /* a row gone since the image was checked: left out */
		}
		if (json_array_append_new(r->views, view) != 0)
			rc = -1;
		else if (r->nearest != NULL && ((near = nearest_of(c, &page.rows[i], err, errlen)) == NULL ||
		    json_array_append_new(r->nearest, near) != 0))
			rc = -1;
	}
	snapshot_page_free(&page);
	return rc;
}

/* Rows of the page, and the total even when the page lies past the last result. */
static int
run_search(struct dbconn *c, const struct snapshot *snap, const struct search_params *p,
    const char *expr, struct search_result *r, char *err, size_t errlen)
{
	struct search_result probe;
	int rc;

	if (snap != NULL)
		return run_snapshot(c, snap, p, expr, r, err, errlen);
	if (run_page(c, p, expr, (p->page - 1) * p->per_page, p->per_page, r, err, errlen) != 0)
		return -1;
	if (p->count_facets && r->total > 0 &&
	    search_facets(c, p, expr, &r->facets, err, errlen) != 0)
		return -1;
	if (json_array_size(r->views) > 0 || p->page == 1)
		return 0;
	memset(&probe, 0, sizeof probe);
	probe.views = json_array();
	if (probe.views == NULL)
		return -1;
	rc = run_page(c, p, expr, 0, 1, &probe, err, errlen);
	r->total = probe.total;
	if (rc == 0 && p->count_facets && r->total > 0 && r->facets == NULL)
		rc = search_facets(c, p, expr, &r->facets, err, errlen);
	search_result_free(&probe);
	return rc;
}

/* Bytes of the first n code points of s (all of s if shorter). */
static size_t
prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] != '\0') {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == 0)
				break;
			n--;
		}
		i++;
	}
	return i;
}

static size_t
code_points(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* 1 when term is word, or starts with, one edit away (what a mistyped prefix looks like). */
static int
near_miss(const char *word, size_t word_cps, const char *term)
{
	char prefix[128];
	size_t len, extra;

	if (searchterms_within_one_edit(word, term))
		return 1;
	for (extra = 0; extra < 2; extra++) {
		len = prefix_bytes(term, word_cps + extra);
		if (len >= sizeof prefix || term[len] == '\0')
			continue;
		memcpy(prefix, term, len);
		prefix[len] = '\0';
		if (searchterms_within_one_edit(word, prefix))
			return 1;
	}
	return 0;
}

#define FUZZY_MIN_LETTERS 4
#define FUZZY_MAX_CANDIDATES 8

/* For each word, the vocabulary terms one edit away; *found is the number of words that
** got at least one. */
static int
fuzzy_alternatives(struct dbconn *c, const json_t *words, json_t *alternatives, int *found,
    char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_vocabulary, err, errlen);
	const char *term, *word;
	json_t *list;
	size_t i;
	int rc;

	if (stmt == NULL)
		return -1;
	for (i = 0; i < json_array_size(words); i++)
		json_array_append_new(alternatives, json_array());
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		term = (const char *)sqlite3_column_text(stmt, 0);
		for (i = 0; i < json_array_size(words); i++) {
			word = json_string_value(json_array_get(words, i));
			list = json_array_get(alternatives, i);
			if (code_points(word) >= FUZZY_MIN_LETTERS &&
			    json_array_size(list) < FUZZY_MAX_CANDIDATES &&
			    near_miss(word, code_points(word), term))
				json_array_append_new(list, json_string(term));
		}
	}
	sqlite3_reset(stmt);
	*found = 0;
	for (i = 0; i < json_array_size(alternatives); i++)
		*found += json_array_size(json_array_get(alternatives, i)) > 0;
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading the search vocabulary failed");
		return -1;
	}
	return 0;
}

/* The spelling fallback: replace each word by its near misses and search again. */
static int
run_fuzzy(struct dbconn *c, const struct snapshot *snap, const struct search_params *p,
    const json_t *words, struct search_result *r, char *err, size_t errlen)
{
	json_t *alternatives = json_array();
	struct buf expr = BUF_INIT;
	int found = 0, rc = -1;

	if (alternatives == NULL)
		goto done;
	if (fuzzy_alternatives(c, words, alternatives, &found, err, errlen) != 0)
		goto done;
	rc = 0;
	if (found == 0)
		goto done;
	if (searchterms_expr_alternatives(words, alternatives, &expr) != 0) {
		rc = -1;
		goto done;
	}
	rc = run_search(c, snap, p, expr.data, r, err, errlen);
	r->fuzzy = r->total > 0;
done:
	buf_free(&expr);
	json_decref(alternatives);
	return rc;
}

/* 1 when the words find a public organization when no filter narrows them: only then
** are they spelled right, and an empty result is the filters' doing. */
static int
words_match(struct dbconn *c, const char *expr)
{
	char err[128];
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_words_match, err, sizeof err);
	int found;

	if (stmt == NULL)
		return 0;
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_reset(stmt);
	return found;
}

int
search_run(struct dbconn *c, const struct snapshot *snap, const struct search_params *p,
    const struct synonyms *syn, struct search_result *r, char *err, size_t errlen)
{
	struct buf expr = BUF_INIT;
	json_t *words = NULL;
	int rc = -1, own_transaction;

	memset(r, 0, sizeof *r);
	r->views = json_array();
	if (p->near.source != NEAR_NONE)
		r->nearest = json_array();
	if (r->views == NULL || (p->near.source != NEAR_NONE && r->nearest == NULL) ||
	    searchterms_words(p->q, strlen(p->q), &words) != 0 ||
	    searchterms_expr(words, syn, &expr) != 0) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	/* One read transaction for the page's many small reads: one lock, not one each. */
	own_transaction = sqlite3_get_autocommit(c->db) && db_run(c, "BEGIN", err, errlen) == 0;
	rc = run_search(c, snap, p, expr.len > 0 ? expr.data : NULL, r, err, errlen);
	if (rc == 0 && r->total == 0 && expr.len > 0 && !words_match(c, expr.data))
		rc = run_fuzzy(c, snap, p, words, r, err, errlen);
	if (own_transaction)
		db_run(c, "COMMIT", NULL, 0);
	if (rc == 0 && p->count_facets && r->facets == NULL &&
	    (r->facets = json_pack("{s{}s{}s{}}", "category", "commitment", "language")) == NULL)
		rc = -1;
done:
	buf_free(&expr);
	json_decref(words);
	if (rc != 0)
		search_result_free(r);
	return rc;
}

void
search_result_free(struct search_result *r)
{
	json_arena_drop(r->views);
	json_arena_drop(r->nearest);
	json_arena_drop(r->facets);
	r->views = r->nearest = r->facets = NULL;
}

int
search_get_organization(struct dbconn *c, const char *uuid, json_t **view, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_get_org, err, errlen);
	int rc, found = 0;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*view = db_column_json(stmt, 0);
		found = *view != NULL ? 1 : -1;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading an organization failed (database error %d)", rc);
		return -1;
	}
	return found;
}

long
search_count_public(struct dbconn *c)
{
	char err[128];
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_count_public, err, sizeof err);
	long n = -1;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}
