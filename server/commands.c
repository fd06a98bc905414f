/*
** commands.c - the data subcommands: init, import, export, languages.
*/
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "catalog.h"
#include "cli.h"
#include "db.h"
#include "importfeed.h"
#include "record.h"
#include "store.h"

#define ERRLEN 600

static void
today_utc(char out[11])
{
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Open the database read-write and make sure its schema is current. */
static int
open_current(const char *cmd, const char *path, enum db_mode mode, struct dbconn *c)
{
	char err[ERRLEN];

	if (db_open(path, mode, c, err, sizeof err) != 0 || db_check_version(c, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd %s: %s\n", cmd, err);
		db_close(c);
		return -1;
	}
	return 0;
}

int
cmd_init(const struct cli_args *args)
{
	struct dbconn c = { 0 };
	char err[ERRLEN];
	int applied = 0;

	if (db_open(args->db, DB_CREATE, &c, err, sizeof err) != 0 ||
	    db_migrate(&c, store_rederive, &applied, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd init: %s\n", err);
		db_close(&c);
		return 1;
	}
	db_close(&c);
	if (applied == 0)
		printf("%s is up to date (schema version %d)\n", args->db, db_schema_latest());
	else
		printf("%s: applied %d migration%s, schema version %d\n", args->db, applied,
		    applied == 1 ? "" : "s", db_schema_latest());
	return 0;
}

/* Store every record the feed gives, and the settings, in one transaction; how many
** records in *count. 0, or -1 with a message, and nothing stored. */
static int
store_feed(struct dbconn *c, struct import_feed *feed, const char *path, size_t *count,
    char *err, size_t errlen)
{
	struct store_import *imp = store_import_begin(c, err, errlen);
	const struct documents *docs;
	const json_t *record;
	char msg[512];
	size_t i;
	int got;

	if (imp == NULL)
		return -1;
	for (*count = 0; (got = import_feed_next(feed, &record, &docs, &i, err, errlen)) == 1;
	    ++*count)
		if (store_import_put(imp, record, docs, i, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: %s", path, msg);
			got = -1;
			break;
		}
	if (got != 0) {
		store_import_abort(imp);
		return -1;
	}
	return store_import_commit(imp, import_feed_directory(feed), err, errlen);
}

/* The file is read, parsed and checked a record at a time on a second thread
** (importfeed.h) while this one stores the records checked so far, in one transaction:
** an error anywhere in the file rolls it all back. */
int
cmd_import(const struct cli_args *args)
{
	struct dbconn c = { 0 };
	struct import_feed *feed;
	char err[2 * ERRLEN], today[11];	/* a path, then a record's message */
	size_t count;
	int rc = 1;

	/* Both threads allocate and free a record's values and texts by the thousand: keep
	** what the heaps have grown to (up to 256 MiB free at their tops, grown 64 MiB at a
	** time) instead of giving it back to the kernel and faulting it in again. 10k
	** organizations: 86k -> 78k page faults; 100k: 250k -> 232k, 4.2 -> 3.5 s of system time. */
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TOP_PAD, 64 * 1024 * 1024);
	today_utc(today);
	if ((feed = import_feed_start(args->positional, today, err, sizeof err)) == NULL) {
		fprintf(stderr, "solidarityd import: %s\n", err);
		return 1;
	}
	if (open_current("import", args->db, DB_READWRITE, &c) != 0)
		goto done;
	/* A bulk load revisits the index pages of every table: keep up to 256 MiB of them
	** in memory for this one connection (measured: 100k organizations, 65 s -> 42 s). */
	if (db_exec(&c, "PRAGMA cache_size = -262144", err, sizeof err) != 0 ||
	    store_feed(&c, feed, args->positional, &count, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd import: %s\n", err);
		goto done;
	}
	printf("imported %zu organization%s from %s into %s\n", count, count == 1 ? "" : "s",
	    args->positional, args->db);
	rc = 0;
done:
	import_feed_stop(feed);
	db_close(&c);
	return rc;
}

int
cmd_export(const struct cli_args *args)
{
	struct dbconn c = { 0 };
	char err[ERRLEN];
	int rc = 0;

	if (open_current("export", args->db, DB_READONLY, &c) != 0)
		return 1;
	if (store_export(&c, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd export: %s\n", err);
		rc = 1;
	}
	db_close(&c);
	return rc;
}

int
cmd_languages(const struct cli_args *args)
{
	const struct spoken_language *langs;
	size_t i, n;

	(void)args;
	langs = catalog_languages(&n);
	for (i = 0; i < n; i++)
		printf("%-4s %-22s %s\n", langs[i].code, langs[i].label, langs[i].endonym);
	return 0;
}
