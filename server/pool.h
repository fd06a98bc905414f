/*
** pool.h - a fixed set of read-only database connections for the request threads. A
** thread borrows one for the length of a request; each connection keeps its own prepared
** statements, so no statement is ever shared between threads.
*/
#ifndef SD_POOL_H
#define SD_POOL_H

#include <pthread.h>
#include <stddef.h>

#include "db.h"

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t  returned;   /* signalled when a connection is released */
	struct dbconn  *conns;      /* size connections */
	int            *idle;       /* stack of indexes of idle connections */
	int             nidle;
	int             size;
};

/* Open size read-only connections to path. 0, or -1 with a message (nothing left open). */
int pool_open(struct pool *p, const char *path, int size, char *err, size_t errlen);

/* Borrow a connection, waiting while all are in use. Never NULL. */
struct dbconn *pool_acquire(struct pool *p);

void pool_release(struct pool *p, struct dbconn *c);

/* Close every connection; none may be borrowed. */
void pool_close(struct pool *p);

#endif
