/*
** http.c - the HTTP server: starting and stopping libmicrohttpd, reading each request
** (arguments, headers, a bounded body) and sending each reply with the directory's
** headers. Nothing about a request is ever written anywhere: there is no access log, and
** the library's own messages are counted and dropped (they can hold request data).
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <microhttpd.h>

#include "catalog.h"
#include "db.h"
#include "embedded.h"
#include "compress.h"
#include "http.h"
#include "auth.h"
#include "pages.h"
#include "session.h"
#include "zone.h"
#include "validate.h"

#define MAX_QUERY_ARGS 64

/* Headers on every response. */
static const struct { const char *name, *value; } security_headers[] = {
	{ "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
	  "img-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
	  "base-uri 'none'" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Permissions-Policy", "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), "
	  "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Cross-Origin-Resource-Policy", "same-origin" },
};

/* libmicrohttpd's messages may quote a request; only their number is kept. */
static void
count_library_message(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;

	(void)fmt;
	(void)ap;
	atomic_fetch_add(&srv->counters.library_messages, 1);
}

static enum http_method
parse_method(const char *method)
{
	if (strcmp(method, MHD_HTTP_METHOD_GET) == 0)
		return METHOD_GET;
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		return METHOD_HEAD;
	if (strcmp(method, MHD_HTTP_METHOD_POST) == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/* Add key=value to the query object; a repeated key becomes an array. */
static enum MHD_Result
collect_argument(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	struct request *rq = cls;
	json_t *v, *old;

	(void)kind;
	if (value == NULL)
		value = "", value_size = 0;
	if (!valid_utf8(key, key_size) || !valid_utf8(value, value_size)) {
		rq->query_bad = QUERY_BAD_TEXT;
		return MHD_NO;
	}
	if (++rq->nargs > MAX_QUERY_ARGS) {
		rq->query_bad = QUERY_TOO_MANY;
		return MHD_NO;
	}
	v = json_stringn(value, value_size);
	old = json_object_get(rq->query, key);
	if (v == NULL)
		return MHD_NO;
	if (old == NULL)
		json_object_set_new(rq->query, key, v);
	else if (json_is_array(old))
		json_array_append_new(old, v);
	else
		json_object_set_new(rq->query, key, json_pack("[Oo]", old, v));
	return MHD_YES;
}

int
http_add_security_headers(struct MHD_Response *resp)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		ok &= MHD_add_response_header(resp, security_headers[i].name, security_headers[i].value) == MHD_YES;
	return ok ? 0 : -1;
}

static int
add_headers(struct MHD_Response *resp, const struct reply *r)
{
	int ok = http_add_security_headers(resp) == 0;

	ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type) == MHD_YES;
	ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    r->cache == CACHE_IMMUTABLE ? "public, max-age=31536000, immutable" : "no-store") == MHD_YES;
	if (r->allow != NULL)
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow) == MHD_YES;
	if (r->location[0] != '\0')
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location) == MHD_YES;
	if (r->set_cookie[0] != '\0')
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie) == MHD_YES;
	return ok ? 0 : -1;
}

/* Replace the reply's bytes by their gzip stream when the client accepts it and the reply
** may be compressed. 1 when it was, 0 when the reply goes as it is. */
static int
compress_reply(struct reply *r, int accepts_gzip)
{
	const void *bytes = r->static_body != NULL ? (const void *)r->static_body : r->body.data;
	size_t len = r->static_body != NULL ? r->static_len : r->body.len;
	struct buf packed = BUF_INIT;

	if (!r->compressible || !accepts_gzip || len < COMPRESS_MIN_BYTES ||
	    compress_gzip(bytes, len, &packed) != 0) {
		buf_free(&packed);
		return 0;
	}
	buf_free(&r->body);
	r->body = packed;
	r->static_body = NULL;
	return 1;
}

static enum MHD_Result
send_reply(struct server *srv, struct MHD_Connection *conn, struct reply *r, int accepts_gzip)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int gzipped = compress_reply(r, accepts_gzip);
	size_t len;
	char *data;

	if (r->static_body != NULL) {
		resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
		    MHD_RESPMEM_PERSISTENT);
	} else {
		data = buf_detach(&r->body, &len);
		if (data == NULL)
			return MHD_NO;
		resp = MHD_create_response_from_buffer_with_free_callback(len, data, free);
		if (resp == NULL)
			free(data);
	}
	if (resp == NULL)
		return MHD_NO;
	if (add_headers(resp, r) != 0 ||
	    (r->compressible && MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
	        MHD_HTTP_HEADER_ACCEPT_ENCODING) != MHD_YES) ||
	    (gzipped && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING,
	        "gzip") != MHD_YES)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	if (r->status >= 500)
		atomic_fetch_add(&srv->counters.internal_errors, 1);
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A plain reply for the cases handled before routing (body too large, bad arguments). */
static enum MHD_Result
send_plain(struct server *srv, struct MHD_Connection *conn, int status, const char *code,
    const char *message)
{
	struct reply r;

	memset(&r, 0, sizeof r);
	r.status = status;
	r.content_type = "application/json";
	buf_printf(&r.body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, message);
	return send_reply(srv, conn, &r, 0);
}

/* First call for a request: allocate its state; refuse a declared oversized body now. */
static enum MHD_Result
begin_request(struct server *srv, struct MHD_Connection *conn, const char *method, void **con_cls)
{
	const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	struct request *rq = calloc(1, sizeof *rq);
	long declared;

	if (rq == NULL)
		return MHD_NO;
	rq->method = parse_method(method);
	*con_cls = rq;
	if (length != NULL && (!valid_long(length, 0, 1L << 40, &declared) || declared > SERVER_BODY_LIMIT)) {
		rq->body_too_large = 1;
		return send_plain(srv, conn, 413, "payload_too_large", "the request body is larger than 64 KiB");
	}
	return MHD_YES;
}

static void
read_body(struct request *rq, const char *data, size_t *size)
{
	if (!rq->body_too_large && rq->body.len + *size <= SERVER_BODY_LIMIT)
		buf_append(&rq->body, data, *size);
	else
		rq->body_too_large = 1;
	*size = 0;
}

/* The visitor's address, only when a GeoIP database is open: it is read for the
** in-memory estimate and nothing else. */
static const struct sockaddr *
client_address(const struct server *srv, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info;

	if (!srv->geoip.is_open)
		return NULL;
	info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	return info != NULL ? info->client_addr : NULL;
}

/* The headers the account pages need: the session cookie (only the directory's own
** cookie is looked at), Origin, Sec-Fetch-Site, Host and Authorization. Public pages
** never use them, and none is ever written anywhere. */
static void
read_account_headers(const struct server *srv, struct MHD_Connection *conn, struct request *rq)
{
	rq->session_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
	    session_cookie_name(srv->https));
	rq->origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	rq->fetch_site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
	rq->host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	rq->authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
}

/* Empty the request's arena; a value left in it is counted (a leak, never request data). */
static void
end_arena(struct server *srv, struct json_arena *arena)
{
	if (json_arena_end(arena) != 0)
		atomic_fetch_add(&srv->counters.arena_values_kept, 1);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct request *rq = *con_cls;
	struct json_arena *arena;
	struct reply r;

	(void)version;
	if (rq == NULL)
		return begin_request(srv, conn, method, con_cls);
	if (*upload_data_size > 0) {
		read_body(rq, upload_data, upload_data_size);
		return MHD_YES;
	}
	if (rq->body_too_large)
		return send_plain(srv, conn, 413, "payload_too_large", "the request body is larger than 64 KiB");
	arena = json_arena_begin(&srv->arenas);
	rq->query = json_object();
	if (rq->query == NULL) {
		end_arena(srv, arena);
		return MHD_NO;
	}
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_argument, rq);
	rq->accept_language = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	rq->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	rq->client_addr = client_address(srv, conn);
	read_account_headers(srv, conn, rq);
	memset(&r, 0, sizeof r);
	rq->accepts_gzip = compress_accepts_gzip(MHD_lookup_connection_value(conn,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	routes_dispatch(srv, url, rq, &r);
	json_arena_drop(rq->query);
	rq->query = NULL;
	end_arena(srv, arena);
	return send_reply(srv, conn, &r, rq->accepts_gzip);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls, (void)conn, (void)toe;
	if (rq == NULL)
		return;
	buf_free(&rq->body);
	free(rq);
	*con_cls = NULL;
}

int
server_parse_listen(const char *listen, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon = strrchr(listen, ':');
	size_t n;
	long p;

	if (colon == NULL || !valid_long(colon + 1, 0, 65535, &p))
		return -1;
	n = (size_t)(colon - listen);
	if (n >= 2 && listen[0] == '[' && listen[n - 1] == ']')
		listen++, n -= 2;
	if (n == 0 || n >= hostlen)
		return -1;
	memcpy(host, listen, n);
	host[n] = '\0';
	if (strcmp(host, "localhost") == 0)
		snprintf(host, hostlen, "127.0.0.1");
	*port = (uint16_t)p;
	return 0;
}

/* Fill addr for host:port; 0, or -1 when host is not a numeric address. */
static int
socket_address(const char *listen, struct sockaddr_storage *addr, unsigned *flags)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
	char host[64];
	uint16_t port;

	memset(addr, 0, sizeof *addr);
	if (server_parse_listen(listen, host, sizeof host, &port) != 0)
		return -1;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		*flags |= MHD_USE_IPv6;
		return 0;
	}
	return -1;
}

static int
thread_count(int wanted)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (wanted <= 0)
		wanted = cores > 0 ? (int)cores : 2;
	return wanted > SERVER_MAX_THREADS ? SERVER_MAX_THREADS : wanted;
}

static int
start_daemon(struct server *s, char *err, size_t errlen)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	struct sockaddr_storage addr;
	const union MHD_DaemonInfo *info;

	if (socket_address(s->cfg.listen, &addr, &flags) != 0) {
		snprintf(err, errlen, "--listen %s: expected a numeric address and port, like 127.0.0.1:8080",
		    s->cfg.listen);
		return -1;
	}
	/* The logger comes first: messages about options before it would go to stderr. */
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, count_library_message, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not available)", s->cfg.listen);
		return -1;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return 0;
}

/* Compile every embedded template. */
static int
load_templates(struct server *s, char *err, size_t errlen)
{
	static const char dir[] = "client-web/templates/";
	size_t i;

	if ((s->templates = tmpl_set_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < embedded_count; i++) {
		if (strncmp(embedded_files[i].name, dir, sizeof dir - 1) != 0)
			continue;
		if (tmpl_set_add(s->templates, embedded_files[i].name + sizeof dir - 1,
		    (const char *)embedded_files[i].data, embedded_files[i].len, err, errlen) != 0)
			return -1;
	}
	return tmpl_set_link(s->templates, err, errlen);
}

static int
load_synonyms(struct server *s, char *err, size_t errlen)
{
	const struct embedded_file *f = embedded_find("fixtures/synonyms.json");
	json_error_t jerr;
	json_t *doc;

	if (f == NULL)
		return 0;
	doc = json_loadb((const char *)f->data, f->len, 0, &jerr);
	if (doc == NULL) {
		snprintf(err, errlen, "fixtures/synonyms.json:%d: %s", jerr.line, jerr.text);
		return -1;
	}
	s->synonyms = synonyms_load(doc, err, errlen);
	json_decref(doc);
	return s->synonyms ? 0 : -1;
}

/* The directory's default interface language (--default-language, else the database's
** setting, else French) and time zone, from the database. The zone becomes the
** process's local time, before any request thread starts. */
static int
read_settings(struct server *s, char *err, size_t errlen)
{
	struct dbconn *c = pool_acquire(&s->readers);
	char lang[16], zone[128], key[80];
	int rc = db_check_version(c, err, errlen);

	s->default_ui = UI_FR;
	if (rc == 0 && (db_setting(c, "form_key", key, sizeof key) != 0 ||
	    auth_key_from_hex(key, s->form_key) != 0)) {
		snprintf(err, errlen, "the database has no valid form key (run solidarityd init)");
		rc = -1;
	}
	if (rc == 0 && db_setting(c, "default_language", lang, sizeof lang) == 0 &&
	    catalog_ui_index(lang) >= 0)
		s->default_ui = catalog_ui_index(lang);
	if (rc == 0 && db_setting(c, "time_zone", zone, sizeof zone) != 0)
		snprintf(zone, sizeof zone, "America/Montreal");
	pool_release(&s->readers, c);
	if (rc == 0 && s->cfg.default_language != NULL) {
		if ((s->default_ui = catalog_ui_index(s->cfg.default_language)) < 0) {
			snprintf(err, errlen, "unknown default language \"%.20s\" (" UI_CODES_TEXT ")",
			    s->cfg.default_language);
			return -1;
		}
	}
	return rc == 0 ? zone_use(zone, err, errlen) : rc;
}

/* --public-url: its origin, for checking where forms come from, and whether cookies
** must be Secure. */
static int
read_public_url(struct server *s, char *err, size_t errlen)
{
	const char *url = s->cfg.public_url, *path;
	size_t n;

	if (url == NULL)
		return 0;
	if (!valid_url(url, 200)) {
		snprintf(err, errlen, "--public-url: expected an absolute http:// or https:// address");
		return -1;
	}
	s->https = strncmp(url, "https://", 8) == 0;
	path = strchr(url + (s->https ? 8 : 7), '/');
	n = path != NULL ? (size_t)(path - url) : strlen(url);
	snprintf(s->public_origin, sizeof s->public_origin, "%.*s", (int)n, url);
	return 0;
}

static int
open_geoip(struct server *s, char *err, size_t errlen)
{
	return s->cfg.geoip_path == NULL ? 0 : geoip_open(&s->geoip, s->cfg.geoip_path, err, errlen);
}

time_t
server_now(const struct server *s)
{
	return s->cfg.fixed_now != 0 ? s->cfg.fixed_now : time(NULL);
}

/* What pages share in every interface language, made once: the templates' texts
** translated (pages.h) and the filters' entries (view.h). 0, or -1 with a message. */
static int
make_per_language(struct server *s, char *err, size_t errlen)
{
	if (page_translate_templates(s->templates, s->i18n) == 0 &&
	    view_filter_entries_make(&s->filter_entries, s->i18n) == 0)
		return 0;
	snprintf(err, errlen, "out of memory");
	return -1;
}

int
server_start(struct server *s, const struct server_config *cfg, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->cfg = *cfg;
	if (auth_init(err, errlen) != 0)
		return -1;
	if (json_arenas_init(&s->arenas) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cfg.threads = thread_count(cfg->threads);
	if (assets_load(&s->assets) != 0 || (s->asset_urls = assets_urls(&s->assets)) == NULL) {
		snprintf(err, errlen, "cannot load the static files");
		goto fail;
	}
	if (load_templates(s, err, errlen) != 0 || load_synonyms(s, err, errlen) != 0 ||
	    (s->i18n = i18n_load(err, errlen)) == NULL || make_per_language(s, err, errlen) != 0 ||
	    places_load_embedded(&s->places, err, errlen) != 0 || open_geoip(s, err, errlen) != 0)
		goto fail;
	if (pool_open(&s->readers, cfg->db_path, s->cfg.threads, err, errlen) != 0 ||
	    keeper_start(&s->keeper, cfg->db_path, s->synonyms, cfg->progress, err,
	    errlen) != 0)
		goto fail;
	if (writer_open(&s->writer, cfg->db_path, err, errlen) != 0 ||
	    read_settings(s, err, errlen) != 0 || read_public_url(s, err, errlen) != 0 ||
	    report_limit_init(&s->reports, err, errlen) != 0 || start_daemon(s, err, errlen) != 0)
		goto fail;
	return 0;
fail:
	server_stop(s);
	return -1;
}

void
server_stop(struct server *s)
{
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	s->daemon = NULL;
	json_arenas_free(&s->arenas);
	keeper_stop(&s->keeper);
	pool_close(&s->readers);
	writer_close(&s->writer);
	report_limit_free(&s->reports);
	tmpl_set_free(s->templates);
	i18n_free(s->i18n);
	synonyms_free(s->synonyms);
	places_free(&s->places);
	geoip_close(&s->geoip);
	json_decref(s->asset_urls);
	view_filter_entries_release(&s->filter_entries);
	assets_free(&s->assets);
	s->templates = NULL;
	s->i18n = NULL;
	s->synonyms = NULL;
	s->asset_urls = NULL;
}
