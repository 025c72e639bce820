/*
 * Host harness for VFS's tests (test/unit/test_vfs_*.c).
 *
 * The real VFS sources (servers/vfs: vnode.c, vn_*.c, path.c, fproc.c,
 * mount.c, open.c, stat.c, rw.c) and the real request stubs
 * (lib/libproto/fs.c, cdev.c) are compiled for the host. Below them,
 * vfs_harness.c plays the rest of the system at the message level:
 *
 *   - two fake FS servers (H_FS1, H_FS2): in-memory trees that answer
 *     FS_MOUNT, LOOKUP, STAT, READLINK, PUTNODE, CREATE, MKDIR, READ,
 *     WRITE, ... as the ext2 server would, and count the inode references
 *     VFS holds, so a test can check every reference comes back;
 *   - the memory and tty drivers (answer OK; a tty read can be made to
 *     suspend and complete later, h_tty_*), VM (prefault OK), PM (no
 *     process events, kills recorded);
 *   - grants: a table of host addresses; the kernel's copies: memcpy.
 *     A "user" address is a host address in the user arena (h_user);
 *     addresses below 4096 fault (EFAULT);
 *   - panic() (VFS_ASSERT): fails the running test, or satisfies
 *     cmocka's expect_assert_failure().
 *
 * h_group_setup() builds this tree on H_FS1 and mounts it as the root:
 *   /a/b/file ("hello"), /a/lnk -> b, /abs -> /a/b, /loop1 <-> /loop2,
 *   /dev (covered by devfs), /mnt (covered by H_FS2, holding /x/y),
 *   /file ("data"), /fifo (a FIFO made on disk)
 * Each test makes processes with h_proc(); h_teardown() ends them and
 * asserts that no vnode, filp, grant or FS inode reference leaked.
 */
#ifndef VFS_HARNESS_H
#define VFS_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../servers/vfs/vfs.h"

#define H_FS1 ((endpoint_t)1000)
#define H_FS2 ((endpoint_t)1001)

int h_group_setup(void **state);
int h_setup(void **state);
int h_teardown(void **state);

/* A new process (fresh endpoint) with root and cwd at /. */
struct fproc *h_proc(void);
/* Copy s into the user arena: its user address. */
uint64_t h_user(const char *s);
/* A zeroed user buffer of len bytes. */
uint64_t h_ubuf(size_t len);

/* Requests of a process, as libposix sends them: the answer. */
int h_open(struct fproc *fp, const char *path, int flags, int mode);
int h_close(struct fproc *fp, int fd);
int h_read(struct fproc *fp, int fd, void *buf, uint64_t len);
int h_write(struct fproc *fp, int fd, const void *buf, uint64_t len);
int64_t h_lseek(struct fproc *fp, int fd, int64_t off, int whence);
int h_dup(struct fproc *fp, int fd);
int h_dup2(struct fproc *fp, int fd, int fd2);
int h_fcntl(struct fproc *fp, int fd, int cmd, int arg);
int h_chdir(struct fproc *fp, const char *path);
int h_mkdir(struct fproc *fp, const char *path);
int h_fchdir(struct fproc *fp, int fd);
/* Fake user memory: absent until VM_PREFAULT; bad: VM refuses. */
void h_absent(uint64_t addr, uint64_t len);
void h_bad(uint64_t addr, uint64_t len);
int h_prefaults(void);
int h_getcwd(struct fproc *fp, char *buf, uint32_t size);
int h_pipe(struct fproc *fp, int fds[2]);
int h_ioctl(struct fproc *fp, int fd, int request);
int h_getdents(struct fproc *fp, int fd);
int h_stat(struct fproc *fp, const char *path, struct qstat *st);

/* The fake FS: an inode's path ("/a/b/file") to its number, and the
 * references VFS holds on it now. */
uint64_t h_ino(endpoint_t fs, const char *path);
int h_fs_refs(endpoint_t fs, uint64_t ino);
/* Requests of this type the fake FS has served. */
int h_fs_count(endpoint_t fs, int type);
/* The last answer VFS sent to ep with ipc_sendnb (reply()), or 1 if none. */
int h_last_reply(endpoint_t ep);
/* The fake tty: reads answer CDEV_SUSPENDED while suspend is on;
 * complete finishes the suspended one (CDEV_STATUS reports it once). */
void h_tty_suspend(bool on);
void h_tty_complete(int result);
int h_tty_cancels(void);
/* The fake tty's select side: readable or not (becoming readable after a
 * CDEV_SELECT with NOTIFY queues a select event for CDEV_STATUS), whether
 * VFS asked to be notified, and a reset. */
void h_tty_readable(bool on);
bool h_tty_select_wanted(void);
void h_tty_select_reset(void);
/* Requests sent to endpoints no fake serves (they fail EDEADSRCDST). */
extern int h_stray_sendrecs;
/* The fake VM answers OK to everything, the message unchanged: the
 * last request VFS sent it, and how many. */
extern message h_vm_last;
extern int h_vm_requests;
/* The fake VM's answer to VM_MMAP_FILE: held = h_vm_hold (the cookie is
 * kept in h_vm_held_cookie); VM_FILE_PUT gives it back once
 * h_vm_put_ready is set. */
extern bool h_vm_hold;
extern int h_vm_held_cookie;
extern bool h_vm_put_ready;
/* Grants not yet revoked. */
int h_grants(void);

#endif
