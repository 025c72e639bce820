/*
 * libposix internals: the trap, kernel calls, errno.
 *
 * Every system call of a POSIX program is one request to a server (VFS,
 * PM, VM), made by its stub in lib/libproto (vfs_req_*, pm_req_*,
 * vm_req_*: the only place those messages are built), or one kernel
 * call. The result is >= 0 for success, negative = -errno (Quire's POSIX
 * errno values are newlib's); __px_ret turns it into the POSIX form.
 */
#ifndef LIBPOSIX_PRIV_H
#define LIBPOSIX_PRIV_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <quire/ipc.h>
#include <quire/callnr.h>
#include <quire/endpoints.h>

/* ipc.S */
/* (__quire_sendrec is lib/libproto's: see lib/libproto/proto.h.) */
int __quire_receive(endpoint_t src, message *m);
int __quire_kernel_call(message *m);

/* Quire's own IPC-level errors (quire/errno.h; 200 and up) never reach
 * a POSIX program: they mean the server is gone or unreachable. */
#define __QUIRE_EIPC_MIN 200

/* Map a negative result to errno; pass a non-negative one through.
 * Returns r, or -1 after setting errno. */
static inline long __px_ret(long r)
{
	if (r >= 0)
		return r;
	errno = -r >= __QUIRE_EIPC_MIN ? EIO : (int)-r;
	return -1;
}

static inline int __px_kcall(int call, message *m)
{
	m->m_type = call;
	int r = __quire_kernel_call(m);
	return r < 0 ? r : m->m_type;
}

/* A zeroed kernel-call message. */
#define PX_MSG(m) message m; memset(&m, 0, sizeof(m))

/* time.c: the kernel's clock (KC_TIMES), for time.c and timer.c. */
struct px_ktimes {
	uint64_t user, sys, uptime, hz;   /* ticks; hz: ticks per second */
	int64_t boot_ns;                  /* the time of day at uptime 0 */
};
int __px_ktimes(struct px_ktimes *t);
int64_t __px_ticks_to_ns(uint64_t ticks, uint64_t hz);
/* userdb.c: /etc/passwd and /etc/group lines (pwd.c, grp.c). */
#include <stdio.h>
int __px_db_next(FILE *f, char *buf, size_t size, char **fields, int n);
int __px_db_id(const char *s, unsigned *out);

/* path.c, for at.c */
#include <stdbool.h>
struct timespec;
int __px_set_times(const char *path, const struct timespec times[2], bool nofollow);

#endif
