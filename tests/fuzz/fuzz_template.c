/*
** fuzz_template.c - libFuzzer harness for the template engine (server/template.c).
**
** The input is split at NUL bytes into up to four templates named t0..t3. Each is
** compiled; if every one compiles and the set links, t0 is rendered against a small
** fixed context, with and without a translate callback, and with the same translations
** made ahead (tmpl_set_translate_ahead), which must give the same bytes. Beyond not
** crashing or leaking, it checks that every error message names a template, and that a
** rendering never writes a raw '<' from the context (the only '<' bytes come from
** template text).
**
** Build (clang):
**   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iserver \
**       tests/fuzz/fuzz_template.c server/template.c server/html.c server/buf.c \
**       $(pkg-config --cflags --libs jansson) -o fuzz_template
**   ./fuzz_template -max_total_time=60 tests/fuzz/corpus/template
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"

#define FUZZ_MAX_TMPL 4  /* templates taken from one input */
#define FUZZ_MAX_TAGS 12 /* render only inputs with at most this many "{{" */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Values of every kind; strings hold the characters that must be escaped. No '<'
** reaches the output from here except escaped, which render_checked relies on. */
static const char fuzz_context[] =
	"{\"name\":\"<b>&\\\"'\\u202e\",\"n\":42,\"r\":1.5,\"t\":true,\"f\":false,"
	"\"z\":null,\"e\":\"\",\"zero\":0,\"empty\":[],\"eobj\":{},"
	"\"items\":[{\"name\":\"a<\",\"url\":\"x y\"},{\"name\":\"b\",\"n\":0}],"
	"\"o\":{\"a\":{\"b\":\"c<\"},\"list\":[1,\"<\"]}}";

static const char *
fuzz_translate(void *arg, const char *msgid)
{
	(void)arg;
	if (strcmp(msgid, "Hello") == 0)
		return "<Bonjour & 'x'>";
	return NULL;
}

/* fuzz_translate in language 0, no translation in language 1. */
static const char *
fuzz_translate_ahead(void *arg, int lang, const char *msgid)
{
	return lang == 0 ? fuzz_translate(arg, msgid) : NULL;
}

/* An error message must start with a template name t0..t3 and a colon. */
static void
check_error(const char *err)
{
	if (err[0] != 't' || err[1] < '0' || err[1] > '3' || err[2] != ':')
		abort();
}

static size_t
count_tags(const uint8_t *data, size_t size)
{
	size_t i, n;

	n = 0;
	for (i = 0; i + 1 < size; i++)
		if (data[i] == '{' && data[i + 1] == '{')
			n++;
	return n;
}

/* Count '<' bytes in s[0..len). */
static size_t
count_lt(const char *s, size_t len)
{
	size_t i, n;

	n = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '<')
			n++;
	return n;
}

/* Render t0. When the input holds no '<', neither may the output: every '<' in the
** context or in a translation must come out escaped. */
static void
render_checked(const struct tmpl_set *set, json_t *ctx, tmpl_translate_fn fn,
    size_t lt_in_source)
{
	struct buf out = BUF_INIT;

	if (tmpl_render(set, "t0", ctx, fn, NULL, &out) != 0)
		abort(); /* rendering fails only when memory runs out */
	if (lt_in_source == 0 && count_lt(out.data, out.len) != 0)
		abort();
	buf_free(&out);
}

/* Rendering t0 with the translations made ahead in language lang gives the bytes the
** callback fn gives. */
static void
render_ahead_checked(const struct tmpl_set *set, json_t *ctx, int lang, tmpl_translate_fn fn)
{
	struct buf ahead = BUF_INIT, called = BUF_INIT;

	if (tmpl_render_in(set, "t0", ctx, lang, &ahead) != 0 ||
	    tmpl_render(set, "t0", ctx, fn, NULL, &called) != 0 || ahead.len != called.len ||
	    memcmp(ahead.data, called.data, ahead.len) != 0)
		abort();
	buf_free(&ahead);
	buf_free(&called);
}

/* Add the templates; 0 if all compiled. */
static int
add_all(struct tmpl_set *set, const uint8_t *data, size_t size)
{
	static const char *const names[FUZZ_MAX_TMPL] = { "t0", "t1", "t2", "t3" };
	const uint8_t *end;
	char err[128];
	size_t len;
	int i;

	for (i = 0; i < FUZZ_MAX_TMPL && size > 0; i++) {
		end = memchr(data, '\0', size);
		len = end != NULL ? (size_t)(end - data) : size;
		if (tmpl_set_add(set, names[i], (const char *)data, len, err,
		    sizeof(err)) != 0) {
			check_error(err);
			return -1;
		}
		if (!tmpl_set_has(set, names[i]))
			abort();
		data += len;
		size -= len;
		if (size > 0) {
			data++;
			size--;
		}
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set *set;
	json_t *ctx;
	char err[128];

	set = tmpl_set_new();
	if (set == NULL)
		return 0;
	if (add_all(set, data, size) != 0 || !tmpl_set_has(set, "t0"))
		goto done;
	if (tmpl_set_link(set, err, sizeof(err)) != 0) {
		check_error(err);
		goto done;
	}
	if (count_tags(data, size) > FUZZ_MAX_TAGS)
		goto done;
	ctx = json_loads(fuzz_context, 0, NULL);
	if (ctx == NULL)
		abort();
	render_checked(set, ctx, fuzz_translate, count_lt((const char *)data, size));
	render_checked(set, ctx, NULL, count_lt((const char *)data, size));
	render_checked(set, NULL, NULL, count_lt((const char *)data, size));
	if (tmpl_set_translate_ahead(set, 2, fuzz_translate_ahead, NULL) == 0) {
		render_ahead_checked(set, ctx, 0, fuzz_translate);
		render_ahead_checked(set, ctx, 1, NULL);
	}
	json_decref(ctx);
done:
	tmpl_set_free(set);
	return 0;
}
