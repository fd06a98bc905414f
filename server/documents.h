/*
** documents.h - the texts stored for each organization: in organization_document the
** canonical record, its public view (publish.h) and its summary (summary.h), as compact
** JSON; the folded name its row is sorted by; and the texts of its search index row
** (searchtext.h); with them, the rows of facets and opening periods the record derives
** (rows.h). An import makes them on its reading thread (importfeed.h), some
** organizations ahead of the one whose rows are being written, so that the two cores
** share the work.
*/
#ifndef SD_DOCUMENTS_H
#define SD_DOCUMENTS_H

#include <jansson.h>

#include "buf.h"
#include "rows.h"
#include "searchtext.h"

struct documents {
	struct buf record;        /* the canonical record */
	struct buf public_view;   /* publish_view() of it */
	struct buf summary;       /* summary_make() of the view */
	struct buf name_key;      /* the folded name (fold.h), for sorting by name */
	struct search_text search; /* the search index row after the name */
	struct record_rows rows;  /* its facets and opening periods (rows.h) */
};

#define DOCUMENTS_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, SEARCH_TEXT_INIT, \
	RECORD_ROWS_INIT }

/* Write the documents of record into d, replacing what it held and reusing its memory.
** 0, or -1 when memory runs out (d's content is then undefined until the next call). */
int documents_make(const json_t *record, struct documents *d);

/* Release d's memory; d may be used again afterwards. */
void documents_free(struct documents *d);

#endif
