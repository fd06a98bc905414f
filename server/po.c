/*
** po.c - reads gettext .po catalogs into entries (see po.h). A line-by-line state
** machine: a keyword opens a part of an entry, a quoted line continues the last part,
** and an entry ends where the next one starts or where the text ends.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "po.h"

/* The part of an entry the reader is in; quoted lines continue it. */
enum po_part { PART_NONE, PART_CTXT, PART_ID, PART_PLURAL, PART_STR, PART_STR_N };

struct po_reader {
	const char        *name;       /* catalog name, for messages */
	int                line;       /* current line number */
	struct po_catalog *out;        /* entries read so far */
	size_t             cap;        /* entries allocated in out */
	enum po_part       part;       /* where the entry being read is */
	int                has_ctxt;   /* it has a msgctxt */
	int                plural;     /* it has a msgid_plural: checked, not kept */
	int                fuzzy;      /* the flags before it say fuzzy */
	int                entry_line; /* line where it starts */
	int                id_line;    /* line of its msgid */
	struct buf         ctxt, id, str, ignored;
	char              *err;
	size_t             errlen;
};

static int fail(struct po_reader *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write "name:line: problem" into the reader's err; always -1. */
static int
fail(struct po_reader *r, int line, const char *fmt, ...)
{
	char problem[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->name, line, problem);
	return -1;
}

static char *
copy_of(const struct buf *b)
{
	return strdup(b->data != NULL ? b->data : "");
}

/* Keep the entry just read (unless it is a plural one) and start afresh. */
static int
finish_entry(struct po_reader *r)
{
	struct po_entry *e, *grown;
	int rc = 0;

	if (!r->plural) {
		if (r->out->count == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			grown = realloc(r->out->entries, r->cap * sizeof *grown);
			if (grown == NULL)
				return fail(r, r->line, "out of memory");
			r->out->entries = grown;
		}
		e = &r->out->entries[r->out->count];
		memset(e, 0, sizeof *e);
		e->ctxt = r->has_ctxt ? copy_of(&r->ctxt) : NULL;
		e->msgid = copy_of(&r->id);
		e->msgstr = copy_of(&r->str);
		e->fuzzy = r->fuzzy;
		e->line = r->id_line;
		r->out->count++;
		if ((r->has_ctxt && e->ctxt == NULL) || e->msgid == NULL || e->msgstr == NULL ||
		    buf_failed(&r->ctxt) || buf_failed(&r->id) || buf_failed(&r->str))
			rc = fail(r, r->line, "out of memory");
	}
	buf_reset(&r->ctxt);
	buf_reset(&r->id);
	buf_reset(&r->str);
	buf_reset(&r->ignored);
	r->part = PART_NONE;
	r->has_ctxt = r->plural = r->fuzzy = 0;
	return rc;
}

static int
entry_complete(const struct po_reader *r)
{
	return r->part == PART_STR || r->part == PART_STR_N;
}

/* Append the quoted string at p ("...", then only blanks) to out. */
static int
unquote(struct po_reader *r, const char *p, struct buf *out)
{
	if (*p != '"')
		return fail(r, r->line, "expected a string in double quotes");
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return fail(r, r->line, "the string has no closing quote");
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
		case '\0': return fail(r, r->line, "the string has no closing quote");
		default: return fail(r, r->line, "unknown escape \\%c", *p);
		}
	}
	for (p++; *p == ' ' || *p == '\t' || *p == '\r'; p++)
		;
	if (*p != '\0')
		return fail(r, r->line, "text after the closing quote");
	return 0;
}

/* Where the strings of the current part go. */
static struct buf *
part_buffer(struct po_reader *r)
{
	switch (r->part) {
	case PART_CTXT: return &r->ctxt;
	case PART_ID: return &r->id;
	case PART_STR: return &r->str;
	default: return &r->ignored;
	}
}

/* "#, fuzzy, c-format": note the fuzzy flag for the entry that follows. */
static void
read_flags(struct po_reader *r, const char *p)
{
	size_t n;

	while (*p != '\0') {
		p += strspn(p, ", \t\r");
		n = strcspn(p, ", \t\r");
		if (n == 5 && strncmp(p, "fuzzy", 5) == 0)
			r->fuzzy = 1;
		p += n;
	}
}

static int
comment_line(struct po_reader *r, const char *line)
{
	if (entry_complete(r) && finish_entry(r) != 0)
		return -1;
	if (r->part != PART_NONE)
		return fail(r, r->line, "a comment inside an entry, before its msgstr");
	if (line[1] == ',')
		read_flags(r, line + 2);
	return 0;
}

/* msgctxt or msgid: the start of an entry (msgid may follow msgctxt). */
static int
start_part(struct po_reader *r, enum po_part part)
{
	if (entry_complete(r) && finish_entry(r) != 0)
		return -1;
	if (part == PART_CTXT && r->part != PART_NONE)
		return fail(r, r->line, "msgctxt inside an entry, before its msgstr");
	if (part == PART_ID && r->part != PART_NONE && r->part != PART_CTXT)
		return fail(r, r->line, "msgid inside an entry, before its msgstr");
	if (r->part == PART_NONE)
		r->entry_line = r->line;
	if (part == PART_CTXT)
		r->has_ctxt = 1;
	else
		r->id_line = r->line;
	r->part = part;
	return 0;
}

/* The keyword at the start of line, its length in *len, as a part; -1 if unknown. */
static int
keyword_part(struct po_reader *r, const char *line, size_t *len)
{
	static const struct { const char *word; enum po_part part; } words[] = {
		{ "msgctxt", PART_CTXT }, { "msgid_plural", PART_PLURAL },
		{ "msgid", PART_ID }, { "msgstr", PART_STR },
	};
	size_t i, n = strcspn(line, " \t[");

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].word) == n && strncmp(line, words[i].word, n) == 0)
			break;
	if (i == sizeof words / sizeof words[0])
		return fail(r, r->line, "unknown keyword \"%.*s\"", (int)(n < 20 ? n : 20), line);
	if (words[i].part == PART_STR && line[n] == '[') {
		n++;
		if (line[n] < '0' || line[n] > '9')
			return fail(r, r->line, "msgstr[ needs a number");
		n += strspn(line + n, "0123456789");
		if (line[n++] != ']')
			return fail(r, r->line, "msgstr[N missing its ]");
		*len = n;
		return PART_STR_N;
	}
	*len = n;
	return (int)words[i].part;
}

/* A line that starts with a keyword: check it may come here, then read its string. */
static int
keyword_line(struct po_reader *r, const char *line)
{
	size_t n = 0;
	int part = keyword_part(r, line, &n);

	if (part < 0)
		return -1;
	if (line[n] != ' ' && line[n] != '\t')
		return fail(r, r->line, "expected a string after the keyword");
	switch (part) {
	case PART_CTXT:
	case PART_ID:
		if (start_part(r, (enum po_part)part) != 0)
			return -1;
		break;
	case PART_PLURAL:
		if (r->part != PART_ID)
			return fail(r, r->line, "msgid_plural must follow a msgid");
		r->plural = 1;
		r->part = PART_PLURAL;
		break;
	case PART_STR:
		if (r->part != PART_ID)
			return fail(r, r->line, r->plural || r->part == PART_PLURAL ?
			    "a plural entry takes msgstr[N]" : "msgstr must follow a msgid");
		r->part = PART_STR;
		break;
	default:
		if (r->part != PART_PLURAL && r->part != PART_STR_N)
			return fail(r, r->line, "msgstr[N] must follow a msgid_plural");
		r->part = PART_STR_N;
		break;
	}
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	return unquote(r, line, part_buffer(r));
}

static int
read_line(struct po_reader *r, const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0' || *line == '\r')
		return 0;
	if (*line == '#')
		return comment_line(r, line);
	if (*line == '"') {
		if (r->part == PART_NONE)
			return fail(r, r->line, "a string with no keyword before it");
		return unquote(r, line, part_buffer(r));
	}
	return keyword_line(r, line);
}

static int
cmp_entry_ptr(const void *a, const void *b)
{
	const struct po_entry *x = *(const struct po_entry *const *)a;
	const struct po_entry *y = *(const struct po_entry *const *)b;
	int c;

	if ((x->ctxt == NULL) != (y->ctxt == NULL))
		return x->ctxt == NULL ? -1 : 1;
	if (x->ctxt != NULL && (c = strcmp(x->ctxt, y->ctxt)) != 0)
		return c;
	if ((c = strcmp(x->msgid, y->msgid)) != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* An entry given twice (same context and msgid) is an error at its second place. */
static int
check_repeats(struct po_reader *r)
{
	const struct po_entry **sorted, *a, *b;
	size_t i;
	int rc = 0;

	if (r->out->count < 2)
		return 0;
	sorted = malloc(r->out->count * sizeof *sorted);
	if (sorted == NULL)
		return fail(r, r->line, "out of memory");
	for (i = 0; i < r->out->count; i++)
		sorted[i] = &r->out->entries[i];
	qsort(sorted, r->out->count, sizeof *sorted, cmp_entry_ptr);
	for (i = 1; i < r->out->count && rc == 0; i++) {
		a = sorted[i - 1];
		b = sorted[i];
		if ((a->ctxt == NULL) == (b->ctxt == NULL) &&
		    (a->ctxt == NULL || strcmp(a->ctxt, b->ctxt) == 0) && strcmp(a->msgid, b->msgid) == 0)
			rc = fail(r, b->line, "msgid \"%.60s\"%s%.40s%s appears twice (first at line %d)",
			    b->msgid, b->ctxt ? " (msgctxt \"" : "", b->ctxt ? b->ctxt : "",
			    b->ctxt ? "\")" : "", a->line);
	}
	free(sorted);
	return rc;
}

static int
read_lines(struct po_reader *r, const char *text, size_t len)
{
	struct buf line = BUF_INIT;
	size_t start = 0, end;
	int rc = 0;

	while (start < len && rc == 0) {
		for (end = start; end < len && text[end] != '\n'; end++)
			;
		r->line++;
		buf_reset(&line);
		if (memchr(text + start, '\0', end - start) != NULL)
			rc = fail(r, r->line, "a NUL byte");
		else if (buf_append(&line, text + start, end - start) != 0)
			rc = fail(r, r->line, "out of memory");
		else
			rc = read_line(r, line.data != NULL ? line.data : "");
		start = end + 1;
	}
	buf_free(&line);
	return rc;
}

int
po_parse(const char *name, const char *text, size_t len, struct po_catalog *out,
    char *err, size_t errlen)
{
	struct po_reader r;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.name = name;
	r.out = out;
	r.err = err;
	r.errlen = errlen;
	rc = read_lines(&r, text, len);
	if (rc == 0 && entry_complete(&r))
		rc = finish_entry(&r);
	else if (rc == 0 && r.part != PART_NONE)
		rc = fail(&r, r.entry_line, "this entry has no msgstr");
	if (rc == 0)
		rc = check_repeats(&r);
	if (buf_failed(&r.ignored) && rc == 0)
		rc = fail(&r, r.line, "out of memory");
	buf_free(&r.ctxt);
	buf_free(&r.id);
	buf_free(&r.str);
	buf_free(&r.ignored);
	if (rc != 0)
		po_catalog_free(out);
	return rc;
}

void
po_catalog_free(struct po_catalog *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		free(c->entries[i].ctxt);
		free(c->entries[i].msgid);
		free(c->entries[i].msgstr);
	}
	free(c->entries);
	c->entries = NULL;
	c->count = 0;
}

const struct po_entry *
po_header(const struct po_catalog *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (c->entries[i].ctxt == NULL && c->entries[i].msgid[0] == '\0')
			return &c->entries[i];
	return NULL;
}

int
po_header_field(const char *header, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name), vlen;
	const char *line, *value;

	for (line = header; *line != '\0'; line += strcspn(line, "\n"), line += *line == '\n') {
		if (strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		for (value = line + n + 1; *value == ' ' || *value == '\t'; value++)
			;
		vlen = strcspn(value, "\n");
		while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t' ||
		    value[vlen - 1] == '\r'))
			vlen--;
		if (vlen >= outlen)
			return -1;
		memcpy(out, value, vlen);
		out[vlen] = '\0';
		return 0;
	}
	return -1;
}
