/*
** fuzz_po.c - libFuzzer harness for the .po catalog reader: any bytes, never a crash,
** and every lookup afterwards answers a string.
*/
#include <stdint.h>
#include <stdlib.h>

#include "catalog.h"
#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct i18n *t = i18n_new();
	char err[200];

	if (t == NULL)
		return 0;
	i18n_add_po(t, UI_FR, "fuzz.po", (const char *)data, size, err, sizeof err);
	if (i18n_get(t, UI_FR, "Search") == NULL)
		abort();
	i18n_free(t);
	return 0;
}
