/*
 * Path lookup: one component at a time, across mount points (both ways,
 * so ".." at a mounted root climbs into the directory it covers), through
 * symbolic links (at most SYMLOOP_MAX per lookup: ELOOP), never above the
 * process's root. A trailing slash asks for a directory: "file/" is
 * ENOTDIR, and a symbolic link before it is followed (POSIX).
 *
 * Every directory passed needs search (x) permission for the caller
 * (perm.c): EACCES otherwise.
 *
 * Reference rule: each step consumes the reference on the directory it
 * starts from and returns a referenced vnode.
 */
#include "vfs.h"

bool is_dir(const struct vnode *vp)
{
	return (vp->mode & Q_S_IFMT) == Q_S_IFDIR;
}

bool is_symlink(const struct vnode *vp)
{
	return (vp->mode & Q_S_IFMT) == Q_S_IFLNK;
}

/* Copy a NUL-terminated path from the caller. The library never touches
 * a path itself (a bad pointer must give EFAULT, not crash the caller),
 * so VFS finds the end: page by page, never reading past the page that
 * holds the NUL. len, when not 0, is an upper bound from the caller. */
int fetch_path(endpoint_t ep, uint64_t addr, uint32_t len, char *buf)
{
	uint64_t limit = len && len < VFS_PATH_MAX ? len + 1 : VFS_PATH_MAX;
	uint64_t got = 0;
	while (got < limit) {
		uint64_t chunk = 4096 - ((addr + got) & 4095);
		if (chunk > limit - got)
			chunk = limit - got;
		if (ucopy_from(ep, addr + got, buf + got, chunk) != OK)
			return -EFAULT;
		for (uint64_t i = got; i < got + chunk; i++) {
			if (buf[i] == '\0')
				return i == 0 ? -ENOENT : OK;
		}
		got += chunk;
	}
	if (len && len < VFS_PATH_MAX) {
		buf[len] = '\0';         /* a caller-given length without a NUL */
		return OK;
	}
	return -ENAMETOOLONG;
}

/* From directory dir (reference consumed) to its entry `name`, crossing
 * mount points both ways; ".." never climbs above fp's root. */
int lookup_step(struct fproc *fp, struct vnode *dir, const char *name, struct vnode **out)
{
	if (!is_dir(dir) || !dir->ops->lookup) {
		vnode_put(dir);
		return -ENOTDIR;
	}
	int r = perm_check(fp, dir, PERM_X);   /* search permission, "." and ".." too */
	if (r) {
		vnode_put(dir);
		return r;
	}
	if (!strcmp(name, ".")) {
		*out = dir;
		return OK;
	}
	if (!strcmp(name, "..")) {
		/* Out of mounted file systems first, never above our root. */
		while (dir != fp->root && dir->mount && dir == dir->mount->root && dir->mount->covered) {
			struct vnode *c = dir->mount->covered;
			vnode_ref(c);
			vnode_put(dir);
			dir = c;
		}
		if (dir == fp->root) {
			*out = dir;
			return OK;
		}
	}
	struct vnode *vp;
	r = dir->ops->lookup(dir, name, &vp);
	vnode_put(dir);
	if (r)
		return r;
	while (vp->covered_by) {           /* into a file system mounted here */
		struct vnode *root = vp->covered_by->root;
		vnode_ref(root);
		vnode_put(vp);
		vp = root;
	}
	*out = vp;
	return OK;
}

/* The work of lookup and lookup_parent. path is modified. */
static int walk(struct fproc *fp, char *path, int flags, struct vnode **out, char *last)
{
	if (!fp->root || !fp->cwd)
		return -ENOENT;                /* nothing mounted yet */
	struct vnode *cur = path[0] == '/' ? fp->root : fp->cwd;
	vnode_ref(cur);
	int links = 0;
	char *p = path;
	char name[FS_NAME_MAX + 1];
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p) {
			if (last) {                /* no last component: "/" or "x/" done */
				vnode_put(cur);
				return -EINVAL;
			}
			*out = cur;
			return OK;
		}
		char *end = p;
		while (*end && *end != '/')
			end++;
		if ((size_t)(end - p) > FS_NAME_MAX) {
			vnode_put(cur);
			return -ENAMETOOLONG;
		}
		memcpy(name, p, (size_t)(end - p));
		name[end - p] = '\0';
		char *rest = end;
		while (*rest == '/')
			rest++;
		bool is_last = *rest == '\0';
		bool slash = is_last && *end == '/';   /* "name/": a directory, links followed */
		if (is_last && last) {
			if (!is_dir(cur)) {
				vnode_put(cur);
				return -ENOTDIR;
			}
			strlcpy(last, name, FS_NAME_MAX + 1);
			*out = cur;
			return OK;
		}
		vnode_ref(cur);                /* kept in case next is a symlink */
		struct vnode *next;
		int r = lookup_step(fp, cur, name, &next);
		if (r) {
			vnode_put(cur);
			return r;
		}
		if (is_symlink(next) && (!is_last || slash || (flags & LK_FOLLOW))) {
			static char target[VFS_PATH_MAX], joined[VFS_PATH_MAX];
			r = ++links > SYMLOOP_MAX ? -ELOOP
			    : next->ops->readlink ? next->ops->readlink(next, target, sizeof(target))
						  : -EINVAL;
			vnode_put(next);
			if (r >= 0 && (size_t)r + strlen(rest) + 2 > VFS_PATH_MAX)
				r = -ENAMETOOLONG;
			if (r < 0) {
				vnode_put(cur);
				return r;
			}
			strlcpy(joined, target, sizeof(joined));
			if (*rest || slash) {
				strlcpy(joined + strlen(joined), "/", sizeof(joined) - strlen(joined));
				strlcpy(joined + strlen(joined), rest, sizeof(joined) - strlen(joined));
			}
			strlcpy(path, joined, VFS_PATH_MAX);
			p = path;
			if (path[0] == '/') {
				vnode_put(cur);
				cur = fp->root;
				vnode_ref(cur);
			}
			continue;
		}
		vnode_put(cur);
		cur = next;
		p = rest;
		if (slash && !is_dir(cur)) {
			vnode_put(cur);
			return -ENOTDIR;
		}
	}
}

int lookup(struct fproc *fp, const char *path, int flags, struct vnode **out)
{
	static char buf[VFS_PATH_MAX];
	strlcpy(buf, path, sizeof(buf));
	return walk(fp, buf, flags, out, NULL);
}

int lookup_parent(struct fproc *fp, const char *path, struct vnode **dir, char *name)
{
	static char buf[VFS_PATH_MAX];
	strlcpy(buf, path, sizeof(buf));
	int r = walk(fp, buf, 0, dir, name);
	if (r)
		return r;
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		vnode_put(*dir);
		return -EINVAL;
	}
	return OK;
}

/* Fetch the caller's path (into buf, VFS_PATH_MAX bytes) and look it up:
 * the first step of every call that names an existing file. */
int lookup_user(struct fproc *fp, uint64_t addr, uint32_t len, int flags, char *buf,
		struct vnode **out)
{
	int r = fetch_path(fp->ep, addr, len, buf);
	return r ? r : lookup(fp, buf, flags, out);
}
