/*
** jsonarena.c - a request thread's JSON values in one arena (see jsonarena.h).
**
** Each arena is a reservation of address space (ARENA_RESERVE) that is only backed by
** memory where it is used. A value's memory is the next ARENA_ALIGN-rounded slice;
** freeing it only counts it. When the request ends the arena starts again from its
** base, and memory it used beyond ARENA_KEEP is given back to the kernel, so one big
** request does not leave the thread holding it (an arena never holds more than
** ARENA_KEEP backed between requests).
**
** jansson's allocation hooks are process-wide and take no argument, so a thread finds
** its arena through one thread-local pointer, set at its first request, and the group
** it fills (below) through another: the only state in this file outside the server
** context and the import's reading thread. The arenas belong to the server's set and
** are unmapped when the server stops, after its threads have ended.
**
** A group (json_arena_group) is for a thread that hands its values to another in
** batches, the import's reading thread: its values are taken from the arena of the
** group it is filling, freeing any value of any arena of its group does nothing, and an
** arena is emptied whole once nothing uses its values, its memory kept for the next
** batch. Its records were freed one by one, 4,096 records after they were made, when
** they were long out of the processor's caches: a third of that thread's time.
**
** Under AddressSanitizer the used part of an arena is poisoned when it is emptied and
** each value is followed by a poisoned gap, so a value used after its request or
** written past its end is reported as it would be with malloc.
*/
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <jansson.h>

#include "jsonarena.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define ARENA_GAP 16
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_GAP 0
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_RESERVE ((size_t)64 << 20)  /* address space of a request's arena */
#define ARENA_KEEP    ((size_t)2 << 20)   /* bytes that stay backed between requests */
/* Address space of an arena of a group. A value that would not fit comes from malloc and
** is not freed when its arena is emptied; a half ring of the import's records, with all
** made on the way (about 60 KB a record), stays far below it. */
#define GROUP_RESERVE ((size_t)1 << 30)
#define ARENA_ALIGN   ((size_t)16)        /* what malloc guarantees on x86-64 */

struct json_arena {
	char  *base;   /* reserve bytes */
	size_t reserve;
	size_t used;   /* bytes given out in this request */
	size_t reach;  /* the most bytes ever used (poisoned under AddressSanitizer) */
	long   live;   /* values given out in this request and not yet freed */
	int    open;   /* between json_arena_begin and json_arena_end */
	int    spilled; /* this request had a value from malloc: the arena was full */
	int    dropped; /* this request left values to be dropped (json_arena_drop) */
	long   foreign; /* values from elsewhere held by values given to json_arena_drop */
};

static _Thread_local struct json_arena *thread_arena;
static _Thread_local const struct json_arena_group *thread_group;

static int
in_arena(const struct json_arena *a, const void *p)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)a->base;

	return at >= base && at - base < a->reserve;
}

/* 1 if p is a value of an arena of the thread's group. */
static int
in_group(const void *p)
{
	const struct json_arena_group *g = thread_group;
	size_t i;

	for (i = 0; g != NULL && i < JSON_ARENA_GROUP; i++)
		if (in_arena(g->arena[i], p))
			return 1;
	return 0;
}

static void *
arena_malloc(size_t size)
{
	struct json_arena *a = thread_arena;
	size_t need = ((size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1)) + ARENA_GAP;
	char *p;

	if (a == NULL || !a->open)
		return malloc(size);
	if (size > a->reserve || need > a->reserve - a->used) {
		a->spilled = 1;
		return malloc(size);
	}
	p = a->base + a->used;
	a->used += need;
	a->live++;
	UNPOISON(p, size);
	POISON(p + size, need - size);
	return p;
}

static void
arena_free(void *p)
{
	struct json_arena *a = thread_arena;

	if (a != NULL && in_arena(a, p)) {
		if (a->open)
			a->live--;
		return;
	}
	if (!in_group(p))
		free(p);
}

int
json_arenas_init(struct json_arenas *set)
{
	set->count = 0;
	if (pthread_mutex_init(&set->lock, NULL) != 0)
		return -1;
	json_set_alloc_funcs(arena_malloc, arena_free);
	return 0;
}

static struct json_arena *
arena_new(size_t reserve)
{
	struct json_arena *a = calloc(1, sizeof *a);
	void *base;

	if (a == NULL)
		return NULL;
	base = mmap(NULL, reserve, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		free(a);
		return NULL;
	}
	a->base = base;
	a->reserve = reserve;
	return a;
}

static void
arena_delete(struct json_arena *a)
{
	UNPOISON(a->base, a->reach > a->used ? a->reach : a->used);
	munmap(a->base, a->reserve);
	free(a);
}

/* The calling thread's arena, made and added to the set at its first request. */
static struct json_arena *
thread_claim(struct json_arenas *set)
{
	struct json_arena *a = NULL;

	pthread_mutex_lock(&set->lock);
	if (set->count < JSON_ARENA_MAX && (a = arena_new(ARENA_RESERVE)) != NULL)
		set->arena[set->count++] = a;
	pthread_mutex_unlock(&set->lock);
	return a;
}

struct json_arena *
json_arena_begin(struct json_arenas *set)
{
	struct json_arena *a = thread_arena;

	if (a == NULL && (a = thread_claim(set)) != NULL)
		thread_arena = a;
	if (a != NULL)
		a->open = 1;
	return a;
}

long
json_arena_end(struct json_arena *a)
{
	long kept;

	if (a == NULL)
		return 0;
	a->open = 0;
	if (a->used > a->reach)
		a->reach = a->used;
	POISON(a->base, a->used);
	if (a->used > ARENA_KEEP)
		madvise(a->base + ARENA_KEEP, a->used - ARENA_KEEP, MADV_DONTNEED);
	kept = (a->dropped ? 0 : a->live) + a->foreign;
	a->used = 0;
	a->live = 0;
	a->spilled = 0;
	a->dropped = 0;
	a->foreign = 0;
	return kept;
}

/* How many values v holds, itself included, that are not values of a's open request:
** each one found is not looked into. Static values (json_null, json_true...) are none. */
static long
count_foreign(const struct json_arena *a, json_t *v)
{
	uintptr_t at = (uintptr_t)v, base = (uintptr_t)a->base;
	const char *key;
	json_t *item;
	size_t i;
	long n = 0;

	if (v == NULL || v->refcount == (size_t)-1)
		return 0;
	if (at < base || at - base >= a->used)
		return 1;
	if (json_is_object(v))
		json_object_foreach(v, key, item)
			n += count_foreign(a, item);
	else if (json_is_array(v))
		json_array_foreach(v, i, item)
			n += count_foreign(a, item);
	return n;
}

void
json_arena_drop(json_t *value)
{
	struct json_arena *a = thread_arena;

	if (value == NULL)
		return;
	if (a == NULL || !a->open || a->spilled || thread_group != NULL) {
		json_decref(value);
		return;
	}
#if defined(__SANITIZE_ADDRESS__)
	a->foreign += count_foreign(a, value);
	json_decref(value);
#else
	(void)count_foreign;
	a->dropped = 1;
#endif
}

void
json_arenas_free(struct json_arenas *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		if (thread_arena == set->arena[i])
			thread_arena = NULL;
		arena_delete(set->arena[i]);
	}
	set->count = 0;
	pthread_mutex_destroy(&set->lock);
}

void
json_text_free(void *text)
{
	json_free_t free_fn;

	json_get_alloc_funcs(NULL, &free_fn);
	free_fn(text);
}

int
json_arena_group_init(struct json_arena_group *g)
{
	size_t i;

	for (i = 0; i < JSON_ARENA_GROUP; i++)
		if ((g->arena[i] = arena_new(GROUP_RESERVE)) == NULL) {
			while (i-- > 0)
				arena_delete(g->arena[i]);
			return -1;
		}
	json_set_alloc_funcs(arena_malloc, arena_free);
	return 0;
}

void
json_arena_group_fill(const struct json_arena_group *g, int which)
{
	if (thread_arena != NULL && thread_group == g)
		thread_arena->open = 0;
	thread_group = g;
	thread_arena = which >= 0 ? g->arena[which] : NULL;
	if (thread_arena != NULL)
		thread_arena->open = 1;
}

void
json_arena_group_empty(struct json_arena_group *g, int which)
{
	struct json_arena *a = g->arena[which];

	if (a->used > a->reach)
		a->reach = a->used;
	POISON(a->base, a->used);
	a->used = 0;
	a->live = 0;
}

void
json_arena_group_leave(void)
{
	if (thread_arena != NULL && thread_group != NULL)
		thread_arena->open = 0;
	thread_arena = NULL;
	thread_group = NULL;
}

void
json_arena_group_free(struct json_arena_group *g)
{
	size_t i;

	for (i = 0; i < JSON_ARENA_GROUP; i++)
		arena_delete(g->arena[i]);
}
