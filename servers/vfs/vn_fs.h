/* Between vn_fs.c (tables, data) and vn_fs_name.c (directory entries):
 * the FS-served kinds' own functions. Nothing else includes this. */
#ifndef VFS_VN_FS_H
#define VFS_VN_FS_H

int fs_err(int r);
int vn_fs_lookup(struct vnode *dir, const char *name, struct vnode **out);
int vn_fs_create(struct vnode *dir, const char *name, uint32_t perm,
		 const struct fs_owner *owner, struct vnode **out);
int vn_fs_mkdir(struct vnode *dir, const char *name, uint32_t perm, const struct fs_owner *owner);
int vn_fs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
		const struct fs_owner *owner);
int vn_fs_unlink(struct vnode *dir, const char *name);
int vn_fs_rmdir(struct vnode *dir, const char *name);
int vn_fs_link(struct vnode *dir, const char *name, struct vnode *target);
int vn_fs_symlink(struct vnode *dir, const char *name, const char *target,
		  const struct fs_owner *owner);
int vn_fs_rename(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname);

#endif
