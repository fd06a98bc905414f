/*
** pointgrid.h - located points filed in cells of equal steps of latitude and longitude,
** for a search near a point: each cell carries bounds on the distance from any point to
** everything in it, so a search takes the cells nearest its point first and stops when
** the next cannot hold anything nearer than what it has, and a radius takes or drops
** whole cells at once, measuring only the points of cells its circle crosses.
**
** The bounds are on the haversine's a (geo.c), which grows with the distance: a cell is
** only known to be nearer or farther than a distance, never said to be when it is not.
*/
#ifndef SD_POINTGRID_H
#define SD_POINTGRID_H

#include <stddef.h>
#include <stdint.h>

struct pointgrid_cell {
	double   lat_lo, lat_hi;   /* the least and greatest latitude of its points */
	double   lon_lo, lon_hi;   /* and longitude */
	double   cos_lo, cos_hi;   /* the least and greatest cosine of a latitude between */
	uint32_t start, end;       /* its entries: entry[start .. end) */
};

/* A point as a cell holds it: the caller's number for it, and a tag the caller chose. */
struct pointgrid_entry {
	uint32_t point, tag;
};

struct pointgrid {
	size_t                  ncells;
	struct pointgrid_cell  *cells;
	struct pointgrid_entry *entry;
};

/* File the n points (lat[i], lon[i]), in degrees, each with tag[i], into cells sized from
** how the points spread (about POINTGRID_PER_CELL to a cell where they are dense). 0, or -1
** out of memory; free with pointgrid_free. */
#define POINTGRID_PER_CELL 32
int pointgrid_build(const double *lat, const double *lon, const uint32_t *tag, size_t n,
    struct pointgrid *out);
void pointgrid_free(struct pointgrid *g);

/* The haversine's a between (lat, lon) (cos_lat its latitude's cosine) and any point
** of c is at least pointgrid_a_at_least, and at most pointgrid_a_at_most. */
double pointgrid_a_at_least(const struct pointgrid_cell *c, double lat, double lon,
    double cos_lat);
double pointgrid_a_at_most(const struct pointgrid_cell *c, double lat, double lon,
    double cos_lat);

/* 1 when every point whose haversine's a from a point is at least a_at_least is surely
** more than km from it. */
int pointgrid_beyond(double a_at_least, double km);

/* The cells of a grid nearest a point first, those surely beyond a distance left out. */
struct pointgrid_walk {
	size_t n;
	struct pointgrid_step {
		double   a_at_least;
		uint32_t cell;
	} *heap;                   /* heap[0 .. n): a heap, the nearest bound first */
};

/* Start a walk from (lat, lon) over the cells of g not surely beyond max_km (INFINITY:
** every cell), in steps, which has room for g->ncells (the caller's, so that a search
** may keep it for the next). */
void pointgrid_walk_start(const struct pointgrid *g, double lat, double lon, double cos_lat,
    double max_km, struct pointgrid_step *steps, struct pointgrid_walk *w);

/* The next cell and its bound into *step, taking it off the walk: 1, or 0 when none is
** left. */
int pointgrid_walk_next(struct pointgrid_walk *w, struct pointgrid_step *step);

/* The bound of the next cell without taking it: 1, or 0 when none is left. */
int pointgrid_walk_peek(const struct pointgrid_walk *w, double *a_at_least);

#endif
