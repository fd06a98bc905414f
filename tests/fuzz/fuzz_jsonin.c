/*
** fuzz_jsonin.c - libFuzzer harness for jsonin.c.
**
** Whatever the bytes, jsonin_parse must accept exactly what json_loadb(data, size, 0)
** accepts, and jsonin_parse_unique what it accepts with JSON_REJECT_DUPLICATES; then
** build a value equal to jansson's that dumps (JSON_COMPACT) to the same bytes, so with
** the same key order and the same integer or real types. Any disagreement aborts, with
** both verdicts or both dumps on stderr.
**
**   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iserver \
**       tests/fuzz/fuzz_jsonin.c server/jsonin.c server/utf8.c \
**       $(pkg-config --cflags --libs jansson)
**   ./a.out -max_total_time=60 WORK_DIR tests/fuzz/corpus/jsonin
*/
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *theirs, const char *ours)
{
	fprintf(stderr, "fuzz_jsonin: %s\n  json_loadb:   %.300s\n  jsonin_parse: %.300s\n",
	    what, theirs, ours);
	abort();
}

/* Both values dumped compactly must be the same bytes, and the values equal. */
static void
compare_values(const json_t *expected, const json_t *got)
{
	char *theirs = json_dumps(expected, JSON_COMPACT);
	char *ours = json_dumps(got, JSON_COMPACT);

	if (theirs == NULL || ours == NULL)
		die("json_dumps failed", theirs ? theirs : "(null)", ours ? ours : "(null)");
	if (strcmp(theirs, ours) != 0)
		die("different values", theirs, ours);
	if (!json_equal(expected, got))
		die("json_equal says the values differ", theirs, ours);
	free(theirs);
	free(ours);
}

/* One mode: json_loadb with flags against jsonin_parse (0) or jsonin_parse_unique. */
static void
check_mode(const char *text, size_t size, size_t flags)
{
	json_t *expected = json_loadb(text, size, flags, NULL);
	json_t *got = flags ? jsonin_parse_unique(text, size) : jsonin_parse(text, size);

	if (expected == NULL && got != NULL)
		die("jsonin accepts what json_loadb refuses", "refused", "accepted");
	if (expected != NULL && got == NULL)
		die("jsonin refuses what json_loadb accepts", "accepted", "refused");
	if (expected != NULL)
		compare_values(expected, got);
	json_decref(expected);
	json_decref(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_mode((const char *)data, size, 0);
	check_mode((const char *)data, size, JSON_REJECT_DUPLICATES);
	return 0;
}
