/*
 * Host harness for the ext2 server's tests, VFS's half: each h_* request
 * is built as VFS builds it and served by fs_dispatch(), with its data in
 * an in-memory struct fs_xfer that can fail with EFAULT from a chosen
 * offset on (see ext2_harness.h). Images and mounting: ext2_harness.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

static uint64_t fault_at = UINT64_MAX;
static uint32_t owner_uid, owner_gid;

/* ---- VFS's side of the protocol ------------------------------------------------------- */

static int mem_out(struct fs_xfer *x, uint64_t off, const void *src, size_t len)
{
	if (off > x->len || len > x->len - off)
		return -EPERM;          /* what the kernel says outside the grant */
	if (x->fault_at < off + len) {
		if (x->fault_at > off)
			memcpy((uint8_t *)x->mem + off, src, x->fault_at - off);
		return -EFAULT;
	}
	memcpy((uint8_t *)x->mem + off, src, len);
	return OK;
}

static int mem_in(struct fs_xfer *x, uint64_t off, void *dst, size_t len)
{
	if (off > x->len || len > x->len - off)
		return -EPERM;
	if (x->fault_at < off + len) {
		if (x->fault_at > off)
			memcpy(dst, (uint8_t *)x->mem + off, x->fault_at - off);
		return -EFAULT;
	}
	memcpy(dst, (uint8_t *)x->mem + off, len);
	return OK;
}

void h_owner(uint32_t uid, uint32_t gid)
{
	owner_uid = uid;
	owner_gid = gid;
}

void h_fault_next_at(uint64_t off)
{
	fault_at = off;
}

static int call(int type, mess_fs *rq, const void *mem, uint64_t len)
{
	struct fs_xfer x = {
		.copy_out = mem_out, .copy_in = mem_in,
		.len = len, .mem = (void *)mem, .fault_at = fault_at,
	};
	rq->len = len;
	rq->uid = owner_uid;
	rq->gid = owner_gid;
	int r = fs_dispatch(type, rq, &x);
	fault_at = UINT64_MAX;
	assert_int_equal(lmfs_nr_held(), 0);    /* no request leaves a block held */
	return r;
}

static int named(int type, uint64_t dir, const char *name, uint32_t mode, uint64_t rdev,
		 struct fs_node_info *out)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = dir;
	rq.mode = mode;
	rq.pos = rdev;
	int r = call(type, &rq, name, strlen(name));
	if (r == OK && out) {
		out->ino = rq.ino;
		out->mode = rq.mode;
		out->size = rq.len;
		out->uid = rq.uid;
		out->gid = rq.gid;
	}
	return r;
}

int h_lookup(uint64_t dir, const char *name, struct fs_node_info *out)
{
	return named(FS_LOOKUP, dir, name, 0, 0, out);
}

uint64_t h_ino(uint64_t dir, const char *name)
{
	struct fs_node_info info;
	int r = h_lookup(dir, name, &info);
	if (r != OK)
		fail_msg("lookup of %s: %d", name, r);
	return info.ino;
}

static int named_ino(int type, uint64_t dir, const char *name, uint32_t mode, uint64_t rdev,
		     uint64_t *ino)
{
	struct fs_node_info info;
	int r = named(type, dir, name, mode, rdev, &info);
	if (r == OK && ino)
		*ino = info.ino;
	return r;
}

int h_create(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino)
{
	return named_ino(FS_CREATE, dir, name, mode, 0, ino);
}

int h_mkdir(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino)
{
	return named_ino(FS_MKDIR, dir, name, mode, 0, ino);
}

int h_mknod(uint64_t dir, const char *name, uint32_t mode, uint64_t rdev, uint64_t *ino)
{
	return named_ino(FS_MKNOD, dir, name, mode, rdev, ino);
}

int h_unlink(uint64_t dir, const char *name)
{
	return named(FS_UNLINK, dir, name, 0, 0, NULL);
}

int h_rmdir(uint64_t dir, const char *name)
{
	return named(FS_RMDIR, dir, name, 0, 0, NULL);
}

int h_link(uint64_t dir, const char *name, uint64_t target)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = dir;
	rq.ino2 = target;
	return call(FS_LINK, &rq, name, strlen(name));
}

static int pair(int type, uint64_t ino, uint64_t ino2, const char *a, const char *b)
{
	char buf[8192];
	size_t la = strlen(a), lb = strlen(b);
	assert_true(la + lb + 2 <= sizeof(buf));
	memcpy(buf, a, la);
	buf[la] = '\0';
	memcpy(buf + la + 1, b, lb);
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.ino2 = ino2;
	return call(type, &rq, buf, la + 1 + lb);
}

int h_symlink(uint64_t dir, const char *name, const char *target)
{
	return pair(FS_SYMLINK, dir, 0, name, target);
}

int h_rename(uint64_t odir, const char *oname, uint64_t ndir, const char *nname)
{
	return pair(FS_RENAME, odir, ndir, oname, nname);
}

int64_t h_read(uint64_t ino, uint64_t pos, void *buf, uint64_t len)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.pos = pos;
	return call(FS_READ, &rq, buf, len);
}

int64_t h_write(uint64_t ino, uint64_t pos, const void *buf, uint64_t len)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.pos = pos;
	return call(FS_WRITE, &rq, buf, len);
}

int64_t h_readlink(uint64_t ino, char *buf, uint64_t len)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	return call(FS_READLINK, &rq, buf, len);
}

int64_t h_getdents(uint64_t ino, uint64_t *pos, void *buf, uint64_t len)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.pos = *pos;
	int r = call(FS_GETDENTS, &rq, buf, len);
	if (r >= 0)
		*pos = rq.pos;
	return r;
}

int h_stat(uint64_t ino, struct qstat *st)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	return call(FS_STAT, &rq, st, sizeof(*st));
}

int h_trunc(uint64_t ino, uint64_t size)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.pos = size;
	return call(FS_TRUNC, &rq, NULL, 0);
}

int h_chmod(uint64_t ino, uint32_t mode)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.mode = mode;
	return call(FS_CHMOD, &rq, NULL, 0);
}

int h_put(uint64_t ino, uint32_t count)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	rq.ino = ino;
	rq.count = count;
	return call(FS_PUTNODE, &rq, NULL, 0);
}

int h_sync(void)
{
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	return call(FS_SYNC, &rq, NULL, 0);
}

int h_list(uint64_t ino, void (*fn)(const char *name, uint64_t ino, uint8_t type, void *arg),
	   void *arg)
{
	_Alignas(8) uint8_t buf[600];   /* small: many calls, positions exercised */
	uint64_t pos = 0;
	int count = 0;
	for (;;) {
		int64_t n = h_getdents(ino, &pos, buf, sizeof(buf));
		assert_true(n >= 0);
		if (n == 0)
			return count;
		for (int64_t off = 0; off < n;) {
			struct qdirent *d = (struct qdirent *)(buf + off);
			assert_true(d->reclen >= 12 && (d->reclen & 7) == 0 && off + d->reclen <= n);
			if (fn)
				fn(d->name, d->ino, d->type, arg);
			count++;
			off += d->reclen;
		}
	}
}

struct has_arg {
	const char *name;
	bool found;
};

static void has_fn(const char *name, uint64_t ino, uint8_t type, void *arg)
{
	struct has_arg *a = arg;
	if (strcmp(name, a->name) == 0)
		a->found = true;
}

bool h_has(uint64_t ino, const char *name)
{
	struct has_arg a = { name, false };
	h_list(ino, has_fn, &a);
	return a.found;
}
