/*
 * Vnodes and their operations tables.
 *
 * A vnode is a file VFS has in use. Who serves it - an FS server, VFS's
 * pipes, VFS's device file system - and what kind of file it is decide
 * one thing only: which `struct vnode_ops` its `ops` points at. Generic
 * code (open.c, rw.c, stat.c, path.c, fproc.c, exec.c) calls through the
 * table and never tests the kind; a kind is one file with its tables:
 *
 *   vn_fs.c     files on an FS server: regular files, directories,
 *               symbolic links, and special files on disk
 *   vn_pipe.c   pipes (VFS's memory)
 *   vn_dev.c    the /dev directory and character devices (devfs)
 *
 * Adding a kind (a FIFO, a socket, the backing of a mapped file) is one
 * new file with its `struct vnode_ops` plus one table entry: for files
 * that live on an FS, an entry of fs_kinds[] (vn_fs.c, by file type);
 * for files VFS makes itself, the call that makes them passes the table
 * to vnode_get(). docs/vfs.md walks through it.
 *
 * A missing entry means "not supported"; the generic code answers the
 * POSIX error written next to each entry below. Every entry is called
 * with the vnode referenced by the caller; none consumes that reference
 * unless it says so. An entry returns >= 0 or a negative error, and
 * read/write may return SUSPEND_REPLY after parking the caller (vfs.h).
 */
#ifndef VFS_VNODE_H
#define VFS_VNODE_H

struct vnode;
struct filp;
struct fproc;
struct mount;
struct pipe;
struct qstat;
struct fs_owner;

/* One read or write, as rw.c decoded it: the caller, its open file, its
 * buffer, and the position (the filp's unless positioned). */
struct vio {
	struct fproc *fp;
	struct filp *f;
	uint64_t buf, len;         /* len > 0, at most VFS_IO_MAX */
	uint64_t pos;
	bool positioned;           /* pread/pwrite: f->pos does not move */
};

struct vnode_ops {
	const char *name;          /* the kind, for messages */

	/* ---- files (missing: the error given) ---- */
	/* open(2) of vp after lookup, before a filp exists. Missing: OK. */
	int (*open)(struct vnode *vp, struct fproc *fp, int flags);
	/* The last filp opened with `flags` is gone. Missing: nothing. */
	void (*close)(struct vnode *vp, int flags);
	/* The last vnode reference is gone: give back what the kind holds
	 * (inode references, a pipe buffer). Missing: nothing. */
	void (*release)(struct vnode *vp);
	/* Missing: EINVAL. */
	int (*read)(struct vio *io);
	int (*write)(struct vio *io);
	/* Mandatory (vnode_get asserts it). */
	int (*stat)(struct vnode *vp, struct qstat *st);
	/* Set the size (not negative: checked). Missing: EINVAL; O_TRUNC
	 * is ignored on a kind without it, as POSIX says for devices. */
	int (*truncate)(struct vnode *vp, uint64_t size);
	/* May the position move (lseek)? OK, or an error (a tty: ESPIPE).
	 * SEEK_END takes the size stat answers. Missing: ESPIPE. */
	int (*seek)(struct vnode *vp);
	/* struct qdirent records from *pos into buf (VFS's memory).
	 * Missing: ENOTDIR. */
	int (*getdents)(struct vnode *vp, uint64_t *pos, char *buf, uint64_t len);
	/* Missing: ENOTTY. */
	int (*ioctl)(struct vnode *vp, struct fproc *fp, int request, uint64_t arg);
	/* 1 for a terminal, else -ENOTTY. Missing: ENOTTY. */
	int (*isatty)(struct vnode *vp);
	/* Missing: EINVAL (nothing that could be synchronised). */
	int (*fsync)(struct vnode *vp);
	/* The whole file system under this mounted root. Missing: nothing. */
	void (*syncfs)(struct vnode *root);
	/* Read len bytes at pos into ep's memory at addr (ep SELF: VFS's
	 * own), for exec. The count read, or an error. Missing: EACCES. */
	int (*load)(struct vnode *vp, uint64_t pos, endpoint_t ep, uint64_t addr, uint64_t len);
	/* Drop the request fp has parked on this kind (its process is
	 * gone). Missing: the kind never parks. */
	void (*cancel)(struct fproc *fp);
	/* Missing: EROFS. */
	int (*chmod)(struct vnode *vp, uint32_t perm);
	/* Owner, group and permission bits at once; times (FS_UT_* in
	 * which). Missing: EROFS. */
	int (*chown)(struct vnode *vp, uint32_t uid, uint32_t gid, uint32_t perm);
	int (*utime)(struct vnode *vp, uint64_t atime, uint64_t mtime, uint32_t which);
	/* mmap of an open file, after mmap.c checked the arguments and the
	 * descriptor's access: what backs the mapping. OK: zero-filled
	 * anonymous memory, private or shared (/dev/zero); VN_MAP_FILE: the
	 * file's own pages from VM's page cache (regular files); else an
	 * error. flags: MAP_SHARED or MAP_PRIVATE and the rest of the
	 * caller's flags. Missing: ENODEV. */
	int (*mmap)(struct vnode *vp, int flags);
	/* poll(): the Q_POLL* bits of `events` ready now on open file f, plus
	 * POLLERR/POLLHUP as they apply. Missing: always ready for reading
	 * and writing (regular files, /dev/null, /dev/zero). */
	int (*poll)(struct filp *f, int events);
	/* Symbolic links: the target, NUL-terminated, in buf. Missing: EINVAL. */
	int (*readlink)(struct vnode *vp, char *buf, size_t size);

	/* ---- directories: dir is the directory, name one component ---- */
	/* A referenced vnode for the entry. Missing: ENOTDIR. */
	int (*lookup)(struct vnode *dir, const char *name, struct vnode **out);
	/* The rest, missing: EROFS (nothing there holds names to change).
	 * owner: the new file's uid and gid (perm.c decided them). */
	int (*create)(struct vnode *dir, const char *name, uint32_t perm,
		      const struct fs_owner *owner, struct vnode **out);
	int (*mkdir)(struct vnode *dir, const char *name, uint32_t perm,
		     const struct fs_owner *owner);
	/* A FIFO or device node: mode holds its type and permissions. */
	int (*mknod)(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
		     const struct fs_owner *owner);
	int (*unlink)(struct vnode *dir, const char *name);
	int (*rmdir)(struct vnode *dir, const char *name);
	/* target is on dir's file system (checked: EXDEV). */
	int (*link)(struct vnode *dir, const char *name, struct vnode *target);
	int (*symlink)(struct vnode *dir, const char *name, const char *target,
		       const struct fs_owner *owner);
	/* ndir is on odir's file system (checked: EXDEV). */
	int (*rename)(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname);
};

/* A vnode's identity is (fs, ino): fs is the FS server's endpoint, or one
 * of VFS's own name spaces (DEVFS_FS, PIPE_FS, vfs.h), which are never
 * sent a message. */
struct vnode {
	int refs;                  /* 0: a free slot (all else zero) */
	const struct vnode_ops *ops;
	endpoint_t fs;
	uint64_t ino;
	uint32_t mode;
	uint64_t size;
	uint32_t uid, gid;
	uint32_t fs_refs;          /* inode references held in the FS (vn_fs.c) */
	uint32_t dev_major, dev_minor;   /* character devices (vn_dev.c) */
	struct mount *mount;       /* the mount this vnode is on */
	struct mount *covered_by;  /* a file system mounted on this directory */
	struct pipe *pipe;         /* pipes (vn_pipe.c) */
	struct lock *locks;        /* its record locks (lock.c); none when freed */
	struct vnode *hash_next;   /* vnode.c's (fs, ino) chain */
};

/* vnode.c: the table. A vnode is counted by filps, fprocs (cwd, root),
 * mounts and lookups in progress; every count is checked (VFS_ASSERT). */
struct vnode *vnode_get(const struct vnode_ops *ops, endpoint_t fs, uint64_t ino,
			uint32_t mode, uint64_t size, struct mount *mnt);
void vnode_ref(struct vnode *vp);
void vnode_put(struct vnode *vp);
int vnode_stat(struct vnode *vp, struct qstat *st);
int vnode_load(struct vnode *vp, uint64_t pos, endpoint_t ep, uint64_t addr, uint64_t len);
/* The fields of st a vnode VFS serves itself can fill (stat entries). */
void vnode_stat_own(struct vnode *vp, struct qstat *st);
/* Entries shared by several kinds. */
int vn_eisdir(struct vio *io);
int vn_truncate_eisdir(struct vnode *vp, uint64_t size);
int vn_nothing_to_sync(struct vnode *vp);
int vn_seekable(struct vnode *vp);
/* For tests: vnodes in use; the vnode of (fs, ino) if in use (no
 * reference taken). */
int vnode_count(void);
struct vnode *vnode_find(endpoint_t fs, uint64_t ino);
/* A referenced vnode's name for VM (VM_MMAP_FILE's cookie), and back:
 * NULL for a cookie that names no vnode in use. */
int vnode_cookie(const struct vnode *vp);
struct vnode *vnode_of_cookie(int cookie);

#define VN_MAP_FILE 1           /* the mmap op's answer for a file's own pages */
/* The open op's answer when the opener must wait (a FIFO with no other
 * end yet, vn_fifo.c): open.c installs the descriptor, then the kind's
 * open_wait parks the caller. */
#define VN_OPEN_WAIT 1

/* vn_fs.c: the vnode of an inode an FS answered (nd), on mount mnt;
 * takes over the FS reference the answer carries. NULL: table full
 * (the reference is given back). */
struct fs_node;
struct vnode *vn_fs_vnode(endpoint_t fs, const struct fs_node *nd, struct mount *mnt);

/* The kinds' tables (each in its file). */
extern const struct vnode_ops vn_fs_file_ops, vn_fs_dir_ops, vn_fs_link_ops,
	vn_fs_fifo_ops, vn_fs_special_ops;
extern const struct vnode_ops vn_pipe_ops;

/* vn_pipe.c: the pipe buffer and its entries, which FIFOs share
 * (vn_fifo.c attaches a buffer to a FIFO's vnode while it is open). */
struct pipe *pipe_alloc(void);        /* NULL: all NR_PIPES in use */
void pipe_free(struct pipe *p);
/* One more end of p opened with access mode acc; pipe_closed takes it back. */
void pipe_open_end(struct pipe *p, int acc);
int pipe_ends(const struct pipe *p, bool write);   /* readers or writers */
int pipe_read(struct vio *io);
int pipe_write(struct vio *io);
void pipe_closed(struct vnode *vp, int flags);
void pipe_cancel(struct fproc *fp);

/* vn_fifo.c: the FIFO kind's own entries (its table is in vn_fs.c). */
int fifo_open(struct vnode *vp, struct fproc *fp, int flags);
void fifo_open_wait(struct fproc *fp, int fd);
void fifo_closed(struct vnode *vp, int flags);
void fifo_cancel(struct fproc *fp);
extern const struct vnode_ops vn_devdir_ops, vn_cdev_ops;

#endif
