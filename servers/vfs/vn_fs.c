/*
 * Files on an FS server: the kinds' tables, and the data path.
 *
 * An inode an FS answers becomes a vnode of the kind its file type
 * selects in fs_kinds[] (regular file, directory, symbolic link,
 * FIFO, whose data is a pipe buffer: vn_fifo.c; every other type -
 * devices and sockets made on disk - is "special", which VFS cannot
 * open yet). Name operations are in vn_fs_name.c.
 *
 * Every FS request carries grants, never pointers (lib/libproto/fs.c
 * builds it). Data for a user buffer goes straight between the FS and the
 * user through a magic grant flagged CPF_TRY: if the user's memory is not
 * present the FS's copy fails at once (EFAULT, grant marked), VFS asks VM
 * to bring the range in (VM may itself need this FS, which is free
 * meanwhile), and retries. That is the EFAULT-retry protocol; without it,
 * a read() into memory mapped from a file on the same FS would suspend
 * the FS while VM waits for the same FS.
 *
 * Inode references: each answer that names an inode carries one FS
 * reference, which vn_fs_vnode() moves into the vnode's fs_refs; the
 * kind's release gives them all back with one FS_PUTNODE.
 */
#include "vfs.h"
#include <quire/vm.h>
#include "vn_fs.h"

/* An FS that is gone (an IPC error) is an I/O error to the caller. */
int fs_err(int r)
{
	return r <= -ELOCKED && r >= -ESUSPEND ? -EIO : r;
}

static const struct vnode_ops *const fs_kinds[16] = {
	[Q_S_IFREG >> 12] = &vn_fs_file_ops,
	[Q_S_IFDIR >> 12] = &vn_fs_dir_ops,
	[Q_S_IFLNK >> 12] = &vn_fs_link_ops,
	[Q_S_IFIFO >> 12] = &vn_fs_fifo_ops,
};

struct vnode *vn_fs_vnode(endpoint_t fs, const struct fs_node *nd, struct mount *mnt)
{
	const struct vnode_ops *ops = fs_kinds[(nd->mode & Q_S_IFMT) >> 12];
	struct vnode *vp = vnode_get(ops ? ops : &vn_fs_special_ops, fs, nd->ino, nd->mode,
				     nd->size, mnt);
	if (!vp) {
		req_putnode(fs, nd->ino, 1);
		return NULL;
	}
	VFS_ASSERT(vp->fs_refs < UINT32_MAX);
	vp->uid = nd->uid;
	vp->gid = nd->gid;
	vp->fs_refs++;
	return vp;
}

int vn_fs_mount(endpoint_t fs, struct mount *mp, struct vnode **root)
{
	struct fs_node nd;
	int r = fs_err(req_mount(fs, &nd));
	if (r < 0)
		return r;
	*root = vn_fs_vnode(fs, &nd, mp);
	return *root ? OK : -ENFILE;
}

static void fs_release(struct vnode *vp)
{
	if (vp->fs_refs)
		req_putnode(vp->fs, vp->ino, vp->fs_refs);
	vp->fs_refs = 0;
}

static int fs_stat(struct vnode *vp, struct qstat *st)
{
	cp_grant_id_t g = cpf_grant_direct(vp->fs, (vir_bytes)st, sizeof(*st), CPF_WRITE);
	if (g < 0)
		return -ENOMEM;
	int r = fs_err(req_stat(vp->fs, vp->ino, g));
	cpf_revoke(g);
	if (r >= 0)
		vp->size = st->size;
	return r;
}

static int fs_truncate(struct vnode *vp, uint64_t size)
{
	int r = fs_err(req_trunc(vp->fs, vp->ino, size));
	if (r >= 0)
		vp->size = size;
	return r;
}

static int fs_chmod(struct vnode *vp, uint32_t perm)
{
	return fs_err(req_chmod(vp->fs, vp->ino, perm));
}

static int fs_chown(struct vnode *vp, uint32_t uid, uint32_t gid, uint32_t perm)
{
	return fs_err(req_chown(vp->fs, vp->ino, uid, gid, perm));
}

static int fs_utime(struct vnode *vp, uint64_t atime, uint64_t mtime, uint32_t which)
{
	return fs_err(req_utime(vp->fs, vp->ino, atime, mtime, which));
}

static int fs_fsync(struct vnode *vp)
{
	return fs_err(req_fsync(vp->fs, vp->ino));
}

static void fs_syncfs(struct vnode *root)
{
	req_sync(root->fs);
}

/* One READ or WRITE through grant g; keeps vp->size up to date. */
static int rdwr(struct vnode *vp, bool write, uint64_t pos, cp_grant_id_t g, uint64_t len)
{
	uint64_t size = 0;
	int r = fs_err(req_readwrite(vp->fs, write, vp->ino, pos, g, len, &size));
	if (r >= 0 && write && size >= pos + (uint64_t)r)
		vp->size = size;
	else if (r >= 0 && write && pos + (uint64_t)r > vp->size)
		vp->size = pos + (uint64_t)r;
	return r;
}

/* READ into VFS's own memory. */
static int read_local(struct vnode *vp, uint64_t pos, void *buf, uint64_t len)
{
	cp_grant_id_t g = cpf_grant_direct(vp->fs, (vir_bytes)buf, len, CPF_WRITE);
	if (g < 0)
		return -ENOMEM;
	int r = rdwr(vp, false, pos, g, len);
	cpf_revoke(g);
	return r;
}

/* Read or write a user's buffer: the EFAULT-retry protocol. */
static int rdwr_user(struct vnode *vp, bool write, uint64_t pos, endpoint_t user,
		     uint64_t addr, uint64_t len)
{
	for (int attempt = 0; attempt < 8; attempt++) {
		cp_grant_id_t g = cpf_grant_magic(vp->fs, user, addr, len,
						  (write ? CPF_READ : CPF_WRITE) | CPF_TRY);
		if (g < 0)
			return -ENOMEM;
		int r = rdwr(vp, write, pos, g, len);
		int rv = cpf_revoke(g);
		if (r != -EFAULT || rv != GRANT_FAULTED)
			return r;
		/* The user's memory was absent: bring it in, then again. */
		if (vm_req_prefault(user, addr, len, !write) != OK)
			return -EFAULT;
	}
	return -EFAULT;
}

static int fs_rdwr(struct vio *io, bool write)
{
	struct vnode *vp = io->f->vp;
	uint64_t pos = io->pos;
	if ((int64_t)pos < 0)
		return -EINVAL;
	if (write && (io->f->flags & Q_O_APPEND) && !io->positioned) {
		struct qstat st;
		int r = vnode_stat(vp, &st);
		if (r < 0)
			return r;
		pos = st.size;
	}
	uint64_t len = io->len;
	if (write && pos + len > io->fp->cred.fsize) {
		/* RLIMIT_FSIZE: nothing at or past the limit (SIGXFSZ, whose
		 * default action ends the writer; EFBIG if it is ignored), and
		 * a write that crosses it is cut short. */
		if (pos >= io->fp->cred.fsize) {
			pm_req_kill(0, io->fp->ep, QSIGXFSZ);
			return -EFBIG;
		}
		len = io->fp->cred.fsize - pos;
	}
	int r = rdwr_user(vp, write, pos, io->fp->ep, io->buf, len);
	if (r > 0 && !io->positioned)
		io->f->pos = pos + (uint64_t)r;
	return r;
}

static int fs_read(struct vio *io)  { return fs_rdwr(io, false); }
static int fs_write(struct vio *io) { return fs_rdwr(io, true); }

static int fs_load(struct vnode *vp, uint64_t pos, endpoint_t ep, uint64_t addr, uint64_t len)
{
	if (ep == SELF)
		return read_local(vp, pos, (void *)addr, len);
	return rdwr_user(vp, false, pos, ep, addr, len);
}

static int fs_getdents(struct vnode *vp, uint64_t *pos, char *buf, uint64_t len)
{
	cp_grant_id_t g = cpf_grant_direct(vp->fs, (vir_bytes)buf, len, CPF_WRITE);
	if (g < 0)
		return -ENOMEM;
	uint64_t next = *pos;
	int r = fs_err(req_getdents(vp->fs, vp->ino, &next, g, len));
	cpf_revoke(g);
	if (r > 0)
		*pos = next;
	return r;
}

static int fs_readlink(struct vnode *vp, char *buf, size_t size)
{
	cp_grant_id_t g = cpf_grant_direct(vp->fs, (vir_bytes)buf, size - 1, CPF_WRITE);
	if (g < 0)
		return -ENOMEM;
	int r = fs_err(req_readlink(vp->fs, vp->ino, g, size - 1));
	cpf_revoke(g);
	if (r >= 0)
		buf[r] = '\0';
	return r;
}

/* Special files on disk (device nodes, FIFOs, sockets): no driver or
 * pipe is attached to them yet. */
static int fs_special_open(struct vnode *vp, struct fproc *fp, int flags)
{
	(void)vp, (void)fp, (void)flags;
	return -ENXIO;
}

/* mmap of a regular file: its own pages, from VM's page cache, which
 * its FS fills (docs/vfs.md, "mmap"). */
static int fs_mmap(struct vnode *vp, int flags)
{
	(void)vp;
	(void)flags;
	return VN_MAP_FILE;
}

const struct vnode_ops vn_fs_file_ops = {
	.name     = "fs file",
	.release  = fs_release,
	.mmap     = fs_mmap,
	.read     = fs_read,
	.write    = fs_write,
	.stat     = fs_stat,
	.truncate = fs_truncate,
	.seek     = vn_seekable,
	.fsync    = fs_fsync,
	.syncfs   = fs_syncfs,
	.load     = fs_load,
	.chmod    = fs_chmod,
	.chown    = fs_chown,
	.utime    = fs_utime,
};

const struct vnode_ops vn_fs_dir_ops = {
	.name     = "fs directory",
	.release  = fs_release,
	.read     = vn_eisdir,
	.write    = vn_eisdir,
	.stat     = fs_stat,
	.truncate = vn_truncate_eisdir,
	.seek     = vn_seekable,
	.getdents = fs_getdents,
	.fsync    = fs_fsync,
	.syncfs   = fs_syncfs,
	.chmod    = fs_chmod,
	.chown    = fs_chown,
	.utime    = fs_utime,
	.lookup   = vn_fs_lookup,
	.create   = vn_fs_create,
	.mkdir    = vn_fs_mkdir,
	.mknod    = vn_fs_mknod,
	.unlink   = vn_fs_unlink,
	.rmdir    = vn_fs_rmdir,
	.link     = vn_fs_link,
	.symlink  = vn_fs_symlink,
	.rename   = vn_fs_rename,
};

const struct vnode_ops vn_fs_link_ops = {
	.name     = "fs symlink",
	.release  = fs_release,
	.stat     = fs_stat,
	.seek     = vn_seekable,
	.fsync    = fs_fsync,
	.chmod    = fs_chmod,
	.chown    = fs_chown,
	.utime    = fs_utime,
	.readlink = fs_readlink,
};

/* FIFOs on disk: the inode is the FS's, the data a pipe buffer VFS
 * attaches while the FIFO is open (vn_fifo.c). No fsync (EINVAL). */
const struct vnode_ops vn_fs_fifo_ops = {
	.name     = "fs fifo",
	.open     = fifo_open,
	.close    = fifo_closed,
	.release  = fs_release,
	.read     = pipe_read,
	.write    = pipe_write,
	.stat     = fs_stat,
	.chmod    = fs_chmod,
	.cancel   = fifo_cancel,
};

const struct vnode_ops vn_fs_special_ops = {
	.name     = "fs special file",
	.open     = fs_special_open,
	.release  = fs_release,
	.stat     = fs_stat,
	.fsync    = fs_fsync,
	.chmod    = fs_chmod,
	.chown    = fs_chown,
	.utime    = fs_utime,
};
