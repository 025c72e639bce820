/*
 * Mounts. VFS_MOUNT names a file-system server (by its process name, e.g.
 * "ext2") and a directory. The first mount must be "/": it becomes every
 * process's root and cwd, and the device file system is mounted on /dev
 * if the root has such a directory.
 */
#include "vfs.h"

static struct mount mounts[NR_MOUNTS];

static struct mount *mount_new(void)
{
	for (int i = 0; i < NR_MOUNTS; i++)
		if (!mounts[i].in_use) {
			memset(&mounts[i], 0, sizeof(mounts[i]));
			mounts[i].in_use = true;
			return &mounts[i];
		}
	return NULL;
}

/* Cover directory `over` (referenced; NULL for /) with the file system
 * whose root is `root`. */
static void attach(struct mount *mp, struct vnode *root, struct vnode *over)
{
	mp->root = root;
	root->mount = mp;
	mp->covered = over;
	if (over)
		over->covered_by = mp;
}

static void mount_devfs(void)
{
	struct fproc tmp;
	memset(&tmp, 0, sizeof(tmp));
	tmp.root = tmp.cwd = root_mount->root;
	struct vnode *dir;
	if (lookup(&tmp, "/dev", LK_FOLLOW, &dir) != OK)
		return;
	struct vnode *root = NULL;
	struct mount *mp = NULL;
	if (is_dir(dir) && !dir->covered_by && (root = devfs_root()) != NULL)
		mp = mount_new();
	if (!mp) {
		vnode_put(root);
		vnode_put(dir);
		return;
	}
	mp->fs = DEVFS_FS;
	attach(mp, root, dir);
}

int do_mount(struct fproc *fp, message *m)
{
	static char fsname[VFS_PATH_MAX], where[VFS_PATH_MAX];
	int r = fetch_path(fp->ep, m->m_vfs.path, m->m_vfs.len, fsname);
	if (!r)
		r = fetch_path(fp->ep, m->m_vfs.buf, m->m_vfs.len2, where);
	if (r)
		return r;
	endpoint_t fs;
	if (sys_lookup(fsname, &fs) != OK)
		return -ENODEV;
	for (int i = 0; i < NR_MOUNTS; i++)
		if (mounts[i].in_use && mounts[i].fs == fs)
			return -EBUSY;     /* one mount per file-system server */
	struct vnode *over = NULL;
	if (!root_mount) {
		if (strcmp(where, "/"))
			return -ENOENT;    /* nothing to mount on before the root */
	} else {
		r = lookup(fp, where, LK_FOLLOW, &over);
		if (r)
			return r;
		if (!is_dir(over) || over->covered_by || over == over->mount->root) {
			r = !is_dir(over) ? -ENOTDIR : -EBUSY;
			vnode_put(over);
			return r;
		}
	}
	struct mount *mp = mount_new();
	if (!mp) {
		if (over)
			vnode_put(over);
		return -ENFILE;
	}
	mp->fs = fs;
	struct vnode *root;
	r = vn_fs_mount(fs, mp, &root);
	if (r < 0) {
		mp->in_use = false;
		if (over)
			vnode_put(over);
		return r;
	}
	attach(mp, root, over);
	if (!over) {
		root_mount = mp;
		for (int i = 0; i < NR_PROCS; i++) {
			struct fproc *f = &fprocs[i];
			if (!f->in_use || f->root)
				continue;
			f->root = f->cwd = root;
			vnode_ref(root);
			vnode_ref(root);
		}
		mount_devfs();
		printf("vfs: %s mounted as the root file system\n", fsname);
	}
	return OK;
}

int do_sync(struct fproc *fp, message *m)
{
	(void)fp, (void)m;
	for (int i = 0; i < NR_MOUNTS; i++) {
		struct vnode *root = mounts[i].root;
		if (mounts[i].in_use && root && root->ops->syncfs)
			root->ops->syncfs(root);
	}
	return OK;
}
