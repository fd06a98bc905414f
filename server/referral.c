/*
** referral.c - the referral sheet's list of ids and its text-message version (see
** referral.h). The sheet's state lives in the URL alone: nothing is stored.
*/
#include <string.h>

#include "i18n.h"
#include "referral.h"
#include "validate.h"

#define SMS_MAX_PLACES 2

static int
has_id(const json_t *ids, const char *id, size_t len)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		if (strlen(json_string_value(v)) == len && memcmp(json_string_value(v), id, len) == 0)
			return 1;
	return 0;
}

static int
bad_ids(struct api_error *err, const char *message)
{
	api_error_set(err, 400, "bad_parameter", "%s", message);
	err->param = "ids";
	return -1;
}

/* Add the comma-separated ids of text to ids. */
static int
add_ids(json_t *ids, const char *text, struct api_error *err)
{
	char one[37];
	const char *comma;
	size_t len;

	while (*text != '\0') {
		comma = strchr(text, ',');
		len = comma != NULL ? (size_t)(comma - text) : strlen(text);
		if (len != 36)
			return len == 0 ? bad_ids(err, "ids has an empty item") :
			    bad_ids(err, "ids must be listing ids separated by commas");
		memcpy(one, text, len);
		one[len] = '\0';
		if (!valid_uuid(one))
			return bad_ids(err, "ids must be listing ids separated by commas");
		if (!has_id(ids, one, len)) {
			if (json_array_size(ids) >= REFERRAL_MAX_IDS)
				return bad_ids(err, "a referral sheet holds at most 30 listings");
			json_array_append_new(ids, json_string(one));
		}
		text += len + (comma != NULL);
		if (comma != NULL && *text == '\0')
			return bad_ids(err, "ids has an empty item");
	}
	return 0;
}

int
referral_ids_parse(const json_t *param, json_t **ids, struct api_error *err)
{
	const json_t *v;
	size_t i;

	*ids = json_array();
	if (*ids == NULL) {
		api_error_set(err, 500, "internal", "out of memory");
		return -1;
	}
	if (param == NULL)
		return 0;
	if (json_is_string(param))
		return add_ids(*ids, json_string_value(param), err);
	if (!json_is_array(param))
		return bad_ids(err, "ids must be listing ids separated by commas");
	json_array_foreach(param, i, v) {
		if (!json_is_string(v))
			return bad_ids(err, "ids must be listing ids separated by commas");
		if (add_ids(*ids, json_string_value(v), err) != 0)
			return -1;
	}
	return 0;
}

int
referral_ids_join(const json_t *ids, struct buf *out)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v) {
		if (i > 0)
			buf_putc(out, ',');
		buf_puts(out, json_string_value(v));
	}
	return buf_failed(out) ? -1 : 0;
}

static const char *
text_or_empty(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The text of a translated value {"text", "lang", "fallback"}, or NULL. */
static const char *
text_of(const json_t *translated)
{
	return json_string_value(json_object_get(translated, "text"));
}

/* "Neighbourhood, City" of a location, as far as it is known. */
static void
put_area(struct buf *out, const json_t *loc)
{
	const char *hood = json_string_value(json_object_get(loc, "neighbourhood"));
	const char *city = json_string_value(json_object_get(loc, "city"));

	if (hood != NULL)
		buf_printf(out, "%s%s", hood, city != NULL ? ", " : "");
	if (city != NULL)
		buf_puts(out, city);
}

static void
put_place(struct buf *out, const json_t *loc, const struct view_context *vl)
{
	const char *address = json_string_value(json_object_get(loc, "address"));
	const char *postal = json_string_value(json_object_get(loc, "postal_code"));
	const json_t *phone = json_array_get(json_object_get(loc, "phones"), 0);

	if (json_is_true(json_object_get(loc, "confidential"))) {
		put_area(out, loc);
		buf_printf(out, " – %s\n", i18n_get(vl->i18n, vl->ui,
		    "Address kept confidential — call first."));
	} else if (address != NULL) {
		buf_puts(out, address);
		if (json_string_value(json_object_get(loc, "city")) != NULL)
			buf_printf(out, ", %s", json_string_value(json_object_get(loc, "city")));
		if (postal != NULL)
			buf_printf(out, " %s", postal);
		buf_putc(out, '\n');
	} else if (json_object_get(loc, "neighbourhood") != NULL ||
	    json_object_get(loc, "city") != NULL) {
		put_area(out, loc);
		buf_putc(out, '\n');
	}
	if (phone != NULL)
		buf_printf(out, "%s %s\n", i18n_get(vl->i18n, vl->ui, "Tel.:"),
		    text_or_empty(json_object_get(phone, "number")));
}

static void
put_organization(struct buf *out, const json_t *org, const struct view_context *vl)
{
	const json_t *locations = json_object_get(org, "locations"), *loc;
	const json_t *fees = json_object_get(org, "fees");
	const char *fee_id = json_string_value(json_object_get(fees, "id"));
	int no_id = json_is_true(json_object_get(org, "no_id_needed"));
	size_t i;

	buf_printf(out, "%s\n", text_or_empty(json_object_get(org, "name")));
	json_array_foreach(locations, i, loc) {
		if (i == SMS_MAX_PLACES)
			break;
		if (i > 0 && text_of(json_object_get(loc, "name")) != NULL)
			buf_printf(out, "%s: ", text_of(json_object_get(loc, "name")));
		put_place(out, loc, vl);
	}
	if (no_id)
		buf_puts(out, i18n_get(vl->i18n, vl->ui, "No ID needed"));
	if (fee_id != NULL && strcmp(fee_id, "free") == 0)
		buf_printf(out, "%s%s", no_id ? " · " : "",
		    json_string_value(json_object_get(fees, "label")));
	else if (!no_id)
		return;
	buf_putc(out, '\n');
}

int
referral_sms(const json_t *details, const struct view_context *vl, struct buf *out)
{
	const json_t *org;
	size_t i;

	json_array_foreach(details, i, org) {
		if (i > 0)
			buf_putc(out, '\n');
		put_organization(out, org, vl);
	}
	return buf_failed(out) ? -1 : 0;
}
