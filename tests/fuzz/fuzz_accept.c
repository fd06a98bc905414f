/*
** fuzz_accept.c - libFuzzer harness for the Accept-Encoding check: any bytes, up to their
** first NUL, are read as the header's value. The answer must be 0 or 1, and the same
** for the value with its ASCII letters in upper case (names and q= ignore case).
*/
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = malloc(size + 1);
	size_t i;
	int got;

	if (header == NULL)
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	got = compress_accepts_gzip(header);
	if (got != 0 && got != 1)
		abort();
	for (i = 0; i < size; i++)
		if (header[i] >= 'a' && header[i] <= 'z')
			header[i] = (char)(header[i] - 'a' + 'A');
	if (compress_accepts_gzip(header) != got)
		abort();
	free(header);
	return 0;
}
