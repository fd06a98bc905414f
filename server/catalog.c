/*
** catalog.c - the constant vocabularies: commitments, categories and spoken languages,
** with their English labels; the interface catalogs translate them (see catalog.h). The
** interface languages themselves come from the tables generated from client-web/i18n.
*/
#include <string.h>

#include "catalog.h"
#include "i18n.h"
#include "i18n_table.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The msgctxt under which the catalogs translate each vocabulary. */
#define CTXT_COMMITMENT         "commitment"
#define CTXT_COMMITMENT_MEANING "commitment meaning"
#define CTXT_CATEGORY           "category"
#define CTXT_SPOKEN_LANGUAGE    "spoken language"

#define COMMITMENT(id, label, meaning) \
	{ id, label, meaning, CTXT_COMMITMENT, CTXT_COMMITMENT_MEANING }
#define CATEGORY(id, label) { id, label, NULL, CTXT_CATEGORY, NULL }

static const struct catalog_entry commitments[] = {
	COMMITMENT("status-for-all", "Status for all",
	    "Publicly supports regularization for every migrant without status and opposes deportation and detention."),
	COMMITMENT("no-status-questions", "No questions about status",
	    "Never asks anyone what their immigration status is."),
	COMMITMENT("status-confidential", "Status kept confidential",
	    "Keeps anything it learns about a person’s status strictly confidential and never passes it to government agencies."),
	COMMITMENT("no-status-fees", "No fees because of status",
	    "Charges nobody a fee that depends on their immigration status."),
	COMMITMENT("no-border-agency", "No cooperation with the CBSA",
	    "Does not work with the Canada Border Services Agency and keeps it out of its premises."),
	COMMITMENT("equal-standards", "Equal rights for everyone",
	    "Applies labour and human-rights standards the same way to everyone, whatever their status."),
};

static const struct catalog_entry categories[] = {
	CATEGORY("health", "Health care"),
	CATEGORY("mental-health", "Mental health"),
	CATEGORY("food", "Food"),
	CATEGORY("shelter", "Shelter"),
	CATEGORY("housing", "Housing"),
	CATEGORY("legal", "Legal help"),
	CATEGORY("education", "Education"),
	CATEGORY("work", "Work and labour rights"),
	CATEGORY("women", "Women"),
	CATEGORY("family", "Children and family"),
	CATEGORY("lgbtq", "LGBTQ+"),
	CATEGORY("community", "Community centre"),
	CATEGORY("advocacy", "Migrant rights"),
	CATEGORY("culture", "Culture and media"),
};

/* In code order (strcmp): catalog_language searches by halves. */
static const struct spoken_language languages[] = {
	{ "am", "አማርኛ", "Amharic" },
	{ "ar", "العربية", "Arabic" },
	{ "ase", "ASL", "American Sign Language" },
	{ "bn", "বাংলা", "Bengali" },
	{ "de", "Deutsch", "German" },
	{ "el", "Ελληνικά", "Greek" },
	{ "en", "English", "English" },
	{ "es", "Español", "Spanish" },
	{ "fa", "فارسی", "Persian" },
	{ "fcs", "LSQ", "Quebec Sign Language" },
	{ "ff", "Fulfulde", "Fula" },
	{ "fr", "Français", "French" },
	{ "he", "עברית", "Hebrew" },
	{ "hi", "हिन्दी", "Hindi" },
	{ "ht", "Kreyòl ayisyen", "Haitian Creole" },
	{ "it", "Italiano", "Italian" },
	{ "ja", "日本語", "Japanese" },
	{ "ko", "한국어", "Korean" },
	{ "ku", "Kurdî", "Kurdish" },
	{ "ln", "Lingála", "Lingala" },
	{ "ml", "മലയാളം", "Malayalam" },
	{ "ne", "नेपाली", "Nepali" },
	{ "pa", "ਪੰਜਾਬੀ", "Punjabi" },
	{ "pl", "Polski", "Polish" },
	{ "ps", "پښتو", "Pashto" },
	{ "pt", "Português", "Portuguese" },
	{ "ro", "Română", "Romanian" },
	{ "ru", "Русский", "Russian" },
	{ "rw", "Kinyarwanda", "Kinyarwanda" },
	{ "so", "Soomaali", "Somali" },
	{ "sq", "Shqip", "Albanian" },
	{ "sw", "Kiswahili", "Swahili" },
	{ "ta", "தமிழ்", "Tamil" },
	{ "ti", "ትግርኛ", "Tigrinya" },
	{ "tl", "Tagalog", "Tagalog" },
	{ "tr", "Türkçe", "Turkish" },
	{ "uk", "Українська", "Ukrainian" },
	{ "ur", "اردو", "Urdu" },
	{ "vi", "Tiếng Việt", "Vietnamese" },
	{ "wo", "Wolof", "Wolof" },
	{ "yi", "ייִדיש", "Yiddish" },
	{ "zh", "中文", "Chinese" },
};

static const char *const fee_ids[CATALOG_NFEE_LEVELS + 1] = { "free", "sliding-scale", "fee", NULL };
static const char *const fee_words[CATALOG_NFEE_LEVELS] = { "Free", "Sliding scale", "Fee" };

_Static_assert(NELEM(commitments) == CATALOG_NCOMMITMENTS, "the table's size");
_Static_assert(NELEM(categories) == CATALOG_NCATEGORIES, "the table's size");
_Static_assert(NELEM(languages) == CATALOG_NLANGUAGES, "the table's size");

const char *
catalog_ui_code(int ui)
{
	return ui >= 0 && ui < UI_NLANG ? i18n_languages[ui].code : NULL;
}

int
catalog_ui_index(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < UI_NLANG; i++)
		if (strcmp(code, i18n_languages[i].code) == 0)
			return i;
	return -1;
}

int
catalog_ui_is_rtl(int ui)
{
	return ui >= 0 && ui < UI_NLANG && i18n_languages[ui].rtl;
}

const char *
catalog_ui_endonym(int ui)
{
	return ui >= 0 && ui < UI_NLANG ? i18n_languages[ui].endonym : NULL;
}

const char *
catalog_label(int ui, const struct catalog_entry *e)
{
	return i18n_text(ui, e->label_context, e->label);
}

const char *
catalog_meaning(int ui, const struct catalog_entry *e)
{
	return e->meaning != NULL ? i18n_text(ui, e->meaning_context, e->meaning) : NULL;
}

const char *
catalog_language_name(int ui, const struct spoken_language *lang)
{
	return i18n_text(ui, CTXT_SPOKEN_LANGUAGE, lang->label);
}

static int
entry_rank(const struct catalog_entry *table, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct catalog_entry *
catalog_commitments(size_t *count)
{
	*count = NELEM(commitments);
	return commitments;
}

int
catalog_commitment_rank(const char *id)
{
	return entry_rank(commitments, NELEM(commitments), id);
}

const struct catalog_entry *
catalog_commitment(const char *id)
{
	int i = catalog_commitment_rank(id);

	return i < 0 ? NULL : &commitments[i];
}

const struct catalog_entry *
catalog_categories(size_t *count)
{
	*count = NELEM(categories);
	return categories;
}

int
catalog_category_rank(const char *id)
{
	return entry_rank(categories, NELEM(categories), id);
}

const struct catalog_entry *
catalog_category(const char *id)
{
	int i = catalog_category_rank(id);

	return i < 0 ? NULL : &categories[i];
}

const char *
catalog_fee_id(int level)
{
	return level >= 0 && level < CATALOG_NFEE_LEVELS ? fee_ids[level] : NULL;
}

const char *const *
catalog_fee_ids(void)
{
	return fee_ids;
}

const char *
catalog_fee_word(int level)
{
	return level >= 0 && level < CATALOG_NFEE_LEVELS ? fee_words[level] : NULL;
}

int
catalog_fee_level(const char *id)
{
	int level;

	for (level = 0; id != NULL && level < CATALOG_NFEE_LEVELS; level++)
		if (strcmp(id, fee_ids[level]) == 0)
			return level;
	return -1;
}

const struct spoken_language *
catalog_languages(size_t *count)
{
	*count = NELEM(languages);
	return languages;
}

const struct spoken_language *
catalog_language(const char *code)
{
	size_t lo = 0, hi = NELEM(languages), mid;
	int c;

	/* By halves: asked for every language of every result of a page (the list is in
	** code order, which test_i18n checks). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(code, languages[mid].code);
		if (c == 0)
			return &languages[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
