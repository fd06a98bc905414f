/*
** geo.c - great-circle distances and bounding boxes (see geo.h).
*/
#include <math.h>
#include <stddef.h>

#include "geo.h"

#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

double
geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	return geo_distance_km_cos(lat1, lon1, geo_cos_latitude(lat1), lat2, lon2,
	    geo_cos_latitude(lat2));
}

double
geo_cos_latitude(double lat)
{
	return cos(lat * DEG_TO_RAD);
}

double
geo_distance_km_cos(double lat1, double lon1, double cos_lat1, double lat2, double lon2,
    double cos_lat2)
{
	double dlat = (lat2 - lat1) * DEG_TO_RAD, dlon = (lon2 - lon1) * DEG_TO_RAD;
	double half_lat = sin(dlat / 2), half_lon = sin(dlon / 2);
	double a = half_lat * half_lat + cos_lat1 * cos_lat2 * half_lon * half_lon;

	if (a > 1)
		a = 1;
	return 2 * GEO_EARTH_RADIUS_KM * asin(sqrt(a));
}

double
geo_distance_at_least_km(double lat1, double lat2)
{
	/* The haversine's a is at least sin^2(dlat / 2), so the distance is at least the
	** arc between the latitudes; a millionth less covers rounding. */
	return fabs(lat2 - lat1) * DEG_TO_RAD * GEO_EARTH_RADIUS_KM * (1 - 1e-6);
}

/* |sin x| <= |x| bounds the haversine's a from above; asin(y) <= y / sqrt(1 - y^2) bounds
** the arc, so a point with that bound a has a distance of at most
** 2R sqrt(a / (1 - a)). */
double
geo_haversine_at_most(double lat1, double lon1, double cos_lat1, double lat2, double lon2,
    double cos_lat2)
{
	double dlat = (lat2 - lat1) * DEG_TO_RAD / 2, dlon = (lon2 - lon1) * DEG_TO_RAD / 2;

	return dlat * dlat + cos_lat1 * cos_lat2 * dlon * dlon;
}

double
geo_haversine_surely_within(double km)
{
	/* 2R sqrt(a / (1 - a)) <= km when a / (1 - a) <= t; the factors leave a millionth
	** of the radius, and a billionth of the limit, for rounding. */
	double t = km / (2 * GEO_EARTH_RADIUS_KM * (1 + 1e-6));

	t *= t;
	return t / (1 + t) * (1 - 1e-9);
}

void
geo_box_around(double lat, double lon, double km, struct geo_box *out)
{
	double dlat = km / GEO_EARTH_RADIUS_KM / DEG_TO_RAD, dlon, widest;

	out->lat_min = lat - dlat;
	out->lat_max = lat + dlat;
	/* Longitude degrees shrink towards the poles: use the latitude nearest a pole. */
	widest = fabs(out->lat_min) > fabs(out->lat_max) ? fabs(out->lat_min) : fabs(out->lat_max);
	if (out->lat_min <= -90 || out->lat_max >= 90 || widest >= 89.9) {
		out->lon_min = -180;
		out->lon_max = 180;
		return;
	}
	dlon = dlat / cos(widest * DEG_TO_RAD);
	out->lon_min = lon - dlon;
	out->lon_max = lon + dlon;
	if (out->lon_min < -180 || out->lon_max > 180) {
		out->lon_min = -180;
		out->lon_max = 180;
	}
}

static void
sql_distance_km(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double v[4];
	int i;

	for (i = 0; i < argc; i++) {
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
			sqlite3_result_null(ctx);
			return;
		}
		v[i] = sqlite3_value_double(argv[i]);
	}
	sqlite3_result_double(ctx, geo_distance_km(v[0], v[1], v[2], v[3]));
}

int
geo_register_sql(sqlite3 *db)
{
	return sqlite3_create_function(db, "distance_km", 4,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_distance_km, NULL, NULL);
}
