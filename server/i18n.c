/*
** i18n.c - gettext .po catalogs for the interface (see i18n.h): a small parser for the
** subset translators' tools write (comments, msgctxt, msgid, msgid_plural, msgstr,
** msgstr[N], continued strings, C escapes), sorted tables, and the choice of language
** for a request.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "embedded.h"
#include "i18n.h"

struct message {
	char *id;   /* English source text */
	char *str;  /* its translation */
};

struct table {
	struct message *msgs;
	size_t          count;
	size_t          cap;
};

struct i18n {
	struct table lang[UI_NLANG];
};

/* Parser state for one catalog. */
struct po_parser {
	const char *name;       /* file name, for messages */
	int         line;       /* current line number */
	int         fuzzy;      /* the entry being read is marked fuzzy */
	int         skip;       /* the entry has a context or plural: not used */
	struct buf  id, str;    /* the entry being read */
	struct buf *target;     /* which of them continued strings append to */
	int         have_id;
};

struct i18n *
i18n_new(void)
{
	return calloc(1, sizeof(struct i18n));
}

static int
cmp_message(const void *a, const void *b)
{
	return strcmp(((const struct message *)a)->id, ((const struct message *)b)->id);
}

static int
table_add(struct table *t, const char *id, const char *str)
{
	struct message *grown;

	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		grown = realloc(t->msgs, t->cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		t->msgs = grown;
	}
	t->msgs[t->count].id = strdup(id);
	t->msgs[t->count].str = strdup(str);
	if (t->msgs[t->count].id == NULL || t->msgs[t->count].str == NULL) {
		free(t->msgs[t->count].id);
		free(t->msgs[t->count].str);
		return -1;
	}
	t->count++;
	return 0;
}

/* Append the C-quoted string starting at p ("...") to out; 0, or -1 if malformed. */
static int
po_unquote(const char *p, struct buf *out)
{
	if (*p != '"')
		return -1;
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return -1;
		if (*p != '\\') {
			buf_putc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'n': buf_putc(out, '\n'); break;
		case 't': buf_putc(out, '\t'); break;
		case 'r': buf_putc(out, '\r'); break;
		case '"': buf_putc(out, '"'); break;
		case '\\': buf_putc(out, '\\'); break;
		default: return -1;
		}
	}
	for (p++; *p == ' ' || *p == '\t' || *p == '\r'; p++)
		;
	return *p == '\0' && !buf_failed(out) ? 0 : -1;
}

/* Store the entry read so far (if it is a real, translated, non-fuzzy one) and reset. */
static int
po_flush(struct po_parser *ps, struct table *t)
{
	int rc = 0;

	if (ps->have_id && !ps->fuzzy && !ps->skip && ps->id.len > 0 && ps->str.len > 0)
		rc = table_add(t, ps->id.data, ps->str.data);
	buf_reset(&ps->id);
	buf_reset(&ps->str);
	ps->have_id = ps->fuzzy = ps->skip = 0;
	ps->target = NULL;
	return rc;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Handle one line; -1 on a syntax error. */
static int
po_line(struct po_parser *ps, struct table *t, const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0' || *line == '\r')
		return 0;
	if (line[0] == '#') {
		/* Comments and flags belong to the entry that follows: finish this one. */
		if (ps->have_id && po_flush(ps, t) != 0)
			return -1;
		if (line[1] == ',' && strstr(line, "fuzzy") != NULL)
			ps->fuzzy = 1;
		return 0;
	}
	if (*line == '"')
		return ps->target ? po_unquote(line, ps->target) : -1;
	if (starts_with(line, "msgctxt ") && ps->have_id && po_flush(ps, t) != 0)
		return -1;
	if (starts_with(line, "msgctxt ") || starts_with(line, "msgid_plural ") ||
	    starts_with(line, "msgstr[")) {
		ps->skip = 1;
		ps->target = NULL;
		return 0;
	}
	if (starts_with(line, "msgid ")) {
		if (ps->have_id && po_flush(ps, t) != 0)
			return -1;
		ps->have_id = 1;
		ps->target = &ps->id;
		return po_unquote(line + 6, &ps->id);
	}
	if (starts_with(line, "msgstr ") && ps->have_id) {
		ps->target = &ps->str;
		return po_unquote(line + 7, &ps->str);
	}
	return -1;
}

static int
check_duplicates(struct table *t, const char *name, char *err, size_t errlen)
{
	size_t i;

	qsort(t->msgs, t->count, sizeof *t->msgs, cmp_message);
	for (i = 1; i < t->count; i++)
		if (strcmp(t->msgs[i - 1].id, t->msgs[i].id) == 0) {
			snprintf(err, errlen, "%s: msgid \"%.60s\" appears twice", name, t->msgs[i].id);
			return -1;
		}
	return 0;
}

int
i18n_add_po(struct i18n *t, int ui, const char *name, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct po_parser ps;
	struct buf line = BUF_INIT;
	size_t start = 0, end;
	int rc = -1;

	memset(&ps, 0, sizeof ps);
	ps.name = name;
	while (start < len) {
		for (end = start; end < len && text[end] != '\n'; end++)
			;
		ps.line++;
		buf_reset(&line);
		if (buf_append(&line, text + start, end - start) != 0 ||
		    po_line(&ps, &t->lang[ui], line.data) != 0) {
			snprintf(err, errlen, "%s:%d: cannot read this line", name, ps.line);
			goto done;
		}
		start = end + 1;
	}
	if (po_flush(&ps, &t->lang[ui]) != 0) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	rc = check_duplicates(&t->lang[ui], name, err, errlen);
done:
	buf_free(&line);
	buf_free(&ps.id);
	buf_free(&ps.str);
	return rc;
}

struct i18n *
i18n_load(char *err, size_t errlen)
{
	const struct embedded_file *f;
	struct i18n *t = i18n_new();
	char name[64];
	int ui;

	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (ui = 0; ui < UI_NLANG; ui++) {
		snprintf(name, sizeof name, "client-web/i18n/%s.po", catalog_ui_code(ui));
		f = embedded_find(name);
		if (f == NULL)
			continue;
		if (i18n_add_po(t, ui, name, (const char *)f->data, f->len, err, errlen) != 0) {
			i18n_free(t);
			return NULL;
		}
	}
	return t;
}

const char *
i18n_get(const struct i18n *t, int ui, const char *msgid)
{
	struct message key, *found;

	if (t == NULL || ui < 0 || ui >= UI_NLANG || t->lang[ui].count == 0)
		return msgid;
	key.id = (char *)msgid;
	found = bsearch(&key, t->lang[ui].msgs, t->lang[ui].count, sizeof key, cmp_message);
	return found ? found->str : msgid;
}

void
i18n_free(struct i18n *t)
{
	size_t i;
	int ui;

	if (t == NULL)
		return;
	for (ui = 0; ui < UI_NLANG; ui++) {
		for (i = 0; i < t->lang[ui].count; i++) {
			free(t->lang[ui].msgs[i].id);
			free(t->lang[ui].msgs[i].str);
		}
		free(t->lang[ui].msgs);
	}
	free(t);
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
