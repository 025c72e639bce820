/*
 * libposix internals: the trap, one request to a server, errno.
 *
 * Every system call of a POSIX program is one sendrec to a server (VFS,
 * PM, VM) or one kernel call. The answer's m_type is the result: >= 0
 * success, negative = -errno (Quire's POSIX errno values are newlib's).
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
int __quire_sendrec(endpoint_t dst, message *m);
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

/* sendrec `m` (its m_type already set) to `to`; the result (m_type of
 * the answer, or the trap's own error) as a negative errno or >= 0. */
static inline int __px_call(endpoint_t to, int type, message *m)
{
	m->m_type = type;
	int r = __quire_sendrec(to, m);
	return r < 0 ? r : m->m_type;
}

static inline int __px_kcall(int call, message *m)
{
	m->m_type = call;
	int r = __quire_kernel_call(m);
	return r < 0 ? r : m->m_type;
}

#define PX_MSG(m) message m; memset(&m, 0, sizeof(m))

/* A request to VFS. */
static inline int __px_vfs(int type, message *m)
{
	return __px_call(VFS_PROC_NR, type, m);
}

/* A path argument: its address only (len 0: VFS finds the NUL). The
 * library never reads a path itself, so a bad pointer is VFS's EFAULT
 * rather than a crash here. Returns 0. */
static inline int __px_path(const char *path, uint64_t *addr, uint32_t *len)
{
	*addr = (uint64_t)(uintptr_t)path;
	*len = 0;
	return 0;
}

/* Largest byte count one read/write request carries (the length fields
 * are 32 bits); POSIX allows a short transfer. */
#define __PX_IO_MAX 0x7ffff000u

#endif
