/*
** documents.c - the stored texts of an organization (see documents.h).
*/

#include "documents.h"
#include "fold.h"
#include "jsonout.h"
#include "publish.h"
#include "store.h"
#include "summary.h"

static int
dump_into(struct buf *b, const json_t *value)
{
	buf_reset(b);
	return jsonout_compact(b, value, STORE_JSON_FLAGS);
}

/* 1 if the record has a list of locations and none is confidential: its public view is
** then the record itself, member for member (publish_view), and so is its text. */
static int
all_locations_public(const json_t *record)
{
	const json_t *locations = json_object_get(record, "locations"), *loc;
	size_t i;

	if (!json_is_array(locations))
		return 0;
	json_array_foreach(locations, i, loc)
		if (json_is_true(json_object_get(loc, "confidential")))
			return 0;
	return 1;
}

int
documents_make(const json_t *record, struct documents *d)
{
	const json_t *name = json_object_get(record, "name");
	json_t *view = publish_view(record);
	json_t *summary = view ? summary_make(view) : NULL;
	int rc = -1;

	buf_reset(&d->name_key);
	if (summary != NULL && searchtext_make(record, &d->search) == 0 &&
	    rows_make(record, &d->rows) == 0 &&
	    fold_text(&d->name_key, json_string_value(name), json_string_length(name)) == 0 &&
	    dump_into(&d->record, record) == 0 &&
	    dump_into(&d->summary, summary) == 0) {
		buf_reset(&d->public_view);
		if (all_locations_public(record))
			rc = buf_append(&d->public_view, d->record.data, d->record.len);
		else
			rc = dump_into(&d->public_view, view);
	}
	json_decref(summary);
	json_decref(view);
	return rc;
}

void
documents_free(struct documents *d)
{
	buf_free(&d->record);
	buf_free(&d->public_view);
	buf_free(&d->summary);
	buf_free(&d->name_key);
	searchtext_free(&d->search);
	rows_free(&d->rows);
}
