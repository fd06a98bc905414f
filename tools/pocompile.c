/*
** pocompile.c - build-time compiler of the interface catalogs. It reads CODE.po files
** with server/po.c (the reader the unit tests and the fuzzer check) and writes:
**
**   languages.h  one UI_XX constant per interface language, UI_NLANG, and the list of
**                codes for messages (UI_CODES_TEXT);
**   catalogs.c   per language its code, endonym, direction, its translations as (key,
**                text) pairs sorted by key, and the slots that find a key by its hash
**                (see i18n_table.h and i18n_hash.h).
**
**   pocompile OUT/languages.h OUT/catalogs.c CODE.po...
**
** English is the source language: it has no catalog and is added here. The languages
** are ordered by code, whatever the order of the arguments, so the constants do not
** depend on which catalog came first. Each catalog's header names its language:
** "Language: CODE" (equal to the file name), "X-Language-Name: " (its own name for
** itself) and "X-Text-Direction: ltr" or "rtl". Fuzzy entries, plural entries and
** empty translations are left out. Any problem stops with "file:line: problem" on
** stderr, exit status 1, and no output written.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n_hash.h"
#include "po.h"
#include "utf8.h"

#define MAX_PO_BYTES (16L * 1024 * 1024)

struct message {
	char       *key;   /* msgid, or msgctxt "\004" msgid */
	const char *text;  /* the translation (owned by the catalog) */
};

struct language {
	const char       *file;         /* the .po file, NULL for English */
	char              code[4];      /* 2 or 3 lowercase letters */
	char              endonym[128]; /* X-Language-Name */
	int               rtl;          /* X-Text-Direction: rtl */
	struct po_catalog po;           /* the parsed catalog */
	struct message   *messages;     /* kept entries, sorted by key */
	size_t            count;
	uint16_t         *slots;        /* index + 1 of the entry found there, 0: empty */
	size_t            nslots;       /* a power of two, at least 2 * count */
};

struct compiler {
	struct language *langs;
	size_t           count;
	char             err[600];
};

/* A 2- or 3-letter lowercase code. */
static int
valid_code(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || len > 3)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

static int
valid_utf8(const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;

	for (; len > 0; s += n, len -= n)
		if ((n = utf8_decode((const unsigned char *)s, len, &cp)) == 0)
			return 0;
	return 1;
}

/* The whole file in a new NUL-terminated buffer; NULL with a message. */
static char *
read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *in = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192], *text;
	size_t n;

	if (in == NULL) {
		snprintf(err, errlen, "%s: cannot be opened", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0 && (long)b.len <= MAX_PO_BYTES)
		buf_append(&b, chunk, n);
	if (ferror(in) || buf_failed(&b) || (long)b.len > MAX_PO_BYTES) {
		snprintf(err, errlen, "%s: cannot be read (or larger than %ld bytes)", path, MAX_PO_BYTES);
		fclose(in);
		buf_free(&b);
		return NULL;
	}
	fclose(in);
	text = buf_detach(&b, len);  /* a buf's data is always NUL-terminated */
	if (text == NULL)
		snprintf(err, errlen, "out of memory");
	return text;
}

/* The language code a file's name gives ("client-web/i18n/fr.po" -> "fr"). */
static int
code_of_file(const char *path, char *code, size_t codelen, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n < 3 || strcmp(base + n - 3, ".po") != 0 || !valid_code(base, n - 3) ||
	    n - 3 >= codelen) {
		snprintf(err, errlen, "%s:1: the file must be named CODE.po, CODE being the "
		    "language's 2- or 3-letter lowercase code", path);
		return -1;
	}
	memcpy(code, base, n - 3);
	code[n - 3] = '\0';
	return 0;
}

/* One header field, which must be there. */
static int
header_field(const struct language *l, const struct po_entry *h, const char *name, char *out,
    size_t outlen, char *err, size_t errlen)
{
	if (po_header_field(h->msgstr, name, out, outlen) != 0 || out[0] == '\0') {
		snprintf(err, errlen, "%s:%d: the header needs a \"%s:\" field (see client-web/README.md)",
		    l->file, h->line, name);
		return -1;
	}
	return 0;
}

/* The language's code, name and direction from the catalog's header. */
static int
read_header(struct language *l, char *err, size_t errlen)
{
	const struct po_entry *h = po_header(&l->po);
	char code[16], direction[16];

	if (h == NULL) {
		snprintf(err, errlen, "%s:1: no header entry (msgid \"\" with the Language: field)", l->file);
		return -1;
	}
	if (header_field(l, h, "Language", code, sizeof code, err, errlen) != 0 ||
	    header_field(l, h, "X-Language-Name", l->endonym, sizeof l->endonym, err, errlen) != 0 ||
	    header_field(l, h, "X-Text-Direction", direction, sizeof direction, err, errlen) != 0)
		return -1;
	if (strcmp(code, l->code) != 0) {
		snprintf(err, errlen, "%s:%d: \"Language: %s\" does not match the file name (%s.po)",
		    l->file, h->line, code, l->code);
		return -1;
	}
	if (strcmp(code, "en") == 0) {
		snprintf(err, errlen, "%s:%d: English is the source language (the msgids): it has no catalog",
		    l->file, h->line);
		return -1;
	}
	if (!valid_utf8(l->endonym) || strpbrk(l->endonym, "\t\r\n\"\\") != NULL) {
		snprintf(err, errlen, "%s:%d: X-Language-Name must be a plain UTF-8 name", l->file, h->line);
		return -1;
	}
	if (strcmp(direction, "ltr") != 0 && strcmp(direction, "rtl") != 0) {
		snprintf(err, errlen, "%s:%d: X-Text-Direction must be ltr or rtl, not \"%.20s\"",
		    l->file, h->line, direction);
		return -1;
	}
	l->rtl = strcmp(direction, "rtl") == 0;
	return 0;
}

static int
cmp_message(const void *a, const void *b)
{
	return strcmp(((const struct message *)a)->key, ((const struct message *)b)->key);
}

/* The entries a server would use: not the header, not fuzzy, translated. */
static int
keep_messages(struct language *l, char *err, size_t errlen)
{
	const struct po_entry *e;
	size_t i;

	l->messages = calloc(l->po.count + 1, sizeof *l->messages);
	if (l->messages == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < l->po.count; i++) {
		e = &l->po.entries[i];
		if ((e->ctxt == NULL && e->msgid[0] == '\0') || e->fuzzy || e->msgstr[0] == '\0')
			continue;
		if (!valid_utf8(e->msgid) || !valid_utf8(e->msgstr) || (e->ctxt && !valid_utf8(e->ctxt))) {
			snprintf(err, errlen, "%s:%d: this entry is not valid UTF-8", l->file, e->line);
			return -1;
		}
		if (strchr(e->msgid, '\004') != NULL || (e->ctxt && strchr(e->ctxt, '\004') != NULL)) {
			snprintf(err, errlen, "%s:%d: byte 4 separates msgctxt from msgid: it cannot be in them",
			    l->file, e->line);
			return -1;
		}
		l->messages[l->count].text = e->msgstr;
		if (e->ctxt == NULL)
			l->messages[l->count].key = strdup(e->msgid);
		else if ((l->messages[l->count].key = malloc(strlen(e->ctxt) + strlen(e->msgid) + 2)) != NULL)
			sprintf(l->messages[l->count].key, "%s\004%s", e->ctxt, e->msgid);
		if (l->messages[l->count++].key == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	qsort(l->messages, l->count, sizeof *l->messages, cmp_message);
	return 0;
}

/* Place each kept entry in the slots, by its key's hash (open addressing, i18n_table.h). */
static int
place_keys(struct language *l, char *err, size_t errlen)
{
	size_t k, at;

	if (l->count >= UINT16_MAX) {
		snprintf(err, errlen, "%s:1: more than %u translations", l->file, UINT16_MAX - 1);
		return -1;
	}
	for (l->nslots = 2; l->nslots < 2 * l->count; l->nslots *= 2)
		;
	if ((l->slots = calloc(l->nslots, sizeof *l->slots)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (k = 0; k < l->count; k++) {
		at = i18n_hash_more(I18N_HASH_SEED, l->messages[k].key) & (l->nslots - 1);
		while (l->slots[at] != 0)
			at = (at + 1) & (l->nslots - 1);
		l->slots[at] = (uint16_t)(k + 1);
	}
	return 0;
}

static int
load_catalog(struct language *l, const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text;
	int rc;

	l->file = path;
	if (code_of_file(path, l->code, sizeof l->code, err, errlen) != 0 ||
	    (text = read_file(path, &len, err, errlen)) == NULL)
		return -1;
	rc = po_parse(path, text, len, &l->po, err, errlen);
	free(text);
	if (rc == 0)
		rc = read_header(l, err, errlen);
	if (rc == 0)
		rc = keep_messages(l, err, errlen);
	if (rc == 0)
		rc = place_keys(l, err, errlen);
	return rc;
}

static int
cmp_language(const void *a, const void *b)
{
	return strcmp(((const struct language *)a)->code, ((const struct language *)b)->code);
}

/* English and every catalog, sorted by code; two catalogs of one language are an error. */
static int
load_all(struct compiler *c, char **paths, int n)
{
	size_t i;
	int k;

	c->langs = calloc((size_t)n + 1, sizeof *c->langs);
	if (c->langs == NULL) {
		snprintf(c->err, sizeof c->err, "out of memory");
		return -1;
	}
	snprintf(c->langs[0].code, sizeof c->langs[0].code, "en");
	snprintf(c->langs[0].endonym, sizeof c->langs[0].endonym, "English");
	c->count = 1;
	for (k = 0; k < n; k++)
		if (load_catalog(&c->langs[c->count++], paths[k], c->err, sizeof c->err) != 0)
			return -1;
	qsort(c->langs, c->count, sizeof *c->langs, cmp_language);
	for (i = 1; i < c->count; i++)
		if (strcmp(c->langs[i - 1].code, c->langs[i].code) == 0) {
			snprintf(c->err, sizeof c->err, "%s:1: a second catalog for \"%s\"",
			    c->langs[i].file ? c->langs[i].file : c->langs[i - 1].file, c->langs[i].code);
			return -1;
		}
	return 0;
}

/* s as the inside of a C string literal: quotes, backslashes and control bytes escaped
** (three-digit octal, so a following digit cannot extend them), and no "??" (which
** -std=c11 would read as the start of a trigraph). UTF-8 goes through as it is. */
static void
put_c_string(struct buf *b, const char *s)
{
	int after_question = 0;

	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f || (c == '?' && after_question))
			buf_printf(b, "\\%03o", c);
		else
			buf_putc(b, (char)c);
		after_question = c == '?' && !after_question;
	}
	buf_putc(b, '"');
}

static void
put_upper(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, (char)(*s - 'a' + 'A'));
}

static void
write_header(const struct compiler *c, struct buf *b)
{
	size_t i;

	buf_puts(b, "/*\n** languages.h - written by tools/pocompile from the catalogs of client-web/i18n;\n"
	    "** do not edit. The interface languages in the order of their codes: English, the\n"
	    "** source language, and one per CODE.po catalog.\n*/\n"
	    "#ifndef SD_LANGUAGES_H\n#define SD_LANGUAGES_H\n\nenum {\n");
	for (i = 0; i < c->count; i++) {
		buf_puts(b, "\tUI_");
		put_upper(b, c->langs[i].code);
		buf_printf(b, " = %zu,\n", i);
	}
	buf_printf(b, "\tUI_NLANG = %zu\n};\n\n/* The codes, for messages. */\n#define UI_CODES_TEXT \"", c->count);
	for (i = 0; i < c->count; i++)
		buf_printf(b, "%s%s", i > 0 ? ", " : "", c->langs[i].code);
	buf_puts(b, "\"\n\n#endif\n");
}

/* The language's slots, sixteen to a line. */
static void
put_slots(struct buf *b, const struct language *l)
{
	size_t k;

	buf_printf(b, "static const uint16_t slots_%s[%zu] = {", l->code, l->nslots);
	for (k = 0; k < l->nslots; k++)
		buf_printf(b, "%s%u,", k % 16 == 0 ? "\n\t" : " ", (unsigned)l->slots[k]);
	buf_puts(b, "\n};\n");
}

static void
write_source(const struct compiler *c, struct buf *b)
{
	const struct language *l;
	size_t i, k;

	buf_puts(b, "/*\n** catalogs.c - written by tools/pocompile from the catalogs of client-web/i18n;\n"
	    "** do not edit. Each language's translations, sorted by key, and their slots (see\n"
	    "** i18n_table.h).\n*/\n"
	    "#include \"i18n_table.h\"\n");
	for (i = 0; i < c->count; i++) {
		l = &c->langs[i];
		if (l->count == 0)
			continue;
		buf_printf(b, "\n/* %s.po */\nstatic const struct i18n_message messages_%s[] = {\n", l->code,
		    l->code);
		for (k = 0; k < l->count; k++) {
			buf_puts(b, "\t{ ");
			put_c_string(b, l->messages[k].key);
			buf_puts(b, ", ");
			put_c_string(b, l->messages[k].text);
			buf_puts(b, " },\n");
		}
		buf_puts(b, "};\n");
		put_slots(b, l);
	}
	buf_puts(b, "\nconst struct i18n_language i18n_languages[UI_NLANG] = {\n");
	for (i = 0; i < c->count; i++) {
		l = &c->langs[i];
		buf_printf(b, "\t{ \"%s\", ", l->code);
		put_c_string(b, l->endonym);
		if (l->count > 0)
			buf_printf(b, ", %d, messages_%s, %zu, slots_%s, %zu },\n", l->rtl, l->code,
			    l->count, l->code, l->nslots);
		else
			buf_printf(b, ", %d, NULL, 0, NULL, 0 },\n", l->rtl);
	}
	buf_puts(b, "};\n");
}

/* Write b to path through a temporary file, so a failure leaves no half-written output. */
static int
write_file(const char *path, const struct buf *b)
{
	char tmp[4096];
	FILE *out;
	int ok;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp ||
	    (out = fopen(tmp, "wb")) == NULL) {
		fprintf(stderr, "pocompile: cannot write %s\n", path);
		return -1;
	}
	ok = fwrite(b->data, 1, b->len, out) == b->len;
	ok = (fclose(out) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		remove(tmp);
		fprintf(stderr, "pocompile: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

static void
free_compiler(struct compiler *c)
{
	size_t i, k;

	for (i = 0; c->langs != NULL && i < c->count; i++) {
		for (k = 0; k < c->langs[i].count; k++)
			free(c->langs[i].messages[k].key);
		free(c->langs[i].messages);
		free(c->langs[i].slots);
		po_catalog_free(&c->langs[i].po);
	}
	free(c->langs);
}

int
main(int argc, char **argv)
{
	struct compiler c;
	struct buf header = BUF_INIT, source = BUF_INIT;
	int rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: pocompile OUT/languages.h OUT/catalogs.c CODE.po...\n");
		return 2;
	}
	memset(&c, 0, sizeof c);
	if (load_all(&c, argv + 3, argc - 3) != 0) {
		fprintf(stderr, "%s\n", c.err);
		goto done;
	}
	write_header(&c, &header);
	write_source(&c, &source);
	if (buf_failed(&header) || buf_failed(&source)) {
		fprintf(stderr, "pocompile: out of memory\n");
		goto done;
	}
	if (write_file(argv[1], &header) == 0 && write_file(argv[2], &source) == 0)
		rc = 0;
done:
	buf_free(&header);
	buf_free(&source);
	free_compiler(&c);
	return rc;
}
