/*
** pool.c - the read-only connection pool (see pool.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

int
pool_open(struct pool *p, const char *path, int size, char *err, size_t errlen)
{
	int i;

	memset(p, 0, sizeof *p);
	p->conns = calloc((size_t)size, sizeof *p->conns);
	p->idle = calloc((size_t)size, sizeof *p->idle);
	if (p->conns == NULL || p->idle == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < size; i++) {
		if (db_open(path, DB_READONLY, &p->conns[i], err, errlen) != 0)
			goto fail;
		p->idle[i] = i;
		p->size = i + 1;
	}
	p->nidle = size;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->returned, NULL);
	return 0;
fail:
	for (i = 0; i < p->size; i++)
		db_close(&p->conns[i]);
	free(p->conns);
	free(p->idle);
	memset(p, 0, sizeof *p);
	return -1;
}

struct dbconn *
pool_acquire(struct pool *p)
{
	struct dbconn *c;

	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0)
		pthread_cond_wait(&p->returned, &p->lock);
	c = &p->conns[p->idle[--p->nidle]];
	pthread_mutex_unlock(&p->lock);
	return c;
}

void
pool_release(struct pool *p, struct dbconn *c)
{
	pthread_mutex_lock(&p->lock);
	p->idle[p->nidle++] = (int)(c - p->conns);
	pthread_cond_signal(&p->returned);
	pthread_mutex_unlock(&p->lock);
}

void
pool_close(struct pool *p)
{
	int i;

	if (p->conns == NULL)
		return;
	for (i = 0; i < p->size; i++)
		db_close(&p->conns[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->returned);
	free(p->conns);
	free(p->idle);
	memset(p, 0, sizeof *p);
}
