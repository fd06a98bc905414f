/*
** snapshot_keeper.c - the thread that builds the search's image, and the lock that hands
** it to requests (see snapshot_keeper.h).
**
** A build whose generation fails is not tried again at that generation: a directory the
** image cannot hold (more than SNAPSHOT_MAX_VALUES values of a facet) is searched with
** SQL alone instead of being read again on every request.
*/
#include <malloc.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

#include "snapshot_keeper.h"

static double
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

/* An image of the database now, told on k->progress; NULL when the build failed. */
static struct snapshot *
build(struct snapshot_keeper *k, struct dbconn *c)
{
	struct snapshot *built;
	struct timespec start;
	char err[256];

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (snapshot_build(c, k->syn, &k->cancel, &built, err, sizeof err) != 0) {
		if (k->progress != NULL && !atomic_load(&k->cancel))
			fprintf(k->progress, "solidarityd: no search image, searches use SQL: %s\n",
			    err);
		built = NULL;
	} else if (k->progress != NULL)
		fprintf(k->progress,
		    "solidarityd: search image of generation %lld ready in %.0f ms\n",
		    (long long)snapshot_generation(built), elapsed_ms(&start));
	if (k->progress != NULL)
		fflush(k->progress);
	return built;
}

#define KEEPER_NICE 10   /* the builds' priority, below the request threads' */

/* Build images until asked to stop; each replaces the previous one. */
static void *
keeper_main(void *arg)
{
	struct snapshot_keeper *k = arg;
	struct snapshot *built, *old;
	struct dbconn c;
	char err[256];
	int64_t generation;

	/* Requests come first: on Linux a thread has a nice value of its own. Failing to
	** lower it changes nothing else. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), KEEPER_NICE);
	if (db_open(k->db_path, DB_READONLY, &c, err, sizeof err) != 0)
		return NULL;
	pthread_mutex_lock(&k->lock);
	while (!k->stopping) {
		if (k->tried != -1 && k->wanted <= k->tried) {
			pthread_cond_wait(&k->wake, &k->lock);
			continue;
		}
		pthread_mutex_unlock(&k->lock);
		if (snapshot_read_generation(&c, &generation) != 0)
			generation = INT64_MAX;   /* no generation: never try again */
		built = build(k, &c);
		pthread_mutex_lock(&k->lock);
		k->tried = built ? snapshot_generation(built) : generation;
		if (k->wanted < k->tried)
			k->wanted = k->tried;
		if (built != NULL) {
			old = k->current;
			k->current = built;
			pthread_mutex_unlock(&k->lock);
			snapshot_release(old);
			/* The build's passes and a previous image freed memory this thread's heap
			** would otherwise keep: give it back. */
			malloc_trim(0);
			pthread_mutex_lock(&k->lock);
		}
		pthread_cond_broadcast(&k->wake);
	}
	pthread_mutex_unlock(&k->lock);
	db_close(&c);
	return NULL;
}

int
keeper_start(struct snapshot_keeper *k, const char *db_path, const struct synonyms *syn,
    FILE *progress, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	k->wanted = k->tried = -1;
	k->db_path = db_path;
	k->syn = syn;
	k->progress = progress;
	atomic_init(&k->cancel, 0);
	if (pthread_mutex_init(&k->lock, NULL) != 0)
		goto failed;
	if (pthread_cond_init(&k->wake, NULL) != 0) {
		pthread_mutex_destroy(&k->lock);
		goto failed;
	}
	if (pthread_create(&k->thread, NULL, keeper_main, k) != 0) {
		pthread_cond_destroy(&k->wake);
		pthread_mutex_destroy(&k->lock);
		goto failed;
	}
	k->started = 1;
	return 0;
failed:
	snprintf(err, errlen, "cannot start the search image's thread");
	return -1;
}

struct snapshot *
keeper_current(struct snapshot_keeper *k, struct dbconn *c)
{
	struct snapshot *s = NULL;
	int64_t generation;

	if (!k->started || snapshot_read_generation(c, &generation) != 0)
		return NULL;
	pthread_mutex_lock(&k->lock);
	if (k->current != NULL && snapshot_generation(k->current) == generation)
		s = snapshot_retain(k->current);
	else if (k->wanted != generation) {
		k->wanted = generation;
		pthread_cond_signal(&k->wake);
	}
	pthread_mutex_unlock(&k->lock);
	return s;
}

int
keeper_wait(struct snapshot_keeper *k, struct dbconn *c)
{
	struct snapshot *s;
	int64_t generation;
	int rc = -1;

	if (!k->started || snapshot_read_generation(c, &generation) != 0)
		return -1;
	pthread_mutex_lock(&k->lock);
	if (k->wanted != generation) {
		k->wanted = generation;
		pthread_cond_signal(&k->wake);
	}
	for (;;) {
		s = k->current;
		if (s != NULL && snapshot_generation(s) == generation) {
			rc = 0;
			break;
		}
		if (k->tried == generation || k->stopping)
			break;
		pthread_cond_wait(&k->wake, &k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return rc;
}

void
keeper_stop(struct snapshot_keeper *k)
{
	if (!k->started)
		return;
	pthread_mutex_lock(&k->lock);
	k->stopping = 1;
	atomic_store(&k->cancel, 1);
	pthread_cond_broadcast(&k->wake);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	snapshot_release(k->current);
	pthread_cond_destroy(&k->wake);
	pthread_mutex_destroy(&k->lock);
	memset(k, 0, sizeof *k);
}
