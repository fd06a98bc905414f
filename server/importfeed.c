/*
** importfeed.c - reads, checks and prepares the records of an import file on a thread
** of its own, up to a ring of slots ahead of the writer (see importfeed.h).
**
** The two threads share a ring of slots (FEED_SLOTS but in tests): the reader fills slot
** i % slots with record i and its documents, the writer takes them in order. The reader fills the
** ring a half at a time: it begins a half once the writer has asked for the record after
** the last one the half held, which means it is done with all of them. Each side waits
** on the one condition variable, and is signalled only when it is waiting and what it
** waits for has come.
**
** A regular file is read by the thread as its parse goes (jsonin_source), a few
** megabytes ahead of it, into a buffer made the file's size at the start: so the first
** records reach the writer before the file is all read, and a file read from a slow disk
** costs the reading of its first megabytes, not of all of it, before the writer starts.
** Anything else (a pipe) is read whole first.
**
** The thread's JSON values live in arenas (jsonarena.h): the records of each half of the
** ring in one, dropped whole when the thread comes back to that half and the writer is
** done with it, and the rest of the file (its members, its first element) in a third,
** kept until the thread ends. The settings the writer keeps are copied out with malloc.
*/
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "documents.h"
#include "importfeed.h"
#include "jsonarena.h"
#include "jsonin.h"
#include "record.h"

/* How many records the thread may be ahead of the writer: enough to go on reading while
** the writer adds a batch of rows to the search index (store.c, every 16,384 records,
** about half a second at 100k). With 32 slots each side waited about 3 s for the other
** at 100k; with 4096, about 1 s, and the import took 1-3 s less. Since the records live
** in an arena per half ring, the thread is much faster than the writer and fills a ring
** of 2048 ahead of it in a fraction of a batch: the writer never waits for it, and the
** arenas hold half as much (each record and what was made on the way to it, about 60 KB,
** some 120 MB in all). */
#define FEED_SLOTS  2048
#define ARENA_REST  2    /* the arena of what is not a record: the file's members */
#define FEED_ERRLEN 1100 /* a path, then a record's message */
#define READ_CHUNK  (4 << 20)  /* bytes of a file read at once, at least; the parse has a
                                ** quarter of that before it at each step */
#define CHECK_ERRLEN 512

struct feed_slot {
	json_t           *record;  /* a canonical record, or NULL */
	struct documents  docs;    /* its documents */
};

struct import_feed {
	char                 path[512];        /* the file, for messages */
	char                 today[11];        /* the default updated_on */
	struct buf           text;             /* the file as read so far, freed once parsed */
	int                  fd;               /* a regular file being read, or -1 */
	size_t               size;             /* its size at the start: text's room */
	size_t               chunk;            /* bytes read at once, at least */
	int                  read_errno;       /* why reading it failed, or 0 */
	int                  resized;          /* its size changed while it was read */
	struct record_file  *check;            /* ids seen so far */
	struct json_arena_group arenas;        /* the thread's values: 0, 1 halves, ARENA_REST */
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
	size_t               slots;            /* in the ring: even, at least 2 */
	size_t               half;             /* slots / 2 */
	struct feed_slot     slot[];
};

/* The whole of file in (path, for messages) in text; in is closed. 0, or -1 with a
** message. */
static int
read_whole_file(FILE *in, const char *path, struct buf *text, char *err, size_t errlen)
{
	size_t got = 1;
	int failed;

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

/* Open the file at path: a regular one gets a buffer of its size, to be read into as the
** parse goes (read_more); anything else is read whole now. 0, or -1 with a message. */
static int
open_file(struct import_feed *f, const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	FILE *in;

	f->fd = -1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		if ((in = fdopen(fd, "rb")) == NULL) {
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		return read_whole_file(in, path, &f->text, err, errlen);
	}
	if ((uintmax_t)st.st_size >= SIZE_MAX / 2 || buf_reserve(&f->text, (size_t)st.st_size) != 0) {
		snprintf(err, errlen, "%s: cannot read: out of memory", path);
		close(fd);
		return -1;
	}
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	f->size = (size_t)st.st_size;
	f->fd = fd;
	return 0;
}

/* The file is read: what is in text is all there will be. */
static void
close_file(struct import_feed *f)
{
	close(f->fd);
	f->fd = -1;
}

/* Having read as many bytes as the file had at the start, see that it has no more. */
static void
check_file_end(struct import_feed *f)
{
	char probe;
	ssize_t got;

	while ((got = read(f->fd, &probe, 1)) < 0 && errno == EINTR)
		;
	if (got < 0)
		f->read_errno = errno;
	else if (got > 0)
		f->resized = 1;
	close_file(f);
}

/* jsonin_source's more: read the file until its first want bytes are in text, and up to
** a chunk more while at it, or until it ends (or cannot be read: read_errno). */
static size_t
read_more(void *arg, size_t want, int *whole)
{
	struct import_feed *f = arg;
	struct buf *t = &f->text;
	size_t goal = want > t->len + f->chunk ? want : t->len + f->chunk;
	ssize_t got;

	if (goal > f->size)
		goal = f->size;
	while (f->fd >= 0 && t->len < goal) {
		got = read(f->fd, t->data + t->len, goal - t->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {	/* an error, or a file shorter than at the start */
			if (got < 0)
				f->read_errno = errno;
			else
				f->resized = 1;
			close_file(f);
			break;
		}
		t->len += (size_t)got;
	}
	if (f->fd >= 0 && t->len == f->size)
		check_file_end(f);
	t->data[t->len] = '\0';
	*whole = f->fd < 0;
	return t->len;
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

/* Wait until the writer has asked for record n, so is done with every record before it;
** 1, or 0 if the thread must end. */
static int
wait_for_writer(struct import_feed *f, size_t n)
{
	int go;

	pthread_mutex_lock(&f->lock);
	if (f->reading < n) {
		f->reader_resumes = n;
		f->reader_waits = 1;
		while (!f->stopping && f->reading < n)
			pthread_cond_wait(&f->changed, &f->lock);
	}
	f->reader_waits = 0;
	go = !f->stopping;
	pthread_mutex_unlock(&f->lock);
	return go;
}

/* The record checked and its documents made go into slot i % f->slots, which begin_half
** freed with its half (its previous record went with the half's arena). 0, or -1 if the
** thread must end. */
static int
fill_slot(struct import_feed *f, size_t i, json_t *record)
{
	struct feed_slot *s = &f->slot[i % f->slots];
	int go;

	s->record = record;
	if (documents_make(record, &s->docs) != 0) {
		fail_feed(f, "out of memory");
		return -1;
	}
	pthread_mutex_lock(&f->lock);
	f->made = i + 1;
	wake(f);
	go = !f->stopping;
	pthread_mutex_unlock(&f->lock);
	return go ? 0 : -1;
}

/* Record i (a multiple of f->half) and the next ones go into the half of the ring and
** the arena (i / f->half) % 2: once the writer is done with the records the half held,
** they and everything made with them are dropped at once. 0, or -1 if the thread must
** end. */
static int
begin_half(struct import_feed *f, size_t i)
{
	int half = (int)(i / f->half % 2);
	size_t k;

	if (i >= f->slots && !wait_for_writer(f, i - f->half))
		return -1;
	for (k = 0; k < f->half; k++)
		f->slot[(size_t)half * f->half + k].record = NULL;
	json_arena_group_empty(&f->arenas, half);
	json_arena_group_fill(&f->arenas, half);
	return 0;
}

/* jsonin_element_fn: check one organization of the file (and, at the first, the file's
** members read before it), then queue it. The element was read into the arena of its
** half (the first one, into the file's), where its record is made. */
static int
take_organization(void *arg, json_t *element, const json_t *root)
{
	struct import_feed *f = arg;
	char err[CHECK_ERRLEN] = "";
	size_t i = f->made;	/* only this thread changes made */
	json_t *record;
	int rc;

	rc = i == 0 ? record_file_header(root, 0, NULL, err, sizeof err) : 0;
	if (rc == 0 && i == 0)
		rc = begin_half(f, 0);
	if (rc == 0)
		rc = record_file_org(f->check, element, i, f->today, &record, err, sizeof err);
	json_decref(element);
	if (rc != 0) {
		if (err[0] != '\0')
			fail_in_file(f, err);
		return -1;
	}
	if (fill_slot(f, i, record) != 0)
		return -1;
	return (i + 1) % f->half == 0 ? begin_half(f, i + 1) : 0;
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
	json_t *checked, *directory;

	if (record_file_header(root, 1, &checked, err, sizeof err) != 0) {
		fail_in_file(f, err);
		return;
	}
	directory = json_deep_copy(checked);	/* with malloc: the writer keeps it */
	json_decref(checked);
	if (directory == NULL) {
		fail_in_file(f, "cannot read: out of memory");
		return;
	}
	pthread_mutex_lock(&f->lock);
	f->directory = directory;
	f->finished = 1;
	wake(f);
	pthread_mutex_unlock(&f->lock);
}

/* The file could not be read to its end: say why. 1 if so, 0 if it was. */
static int
failed_reading(struct import_feed *f)
{
	char msg[FEED_ERRLEN];

	if (f->read_errno == 0 && !f->resized)
		return 0;
	snprintf(msg, sizeof msg, "cannot read: %s", f->resized ?
	    "the file changed while it was read" : strerror(f->read_errno));
	fail_in_file(f, msg);
	return 1;
}

static void *
read_records(void *arg)
{
	struct import_feed *f = arg;
	struct jsonin_source source = { read_more, f, f->chunk / 4 };
	int stopped;
	json_t *root;

	json_arena_group_fill(&f->arenas, ARENA_REST);
	if (f->fd >= 0)
		root = jsonin_parse_unique_stream_from(f->text.data, &source, "organizations",
		    take_organization, f, &stopped);
	else
		root = jsonin_parse_unique_stream(f->text.data, f->text.len, "organizations",
		    take_organization, f, &stopped);
	json_arena_group_fill(&f->arenas, -1);
	/* when stopped, a record was refused (and the writer told) or the writer stopped;
	** when reading failed, the parse saw the text only up to there */
	if (!stopped && !failed_reading(f)) {
		if (root != NULL)
			finish(f, root);
		else
			fail_syntax(f);
	}
	json_decref(root);
	json_arena_group_leave();
	if (f->fd >= 0)
		close_file(f);
	buf_free(&f->text);
	return NULL;
}

struct import_feed *
import_feed_start(const char *path, const char *today, char *err, size_t errlen)
{
	return import_feed_start_ring(path, today, FEED_SLOTS, 0, err, errlen);
}

struct import_feed *
import_feed_start_ring(const char *path, const char *today, size_t slots, size_t chunk,
    char *err, size_t errlen)
{
	struct import_feed *f;

	if (slots < 2 || slots % 2 != 0 || slots > FEED_SLOTS) {
		snprintf(err, errlen, "a ring of %zu slots: must be even, from 2 to %d", slots,
		    FEED_SLOTS);
		return NULL;
	}
	if (chunk != 0 && chunk < 4) {
		snprintf(err, errlen, "a chunk of %zu bytes: must be at least 4", chunk);
		return NULL;
	}
	f = calloc(1, sizeof *f + slots * sizeof f->slot[0]);
	if (f == NULL || (f->check = record_file_new()) == NULL) {
		free(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->slots = slots;
	f->half = slots / 2;
	f->chunk = chunk != 0 ? chunk : READ_CHUNK;
	snprintf(f->path, sizeof f->path, "%s", path);
	snprintf(f->today, sizeof f->today, "%s", today);
	if (open_file(f, path, err, errlen) != 0)
		goto no_arenas;
	if (json_arena_group_init(&f->arenas) != 0) {
		snprintf(err, errlen, "cannot reserve memory to read the file");
		goto no_arenas;
	}
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
	json_arena_group_free(&f->arenas);
no_arenas:
	if (f->fd >= 0)
		close_file(f);
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
		*record = f->slot[i % f->slots].record;
		*docs = &f->slot[i % f->slots].docs;
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
	for (i = 0; i < f->slots; i++)	/* the records went with the arenas */
		documents_free(&f->slot[i].docs);
	json_arena_group_free(&f->arenas);
	json_decref(f->directory);
	record_file_free(f->check);
	pthread_cond_destroy(&f->changed);
	pthread_mutex_destroy(&f->lock);
	free(f);
}
