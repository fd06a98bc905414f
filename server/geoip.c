/*
** geoip.c - estimating a visitor's city from a MaxMind DB file (see geoip.h).
*/
#include <stdio.h>
#include <string.h>

#include "geoip.h"
#include "validate.h"

int
geoip_open(struct geoip *g, const char *path, char *err, size_t errlen)
{
	int rc;

	memset(g, 0, sizeof *g);
	rc = MMDB_open(path, MMDB_MODE_MMAP, &g->mmdb);
	if (rc != MMDB_SUCCESS) {
		snprintf(err, errlen, "cannot read %s: %s", path, MMDB_strerror(rc));
		return -1;
	}
	if (g->mmdb.metadata.database_type == NULL ||
	    strstr(g->mmdb.metadata.database_type, "City") == NULL) {
		snprintf(err, errlen, "%s is a %s database; a City database (GeoLite2-City layout) is needed",
		    path, g->mmdb.metadata.database_type ? g->mmdb.metadata.database_type : "unknown");
		MMDB_close(&g->mmdb);
		return -1;
	}
	g->is_open = 1;
	return 0;
}

void
geoip_close(struct geoip *g)
{
	if (g->is_open)
		MMDB_close(&g->mmdb);
	g->is_open = 0;
}

static int
get_double(MMDB_entry_s *entry, const char *field, double *out)
{
	MMDB_entry_data_s data;

	if (MMDB_get_value(entry, &data, "location", field, NULL) != MMDB_SUCCESS ||
	    !data.has_data || data.type != MMDB_DATA_TYPE_DOUBLE)
		return -1;
	*out = data.double_value;
	return 0;
}

/* The city's name in lang into out; 0, or -1 when there is none fit to show. */
static int
get_city(MMDB_entry_s *entry, const char *lang, char *out, size_t outlen)
{
	MMDB_entry_data_s data;

	if (MMDB_get_value(entry, &data, "city", "names", lang, NULL) != MMDB_SUCCESS ||
	    !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING ||
	    data.data_size == 0 || data.data_size >= outlen ||
	    !valid_text(data.utf8_string, data.data_size, outlen - 1, 0))
		return -1;
	memcpy(out, data.utf8_string, data.data_size);
	out[data.data_size] = '\0';
	return 0;
}

int
geoip_locate(const struct geoip *g, const struct sockaddr *addr, const char *lang,
    struct geoip_estimate *out)
{
	MMDB_lookup_result_s found;
	int mmdb_error = MMDB_SUCCESS;

	memset(out, 0, sizeof *out);
	if (!g->is_open || addr == NULL ||
	    (addr->sa_family != AF_INET && addr->sa_family != AF_INET6))
		return 0;
	found = MMDB_lookup_sockaddr(&g->mmdb, addr, &mmdb_error);
	if (mmdb_error != MMDB_SUCCESS || !found.found_entry)
		return 0;
	if (get_double(&found.entry, "latitude", &out->latitude) != 0 ||
	    get_double(&found.entry, "longitude", &out->longitude) != 0 ||
	    out->latitude < -90 || out->latitude > 90 ||
	    out->longitude < -180 || out->longitude > 180)
		return 0;
	if (get_city(&found.entry, lang, out->city, sizeof out->city) != 0 &&
	    get_city(&found.entry, "en", out->city, sizeof out->city) != 0)
		out->city[0] = '\0';
	return 1;
}
