/*
** strtab.c - distinct texts numbered in the order they are first seen (see strtab.h).
*/
#include <stdlib.h>
#include <string.h>

#include "strtab.h"

/* FNV-1a over the text's bytes. */
static uint64_t
text_hash(const char *text)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *text != '\0'; text++)
		h = (h ^ (unsigned char)*text) * 1099511628211ULL;
	return h;
}

/* The slot that holds text, or the empty slot where it would go. */
static size_t
find_slot(const struct strtab *t, const char *text)
{
	size_t mask = t->nslots - 1, i = (size_t)text_hash(text) & mask;

	while (t->slot[i] != 0 && strcmp(t->name[t->slot[i] - 1], text) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Twice as many slots, the numbers filed again; 0, or -1 (t unchanged). */
static int
grow_slots(struct strtab *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 64, i, j;
	uint32_t *slot = calloc(nslots, sizeof *slot);

	if (slot == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		j = (size_t)text_hash(t->name[i]) & (nslots - 1);
		while (slot[j] != 0)
			j = (j + 1) & (nslots - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = nslots;
	return 0;
}

long
strtab_intern(struct strtab *t, const char *text)
{
	size_t i;
	char **grown, *copy;

	if (t->nslots > 0 && t->slot[i = find_slot(t, text)] != 0)
		return (long)t->slot[i] - 1;
	if (t->n >= UINT32_MAX - 1 || ((t->n + 1) * 2 > t->nslots && grow_slots(t) != 0))
		return -1;
	if (t->n == t->cap) {
		grown = realloc(t->name, (t->cap ? t->cap * 2 : 16) * sizeof *t->name);
		if (grown == NULL)
			return -1;
		t->name = grown;
		t->cap = t->cap ? t->cap * 2 : 16;
	}
	if ((copy = strdup(text)) == NULL)
		return -1;
	t->name[t->n] = copy;
	t->slot[find_slot(t, text)] = (uint32_t)t->n + 1;
	return (long)t->n++;
}

void
strtab_free(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->slot);
	memset(t, 0, sizeof *t);
}
