/*
** pages.c - the HTML page envelope and template rendering (see pages.h).
*/
#include <string.h>

#include "catalog.h"
#include "html.h"
#include "pages.h"

/* The translation of a template's text in interface language ui (i18n_get). */
static const char *
translate(void *i18n, int ui, const char *msgid)
{
	return i18n_get(i18n, ui, msgid);
}

int
page_translate_templates(struct tmpl_set *templates, const struct i18n *i18n)
{
	return tmpl_set_translate_ahead(templates, UI_NLANG, translate, (void *)i18n);
}

json_t *
page_address_with(const char *path, const json_t *query, const char *param, const char *value)
{
	struct buf b = BUF_INIT;
	const char *key;
	json_t *v, *item, *out;
	size_t i;

	buf_puts(&b, path);
	buf_putc(&b, '?');
	json_object_foreach((json_t *)query, key, v) {
		if (strcmp(key, param) == 0)
			continue;
		for (i = 0; i < (json_is_array(v) ? json_array_size(v) : 1); i++) {
			item = json_is_array(v) ? json_array_get(v, i) : v;
			if (!json_is_string(item))
				continue;
			url_encode(&b, key, strlen(key));
			buf_putc(&b, '=');
			url_encode(&b, json_string_value(item), json_string_length(item));
			buf_putc(&b, '&');
		}
	}
	url_encode(&b, param, strlen(param));
	buf_putc(&b, '=');
	url_encode(&b, value, strlen(value));
	out = buf_failed(&b) ? NULL : json_stringn(b.data, b.len);
	buf_free(&b);
	return out;
}

static json_t *
language_switcher(const struct page_meta *m)
{
	json_t *out = json_array();
	int ui;

	for (ui = 0; out != NULL && ui < UI_NLANG; ui++)
		json_array_append_new(out, json_pack("{sssssosb}", "code", catalog_ui_code(ui),
		    "endonym", catalog_ui_endonym(ui), "href", page_address_with(m->path, m->query,
		    "lang", catalog_ui_code(ui)), "current", ui == m->ui));
	return out;
}

static json_t *
envelope(const struct server *srv, json_t *value, const struct page_meta *m)
{
	const char *code = catalog_ui_code(m->ui);

	return json_pack("{sOsssssbsosososOss*sO*}",
	    "page", value,
	    "lang", code,
	    "dir", catalog_ui_is_rtl(m->ui) ? "rtl" : "ltr",
	    "lang_given", m->lang_given,
	    "lang_suffix", m->lang_given ? json_sprintf("?lang=%s", code) : json_string(""),
	    "lang_amp", m->lang_given ? json_sprintf("&lang=%s", code) : json_string(""),
	    "languages", language_switcher(m),
	    "assets", srv->asset_urls,
	    "csrf", m->csrf,
	    "account", m->account);
}

int
page_render(const struct server *srv, const char *template_name, json_t *value,
    const struct page_meta *meta, struct buf *out)
{
	json_t *ctx = envelope(srv, value, meta);
	int rc;

	if (ctx == NULL)
		return -1;
	rc = tmpl_render_in(srv->templates, template_name, ctx, meta->ui, out);
	json_decref(ctx);
	return rc;
}
