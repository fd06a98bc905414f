/*
** snapshot_keeper.h - keeps the search's image in memory current (snapshot.h): a
** background thread builds it when the server starts and again whenever a request finds
** the database's search generation has moved on. Until a current image exists, requests
** are told there is none and search with SQL alone (search.c), so a start or a save never
** makes anyone wait for an image.
*/
#ifndef SD_SNAPSHOT_KEEPER_H
#define SD_SNAPSHOT_KEEPER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "snapshot.h"

struct snapshot_keeper {
	pthread_mutex_t  lock;
	pthread_cond_t   wake;
	pthread_t        thread;
	int              started;    /* the thread runs */
	int              stopping;   /* keeper_stop asked it to end */
	atomic_int       cancel;     /* the same, read by a build in progress without the lock */
	int64_t          wanted;     /* the generation a request last found, -1: none yet */
	int64_t          tried;      /* the generation of the last build, -1: none yet */
	struct snapshot *current;    /* the newest image, or NULL */
	const char      *db_path;    /* opened read-only by the thread */
	const struct synonyms *syn;  /* the phrases the image's words hold, or NULL */
	FILE            *progress;   /* told of each build, or NULL */
};

/* Start the thread, which builds the first image at once, with the synonym phrases of
** syn (may be NULL; it must outlive the keeper). Each build is told on progress (may be
** NULL): its generation and time, or why it failed; nothing about any request. 0, or -1
** with a message. */
int keeper_start(struct snapshot_keeper *k, const char *db_path, const struct synonyms *syn,
    FILE *progress, char *err, size_t errlen);

/* The image, retained, when it was built at the generation c reads now; else NULL, and
** the thread is asked for a new one. Release a non-NULL result with snapshot_release. */
struct snapshot *keeper_current(struct snapshot_keeper *k, struct dbconn *c);

/* Wait until an image of the database's current generation, read on c, exists, or the
** thread failed to build one: for tests and benchmarks. 0 when one exists, else -1. */
int keeper_wait(struct snapshot_keeper *k, struct dbconn *c);

/* Stop the thread and drop the image; a build in progress gives up (within a fraction of
** a second). Safe on a zeroed keeper that never started. */
void keeper_stop(struct snapshot_keeper *k);

#endif
