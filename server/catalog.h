/*
** catalog.h - the fixed vocabularies of the directory: interface languages, the
** commitments of the Solidarity City declaration, the category taxonomy, the spoken
** languages a service can list and its fee levels. Ids are stable (they appear in URLs,
** the API and import files); labels are English here and translated by the interface
** catalogs (i18n.h).
** All tables are constant.
*/
#ifndef SD_CATALOG_H
#define SD_CATALOG_H

#include <stddef.h>

#include "languages.h"   /* generated from client-web/i18n: UI_AR, UI_EN..., UI_NLANG */

/* A commitment or a category. Its label and meaning are the English texts; the other
** languages translate them in their .po catalogs under the entry's msgctxt. */
struct catalog_entry {
	const char *id;               /* stable identifier */
	const char *label;            /* short name, in English */
	const char *meaning;          /* one-sentence explanation in English, or NULL */
	const char *label_context;    /* msgctxt of the label: "commitment", "category" */
	const char *meaning_context;  /* msgctxt of the meaning, or NULL */
};

struct spoken_language {
	const char *code;     /* ISO 639-1 (or 639-3 for sign languages) */
	const char *endonym;  /* the language's name for itself */
	const char *label;    /* its English name (msgctxt "spoken language") */
};

/* Interface languages, in the order of languages.h (by code): code ("fr"), index, text
** direction and name for itself. */
const char *catalog_ui_code(int ui);
int         catalog_ui_index(const char *code);       /* -1 if not an interface language */
int         catalog_ui_is_rtl(int ui);
const char *catalog_ui_endonym(int ui);

/* An entry's label and meaning (NULL when it has none), and a spoken language's name,
** in interface language ui; English when the catalog has no translation. */
const char *catalog_label(int ui, const struct catalog_entry *e);
const char *catalog_meaning(int ui, const struct catalog_entry *e);
const char *catalog_language_name(int ui, const struct spoken_language *lang);

/* How many commitments, categories and spoken languages the tables hold (catalog.c
** checks them), for arrays indexed by an entry's place in its table. */
#define CATALOG_NCOMMITMENTS 6
#define CATALOG_NCATEGORIES 14
#define CATALOG_NLANGUAGES  42

const struct catalog_entry *catalog_commitments(size_t *count);
const struct catalog_entry *catalog_commitment(const char *id);   /* NULL if unknown */
const struct catalog_entry *catalog_categories(size_t *count);
const struct catalog_entry *catalog_category(const char *id);     /* NULL if unknown */
const struct spoken_language *catalog_languages(size_t *count);
const struct spoken_language *catalog_language(const char *code); /* NULL if unknown */

/* The fee levels of a service, lowest first ("free", "sliding-scale", "fee"): a level's
** id, all the ids (NULL after the last), its English word (translated by the interface
** catalogs, without a msgctxt), and the level of an id (-1 if unknown or NULL). */
#define CATALOG_NFEE_LEVELS 3
const char *catalog_fee_id(int level);
const char *const *catalog_fee_ids(void);
const char *catalog_fee_word(int level);
int         catalog_fee_level(const char *id);

/* Position of a commitment or category in its table, for stable ordering; -1 if unknown. */
int catalog_commitment_rank(const char *id);
int catalog_category_rank(const char *id);

#endif
