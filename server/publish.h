/*
** publish.h - the public view of an organization record: what may ever be shown to a
** visitor. It is computed once, when a record is stored, so that every public page and
** API response starts from data that cannot hold a confidential detail.
*/
#ifndef SD_PUBLISH_H
#define SD_PUBLISH_H

#include <jansson.h>

/* Rounding applied to a confidential location's point (degrees; about 1 km). */
#define PUBLISH_CONFIDENTIAL_GRID 0.01

/* The public view of a canonical record (record.h): the same shape, except that each
** confidential location keeps only id, name, neighbourhood, city, confidential, call_first,
** accessibility, hours and phones, and verification keeps state, verified_on and
** verified_by. New reference, or NULL on OOM. The view shares the members it keeps with
** record: neither may be changed while the other is in use. */
json_t *publish_view(const json_t *record);

/* A coordinate rounded to the confidential grid. */
double publish_round_point(double degrees);

#endif
