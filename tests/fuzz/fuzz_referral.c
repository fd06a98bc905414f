/*
** fuzz_referral.c - libFuzzer harness for the referral sheet's ids= parameter: any bytes
** are given as one string value, and, split at each NUL, as an array of strings (a form's
** repeated field). Each must be refused with a 400 naming ids, or give at most
** REFERRAL_MAX_IDS distinct listing ids that, joined again, parse back the same.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "referral.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless ids holds at most REFERRAL_MAX_IDS distinct lower-case UUIDs. */
static void
check_ids(const json_t *ids)
{
	size_t i, j;

	if (!json_is_array(ids) || json_array_size(ids) > REFERRAL_MAX_IDS)
		abort();
	for (i = 0; i < json_array_size(ids); i++) {
		const char *id = json_string_value(json_array_get(ids, i));

		if (id == NULL || strlen(id) != 36 || !valid_uuid(id))
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(id, json_string_value(json_array_get(ids, j))) == 0)
				abort();
	}
}

/* Parse param and check the outcome; an accepted list must survive join and parse. */
static void
check_param(const json_t *param)
{
	struct api_error err;
	struct buf joined = BUF_INIT;
	json_t *ids = NULL, *str, *again = NULL;

	memset(&err, 0, sizeof err);
	if (referral_ids_parse(param, &ids, &err) != 0) {
		if (ids == NULL || err.status != 400 || err.param == NULL ||
		    strcmp(err.param, "ids") != 0 || err.message[0] == '\0')
			abort();
		json_decref(ids);
		return;
	}
	check_ids(ids);
	if (referral_ids_join(ids, &joined) != 0)
		abort();
	str = json_string(joined.data != NULL ? joined.data : "");
	if (str == NULL || referral_ids_parse(str, &again, &err) != 0 || !json_equal(ids, again))
		abort();
	json_decref(again);
	json_decref(str);
	buf_free(&joined);
	json_decref(ids);
}

/* The bytes split at each NUL, as an array of strings. */
static json_t *
split_at_nul(const uint8_t *data, size_t size)
{
	json_t *arr = json_array();
	size_t start = 0, i;

	for (i = 0; arr != NULL && i <= size; i++)
		if (i == size || data[i] == '\0') {
			json_array_append_new(arr,
			    json_stringn_nocheck((const char *)data + start, i - start));
			start = i + 1;
		}
	return arr;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *one = json_stringn_nocheck((const char *)data, size), *many;

	if (one != NULL)
		check_param(one);
	json_decref(one);
	many = split_at_nul(data, size);
	if (many != NULL)
		check_param(many);
	json_decref(many);
	return 0;
}
