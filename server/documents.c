/*
** documents.c - the stored texts of an organization, and the thread that makes them ahead
** of an import's writes (see documents.h).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "documents.h"
#include "jsonout.h"
#include "publish.h"
#include "store.h"

/* How many organizations the thread may be ahead of the reader: enough to smooth out
** records of different sizes, few enough that their texts (about 8 KB each) stay small. */
#define AHEAD_SLOTS 32

struct documents_ahead {
	const json_t     *records;            /* the array whose documents are made */
	size_t            count;              /* its size */
	pthread_t         thread;
	pthread_mutex_t   lock;               /* guards the four fields below */
	pthread_cond_t    changed;            /* signalled when one of them changes */
	size_t            made;               /* records[0..made) have their documents */
	size_t            reading;            /* the reader is on records[reading]: slots of
	                                      ** records before it may be reused */
	int               failed;             /* making records[made] ran out of memory */
	int               stopping;           /* the reader wants the thread to end */
	struct documents  slot[AHEAD_SLOTS];  /* records[i] in slot[i % AHEAD_SLOTS] */
};

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
	json_t *view = publish_view(record);
	json_t *summary = view ? publish_summary(view) : NULL;
	int rc = -1;

	if (summary != NULL && dump_into(&d->record, record) == 0 &&
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
}

/* Wait until records[i] may go into its slot (its slot's previous record is read) or the
** reader stops; 1 if it may, 0 if the thread must end. */
static int
wait_for_slot(struct documents_ahead *a, size_t i)
{
	int go;

	pthread_mutex_lock(&a->lock);
	while (!a->stopping && i >= a->reading + AHEAD_SLOTS)
		pthread_cond_wait(&a->changed, &a->lock);
	go = !a->stopping;
	pthread_mutex_unlock(&a->lock);
	return go;
}

static void *
make_ahead(void *arg)
{
	struct documents_ahead *a = arg;
	size_t i;
	int rc;

	for (i = 0; i < a->count && wait_for_slot(a, i); i++) {
		rc = documents_make(json_array_get(a->records, i), &a->slot[i % AHEAD_SLOTS]);
		pthread_mutex_lock(&a->lock);
		if (rc == 0)
			a->made = i + 1;
		else
			a->failed = 1;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		if (rc != 0)
			break;
	}
	return NULL;
}

struct documents_ahead *
documents_ahead_start(const json_t *records, char *err, size_t errlen)
{
	struct documents_ahead *a = calloc(1, sizeof *a);

	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	a->records = records;
	a->count = json_array_size(records);
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		goto no_mutex;
	if (pthread_cond_init(&a->changed, NULL) != 0)
		goto no_cond;
	if (pthread_create(&a->thread, NULL, make_ahead, a) != 0)
		goto no_thread;
	return a;
no_thread:
	pthread_cond_destroy(&a->changed);
no_cond:
	pthread_mutex_destroy(&a->lock);
no_mutex:
	free(a);
	snprintf(err, errlen, "cannot start the thread that prepares the documents");
	return NULL;
}

const struct documents *
documents_ahead_next(struct documents_ahead *a, size_t i)
{
	int ready;

	pthread_mutex_lock(&a->lock);
	a->reading = i;
	pthread_cond_broadcast(&a->changed);
	while (a->made <= i && !a->failed)
		pthread_cond_wait(&a->changed, &a->lock);
	ready = a->made > i;
	pthread_mutex_unlock(&a->lock);
	return ready ? &a->slot[i % AHEAD_SLOTS] : NULL;
}

void
documents_ahead_stop(struct documents_ahead *a)
{
	size_t i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stopping = 1;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	for (i = 0; i < AHEAD_SLOTS; i++)
		documents_free(&a->slot[i]);
	pthread_cond_destroy(&a->changed);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
