/*
** sandbox.h - what the serving process gives up once it is listening: it can never open
** an outbound connection, run another program, trace another process or gain privileges.
** Enforced by the kernel (seccomp), so a bug in a library cannot undo it.
*/
#ifndef SD_SANDBOX_H
#define SD_SANDBOX_H

#include <stddef.h>

/* Set no-new-privileges and install the filter for this process and every thread it
** starts afterwards (existing threads keep theirs: call it before starting them, or with
** SECCOMP_FILTER_FLAG_TSYNC, which is used here). 0, or -1 with a message. */
int sandbox_enter(char *err, size_t errlen);

#endif
