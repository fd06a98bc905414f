/*
** catalog.h - the fixed vocabularies of the directory: interface languages, the
** commitments of the Solidarity City declaration, the category taxonomy and the spoken
** languages a service can list. Ids are stable (they appear in URLs, the API and import
** files); labels exist for every interface language. All tables are constant.
*/
#ifndef SD_CATALOG_H
#define SD_CATALOG_H

#include <stddef.h>

enum { UI_FR, UI_EN, UI_ES, UI_AR, UI_NLANG };

struct catalog_entry {
	const char *id;                 /* stable identifier */
	const char *label[UI_NLANG];    /* short name in each interface language */
	const char *meaning[UI_NLANG];  /* one-sentence explanation, or NULL */
};

struct spoken_language {
	const char *code;     /* ISO 639-1 (or 639-3 for sign languages) */
	const char *endonym;  /* the language's name for itself */
	const char *label[UI_NLANG];
};

/* Interface languages: code ("fr"), index in UI_* order, and text direction. */
const char *catalog_ui_code(int ui);
int         catalog_ui_index(const char *code);       /* -1 if not an interface language */
int         catalog_ui_is_rtl(int ui);
const char *catalog_ui_endonym(int ui);

const struct catalog_entry *catalog_commitments(size_t *count);
const struct catalog_entry *catalog_commitment(const char *id);   /* NULL if unknown */
const struct catalog_entry *catalog_categories(size_t *count);
const struct catalog_entry *catalog_category(const char *id);     /* NULL if unknown */
const struct spoken_language *catalog_languages(size_t *count);
const struct spoken_language *catalog_language(const char *code); /* NULL if unknown */

/* Position of a commitment or category in its table, for stable ordering; -1 if unknown. */
int catalog_commitment_rank(const char *id);
int catalog_category_rank(const char *id);

#endif
