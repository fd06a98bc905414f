/*
** child.c - child processes, temporary folders and file reads for tests (see child.h).
** Everything the child needs is prepared before fork; between fork and exec it only calls
** async-signal-safe functions.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

extern char **environ;

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 if entry ("NAME=value") sets the variable that override sets. */
static int
same_variable(const char *entry, const char *override)
{
	const char *eq = strchr(override, '=');
	size_t n = eq ? (size_t)(eq - override) : strlen(override);

	return strncmp(entry, override, n) == 0 && entry[n] == '=';
}

/* environ without the variables env sets, then env. NULL when out of memory. */
static char **
child_environment(const char *const *env)
{
	size_t n = 0, extra = 0, i, j, k = 0;
	char **out;
	int replaced;

	while (environ != NULL && environ[n] != NULL)
		n++;
	while (env != NULL && env[extra] != NULL)
		extra++;
	if ((out = calloc(n + extra + 1, sizeof *out)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		for (replaced = 0, j = 0; j < extra && !replaced; j++)
			replaced = same_variable(environ[i], env[j]);
		if (!replaced)
			out[k++] = environ[i];
	}
	for (j = 0; j < extra; j++)
		out[k++] = (char *)env[j];
	out[k] = NULL;
	return out;
}

static int
redirect(const char *path, int fd)
{
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (f < 0)
		return -1;
	if (dup2(f, fd) < 0)
		return -1;
	close(f);
	return 0;
}

/* In the child: set up and exec; never returns. */
static void
run_child(const struct child_spec *spec, char **envp)
{
	int devnull = open("/dev/null", O_RDONLY);

	if (devnull < 0 || dup2(devnull, 0) < 0 || redirect(spec->out_path, 1) != 0 ||
	    redirect(spec->err_path, 2) != 0)
		_exit(CHILD_EXEC_FAILED);
	if (spec->cwd != NULL && chdir(spec->cwd) != 0)
		_exit(CHILD_EXEC_FAILED);
	if (spec->as_user && (setgroups(0, NULL) != 0 || setgid(spec->gid) != 0 ||
	    setuid(spec->uid) != 0))
		_exit(CHILD_EXEC_FAILED);
	execve(spec->argv[0], (char *const *)spec->argv, envp);
	_exit(CHILD_EXEC_FAILED);
}

int
child_start(struct child *c, const struct child_spec *spec)
{
	char **envp = child_environment(spec->env);
	pid_t pid;

	memset(c, 0, sizeof *c);
	if (envp == NULL)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		run_child(spec, envp);
	free(envp);
	if (pid < 0)
		return -1;
	c->pid = pid;
	return 0;
}

/* Reap without waiting. 1 if the child has ended (now or before), else 0. */
static int
child_ended(struct child *c)
{
	if (c->pid <= 0 || c->reaped)
		return 1;
	if (waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
		c->reaped = 1;
		return 1;
	}
	return 0;
}

/* The port of the first complete line holding "on port N", or 0. */
static unsigned
port_in(const char *text)
{
	const char *p = strstr(text, " on port ");
	char *end;
	unsigned long port;

	if (p == NULL || strchr(p, '\n') == NULL)
		return 0;
	port = strtoul(p + 9, &end, 10);
	return end != p + 9 && port > 0 && port < 65536 ? (unsigned)port : 0;
}

int
child_wait_port(struct child *c, const char *out_path, double seconds, unsigned *port)
{
	double deadline = now_seconds() + seconds;
	char *text;
	size_t len;

	for (;;) {
		if ((text = file_slurp(out_path, &len)) != NULL) {
			*port = port_in(text);
			free(text);
			if (*port != 0)
				return 0;
		}
		if (child_ended(c) || now_seconds() > deadline)
			return -1;
		sleep_ms(20);
	}
}

int
child_wait(struct child *c, double seconds)
{
	double deadline = now_seconds() + seconds;

	while (!child_ended(c)) {
		if (now_seconds() > deadline)
			return -1;
		sleep_ms(10);
	}
	return 0;
}

void
child_kill(struct child *c)
{
	if (c->pid <= 0 || child_ended(c))
		return;
	kill(c->pid, SIGKILL);
	if (waitpid(c->pid, &c->status, 0) == c->pid)
		c->reaped = 1;
}

/* The parent pid in /proc/PID/stat ("pid (comm) state ppid ..."), or -1. */
static pid_t
parent_of(const char *pid_name)
{
	char path[64], line[512], *close_paren;
	long ppid;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%s/stat", pid_name);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	if (!ok || (close_paren = strrchr(line, ')')) == NULL)
		return -1;
	return sscanf(close_paren + 1, " %*c %ld", &ppid) == 1 ? (pid_t)ppid : -1;
}

pid_t
child_find_child(pid_t parent)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = -1;

	if (d == NULL)
		return -1;
	while (found < 0 && (e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && parent_of(e->d_name) == parent)
			found = (pid_t)atol(e->d_name);
	closedir(d);
	return found;
}

int
child_server_program(char *out, size_t outlen)
{
	const char *given = getenv("SOLIDARITYD");
	char resolved[PATH_MAX];

	if (given == NULL || given[0] == '\0')
		given = "build/solidarityd";
	if (realpath(given, resolved) == NULL || access(resolved, X_OK) != 0)
		return -1;
	return snprintf(out, outlen, "%s", resolved) < (int)outlen ? 0 : -1;
}

int
tempdir_make(char *out, size_t outlen, const char *prefix)
{
	if (snprintf(out, outlen, "/tmp/%s-XXXXXX", prefix) >= (int)outlen)
		return -1;
	return mkdtemp(out) != NULL ? 0 : -1;
}

void
tempdir_remove(const char *path)
{
	struct dirent *e;
	struct stat st;
	char sub[PATH_MAX];
	DIR *d;

	if (path == NULL || path[0] == '\0' || lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
				tempdir_remove(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

char *
file_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, *bigger;
	size_t cap = 0, n;

	*len = 0;
	if (f == NULL)
		return NULL;
	do {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((bigger = realloc(data, cap + 1)) == NULL) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = bigger;
		}
		n = fread(data + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(data);
		fclose(f);
		return NULL;
	}
	fclose(f);
	data[*len] = '\0';
	return data;
}
