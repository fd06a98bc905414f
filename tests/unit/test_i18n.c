/*
** test_i18n.c - the .po reader (entries, continued strings, escapes, fuzzy and plural
** entries skipped, syntax errors with line numbers, duplicates) and the choice of the
** interface language from lang= and Accept-Language.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "catalog.h"
#include "embedded.h"
#include "i18n.h"

static const char good_po[] =
    "# A comment\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\n"
    "msgid \"Search\"\n"
    "msgstr \"Rechercher\"\n"
    "\n"
    "msgid \"Two \"\n"
    "\"lines\"\n"
    "msgstr \"Deux \"\n"
    "\"lignes \\\"citées\\\"\"\n"
    "\n"
    "#, fuzzy\n"
    "msgid \"Unsure\"\n"
    "msgstr \"Pas sûr\"\n"
    "\n"
    "msgid \"Untranslated\"\n"
    "msgstr \"\"\n"
    "\n"
    "msgid \"One file\"\n"
    "msgid_plural \"%d files\"\n"
    "msgstr[0] \"Un fichier\"\n"
    "msgstr[1] \"%d fichiers\"\n";

static void
test_po_entries_are_read(void **state)
{
	struct i18n *t = i18n_new();
	char err[200];

	(void)state;
	assert_int_equal(i18n_add_po(t, UI_FR, "fr.po", good_po, strlen(good_po), err, sizeof err), 0);
	assert_string_equal(i18n_get(t, UI_FR, "Search"), "Rechercher");
	assert_string_equal(i18n_get(t, UI_FR, "Two lines"), "Deux lignes \"citées\"");
	assert_string_equal(i18n_get(t, UI_FR, "Unsure"), "Unsure");
	assert_string_equal(i18n_get(t, UI_FR, "Untranslated"), "Untranslated");
	assert_string_equal(i18n_get(t, UI_FR, "One file"), "One file");
	assert_string_equal(i18n_get(t, UI_ES, "Search"), "Search");
	assert_string_equal(i18n_get(t, UI_FR, "Not there"), "Not there");
	i18n_free(t);
}

static void
test_po_errors_name_the_line(void **state)
{
	static const struct { const char *text, *message; } bad[] = {
		{ "msgid \"a\"\nmsgstr \"b\n", "x.po:2:" },
		{ "msgid \"a\"\nmsgstr \"b\" junk\n", "x.po:2:" },
		{ "msgid \"a\"\nnonsense\n", "x.po:2:" },
		{ "\"orphan\"\n", "x.po:1:" },
		{ "msgid \"a\\q\"\nmsgstr \"b\"\n", "x.po:1:" },
		{ "msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n", "appears twice" },
	};
	struct i18n *t;
	char err[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = i18n_new();
		if (i18n_add_po(t, UI_FR, "x.po", bad[i].text, strlen(bad[i].text), err, sizeof err) == 0)
			fail_msg("case %zu accepted", i);
		if (strstr(err, bad[i].message) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, bad[i].message);
		i18n_free(t);
	}
}

static void
test_language_choice(void **state)
{
	(void)state;
	assert_int_equal(i18n_choose("ar", "fr", UI_FR), UI_AR);
	assert_int_equal(i18n_choose("de", NULL, UI_FR), -1);
	assert_int_equal(i18n_choose(NULL, NULL, UI_EN), UI_EN);
	assert_int_equal(i18n_choose(NULL, "es-MX,es;q=0.9,en;q=0.8", UI_FR), UI_ES);
	assert_int_equal(i18n_choose(NULL, "de-DE,de;q=0.9,en;q=0.4,ar;q=0.7", UI_FR), UI_AR);
	assert_int_equal(i18n_choose(NULL, "EN-ca", UI_FR), UI_EN);
	assert_int_equal(i18n_choose(NULL, "de, it", UI_FR), UI_FR);
	assert_int_equal(i18n_choose(NULL, "en;q=0, es;q=0.1", UI_FR), UI_ES);
	assert_int_equal(i18n_choose(NULL, "*", UI_AR), UI_AR);
	assert_int_equal(i18n_choose(NULL, ";;;,,,q=,", UI_FR), UI_FR);
}

static void
test_embedded_catalogs_load(void **state)
{
	char err[200];
	struct i18n *t = i18n_load(err, sizeof err);

	(void)state;
	if (t == NULL)
		fail_msg("%s", err);
	assert_string_not_equal(i18n_get(t, UI_FR, "Free"), "Free");
	assert_string_not_equal(i18n_get(t, UI_AR, "Monday"), "Monday");
	assert_string_not_equal(i18n_get(t, UI_ES, "Sunday"), "Sunday");
	i18n_free(t);
}

/* Check that msgid (len bytes at s) is translated in every catalog. */
static void
assert_translated(const struct i18n *t, const char *s, size_t len, const char *where)
{
	char msgid[400];
	int ui;

	assert_true(len < sizeof msgid);
	memcpy(msgid, s, len);
	msgid[len] = '\0';
	for (ui = 0; ui < UI_NLANG; ui++) {
		if (ui == UI_EN)
			continue;
		if (i18n_get(t, ui, msgid) == msgid)
			fail_msg("%s: \"%s\" has no %s translation", where, msgid, catalog_ui_code(ui));
	}
}

/* Every {{_ text}} of every template has a translation in every catalog. */
static void
test_every_template_text_is_translated(void **state)
{
	char err[200];
	struct i18n *t = i18n_load(err, sizeof err);
	const char *s, *end, *text;
	size_t i, count = 0;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < embedded_count; i++) {
		if (strncmp(embedded_files[i].name, "client-web/templates/", 21) != 0)
			continue;
		for (s = (const char *)embedded_files[i].data; (s = strstr(s, "{{_ ")) != NULL; s = end) {
			for (text = s + 4; *text == ' '; text++)
				;
			end = strstr(text, "}}");
			assert_non_null(end);
			while (end > text && end[-1] == ' ')
				end--;
			assert_translated(t, text, (size_t)(end - text), embedded_files[i].name);
			count++;
		}
	}
	assert_true(count > 100);
	i18n_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_po_entries_are_read),
		cmocka_unit_test(test_po_errors_name_the_line),
		cmocka_unit_test(test_language_choice),
		cmocka_unit_test(test_embedded_catalogs_load),
		cmocka_unit_test(test_every_template_text_is_translated),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
