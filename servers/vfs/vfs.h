/*
 * VFS: descriptors, open files, vnodes, path lookup, mounts, pipes, and
 * character devices, for every process.
 *
 * Concurrency: VFS is one thread with continuations. Requests to FS
 * servers, drivers, VM and PM are synchronous (sendrec), which is safe
 * because none of them ever waits for VFS: FS servers and drivers answer
 * VFS and call only drivers, VM and the kernel; VM and PM never call VFS
 * (PM only notifies it). What can wait for a long time - a pipe with no
 * data or no room, a tty read with no input - is a continuation: the
 * caller's request is parked in its fproc (struct susp) and answered
 * when a later event (a pipe write, a driver's completion) lets it go on.
 *
 * Ownership: an fproc owns its descriptor slots; a filp is counted by the
 * descriptors (of any process) that share it; a vnode is counted by
 * filps, fprocs (cwd, root), mounts and in-flight lookups, and holds
 * fs_refs references on its inode in the FS, given back at the last put.
 */
#ifndef VFS_VFS_H
#define VFS_VFS_H

#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/vfs.h>
#include <quire/fsproto.h>
#include <quire/chardev.h>
#include <quire/stat.h>
#include <quire/signal.h>
#include <quire/mman.h>
#include "../../lib/libmini/mini_string.h"

#define NR_VNODES   512
#define NR_FILPS    512
#define NR_MOUNTS   8
#define NR_PIPES    32
#define PIPE_SIZE   16384
#define SYMLOOP_MAX 8

/* The name spaces of the vnodes VFS serves itself: the fs half of their
 * identity (vnode.h). Never sent a message. */
#define DEVFS_FS  ((endpoint_t)-300)
#define PIPE_FS   ((endpoint_t)-301)

/* A handler parked the request: no answer yet. Not a possible result
 * (results are byte counts, descriptors, OK or -errno). */
#define SUSPEND_REPLY (-0x7fffffff)

/*
 * VFS_ASSERT: an invariant of VFS's own state (reference counts, free
 * slots). It is on in every build: a failure is a bug in VFS, and the
 * panic names the file and line. Never use it for anything a caller
 * sends: that is checked and answered with an error.
 */
#define VFS_ASSERT(c) \
	do { \
		if (!(c)) \
			panic("vfs: %s:%d: assertion failed: %s", __FILE__, __LINE__, #c); \
	} while (0)

#include "vnode.h"

struct mount {
	bool in_use;
	endpoint_t fs;
	struct vnode *root;        /* the mounted file system's root */
	struct vnode *covered;     /* the directory it hides (NULL for /) */
};

struct filp {
	int refs;                  /* descriptors sharing it; 0: free (vp NULL) */
	struct vnode *vp;          /* holds one reference while refs > 0 */
	uint64_t pos;
	int flags;                 /* O_* access mode, O_APPEND, O_NONBLOCK */
};

enum susp_kind { SUSP_NONE, SUSP_PIPE_READ, SUSP_PIPE_WRITE, SUSP_CDEV, SUSP_POLL, SUSP_LOCK, SUSP_FIFO_OPEN };

/* A parked F_SETLKW (lock.c): the absolute range and the lock's type. */
struct lock_req {
	uint64_t start, end;
	int type;
};

/* A parked request (a continuation). */
struct susp {
	enum susp_kind kind;
	struct filp *filp;
	uint64_t buf, len, done;   /* the user's buffer and progress */
	endpoint_t driver;         /* SUSP_CDEV */
	int id;                    /* SUSP_CDEV: request id; SUSP_FIFO_OPEN: the fd */
	cp_grant_id_t grant;       /* SUSP_CDEV: the grant the driver holds */
	int call;                  /* VFS_READ or VFS_WRITE (for pread etc.) */
	bool advance;              /* move the file position when done */
	uint64_t deadline;         /* SUSP_POLL: uptime (ticks) to give up; 0: never.
	                            * (SUSP_POLL has no filp: buf/len are the pollfds) */
	struct lock_req lk;        /* SUSP_LOCK (filp: the descriptor's) */
	struct fproc *next;        /* SUSP_PIPE_*: the next on the pipe's parked list */
};

struct fproc {
	bool in_use;
	endpoint_t ep;
	struct filp *fd[VFS_OPEN_MAX];
	uint64_t cloexec;          /* bit per descriptor */
	struct vnode *root, *cwd;
	uint32_t umask;
	struct susp susp;
	bool intr_restart;          /* PM_EV_INTR: answer ERESTART, not EINTR */
	/* PM's credentials and RLIMIT_NOFILE, copied at fork and replaced by
	 * every PM_EV_CRED (main.c); read by perm.c and fd_alloc. */
	struct pm_cred cred;
};

/* main.c */
extern struct fproc fprocs[NR_PROCS];
extern struct mount *root_mount;
void reply(endpoint_t to, message *m, int result);
void sync_pm_events(void);
/* interrupt.c: a signal for a process parked in VFS */
void vfs_interrupt(struct fproc *fp);

/* fproc.c */
struct fproc *fproc_get(endpoint_t ep);
struct fproc *fproc_new(endpoint_t ep);
void fproc_fork(endpoint_t parent, endpoint_t child);
void fproc_exit(endpoint_t ep);
int fd_alloc(struct fproc *fp, int from);
int fd_limit(const struct fproc *fp);       /* RLIMIT_NOFILE, at most VFS_OPEN_MAX */
struct filp *fd_filp(struct fproc *fp, int fd);
struct filp *filp_new(struct vnode *vp, int flags);
void filp_ref(struct filp *f);
void filp_put(struct filp *f);
int filp_count(void);          /* for tests: filps in use */
int do_close(struct fproc *fp, message *m);
int do_dup(struct fproc *fp, message *m);
int do_dup2(struct fproc *fp, message *m);
int do_fcntl(struct fproc *fp, message *m);
int do_umask(struct fproc *fp, message *m);
int close_fd(struct fproc *fp, int fd);
/* Drop fp's parked request, with no answer (its process is gone, or the
 * caller answers it: an interrupted call). */
void susp_cancel(struct fproc *fp);

/* lock.c: POSIX record locks */
int do_lock(struct fproc *fp, message *m);
/* fp closed a descriptor of vp: all its locks on vp go (POSIX). */
void lock_release(struct fproc *fp, struct vnode *vp);
void lock_release_all(struct fproc *fp);
/* Forget fp's parked F_SETLKW (fp->susp.kind == SUSP_LOCK). */
void lock_cancel(struct fproc *fp);
int lock_count(struct fproc *fp);   /* for tests: locks fp holds */

/* perm.c: may fp do `want` (PERM_R|W|X, PERM_REAL: with the real ids)
 * to vp? OK or -EACCES. */
#define PERM_X    1
#define PERM_W    2
#define PERM_R    4
#define PERM_REAL 8
int perm_check(const struct fproc *fp, const struct vnode *vp, int want);
bool perm_in_group(const struct fproc *fp, uint32_t gid, bool real);
bool perm_owner(const struct fproc *fp, const struct vnode *vp);    /* owner or uid 0 */
int perm_sticky(const struct fproc *fp, const struct vnode *dir, const struct vnode *vp);
int perm_sticky_name(const struct fproc *fp, struct vnode *dir, const char *name);
int perm_rename_dir(const struct fproc *fp, struct vnode *odir, const char *oname,
		    const struct vnode *ndir);
void perm_new_owner(const struct fproc *fp, const struct vnode *dir, struct fs_owner *o);

/* attr.c: chmod, fchmod, chown, utime, access */
int do_chmod(struct fproc *fp, message *m);
int do_fchmod(struct fproc *fp, message *m);
int do_chown(struct fproc *fp, message *m);
int do_utime(struct fproc *fp, message *m);
int do_access(struct fproc *fp, message *m);

/* vn_fs.c: requests to FS servers beyond the ops tables */
/* Mount the FS served by fs: *root gets its root's vnode (on mp). */
int vn_fs_mount(endpoint_t fs, struct mount *mp, struct vnode **root);

/* ucopy_to, ucopy_from (try-first copies to and from a user): libsys. */

/* cwd.c */
int do_chdir(struct fproc *fp, message *m);
int do_fchdir(struct fproc *fp, message *m);
int do_getcwd(struct fproc *fp, message *m);
int cwd_path(struct fproc *fp, char *buf, size_t size);

/* path.c */
#define LK_FOLLOW 0x1          /* follow a symlink in the last component */
int fetch_path(endpoint_t ep, uint64_t addr, uint32_t len, char *buf);
int lookup(struct fproc *fp, const char *path, int flags, struct vnode **out);
int lookup_parent(struct fproc *fp, const char *path, struct vnode **dir, char *name);
int lookup_user(struct fproc *fp, uint64_t addr, uint32_t len, int flags, char *buf,
		struct vnode **out);
int lookup_step(struct fproc *fp, struct vnode *dir, const char *name, struct vnode **out);
bool is_dir(const struct vnode *vp);
bool is_symlink(const struct vnode *vp);

/* mount.c */
int do_mount(struct fproc *fp, message *m);

/* vn_dev.c: the device file system and character-device completions */
struct vnode *devfs_root(void);
void cdev_poll(endpoint_t driver);

/* open.c */
int do_open(struct fproc *fp, message *m);
int do_mkdir(struct fproc *fp, message *m);
int do_unlink(struct fproc *fp, message *m);
int do_rmdir(struct fproc *fp, message *m);
int do_rename(struct fproc *fp, message *m);
int do_link(struct fproc *fp, message *m);
int do_symlink(struct fproc *fp, message *m);
int do_readlink(struct fproc *fp, message *m);
int do_mknod(struct fproc *fp, message *m);

/* stat.c */
int do_stat(struct fproc *fp, message *m);
int do_lstat(struct fproc *fp, message *m);
int do_fstat(struct fproc *fp, message *m);
int do_truncate(struct fproc *fp, message *m);
int do_ftruncate(struct fproc *fp, message *m);
int do_getdents(struct fproc *fp, message *m);
int do_fsync(struct fproc *fp, message *m);
int do_sync(struct fproc *fp, message *m);          /* in mount.c */
int do_isatty(struct fproc *fp, message *m);
int do_mmap(struct fproc *fp, message *m);          /* mmap.c */
void vm_file_puts(void);
/* Map file vp into ep (VM_MMAP_FILE), VM holding a vnode reference while
 * it maps the file: OK with *at, or VM's error. */
int vn_map_file(struct vnode *vp, endpoint_t ep, uint64_t addr, uint64_t len, int prot,
		int flags, uint64_t offset, void **at);

/* rw.c */
int do_read(struct fproc *fp, message *m);
int do_write(struct fproc *fp, message *m);
int do_pread(struct fproc *fp, message *m);
int do_pwrite(struct fproc *fp, message *m);
/* SEEK_SET, SEEK_CUR (f's position), SEEK_END (its size): where an offset
 * counts from. OK or -EINVAL (bad whence), or the stat's error. */
int filp_whence_base(struct filp *f, int whence, int64_t *base);
int do_lseek(struct fproc *fp, message *m);
int do_ioctl(struct fproc *fp, message *m);

/* vn_pipe.c */
int do_pipe(struct fproc *fp, message *m);

/* select.c: poll (and select, pselect in libposix) */
int do_poll(struct fproc *fp, message *m);
void select_wake(void);                 /* something may be ready: retry parked polls */
void select_timeout(void);              /* the CLOCK notification */
void select_cancel(struct fproc *fp);   /* drop a parked poll (its process is gone) */

/* exec.c */
int do_exec(struct fproc *fp, message *m);

#endif
