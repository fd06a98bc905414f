/*
** i18n.h - interface translations. Catalogs are gettext .po files in client-web/i18n/
** (one per language, named fr.po, es.po...), compiled into the binary; English is the
** source language (the msgids). Lookups are read-only and thread-safe.
*/
#ifndef SD_I18N_H
#define SD_I18N_H

#include <stddef.h>

struct i18n;

/* Parse every embedded catalog. NULL with a message (file:line: problem) on a syntax
** error or OOM. */
struct i18n *i18n_load(char *err, size_t errlen);

/* Parse one catalog's text into the table for interface language ui (catalog.h). 0, or -1
** with a message. Exposed for tests. */
int i18n_add_po(struct i18n *t, int ui, const char *name, const char *text, size_t len,
    char *err, size_t errlen);
struct i18n *i18n_new(void);

/* The translation of msgid into language ui, or msgid itself when there is none. */
const char *i18n_get(const struct i18n *t, int ui, const char *msgid);

void i18n_free(struct i18n *t);

/* The interface language for a request: lang when it names one (else -1 is returned if
** lang is non-NULL and unknown), otherwise the best match of the Accept-Language header
** value (may be NULL), otherwise default_ui. */
int i18n_choose(const char *lang, const char *accept_language, int default_ui);

#endif
