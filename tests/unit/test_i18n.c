/*
** test_i18n.c - the .po reader (entries, contexts, continued strings, escapes, fuzzy
** flags, plural entries skipped, syntax errors with line numbers, repeated entries,
** header fields), the catalogs compiled at build time (languages in code order, lookups
** with and without a context, every compiled entry found through its language's slots, every template text and every vocabulary label translated
** in every catalog), the spoken languages in code order and each found by its code, and
** the choice of the interface language from lang= and Accept-Language.
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
#include "i18n_table.h"
#include "po.h"

static const char good_po[] =
    "# A comment\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Language: fr\\n\"\n"
    "\"X-Language-Name:  Français \\n\"\n"
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
    "#, c-format, fuzzy\n"
    "msgid \"Unsure\"\n"
    "msgstr \"Pas sûr\"\n"
    "\n"
    "msgid \"Untranslated\"\n"
    "msgstr \"\"\n"
    "\n"
    "msgid \"One file\"\n"
    "msgid_plural \"%d files\"\n"
    "msgstr[0] \"Un fichier\"\n"
    "msgstr[1] \"%d fichiers\"\n"
    "\n"
    "#. the same msgid in another context is another entry\n"
    "msgctxt \"category\"\n"
    "msgid \"Search\"\n"
    "msgstr \"Recherche\"\n"
    "#~ msgid \"Old\"\n"
    "#~ msgstr \"Vieux\"\n";

static void
test_po_entries_are_read(void **state)
{
	struct po_catalog c;
	const struct po_entry *e;
	char err[200], value[40];

	(void)state;
	if (po_parse("fr.po", good_po, strlen(good_po), &c, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(c.count, 6);   /* the plural entry is not kept */
	e = c.entries;
	assert_null(e[0].ctxt);
	assert_string_equal(e[0].msgid, "");
	assert_ptr_equal(po_header(&c), &e[0]);
	assert_string_equal(e[1].msgid, "Search");
	assert_string_equal(e[1].msgstr, "Rechercher");
	assert_int_equal(e[1].line, 8);
	assert_string_equal(e[2].msgid, "Two lines");
	assert_string_equal(e[2].msgstr, "Deux lignes \"citées\"");
	assert_false(e[2].fuzzy);
	assert_string_equal(e[3].msgid, "Unsure");
	assert_true(e[3].fuzzy);
	assert_string_equal(e[4].msgstr, "");
	assert_false(e[4].fuzzy);
	assert_string_equal(e[5].ctxt, "category");
	assert_string_equal(e[5].msgid, "Search");
	assert_string_equal(e[5].msgstr, "Recherche");
	assert_int_equal(po_header_field(e[0].msgstr, "Language", value, sizeof value), 0);
	assert_string_equal(value, "fr");
	assert_int_equal(po_header_field(e[0].msgstr, "X-Language-Name", value, sizeof value), 0);
	assert_string_equal(value, "Français");
	assert_int_equal(po_header_field(e[0].msgstr, "X-Text-Direction", value, sizeof value), -1);
	assert_int_equal(po_header_field(e[0].msgstr, "Content-Type", value, 5), -1);
	po_catalog_free(&c);
}

static void
test_po_errors_name_the_line(void **state)
{
	static const struct { const char *text, *message; } bad[] = {
		{ "msgid \"a\"\nmsgstr \"b\n", "x.po:2: the string has no closing quote" },
		{ "msgid \"a\"\nmsgstr \"b\" junk\n", "x.po:2: text after the closing quote" },
		{ "msgid \"a\"\nnonsense\n", "x.po:2: unknown keyword" },
		{ "\"orphan\"\n", "x.po:1: a string with no keyword" },
		{ "msgid \"a\\q\"\nmsgstr \"b\"\n", "x.po:1: unknown escape" },
		{ "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", "x.po:4: msgid \"a\" appears twice (first at line 1)" },
		{ "msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"b\"\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"c\"\n", "x.po:5:" },
		{ "msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", "x.po:2: msgid inside an entry" },
		{ "msgstr \"b\"\n", "x.po:1: msgstr must follow a msgid" },
		{ "msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "x.po:3:" },
		{ "msgid \"a\"\n# comment\nmsgstr \"b\"\n", "x.po:2: a comment inside an entry" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "x.po:3: a plural entry takes msgstr[N]" },
		{ "msgid \"a\"\nmsgstr[0] \"b\"\n", "x.po:2: msgstr[N] must follow a msgid_plural" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[x] \"b\"\n", "x.po:3:" },
		{ "msgctxt \"k\"\nmsgctxt \"k\"\n", "x.po:2: msgctxt inside an entry" },
		{ "\n\nmsgctxt \"k\"\n", "x.po:3: this entry has no msgstr" },
		{ "msgid \"a\"\n", "x.po:1: this entry has no msgstr" },
		{ "msgid\"a\"\nmsgstr \"b\"\n", "x.po:1:" },
		{ "msgid \"a\"\nmsgstr b\n", "x.po:2: expected a string in double quotes" },
		{ "msgid \"a\"\nmsgstr \"b\\", "x.po:2: the string has no closing quote" },
	};
	static const char nul[] = "msgid \"a\"\nmsgstr \"b\0\"\n";
	struct po_catalog c;
	char err[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (po_parse("x.po", bad[i].text, strlen(bad[i].text), &c, err, sizeof err) == 0)
			fail_msg("case %zu accepted", i);
		if (strstr(err, bad[i].message) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, bad[i].message);
		assert_int_equal(c.count, 0);
		assert_null(c.entries);
	}
	assert_int_equal(po_parse("x.po", nul, sizeof nul - 1, &c, err, sizeof err), -1);
	assert_non_null(strstr(err, "x.po:2: a NUL byte"));
}

/* The same msgid with and without a context, or in two contexts, are different entries;
** an empty text is a catalog without entries. */
static void
test_po_contexts_make_entries_distinct(void **state)
{
	static const char text[] =
	    "msgid \"Food\"\nmsgstr \"Nourriture\"\n"
	    "msgctxt \"category\"\nmsgid \"Food\"\nmsgstr \"Alimentation\"\n"
	    "msgctxt \"spoken language\"\nmsgid \"Food\"\nmsgstr \"?\"\n";
	struct po_catalog c;
	char err[200];

	(void)state;
	if (po_parse("x.po", text, strlen(text), &c, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(c.count, 3);
	assert_null(po_header(&c));
	po_catalog_free(&c);
	assert_int_equal(po_parse("x.po", "", 0, &c, err, sizeof err), 0);
	assert_int_equal(c.count, 0);
	po_catalog_free(&c);
}

/* English and one language per catalog, ordered by code, each with its direction and
** its name for itself. */
static void
test_interface_languages_come_from_the_catalogs(void **state)
{
	int ui;

	(void)state;
	assert_true(UI_NLANG >= 4);
	for (ui = 1; ui < UI_NLANG; ui++)
		assert_true(strcmp(catalog_ui_code(ui - 1), catalog_ui_code(ui)) < 0);
	for (ui = 0; ui < UI_NLANG; ui++)
		assert_int_equal(catalog_ui_index(catalog_ui_code(ui)), ui);
	assert_string_equal(catalog_ui_code(UI_EN), "en");
	assert_string_equal(catalog_ui_code(UI_FR), "fr");
	assert_string_equal(catalog_ui_code(UI_ES), "es");
	assert_string_equal(catalog_ui_code(UI_AR), "ar");
	assert_string_equal(catalog_ui_endonym(UI_EN), "English");
	assert_string_equal(catalog_ui_endonym(UI_FR), "Français");
	assert_string_equal(catalog_ui_endonym(UI_ES), "Español");
	assert_string_equal(catalog_ui_endonym(UI_AR), "العربية");
	assert_true(catalog_ui_is_rtl(UI_AR));
	assert_false(catalog_ui_is_rtl(UI_FR));
	assert_false(catalog_ui_is_rtl(UI_EN));
	assert_int_equal(catalog_ui_index("de"), -1);
	assert_int_equal(catalog_ui_index(""), -1);
	assert_null(catalog_ui_code(UI_NLANG));
	assert_null(catalog_ui_code(-1));
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
test_compiled_catalogs_answer(void **state)
{
	static const char free_word[] = "Free", not_there[] = "Not in any catalog";
	char err[200];
	struct i18n *t = i18n_load(err, sizeof err);

	(void)state;
	if (t == NULL)
		fail_msg("%s", err);
	assert_string_equal(i18n_get(t, UI_FR, "Free"), "Gratuit");
	assert_string_not_equal(i18n_get(t, UI_AR, "Monday"), "Monday");
	assert_string_not_equal(i18n_get(t, UI_ES, "Sunday"), "Sunday");
	assert_ptr_equal(i18n_get(t, UI_EN, free_word), free_word);
	assert_ptr_equal(i18n_get(t, UI_FR, not_there), not_there);
	assert_ptr_equal(i18n_get(NULL, UI_FR, free_word), free_word);
	assert_ptr_equal(i18n_get(t, UI_NLANG, free_word), free_word);
	assert_ptr_equal(i18n_get(t, -1, free_word), free_word);
	/* A context picks its own entry; without it, the entry is not found. */
	assert_string_equal(i18n_pget(t, UI_FR, "category", "Health care"), "Santé");
	assert_string_equal(i18n_text(UI_ES, "category", "Health care"), "Salud");
	assert_string_equal(i18n_get(t, UI_FR, "Health care"), "Health care");
	assert_string_equal(i18n_pget(t, UI_FR, "commitment", "Health care"), "Health care");
	assert_string_equal(i18n_pget(t, UI_FR, "categor", "Health care"), "Health care");
	assert_string_equal(i18n_text(UI_FR, "spoken language", "English"), "anglais");
	assert_string_equal(i18n_text(UI_AR, "day in the hours field", "wed"), "الأربعاء");
	assert_string_equal(i18n_text(UI_FR, NULL, "Free"), "Gratuit");
	assert_string_equal(i18n_find(UI_FR, "category", "LGBTQ+"), "LGBTQ+");
	assert_null(i18n_find(UI_EN, "category", "LGBTQ+"));
	assert_null(i18n_find(UI_FR, NULL, not_there));
	i18n_free(t);
}

/* Every entry of every compiled catalog is found by its key's hash, as its own text. */
static void
test_every_compiled_entry_is_found(void **state)
{
	const struct i18n_language *l;
	char ctxt[256];
	const char *key, *sep;
	size_t k;
	int ui;

	(void)state;
	for (ui = 0; ui < UI_NLANG; ui++) {
		l = &i18n_languages[ui];
		assert_int_equal(l->nslots == 0, l->count == 0);
		assert_true(l->count == 0 || (l->nslots >= 2 * l->count && (l->nslots & (l->nslots - 1)) == 0));
		for (k = 0; k < l->count; k++) {
			key = l->messages[k].key;
			if ((sep = strchr(key, '\004')) == NULL) {
				assert_ptr_equal(i18n_find(ui, NULL, key), l->messages[k].text);
				continue;
			}
			assert_true((size_t)(sep - key) < sizeof ctxt);
			memcpy(ctxt, key, (size_t)(sep - key));
			ctxt[sep - key] = '\0';
			assert_ptr_equal(i18n_find(ui, ctxt, sep + 1), l->messages[k].text);
		}
	}
}

/* The labels moved from C tables to the catalogs unchanged. */
static void
test_vocabulary_labels_are_translated(void **state)
{
	const struct catalog_entry *c = catalog_commitment("no-border-agency");
	const struct catalog_entry *cat = catalog_category("shelter");
	const struct spoken_language *ht = catalog_language("ht");

	(void)state;
	assert_non_null(c);
	assert_string_equal(catalog_label(UI_EN, c), "No cooperation with the CBSA");
	assert_string_equal(catalog_label(UI_FR, c), "Pas de collaboration avec l’ASFC");
	assert_string_equal(catalog_label(UI_ES, c), "Sin cooperación con la ASFC");
	assert_string_equal(catalog_label(UI_AR, c), "لا تعاون مع وكالة الحدود");
	assert_string_equal(catalog_meaning(UI_FR, c),
	    "Ne collabore pas avec l’Agence des services frontaliers du Canada et lui interdit "
	    "l’accès à ses locaux.");
	assert_string_equal(catalog_label(UI_FR, cat), "Hébergement d’urgence");
	assert_null(catalog_meaning(UI_FR, cat));
	assert_string_equal(catalog_language_name(UI_ES, ht), "criollo haitiano");
	assert_string_equal(catalog_language_name(UI_EN, ht), "Haitian Creole");
	assert_string_equal(catalog_language_name(UI_AR, ht), "الكريولية الهايتية");
}

/* Check that msgid (in context ctxt, or none) is translated in every catalog. */
static void
assert_translated(const char *ctxt, const char *msgid, const char *where)
{
	int ui;

	for (ui = 0; ui < UI_NLANG; ui++) {
		if (ui == UI_EN)
			continue;
		if (i18n_find(ui, ctxt, msgid) == NULL)
			fail_msg("%s: \"%s\"%s%s has no %s translation", where, msgid,
			    ctxt ? " in context " : "", ctxt ? ctxt : "", catalog_ui_code(ui));
	}
}

/* Every {{_ text}} of every template has a translation in every catalog. */
static void
test_every_template_text_is_translated(void **state)
{
	const char *s, *end, *text;
	char msgid[400];
	size_t i, count = 0;

	(void)state;
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
			assert_true((size_t)(end - text) < sizeof msgid);
			memcpy(msgid, text, (size_t)(end - text));
			msgid[end - text] = '\0';
			assert_translated(NULL, msgid, embedded_files[i].name);
			count++;
		}
	}
	assert_true(count > 100);
}

/* Every commitment, category, spoken language and day word of the hours field has its
** translation in every catalog: a new catalog must translate them too. */
static void
test_every_vocabulary_label_is_translated(void **state)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	const struct catalog_entry *all;
	const struct spoken_language *langs;
	size_t i, n;

	(void)state;
	all = catalog_commitments(&n);
	for (i = 0; i < n; i++) {
		assert_translated(all[i].label_context, all[i].label, all[i].id);
		assert_translated(all[i].meaning_context, all[i].meaning, all[i].id);
	}
	all = catalog_categories(&n);
	for (i = 0; i < n; i++)
		assert_translated(all[i].label_context, all[i].label, all[i].id);
	langs = catalog_languages(&n);
	for (i = 0; i < n; i++)
		assert_translated("spoken language", langs[i].label, langs[i].code);
	for (i = 0; i < 7; i++)
		assert_translated("day in the hours field", days[i], "hours field");
}

/* The spoken languages are in code order, so that catalog_language finds each by halves;
** it finds every one, and no unknown code. */
static void
test_spoken_languages_are_found_by_code(void **state)
{
	static const char *const unknown[] = { "", "a", "aa", "zz", "FR", "fr ", "zh-Hans" };
	const struct spoken_language *langs;
	size_t n, i;

	(void)state;
	langs = catalog_languages(&n);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(langs[i - 1].code, langs[i].code) >= 0)
			fail_msg("%s comes after %s", langs[i].code, langs[i - 1].code);
		assert_ptr_equal(catalog_language(langs[i].code), &langs[i]);
	}
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_null(catalog_language(unknown[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_po_entries_are_read),
		cmocka_unit_test(test_po_errors_name_the_line),
		cmocka_unit_test(test_po_contexts_make_entries_distinct),
		cmocka_unit_test(test_interface_languages_come_from_the_catalogs),
		cmocka_unit_test(test_language_choice),
		cmocka_unit_test(test_compiled_catalogs_answer),
		cmocka_unit_test(test_every_compiled_entry_is_found),
		cmocka_unit_test(test_vocabulary_labels_are_translated),
		cmocka_unit_test(test_every_template_text_is_translated),
		cmocka_unit_test(test_every_vocabulary_label_is_translated),
		cmocka_unit_test(test_spoken_languages_are_found_by_code),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
