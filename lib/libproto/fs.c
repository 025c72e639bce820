/*
 * The file-system protocol's client stubs (include/quire/fsproto.h).
 *
 * Each req_<op> fills an FS request from its typed arguments, sends it
 * to the FS server with proto_call() and decodes the answer. Grants are
 * the caller's: a stub never makes or revokes one, so the caller decides
 * their access and flags (VFS's CPF_TRY grants for the EFAULT-retry
 * protocol, docs/vfs.md) and how long they live.
 */
#include <quire/ipc.h>
#include <quire/stat.h>
#include "proto.h"

static const struct fs_owner no_owner;     /* uid 0, gid 0 */

/* The inode an answer names. */
static void node_out(const message *m, struct fs_node *out)
{
	if (!out)
		return;
	out->ino = m->m_fs.ino;
	out->size = m->m_fs.len;
	out->mode = m->m_fs.mode;
	out->uid = m->m_fs.uid;
	out->gid = m->m_fs.gid;
}

int req_mount(endpoint_t fs, struct fs_node *root)
{
	PROTO_MSG(m);
	int r = proto_call(fs, FS_MOUNT, &m);
	if (r >= 0)
		node_out(&m, root);
	return r;
}

int req_unmount(endpoint_t fs)
{
	PROTO_MSG(m);
	return proto_call(fs, FS_UNMOUNT, &m);
}

/* The requests on a directory and one name: LOOKUP, CREATE, MKDIR, MKNOD,
 * UNLINK, RMDIR, LINK. out (may be NULL) gets the answered inode. */
static int named(endpoint_t fs, int type, uint64_t dir, cp_grant_id_t name, uint64_t len,
		 uint32_t mode, uint64_t rdev, uint64_t ino2, const struct fs_owner *owner,
		 struct fs_node *out)
{
	PROTO_MSG(m);
	if (!owner)
		owner = &no_owner;
	m.m_fs.ino = dir;
	m.m_fs.grant = name;
	m.m_fs.len = len;
	m.m_fs.mode = mode;
	m.m_fs.pos = rdev;
	m.m_fs.ino2 = ino2;
	m.m_fs.uid = owner->uid;
	m.m_fs.gid = owner->gid;
	int r = proto_call(fs, type, &m);
	if (r >= 0)
		node_out(&m, out);
	return r;
}

int req_lookup(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len,
	       struct fs_node *out)
{
	return named(fs, FS_LOOKUP, dir, name, len, 0, 0, 0, NULL, out);
}

int req_create(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t perm,
	       const struct fs_owner *owner, struct fs_node *out)
{
	return named(fs, FS_CREATE, dir, name, len, perm, 0, 0, owner, out);
}

int req_mkdir(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t perm,
	      const struct fs_owner *owner, struct fs_node *out)
{
	return named(fs, FS_MKDIR, dir, name, len, perm, 0, 0, owner, out);
}

int req_mknod(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint32_t mode,
	      uint64_t rdev, const struct fs_owner *owner, struct fs_node *out)
{
	return named(fs, FS_MKNOD, dir, name, len, mode, rdev, 0, owner, out);
}

int req_unlink(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len)
{
	return named(fs, FS_UNLINK, dir, name, len, 0, 0, 0, NULL, NULL);
}

int req_rmdir(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len)
{
	return named(fs, FS_RMDIR, dir, name, len, 0, 0, 0, NULL, NULL);
}

int req_link(endpoint_t fs, uint64_t dir, cp_grant_id_t name, uint64_t len, uint64_t target)
{
	return named(fs, FS_LINK, dir, name, len, 0, 0, target, NULL, NULL);
}

int req_symlink(endpoint_t fs, uint64_t dir, cp_grant_id_t pair, uint64_t len,
		const struct fs_owner *owner)
{
	return named(fs, FS_SYMLINK, dir, pair, len, 0, 0, 0, owner, NULL);
}

int req_rename(endpoint_t fs, uint64_t odir, uint64_t ndir, cp_grant_id_t pair, uint64_t len)
{
	return named(fs, FS_RENAME, odir, pair, len, 0, 0, ndir, NULL, NULL);
}

/* The requests on one inode and a buffer: READ, WRITE, READLINK, GETDENTS. */
static int buffer(endpoint_t fs, int type, uint64_t ino, uint64_t pos, cp_grant_id_t buf,
		  uint64_t len, message *m)
{
	m->m_fs.ino = ino;
	m->m_fs.pos = pos;
	m->m_fs.grant = buf;
	m->m_fs.len = len;
	return proto_call(fs, type, m);
}

int req_readwrite(endpoint_t fs, bool write, uint64_t ino, uint64_t pos, cp_grant_id_t buf,
		  uint64_t len, uint64_t *size)
{
	PROTO_MSG(m);
	int r = buffer(fs, write ? FS_WRITE : FS_READ, ino, pos, buf, len, &m);
	if (r >= 0 && write && size)
		*size = m.m_fs.len;        /* a WRITE answers the new file size */
	return r;
}

int req_readlink(endpoint_t fs, uint64_t ino, cp_grant_id_t buf, uint64_t len)
{
	PROTO_MSG(m);
	return buffer(fs, FS_READLINK, ino, 0, buf, len, &m);
}

int req_getdents(endpoint_t fs, uint64_t ino, uint64_t *pos, cp_grant_id_t buf, uint64_t len)
{
	PROTO_MSG(m);
	int r = buffer(fs, FS_GETDENTS, ino, *pos, buf, len, &m);
	if (r >= 0)
		*pos = m.m_fs.pos;
	return r;
}

int req_stat(endpoint_t fs, uint64_t ino, cp_grant_id_t buf)
{
	PROTO_MSG(m);
	return buffer(fs, FS_STAT, ino, 0, buf, sizeof(struct qstat), &m);
}

/* The requests on one inode alone: TRUNC, CHMOD, PUTNODE, FSYNC. */
static int inode(endpoint_t fs, int type, uint64_t ino, uint64_t pos, uint32_t mode,
		 uint32_t count)
{
	PROTO_MSG(m);
	m.m_fs.ino = ino;
	m.m_fs.pos = pos;
	m.m_fs.mode = mode;
	m.m_fs.count = count;
	return proto_call(fs, type, &m);
}

int req_trunc(endpoint_t fs, uint64_t ino, uint64_t size)
{
	return inode(fs, FS_TRUNC, ino, size, 0, 0);
}

int req_chmod(endpoint_t fs, uint64_t ino, uint32_t perm)
{
	return inode(fs, FS_CHMOD, ino, 0, perm, 0);
}

int req_chown(endpoint_t fs, uint64_t ino, uint32_t uid, uint32_t gid, uint32_t perm)
{
	PROTO_MSG(m);
	m.m_fs.ino = ino;
	m.m_fs.uid = uid;
	m.m_fs.gid = gid;
	m.m_fs.mode = perm;
	return proto_call(fs, FS_CHOWN, &m);
}

int req_utime(endpoint_t fs, uint64_t ino, uint64_t atime, uint64_t mtime, uint32_t which)
{
	PROTO_MSG(m);
	m.m_fs.ino = ino;
	m.m_fs.pos = atime;
	m.m_fs.len = mtime;
	m.m_fs.count = which;
	return proto_call(fs, FS_UTIME, &m);
}

int req_putnode(endpoint_t fs, uint64_t ino, uint32_t count)
{
	return inode(fs, FS_PUTNODE, ino, 0, 0, count);
}

int req_fsync(endpoint_t fs, uint64_t ino)
{
	return inode(fs, FS_FSYNC, ino, 0, 0, 0);
}

int req_sync(endpoint_t fs)
{
	PROTO_MSG(m);
	return proto_call(fs, FS_SYNC, &m);
}
