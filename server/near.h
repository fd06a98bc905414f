/*
** near.h - the near= parameter, validated at the edge into a point: a place name
** (places.h), a Canadian postal code or its first three characters, or "lat,lon". The
** point lives only for the request that gave it.
*/
#ifndef SD_NEAR_H
#define SD_NEAR_H

#include "apierror.h"
#include "places.h"

enum near_source {
	NEAR_NONE,      /* no point */
	NEAR_PLACE,     /* a city, borough or neighbourhood */
	NEAR_POSTAL,    /* a postal code or postal area */
	NEAR_POINT,     /* coordinates */
	NEAR_NETWORK    /* estimated from the visitor's address (geoip.h), never from near= */
};

struct near {
	enum near_source source;
	double           latitude, longitude;
	char             label[PLACES_MAX_NAME + 1]; /* how pages name it: "Parc-Extension",
	                                             ** "H3N 1A1", "45.5300, -73.6200" */
};

/* Parse what a visitor typed. 0 with out filled, or -1 with a 400 error: bad form, or an
** unknown place with up to five suggestions of names close to it. */
int near_parse(const struct places *places, const char *text, struct near *out,
    struct api_error *err);

#endif
