/*
** rows.h - the rows of the directory's tables an organization's record derives besides
** its documents: its facets (its categories, its services' categories, spoken languages
** and fee levels, its locations' neighbourhoods and cities, each kind and value once) and
** its locations' opening periods. documents_make makes them with the documents, so that
** an import's reading thread reads the record for them and its writer (store.c) only
** binds what it finds here.
*/
#ifndef SD_ROWS_H
#define SD_ROWS_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"
#include "hours.h"

/* A facet: kind is a constant ("category", "language", "fees", "neighbourhood",
** "city"); its value is a string of the record, or a place name folded into
** record_rows.folded, at folded_at, when value is NULL. */
struct facet_row {
	const char *kind;
	const char *value;
	size_t      folded_at;
};

struct record_rows {
	struct facet_row    *facets;        /* in the order of the record, each once */
	size_t               nfacets, facets_room;
	struct buf           folded;        /* the folded place names, each ended by a NUL */
	struct hours_period *periods;       /* every location's, location by location */
	size_t               nperiods, periods_room;
	size_t              *first_period;  /* location i's periods: first_period[i] up to
	                                    ** first_period[i + 1] */
	size_t               nlocations, locations_room;
	const char          *missing;       /* the kind of the first facet without a value
	                                    ** (a record not checked), or NULL */
	size_t               unreadable;    /* 1 + the first location whose hours cannot be
	                                    ** read as periods, or 0 */
};

#define RECORD_ROWS_INIT { NULL, 0, 0, BUF_INIT, NULL, 0, 0, NULL, 0, 0, NULL, 0 }

/* The most opening periods a location's hours may make; more are noted as hours that
** cannot be read, which the writer refuses. */
#define ROWS_MAX_PERIODS 64

/* Make the rows of record into r, replacing what it held and reusing its memory. A facet
** without a value and hours that cannot be read are noted in r (missing, unreadable) for
** the writer to report. 0, or -1 when memory runs out. */
int rows_make(const json_t *record, struct record_rows *r);

/* The value of facet i of r. */
const char *rows_facet_value(const struct record_rows *r, size_t i);

/* Location i's periods in r: *n of them. */
const struct hours_period *rows_periods(const struct record_rows *r, size_t i, size_t *n);

/* Release r's memory; r may be used again afterwards. */
void rows_free(struct record_rows *r);

#endif
