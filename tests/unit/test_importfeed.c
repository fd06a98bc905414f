/*
** test_importfeed.c - `import` reading its file a record at a time (importfeed.c): the
** command stores a file exactly as the whole-file path does (store_import), across many
** turns of the feed's ring; every error, JSON syntax anywhere (jansson's message, line
** and column), a bad record or a duplicate id late in the file, the file's own members
** before or after the organizations, an unreadable file, is reported as the whole-file
** checker reports it and leaves the database as it was; each record, made in its half
** of the ring's arena, is still what the whole-file checker makes while the feed goes
** round small rings; and a feed stopped half-way frees everything (the sanitizer run
** checks for leaks). The file is read as the checking goes: the tests read it in small
** pieces (so tokens and records are cut at every kind of place), from a pipe whole, and
** a file that grows or shrinks while it is read is refused.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "documents.h"
#include "importfeed.h"
#include "record.h"
#include "testsrv.h"

#define TODAY "2026-11-21"
#define GENERATED 300	/* organizations: many turns of a small ring (SMALL_RING) */
#define SMALL_RING 6	/* the ring of the feeds the tests drain: halves of 3 records */
#define SMALL_CHUNK 509	/* bytes they read at once: records and tokens cut everywhere */

struct scratch {
	char dir[64];
	char db[128];      /* a database holding the fixtures */
	char empty[128];   /* a database holding nothing */
	char file[128];    /* the file to import */
};

static void
scratch_open(struct scratch *s)
{
	char err[300];

	snprintf(s->dir, sizeof s->dir, "/tmp/sd-feed-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->db, sizeof s->db, "%s/full.db", s->dir);
	snprintf(s->empty, sizeof s->empty, "%s/empty.db", s->dir);
	snprintf(s->file, sizeof s->file, "%s/in.json", s->dir);
	if (testdb_create(s->db, testsrv_all_fixtures, err, sizeof err) != 0 ||
	    testdb_create(s->empty, NULL, err, sizeof err) != 0)
		fail_msg("testdb_create: %s", err);
}

static void
scratch_close(struct scratch *s)
{
	testdb_remove(s->db);
	testdb_remove(s->empty);
	unlink(s->file);
	rmdir(s->dir);
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *out = fopen(path, "wb");

	assert_non_null(out);
	assert_int_equal(fwrite(text, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
}

/* `solidarityd import --db db file`; its exit status. */
static int
run_import(const char *db, const char *file)
{
	struct cli_args args;

	memset(&args, 0, sizeof args);
	args.db = db;
	args.positional = file;
	return cmd_import(&args);
}

/* Import text (len bytes, NUL-terminated) through the command into s->empty; the export
** must then be that of the same text imported whole (testdb_import_text) into a fresh
** database. */
static void
assert_command_stores_as_whole_file(struct scratch *s, const char *text, size_t len)
{
	char err[600], other[160], *ours, *theirs;
	size_t n1, n2;

	snprintf(other, sizeof other, "%s/whole.db", s->dir);
	assert_int_equal(testdb_create(other, NULL, err, sizeof err), 0);
	if (testdb_import_text(other, text, err, sizeof err) != 0)
		fail_msg("the whole-file import: %s", err);
	write_file(s->file, text, len);
	assert_int_equal(run_import(s->empty, s->file), 0);
	theirs = testdb_export(other, &n1);
	ours = testdb_export(s->empty, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(ours, theirs, n1);
	assert_int_equal(testdb_count(s->empty), testdb_count(other));
	free(ours);
	free(theirs);
	testdb_remove(other);
}

static void
test_command_stores_as_the_whole_file_path_does(void **state)
{
	struct scratch s;
	char err[300], *text;
	size_t len;

	(void)state;
	scratch_open(&s);
	text = testdb_export(s.db, &len);	/* the fixtures: every kind of record */
	assert_command_stores_as_whole_file(&s, text, len);
	free(text);
	testdb_remove(s.empty);
	if (testdb_create(s.empty, NULL, err, sizeof err) != 0)
		fail_msg("testdb_create: %s", err);
	text = testdb_generate(GENERATED, 1, &len);
	assert_command_stores_as_whole_file(&s, text, len);
	free(text);
	scratch_close(&s);
}

/* Read the whole feed of path through a ring of slots, chunk bytes read at once (0: the
** command's); -1 and its message in err when it fails, else the number of records it
** gave. When expected (the whole-file checker's records) is given, each record and its
** documents must be those made from it. */
static long
drain_ring(const char *path, size_t slots, size_t chunk, const json_t *expected, char *err,
    size_t errlen)
{
	struct import_feed *f = import_feed_start_ring(path, TODAY, slots, chunk, err, errlen);
	struct documents made = DOCUMENTS_INIT;
	const struct documents *docs;
	const json_t *record;
	size_t index;
	long n = 0;
	int got;

	if (f == NULL)
		return -1;
	while ((got = import_feed_next(f, &record, &docs, &index, err, errlen)) == 1) {
		assert_int_equal(index, (size_t)n);
		assert_non_null(json_object_get(record, "id"));
		assert_true(docs->summary.len > 0);
		if (expected != NULL) {
			assert_true(json_equal(record, json_array_get(expected, (size_t)n)));
			assert_int_equal(documents_make(json_array_get(expected, (size_t)n), &made), 0);
			assert_string_equal(docs->record.data, made.record.data);
			assert_string_equal(docs->summary.data, made.summary.data);
		}
		n++;
	}
	if (got == 0)
		assert_non_null(import_feed_directory(f));
	import_feed_stop(f);
	documents_free(&made);
	return got == 0 ? n : -1;
}

static long
drain(const char *path, char *err, size_t errlen)
{
	return drain_ring(path, SMALL_RING, SMALL_CHUNK, NULL, err, errlen);
}

/* What the whole-file path says of text: jansson's message with line and column when it
** does not parse, else record_check_file's, both after "path:" as `import` prints them. */
static void
whole_file_message(const char *path, const char *text, char *out, size_t outlen)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr), *orgs, *dir;
	char err[600];

	if (root == NULL) {
		snprintf(out, outlen, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		return;
	}
	if (record_check_file(root, TODAY, &orgs, &dir, err, sizeof err) == 0)
		fail_msg("record_check_file accepts the file");
	snprintf(out, outlen, "%s: %s", path, err);
	json_decref(root);
}

/* text is refused: the feed says what the whole-file path says, and the command leaves
** the database (the fixtures) exactly as it was. */
static void
assert_refused(struct scratch *s, const char *text, const char *expected_part)
{
	char err[1200], expected[1200], *before, *after;
	size_t n, n2;

	write_file(s->file, text, strlen(text));
	whole_file_message(s->file, text, expected, sizeof expected);
	assert_int_equal(drain(s->file, err, sizeof err), -1);
	assert_string_equal(err, expected);
	assert_non_null(strstr(err, expected_part));
	before = testdb_export(s->db, &n);
	assert_int_equal(run_import(s->db, s->file), 1);
	after = testdb_export(s->db, &n2);
	assert_int_equal(n, n2);
	assert_memory_equal(before, after, n);
	free(after);
	free(before);
}

/* The generated directory with text put in place of its last "\n  ]\n}" (the end of the
** list of organizations and of the file). */
static char *
generated_ending(const char *ending)
{
	size_t len;
	char *text = testdb_generate(GENERATED, 1, &len), *end = strstr(text, "\n  ]\n}");
	struct buf out = BUF_INIT;

	assert_non_null(end);
	buf_append(&out, text, (size_t)(end - text));
	buf_puts(&out, ending);
	free(text);
	assert_false(buf_failed(&out));
	return out.data;
}

/* The generated directory ending with ending is refused, with expected_part said. */
static void
assert_ending_refused(struct scratch *s, const char *ending, const char *expected_part)
{
	char *text = generated_ending(ending);

	assert_refused(s, text, expected_part);
	free(text);
}

static void
test_errors_late_in_the_file_change_nothing(void **state)
{
	struct scratch s;
	struct buf again = BUF_INIT;
	const char *at, *line_end;
	char *text;

	(void)state;
	scratch_open(&s);
	/* JSON syntax: the file cut short, after every organization was read */
	assert_ending_refused(&s, "\n  ]\n", "in.json:");
	/* a record that does not pass the checker, the last of 301 */
	assert_ending_refused(&s, ",\n    {\"id\": \"not-an-id\", \"name\": \"Late\"}\n  ]\n}\n",
	    "organizations[300] \"Late\": ");
	/* the first organization again, at the end */
	text = generated_ending("");
	at = strstr(text, "\n    {\"id\": \"");
	assert_non_null(at);
	line_end = strchr(at + 1, '\n');
	assert_non_null(line_end);
	buf_puts(&again, ",");
	buf_append(&again, at, (size_t)(line_end - at - (line_end[-1] == ',')));
	buf_puts(&again, "\n  ]\n}\n");
	free(text);
	assert_false(buf_failed(&again));
	assert_ending_refused(&s, again.data, "is used twice in the file");
	buf_free(&again);
	/* the file's own members after the organizations: one it does not know */
	assert_ending_refused(&s, "\n  ],\n  \"extra\": true\n}\n",
	    "file: unknown field \"extra\"");
	/* a second list of organizations */
	assert_ending_refused(&s, "\n  ],\n  \"organizations\": []\n}\n",
	    "duplicate object key");
	scratch_close(&s);
}

static void
test_errors_before_the_organizations_stop_at_once(void **state)
{
	static const char wrong_format[] =
	    "{\"format\": \"other\", \"version\": 1, \"organizations\": [{\"id\": 1}]}";
	static const char unknown_member[] =
	    "{\"format\": \"solidarity-directory\", \"version\": 1, \"extra\": true,"
	    " \"organizations\": [{\"id\": 1}]}";
	static const char wrong_version[] =
	    "{\"version\": 2, \"organizations\": [{\"id\": 1}], \"format\": \"solidarity-directory\"}";
	static const char empty_list[] =
	    "{\"format\": \"solidarity-directory\", \"version\": 1, \"organizations\": []}";
	struct scratch s;
	char err[1200];

	(void)state;
	scratch_open(&s);
	/* the first record is bad too: the file's members, read before it, are what is
	** reported, as the whole-file checker reports them */
	assert_refused(&s, wrong_format, "format: must be");
	assert_refused(&s, unknown_member, "extra");
	assert_refused(&s, wrong_version, "version: must be 1");
	/* an empty list is a file with nothing to import */
	write_file(s.file, empty_list, strlen(empty_list));
	assert_int_equal(drain(s.file, err, sizeof err), 0);
	scratch_close(&s);
}

static void
test_unreadable_file(void **state)
{
	struct scratch s;
	char err[1200], missing[160];

	(void)state;
	scratch_open(&s);
	snprintf(missing, sizeof missing, "%s/none.json", s.dir);
	assert_int_equal(drain(missing, err, sizeof err), -1);
	assert_non_null(strstr(err, "none.json: cannot open: No such file or directory"));
	assert_int_equal(run_import(s.db, missing), 1);
	assert_int_equal(testdb_count(s.db), 126);
	scratch_close(&s);
}

/* The records of each half of the ring live in an arena dropped whole when the feed
** comes back to that half (jsonarena.h): through rings of every small size, each record
** and its documents are still those the whole-file checker makes (the sanitizer run would
** also report a value used after its arena was emptied). */
static void
test_records_outlive_nothing_of_their_half(void **state)
{
	static const size_t rings[] = { 2, 4, 6, 10 }, chunks[] = { 0, 4, 61, 4093 };
	struct scratch s;
	json_t *root, *orgs, *dir;
	char err[1200], *text;
	size_t len, i;

	(void)state;
	scratch_open(&s);
	text = testdb_generate(GENERATED, 2, &len);
	write_file(s.file, text, len);
	root = json_loads(text, 0, NULL);
	assert_non_null(root);
	if (record_check_file(root, TODAY, &orgs, &dir, err, sizeof err) != 0)
		fail_msg("record_check_file: %s", err);
	for (i = 0; i < sizeof rings / sizeof rings[0]; i++)
		assert_int_equal(drain_ring(s.file, rings[i], chunks[i], orgs, err, sizeof err),
		    GENERATED);
	assert_null(import_feed_start_ring(s.file, TODAY, 3, 0, err, sizeof err));
	assert_non_null(strstr(err, "must be even"));
	assert_null(import_feed_start_ring(s.file, TODAY, 2, 3, err, sizeof err));
	assert_non_null(strstr(err, "at least 4"));
	json_decref(orgs);
	json_decref(dir);
	json_decref(root);
	free(text);
	scratch_close(&s);
}

static void
test_stopping_half_way_frees_everything(void **state)
{
	struct scratch s;
	struct import_feed *f;
	const struct documents *docs;
	const json_t *record;
	char err[1200], *text;
	size_t len, index;
	int i;

	(void)state;
	scratch_open(&s);
	text = testdb_generate(GENERATED, 1, &len);
	write_file(s.file, text, len);
	free(text);
	f = import_feed_start(s.file, TODAY, err, sizeof err);
	assert_non_null(f);
	for (i = 0; i < 3; i++)
		assert_int_equal(import_feed_next(f, &record, &docs, &index, err, sizeof err), 1);
	assert_null(import_feed_directory(f));
	import_feed_stop(f);
	/* and with a small ring, its thread waiting for a half to be free */
	f = import_feed_start_ring(s.file, TODAY, 4, SMALL_CHUNK, err, sizeof err);
	assert_non_null(f);
	for (i = 0; i < 7; i++)
		assert_int_equal(import_feed_next(f, &record, &docs, &index, err, sizeof err), 1);
	import_feed_stop(f);
	/* and one stopped before anything was asked */
	f = import_feed_start(s.file, TODAY, err, sizeof err);
	assert_non_null(f);
	import_feed_stop(f);
	assert_int_equal(drain(s.file, err, sizeof err), GENERATED);
	scratch_close(&s);
}

/* Start a feed of path on a ring of 2 and small chunks, and take its first record: the
** thread then waits for the writer with only the file's first few kilobytes read. */
static struct import_feed *
feed_waiting(const char *path)
{
	char err[1200];
	const struct documents *docs;
	const json_t *record;
	size_t index;
	struct import_feed *f = import_feed_start_ring(path, TODAY, 2, 1024, err, sizeof err);

	assert_non_null(f);
	assert_int_equal(import_feed_next(f, &record, &docs, &index, err, sizeof err), 1);
	return f;
}

/* The rest of feed f: -1 with its message in err, or the records left. */
static long
drain_rest(struct import_feed *f, char *err, size_t errlen)
{
	const struct documents *docs;
	const json_t *record;
	size_t index;
	long n = 0;
	int got;

	while ((got = import_feed_next(f, &record, &docs, &index, err, errlen)) == 1)
		n++;
	import_feed_stop(f);
	return got == 0 ? n : -1;
}

/* A file that grows or shrinks while it is read is refused, whatever it holds then: the
** parse points into a buffer of the size it had at the start. */
static void
test_a_file_changed_while_read_is_refused(void **state)
{
	struct scratch s;
	struct import_feed *f;
	char err[1200], *text;
	size_t len;
	FILE *out;

	(void)state;
	scratch_open(&s);
	text = testdb_generate(GENERATED, 1, &len);
	write_file(s.file, text, len);
	assert_int_equal(drain_rest(feed_waiting(s.file), err, sizeof err), GENERATED - 1);
	f = feed_waiting(s.file);
	out = fopen(s.file, "ab");
	assert_non_null(out);
	fputs("\n", out);	/* only a space more: still the same directory */
	assert_int_equal(fclose(out), 0);
	assert_int_equal(drain_rest(f, err, sizeof err), -1);
	assert_non_null(strstr(err, "in.json: cannot read: the file changed while it was read"));
	write_file(s.file, text, len);
	f = feed_waiting(s.file);
	assert_int_equal(truncate(s.file, (off_t)(len / 2)), 0);
	assert_int_equal(drain_rest(f, err, sizeof err), -1);
	assert_non_null(strstr(err, "in.json: cannot read: the file changed while it was read"));
	free(text);
	scratch_close(&s);
}

/* A pipe has no size to read into: it is read whole first, and stored all the same. */
static void
test_a_pipe_is_read_whole(void **state)
{
	struct scratch s;
	char err[1200], fifo[160], *text;
	size_t len;
	pid_t child;
	int status;

	(void)state;
	scratch_open(&s);
	snprintf(fifo, sizeof fifo, "%s/pipe", s.dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	text = testdb_generate(GENERATED, 1, &len);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		FILE *out = fopen(fifo, "wb");

		_exit(out != NULL && fwrite(text, 1, len, out) == len && fclose(out) == 0 ? 0 : 1);
	}
	assert_int_equal(drain(fifo, err, sizeof err), GENERATED);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(fifo);
	free(text);
	scratch_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_stores_as_the_whole_file_path_does),
		cmocka_unit_test(test_errors_late_in_the_file_change_nothing),
		cmocka_unit_test(test_records_outlive_nothing_of_their_half),
		cmocka_unit_test(test_errors_before_the_organizations_stop_at_once),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test(test_stopping_half_way_frees_everything),
		cmocka_unit_test(test_a_file_changed_while_read_is_refused),
		cmocka_unit_test(test_a_pipe_is_read_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
