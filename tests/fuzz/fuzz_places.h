/*
** fuzz_places.h - for fuzz harnesses that need the place names: loaded by the first call
** and kept for the life of the process (a fuzzer calls its harness millions of times).
*/
#ifndef SD_FUZZ_PLACES_H
#define SD_FUZZ_PLACES_H

#include <stdlib.h>

#include "places.h"

static const struct places *
known_places(void)
{
	static struct places places;
	static int loaded;
	char err[200];

	if (!loaded && places_load_embedded(&places, err, sizeof err) != 0)
		abort();
	loaded = 1;
	return &places;
}

#endif
