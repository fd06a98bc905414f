/*
** facets.c - how many of a search's matches fall in each category, hold each commitment
** and speak each language (see search.h): the counts a results page offers to narrow by.
**
** Each count is what choosing that value would find. Commitments are all required, so a
** commitment's count is taken among the current matches. Categories and languages are
** "any of", so when some are chosen their counts come from the same search without that
** filter: choosing one value alone then finds exactly the number shown.
*/
#include <stdio.h>
#include <string.h>

#include "search.h"
#include "search_sql.h"

/* The words' matches without their relevance: counting needs no ranking. */
#define MATCHES " m AS MATERIALIZED (SELECT rowid AS org_id FROM search_index" \
    " WHERE search_index MATCH ?1)"

#define FACET_COUNTS \
    " SELECT f.kind, f.value, count(*) FROM hits" \
    "  JOIN organization_facet f ON f.org_id = hits.org_id" \
    "  WHERE f.kind IN ('category', 'language') GROUP BY f.kind, f.value" \
    " UNION ALL SELECT 'commitment', c.commitment, count(*) FROM hits" \
    "  JOIN organization_commitment c ON c.org_id = hits.org_id GROUP BY c.commitment"

static const char sql_facets_words[] =
    "WITH" MATCHES ", hits AS MATERIALIZED (SELECT o.org_id"
    "  FROM m JOIN organization o ON o.org_id = m.org_id" VISIBLE ")" FACET_COUNTS;

static const char sql_facets_words_radius[] =
    "WITH" MATCHES "," DISTANCES ", hits AS MATERIALIZED (SELECT o.org_id"
    "  FROM m JOIN d ON d.org_id = m.org_id JOIN organization o ON o.org_id = m.org_id"
    VISIBLE " AND d.km <= ?13)" FACET_COUNTS;

static const char sql_facets_all[] =
    "WITH hits AS MATERIALIZED (SELECT o.org_id FROM organization o" VISIBLE ")"
    FACET_COUNTS;

static const char sql_facets_all_radius[] =
    "WITH" DISTANCES ", hits AS MATERIALIZED (SELECT o.org_id"
    "  FROM d JOIN organization o ON o.org_id = d.org_id" VISIBLE " AND d.km <= ?13)"
    FACET_COUNTS;

static const char *
facets_sql(const struct search_params *p, const char *expr)
{
	int radius = p->near.source != NEAR_NONE && p->near.source != NEAR_NETWORK &&
	    p->radius_km > 0;

	if (expr != NULL)
		return radius ? sql_facets_words_radius : sql_facets_words;
	return radius ? sql_facets_all_radius : sql_facets_all;
}

/* Run the counts for p and keep the rows whose kind is in wanted ("category",
** "commitment", "language"; NULL-terminated) in out[kind][value] = count. */
static int
count_into(struct dbconn *c, const struct search_params *p, const char *expr,
    const char *const *wanted, json_t *out, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, facets_sql(p, expr), err, errlen);
	const char *kind, *value;
	size_t i;
	int rc;

	if (stmt == NULL)
		return -1;
	if (expr != NULL)
		sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	if (search_bind_filters(stmt, p) != 0) {
		sqlite3_reset(stmt);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	search_bind_near(stmt, p);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(stmt, 0);
		value = (const char *)sqlite3_column_text(stmt, 1);
		for (i = 0; wanted[i] != NULL && strcmp(wanted[i], kind) != 0; i++)
			;
		if (wanted[i] != NULL && value != NULL)
			json_object_set_new(json_object_get(out, kind), value,
			    json_integer(sqlite3_column_int64(stmt, 2)));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "counting the facets failed (database error %d)", rc);
		return -1;
	}
	return 0;
}

int
search_facets(struct dbconn *c, const struct search_params *p, const char *expr,
    json_t **facets, char *err, size_t errlen)
{
	static const char *const category[] = { "category", NULL };
	static const char *const language[] = { "language", NULL };
	const char *all[4] = { "commitment", NULL, NULL, NULL };
	struct search_params without = *p;
	int n = 1, rc = 0;
	json_t *out;

	*facets = NULL;
	out = json_pack("{s{}s{}s{}}", "category", "commitment", "language");
	if (out == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (json_array_size(p->categories) == 0)
		all[n++] = "category";
	if (json_array_size(p->languages) == 0)
		all[n++] = "language";
	rc = count_into(c, p, expr, all, out, err, errlen);
	if (rc == 0 && json_array_size(p->categories) > 0) {
		without.categories = NULL;
		rc = count_into(c, &without, expr, category, out, err, errlen);
		without.categories = p->categories;
	}
	if (rc == 0 && json_array_size(p->languages) > 0) {
		without.languages = NULL;
		rc = count_into(c, &without, expr, language, out, err, errlen);
	}
	if (rc != 0) {
		json_decref(out);
		return -1;
	}
	*facets = out;
	return 0;
}
