/*
** http.h - what the HTTP layer (http.c) hands to the routes (routes.c): one request's
** state and the reply a route fills in. The HTTP layer owns the daemon, reads bodies
** within their limit, and sends every reply with the same security headers.
*/
#ifndef SD_HTTP_H
#define SD_HTTP_H

#include <jansson.h>
#include <sys/socket.h>

#include "apierror.h"
#include "buf.h"
#include "server.h"

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

enum { QUERY_BAD_TEXT = 1, QUERY_TOO_MANY = 2 };

enum cache_policy {
	CACHE_NONE,       /* Cache-Control: no-store (every page and API response) */
	CACHE_IMMUTABLE   /* content-hash static assets: cached for a year */
};

/* One request. Lives from the first call of the access handler to its completion. */
struct request {
	enum http_method method;
	struct buf       body;            /* request body, at most SERVER_BODY_LIMIT bytes */
	int              body_too_large;  /* more was sent; the reply is 413 */
	json_t          *query;           /* query-string arguments: key -> string or array;
	                                   ** made and freed within the request's arena */
	int              nargs;           /* query-string arguments seen */
	int              query_bad;       /* QUERY_BAD_TEXT or QUERY_TOO_MANY, else 0 */
	const char      *accept_language; /* header value or NULL; borrowed from the library */
	const char      *content_type;    /* header value or NULL; borrowed */
	const char      *session_cookie;  /* the value of the directory's session cookie (and
	                                  ** of no other cookie), or NULL; borrowed */
	const char      *origin;          /* Origin header or NULL; borrowed */
	const char      *fetch_site;      /* Sec-Fetch-Site header or NULL; borrowed */
	const char      *host;            /* Host header or NULL; borrowed */
	const char      *authorization;   /* Authorization header or NULL; borrowed */
	int              accepts_gzip;    /* Accept-Encoding allows gzip */
	const struct sockaddr *client_addr; /* only with --geoip, for the in-memory estimate;
	                                    ** borrowed, never copied or written */
};

struct reply {
	int               status;        /* HTTP status */
	const char       *content_type;  /* constant string */
	struct buf        body;
	const unsigned char *static_body;  /* instead of body: constant bytes (assets) */
	size_t            static_len;
	enum cache_policy cache;
	const char       *allow;         /* Allow header value for 405 replies, or NULL */
	char              location[512]; /* a local path to redirect to (303), or "" */
	char              set_cookie[200]; /* a Set-Cookie value (accounts only), or "" */
	int               compressible;  /* holds no secret: may be sent with gzip (compress.h) */
};

/* Fill out for the request for url (path only, decoded). Never fails: errors become
** error replies. Defined in routes.c. */
void routes_dispatch(struct server *srv, const char *url, struct request *rq, struct reply *out);

/* Add the security headers every response of the directory carries (http.c) to resp.
** 0, or -1 when one could not be added. */
struct MHD_Response;
int http_add_security_headers(struct MHD_Response *resp);

#endif
