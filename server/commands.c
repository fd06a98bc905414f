/*
** commands.c - the data subcommands: init, import, export, languages.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "buf.h"
#include "catalog.h"
#include "cli.h"
#include "db.h"
#include "jsonin.h"
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

/* The whole of file path in text; 0, or -1 when it cannot be read or memory runs out. */
static int
read_whole_file(const char *path, struct buf *text)
{
	FILE *in = fopen(path, "rb");
	size_t got = 1;
	int failed;

	if (in == NULL)
		return -1;
	while (got > 0 && buf_reserve(text, 1 << 20) == 0) {
		got = fread(text->data + text->len, 1, text->cap - text->len - 1, in);
		text->len += got;
		text->data[text->len] = '\0';
	}
	failed = ferror(in) || buf_failed(text);
	return fclose(in) != 0 || failed ? -1 : 0;
}

/* The import file, parsed as jansson's json_load_file(JSON_REJECT_DUPLICATES) would:
** read whole and parsed by jsonin (five times faster), and by jansson itself when that
** fails, for jansson's message with line and column. NULL with the message in jerr. */
static json_t *
load_import_file(const char *path, json_error_t *jerr)
{
	struct buf text = BUF_INIT;
	json_t *root = NULL;

	if (read_whole_file(path, &text) == 0)
		root = jsonin_parse_unique(text.data, text.len);
	buf_free(&text);
	return root != NULL ? root : json_load_file(path, JSON_REJECT_DUPLICATES, jerr);
}

int
cmd_import(const struct cli_args *args)
{
	struct dbconn c = { 0 };
	json_t *root, *orgs = NULL, *directory = NULL;
	json_error_t jerr;
	char err[ERRLEN], today[11];
	int rc = 1, checked;

	root = load_import_file(args->positional, &jerr);
	if (root == NULL) {
		fprintf(stderr, "solidarityd import: %s:%d:%d: %s\n", args->positional, jerr.line,
		    jerr.column, jerr.text);
		return 1;
	}
	today_utc(today);
	checked = record_check_file(root, today, &orgs, &directory, err, sizeof err);
	/* The canonical records are all that is stored: the file as read is freed before
	** the load, so the two are not in memory together for longer than the check. */
	json_decref(root);
	if (checked != 0) {
		fprintf(stderr, "solidarityd import: %s: %s\n", args->positional, err);
		goto done;
	}
	if (open_current("import", args->db, DB_READWRITE, &c) != 0)
		goto done;
	/* A bulk load revisits the index pages of every table: keep up to 256 MiB of them
	** in memory for this one connection (measured: 100k organizations, 65 s -> 42 s). */
	if (db_exec(&c, "PRAGMA cache_size = -262144", err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd import: %s\n", err);
		goto done;
	}
	if (store_import(&c, orgs, directory, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd import: %s: %s\n", args->positional, err);
		goto done;
	}
	printf("imported %zu organization%s from %s into %s\n", json_array_size(orgs),
	    json_array_size(orgs) == 1 ? "" : "s", args->positional, args->db);
	rc = 0;
done:
	db_close(&c);
	json_decref(orgs);
	json_decref(directory);
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
