/*
** pointgrid.c - located points filed in cells, and walks over the cells nearest a
** point first (see pointgrid.h).
**
** A cell's bounds come from the haversine formula a = sin^2(dlat/2) + cos(lat1) cos(lat2)
** sin^2(dlon/2): below, the smallest latitude and longitude gaps to the cell, the least
** cosine in it, and x - x^3/6 <= sin x; above, the largest gaps, the greatest cosine, and
** sin x <= x. Both leave a margin of a billionth for rounding.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "pointgrid.h"

#define DEG_TO_RAD   (3.14159265358979323846 / 180.0)
#define MARGIN       1e-9
#define SAMPLE_MAX   4096
#define STEP_LEAST   0.001    /* degrees of latitude: about 110 m */
#define STEP_MOST    10.0

/* A point on its way into a cell. */
struct filing {
	uint64_t key;             /* the cell: row * columns + column */
	uint32_t point, tag;
};

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
compare_filings(const void *a, const void *b)
{
	const struct filing *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->point < y->point ? -1 : x->point > y->point;
}

/* The span between the 2nd and 98th percentiles of up to SAMPLE_MAX of the n values,
** and their middle; sample has room for SAMPLE_MAX. */
static double
middle_span(const double *v, size_t n, double *sample, double *middle)
{
	size_t every = n / SAMPLE_MAX + 1, m = 0, i;
	double lo, hi;

	for (i = 0; i < n; i += every)
		sample[m++] = v[i];
	qsort(sample, m, sizeof *sample, compare_doubles);
	lo = sample[m * 2 / 100];
	hi = sample[m * 98 / 100];
	*middle = (lo + hi) / 2;
	return hi - lo;
}

/* The cells' steps in degrees: about square on the ground, and sized so that the middle
** of the points' spread holds about POINTGRID_PER_CELL to a cell. 0, or -1 out of memory. */
static int
cell_steps(const double *lat, const double *lon, size_t n, double *lat_step, double *lon_step)
{
	double *sample = malloc(SAMPLE_MAX * sizeof *sample);
	double lat_span, lon_span, lat_mid, lon_mid, shrink, step;
	double cells = (double)(n / POINTGRID_PER_CELL + 1);

	if (sample == NULL)
		return -1;
	lat_span = middle_span(lat, n, sample, &lat_mid);
	lon_span = middle_span(lon, n, sample, &lon_mid);
	free(sample);
	shrink = cos(lat_mid * DEG_TO_RAD);
	if (shrink < 0.01)
		shrink = 0.01;
	step = sqrt(lat_span * lon_span * shrink / cells);
	if (!(step >= STEP_LEAST))
		step = STEP_LEAST;
	if (step > STEP_MOST)
		step = STEP_MOST;
	*lat_step = step;
	*lon_step = step / shrink < 360 ? step / shrink : 360;
	return 0;
}

/* The row or column of value in steps from origin, within 0 .. count - 1. */
static uint64_t
step_of(double value, double origin, double step, uint64_t count)
{
	double k = floor((value - origin) / step);

	if (!(k >= 0))
		return 0;
	return k >= (double)(count - 1) ? count - 1 : (uint64_t)k;
}

/* Start cell c with the point (lat, lon), its first entry at number at. */
static void
cell_open(struct pointgrid_cell *c, double lat, double lon, uint32_t at)
{
	c->lat_lo = c->lat_hi = lat;
	c->lon_lo = c->lon_hi = lon;
	c->start = at;
	c->end = at;
}

/* Take the point (lat, lon) into cell c, as its next entry. */
static void
cell_take(struct pointgrid_cell *c, double lat, double lon)
{
	c->lat_lo = fmin(c->lat_lo, lat);
	c->lat_hi = fmax(c->lat_hi, lat);
	c->lon_lo = fmin(c->lon_lo, lon);
	c->lon_hi = fmax(c->lon_hi, lon);
	c->end++;
}

/* The least and greatest cosine of the latitudes in c, a billionth wider for rounding. */
static void
cell_close(struct pointgrid_cell *c)
{
	double far = fmax(fabs(c->lat_lo), fabs(c->lat_hi));
	double near = c->lat_lo <= 0 && c->lat_hi >= 0 ? 0 :
	    fmin(fabs(c->lat_lo), fabs(c->lat_hi));

	c->cos_lo = cos(far * DEG_TO_RAD) * (1 - MARGIN);
	if (c->cos_lo < 0)
		c->cos_lo = 0;
	c->cos_hi = cos(near * DEG_TO_RAD) * (1 + MARGIN);
}

/* The filings, sorted, into cells and entries. */
static int
fill_cells(const struct filing *f, size_t n, const double *lat, const double *lon,
    struct pointgrid *g)
{
	size_t i, ncells = 0;
	struct pointgrid_cell *c = NULL;

	for (i = 0; i < n; i++)
		ncells += i == 0 || f[i].key != f[i - 1].key;
	g->cells = malloc((ncells ? ncells : 1) * sizeof *g->cells);
	g->entry = malloc((n ? n : 1) * sizeof *g->entry);
	if (g->cells == NULL || g->entry == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (i == 0 || f[i].key != f[i - 1].key) {
			if (c != NULL)
				cell_close(c);
			c = &g->cells[g->ncells++];
			cell_open(c, lat[f[i].point], lon[f[i].point], (uint32_t)i);
		}
		cell_take(c, lat[f[i].point], lon[f[i].point]);
		g->entry[i].point = f[i].point;
		g->entry[i].tag = f[i].tag;
	}
	if (c != NULL)
		cell_close(c);
	return 0;
}

int
pointgrid_build(const double *lat, const double *lon, const uint32_t *tag, size_t n,
    struct pointgrid *out)
{
	struct filing *f;
	double lat_step = STEP_LEAST, lon_step = STEP_LEAST;
	uint64_t rows, columns;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	if (n > 0 && cell_steps(lat, lon, n, &lat_step, &lon_step) != 0)
		return -1;
	rows = (uint64_t)(180 / lat_step) + 2;
	columns = (uint64_t)(360 / lon_step) + 2;
	if ((f = malloc((n ? n : 1) * sizeof *f)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		f[i].key = step_of(lat[i], -90, lat_step, rows) * columns +
		    step_of(lon[i], -180, lon_step, columns);
		f[i].point = (uint32_t)i;
		f[i].tag = tag[i];
	}
	qsort(f, n, sizeof *f, compare_filings);
	rc = fill_cells(f, n, lat, lon, out);
	free(f);
	if (rc != 0)
		pointgrid_free(out);
	return rc;
}

void
pointgrid_free(struct pointgrid *g)
{
	free(g->cells);
	free(g->entry);
	memset(g, 0, sizeof *g);
}

/* The smallest angle in degrees, east or west, from lon to the span lo .. hi; 0, which
** is never too much, when one of them lies outside -180 .. 180. */
static double
longitude_gap(double lon, double lo, double hi)
{
	double east, west;

	if ((lon >= lo && lon <= hi) || !(lon >= -180 && lon <= 180 && lo >= -180 && hi <= 180))
		return 0;
	if (lon < lo) {
		east = lo - lon;
		west = lon - hi + 360;
	} else {
		east = lo - lon + 360;
		west = lon - hi;
	}
	return east < west ? east : west;
}

/* sin x is at least this for 0 <= x <= pi / 2. */
static double
sin_at_least(double x)
{
	return x - x * x * x / 6;
}

double
pointgrid_a_at_least(const struct pointgrid_cell *c, double lat, double lon, double cos_lat)
{
	double dlat = 0, half_lat, half_lon;

	if (lat < c->lat_lo)
		dlat = c->lat_lo - lat;
	else if (lat > c->lat_hi)
		dlat = lat - c->lat_hi;
	half_lat = sin_at_least(dlat * DEG_TO_RAD / 2);
	half_lon = sin_at_least(longitude_gap(lon, c->lon_lo, c->lon_hi) * DEG_TO_RAD / 2);
	return (half_lat * half_lat + cos_lat * c->cos_lo * half_lon * half_lon) * (1 - MARGIN);
}

double
pointgrid_a_at_most(const struct pointgrid_cell *c, double lat, double lon, double cos_lat)
{
	double half_lat = fmax(fabs(lat - c->lat_lo), fabs(lat - c->lat_hi)) * DEG_TO_RAD / 2;
	double half_lon = fmax(fabs(lon - c->lon_lo), fabs(lon - c->lon_hi)) * DEG_TO_RAD / 2;

	return (half_lat * half_lat + cos_lat * c->cos_hi * half_lon * half_lon) * (1 + MARGIN);
}

int
pointgrid_beyond(double a_at_least, double km)
{
	double half = km / (2 * GEO_EARTH_RADIUS_KM), s;

	if (!(half < 3.14159265358979323846 / 2))
		return 0;
	s = sin(half);
	return a_at_least > s * s * (1 + MARGIN);
}

/* ---- walks -------------------------------------------------------------------------- */

static void
walk_sift_down(struct pointgrid_walk *w, size_t i)
{
	struct pointgrid_step tmp;
	size_t least, l, r;

	for (;;) {
		least = i;
		l = 2 * i + 1;
		r = l + 1;
		if (l < w->n && w->heap[l].a_at_least < w->heap[least].a_at_least)
			least = l;
		if (r < w->n && w->heap[r].a_at_least < w->heap[least].a_at_least)
			least = r;
		if (least == i)
			return;
		tmp = w->heap[i];
		w->heap[i] = w->heap[least];
		w->heap[least] = tmp;
		i = least;
	}
}

void
pointgrid_walk_start(const struct pointgrid *g, double lat, double lon, double cos_lat,
    double max_km, struct pointgrid_step *steps, struct pointgrid_walk *w)
{
	size_t i;
	double a;

	w->n = 0;
	w->heap = steps;
	for (i = 0; i < g->ncells; i++) {
		a = pointgrid_a_at_least(&g->cells[i], lat, lon, cos_lat);
		if (pointgrid_beyond(a, max_km))
			continue;
		w->heap[w->n].a_at_least = a;
		w->heap[w->n].cell = (uint32_t)i;
		w->n++;
	}
	for (i = w->n / 2; i-- > 0;)
		walk_sift_down(w, i);
}

int
pointgrid_walk_next(struct pointgrid_walk *w, struct pointgrid_step *step)
{
	if (w->n == 0)
		return 0;
	*step = w->heap[0];
	w->heap[0] = w->heap[--w->n];
	walk_sift_down(w, 0);
	return 1;
}

int
pointgrid_walk_peek(const struct pointgrid_walk *w, double *a_at_least)
{
	if (w->n == 0)
		return 0;
	*a_at_least = w->heap[0].a_at_least;
	return 1;
}
