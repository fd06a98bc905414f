/*
** form.c - application/x-www-form-urlencoded bodies to a JSON object (see form.h). The
** body is split on '&', each field on its first '=', and both halves are decoded into
** one scratch buffer and checked before anything is added to the object.
*/
#include "form.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

#define FORM_STR(x)  #x
#define FORM_XSTR(x) FORM_STR(x)

/* One field being parsed: its position for messages and where to report. */
struct form_ctx {
	json_t *obj;    /* the object being built */
	char   *buf;    /* scratch: decoded key, NUL, decoded value */
	size_t  index;  /* 1-based position among the non-empty fields */
	char   *err;
	size_t  errlen;
};

static int
form_fail(const struct form_ctx *c, const char *what)
{
	if (c->err != NULL && c->errlen > 0)
		snprintf(c->err, c->errlen, "field %zu: %s", c->index, what);
	return -1;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode raw[0..len) into out ('+' a space, %XX a byte); *outlen gets the decoded length,
** at most len. 0, or -1 on a '%' not followed by two hex digits. */
static int
form_decode(const char *raw, size_t len, char *out, size_t *outlen)
{
	size_t i, n = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (raw[i] == '+') {
			out[n++] = ' ';
		} else if (raw[i] != '%') {
			out[n++] = raw[i];
		} else {
			if (len - i < 3 || (hi = hex_value(raw[i + 1])) < 0 ||
			    (lo = hex_value(raw[i + 2])) < 0)
				return -1;
			out[n++] = (char)(hi * 16 + lo);
			i += 2;
		}
	}
	*outlen = n;
	return 0;
}

/* obj[key] = value, or appended to what key already holds. 0, or -1 on OOM. */
static int
form_add(json_t *obj, const char *key, const char *value, size_t vlen)
{
	json_t *v = json_stringn(value, vlen), *old, *arr;

	if (v == NULL)
		return -1;
	old = json_object_get(obj, key);
	if (old == NULL)
		return json_object_set_new(obj, key, v);
	if (json_is_array(old))
		return json_array_append_new(old, v);
	arr = json_array();
	if (arr == NULL || json_array_append(arr, old) != 0 || json_array_append_new(arr, v) != 0) {
		json_decref(arr);
		if (arr == NULL)
			json_decref(v);
		return -1;
	}
	return json_object_set_new(obj, key, arr);
}

/* Decode, check and add the field raw[0..len), which is not empty. 0, or -1 with err. */
static int
form_field(struct form_ctx *c, const char *raw, size_t len)
{
	const char *eq = memchr(raw, '=', len);
	size_t rawkey = eq != NULL ? (size_t)(eq - raw) : len;
	size_t keylen, vlen = 0;
	char *value;

	if (form_decode(raw, rawkey, c->buf, &keylen) != 0)
		return form_fail(c, "invalid percent escape");
	c->buf[keylen] = '\0';
	value = c->buf + keylen + 1;
	if (eq != NULL && form_decode(eq + 1, len - rawkey - 1, value, &vlen) != 0)
		return form_fail(c, "invalid percent escape");
	if (keylen == 0)
		return form_fail(c, "empty name");
	if (keylen > FORM_MAX_KEY)
		return form_fail(c, "name longer than " FORM_XSTR(FORM_MAX_KEY) " bytes");
	if (!valid_utf8(c->buf, keylen))
		return form_fail(c, "the name is not valid UTF-8 or contains NUL");
	if (!valid_utf8(value, vlen))
		return form_fail(c, "the value is not valid UTF-8 or contains NUL");
	if (form_add(c->obj, c->buf, value, vlen) != 0)
		return form_fail(c, "out of memory");
	return 0;
}

/* Every field of body[0..len) into c->obj. 0, or -1 with err. */
static int
form_fields(struct form_ctx *c, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *amp;
	size_t n;

	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		n = (size_t)((amp != NULL ? amp : end) - p);
		if (n > 0) {
			if (++c->index > FORM_MAX_FIELDS) {
				if (c->err != NULL && c->errlen > 0)
					snprintf(c->err, c->errlen, "more than %d fields",
					    FORM_MAX_FIELDS);
				return -1;
			}
			if (form_field(c, p, n) != 0)
				return -1;
		}
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	return 0;
}

int
form_parse(const char *body, size_t len, json_t **out, char *err, size_t errlen)
{
	struct form_ctx c = { NULL, NULL, 0, err, errlen };
	int rc;

	if ((body == NULL && len > 0) || len == SIZE_MAX) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, body == NULL ? "no body" : "the body is too large");
		return -1;
	}
	c.obj = json_object();
	c.buf = malloc(len + 1);
	if (c.obj == NULL || c.buf == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "out of memory");
		rc = -1;
	} else {
		rc = len > 0 ? form_fields(&c, body, len) : 0;
	}
	free(c.buf);
	if (rc != 0)
		json_decref(c.obj);
	else
		*out = c.obj;
	return rc;
}
