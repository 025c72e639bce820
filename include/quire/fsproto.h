/*
 * The file-system protocol (VFS -> file-system servers).
 *
 * Inode-based: VFS walks paths one component at a time and keeps
 * references to the inodes it uses; the FS keeps an inode whose link count
 * fell to 0 until VFS has put every reference (FS_PUTNODE), so an
 * unlinked file stays usable while open. Names and data move through
 * grants VFS makes (CPF_TRY grants for user buffers: see docs/vfs.md); an
 * FS never receives a raw pointer and never calls VFS.
 *
 * Requests are sendrec'd; the answer's m_type is the result. Every
 * request that returns an inode (LOOKUP, CREATE, MKDIR, MKNOD, SYMLINK's
 * none) adds one VFS reference to it.
 *
 *   FS_MOUNT     -                          -> OK with the root inode (ino, mode, size)
 *   FS_UNMOUNT   -                          -> OK (written back)
 *   FS_LOOKUP    ino(dir), grant+len(name)  -> OK with ino, mode, size, uid, gid; ENOENT, ENOTDIR
 *   FS_STAT      ino, grant (struct qstat)  -> OK
 *   FS_READ      ino, pos, grant, len       -> bytes (0 at end of file)
 *   FS_WRITE     ino, pos, grant, len       -> bytes; ENOSPC, EFBIG
 *   FS_TRUNC     ino, pos (new size)        -> OK
 *   FS_CREATE    ino(dir), grant+len(name), mode -> OK with ino (a regular file); EEXIST
 *   FS_MKDIR     ino(dir), grant+len(name), mode -> OK with ino; EEXIST
 *   FS_MKNOD     ino(dir), grant+len(name), mode, pos(rdev) -> OK with ino
 *   FS_UNLINK    ino(dir), grant+len(name)  -> OK; EISDIR, ENOENT
 *   FS_RMDIR     ino(dir), grant+len(name)  -> OK; ENOTEMPTY, ENOTDIR
 *   FS_LINK      ino(dir), grant+len(name), ino2 (target) -> OK; EEXIST, EMLINK
 *   FS_SYMLINK   ino(dir), grant+len ("name\0target") -> OK
 *   FS_READLINK  ino, grant, len            -> bytes
 *   FS_RENAME    ino(old dir), ino2(new dir), grant+len ("old\0new") -> OK
 *                (replaces an existing target atomically; EINVAL moving a
 *                directory into itself; ENOTEMPTY, EISDIR, ENOTDIR)
 *   FS_GETDENTS  ino, pos, grant, len       -> bytes of struct qdirent, pos advanced
 *   FS_CHMOD     ino, mode                  -> OK
 *   FS_PUTNODE   ino, count                 -> OK (drop count references)
 *   FS_SYNC      -                          -> OK: everything on the device
 *   FS_FSYNC     ino                        -> OK
 *   FS_CHOWN     ino, uid, gid, mode        -> OK: owner, group and permission bits at once
 *                (VFS decided them: chown clears the set-id bits)
 *   FS_UTIME     ino, pos (atime), len (mtime), count (FS_UT_*) -> OK; times in seconds
 *
 * Client stubs (lib/libproto/fs.c): req_<op>, one per request, declared
 * below. They take the grants the caller made (VFS grants names and
 * buffers itself: CPF_TRY magic grants for user buffers), send, and decode
 * the answer into typed results. Each returns the FS's answer: >= 0 (a
 * byte count or OK) or a negative error; an IPC failure comes back as
 * the trap's own error (EDEADSRCDST, ...). The req_ prefix keeps them
 * apart from the ext2 server's fs_* operations.
 */
#ifndef QUIRE_FSPROTO_H
#define QUIRE_FSPROTO_H

#include <quire/types.h>

#define FS_RQ_BASE  0x400
#define FS_MOUNT    (FS_RQ_BASE + 0)
#define FS_UNMOUNT  (FS_RQ_BASE + 1)
#define FS_LOOKUP   (FS_RQ_BASE + 2)
#define FS_STAT     (FS_RQ_BASE + 3)
#define FS_READ     (FS_RQ_BASE + 4)
#define FS_WRITE    (FS_RQ_BASE + 5)
#define FS_TRUNC    (FS_RQ_BASE + 6)
#define FS_CREATE   (FS_RQ_BASE + 7)
#define FS_MKDIR    (FS_RQ_BASE + 8)
#define FS_MKNOD    (FS_RQ_BASE + 9)
#define FS_UNLINK   (FS_RQ_BASE + 10)
#define FS_RMDIR    (FS_RQ_BASE + 11)
#define FS_LINK     (FS_RQ_BASE + 12)
#define FS_SYMLINK  (FS_RQ_BASE + 13)
#define FS_READLINK (FS_RQ_BASE + 14)
#define FS_RENAME   (FS_RQ_BASE + 15)
#define FS_GETDENTS (FS_RQ_BASE + 16)
#define FS_CHMOD    (FS_RQ_BASE + 17)
#define FS_PUTNODE  (FS_RQ_BASE + 18)
#define FS_SYNC     (FS_RQ_BASE + 19)
#define FS_FSYNC    (FS_RQ_BASE + 20)
#define FS_CHOWN    (FS_RQ_BASE + 21)
#define FS_UTIME    (FS_RQ_BASE + 22)
#define FS_NR_CALLS 23

/* FS_UTIME's count: which times to set (the others stay); the change
 * time always becomes now. */
#define FS_UT_ATIME 1
#define FS_UT_MTIME 2
#define FS_UT_ATIME_NOW 4         /* the FS's clock, not the message's time */
#define FS_UT_MTIME_NOW 8

#define FS_NAME_MAX 255

typedef struct {
	uint64_t ino;             /* request and answer */
	uint64_t pos;             /* READ/WRITE/GETDENTS position; TRUNC size; MKNOD rdev */
	uint64_t len;             /* bytes in the grant; answer: file size */
	uint64_t ino2;            /* LINK target, RENAME new dir */
	cp_grant_id_t grant;
	uint32_t mode;            /* answer: the inode's mode */
	uint32_t uid, gid;        /* answer (LOOKUP, MOUNT) */
	uint32_t count;           /* PUTNODE */
	uint32_t pad;
} mess_fs;

/* An inode as an answer describes it (LOOKUP, CREATE, MKDIR, MKNOD, MOUNT). */
struct fs_node {
	uint64_t ino;
	uint64_t size;
	uint32_t mode;
	uint32_t uid, gid;
};

/* The owner an FS gives an inode it makes (CREATE, MKDIR, MKNOD, SYMLINK). */
struct fs_owner {
	uint32_t uid, gid;
};

/* Names travel as a grant the FS may read, `len` bytes without a NUL
 * (SYMLINK: "name\0target", RENAME: "old\0new"). Buffers (READ, WRITE,
 * READLINK, GETDENTS, STAT) as a grant of `len` bytes. */
int req_mount(endpoint_t fs, struct fs_node *root);
int req_unmount(endpoint_t fs);
int req_lookup(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len,
	       struct fs_node *out);
int req_create(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t perm,
	       const struct fs_owner *owner, struct fs_node *out);
int req_mkdir(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t perm,
	      const struct fs_owner *owner, struct fs_node *out);
/* mode carries the file type (S_IFCHR, ...); rdev the device number. */
int req_mknod(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t mode,
	      uint64_t rdev, const struct fs_owner *owner, struct fs_node *out);
int req_unlink(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len);
int req_rmdir(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len);
int req_link(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint64_t target);
int req_symlink(endpoint_t fs, uint64_t dir, cp_grant_id_t pair, uint64_t len,
		const struct fs_owner *owner);
int req_rename(endpoint_t fs, uint64_t odir, uint64_t ndir, cp_grant_id_t pair, uint64_t len);
/* READ (write false) or WRITE: bytes moved. A write also answers the
 * file's size afterwards in *size (when size is not NULL); a read leaves
 * *size alone. */
int req_readwrite(endpoint_t fs, bool write, uint64_t ino, uint64_t pos, cp_grant_id_t buf,
		  uint64_t len, uint64_t *size);
int req_readlink(endpoint_t fs, uint64_t ino, cp_grant_id_t buf, uint64_t len);
/* struct qdirent records from *pos on; *pos is advanced on success. */
int req_getdents(endpoint_t fs, uint64_t ino, uint64_t *pos, cp_grant_id_t buf, uint64_t len);
/* buf is a grant of one struct qstat (include/quire/stat.h). */
int req_stat(endpoint_t fs, uint64_t ino, cp_grant_id_t buf);
int req_trunc(endpoint_t fs, uint64_t ino, uint64_t size);
int req_chmod(endpoint_t fs, uint64_t ino, uint32_t perm);
int req_putnode(endpoint_t fs, uint64_t ino, uint32_t count);
int req_chown(endpoint_t fs, uint64_t ino, uint32_t uid, uint32_t gid, uint32_t perm);
/* which: FS_UT_ATIME | FS_UT_MTIME. */
int req_utime(endpoint_t fs, uint64_t ino, uint64_t atime, uint64_t mtime, uint32_t which);
int req_sync(endpoint_t fs);
int req_fsync(endpoint_t fs, uint64_t ino);

#endif
