/*
** strtab.h - distinct texts numbered in the order they are first seen.
**
** For reading rows in whatever order the table keeps them and still naming each value
** once: strtab_intern gives a text's number, the same for every equal text, in constant
** time on average (an open-addressing hash table over copies of the texts).
*/
#ifndef SD_STRTAB_H
#define SD_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab {
	char    **name;     /* name[i]: the text numbered i, owned here */
	size_t    n, cap;
	uint32_t *slot;     /* 0: empty, else a number + 1; nslots is a power of two */
	size_t    nslots;
};

#define STRTAB_INIT { NULL, 0, 0, NULL, 0 }

/* The number of text, a new one (n - 1 afterwards) when it was not seen before; -1 out
** of memory (t is unchanged then). */
long strtab_intern(struct strtab *t, const char *text);

void strtab_free(struct strtab *t);

#endif
