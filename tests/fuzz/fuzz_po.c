/*
** fuzz_po.c - libFuzzer harness for the .po reader of po.c (the one tools/pocompile
** uses at build time): any bytes, never a crash; on success every entry has its
** strings and a line within the text, and the header's fields can be read.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "po.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct po_catalog c;
	const struct po_entry *header;
	char err[200], value[64];
	size_t i, lines = 1;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (po_parse("fuzz.po", (const char *)data, size, &c, err, sizeof err) != 0) {
		if (strncmp(err, "fuzz.po:", 8) != 0 || c.count != 0)
			abort();
		return 0;
	}
	for (i = 0; i < c.count; i++)
		if (c.entries[i].msgid == NULL || c.entries[i].msgstr == NULL ||
		    c.entries[i].line < 1 || (size_t)c.entries[i].line > lines)
			abort();
	header = po_header(&c);
	if (header != NULL)
		(void)po_header_field(header->msgstr, "Language", value, sizeof value);
	po_catalog_free(&c);
	return 0;
}
