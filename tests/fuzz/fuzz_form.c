/*
** fuzz_form.c - libFuzzer harness for form bodies: any bytes are parsed as an
** application/x-www-form-urlencoded body. A refusal must come with a message and return
** nothing; an accepted body must give an object of at most FORM_MAX_FIELDS strings under
** names of 1..FORM_MAX_KEY bytes, which, encoded again, parses back to an equal object.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "html.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless v is a string of valid UTF-8; add 1 to *count. */
static void
check_string(const json_t *v, size_t *count)
{
	if (!json_is_string(v) || !valid_utf8(json_string_value(v), json_string_length(v)))
		abort();
	(*count)++;
}

/* Append "key=value" encoded, '&' first unless out is empty. */
static void
encode_field(struct buf *out, const char *key, const json_t *v)
{
	if (out->len > 0)
		buf_putc(out, '&');
	url_encode(out, key, strlen(key));
	buf_putc(out, '=');
	url_encode(out, json_string_value(v), json_string_length(v));
}

/* Check the shape of a parsed object and encode it again into out. */
static void
check_and_encode(json_t *obj, struct buf *out)
{
	const char *key;
	json_t *v, *item;
	size_t count = 0, i, klen;

	if (!json_is_object(obj))
		abort();
	json_object_foreach(obj, key, v) {
		klen = strlen(key);
		if (klen == 0 || klen > FORM_MAX_KEY || !valid_utf8(key, klen))
			abort();
		if (!json_is_array(v)) {
			check_string(v, &count);
			encode_field(out, key, v);
			continue;
		}
		if (json_array_size(v) < 2)
			abort();
		json_array_foreach(v, i, item) {
			check_string(item, &count);
			encode_field(out, key, item);
		}
	}
	if (count > FORM_MAX_FIELDS || buf_failed(out))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t sentinel, *obj = &sentinel, *again = NULL;
	struct buf enc = BUF_INIT;
	char err[160] = "";

	if (form_parse((const char *)data, size, &obj, err, sizeof err) != 0) {
		if (obj != &sentinel || err[0] == '\0')
			abort();
		return 0;
	}
	check_and_encode(obj, &enc);
	if (form_parse(enc.data != NULL ? enc.data : "", enc.len, &again, err, sizeof err) != 0 ||
	    !json_equal(obj, again))
		abort();
	json_decref(again);
	json_decref(obj);
	buf_free(&enc);
	return 0;
}
