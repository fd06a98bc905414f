/*
** fuzz_near.c - libFuzzer harness for near=: any bytes are read as a place, a postal code
** or coordinates. An accepted value must give a point on the Earth and a label that is
** valid text; a refused one a 400 error with a message, and suggestions that are names.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_places.h"
#include "near.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_accepted(const struct near *n)
{
	if (n->source == NEAR_NONE || n->source == NEAR_NETWORK || n->latitude < -90 ||
	    n->latitude > 90 || n->longitude < -180 || n->longitude > 180 ||
	    !valid_text(n->label, strlen(n->label), PLACES_MAX_NAME, 0))
		abort();
}

static void
check_refused(const struct api_error *err)
{
	size_t i;

	if (err->status != 400 || err->message[0] == '\0' || err->param == NULL ||
	    err->nsuggestions > API_ERROR_MAX_SUGGESTIONS)
		abort();
	for (i = 0; i < err->nsuggestions; i++)
		if (err->suggestions[i] == NULL || err->suggestions[i][0] == '\0')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_error err = { 0 };
	struct near n;
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (near_parse(known_places(), text, &n, &err) == 0)
		check_accepted(&n);
	else
		check_refused(&err);
	free(text);
	return 0;
}
