/*
** cmd_serve.c - the serve subcommand: harden the process (no core dumps, then once the
** server listens a seccomp sandbox: no outbound connection, no exec), start the server,
** wait for SIGINT or SIGTERM, stop cleanly. What it prints is fixed text about the
** server itself and counters, never anything from a request.
*/
#include <malloc.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli.h"
#include "sandbox.h"
#include "server.h"

/* No core dumps and no ptrace by other users' processes: the memory of a process that
** has served visitors must never end up on disk. */
static int
forbid_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return -1;
	return 0;
}

void
serve_set_allocator(void)
{
	/* Blocks of 128 KiB and more (a search's gathered matches, a page being written) are
	** mapped for themselves and unmapped when freed, instead of staying in a thread's
	** heap after the request: a fixed threshold, not glibc's, which rises up to 32 MiB. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	/* No "fast bins": glibc keeps freed small blocks beyond its per-thread cache in fast
	** bins that it merges again at the next allocation of 1 KiB or more, or the free of a
	** large block (the response). When a request's JSON values still came from malloc
	** (about 10,000 for a page of 20 results) that was 9% of a search's CPU; they now
	** live in the request's arena (jsonarena.c), and what is left (SQLite, the template's
	** buffers) gains little: measured again, JSON searches within the noise, the HTML
	** results page 5-13% less CPU (docs/BENCHMARKS.md). */
	mallopt(M_MXFAST, 0);
}

int
cmd_serve(const struct cli_args *args)
{
	struct server_config cfg = { args->db, args->listen, (int)args->threads, args->geoip, 0,
	    args->public_url, args->default_language, stdout };
	struct server *srv;
	sigset_t stop_signals;
	char err[600];
	int sig;

	if (forbid_core_dumps() != 0) {
		fprintf(stderr, "solidarityd serve: cannot disable core dumps\n");
		return 1;
	}
	/* Block the stop signals before any thread starts, so only sigwait sees them. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	serve_set_allocator();
	if ((srv = calloc(1, sizeof *srv)) == NULL)
		return 1;
	if (server_start(srv, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd serve: %s\n", err);
		free(srv);
		return 1;
	}
	if (sandbox_enter(err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd serve: %s\n", err);
		server_stop(srv);
		free(srv);
		return 1;
	}
	printf("solidarityd: serving %s on port %u with %d threads\n", args->db,
	    (unsigned)srv->port, srv->cfg.threads);
	fflush(stdout);
	sigwait(&stop_signals, &sig);
	server_stop(srv);
	/* Counters only: what went wrong is never told with the request it came from. */
	printf("solidarityd: stopped (%lu internal errors, %lu library messages discarded, "
	    "%lu requests left values unfreed)\n",
	    (unsigned long)atomic_load(&srv->counters.internal_errors),
	    (unsigned long)atomic_load(&srv->counters.library_messages),
	    (unsigned long)atomic_load(&srv->counters.arena_values_kept));
	free(srv);
	return 0;
}
