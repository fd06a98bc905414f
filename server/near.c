/*
** near.c - reading near= into a point (see near.h).
*/
#include <stdio.h>
#include <string.h>

#include "near.h"
#include "validate.h"

#define COORD_MAX 40   /* bytes of one coordinate as typed */

/* Strip leading and trailing spaces of s[0..len) into out (at most outlen-1 bytes). */
static int
trimmed(const char *s, size_t len, char *out, size_t outlen)
{
	while (len > 0 && s[0] == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || len >= outlen)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

/* "lat,lon": 1 when text has this form (then the ranges are checked), else 0. */
static int
looks_like_point(const char *text)
{
	const char *p;

	for (p = text; *p != '\0'; p++)
		if (strchr("0123456789.,- +", *p) == NULL)
			return 0;
	return strchr(text, ',') != NULL;
}

static int
parse_point(const char *text, struct near *out, struct api_error *err)
{
	const char *comma = strchr(text, ',');
	char lat[COORD_MAX], lon[COORD_MAX];

	if (trimmed(text, (size_t)(comma - text), lat, sizeof lat) != 0 ||
	    trimmed(comma + 1, strlen(comma + 1), lon, sizeof lon) != 0 ||
	    !valid_double(lat, -90, 90, &out->latitude) ||
	    !valid_double(lon, -180, 180, &out->longitude)) {
		api_error_set(err, 400, "bad_parameter",
		    "near: coordinates must be latitude,longitude in degrees, from -90 to 90 and from -180 to 180");
		return -1;
	}
	out->source = NEAR_POINT;
	snprintf(out->label, sizeof out->label, "%.4f, %.4f", out->latitude, out->longitude);
	return 0;
}

/* A postal code or its first three characters: 1 handled (0 or error in *rc), 0 not one. */
static int
parse_postal(const struct places *places, const char *text, struct near *out,
    struct api_error *err, int *rc)
{
	char code[8], area[4];
	const struct place *pl;

	if (valid_postal_code(text, code))
		memcpy(area, code, 3);
	else if (valid_postal_area(text, area))
		memcpy(code, area, 4);
	else
		return 0;
	area[3] = '\0';
	pl = places_find_postal(places, area);
	if (pl == NULL) {
		api_error_set(err, 400, "unknown_place",
		    "near: the postal area %s is not one the directory knows; try a neighbourhood or city name",
		    area);
		*rc = -1;
		return 1;
	}
	out->source = NEAR_POSTAL;
	out->latitude = pl->latitude;
	out->longitude = pl->longitude;
	snprintf(out->label, sizeof out->label, "%s", code);
	*rc = 0;
	return 1;
}

static int
parse_place(const struct places *places, const char *text, struct near *out,
    struct api_error *err)
{
	const struct place *pl = places_find(places, text);

	if (pl != NULL) {
		out->source = NEAR_PLACE;
		out->latitude = pl->latitude;
		out->longitude = pl->longitude;
		snprintf(out->label, sizeof out->label, "%s", pl->name);
		return 0;
	}
	api_error_set(err, 400, "unknown_place", "near: no place called \"%.100s\" is known",
	    text);
	err->nsuggestions = places_suggest(places, text, err->suggestions,
	    API_ERROR_MAX_SUGGESTIONS);
	return -1;
}

int
near_parse(const struct places *places, const char *text, struct near *out,
    struct api_error *err)
{
	char typed[PLACES_MAX_NAME + 1];
	int rc;

	memset(out, 0, sizeof *out);
	out->source = NEAR_NONE;
	if (!valid_text(text, strlen(text), PLACES_MAX_NAME, 0) ||
	    trimmed(text, strlen(text), typed, sizeof typed) != 0) {
		api_error_set(err, 400, "bad_parameter",
		    "near must be a place name, a postal code or latitude,longitude (at most 100 bytes)");
		rc = -1;
	} else if (looks_like_point(typed)) {
		rc = parse_point(typed, out, err);
	} else if (!parse_postal(places, typed, out, err, &rc)) {
		rc = parse_place(places, typed, out, err);
	}
	if (rc != 0)
		err->param = "near";
	return rc;
}
