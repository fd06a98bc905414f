/*
** test_pointgrid.c - the cells of located points: every point is filed once, in a cell
** whose extent holds it, with its tag; a cell's bounds never say a point is farther, or
** nearer, than geo_distance_km measures it, for points clustered in a city, spread over
** the world, at the poles and on both sides of the antimeridian; walks give the cells
** nearest first and leave out only cells wholly beyond their distance.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "pointgrid.h"

#define NPOINTS 3000

struct points {
	double   lat[NPOINTS], lon[NPOINTS];
	uint32_t tag[NPOINTS];
	size_t   n;
};

/* A fixed sequence of numbers in [0, 1) (xorshift), so that failures repeat. */
static double
next_unit(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (double)(*state >> 11) / 9007199254740992.0;
}

static double
between(uint64_t *state, double lo, double hi)
{
	return lo + (hi - lo) * next_unit(state);
}

enum spread { IN_A_CITY, OVER_THE_WORLD, AT_THE_EDGES };

static void
make_points(struct points *p, enum spread spread, size_t n, uint64_t seed)
{
	size_t i;

	p->n = n;
	for (i = 0; i < n; i++) {
		switch (spread) {
		case IN_A_CITY:
			p->lat[i] = between(&seed, 45.40, 45.70);
			p->lon[i] = between(&seed, -73.95, -73.45);
			break;
		case OVER_THE_WORLD:
			p->lat[i] = between(&seed, -90, 90);
			p->lon[i] = between(&seed, -180, 180);
			break;
		case AT_THE_EDGES:
			p->lat[i] = i % 3 == 0 ? between(&seed, 89.5, 90) : between(&seed, -60, 60);
			p->lon[i] = i % 2 == 0 ? between(&seed, 179.5, 180) : between(&seed, -180, -179.5);
			break;
		}
		p->tag[i] = (uint32_t)(i * 7 + 1);
	}
}

/* Every point once, in a cell that holds it, with its tag. */
static void
assert_filed(const struct pointgrid *g, const struct points *p)
{
	unsigned char *seen = calloc(p->n + 1, 1);
	const struct pointgrid_cell *c;
	const struct pointgrid_entry *e;
	size_t i, k, filed = 0;

	assert_non_null(seen);
	for (i = 0; i < g->ncells; i++) {
		c = &g->cells[i];
		assert_true(c->start < c->end);
		assert_true(i == 0 || c->start == g->cells[i - 1].end);
		for (k = c->start; k < c->end; k++) {
			e = &g->entry[k];
			assert_true(e->point < p->n);
			assert_false(seen[e->point]);
			seen[e->point] = 1;
			assert_int_equal(e->tag, p->tag[e->point]);
			assert_true(p->lat[e->point] >= c->lat_lo && p->lat[e->point] <= c->lat_hi);
			assert_true(p->lon[e->point] >= c->lon_lo && p->lon[e->point] <= c->lon_hi);
			filed++;
		}
	}
	assert_int_equal(filed, p->n);
	free(seen);
}

/* From (lat, lon), no point of a cell is nearer or farther than the cell's bounds say. */
static void
assert_bounds_hold(const struct pointgrid *g, const struct points *p, double lat, double lon)
{
	double cos_lat = geo_cos_latitude(lat), lo, hi, km;
	const struct pointgrid_cell *c;
	size_t i, k, point;

	for (i = 0; i < g->ncells; i++) {
		c = &g->cells[i];
		lo = pointgrid_a_at_least(c, lat, lon, cos_lat);
		hi = pointgrid_a_at_most(c, lat, lon, cos_lat);
		assert_true(lo <= hi);
		for (k = c->start; k < c->end; k++) {
			point = g->entry[k].point;
			km = geo_distance_km(lat, lon, p->lat[point], p->lon[point]);
			if (pointgrid_beyond(lo, km))
				fail_msg("cell %zu: a point %.17g km from (%g, %g) said to be beyond it",
				    i, km, lat, lon);
			if (km > 1e-6 && hi <= geo_haversine_surely_within(km * (1 - 1e-6)))
				fail_msg("cell %zu: a point %.17g km from (%g, %g) said to be nearer",
				    i, km, lat, lon);
		}
	}
}

/* A walk from (lat, lon) gives the cells nearest first, and leaves out only cells whose
** every point lies beyond max_km. */
static void
assert_walk_in_order(const struct pointgrid *g, const struct points *p, double lat,
    double lon, double max_km)
{
	struct pointgrid_walk w;
	struct pointgrid_step step, *steps = malloc((g->ncells + 1) * sizeof *steps);
	unsigned char *walked = calloc(g->ncells + 1, 1);
	double last = 0, peeked;
	size_t i, k, point;

	assert_non_null(walked);
	assert_non_null(steps);
	pointgrid_walk_start(g, lat, lon, geo_cos_latitude(lat), max_km, steps, &w);
	while (pointgrid_walk_peek(&w, &peeked)) {
		assert_int_equal(pointgrid_walk_next(&w, &step), 1);
		assert_true(step.a_at_least == peeked);
		assert_true(step.a_at_least >= last);
		assert_false(walked[step.cell]);
		walked[step.cell] = 1;
		last = step.a_at_least;
	}
	assert_int_equal(pointgrid_walk_next(&w, &step), 0);
	for (i = 0; i < g->ncells; i++) {
		if (walked[i])
			continue;
		assert_true(isfinite(max_km));
		for (k = g->cells[i].start; k < g->cells[i].end; k++) {
			point = g->entry[k].point;
			assert_true(geo_distance_km(lat, lon, p->lat[point], p->lon[point]) > max_km);
		}
	}
	free(steps);
	free(walked);
}

static void
check_spread(enum spread spread, uint64_t seed)
{
	static const double corners[][2] = { { 90, 0 }, { -90, 180 }, { 0, 180 }, { 0, -180 },
	    { 89.9, 179.99 }, { 45.5, -73.6 }, { 45.5, 106.4 } };
	static const double radii[] = { 0.1, 5, 25, 1000 };
	struct points *p = malloc(sizeof *p);
	struct pointgrid g;
	uint64_t state = seed * 31 + 5;
	double lat, lon;
	size_t q;

	assert_non_null(p);
	make_points(p, spread, NPOINTS, seed);
	assert_int_equal(pointgrid_build(p->lat, p->lon, p->tag, p->n, &g), 0);
	assert_true(g.ncells > 1);
	assert_filed(&g, p);
	for (q = 0; q < 40; q++) {
		if (q < sizeof corners / sizeof *corners) {
			lat = corners[q][0];
			lon = corners[q][1];
		} else if (q % 2 == 0) {
			lat = p->lat[q * 13 % p->n];     /* on a point */
			lon = p->lon[q * 13 % p->n];
		} else {
			lat = between(&state, -90, 90);
			lon = between(&state, -180, 180);
		}
		assert_bounds_hold(&g, p, lat, lon);
		assert_walk_in_order(&g, p, lat, lon, INFINITY);
		assert_walk_in_order(&g, p, lat, lon, radii[q % 4]);
	}
	pointgrid_free(&g);
	free(p);
}

static void
test_points_in_a_city(void **state)
{
	(void)state;
	check_spread(IN_A_CITY, 1);
}

static void
test_points_over_the_world(void **state)
{
	(void)state;
	check_spread(OVER_THE_WORLD, 2);
}

static void
test_points_at_the_poles_and_antimeridian(void **state)
{
	(void)state;
	check_spread(AT_THE_EDGES, 3);
}

/* No points, one, and many in one place. */
static void
test_few_and_alike(void **state)
{
	struct points *p = malloc(sizeof *p);
	struct pointgrid g;
	struct pointgrid_walk w;
	struct pointgrid_step step, none[1];
	static const size_t sizes[] = { 1, 200 };
	size_t i, k;

	(void)state;
	assert_non_null(p);
	assert_int_equal(pointgrid_build(p->lat, p->lon, p->tag, 0, &g), 0);
	assert_int_equal(g.ncells, 0);
	pointgrid_walk_start(&g, 45, -73, geo_cos_latitude(45), INFINITY, none, &w);
	assert_int_equal(pointgrid_walk_next(&w, &step), 0);
	pointgrid_free(&g);

	for (i = 0; i < 200; i++) {
		p->lat[i] = 45.5;
		p->lon[i] = -73.6;
		p->tag[i] = (uint32_t)i;
	}
	for (k = 0; k < 2; k++) {
		p->n = sizes[k];
		assert_int_equal(pointgrid_build(p->lat, p->lon, p->tag, p->n, &g), 0);
		assert_int_equal(g.ncells, 1);
		assert_filed(&g, p);
		assert_bounds_hold(&g, p, 45.5, -73.6);
		assert_bounds_hold(&g, p, -45.5, 106.4);
		assert_walk_in_order(&g, p, 45.5, -73.6, 0.1);
		pointgrid_free(&g);
	}
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points_in_a_city),
		cmocka_unit_test(test_points_over_the_world),
		cmocka_unit_test(test_points_at_the_poles_and_antimeridian),
		cmocka_unit_test(test_few_and_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
