/*
** bulkindex.c - dropping the organization tables' secondary indexes for a load into
** empty tables, and making them again at its end (see bulkindex.h).
*/
#include <stdlib.h>
#include <string.h>

#include "bulkindex.h"

/* The indexes a first import may set aside: none enforces a constraint (the UNIQUE and
** primary key indexes stay, and report a duplicate id as it is written), and nothing
** the import reads goes through them. Each drop is a constant statement. */
static const struct {
	const char *name;
	const char *drop;
} deferrable[] = {
	{ "organization_by_state_name", "DROP INDEX organization_by_state_name" },
	{ "service_by_org", "DROP INDEX service_by_org" },
	{ "location_by_org", "DROP INDEX location_by_org" },
	{ "location_by_point", "DROP INDEX location_by_point" },
	{ "opening_period_by_org", "DROP INDEX opening_period_by_org" },
	{ "opening_period_by_location", "DROP INDEX opening_period_by_location" },
};

_Static_assert(sizeof deferrable / sizeof deferrable[0] <= BULKINDEX_MAX, "BULKINDEX_MAX too small");

static const char sql_index_definition[] =
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1";

/* The CREATE INDEX text of the index name in *create (caller frees), or NULL when the
** schema has no such index. 0, or -1 with a message. */
static int
index_definition(struct dbconn *c, const char *name, char **create, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = dbconn_stmt(c, sql_index_definition, err, errlen);
	const unsigned char *text;
	int rc;

	*create = NULL;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && (text = sqlite3_column_text(stmt, 0)) != NULL &&
	    (*create = strdup((const char *)text)) == NULL) {
		sqlite3_reset(stmt);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return db_failed(c, "reading the index definitions", err, errlen);
}

int
bulkindex_drop(struct dbconn *c, struct bulkindex *bi, char *err, size_t errlen)
{
	size_t i;
	char *create;

	for (i = 0; i < sizeof deferrable / sizeof deferrable[0]; i++) {
		if (index_definition(c, deferrable[i].name, &create, err, errlen) != 0)
			return -1;
		if (create == NULL)
			continue;
		bi->create[bi->n++] = create;
		if (db_exec(c, deferrable[i].drop, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int
bulkindex_restore(struct dbconn *c, struct bulkindex *bi, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < bi->n; i++)
		if (db_exec(c, bi->create[i], err, errlen) != 0)
			return -1;
	bulkindex_free(bi);
	return 0;
}

void
bulkindex_free(struct bulkindex *bi)
{
	size_t i;

	for (i = 0; i < bi->n; i++)
		free(bi->create[i]);
	bi->n = 0;
}
