/*
 * Rename: move entry `oname` of directory odir to `nname` in ndir,
 * replacing an existing target atomically (its entry is pointed at the
 * moved inode in one store: there is no moment when nname names nothing).
 *
 * All checks come first (decode, then invoke):
 *   - "." and ".." can be neither source nor target (EINVAL);
 *   - a directory cannot move into itself or below itself (EINVAL);
 *   - a directory may replace only an empty directory (ENOTDIR, ENOTEMPTY),
 *     a non-directory only a non-directory (EISDIR);
 *   - the same inode under both names: nothing to do (POSIX).
 * The only step that can fail after that is adding a new entry (ENOSPC),
 * and it comes before the old entry goes.
 *
 * Link counts when a directory moves from odir to ndir: its ".." now
 * points at ndir (ndir +1, odir -1); a replaced directory takes its own
 * ".." link to ndir with it (ndir -1).
 */
#include "fs.h"

#define MAX_DEPTH 65536         /* a longer ".." chain is a corrupt loop */

/* Is `anc` ndir itself or one of its ancestors? */
static int is_ancestor(uint32_t anc, uint32_t ndir)
{
	uint32_t cur = ndir;
	for (int steps = 0; steps < MAX_DEPTH; steps++) {
		if (cur == anc)
			return 1;
		if (cur == EXT2_ROOT_INO)
			return 0;
		struct inode *ip;
		int r = inode_get(cur, &ip);
		if (r != OK)
			return r;
		uint32_t parent;
		r = inode_is_dir(ip) ? dir_lookup(ip, "..", 2, &parent) : -EIO;
		inode_put(ip);
		if (r != OK)
			return r == -ENOENT ? -EIO : r;
		cur = parent;
	}
	return -EIO;
}

static bool dot_or_dotdot(const char *name, size_t len)
{
	return name_is_dot(name, (unsigned)len) || name_is_dotdot(name, (unsigned)len);
}

static int get_dir(uint64_t ino, struct inode **dpp)
{
	if (ino > UINT32_MAX)
		return -EINVAL;
	int r = inode_get((uint32_t)ino, dpp);
	if (r != OK)
		return r;
	if (!inode_is_dir(*dpp) || (*dpp)->d.i_links_count == 0) {
		r = inode_is_dir(*dpp) ? -ENOENT : -ENOTDIR;
		inode_put(*dpp);
		*dpp = NULL;
	}
	return r;
}

/* The checks; OK means the rename may go ahead. */
static int check(struct inode *odp, struct inode *ndp, struct inode *sp, struct inode *tp)
{
	if (inode_is_dir(sp)) {
		if (tp && !inode_is_dir(tp))
			return -ENOTDIR;
		if (tp) {
			int e = dir_is_empty(tp);
			if (e != 1)
				return e == 0 ? -ENOTEMPTY : e;
		}
		if (odp != ndp) {
			int a = is_ancestor(sp->ino, ndp->ino);
			if (a != 0)
				return a == 1 ? -EINVAL : a;
			if (!tp && ndp->d.i_links_count >= EXT2_LINK_MAX)
				return -EMLINK;
		}
	} else if (tp && inode_is_dir(tp)) {
		return -EISDIR;
	}
	return OK;
}

/* The changes, in an order where only the first can fail. */
static int invoke(struct inode *odp, const char *oname, size_t olen, struct inode *ndp,
		  const char *nname, size_t nlen, struct inode *sp, struct inode *tp)
{
	struct dir_slot s;
	int r;
	if (tp) {
		r = dir_find(ndp, nname, (unsigned)nlen, &s);
		if (r != OK)
			return r;
		dir_retarget(ndp, &s, sp->ino, sp->d.i_mode);
	} else {
		r = dir_add(ndp, nname, (unsigned)nlen, sp->ino, sp->d.i_mode);
		if (r != OK)
			return r;
	}
	r = dir_find(odp, oname, (unsigned)olen, &s);
	fs_assert(r != -ENOENT);        /* found moments ago; nothing removed it */
	if (r != OK)
		return r;
	dir_remove(odp, &s);

	if (inode_is_dir(sp) && odp != ndp) {
		dir_set_dotdot(sp, ndp->ino);
		odp->d.i_links_count--;
		ndp->d.i_links_count++;
	}
	if (tp && inode_is_dir(tp)) {
		tp->d.i_links_count = 0;
		trunc_blocks(tp, 0);
		inode_set_size(tp, 0);
		ndp->d.i_links_count--;
	} else if (tp) {
		tp->d.i_links_count--;
	}
	if (tp) {
		inode_touch(tp, TOUCH_C);
		inode_write(tp);
	}
	inode_touch(sp, TOUCH_C);
	inode_write(sp);
	inode_write(odp);
	inode_write(ndp);
	return OK;
}

int fs_rename(uint64_t odir, const char *oname, size_t olen, uint64_t ndir,
	      const char *nname, size_t nlen)
{
	int r = name_check(oname, olen);
	if (r == OK)
		r = name_check(nname, nlen);
	if (r != OK)
		return r;
	if (dot_or_dotdot(oname, olen) || dot_or_dotdot(nname, nlen))
		return -EINVAL;
	if (fs.readonly)
		return -EROFS;

	struct inode *odp = NULL, *ndp = NULL, *sp = NULL, *tp = NULL;
	uint32_t sino, tino = 0;
	r = get_dir(odir, &odp);
	if (r == OK)
		r = get_dir(ndir, &ndp);
	if (r == OK)
		r = dir_lookup(odp, oname, (unsigned)olen, &sino);
	if (r == OK) {
		r = inode_get(sino, &sp);
		if (r == -EINVAL || r == -ENOENT)
			r = -EIO;       /* the entry names no live inode */
	}
	if (r == OK) {
		r = dir_lookup(ndp, nname, (unsigned)nlen, &tino);
		if (r == -ENOENT) {
			tino = 0;
			r = OK;
		}
	}
	if (r == OK && tino == sino)
		goto out;               /* two names of one file: nothing to do */
	if (r == OK && tino) {
		r = inode_get(tino, &tp);
		if (r == -EINVAL || r == -ENOENT)
			r = -EIO;
	}
	if (r == OK)
		r = check(odp, ndp, sp, tp);
	if (r == OK)
		r = invoke(odp, oname, olen, ndp, nname, nlen, sp, tp);
out:
	inode_put(tp);                  /* frees a replaced file nobody holds */
	inode_put(sp);
	inode_put(ndp);
	inode_put(odp);
	return r;
}
