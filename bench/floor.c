/*
** floor.c - the least a response costs when it is made the directory's way, for
** `make bench` (bench/run.sh).
**
** Usage: floor FILE PORT
**
** Serves the JSON document in FILE (a search response the directory returned) to every
** GET on 127.0.0.1:PORT. For each request it makes the document again as a jansson value,
** in the request thread's arena, with the calls the directory's handlers make
** (json_object, json_object_setn_new_nocheck, json_stringn_nocheck, json_array_append_new),
** writes it with jsonout_compact and sends it with the directory's headers, from a
** libmicrohttpd daemon started as `serve` starts its own (one thread per core, epoll).
** There is no database, no search, no summary to read and no query to check: what is left
** is what every response costs that is one jansson value made for its request and then
** written out, as the directory's are. Its requests/s beside nginx's, on the same bytes,
** is the most the directory's ratio to nginx can be on the machine.
*/
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <jansson.h>

#include "buf.h"
#include "http.h"
#include "jsonarena.h"
#include "jsonout.h"
#include "server.h"

/* The document's values that appear more than once (labels, dates, places), found when
** it is read: a request makes each of them once and shares it wherever it appears, as
** the directory shares a response's labels, so that the floor makes no value twice. */
struct shared_slot {
	const json_t *value;   /* NULL: the slot is free */
	size_t        index;   /* where a request keeps the value it made for it */
};

struct floor {
	json_t             *document;   /* the response, read once from FILE */
	struct shared_slot *slots;      /* open addressing on the value's address */
	size_t              mask;       /* slots - 1, a power of two less one */
	size_t              nshared;
	size_t              nvalues;    /* in the document */
	struct json_arenas  arenas;
};

static size_t
slot_hash(const struct floor *f, const json_t *v)
{
	return (size_t)(((uintptr_t)v >> 4) * 0x9E3779B97F4A7C15ull) & f->mask;
}

/* The index of shared value v, or (size_t)-1 when v appears once. */
static size_t
shared_index(const struct floor *f, const json_t *v)
{
	size_t at;

	if (v->refcount < 2 || (!json_is_string(v) && !json_is_object(v)))
		return (size_t)-1;
	for (at = slot_hash(f, v); f->slots[at].value != NULL; at = (at + 1) & f->mask)
		if (f->slots[at].value == v)
			return f->slots[at].index;
	return (size_t)-1;
}

/* What makes v equal to another value worth sharing, into key: its text for a string,
** its bytes for an object whose members are all scalars; nothing for anything else. */
static int
sharing_key(const json_t *v, struct buf *key)
{
	const char *k;
	json_t *member;

	buf_reset(key);
	if (json_is_string(v))
		return buf_putc(key, 's') != 0 ? -1 :
		    buf_append(key, json_string_value(v), json_string_length(v));
	if (!json_is_object(v) || json_object_size(v) == 0)
		return 0;
	json_object_foreach((json_t *)v, k, member)
		if (json_is_object(member) || json_is_array(member))
			return 0;
	return buf_putc(key, 'o') != 0 ? -1 : jsonout_compact(key, v, 0);
}

static int share_repeats(json_t *v, json_t *seen, struct buf *key);

/* The value equal to v seen before (in seen, by its sharing_key), or NULL when v is the
** first of its kind or cannot be shared (the values it holds are then shared in their
** turn). *failed is set on an error. */
static json_t *
earlier_equal(json_t *v, json_t *seen, struct buf *key, int *failed)
{
	json_t *same;

	if (sharing_key(v, key) != 0) {
		*failed = 1;
		return NULL;
	}
	if (key->len == 0) {
		*failed = share_repeats(v, seen, key) != 0;
		return NULL;
	}
	if ((same = json_object_getn(seen, key->data, key->len)) != NULL)
		return same;
	*failed = json_object_setn_nocheck(seen, key->data, key->len, v) != 0 ||
	    share_repeats(v, seen, key) != 0;   /* an object's strings (e.g. a label) */
	return NULL;
}

/* Make every value within v that equals one seen before that one value, held by each of
** its parents. */
static int
share_repeats(json_t *v, json_t *seen, struct buf *key)
{
	json_t *same;
	void *at;
	size_t i;
	int failed = 0;

	if (json_is_object(v))
		for (at = json_object_iter(v); at != NULL && !failed; at = json_object_iter_next(v, at))
			if ((same = earlier_equal(json_object_iter_value(at), seen, key, &failed)) != NULL)
				failed = json_object_iter_set(v, at, same) != 0;
	if (json_is_array(v))
		for (i = 0; i < json_array_size(v) && !failed; i++)
			if ((same = earlier_equal(json_array_get(v, i), seen, key, &failed)) != NULL)
				failed = json_array_set(v, i, same) != 0;
	return failed ? -1 : 0;
}

/* Give each value held more than once a slot. */
static int
index_shared(struct floor *f, const json_t *v)
{
	json_t *child;
	void *at;
	size_t i, slot;

	if (v->refcount > 1 && (json_is_string(v) || json_is_object(v))) {
		if (shared_index(f, v) != (size_t)-1)
			return 0;
		if (f->nshared * 2 >= f->mask)
			return -1;
		for (slot = slot_hash(f, v); f->slots[slot].value != NULL; slot = (slot + 1) & f->mask)
			;
		f->slots[slot].value = v;
		f->slots[slot].index = f->nshared++;
	}
	if (json_is_object(v))
		for (at = json_object_iter((json_t *)v); at != NULL; at = json_object_iter_next((json_t *)v, at))
			if (index_shared(f, json_object_iter_value(at)) != 0)
				return -1;
	if (json_is_array(v))
		json_array_foreach(v, i, child)
			if (index_shared(f, child) != 0)
				return -1;
	return 0;
}

static size_t
count_values(const json_t *v)
{
	json_t *child;
	void *at;
	size_t i, n = 1;

	if (json_is_object(v))
		for (at = json_object_iter((json_t *)v); at != NULL; at = json_object_iter_next((json_t *)v, at))
			n += count_values(json_object_iter_value(at));
	if (json_is_array(v))
		json_array_foreach(v, i, child)
			n += count_values(child);
	return n;
}

/* Read FILE's document and find its repeated values; 0, or -1 with a message. */
static int
load_document(struct floor *f, const char *path)
{
	json_error_t error;
	struct buf key = BUF_INIT;
	json_t *seen = json_object();
	int rc;

	if ((f->document = json_load_file(path, 0, &error)) == NULL) {
		fprintf(stderr, "floor: %s: %s\n", path, error.text);
		json_decref(seen);
		return -1;
	}
	rc = seen != NULL && share_repeats(f->document, seen, &key) == 0 ? 0 : -1;
	json_decref(seen);   /* from here, a value held twice is held by two parents */
	buf_free(&key);
	f->nvalues = count_values(f->document);
	for (f->mask = 1; f->mask < 2 * f->nvalues; f->mask <<= 1)
		;
	f->mask -= 1;
	if (rc != 0 || (f->slots = calloc(f->mask + 1, sizeof *f->slots)) == NULL ||
	    index_shared(f, f->document) != 0) {
		fprintf(stderr, "floor: %s: cannot read it\n", path);
		return -1;
	}
	return 0;
}

/* A new value equal to v, made node by node as a handler makes its values; a value of
** the document held more than once is made once (made[] keeps it) and shared. */
static json_t *
make_again(const struct floor *f, const json_t *v, json_t **made)
{
	size_t shared = shared_index(f, v);
	json_t *value, *item;
	void *at;
	size_t i;

	if (shared != (size_t)-1 && made[shared] != NULL)
		return json_incref(made[shared]);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		value = json_object();
		for (at = json_object_iter((json_t *)v); value != NULL && at != NULL;
		    at = json_object_iter_next((json_t *)v, at))
			if (json_object_setn_new_nocheck(value, json_object_iter_key(at),
			    json_object_iter_key_len(at), make_again(f, json_object_iter_value(at), made)) != 0) {
				json_decref(value);
				value = NULL;
			}
		break;
	case JSON_ARRAY:
		value = json_array();
		json_array_foreach(v, i, item)
			if (value != NULL && json_array_append_new(value, make_again(f, item, made)) != 0) {
				json_decref(value);
				value = NULL;
			}
		break;
	case JSON_STRING:
		value = json_stringn_nocheck(json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		value = json_integer(json_integer_value(v));
		break;
	case JSON_REAL:
		value = json_real(json_real_value(v));
		break;
	default:   /* true, false and null are jansson's own constants */
		value = (json_t *)v;
		break;
	}
	if (shared != (size_t)-1)
		made[shared] = value;
	return value;
}

/* The document's bytes, made for this request; 0, or -1. */
static int
write_document(struct floor *f, struct buf *out)
{
	json_t **made = calloc(f->nshared + 1, sizeof *made);
	struct json_arena *arena = json_arena_begin(&f->arenas);
	json_t *value = made != NULL ? make_again(f, f->document, made) : NULL;
	int rc = value != NULL ? jsonout_compact(out, value, 0) : -1;

	if (value != NULL)
		json_arena_drop(value);
	if (arena != NULL)
		json_arena_end(arena);
	free(made);
	return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct buf body = BUF_INIT;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *data;

	(void)url; (void)method; (void)version; (void)upload; (void)upload_size;
	if (*state == NULL) {   /* the headers are in; the reply comes at the next call */
		*state = conn;
		return MHD_YES;
	}
	if (write_document(cls, &body) != 0 || (data = buf_detach(&body, &len)) == NULL) {
		buf_free(&body);
		return MHD_NO;
	}
	resp = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (resp == NULL) {
		free(data);
		return MHD_NO;
	}
	if (http_add_security_headers(resp) != 0 ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING) != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

static struct MHD_Daemon *
start_daemon(struct floor *f, unsigned short port)
{
	struct sockaddr_in addr;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL,
	    on_request, f,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cores > 0 ? cores : 1),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_CONN_MEMORY,
	    MHD_OPTION_END);
}

int
main(int argc, char **argv)
{
	struct floor f;
	struct MHD_Daemon *daemon;
	sigset_t stop;
	int port, sig;

	if (argc != 3 || (port = atoi(argv[2])) <= 0 || port > 65535) {
		fprintf(stderr, "usage: floor FILE PORT\n");
		return 2;
	}
	memset(&f, 0, sizeof f);
	if (load_document(&f, argv[1]) != 0)
		return 1;
	serve_set_allocator();
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	if (json_arenas_init(&f.arenas) != 0 || (daemon = start_daemon(&f, (unsigned short)port)) == NULL) {
		fprintf(stderr, "floor: cannot serve on 127.0.0.1:%d\n", port);
		return 1;
	}
	printf("floor: serving %s (%zu values, %zu of them shared) on port %d\n", argv[1],
	    f.nvalues, f.nshared, port);
	fflush(stdout);
	sigwait(&stop, &sig);
	MHD_stop_daemon(daemon);
	json_decref(f.document);
	free(f.slots);
	json_arenas_free(&f.arenas);
	return 0;
}
