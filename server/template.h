/*
** template.h - the HTML template engine. Pages are rendered from the same jansson value
** the JSON API returns, through templates kept in client-web/templates/.
**
** The language is a small, logic-less subset in the spirit of mustache, with one rule
** that makes HTML injection impossible by construction: there is no way to output a
** value unescaped. Tags:
**
**   {{path}}          value at path, HTML-escaped. Strings as is; integers in decimal;
**                     reals with up to 15 significant digits (%.15g); true/false as
**                     "true"/"false"; null, missing, arrays and objects print nothing.
**   {{%path}}         value percent-encoded (url_encode) and then HTML-escaped: for
**                     query-string values and path segments inside href attributes.
**   {{#path}}..{{/path}}  section. Array: body once per element, element pushed as the
**                     current context. Object: body once with it pushed. Other truthy
**                     value (true, non-zero number, non-empty string): body once with the
**                     value pushed. Falsy (missing, null, false, 0, "", [], {}): skipped.
**   {{^path}}..{{/path}}  inverted section: body once, when the value is falsy.
**   {{>name}}         include the template called name, rendered in the current context.
**   {{_ text}}        translation: the text after "_ " (trimmed) is passed to the
**                     translate callback; its answer (or the text itself if the callback
**                     is NULL or returns NULL) is HTML-escaped.
**   {{! comment}}     nothing.
**
** Paths: "." is the current context; "a.b.c" looks up a in the innermost context that has
** key a (walking outwards through the section stack, the root last), then b and c inside
** it. Inside an array section, "@index" (0-based), "@number" (1-based), "@first" and
** "@last" name the position of the current element (they may be used as sections too).
** Whitespace inside tags around the path is ignored: {{ name }} == {{name}}.
**
** Decided where the above is silent (template.c follows these):
**   - A path is ".", one of the four @names, or keys of A-Z a-z 0-9 _ - joined by single
**     dots; any other tag contents, "{{{", "{{&", "{{=" and "{{}}" are compile errors.
**     Whitespace may also come before the sigil: {{ #a }} == {{#a}}. A closing tag must
**     repeat the opening tag's path as written (after trimming).
**   - "{{_" starts a translation only when "_" is followed by whitespace ({{_x}} is the
**     path "_x"); empty text is a compile error.
**   - A tag ends at the first "}}"; a "{{" or a NUL byte before it (comments included)
**     is a compile error. Text outside tags is copied byte for byte: no trimming of
**     lines that hold only a section tag, as mustache does.
**   - The @names refer to the innermost enclosing array section, through object sections
**     and includes; outside any array section they name nothing. A section on an @name
**     does not push a context.
**   - Include chains may be at most 32 deep; deeper is a link error, so rendering depth
**     is bounded. tmpl_set_add after tmpl_set_link unlinks the set until the next
**     successful tmpl_set_link; tmpl_render on an unlinked set returns -1.
**   - Messages are "NAME:LINE: what", or "NAME: what" where no line applies (a
**     duplicate name, or memory running out before compiling starts).
**
** Compilation checks balance (every section closed by a matching {{/path}}), tag syntax
** and nesting depth (at most 32); linking checks that every {{>name}} exists and that no
** template includes itself through any chain. Errors give the template name and line.
** Rendering never fails except for out-of-memory, so a compiled set is safe to render
** from many threads at once (it is read-only after tmpl_set_link).
*/
#ifndef SD_TEMPLATE_H
#define SD_TEMPLATE_H

#include <stddef.h>
#include <jansson.h>
#include "buf.h"

struct tmpl_set;

/* Returns the translation of msgid, or NULL to use msgid itself. Must be thread-safe. */
typedef const char *(*tmpl_translate_fn)(void *arg, const char *msgid);

/* New empty set; NULL on OOM. */
struct tmpl_set *tmpl_set_new(void);

/* Compile src[0..len) under name (copied). 0 on success; -1 with a message in
** err[0..errlen) on a syntax error, a duplicate name or OOM; the set is unchanged. */
int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
    char *err, size_t errlen);

/* Resolve includes. 0, or -1 with a message naming the template and the missing or
** cyclic include. Must succeed before tmpl_render is used. */
int tmpl_set_link(struct tmpl_set *set, char *err, size_t errlen);

/* 1 if a template called name exists, else 0. */
int tmpl_set_has(const struct tmpl_set *set, const char *name);

/* Append the rendering of template name with root context ctx to out. translate may be
** NULL. 0 on success; -1 if the template does not exist, the set is not linked or memory
** ran out (out may then hold part of the page). ctx is borrowed, not modified; NULL
** renders like an empty object. */
int tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
    tmpl_translate_fn translate, void *translate_arg, struct buf *out);

/* The translation of msgid in language lang (0 <= lang < the nlang given below), or NULL
** to use msgid itself. */
typedef const char *(*tmpl_lang_translate_fn)(void *arg, int lang, const char *msgid);

/* Translate every {{_ text}} of the set into each of nlang languages now, and keep it
** escaped, so that tmpl_render_in writes it as it is instead of asking for it and
** escaping it at every rendering. Adding a template undoes it: call it again after the
** last tmpl_set_add. 0, or -1 (nothing kept) out of memory or for no language. */
int tmpl_set_translate_ahead(struct tmpl_set *set, int nlang, tmpl_lang_translate_fn fn,
    void *arg);

/* tmpl_render with the {{_ text}} of language lang that tmpl_set_translate_ahead made;
** -1 as well when it made none for lang. */
int tmpl_render_in(const struct tmpl_set *set, const char *name, json_t *ctx, int lang,
    struct buf *out);

void tmpl_set_free(struct tmpl_set *set);

#endif
