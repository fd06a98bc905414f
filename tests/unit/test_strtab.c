/*
** test_strtab.c - distinct texts numbered in the order first seen: equal texts share a
** number, different ones never do, across the table's growth; the texts kept are
** copies; an empty text is a text like any other.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "strtab.h"

static void
test_numbers_follow_first_sight(void **state)
{
	struct strtab t = STRTAB_INIT;
	char text[16];

	(void)state;
	assert_int_equal(strtab_intern(&t, "verdun"), 0);
	assert_int_equal(strtab_intern(&t, "rosemont"), 1);
	assert_int_equal(strtab_intern(&t, "verdun"), 0);
	assert_int_equal(strtab_intern(&t, ""), 2);
	assert_int_equal(strtab_intern(&t, ""), 2);
	snprintf(text, sizeof text, "%s", "rosemont");
	assert_int_equal(strtab_intern(&t, text), 1);
	text[0] = 'R';
	assert_int_equal(strtab_intern(&t, text), 3);
	assert_string_equal(t.name[1], "rosemont");
	assert_ptr_not_equal(t.name[3], text);
	assert_int_equal(t.n, 4);
	strtab_free(&t);
	assert_int_equal(t.n, 0);
}

/* Enough texts to grow the slots many times, each asked again after every growth. */
static void
test_many_texts_keep_their_numbers(void **state)
{
	struct strtab t = STRTAB_INIT;
	char text[32];
	long i, j;

	(void)state;
	for (i = 0; i < 20000; i++) {
		snprintf(text, sizeof text, "place-%ld", i * 7919 % 20011);
		assert_int_equal(strtab_intern(&t, text), i);
		if ((i & (i - 1)) == 0)
			for (j = 0; j <= i; j++) {
				snprintf(text, sizeof text, "place-%ld", j * 7919 % 20011);
				assert_int_equal(strtab_intern(&t, text), j);
			}
	}
	assert_int_equal(t.n, 20000);
	assert_true(t.nslots >= 2 * t.n);
	for (i = 0; i < 20000; i++) {
		snprintf(text, sizeof text, "place-%ld", i * 7919 % 20011);
		assert_string_equal(t.name[i], text);
	}
	strtab_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_follow_first_sight),
		cmocka_unit_test(test_many_texts_keep_their_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
