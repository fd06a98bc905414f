/*
** i18n.h - interface translations. The catalogs are gettext .po files in client-web/i18n/
** (one per language, CODE.po); tools/pocompile turns them into constant tables at build
** time, so nothing is parsed when the server starts and nothing can fail then. English
** is the source language (the msgids) and has no catalog. Lookups are read-only and
** thread-safe.
*/
#ifndef SD_I18N_H
#define SD_I18N_H

#include <stddef.h>

struct i18n;

/* A handle on the compiled catalogs, freed with i18n_free. NULL only when memory runs
** out ("out of memory" in err). Callers may pass a NULL handle to the lookups below to
** mean "no translations": they then answer the English text. */
struct i18n *i18n_load(char *err, size_t errlen);

void i18n_free(struct i18n *t);

/* The translation of msgid into interface language ui (catalog.h), or msgid itself
** (the same pointer) when there is none, when ui is out of range or when t is NULL. */
const char *i18n_get(const struct i18n *t, int ui, const char *msgid);

/* The same for an entry with a context (msgctxt): "category", "commitment"... */
const char *i18n_pget(const struct i18n *t, int ui, const char *ctxt, const char *msgid);

/* i18n_pget on the compiled catalogs, without a handle; ctxt may be NULL. */
const char *i18n_text(int ui, const char *ctxt, const char *msgid);

/* The same, but NULL when language ui has no translation (English never has one): to
** tell "translated into the same words" from "not translated". */
const char *i18n_find(int ui, const char *ctxt, const char *msgid);

/* The interface language for a request: lang when it names one (else -1 is returned if
** lang is non-NULL and unknown), otherwise the best match of the Accept-Language header
** value (may be NULL), otherwise default_ui. */
int i18n_choose(const char *lang, const char *accept_language, int default_ui);

#endif
