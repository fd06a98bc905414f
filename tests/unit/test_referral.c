/*
** test_referral.c - referral.h: the ids= parameter as a string, an array of strings or
** both, with repeats dropped in order, the limit of REFERRAL_MAX_IDS, and every malformed
** form refused with a 400 naming ids; joining ids back; and the text-message version of a
** sheet in English and French: names, addresses, phones, the confidential-address note in
** place of an address, "No ID needed" and free, and no links.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "i18n.h"
#include "referral.h"
#include "view.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define ID_A "0a1b2c3d-0000-4000-8000-00000000000a"
#define ID_B "0a1b2c3d-0000-4000-8000-00000000000b"
#define ID_C "0a1b2c3d-0000-4000-8000-00000000000c"

/* The n-th of many distinct ids. */
static void
nth_id(char out[37], unsigned n)
{
	snprintf(out, 37, "%08x-1111-4222-8333-%012x", n * 2654435761u, n);
}

/* Fail unless param (JSON text, or NULL for no parameter) parses to the array want. */
static void
expect_ids(const char *param_json, const char *want)
{
	json_t *param = param_json ? json_loads(param_json, JSON_DECODE_ANY, NULL) : NULL;
	json_t *expected = json_loads(want, 0, NULL), *ids = NULL;
	struct api_error err;
	char *text;

	assert_true(param_json == NULL || param != NULL);
	assert_non_null(expected);
	memset(&err, 0, sizeof err);
	if (referral_ids_parse(param, &ids, &err) != 0)
		fail_msg("%s: %s", param_json ? param_json : "(none)", err.message);
	if (!json_equal(ids, expected)) {
		text = json_dumps(ids, JSON_COMPACT);
		fail_msg("%s gave %s, want %s", param_json ? param_json : "(none)", text, want);
	}
	json_decref(ids);
	json_decref(expected);
	json_decref(param);
}

/* Fail unless param is refused with a 400 naming ids; *ids must still be set. */
static void
expect_refused_value(json_t *param, const char *what)
{
	struct api_error err;
	json_t *ids = NULL;

	memset(&err, 0, sizeof err);
	if (referral_ids_parse(param, &ids, &err) != -1)
		fail_msg("accepted %s", what);
	assert_non_null(ids);
	assert_true(json_is_array(ids));
	assert_int_equal(err.status, 400);
	assert_non_null(err.param);
	assert_string_equal(err.param, "ids");
	assert_true(err.message[0] != '\0');
	json_decref(ids);
}

static void
expect_refused(const char *param_json)
{
	json_t *param = json_loads(param_json, JSON_DECODE_ANY, NULL);

	assert_non_null(param);
	expect_refused_value(param, param_json);
	json_decref(param);
}

static void
test_parses_strings_and_arrays(void **state)
{
	(void)state;
	expect_ids(NULL, "[]");
	expect_ids("\"\"", "[]");
	expect_ids("[]", "[]");
	expect_ids("[\"\"]", "[]");
	expect_ids("\"" ID_A "\"", "[\"" ID_A "\"]");
	expect_ids("\"" ID_B "," ID_A "\"", "[\"" ID_B "\",\"" ID_A "\"]");
	expect_ids("[\"" ID_A "\",\"" ID_B "\"]", "[\"" ID_A "\",\"" ID_B "\"]");
	expect_ids("[\"" ID_C "\",\"" ID_A "," ID_B "\"]",
	    "[\"" ID_C "\",\"" ID_A "\",\"" ID_B "\"]");
}

static void
test_drops_repeats_in_order(void **state)
{
	(void)state;
	expect_ids("\"" ID_B "," ID_A "," ID_B "\"", "[\"" ID_B "\",\"" ID_A "\"]");
	expect_ids("[\"" ID_A "\",\"" ID_A "\"]", "[\"" ID_A "\"]");
	expect_ids("[\"" ID_C "," ID_A "\",\"" ID_A "," ID_C "," ID_B "\"]",
	    "[\"" ID_C "\",\"" ID_A "\",\"" ID_B "\"]");
}

static void
test_refuses_malformed_ids(void **state)
{
	static const char *const cases[] = {
		"\"0A1B2C3D-0000-4000-8000-00000000000A\"",
		"\"0a1b2c3d-0000-4000-8000-00000000000A\"",
		"\"" ID_A ",\"",
		"\"," ID_A "\"",
		"\"" ID_A ",," ID_B "\"",
		"\",,\"",
		"\",\"",
		"\" " ID_A "\"",
		"\"" ID_A " \"",
		"\"" ID_A ", " ID_B "\"",
		"\"0a1b2c3d-0000-4000-8000-00000000000\"",
		"\"0a1b2c3d-0000-4000-8000-00000000000aa\"",
		"\"0a1b2c3d00000-4000-8000-00000000000a\"",
		"\"0a1b2c3g-0000-4000-8000-00000000000a\"",
		"\"x\"",
		"[\"" ID_A "\", 3]",
		"[\"" ID_A "\", null]",
		"[[\"" ID_A "\"]]",
		"[\"" ID_A "\", \"" ID_B ",\"]",
		"42",
		"true",
		"null",
		"{\"ids\": \"" ID_A "\"}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		expect_refused(cases[i]);
}

/* n distinct ids, as one comma-separated string (array 0) or one per array item. */
static json_t *
many_ids(unsigned n, int array)
{
	struct buf b = BUF_INIT;
	json_t *arr = json_array(), *str;
	char id[37];
	unsigned i;

	for (i = 0; i < n; i++) {
		nth_id(id, i);
		json_array_append_new(arr, json_string(id));
		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, id);
	}
	assert_false(buf_failed(&b));
	if (array) {
		buf_free(&b);
		return arr;
	}
	str = json_string(b.data != NULL ? b.data : "");
	json_decref(arr);
	buf_free(&b);
	return str;
}

/* The n distinct ids given twice over, in the same two forms. */
static json_t *
repeated_ids(unsigned n, int array)
{
	json_t *first = many_ids(n, array), *again = many_ids(n, array), *both;

	if (array) {
		json_array_extend(first, again);
		json_decref(again);
		return first;
	}
	both = json_sprintf("%s,%s", json_string_value(first), json_string_value(again));
	json_decref(first);
	json_decref(again);
	return both;
}

static void
test_limits_the_number_of_ids(void **state)
{
	struct api_error err;
	json_t *param, *ids = NULL;
	int array;

	(void)state;
	for (array = 0; array <= 1; array++) {
		param = many_ids(REFERRAL_MAX_IDS, array);
		memset(&err, 0, sizeof err);
		assert_int_equal(referral_ids_parse(param, &ids, &err), 0);
		assert_int_equal(json_array_size(ids), REFERRAL_MAX_IDS);
		json_decref(ids);
		json_decref(param);

		/* Repeats beyond the limit do not count. */
		param = repeated_ids(REFERRAL_MAX_IDS, array);
		assert_int_equal(referral_ids_parse(param, &ids, &err), 0);
		assert_int_equal(json_array_size(ids), REFERRAL_MAX_IDS);
		json_decref(ids);
		json_decref(param);

		param = many_ids(REFERRAL_MAX_IDS + 1, array);
		expect_refused_value(param, "31 ids");
		json_decref(param);
	}
}

static void
test_joins_ids(void **state)
{
	struct buf b = BUF_INIT;
	json_t *ids = json_pack("[sss]", ID_A, ID_B, ID_C), *none = json_array();

	(void)state;
	assert_int_equal(referral_ids_join(ids, &b), 0);
	assert_string_equal(b.data, ID_A "," ID_B "," ID_C);
	buf_reset(&b);
	assert_int_equal(referral_ids_join(none, &b), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	json_decref(ids);
	json_decref(none);
}

/* --- the text message ----------------------------------------------------------------- */

static int
setup_words(void **state)
{
	char err[300];
	struct i18n *words = i18n_load(err, sizeof err);

	if (words == NULL) {
		fprintf(stderr, "i18n_load: %s\n", err);
		return -1;
	}
	*state = words;
	return 0;
}

static int
teardown_words(void **state)
{
	i18n_free(*state);
	return 0;
}

/* Two organizations as view_detail gives them: one with a confidential location, one with
** an address, a second named place, a third place (left out), no ID needed and free. */
static json_t *
sample_details(const char *free_label)
{
	json_t *details = json_loads(
	    "[{\"id\": \"" ID_A "\", \"name\": \"Maison Refuge Verdun\","
	    "  \"website\": \"https://refuge.example.org\", \"no_id_needed\": false,"
	    "  \"fees\": {\"id\": \"fee\", \"label\": \"Fee\"},"
	    "  \"locations\": [{\"confidential\": true, \"neighbourhood\": \"Verdun\","
	    "    \"city\": \"Montréal\", \"phones\": [{\"number\": \"+1 514 555 0100\"}]}]},"
	    " {\"id\": \"" ID_B "\", \"name\": \"Cuisine Collective Hochelaga\","
	    "  \"website\": \"http://cuisine.example.org\", \"no_id_needed\": true,"
	    "  \"locations\": ["
	    "   {\"address\": \"1234 rue Ontario Est\", \"city\": \"Montréal\","
	    "    \"postal_code\": \"H2K 1S1\", \"phones\": [{\"number\": \"+1 514 555 0199\"},"
	    "    {\"number\": \"+1 514 555 0198\"}]},"
	    "   {\"name\": {\"text\": \"Annex\", \"lang\": \"en\", \"fallback\": false},"
	    "    \"address\": \"99 rue Darling\", \"city\": \"Montréal\","
	    "    \"phones\": [{\"number\": \"+1 514 555 0177\"}]},"
	    "   {\"address\": \"1 third place\", \"phones\": [{\"number\": \"+1 514 555 0166\"}]}]}]",
	    0, NULL);

	assert_non_null(details);
	json_object_set_new(json_array_get(details, 1), "fees",
	    json_pack("{ssss}", "id", "free", "label", free_label));
	return details;
}

static char *
sms_text(const json_t *details, const struct i18n *words, int ui)
{
	struct view_context vl = { ui, UI_FR, words, NULL, NULL };
	struct buf b = BUF_INIT;

	assert_int_equal(referral_sms(details, &vl, &b), 0);
	return buf_detach(&b, NULL);
}

static void
expect_in(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("\"%s\" not in:\n%s", part, text);
}

static void
expect_not_in(const char *text, const char *part)
{
	if (strstr(text, part) != NULL)
		fail_msg("\"%s\" should not be in:\n%s", part, text);
}

static void
test_sms_in_english(void **state)
{
	json_t *details = sample_details("Free");
	char *text = sms_text(details, *state, UI_EN);

	expect_in(text, "Maison Refuge Verdun\n");
	expect_in(text, "Cuisine Collective Hochelaga\n");
	expect_in(text, "Verdun, Montréal");
	expect_in(text, "Address kept confidential");
	expect_in(text, "+1 514 555 0100");
	expect_in(text, "1234 rue Ontario Est, Montréal H2K 1S1\n");
	expect_in(text, "+1 514 555 0199");
	expect_in(text, "Annex: 99 rue Darling");
	expect_in(text, "+1 514 555 0177");
	expect_in(text, "No ID needed");
	expect_in(text, "Free");
	expect_not_in(text, "+1 514 555 0198");   /* the first phone of a place only */
	expect_not_in(text, "third place");       /* two places at most */
	expect_not_in(text, "+1 514 555 0166");
	expect_not_in(text, "http");
	expect_not_in(text, "example.org");
	expect_not_in(text, ID_A);
	/* The confidential organization's part holds no address. */
	assert_true(strstr(text, "Address kept confidential") < strstr(text, "Cuisine"));
	assert_true(strstr(text, "rue") > strstr(text, "Cuisine"));
	free(text);
	json_decref(details);
}

/* Even when a confidential location carries an address, the message leaves it out. */
static void
test_sms_never_gives_a_confidential_address(void **state)
{
	json_t *details = sample_details("Free");
	json_t *loc = json_array_get(json_object_get(json_array_get(details, 0), "locations"), 0);
	char *text;

	json_object_set_new(loc, "address", json_string("77 secret street"));
	json_object_set_new(loc, "postal_code", json_string("H4G 0Z0"));
	text = sms_text(details, *state, UI_EN);
	expect_not_in(text, "secret");
	expect_not_in(text, "H4G");
	expect_in(text, "Address kept confidential");
	free(text);
	json_decref(details);
}

static void
test_sms_in_french(void **state)
{
	json_t *details = sample_details("Gratuit");
	char *text = sms_text(details, *state, UI_FR);

	expect_in(text, "Adresse confidentielle");
	expect_in(text, "Aucune pièce d’identité demandée");
	expect_in(text, "Gratuit");
	expect_in(text, "Tél. :");
	expect_in(text, "1234 rue Ontario Est");
	expect_not_in(text, "No ID needed");
	expect_not_in(text, "Address kept");
	expect_not_in(text, "Tel.:");
	expect_not_in(text, "http");
	free(text);
	json_decref(details);
}

static void
test_sms_of_an_empty_sheet(void **state)
{
	json_t *none = json_array();
	char *text = sms_text(none, *state, UI_EN);

	assert_string_equal(text, "");
	free(text);
	json_decref(none);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_strings_and_arrays),
		cmocka_unit_test(test_drops_repeats_in_order),
		cmocka_unit_test(test_refuses_malformed_ids),
		cmocka_unit_test(test_limits_the_number_of_ids),
		cmocka_unit_test(test_joins_ids),
	};
	const struct CMUnitTest sms_tests[] = {
		cmocka_unit_test(test_sms_in_english),
		cmocka_unit_test(test_sms_never_gives_a_confidential_address),
		cmocka_unit_test(test_sms_in_french),
		cmocka_unit_test(test_sms_of_an_empty_sheet),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	return failed + cmocka_run_group_tests(sms_tests, setup_words, teardown_words);
}
