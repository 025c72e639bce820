/*
 * The FS protocol (include/quire/fsproto.h): decode one request, call the
 * fs_* operation, fill in the answer. Names come in through the request's
 * grant (x) and are copied in before anything else happens, so a fault on
 * them (EFAULT) changes nothing.
 *
 * This file sees no libsys: main.c makes x from the request's grant, the
 * host tests make it over plain memory, and both call fs_dispatch().
 */
#include "fs.h"

/* "name\0target" (SYMLINK) and "old\0new" (RENAME) fit here. */
static char names[EXT2_NAME_LEN + 1 + FS_SYMLINK_MAX + 2];

static struct lmfs_dev *mount_dev;
static uint64_t mount_dev_id;

void fs_set_device(struct lmfs_dev *dev, uint64_t dev_id)
{
	mount_dev = dev;
	mount_dev_id = dev_id;
}

/* Copy a single name (LOOKUP, CREATE, ...) into `names`. */
static int get_name(struct fs_xfer *x, size_t *len)
{
	if (x->len == 0)
		return -ENOENT;
	if (x->len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	*len = (size_t)x->len;
	return x->copy_in(x, 0, names, *len);
}

/* Copy "first\0second" into `names` and split it (a trailing NUL after
 * the second part is allowed). */
static int get_pair(struct fs_xfer *x, const char **second, size_t *len1, size_t *len2)
{
	if (x->len == 0 || x->len > sizeof(names) - 1)
		return x->len == 0 ? -EINVAL : -ENAMETOOLONG;
	int r = x->copy_in(x, 0, names, (size_t)x->len);
	if (r != OK)
		return r;
	size_t n = (size_t)x->len;
	size_t i = 0;
	while (i < n && names[i] != '\0')
		i++;
	if (i == n)
		return -EINVAL;
	*len1 = i;
	*second = names + i + 1;
	*len2 = n - i - 1;
	if (*len2 > 0 && (*second)[*len2 - 1] == '\0')
		(*len2)--;
	return OK;
}

static void answer_node(mess_fs *rq, const struct fs_node_info *info)
{
	rq->ino = info->ino;
	rq->mode = info->mode;
	rq->len = info->size;
	rq->uid = info->uid;
	rq->gid = info->gid;
}

static int do_mount(int type, mess_fs *rq, struct fs_xfer *x)
{
	if (!mount_dev)
		return -ENXIO;
	struct fs_node_info root;
	int r = fs_mount(mount_dev, false, &root);
	if (r == OK) {
		fs.dev_id = mount_dev_id;
		answer_node(rq, &root);
	}
	return r;
}

static int do_unmount(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_unmount();
}

/* LOOKUP, CREATE, MKDIR, MKNOD: a name in, an inode out. */
static int do_named_node(int type, mess_fs *rq, struct fs_xfer *x)
{
	size_t len;
	int r = get_name(x, &len);
	if (r != OK)
		return r;
	struct fs_node_info info;
	uint32_t perm = rq->mode & 07777;
	switch (type) {
	case FS_LOOKUP:
		r = fs_lookup(rq->ino, names, len, &info);
		break;
	case FS_CREATE:
		r = fs_create(rq->ino, names, len, Q_S_IFREG | perm, rq->uid, rq->gid, 0, &info);
		break;
	case FS_MKDIR:
		r = fs_create(rq->ino, names, len, Q_S_IFDIR | perm, rq->uid, rq->gid, 0, &info);
		break;
	default: /* FS_MKNOD */
		if ((rq->mode & Q_S_IFMT) == Q_S_IFDIR)
			return -EINVAL;
		r = fs_create(rq->ino, names, len, rq->mode, rq->uid, rq->gid, rq->pos, &info);
		break;
	}
	if (r == OK)
		answer_node(rq, &info);
	return r;
}

static int do_remove(int type, mess_fs *rq, struct fs_xfer *x)
{
	size_t len;
	int r = get_name(x, &len);
	if (r != OK)
		return r;
	return type == FS_UNLINK ? fs_unlink(rq->ino, names, len) : fs_rmdir(rq->ino, names, len);
}

static int do_link(int type, mess_fs *rq, struct fs_xfer *x)
{
	size_t len;
	int r = get_name(x, &len);
	return r != OK ? r : fs_link(rq->ino, names, len, rq->ino2);
}

static int do_symlink(int type, mess_fs *rq, struct fs_xfer *x)
{
	const char *target;
	size_t len, tlen;
	int r = get_pair(x, &target, &len, &tlen);
	return r != OK ? r : fs_symlink(rq->ino, names, len, target, tlen, rq->uid, rq->gid);
}

static int do_rename(int type, mess_fs *rq, struct fs_xfer *x)
{
	const char *nname;
	size_t olen, nlen;
	int r = get_pair(x, &nname, &olen, &nlen);
	return r != OK ? r : fs_rename(rq->ino, names, olen, rq->ino2, nname, nlen);
}

static int do_stat(int type, mess_fs *rq, struct fs_xfer *x)
{
	if (x->len == 0)                /* the grant is a struct qstat */
		x->len = sizeof(struct qstat);
	struct qstat st;
	int r = fs_stat(rq->ino, &st);
	return r != OK ? r : x->copy_out(x, 0, &st, sizeof(st));
}

static int clamp(int64_t n)
{
	return n > INT32_MAX ? INT32_MAX : (int)n;     /* FS_MAX_IO keeps it below */
}

static int do_read(int type, mess_fs *rq, struct fs_xfer *x)
{
	return clamp(fs_read(rq->ino, rq->pos, x, rq->len));
}

static int do_write(int type, mess_fs *rq, struct fs_xfer *x)
{
	uint64_t size;
	int64_t n = fs_write(rq->ino, rq->pos, x, rq->len, &size);
	if (n >= 0)
		rq->len = size;         /* the answer carries the new file size */
	return clamp(n);
}

static int do_trunc(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_trunc(rq->ino, rq->pos);
}

static int do_readlink(int type, mess_fs *rq, struct fs_xfer *x)
{
	return clamp(fs_readlink(rq->ino, x, rq->len));
}

static int do_getdents(int type, mess_fs *rq, struct fs_xfer *x)
{
	return clamp(fs_getdents(rq->ino, &rq->pos, x, rq->len));
}

static int do_chmod(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_chmod(rq->ino, rq->mode);
}

static int do_chown(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_chown(rq->ino, rq->uid, rq->gid, rq->mode);
}

static int do_utime(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_utime(rq->ino, rq->pos, rq->len, rq->count);
}

static int do_putnode(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_putnode(rq->ino, rq->count);
}

/* SYNC and FSYNC: everything goes to the device. */
static int do_sync(int type, mess_fs *rq, struct fs_xfer *x)
{
	return fs_sync();
}

/* The message table: one handler per request of include/quire/fsproto.h.
 * A handler gets the request's type (for those serving several), its
 * payload (answer fields are written back into it) and its grant. */
typedef int (*fs_handler)(int type, mess_fs *rq, struct fs_xfer *x);

static const fs_handler handlers[FS_NR_CALLS] = {
	[FS_MOUNT - FS_RQ_BASE]    = do_mount,
	[FS_UNMOUNT - FS_RQ_BASE]  = do_unmount,
	[FS_LOOKUP - FS_RQ_BASE]   = do_named_node,
	[FS_STAT - FS_RQ_BASE]     = do_stat,
	[FS_READ - FS_RQ_BASE]     = do_read,
	[FS_WRITE - FS_RQ_BASE]    = do_write,
	[FS_TRUNC - FS_RQ_BASE]    = do_trunc,
	[FS_CREATE - FS_RQ_BASE]   = do_named_node,
	[FS_MKDIR - FS_RQ_BASE]    = do_named_node,
	[FS_MKNOD - FS_RQ_BASE]    = do_named_node,
	[FS_UNLINK - FS_RQ_BASE]   = do_remove,
	[FS_RMDIR - FS_RQ_BASE]    = do_remove,
	[FS_LINK - FS_RQ_BASE]     = do_link,
	[FS_SYMLINK - FS_RQ_BASE]  = do_symlink,
	[FS_READLINK - FS_RQ_BASE] = do_readlink,
	[FS_RENAME - FS_RQ_BASE]   = do_rename,
	[FS_GETDENTS - FS_RQ_BASE] = do_getdents,
	[FS_CHMOD - FS_RQ_BASE]    = do_chmod,
	[FS_PUTNODE - FS_RQ_BASE]  = do_putnode,
	[FS_SYNC - FS_RQ_BASE]     = do_sync,
	[FS_FSYNC - FS_RQ_BASE]    = do_sync,
	[FS_CHOWN - FS_RQ_BASE]    = do_chown,
	[FS_UTIME - FS_RQ_BASE]    = do_utime,
};

int fs_dispatch(int type, mess_fs *rq, struct fs_xfer *x)
{
	int call = type - FS_RQ_BASE;
	if (call < 0 || call >= FS_NR_CALLS || !handlers[call])
		return -ENOSYS;
	if (type != FS_MOUNT && !fs.dev)
		return -EINVAL;         /* nothing mounted */
	return handlers[call](type, rq, x);
}
