/*
** po.h - the reader of gettext .po catalogs, on its own so that the build-time compiler
** (tools/pocompile.c) and the fuzz harness use the very code the tests check. It reads
** the subset translators' tools write: comments and "#," flags, msgctxt, msgid,
** msgid_plural, msgstr, msgstr[N], strings continued on the next lines, and the escapes
** \n \t \r \" \\. It knows nothing of languages or of the server.
*/
#ifndef SD_PO_H
#define SD_PO_H

#include <stddef.h>

/* One entry of a catalog. Plural entries are read (their syntax is checked) but not kept. */
struct po_entry {
	char *ctxt;    /* msgctxt, or NULL when the entry has none */
	char *msgid;   /* the source text; "" for the header entry */
	char *msgstr;  /* the translation; "" when untranslated */
	int   fuzzy;   /* marked "#, fuzzy": a guess a translator has not confirmed */
	int   line;    /* line of its msgid, for messages */
};

struct po_catalog {
	struct po_entry *entries;  /* in file order */
	size_t           count;
};

/* Read the catalog text[0..len), named name in messages, into *out (which the caller
** then owns and frees with po_catalog_free). 0, or -1 with "name:line: problem" in err
** and *out empty. An entry repeated (same msgctxt and msgid) is an error. */
int po_parse(const char *name, const char *text, size_t len, struct po_catalog *out,
    char *err, size_t errlen);

void po_catalog_free(struct po_catalog *c);

/* The header entry (msgid "" without msgctxt), or NULL. */
const struct po_entry *po_header(const struct po_catalog *c);

/* Copy the value of the header field name ("Language") from a header's msgstr, whose
** lines are "Name: value", into out, trimmed. 0, or -1 when the field is absent or its
** value does not fit. */
int po_header_field(const char *header, const char *name, char *out, size_t outlen);

#endif
