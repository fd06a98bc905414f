/*
** writer.h - the server's one read-write database connection. Requests that change
** something (accounts, edits, applications, reports) take it in turn: writer_begin
** locks it and opens an immediate transaction, writer_end commits or rolls back and
** unlocks. SQLite allows one writer at a time anyway; the lock makes the wait explicit
** and keeps the connection's statement cache to one thread at a time.
*/
#ifndef SD_WRITER_H
#define SD_WRITER_H

#include <pthread.h>
#include <stddef.h>

#include "db.h"

struct writer {
	pthread_mutex_t lock;
	struct dbconn   conn;
	int             is_open;
};

/* Open path read-write (it must exist and be migrated). 0, or -1 with a message. */
int writer_open(struct writer *w, const char *path, char *err, size_t errlen);

/* Lock the connection and BEGIN IMMEDIATE. The connection, or NULL with a message (the
** lock is then not held). */
struct dbconn *writer_begin(struct writer *w, char *err, size_t errlen);

/* COMMIT when commit is non-zero and everything went well, else ROLLBACK; unlock.
** 0, or -1 with a message when the commit failed (it was then rolled back). */
int writer_end(struct writer *w, int commit, char *err, size_t errlen);

void writer_close(struct writer *w);

#endif
