/*
** server.h - the running directory service: its configuration and the server context,
** the one place that holds state shared by the request threads (all of it read-only
** after server_start, except the pool and the search image keeper, which have their own
** locks, and the counters, which are atomic).
*/
#ifndef SD_SERVER_H
#define SD_SERVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "assets.h"
#include "geoip.h"
#include "i18n.h"
#include "jsonarena.h"
#include "places.h"
#include "pool.h"
#include "reportlimit.h"
#include "searchterms.h"
#include "snapshot_keeper.h"
#include "template.h"
#include "view.h"
#include "writer.h"

#define SERVER_MAX_THREADS   64
#define SERVER_BODY_LIMIT    (64 * 1024)   /* bytes of a request body; more is 413 */
#define SERVER_CONN_TIMEOUT  15            /* seconds of idleness before a connection closes */
#define SERVER_CONN_LIMIT    1024
#define SERVER_CONN_MEMORY   (32 * 1024)   /* bytes of headers and request line per connection */

struct server_config {
	const char *db_path;   /* database file */
	const char *listen;    /* "host:port"; port 0 picks a free one */
	int         threads;   /* request threads; 0 = one per core */
	const char *geoip_path; /* MaxMind DB City file for estimating visitors' cities, or NULL */
	time_t      fixed_now; /* tests: the clock always says this; 0 = the real clock */
	const char *public_url; /* the address people use, e.g. https://directory.example.org,
	                        ** or NULL (plain HTTP on this address, for development) */
	const char *default_language; /* interface language code replacing the database's
	                              ** default_language setting for this run, or NULL */
	FILE       *progress;  /* told when a search image is built, or NULL */
};

/* Counters of things that went wrong; request data never goes with them. */
struct server_counters {
	atomic_ulong internal_errors;   /* 500 responses */
	atomic_ulong library_messages;  /* messages libmicrohttpd wanted to log (discarded) */
	atomic_ulong arena_values_kept; /* requests that ended with JSON values not freed */
};

struct server {
	struct server_config    cfg;
	struct MHD_Daemon      *daemon;
	struct pool             readers;     /* one read-only connection per thread */
	struct writer           writer;      /* the one read-write connection (accounts, edits) */
	struct snapshot_keeper  keeper;      /* the search's image in memory (own lock) */
	unsigned char           form_key[32]; /* key of the form tokens (directory setting) */
	int                     https;       /* public_url is https: cookies are Secure */
	char                    public_origin[256]; /* scheme://host[:port] of public_url, or "" */
	struct report_limit     reports;     /* hourly caps of anonymous reports */
	struct json_arenas      arenas;      /* each request thread's JSON values (own lock) */
	struct tmpl_set        *templates;   /* compiled client-web/templates */
	struct i18n            *i18n;        /* interface translations */
	struct synonyms        *synonyms;    /* cross-language search synonyms */
	struct places           places;      /* names near= accepts */
	struct geoip            geoip;       /* open only with --geoip */
	struct assets           assets;      /* static files */
	json_t                 *asset_urls;  /* template names -> content-hash URLs */
	struct view_filter_entries filter_entries; /* the filters' entries, in every
	                                      ** language, shared read-only by requests */
	int                     default_ui;  /* the directory's default interface language */
	uint16_t                port;        /* the port actually bound */
	struct server_counters  counters;
};

/* Load templates, catalogs and synonyms, open the database pool and start listening.
** 0, or -1 with a message; on error nothing is left running or allocated. */
int server_start(struct server *s, const struct server_config *cfg, char *err, size_t errlen);

/* The current time, or the configured fixed time. */
time_t server_now(const struct server *s);

/* Stop listening, wait for the request threads, and free everything. */
void server_stop(struct server *s);

/* Parse "host:port" (IPv4 dotted quad or "[v6]" or "localhost"). 0, or -1. */
int server_parse_listen(const char *listen, char *host, size_t hostlen, uint16_t *port);

/* Set glibc's allocator as `serve` runs it, before any thread starts (cmd_serve.c; the
** bench's floor uses it too, to be served as the directory is). */
void serve_set_allocator(void);

#endif
