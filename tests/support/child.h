/*
** child.h - test support: run a program as a child process (fork + execve, no shell) in
** a chosen working directory, optionally as another user, with its stdout and stderr
** captured in files; read the port a server prints; find a process's child; stop and
** reap it within a deadline. Also temporary folders and whole-file reads.
*/
#ifndef SD_CHILD_H
#define SD_CHILD_H

#include <stddef.h>
#include <sys/types.h>

struct child_spec {
	const char *const *argv;  /* argv[0]: the program, an absolute path */
	const char *cwd;          /* working directory of the child, or NULL */
	const char *out_path;     /* file created to receive stdout */
	const char *err_path;     /* file created to receive stderr */
	const char *const *env;   /* "NAME=value" entries added to (or replacing in) environ; NULL */
	int         as_user;      /* drop to uid/gid before exec (the caller must be root) */
	uid_t       uid;
	gid_t       gid;
};

struct child {
	pid_t pid;      /* the process started; 0 when none */
	int   reaped;   /* waited for; status holds its wait status */
	int   status;
};

/* Exit status of a child that could not exec its program. */
#define CHILD_EXEC_FAILED 127

/* Start the child. 0, or -1 (nothing started). */
int child_start(struct child *c, const struct child_spec *spec);

/* Wait up to seconds for a line "... on port N ..." in the file at out_path (the child's
** stdout). 0 with *port set; -1 on timeout or if the child ended first. */
int child_wait_port(struct child *c, const char *out_path, double seconds, unsigned *port);

/* Reap the child within seconds. 0 (status in c->status), or -1 if it still runs. */
int child_wait(struct child *c, double seconds);

/* Kill (SIGKILL) and reap the child if it still runs; nothing otherwise. */
void child_kill(struct child *c);

/* The first running process whose parent is parent, or -1. */
pid_t child_find_child(pid_t parent);

/* The absolute path of the server program: $SOLIDARITYD, else build/solidarityd. 0 or -1. */
int child_server_program(char *out, size_t outlen);

/* mkdtemp of "/tmp/<prefix>-XXXXXX" into out. 0 or -1. */
int tempdir_make(char *out, size_t outlen, const char *prefix);

/* Remove path and everything below it (no symlinks followed). Safe on "" and missing. */
void tempdir_remove(const char *path);

/* The whole file as a malloc'd, NUL-terminated block (the NUL not counted in *len). NULL
** if it cannot be read. */
char *file_slurp(const char *path, size_t *len);

#endif
