/*
** test_searchtext.c - the texts of an organization's search index row: every column
** gets what the record says, each category's labels and each spoken language's names
** once however many services name them, and a confidential location's address and
** postal code never.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "searchtext.h"

static const char record_text[] =
    "{\"name\":\"Centre Exemple\",\"alternate_names\":[\"CEX\"],"
    "\"description\":{\"fr\":\"Soins sans carte\",\"en\":\"Care without a card\"},"
    "\"categories\":[\"health\"],"
    "\"services\":["
    "{\"name\":{\"fr\":\"Clinique\"},\"languages\":[\"fr\",\"en\"],\"categories\":[\"health\",\"legal\"]},"
    "{\"name\":{\"fr\":\"Aide juridique\"},\"at_the_door\":{\"fr\":\"Aucune pièce demandée\"},"
    "\"languages\":[\"fr\",\"es\"],\"categories\":[\"legal\"]}],"
    "\"locations\":["
    "{\"name\":{\"fr\":\"Local caché\"},\"neighbourhood\":\"Verdun\",\"city\":\"Montréal\","
    "\"confidential\":true,\"address\":\"1 rue Secrète\",\"postal_code\":\"H4G 1A1\"},"
    "{\"confidential\":false,\"address\":\"554 avenue du Parc\",\"postal_code\":\"H2V 4H3\","
    "\"city\":\"Montréal\"}]}";

/* How many times the line "line\n" stands in b, counting from line starts. */
static int
lines_of(const struct buf *b, const char *line)
{
	size_t n = strlen(line), at = 0;
	int count = 0;

	while (at + n < b->len) {
		if (memcmp(b->data + at, line, n) == 0 && b->data[at + n] == '\n')
			count++;
		while (at < b->len && b->data[at] != '\n')
			at++;
		at++;
	}
	return count;
}

static int
holds(const struct buf *b, const char *text)
{
	size_t n = strlen(text), at;

	for (at = 0; at + n <= b->len; at++)
		if (memcmp(b->data + at, text, n) == 0)
			return 1;
	return 0;
}

static json_t *
record(void)
{
	json_t *r = json_loads(record_text, 0, NULL);

	assert_non_null(r);
	return r;
}

static void
test_columns_hold_what_the_record_says(void **state)
{
	struct search_text st = SEARCH_TEXT_INIT;
	json_t *r = record();

	(void)state;
	assert_int_equal(searchtext_make(r, &st), 0);
	assert_int_equal(lines_of(&st.alternate_names, "CEX"), 1);
	assert_int_equal(lines_of(&st.description, "Soins sans carte"), 1);
	assert_int_equal(lines_of(&st.description, "Care without a card"), 1);
	assert_int_equal(lines_of(&st.services, "Clinique"), 1);
	assert_int_equal(lines_of(&st.services, "Aide juridique"), 1);
	assert_int_equal(lines_of(&st.services, "Aucune pièce demandée"), 1);
	assert_int_equal(lines_of(&st.places, "Local caché"), 1);
	assert_int_equal(lines_of(&st.places, "Verdun"), 1);
	assert_int_equal(lines_of(&st.places, "554 avenue du Parc"), 1);
	assert_int_equal(lines_of(&st.places, "H2V 4H3"), 1);
	searchtext_free(&st);
	json_decref(r);
}

/* Two services speak French and three lists name legal help: one mention each. */
static void
test_labels_and_language_names_go_in_once(void **state)
{
	struct search_text st = SEARCH_TEXT_INIT;
	json_t *r = record();

	(void)state;
	assert_int_equal(searchtext_make(r, &st), 0);
	assert_int_equal(lines_of(&st.services, "French"), 1);
	assert_int_equal(lines_of(&st.services, "Français"), 1);
	assert_int_equal(lines_of(&st.services, "anglais"), 1);
	assert_int_equal(lines_of(&st.services, "English"), 2);	/* endonym and name */
	assert_int_equal(lines_of(&st.services, "Spanish"), 1);
	assert_int_equal(lines_of(&st.services, "Español"), 1);
	assert_int_equal(lines_of(&st.categories, "Health care"), 1);
	assert_int_equal(lines_of(&st.categories, "Legal help"), 1);
	assert_int_equal(lines_of(&st.categories, "Food"), 0);
	searchtext_free(&st);
	json_decref(r);
}

static void
test_confidential_address_is_never_indexed(void **state)
{
	struct search_text st = SEARCH_TEXT_INIT;
	const struct buf *columns[5];
	json_t *r = record();
	size_t i;

	(void)state;
	assert_int_equal(searchtext_make(r, &st), 0);
	searchtext_columns(&st, columns);
	for (i = 0; i < 5; i++) {
		assert_false(holds(columns[i], "Secrète"));
		assert_false(holds(columns[i], "H4G"));
	}
	searchtext_free(&st);
	json_decref(r);
}

/* A second record into the same texts replaces the first, with the memory reused. */
static void
test_make_again_replaces(void **state)
{
	struct search_text st = SEARCH_TEXT_INIT;
	json_t *r = record(), *other = json_pack("{s[s]}", "alternate_names", "Autre");
	char *first;
	size_t len;

	(void)state;
	assert_int_equal(searchtext_make(r, &st), 0);
	len = st.services.len;
	first = malloc(len);
	assert_non_null(first);
	memcpy(first, st.services.data, len);
	assert_int_equal(searchtext_make(other, &st), 0);
	assert_int_equal(lines_of(&st.alternate_names, "Autre"), 1);
	assert_int_equal(lines_of(&st.alternate_names, "CEX"), 0);
	assert_int_equal(st.services.len, 0);
	assert_int_equal(st.places.len, 0);
	assert_int_equal(searchtext_make(r, &st), 0);
	assert_int_equal(st.services.len, len);
	assert_memory_equal(st.services.data, first, len);
	free(first);
	searchtext_free(&st);
	json_decref(other);
	json_decref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_hold_what_the_record_says),
		cmocka_unit_test(test_labels_and_language_names_go_in_once),
		cmocka_unit_test(test_confidential_address_is_never_indexed),
		cmocka_unit_test(test_make_again_replaces),
	};

	return cmocka_run_group_tests_name("searchtext", tests, NULL, NULL);
}
