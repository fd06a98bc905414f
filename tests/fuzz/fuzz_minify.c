/*
** fuzz_minify.c - libFuzzer harness for the build-time minifiers: any bytes are minified
** as CSS and as JavaScript, each in a block of exactly their length, so that a read or
** write past the end shows under AddressSanitizer. The result must be no longer than
** the input, and minifying it again must not make it longer either.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "minify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Minify a copy of data, then the result again in a block of its own exact length. */
static void
check(size_t (*minify)(char *, size_t), const uint8_t *data, size_t size)
{
	char *text = malloc(size > 0 ? size : 1), *again;
	size_t len, len2;

	if (text == NULL)
		return;
	memcpy(text, data, size);
	len = minify(text, size);
	if (len > size)
		abort();
	again = malloc(len > 0 ? len : 1);
	if (again != NULL) {
		memcpy(again, text, len);
		len2 = minify(again, len);
		if (len2 > len)
			abort();
		free(again);
	}
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(minify_css, data, size);
	check(minify_js, data, size);
	return 0;
}
