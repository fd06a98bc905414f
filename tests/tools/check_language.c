/*
** check_language.c - built by test_pocompile.sh against the tables pocompile wrote for
** the catalogs plus a German one (de.po): the server's own i18n.c and catalog.c then
** know German as an interface language, with nothing else changed.
*/
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "i18n.h"

static int failures;

static void
expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "check_language: %s\n", what);
		failures++;
	}
}

int
main(void)
{
	const struct catalog_entry *health = catalog_category("health");
	const char *english = "Sliding scale";

	expect(catalog_ui_index("de") == UI_DE, "de is an interface language");
	expect(strcmp(catalog_ui_code(UI_DE), "de") == 0, "UI_DE is de");
	expect(strcmp(catalog_ui_endonym(UI_DE), "Deutsch") == 0, "its name is Deutsch");
	expect(!catalog_ui_is_rtl(UI_DE), "German is written left to right");
	expect(catalog_ui_is_rtl(UI_AR), "Arabic is still written right to left");
	expect(UI_AR < UI_DE && UI_DE < UI_EN, "languages are in the order of their codes");
	expect(strcmp(i18n_text(UI_DE, NULL, "Search"), "Suchen") == 0, "Search is Suchen");
	expect(strcmp(catalog_label(UI_DE, health), "Gesundheit") == 0, "a category in German");
	expect(strcmp(catalog_label(UI_FR, health), "Santé") == 0, "French is unchanged");
	expect(i18n_text(UI_DE, NULL, english) == english, "an untranslated text stays English");
	expect(i18n_choose(NULL, "de-CH,de;q=0.9", UI_FR) == UI_DE, "Accept-Language finds German");
	expect(i18n_choose("de", NULL, UI_FR) == UI_DE, "lang=de chooses German");
	return failures == 0 ? 0 : 1;
}
