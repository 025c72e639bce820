/*
 * Directories on an FS server: the entries of vn_fs_dir_ops that take a
 * name (vn_fs.c has the table). A name goes to the FS through a direct
 * grant of VFS's copy, readable only, revoked before we return. A name
 * longer than FS_NAME_MAX is refused here (ENAMETOOLONG) before any
 * request is made.
 */
#include "vfs.h"
#include "vn_fs.h"

/* Grant the FS read access to name (with its NUL); *len its length. */
static int grant_name(struct vnode *dir, const char *name, cp_grant_id_t *g, uint64_t *len)
{
	*len = strlen(name);
	if (*len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	*g = cpf_grant_direct(dir->fs, (vir_bytes)name, *len + 1, CPF_READ);
	return *g < 0 ? -ENOMEM : OK;
}

/* The requests of one directory and one name (vn_fs_*() below). */
enum name_op { N_LOOKUP, N_CREATE, N_MKDIR, N_UNLINK, N_RMDIR, N_LINK, N_MKNOD };

static int name_op(enum name_op op, struct vnode *dir, const char *name, uint32_t perm,
		   uint64_t ino2, const struct fs_owner *owner, struct vnode **out)
{
	cp_grant_id_t g;
	uint64_t len;
	int r = grant_name(dir, name, &g, &len);
	if (r < 0)
		return r;
	struct fs_node nd;
	switch (op) {
	case N_LOOKUP: r = req_lookup(dir->fs, dir->ino, g, len, &nd); break;
	case N_CREATE: r = req_create(dir->fs, dir->ino, g, len, perm, owner, &nd); break;
	case N_MKDIR:  r = req_mkdir(dir->fs, dir->ino, g, len, perm, owner, &nd); break;
	case N_UNLINK: r = req_unlink(dir->fs, dir->ino, g, len); break;
	case N_RMDIR:  r = req_rmdir(dir->fs, dir->ino, g, len); break;
	case N_LINK:   r = req_link(dir->fs, dir->ino, g, len, ino2); break;
	case N_MKNOD:  r = req_mknod(dir->fs, dir->ino, g, len, perm, ino2, owner, &nd); break;
	}
	cpf_revoke(g);
	r = fs_err(r);
	if (r < 0)
		return r;
	if (op == N_MKDIR || op == N_MKNOD)   /* the answer's inode reference: not kept */
		req_putnode(dir->fs, nd.ino, 1);
	if (op == N_LOOKUP || op == N_CREATE) {
		*out = vn_fs_vnode(dir->fs, &nd, dir->mount);
		if (!*out)
			return -ENFILE;
	}
	return OK;
}

int vn_fs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	return name_op(N_LOOKUP, dir, name, 0, 0, NULL, out);
}

int vn_fs_create(struct vnode *dir, const char *name, uint32_t perm,
		 const struct fs_owner *owner, struct vnode **out)
{
	return name_op(N_CREATE, dir, name, perm, 0, owner, out);
}

int vn_fs_mkdir(struct vnode *dir, const char *name, uint32_t perm, const struct fs_owner *owner)
{
	return name_op(N_MKDIR, dir, name, perm, 0, owner, NULL);
}

/* mode: the file type (FIFO, device) and permissions; rdev for devices. */
int vn_fs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
		const struct fs_owner *owner)
{
	return name_op(N_MKNOD, dir, name, mode, rdev, owner, NULL);
}

int vn_fs_unlink(struct vnode *dir, const char *name)
{
	return name_op(N_UNLINK, dir, name, 0, 0, NULL, NULL);
}

int vn_fs_rmdir(struct vnode *dir, const char *name)
{
	return name_op(N_RMDIR, dir, name, 0, 0, NULL, NULL);
}

int vn_fs_link(struct vnode *dir, const char *name, struct vnode *target)
{
	return name_op(N_LINK, dir, name, 0, target->ino, NULL, NULL);
}

/* "first\0second\0" granted to dir's FS: SYMLINK's and RENAME's names. */
static char pair[FS_NAME_MAX + 1 + VFS_PATH_MAX + 1];

static int grant_pair(struct vnode *dir, const char *a, size_t amax, const char *b, size_t bmax,
		      cp_grant_id_t *g, uint64_t *len)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > amax || lb > bmax)
		return -ENAMETOOLONG;
	memcpy(pair, a, la + 1);
	memcpy(pair + la + 1, b, lb + 1);
	*len = la + lb + 2;
	*g = cpf_grant_direct(dir->fs, (vir_bytes)pair, *len, CPF_READ);
	return *g < 0 ? -ENOMEM : OK;
}

int vn_fs_symlink(struct vnode *dir, const char *name, const char *target,
		  const struct fs_owner *owner)
{
	cp_grant_id_t g;
	uint64_t len;
	int r = grant_pair(dir, name, FS_NAME_MAX, target, VFS_PATH_MAX - 1, &g, &len);
	if (r < 0)
		return r;
	r = fs_err(req_symlink(dir->fs, dir->ino, g, len, owner));
	cpf_revoke(g);
	return r;
}

int vn_fs_rename(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname)
{
	cp_grant_id_t g;
	uint64_t len;
	int r = grant_pair(odir, oname, FS_NAME_MAX, nname, FS_NAME_MAX, &g, &len);
	if (r < 0)
		return r;
	r = fs_err(req_rename(odir->fs, odir->ino, ndir->ino, g, len));
	cpf_revoke(g);
	return r;
}
