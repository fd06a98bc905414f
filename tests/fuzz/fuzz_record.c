/*
** fuzz_record.c - libFuzzer harness for the import checker: any bytes are parsed as JSON
** and, when that succeeds, checked as a directory file; every canonical record must
** check again to itself.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL), *orgs, *dir, *again;
	char err[600], *a, *b;
	size_t i;

	if (root == NULL)
		return 0;
	if (record_check_file(root, "2026-11-21", &orgs, &dir, err, sizeof err) == 0) {
		for (i = 0; i < json_array_size(orgs); i++) {
			if (record_check(json_array_get(orgs, i), "2000-01-01", &again, err, sizeof err) != 0)
				abort();
			a = json_dumps(json_array_get(orgs, i), JSON_COMPACT);
			b = json_dumps(again, JSON_COMPACT);
			if (a == NULL || b == NULL || strcmp(a, b) != 0)
				abort();
			free(a);
			free(b);
			json_decref(again);
		}
		json_decref(orgs);
		json_decref(dir);
	}
	json_decref(root);
	return 0;
}
