/*
 * Host harness for the ext2 server's tests, VFS's half: each h_* request
 * is made with VFS's own stubs (lib/libproto/fs.c, req_*), whose IPC
 * trap here hands the message to fs_dispatch(), with the grant's data in
 * an in-memory struct fs_xfer that can fail with EFAULT from a chosen
 * offset on (see ext2_harness.h). Messages to VM go to the fake of VM's
 * page cache. Images and mounting: ext2_harness.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"
#include <quire/ipc.h>
#include <quire/grant.h>
#include <quire/endpoints.h>

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

/* Grants over host memory: id i+1 is slot i, so the 0 of a request with
 * no grant (PROTO_MSG zeroes it) names none. */
#define H_GRANTS 4
static struct { bool used; void *mem; uint64_t len; } grants[H_GRANTS];

static cp_grant_id_t grant(const void *mem, uint64_t len)
{
	for (int i = 0; i < H_GRANTS; i++)
		if (!grants[i].used) {
			grants[i].used = true;
			grants[i].mem = (void *)mem;
			grants[i].len = len;
			return i + 1;
		}
	fail_msg("harness grants exhausted");
	return GRANT_INVALID;
}

static void revoke(cp_grant_id_t g)
{
	assert_true(g >= 1 && g <= H_GRANTS && grants[g - 1].used);
	grants[g - 1].used = false;
}

/* The IPC trap of lib/libproto's stubs: the request goes to the ext2
 * server's fs_dispatch() with the grant's memory as its struct fs_xfer. */
int __quire_sendrec(endpoint_t dst, message *m)
{
	if (dst == VM_PROC_NR) {
		fvm_message(m);         /* the server's requests to VM */
		return OK;
	}
	assert_int_equal(dst, H_FS_EP);
	struct fs_xfer x = { .copy_out = mem_out, .copy_in = mem_in, .fault_at = fault_at };
	cp_grant_id_t g = m->m_fs.grant;
	if (g != 0) {
		assert_true(g >= 1 && g <= H_GRANTS && grants[g - 1].used);
		x.mem = grants[g - 1].mem;
		x.len = grants[g - 1].len;
	}
	m->m_type = fs_dispatch(m->m_type, &m->m_fs, &x);
	lmfs_forget_flush();                    /* as the server's main loop does */
	fault_at = UINT64_MAX;
	assert_int_equal(lmfs_nr_held(), 0);    /* no request leaves a block held */
	return OK;
}

static void info_of(const struct fs_node *nd, struct fs_node_info *out)
{
	out->ino = nd->ino;
	out->mode = nd->mode;
	out->size = nd->size;
	out->uid = nd->uid;
	out->gid = nd->gid;
}

int h_lookup(uint64_t dir, const char *name, struct fs_node_info *out)
{
	struct fs_node nd;
	cp_grant_id_t g = grant(name, strlen(name));
	int r = req_lookup(H_FS_EP, dir, g, strlen(name), &nd);
	revoke(g);
	if (r == OK && out)
		info_of(&nd, out);
	return r;
}

uint64_t h_ino(uint64_t dir, const char *name)
{
	struct fs_node_info info;
	int r = h_lookup(dir, name, &info);
	if (r != OK)
		fail_msg("lookup of %s: %d", name, r);
	return info.ino;
}

/* CREATE, MKDIR, MKNOD: the new inode's number in *ino (may be NULL). */
static int make(int type, uint64_t dir, const char *name, uint32_t mode, uint64_t rdev,
		uint64_t *ino)
{
	struct fs_owner owner = { owner_uid, owner_gid };
	struct fs_node nd;
	uint64_t len = strlen(name);
	cp_grant_id_t g = grant(name, len);
	int r = type == FS_CREATE ? req_create(H_FS_EP, dir, g, len, mode, &owner, &nd)
	      : type == FS_MKDIR  ? req_mkdir(H_FS_EP, dir, g, len, mode, &owner, &nd)
				  : req_mknod(H_FS_EP, dir, g, len, mode, rdev, &owner, &nd);
	revoke(g);
	if (r == OK && ino)
		*ino = nd.ino;
	return r;
}

int h_create(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino)
{
	return make(FS_CREATE, dir, name, mode, 0, ino);
}

int h_mkdir(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino)
{
	return make(FS_MKDIR, dir, name, mode, 0, ino);
}

int h_mknod(uint64_t dir, const char *name, uint32_t mode, uint64_t rdev, uint64_t *ino)
{
	return make(FS_MKNOD, dir, name, mode, rdev, ino);
}

int h_unlink(uint64_t dir, const char *name)
{
	cp_grant_id_t g = grant(name, strlen(name));
	int r = req_unlink(H_FS_EP, dir, g, strlen(name));
	revoke(g);
	return r;
}

int h_rmdir(uint64_t dir, const char *name)
{
	cp_grant_id_t g = grant(name, strlen(name));
	int r = req_rmdir(H_FS_EP, dir, g, strlen(name));
	revoke(g);
	return r;
}

int h_link(uint64_t dir, const char *name, uint64_t target)
{
	cp_grant_id_t g = grant(name, strlen(name));
	int r = req_link(H_FS_EP, dir, g, strlen(name), target);
	revoke(g);
	return r;
}

/* "a\0b" granted: SYMLINK's and RENAME's names. */
static int pair(int type, uint64_t ino, uint64_t ino2, const char *a, const char *b)
{
	char buf[8192];
	size_t la = strlen(a), lb = strlen(b);
	assert_true(la + lb + 2 <= sizeof(buf));
	memcpy(buf, a, la);
	buf[la] = '\0';
	memcpy(buf + la + 1, b, lb);
	uint64_t len = la + 1 + lb;
	cp_grant_id_t g = grant(buf, len);
	struct fs_owner owner = { owner_uid, owner_gid };
	int r = type == FS_SYMLINK ? req_symlink(H_FS_EP, ino, g, len, &owner)
				   : req_rename(H_FS_EP, ino, ino2, g, len);
	revoke(g);
	return r;
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
	cp_grant_id_t g = grant(buf, len);
	int r = req_readwrite(H_FS_EP, false, ino, pos, g, len, NULL);
	revoke(g);
	return r;
}

int64_t h_write(uint64_t ino, uint64_t pos, const void *buf, uint64_t len)
{
	cp_grant_id_t g = grant(buf, len);
	int r = req_readwrite(H_FS_EP, true, ino, pos, g, len, NULL);
	revoke(g);
	return r;
}

int64_t h_readlink(uint64_t ino, char *buf, uint64_t len)
{
	cp_grant_id_t g = grant(buf, len);
	int r = req_readlink(H_FS_EP, ino, g, len);
	revoke(g);
	return r;
}

int64_t h_getdents(uint64_t ino, uint64_t *pos, void *buf, uint64_t len)
{
	cp_grant_id_t g = grant(buf, len);
	int r = req_getdents(H_FS_EP, ino, pos, g, len);
	revoke(g);
	return r;
}

int h_stat(uint64_t ino, struct qstat *st)
{
	cp_grant_id_t g = grant(st, sizeof(*st));
	int r = req_stat(H_FS_EP, ino, g);
	revoke(g);
	return r;
}

int h_trunc(uint64_t ino, uint64_t size)
{
	return req_trunc(H_FS_EP, ino, size);
}

int h_chmod(uint64_t ino, uint32_t mode)
{
	return req_chmod(H_FS_EP, ino, mode);
}

int h_put(uint64_t ino, uint32_t count)
{
	return req_putnode(H_FS_EP, ino, count);
}

int h_sync(void)
{
	return req_sync(H_FS_EP);
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
