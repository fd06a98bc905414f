/*
** test_jsonarena.c - a request thread's JSON values in an arena (jsonarena.c): values
** made while it is open take nothing from malloc and are all gone when it ends; a value
** not freed by then is counted; values made before or after, text from json_dumps, a
** value larger than the arena and threads beyond the set's size all still work; each
** thread has its own arena; a group of arenas (the import's) takes values from the one
** being filled and drops them an arena at a time; a value given to json_arena_drop goes
** with its request, or is freed at once when it cannot (no arena, a value from malloc),
** and one holding a value from elsewhere is counted under AddressSanitizer. Run under AddressSanitizer by make
** sanitize, where a value used after its arena ended would be reported.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonarena.h"

/* A small page of results: n objects with a few strings, an array and a number. */
static json_t *
make_page(int n)
{
	json_t *page = json_object(), *results = json_array();
	char name[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "organization %d", i);
		json_array_append_new(results, json_pack("{sss[ss]si}", "name", name,
		    "categories", "food", "health", "rank", i));
	}
	json_object_set_new(page, "results", results);
	return page;
}

static size_t
heap_in_use(void)
{
	return mallinfo2().uordblks;
}

/* Bytes of the blocks malloc mapped apart (the large ones). */
static size_t
mapped_in_use(void)
{
	return mallinfo2().hblkhd;
}

static void
test_values_in_an_open_arena_take_nothing_from_malloc(void **state)
{
	struct json_arenas set;
	struct json_arena *arena;
	json_t *page;
	size_t before;

	(void)state;
	assert_int_equal(json_arenas_init(&set), 0);
	arena = json_arena_begin(&set);
	assert_non_null(arena);
	before = heap_in_use();
	page = make_page(2000);
	assert_non_null(page);
	assert_int_equal(json_array_size(json_object_get(page, "results")), 2000);
	assert_true(heap_in_use() - before < 4096);
	json_decref(page);
	assert_int_equal(json_arena_end(arena), 0);
	json_arenas_free(&set);
}

static void
test_a_value_not_freed_is_counted(void **state)
{
	struct json_arenas set;
	struct json_arena *arena;
	json_t *kept, *freed;

	(void)state;
	assert_int_equal(json_arenas_init(&set), 0);
	arena = json_arena_begin(&set);
	kept = json_string("kept past the request");
	freed = json_pack("{ss}", "a", "b");
	assert_non_null(kept);
	json_decref(freed);
	/* a string value is two allocations: the value and its text */
	assert_int_equal(json_arena_end(arena), 2);
	/* the next request starts again from nothing */
	arena = json_arena_begin(&set);
	freed = make_page(10);
	json_decref(freed);
	assert_int_equal(json_arena_end(arena), 0);
	json_arenas_free(&set);
}

static void
test_values_from_before_and_after_are_freed_normally(void **state)
{
	struct json_arenas set;
	struct json_arena *arena;
	json_t *before, *inside, *after;
	char *text;

	(void)state;
	assert_int_equal(json_arenas_init(&set), 0);
	before = make_page(50);
	arena = json_arena_begin(&set);
	inside = make_page(50);
	/* a value from outside goes into one from inside and back out */
	json_object_set(inside, "before", before);
	json_decref(before);
	text = json_dumps(inside, JSON_COMPACT);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"organization 49\""));
	json_text_free(text);
	before = json_incref(json_object_get(inside, "before"));
	json_decref(inside);
	assert_int_equal(json_arena_end(arena), 0);
	after = make_page(50);
	text = json_dumps(after, JSON_COMPACT);
	assert_non_null(text);
	json_text_free(text);
	json_decref(after);
	assert_int_equal(json_array_size(json_object_get(before, "results")), 50);
	json_decref(before);
	json_arenas_free(&set);
}

static void
test_more_than_the_arena_holds_goes_to_malloc(void **state)
{
	const size_t big = (size_t)65 << 20;
	struct json_arenas set;
	struct json_arena *arena;
	json_t *page, *huge;
	char *text = malloc(big);
	int round;

	(void)state;
	assert_non_null(text);
	memset(text, 'a', big);
	assert_int_equal(json_arenas_init(&set), 0);
	for (round = 0; round < 3; round++) {
		arena = json_arena_begin(&set);
		page = make_page(20000);
		huge = json_stringn(text, big);
		assert_non_null(page);
		assert_non_null(huge);
		assert_int_equal(json_string_length(huge), big);
		json_decref(huge);
		json_decref(page);
		assert_int_equal(json_arena_end(arena), 0);
	}
	free(text);
	json_arenas_free(&set);
}

/* A dropped value goes when its request ends: nothing from malloc, nothing counted (but
** under AddressSanitizer, where the drop frees it and the counts stay exact). Without an
** open arena, or once a value of the request came from malloc, a drop frees at once. */
static void
test_a_dropped_value_goes_with_its_request(void **state)
{
	const size_t big = (size_t)65 << 20;
	struct json_arenas set;
	struct json_arena *arena;
	json_t *page, *huge;
	size_t before;
	char *text = malloc(big);

	(void)state;
	assert_non_null(text);
	memset(text, 'b', big);
	assert_int_equal(json_arenas_init(&set), 0);
	arena = json_arena_begin(&set);
	before = heap_in_use();
	page = make_page(2000);
	json_arena_drop(page);
	json_arena_drop(NULL);
	assert_true(heap_in_use() - before < 4096);
	assert_int_equal(json_arena_end(arena), 0);
	/* no arena open: freed now */
	before = heap_in_use();
	json_arena_drop(make_page(2000));
	assert_true(heap_in_use() <= before + 4096);
	/* a value of the request from malloc (the arena was full): the drop frees it */
	arena = json_arena_begin(&set);
	page = make_page(20);
	huge = json_stringn(text, big);
	assert_non_null(huge);
	before = mapped_in_use();
	json_object_set_new(page, "huge", huge);
	json_arena_drop(page);
	/* glibc maps the text apart; AddressSanitizer's malloc reports 0, and its leak
	** check reports the text if it was not freed */
	assert_true(before < big || mapped_in_use() + big / 2 < before);
	assert_int_equal(json_arena_end(arena), 0);
	free(text);
	json_arenas_free(&set);
}

/* A dropped value that holds one made outside its request would keep that one's
** reference: under AddressSanitizer (make sanitize) the drop counts it as not freed. */
static void
test_a_dropped_value_holding_one_from_elsewhere_is_counted(void **state)
{
#if defined(__SANITIZE_ADDRESS__)
	struct json_arenas set;
	struct json_arena *arena;
	json_t *elsewhere = json_string("made before the request"), *page;

	(void)state;
	assert_int_equal(json_arenas_init(&set), 0);
	arena = json_arena_begin(&set);
	page = make_page(20);
	json_array_append(json_object_get(page, "results"), elsewhere);
	json_object_set_new(page, "null", json_null());
	json_arena_drop(page);
	assert_int_equal(json_arena_end(arena), 1);
	arena = json_arena_begin(&set);
	json_arena_drop(make_page(20));
	assert_int_equal(json_arena_end(arena), 0);
	assert_int_equal(elsewhere->refcount, 1);
	json_decref(elsewhere);
	json_arenas_free(&set);
#else
	(void)state;
	skip();
#endif
}

struct thread_run {
	struct json_arenas *set;
	int                 had_arena;
	long                left;
};

static void *
one_request(void *arg)
{
	struct thread_run *run = arg;
	struct json_arena *arena = json_arena_begin(run->set);
	json_t *page = make_page(500);

	run->had_arena = arena != NULL;
	json_decref(page);
	run->left = json_arena_end(arena);
	return NULL;
}

static void
test_each_thread_has_its_own_arena_and_extra_threads_use_malloc(void **state)
{
	enum { threads = JSON_ARENA_MAX + 4 };
	struct json_arenas set;
	struct thread_run run[threads];
	pthread_t id[threads];
	int i, with_arena = 0;

	(void)state;
	assert_int_equal(json_arenas_init(&set), 0);
	for (i = 0; i < threads; i++) {
		run[i].set = &set;
		assert_int_equal(pthread_create(&id[i], NULL, one_request, &run[i]), 0);
	}
	for (i = 0; i < threads; i++) {
		assert_int_equal(pthread_join(id[i], NULL), 0);
		assert_int_equal(run[i].left, 0);
		with_arena += run[i].had_arena;
	}
	assert_int_equal(with_arena, JSON_ARENA_MAX);
	assert_int_equal(set.count, JSON_ARENA_MAX);
	json_arenas_free(&set);
}

/* A group (the import's reading thread): values go to the arena being filled and take
** nothing from malloc; freeing a value of any arena of the group, even while filling
** another or none, does nothing; an emptied arena takes new values from its start; and
** with none being filled, values come from malloc and are freed by free (a leak would be
** reported by the sanitizer run, a value used after its arena was emptied too). */
static void
test_a_group_drops_its_values_an_arena_at_a_time(void **state)
{
	struct json_arena_group g;
	json_t *first, *second, *ordinary, *again;
	size_t before;

	(void)state;
	assert_int_equal(json_arena_group_init(&g), 0);
	before = heap_in_use();
	json_arena_group_fill(&g, 0);
	first = make_page(500);
	json_arena_group_fill(&g, 1);
	second = make_page(500);
	assert_true(heap_in_use() - before < 4096);
	json_decref(first);	/* arena 0's, while filling 1 */
	json_arena_group_fill(&g, -1);
	ordinary = make_page(50);	/* freed by free, or the sanitizer run reports a leak */
	json_decref(second);	/* arena 1's, while filling none */
	json_decref(ordinary);
	json_arena_group_empty(&g, 0);
	json_arena_group_fill(&g, 0);
	again = make_page(500);
	assert_int_equal(json_array_size(json_object_get(again, "results")), 500);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(again,
	    "results"), 499), "name")), "organization 499");
	json_decref(again);
	json_arena_group_leave();
	json_arena_group_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_in_an_open_arena_take_nothing_from_malloc),
		cmocka_unit_test(test_a_value_not_freed_is_counted),
		cmocka_unit_test(test_values_from_before_and_after_are_freed_normally),
		cmocka_unit_test(test_more_than_the_arena_holds_goes_to_malloc),
		cmocka_unit_test(test_a_dropped_value_goes_with_its_request),
		cmocka_unit_test(test_a_dropped_value_holding_one_from_elsewhere_is_counted),
		cmocka_unit_test(test_each_thread_has_its_own_arena_and_extra_threads_use_malloc),
		cmocka_unit_test(test_a_group_drops_its_values_an_arena_at_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
