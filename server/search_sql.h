/*
** search_sql.h - the SQL fragments a search and its facet counts share (search.c,
** facets.c): the filters, the words' matches and the distances, with their parameter
** numbers, and the functions that bind the request's values to them.
**
** Parameters: ?1 MATCH expression; ?2 categories, ?3 commitments, ?4 languages (JSON
** arrays); ?5 neighbourhood, ?6 city (folded); ?7 fees; ?11, ?12 the point; ?13 the
** radius and ?14..?17 its box; ?18, ?19 the weekday and minute a place must be open.
*/
#ifndef SD_SEARCH_SQL_H
#define SD_SEARCH_SQL_H

#include <sqlite3.h>

#include "relevance.h"
#include "search.h"

#define FILTERS \
    " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM organization_facet f WHERE f.org_id = o.org_id" \
    "      AND f.kind = 'category' AND f.value IN (SELECT value FROM json_each(?2))))" \
    " AND (?3 IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(?3) j WHERE NOT EXISTS" \
    "      (SELECT 1 FROM organization_commitment c WHERE c.org_id = o.org_id" \
    "       AND c.commitment = j.value)))" \
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM organization_facet f WHERE f.org_id = o.org_id" \
    "      AND f.kind = 'language' AND f.value IN (SELECT value FROM json_each(?4))))" \
    " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM organization_facet f WHERE f.org_id = o.org_id" \
    "      AND f.kind = 'neighbourhood' AND f.value = ?5))" \
    " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM organization_facet f WHERE f.org_id = o.org_id" \
    "      AND f.kind = 'city' AND f.value = ?6))" \
    " AND (?7 IS NULL OR EXISTS (SELECT 1 FROM organization_facet f WHERE f.org_id = o.org_id" \
    "      AND f.kind = 'fees' AND f.value = ?7))" \
    " AND (?18 IS NULL OR EXISTS (SELECT 1 FROM opening_period h WHERE h.org_id = o.org_id" \
    "      AND h.day = ?18 AND h.opens <= ?19 AND ?19 < h.closes))"

/* A match's relevance (lower is better), with the column weights of relevance.h. */
#define RELEVANCE " bm25(search_index, " RELEVANCE_WEIGHTS ")"

/* The organizations the words ?1 match, with their relevance. */
#define WORDS \
    " m AS MATERIALIZED (SELECT rowid AS org_id," RELEVANCE " AS score" \
    "  FROM search_index WHERE search_index MATCH ?1)"

/* Each organization's nearest located point to (?11, ?12), within the box ?14..?17 when
** a radius ?13 is given. SQLite takes the bare columns of a min() aggregate from the row
** that has the minimum, so nearest and precision belong to the nearest location. */
#define DISTANCES \
    " d AS MATERIALIZED (SELECT l.org_id,"  \
    "  min(distance_km(?11, ?12, l.latitude, l.longitude)) AS km," \
    "  l.uuid AS nearest, l.precision AS precision" \
    "  FROM location l WHERE l.latitude IS NOT NULL" \
    "  AND (?13 IS NULL OR (l.latitude BETWEEN ?14 AND ?15 AND l.longitude BETWEEN ?16 AND ?17))" \
    "  GROUP BY l.org_id)"

/* Only public organizations, with every filter. */
#define VISIBLE " WHERE o.state = 'verified'" FILTERS

/* Bind ?2..?7, ?18 and ?19. 0, or -1 when out of memory. */
int search_bind_filters(sqlite3_stmt *stmt, const struct search_params *p);

/* Bind the point ?11, ?12 and, with a radius, ?13..?17. */
void search_bind_near(sqlite3_stmt *stmt, const struct search_params *p);

#endif
