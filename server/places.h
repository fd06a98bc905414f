/*
** places.h - the place names a visitor may type in near= (fixtures/places.json,
** compiled into the binary): cities, Montreal's boroughs and neighbourhoods, and the
** forward sortation areas (first three characters of a postal code), each with an
** approximate centre. Names are matched folded (no case, no accents) with hyphens,
** dashes, apostrophes and spaces alike and "St"/"Ste" read as "Saint"/"Sainte", so
** "cote des neiges", "Côte-des-Neiges" and "COTE-DES-NEIGES" are the same place.
*/
#ifndef SD_PLACES_H
#define SD_PLACES_H

#include <stddef.h>
#include <jansson.h>

enum place_kind { PLACE_CITY, PLACE_BOROUGH, PLACE_NEIGHBOURHOOD, PLACE_POSTAL_AREA };

struct place {
	const char     *name;       /* as spelled in the file ("H3N" for a postal area) */
	const char     *city;       /* the city a borough or neighbourhood belongs to, or NULL */
	enum place_kind kind;
	double          latitude, longitude;
};

struct place_name {
	char   *key;                /* the matching key of a name or alternate name */
	size_t  place;              /* index in places.items */
};

struct places {
	json_t            *root;    /* the parsed file; owns the strings places point to */
	struct place      *items;
	size_t             count;
	struct place_name *names;   /* sorted by key, unique */
	size_t             nnames;
};

#define PLACES_MAX_NAME 100         /* bytes of a place name a visitor may type */

/* Parse a places file (format "solidarity-places", version 1). Names must be unique
** once matched as above. 0, or -1 with a message; on error nothing stays allocated. */
int places_load(struct places *out, const char *text, size_t len, char *err, size_t errlen);

/* places_load on the copy of fixtures/places.json compiled into the binary. */
int places_load_embedded(struct places *out, char *err, size_t errlen);

void places_free(struct places *p);

/* The matching key of name: folded, every run of non-letters and non-digits made one
** space, trimmed, "st"/"ste" words read as "saint"/"sainte". 0, or -1 on OOM. */
int places_key(const char *name, char **key);

/* The city, borough or neighbourhood called name (any of its names), or NULL. */
const struct place *places_find(const struct places *p, const char *name);

/* The postal area of a forward sortation area ("H3N", upper case), or NULL. */
const struct place *places_find_postal(const struct places *p, const char *fsa);

/* The city nearest to (latitude, longitude) within max_km, or NULL. */
const struct place *places_nearest_city(const struct places *p, double latitude,
    double longitude, double max_km);

/* Up to max names of places that look like what was typed (one or two letters off, or
** starting with it), best first, as an array of strings borrowed from p. */
size_t places_suggest(const struct places *p, const char *typed, const char **out, size_t max);

#endif
