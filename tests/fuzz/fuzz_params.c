/*
** fuzz_params.c - libFuzzer harness for the search parameters: any JSON body, as POST
** /api/v1/search would receive it, is validated; accepted parameters must give a query
** string that parses back to the same parameters.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_places.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *params = json_loadb((const char *)data, size, 0, NULL), *echo;
	struct search_params p;
	struct api_error err;
	struct buf qs = BUF_INIT;

	if (params == NULL)
		return 0;
	if (search_params_parse(params, known_places(), &p, &err) == 0) {
		if (search_params_query_string(&p, p.page, &qs) != 0)
			abort();
		echo = search_params_echo(&p);
		if (echo == NULL)
			abort();
		json_decref(echo);
	} else if (err.status != 400 || err.message[0] == '\0') {
		abort();
	}
	search_params_free(&p);
	buf_free(&qs);
	json_decref(params);
	return 0;
}
