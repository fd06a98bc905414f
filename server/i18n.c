/*
** i18n.c - lookups in the interface catalogs that tools/pocompile compiled into the
** binary (see i18n.h and i18n_table.h), and the choice of language for a request.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "i18n.h"
#include "i18n_hash.h"
#include "i18n_table.h"

struct i18n {
	const struct i18n_language *languages;  /* the compiled tables, UI_NLANG of them */
};

struct i18n *
i18n_load(char *err, size_t errlen)
{
	struct i18n *t = malloc(sizeof *t);

	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->languages = i18n_languages;
	return t;
}

void
i18n_free(struct i18n *t)
{
	free(t);
}

/* strcmp(ctxt "\004" msgid, key), without building the left side; ctxt may be NULL. */
static int
key_cmp(const char *ctxt, const char *msgid, const char *key)
{
	const unsigned char *k = (const unsigned char *)key, *p;

	if (ctxt != NULL) {
		for (p = (const unsigned char *)ctxt; *p != '\0'; p++, k++)
			if (*p != *k)
				return *p - *k;
		if (*k != '\004')
			return '\004' - *k;
		k++;
	}
	return strcmp(msgid, (const char *)k);
}

/* The translation in langs[ui], found by its key's hash (i18n_table.h), or NULL. */
static const char *
lookup(const struct i18n_language *langs, int ui, const char *ctxt, const char *msgid)
{
	const struct i18n_language *l;
	size_t at, mask;
	unsigned slot;

	if (langs == NULL || ui < 0 || ui >= UI_NLANG || msgid == NULL)
		return NULL;
	l = &langs[ui];
	if (l->nslots == 0)
		return NULL;
	mask = l->nslots - 1;
	for (at = i18n_hash_key(ctxt, msgid) & mask; (slot = l->slots[at]) != 0; at = (at + 1) & mask)
		if (key_cmp(ctxt, msgid, l->messages[slot - 1].key) == 0)
			return l->messages[slot - 1].text;
	return NULL;
}

const char *
i18n_get(const struct i18n *t, int ui, const char *msgid)
{
	return i18n_pget(t, ui, NULL, msgid);
}

const char *
i18n_pget(const struct i18n *t, int ui, const char *ctxt, const char *msgid)
{
	const char *text = lookup(t != NULL ? t->languages : NULL, ui, ctxt, msgid);

	return text != NULL ? text : msgid;
}

const char *
i18n_text(int ui, const char *ctxt, const char *msgid)
{
	const char *text = lookup(i18n_languages, ui, ctxt, msgid);

	return text != NULL ? text : msgid;
}

const char *
i18n_find(int ui, const char *ctxt, const char *msgid)
{
	return lookup(i18n_languages, ui, ctxt, msgid);
}

/* Parse "q=0.8" after a ';' in an Accept-Language item; 1000 when absent. */
static int
accept_quality(const char *p, const char *end)
{
	int q = 1000, scale = 100;

	while (p < end && (*p == ';' || *p == ' '))
		p++;
	if (end - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return q;
	p += 2;
	if (*p == '1')
		return 1000;
	if (*p != '0')
		return 0;
	q = 0;
	for (p++, p += (p < end && *p == '.'); p < end && isdigit((unsigned char)*p) && scale > 0; p++, scale /= 10)
		q += (*p - '0') * scale;
	return q;
}

int
i18n_choose(const char *lang, const char *accept_language, int default_ui)
{
	const char *p, *item_end, *tag_end;
	int best = default_ui, best_q = 0, ui, q;
	char code[4];

	if (lang != NULL)
		return catalog_ui_index(lang);
	for (p = accept_language; p != NULL && *p != '\0'; p = *item_end ? item_end + 1 : item_end) {
		while (*p == ' ')
			p++;
		item_end = p + strcspn(p, ",");
		tag_end = p + strcspn(p, ";,- ");
		if (tag_end - p < 2 || tag_end - p > 3 || tag_end > item_end)
			continue;
		snprintf(code, sizeof code, "%.*s", (int)(tag_end - p), p);
		for (q = 0; code[q] != '\0'; q++)
			code[q] = (char)tolower((unsigned char)code[q]);
		ui = catalog_ui_index(code);
		q = accept_quality(tag_end + strcspn(tag_end, ";,"), item_end);
		if (ui >= 0 && q > best_q) {
			best = ui;
			best_q = q;
		}
	}
	return best;
}
