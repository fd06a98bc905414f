/*
** embedded.h - files compiled into the binary at build time (tools/embed.c): schema
** migrations, templates, static assets, interface catalogs and the synonym list. Names
** are the repository paths, e.g. "schema/001-initial.sql"; the table is sorted by name.
*/
#ifndef SD_EMBEDDED_H
#define SD_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char          *name; /* repository path */
	const unsigned char *data; /* bytes, followed by a NUL not counted in len */
	size_t               len;  /* length in bytes */
};

extern const struct embedded_file embedded_files[]; /* sorted by name, NULL-name end */
extern const size_t embedded_count;

/* The file called name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
