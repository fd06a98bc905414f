/*
** embedded_find.c - lookup in the table of files compiled into the binary.
*/
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

static int
cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct embedded_file *)elem)->name);
}

const struct embedded_file *
embedded_find(const char *name)
{
	return bsearch(name, embedded_files, embedded_count, sizeof embedded_files[0], cmp_name);
}
