/*
** importfeed.c - reads, checks and prepares the records of an import file on a thread
** of its own, up to FEED_SLOTS ahead of the writer (see importfeed.h).
**
** The two threads share a ring of FEED_SLOTS slots: the reader fills slot i % FEED_SLOTS
** with record i and its documents, the writer takes them in order. Record i may go into
** its slot once the writer has asked for record i - FEED_SLOTS + 1 or a later one, which
** means it is done with the slot's previous record. Each side waits on the one condition
** variable, and is signalled only when it is waiting and what it waits for has come (the
** reader, once half the ring is free).
*/
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "documents.h"
#include "importfeed.h"
#include "jsonin.h"
#include "record.h"

/* How many records the thread may be ahead of the writer: enough to go on reading while
** the writer adds a batch of rows to the search index (store.c, every 16,384 records,
** about half a second at 100k, the time the thread takes for some 4,000 records). With
** 32 slots each side waited about 3 s for the other at 100k; with 4096, about 1 s, and
** the import took 1-3 s less. A slot holds a record and its texts, about 45 KB: the
** ring costs some 190 MB at most. */
#define FEED_SLOTS  4096
#define FEED_ERRLEN 1100 /* a path, then a record's message */
#define CHECK_ERRLEN 512

struct feed_slot {
	json_t           *record;  /* a canonical record, or NULL */
	struct documents  docs;    /* its documents */
};

struct import_feed {
	char                 path[512];        /* the file, for messages */
	char                 today[11];        /* the default updated_on */
	struct buf           text;             /* the whole file, freed once parsed */
	struct record_file  *check;            /* ids seen so far */
	pthread_t            thread;
	pthread_mutex_t      lock;             /* guards every field below */
	pthread_cond_t       changed;          /* one of them changed for a waiting side */
	size_t               made;             /* records [0, made) are in their slots */
	size_t               reading;          /* the writer holds or awaits this record */
	size_t               next;             /* the writer's next record (its own) */
	int                  finished;         /* 1: file read and checked; -1: failed */
	int                  stopping;         /* the writer wants the thread to end */
	int                  reader_waits;     /* the thread waits for free slots */
	size_t               reader_resumes;   /* ...until reading reaches this */
	int                  writer_waits;     /* the writer waits for a record */
	json_t              *directory;        /* the settings, once finished is 1 */
	char                 err[FEED_ERRLEN]; /* why, once finished is -1 */
	struct feed_slot     slot[FEED_SLOTS];
};

/* The whole of file path in text; 0, or -1 with a message. */
static int
read_whole_file(const char *path, struct buf *text, char *err, size_t errlen)
{
	FILE *in = fopen(path, "rb");
	size_t got = 1;
	int failed;

	if (in == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while (got > 0 && buf_reserve(text, 1 << 20) == 0) {
		got = fread(text->data + text->len, 1, text->cap - text->len - 1, in);
		text->len += got;
		text->data[text->len] = '\0';
	}
	failed = ferror(in) || buf_failed(text);
	if (fclose(in) != 0 || failed) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    buf_failed(text) ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}

/* Wake the other side if it waits for what it has now. Call with the lock held. */
static void
wake(struct import_feed *f)
{
	if ((f->reader_waits && f->reading >= f->reader_resumes) || f->writer_waits)
		pthread_cond_broadcast(&f->changed);
}

/* End the reading with msg as the reason. */
static void
fail_feed(struct import_feed *f, const char *msg)
{
	pthread_mutex_lock(&f->lock);
	if (f->finished == 0) {
		f->finished = -1;
		snprintf(f->err, sizeof f->err, "%s", msg);
	}
	wake(f);
	pthread_mutex_unlock(&f->lock);
}

/* End the reading with the file's path, then msg, as the reason. */
static void
fail_in_file(struct import_feed *f, const char *msg)
{
	char full[FEED_ERRLEN];

	snprintf(full, sizeof full, "%s: %s", f->path, msg);
	fail_feed(f, full);
}

/* Wait until record i may go into its slot; 1 if it may, 0 if the thread must end. When
** the ring is full, the thread sleeps until half of it is free, not one slot: the two
** threads then trade places once per half ring instead of once per record. */
static int
wait_for_slot(struct import_feed *f, size_t i)
{
	int go;

	pthread_mutex_lock(&f->lock);
	if (i >= f->reading + FEED_SLOTS) {
		f->reader_resumes = i - FEED_SLOTS / 2;
		f->reader_waits = 1;
		while (!f->stopping && f->reading < f->reader_resumes)
			pthread_cond_wait(&f->changed, &f->lock);
	}
	f->reader_waits = 0;
	go = !f->stopping;
	pthread_mutex_unlock(&f->lock);
	return go;
}

/* The record checked and its documents made go into slot i % FEED_SLOTS. */
static int
fill_slot(struct import_feed *f, size_t i, json_t *record)
{
	struct feed_slot *s = &f->slot[i % FEED_SLOTS];

	if (!wait_for_slot(f, i)) {
		json_decref(record);
		return -1;
	}
	json_decref(s->record);
	s->record = record;
	if (documents_make(record, &s->docs) != 0) {
		fail_feed(f, "out of memory");
		return -1;
	}
	pthread_mutex_lock(&f->lock);
	f->made = i + 1;
	wake(f);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

/* jsonin_element_fn: check one organization of the file (and, at the first, the file's
** members read before it), then queue it. */
static int
take_organization(void *arg, json_t *element, const json_t *root)
{
	struct import_feed *f = arg;
	char err[CHECK_ERRLEN];
	size_t i = f->made;	/* only this thread changes made */
	json_t *record;
	int rc;

	rc = i == 0 ? record_file_header(root, 0, NULL, err, sizeof err) : 0;
	if (rc == 0)
		rc = record_file_org(f->check, element, i, f->today, &record, err, sizeof err);
	json_decref(element);
	if (rc != 0) {
		fail_in_file(f, err);
		return -1;
	}
	return fill_slot(f, i, record);
}

/* The file did not parse: jansson's own loader, on the same bytes, says where and why. */
static void
fail_syntax(struct import_feed *f)
{
	char msg[FEED_ERRLEN];
	json_error_t jerr;
	json_t *root = json_loadb(f->text.data, f->text.len, JSON_REJECT_DUPLICATES, &jerr);

	if (root == NULL) {
		snprintf(msg, sizeof msg, "%s:%d:%d: %s", f->path, jerr.line, jerr.column, jerr.text);
		fail_feed(f, msg);
	} else {
		fail_in_file(f, "cannot read: out of memory");
	}
	json_decref(root);
}

/* The file's members, once it is read whole. */
static void
finish(struct import_feed *f, const json_t *root)
{
	char err[CHECK_ERRLEN];
	json_t *directory;

	if (record_file_header(root, 1, &directory, err, sizeof err) != 0) {
		fail_in_file(f, err);
		return;
	}
	pthread_mutex_lock(&f->lock);
	f->directory = directory;
	f->finished = 1;
	wake(f);
	pthread_mutex_unlock(&f->lock);
}

static void *
read_records(void *arg)
{
	struct import_feed *f = arg;
	int stopped;
	json_t *root = jsonin_parse_unique_stream(f->text.data, f->text.len, "organizations",
	    take_organization, f, &stopped);

	if (root != NULL)
		finish(f, root);
	else if (!stopped)
		fail_syntax(f);
	json_decref(root);
	buf_free(&f->text);
	return NULL;
}

struct import_feed *
import_feed_start(const char *path, const char *today, char *err, size_t errlen)
{
	struct import_feed *f = calloc(1, sizeof *f);

	if (f == NULL || (f->check = record_file_new()) == NULL) {
		free(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(f->path, sizeof f->path, "%s", path);
	snprintf(f->today, sizeof f->today, "%s", today);
	if (read_whole_file(path, &f->text, err, errlen) != 0)
		goto no_thread;
	if (pthread_mutex_init(&f->lock, NULL) != 0) {
		snprintf(err, errlen, "cannot start the thread that reads the file");
		goto no_thread;
	}
	if (pthread_cond_init(&f->changed, NULL) != 0 ||
	    pthread_create(&f->thread, NULL, read_records, f) != 0) {
		pthread_cond_destroy(&f->changed);
		pthread_mutex_destroy(&f->lock);
		snprintf(err, errlen, "cannot start the thread that reads the file");
		goto no_thread;
	}
	return f;
no_thread:
	buf_free(&f->text);
	record_file_free(f->check);
	free(f);
	return NULL;
}

int
import_feed_next(struct import_feed *f, const json_t **record, const struct documents **docs,
    size_t *index, char *err, size_t errlen)
{
	size_t i;
	int rc;

	i = f->next;
	pthread_mutex_lock(&f->lock);
	f->reading = i;	/* done with record i - 1: its slot may be filled again */
	wake(f);
	f->writer_waits = 1;
	while (f->made <= i && f->finished == 0)
		pthread_cond_wait(&f->changed, &f->lock);
	f->writer_waits = 0;
	if (f->made > i) {
		f->next = i + 1;
		rc = 1;
	} else {
		rc = f->finished == 1 ? 0 : -1;
		if (rc < 0)
			snprintf(err, errlen, "%s", f->err);
	}
	pthread_mutex_unlock(&f->lock);
	if (rc == 1) {
		*record = f->slot[i % FEED_SLOTS].record;
		*docs = &f->slot[i % FEED_SLOTS].docs;
		*index = i;
	}
	return rc;
}

const json_t *
import_feed_directory(const struct import_feed *f)
{
	return f->directory;
}

void
import_feed_stop(struct import_feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	f->stopping = 1;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	for (i = 0; i < FEED_SLOTS; i++) {
		json_decref(f->slot[i].record);
		documents_free(&f->slot[i].docs);
	}
	json_decref(f->directory);
	record_file_free(f->check);
	pthread_cond_destroy(&f->changed);
	pthread_mutex_destroy(&f->lock);
	free(f);
}
