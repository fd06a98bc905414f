/*
** writer.c - the server's read-write connection, used by one request at a time (see
** writer.h).
*/
#include <stdio.h>
#include <string.h>

#include "writer.h"

int
writer_open(struct writer *w, const char *path, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	if (db_open(path, DB_READWRITE, &w->conn, err, errlen) != 0)
		return -1;
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		db_close(&w->conn);
		snprintf(err, errlen, "cannot create the writer's lock");
		return -1;
	}
	w->is_open = 1;
	return 0;
}

struct dbconn *
writer_begin(struct writer *w, char *err, size_t errlen)
{
	if (!w->is_open) {
		snprintf(err, errlen, "the database is not open for writing");
		return NULL;
	}
	pthread_mutex_lock(&w->lock);
	if (db_exec(&w->conn, "BEGIN IMMEDIATE", err, errlen) != 0) {
		pthread_mutex_unlock(&w->lock);
		return NULL;
	}
	return &w->conn;
}

int
writer_end(struct writer *w, int commit, char *err, size_t errlen)
{
	char ignored[100];
	int rc = 0;

	if (commit && db_exec(&w->conn, "COMMIT", err, errlen) != 0)
		rc = -1, commit = 0;
	if (!commit)
		db_exec(&w->conn, "ROLLBACK", ignored, sizeof ignored);
	pthread_mutex_unlock(&w->lock);
	return rc;
}

void
writer_close(struct writer *w)
{
	if (!w->is_open)
		return;
	db_close(&w->conn);
	pthread_mutex_destroy(&w->lock);
	w->is_open = 0;
}
