/*
 * lib/libproto: the one place where each protocol's requests are built.
 *
 * One file per protocol (pm.c, vm.c, vfs.c, fs.c, cdev.c, bdev.c), each
 * compiled unchanged into libsys (servers, drivers, boot tests) and into
 * libposix (POSIX programs). A stub fills a message from typed arguments,
 * sends it with proto_call() and decodes the answer into typed results.
 * It returns what the server answered: >= 0 on success (a count, a
 * descriptor, OK), or a negative error from quire/errno.h. It never
 * touches errno: libposix maps results to errno itself.
 *
 * The prototypes of each protocol's stubs are in include/quire/, next to
 * the protocol's message layout (for example quire/pm.h for pm.c).
 *
 * Names: <protocol>_req_<request>, the request's name in lower case:
 * PM_FORK is pm_req_fork(), VM_PREFAULT vm_req_prefault(), VFS_OPEN
 * vfs_req_open(), BDEV_READ bdev_req_read(). The "_req_" keeps them apart
 * from the servers' own handlers (do_fork, vm_...) and from every POSIX or
 * newlib name a user program may define; since the stubs are archive
 * members of libsys and libposix, a program that defined one of these
 * names itself would fail to link. Nothing else in the tree may use a
 * name of that form.
 *
 * Every request of a protocol is built, and its answer decoded, in
 * exactly one stub; callers pass typed arguments and never see the
 * message. A stub checks nothing the server checks (the server is the
 * one that must not trust its caller); it only cuts what the message
 * cannot carry, where it says so.
 */
#ifndef LIBPROTO_PROTO_H
#define LIBPROTO_PROTO_H

#include <quire/ipc.h>

/* The IPC trap, under a name reserved for the implementation: libsys
 * (lib/libsys/ipc.S) and libposix (lib/libposix/ipc.S) both define it. */
int __quire_sendrec(endpoint_t dst, message *m);

/* A zeroed request message: no stale stack bytes ever reach a server. */
#define PROTO_MSG(m) message m; __builtin_memset(&m, 0, sizeof(m))

/* Send `m` as a request of `type` to `to` and wait for the answer. The
 * result is the answer's m_type, or the trap's own error (EDEADSRCDST,
 * ELOCKED, ...) when no answer came. */
static inline int proto_call(endpoint_t to, int type, message *m)
{
	m->m_type = type;
	int r = __quire_sendrec(to, m);
	return r < 0 ? r : m->m_type;
}

#endif
