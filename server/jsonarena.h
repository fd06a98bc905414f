/*
** jsonarena.h - where a request's JSON values live.
**
** A page of results is built from thousands of small jansson values that all die
** together once the response is written. While a request thread has its arena open,
** jansson takes memory from it by moving a pointer and gives it back by doing nothing;
** the arena is emptied at once when the request ends. Outside an open arena (other
** threads, values made before or after a request) jansson uses malloc and free as usual.
**
** The rule that makes this safe: every value made while the arena is open is freed, or
** given to json_arena_drop, before json_arena_end. json_arena_end returns how many were
** not, so that a leak or a value kept past its request shows up in the server's counters
** and the tests.
**
** Text that jansson allocates for the caller (json_dumps) must be freed with
** json_text_free, never free().
*/
#ifndef SD_JSONARENA_H
#define SD_JSONARENA_H

#include <pthread.h>
#include <stddef.h>

#include <jansson.h>

#define JSON_ARENA_MAX 64   /* threads that can have one; more threads use malloc */

struct json_arena;

/* The arenas of a server's request threads, one per thread, made at its first request. */
struct json_arenas {
	pthread_mutex_t    lock;
	struct json_arena *arena[JSON_ARENA_MAX];
	size_t             count;
};

/* Set up an empty set and route jansson's allocations through the arenas (for the whole
** process, from now on: values made before are still freed correctly). 0, or -1. */
int json_arenas_init(struct json_arenas *set);

/* Unmap every arena. Only once every other thread that used one has ended (the
** calling thread may go on: it gets a new arena from the next set it opens one in). */
void json_arenas_free(struct json_arenas *set);

/* Open the calling thread's arena (made at its first call). The arena, or NULL when
** none could be had: jansson then keeps using malloc, which is also correct. */
struct json_arena *json_arena_begin(struct json_arenas *set);

/* Close the arena and empty it. The number of values made in it and not freed: 0 unless
** something leaked or kept a value past the request. */
long json_arena_end(struct json_arena *arena);

/* Let the calling thread's open arena drop value, and every value it holds, when the
** request ends, instead of freeing them now: json_delete visits every value and every
** object's table only to free what the arena frees anyway (a tenth or more of the
** instructions of a page of results). For a value all of whose values are the request's
** own, made while its arena is open: one it held from elsewhere (made outside the
** request) would never lose that reference. The value is freed with json_decref instead
** when no arena is open or the arena gave some value of this request to malloc (it was
** full); and, under AddressSanitizer, always, after counting what it holds from
** elsewhere, which json_arena_end then adds to the values it reports not freed. After a
** drop, json_arena_end cannot count the values not freed (0 but under AddressSanitizer,
** where the counts are exact). */
void json_arena_drop(json_t *value);

/* A group of arenas one thread fills in turn (the import's reading thread: one for
** each half of its ring of records, and one for the rest of the file), whose values are
** dropped an arena at a time instead of freed one by one. While the thread fills a
** group, jansson takes its memory from the arena it fills and freeing a value of any
** arena of the group does nothing. The rule that makes this safe: no value of an arena
** is used once it is emptied, none of them is freed by another thread, and nothing made
** outside the group (a value, a hash table's room) is grown while the thread fills it. */
#define JSON_ARENA_GROUP 3

struct json_arena_group {
	struct json_arena *arena[JSON_ARENA_GROUP];
};

/* Reserve the group's arenas, and route jansson's allocations through arenas from now on
** (for the whole process, as json_arenas_init). 0, or -1 when the address space cannot
** be had. */
int json_arena_group_init(struct json_arena_group *g);

/* The calling thread's values go to arena which of g from now on (-1: to malloc, while
** values of g it frees are still recognized as such). */
void json_arena_group_fill(const struct json_arena_group *g, int which);

/* Drop every value of arena which at once; its memory stays, for the values to come. */
void json_arena_group_empty(struct json_arena_group *g, int which);

/* The calling thread no longer fills or frees values of any group. */
void json_arena_group_leave(void);

/* Unmap the group's arenas, once no thread fills it and none of its values is used. */
void json_arena_group_free(struct json_arena_group *g);

/* Free text jansson allocated (json_dumps and the like). */
void json_text_free(void *text);

#endif
