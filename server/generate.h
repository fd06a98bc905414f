/*
** generate.h - a deterministic generator of fictional directories, for benchmarks and
** load tests. It writes a directory file in the import format (docs/DATA-FORMAT.md) whose
** every record is marked "demo": true. The output depends only on the count and the seed,
** never on the machine: the same arguments give the same bytes.
*/
#ifndef SD_GENERATE_H
#define SD_GENERATE_H

#include <stddef.h>
#include <stdio.h>

#define GENERATE_MAX_COUNT 1000000L

/* Write a directory of count (1..GENERATE_MAX_COUNT) fictional organizations to out, one
** organization at a time, so memory stays bounded whatever the count. Organization i is
** the same for a given seed whatever the count, so a smaller file is a prefix of a larger
** one. 0, or -1 with a message in err (bad count, out of memory, write error); on error
** out may hold a partial file. */
int generate_directory(FILE *out, long count, unsigned long seed, char *err, size_t errlen);

#endif
