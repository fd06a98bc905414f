/*
** i18n_table.h - the shape of the tables tools/pocompile writes into the generated
** catalogs.c: the interface languages, each with its translations as (key, text) pairs
** sorted by key, and a table of slots that finds a key's pair by its hash (i18n_hash.h).
** A key is the msgid, or msgctxt "\004" msgid for an entry with a context (gettext's own
** convention). Only i18n.c, catalog.c and the generated file include this header;
** everything else asks i18n.h and catalog.h.
*/
#ifndef SD_I18N_TABLE_H
#define SD_I18N_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "languages.h"

struct i18n_message {
	const char *key;   /* msgid, or msgctxt "\004" msgid */
	const char *text;  /* the translation, never empty */
};

struct i18n_language {
	const char                *code;      /* "fr": the catalog's Language: field */
	const char                *endonym;   /* "Français": its X-Language-Name: field */
	int                        rtl;       /* X-Text-Direction: rtl */
	const struct i18n_message *messages;  /* sorted by key (strcmp); NULL for English */
	size_t                     count;
	/* Open addressing: the pair of a key whose hash is h is in slot h % nslots or the
	** next ones (wrapping), before the first empty slot. A slot holds the pair's index
	** + 1, 0 when empty; nslots is a power of two, at least twice count. */
	const uint16_t            *slots;
	size_t                     nslots;
};

/* Every interface language, in the order of languages.h (by code). */
extern const struct i18n_language i18n_languages[UI_NLANG];

#endif
