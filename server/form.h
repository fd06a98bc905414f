/*
** form.h - bodies of HTML form submissions (application/x-www-form-urlencoded) turned
** into the same JSON object server/http.c makes of a query string, so that the handlers
** and the validators read both the same way.
*/
#ifndef SD_FORM_H
#define SD_FORM_H

#include <stddef.h>
#include <jansson.h>

#define FORM_MAX_FIELDS 3000  /* more than a 64 KiB body can hold of the editor's form */
#define FORM_MAX_KEY 200

/* Parse body[0..len) (body may be NULL when len is 0) into *out: a new object, key ->
** string, a repeated key -> array of its strings in order. Fields are separated by '&';
** empty ones ("a=1&&b=2") are skipped; a field without '=' has the value "". In keys and
** values '+' is a space and %XX a byte (two hex digits, either case; any other '%' is an
** error). After decoding, keys and values must be valid UTF-8 without NUL (see
** valid_utf8), a key 1..FORM_MAX_KEY bytes; at most FORM_MAX_FIELDS fields. An empty body
** gives an empty object. 0; or -1 with a message for people in err, naming the field by
** its position among the non-empty ones ("field 3: invalid percent escape"), and *out
** untouched. The caller owns *out. */
int form_parse(const char *body, size_t len, json_t **out, char *err, size_t errlen);

#endif
