/*
** geoip.h - an estimate of where a visitor is, from their IP address, read from a
** MaxMind DB file in the GeoIP2/GeoLite2 City layout (`serve --geoip FILE.mmdb`). The
** file is mapped into memory once; a lookup reads only memory. The address and the
** estimate are used to order one response and are never kept or written anywhere.
*/
#ifndef SD_GEOIP_H
#define SD_GEOIP_H

#include <sys/socket.h>
#include <maxminddb.h>

#define GEOIP_MAX_CITY 100   /* bytes of a city name */

struct geoip {
	MMDB_s mmdb;
	int    is_open;
};

struct geoip_estimate {
	double latitude, longitude;
	char   city[GEOIP_MAX_CITY + 1];   /* in the asked language, else English, else "" */
};

/* Map path into memory and check that it is a City database. 0, or -1 with a message. */
int geoip_open(struct geoip *g, const char *path, char *err, size_t errlen);

void geoip_close(struct geoip *g);

/* Estimate where addr is: 1 with out filled when the database gives coordinates, 0 when
** it knows nothing (or g is not open, or addr is not IPv4/IPv6). lang is the interface
** language code ("fr") to name the city in. */
int geoip_locate(const struct geoip *g, const struct sockaddr *addr, const char *lang,
    struct geoip_estimate *out);

#endif
