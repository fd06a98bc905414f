/*
** sandbox.c - a seccomp filter for the serving process (see sandbox.h). Refused calls:
** socket, connect and io_uring_setup (EPERM: a library that tries gets an error it can
** report), and execve,
** execveat, ptrace, process_vm_readv/writev (the process is killed). Everything else the
** server, libmicrohttpd and SQLite need stays allowed.
*/
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "sandbox.h"

#if defined(__x86_64__)
#define SANDBOX_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef SANDBOX_ARCH

#define DENY(nr, action) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, (action))

int
sandbox_enter(char *err, size_t errlen)
{
	struct sock_filter filter[] = {
		/* A call made for another architecture's table could bypass the numbers below. */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* No new socket at all: the listening socket and the accepted ones already exist,
		** and without a new one neither connect, nor sendto with an address, nor TCP
		** Fast Open can reach out. io_uring could do all three behind the filter's back. */
		DENY(__NR_socket, SECCOMP_RET_ERRNO | EPERM),
		DENY(__NR_connect, SECCOMP_RET_ERRNO | EPERM),
		DENY(__NR_io_uring_setup, SECCOMP_RET_ERRNO | EPERM),
		DENY(__NR_execve, SECCOMP_RET_KILL_PROCESS),
		DENY(__NR_execveat, SECCOMP_RET_KILL_PROCESS),
#ifndef __SANITIZE_ADDRESS__
		/* LeakSanitizer stops threads with ptrace at exit: allowed in that build only. */
		DENY(__NR_ptrace, SECCOMP_RET_KILL_PROCESS),
#endif
		DENY(__NR_process_vm_readv, SECCOMP_RET_KILL_PROCESS),
		DENY(__NR_process_vm_writev, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { (unsigned short)(sizeof filter / sizeof filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "cannot set no-new-privileges: %s", strerror(errno));
		return -1;
	}
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0) {
		snprintf(err, errlen, "cannot install the seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}

#else

int
sandbox_enter(char *err, size_t errlen)
{
	snprintf(err, errlen, "no seccomp filter for this architecture");
	return -1;
}

#endif
