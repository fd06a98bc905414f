/*
** geo.h - distances on the Earth: the great-circle distance between two points, the
** bounding box that holds every point within a distance (the cheap prefilter in SQL),
** and the SQL function distance_km() that the search uses for the exact distance.
*/
#ifndef SD_GEO_H
#define SD_GEO_H

#include <sqlite3.h>

#define GEO_EARTH_RADIUS_KM 6371.0088   /* mean radius */

struct geo_box {
	double lat_min, lat_max;
	double lon_min, lon_max;   /* the whole range -180...180 when the box would wrap */
};

/* Great-circle (haversine) distance in kilometres between two points in degrees. */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/* The cosine of a latitude in degrees, as geo_distance_km_cos takes it. */
double geo_cos_latitude(double lat);

/* geo_distance_km, given the cosines of both latitudes (geo_cos_latitude), for a search that measures
** many points from one: the result is the same to the last bit. */
double geo_distance_km_cos(double lat1, double lon1, double cos_lat1, double lat2,
    double lon2, double cos_lat2);

/* A distance in km that geo_distance_km between any two points at latitudes lat1 and
** lat2 is never below: for skipping points that cannot be the nearest. */
double geo_distance_at_least_km(double lat1, double lat2);

/* For deciding without measuring that a point lies within a radius of km: a bound on
** the haversine's a for two points (same arguments as geo_distance_km_cos), and the
** limit it must not exceed. When geo_haversine_at_most(...) <= geo_haversine_surely_within
** (km), geo_distance_km_cos(...) <= km. */
double geo_haversine_at_most(double lat1, double lon1, double cos_lat1, double lat2,
    double lon2, double cos_lat2);
double geo_haversine_surely_within(double km);

/* A box, in degrees, holding every point within km of (lat, lon). */
void geo_box_around(double lat, double lon, double km, struct geo_box *out);

/* Make distance_km(lat1, lon1, lat2, lon2) available on db: the distance in km, or NULL
** when an argument is NULL. SQLITE_OK or an SQLite error code. */
int geo_register_sql(sqlite3 *db);

#endif
