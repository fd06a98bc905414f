/*
** fuzz_jsonin.c - libFuzzer harness for jsonin.c.
**
** Whatever the bytes, jsonin_parse must accept exactly what json_loadb(data, size, 0)
** accepts, and jsonin_parse_unique what it accepts with JSON_REJECT_DUPLICATES; then
** build a value equal to jansson's that dumps (JSON_COMPACT) to the same bytes, so with
** the same key order and the same integer or real types. Any disagreement aborts, with
** both verdicts or both dumps on stderr. jsonin_parse_unique_stream, streaming the root
** member "a", must give the same verdict as JSON_REJECT_DUPLICATES, and the same value
** once the elements it handed out are put back: on the whole text, and on the text given
** a few bytes at a time (jsonin_parse_unique_stream_from), the bytes not given yet being
** filler the parse must never read.
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

/* jsonin_element_fn: keep each element handed out. */
static int
keep_element(void *arg, json_t *element, const json_t *root)
{
	(void)root;
	return json_array_append_new(arg, element);
}

/* A text given as the parse asks for it: only the bytes asked for are copied into the
** buffer the parse reads; the rest of it is filler. */
struct drip {
	const char *text;
	char       *buffer;
	size_t      len, given;
};

static size_t
drip_more(void *arg, size_t want, int *whole)
{
	struct drip *d = arg;
	size_t upto = want < d->len ? want : d->len;

	if (upto > d->given) {
		memcpy(d->buffer + d->given, d->text + d->given, upto - d->given);
		d->given = upto;
	}
	*whole = d->given == d->len;
	return d->given;
}

/* The streamed parse of the root member "a", on the whole text (ahead 0) or given ahead
** bytes at a time with filler after them: json_loadb(JSON_REJECT_DUPLICATES)'s verdict,
** and its value once the elements handed out are put back in the array. */
static void
check_stream(const char *text, size_t size, size_t ahead, char filler)
{
	json_t *expected = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
	json_t *handed = json_array(), *got, *streamed;
	struct drip d = { text, NULL, size, 0 };
	struct jsonin_source source = { drip_more, &d, ahead };
	int stopped;

	if (ahead == 0) {
		got = jsonin_parse_unique_stream(text, size, "a", keep_element, handed, &stopped);
	} else {
		if ((d.buffer = malloc(size + 1)) == NULL)
			die("out of memory", "", "");
		memset(d.buffer, filler, size + 1);
		got = jsonin_parse_unique_stream_from(d.buffer, &source, "a", keep_element,
		    handed, &stopped);
		free(d.buffer);
	}
	if (stopped)
		die("the streamed parse stopped by itself", "", "");
	if ((expected == NULL) != (got == NULL))
		die("the streamed parse disagrees", expected ? "accepted" : "refused",
		    got ? "accepted" : "refused");
	streamed = json_object_get(got, "a");
	if (json_is_array(streamed)) {
		if (json_array_size(streamed) != 0)
			die("the streamed array kept elements", "", "");
		json_array_extend(streamed, handed);
	} else if (got != NULL && json_array_size(handed) != 0) {
		die("elements handed out of no streamed array", "", "");
	}
	if (expected != NULL)
		compare_values(expected, got);
	json_decref(handed);
	json_decref(expected);
	json_decref(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_mode((const char *)data, size, 0);
	check_mode((const char *)data, size, JSON_REJECT_DUPLICATES);
	check_stream((const char *)data, size, 0, 0);
	check_stream((const char *)data, size, 1, '1');
	check_stream((const char *)data, size, 4, '"');
	return 0;
}
