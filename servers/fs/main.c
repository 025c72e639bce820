/*
 * The ext2 server: serves one ext2 file system on a block device to VFS.
 *
 *   bin/ext2 ext2 <driver> <minor>
 *       driver  the block driver's endpoint: a decimal number, or "blk"
 *               for virtio_blk (BLK_PROC_NR)
 *       minor   the device's minor number at that driver
 *
 * Its message table (include/quire/fsproto.h), from VFS only:
 *   FS_MOUNT, FS_UNMOUNT, FS_SYNC, FS_FSYNC     node.c (fs_mount, ...)
 *   FS_LOOKUP, FS_CREATE, FS_MKDIR, FS_MKNOD,
 *   FS_SYMLINK, FS_LINK, FS_UNLINK, FS_RMDIR    namei.c
 *   FS_RENAME                                   rename.c
 *   FS_STAT, FS_CHMOD, FS_CHOWN, FS_UTIME, FS_TRUNC, FS_READ,
 *   FS_WRITE, FS_READLINK, FS_PUTNODE           node.c
 *   FS_GETDENTS                                 getdents.c
 * request.c's table (handlers[FS_XXX - FS_RQ_BASE], shared with the host
 * tests) decodes each into its fs_* call. A request from anyone but VFS
 * is answered EPERM. A notification from VM means VM's page cache has
 * work for the server (vmwork.c: VMW_PAGEIN, VMW_FILL, VMW_WRITEBACK);
 * other notifications are ignored.
 *
 * Every answer goes out as the send half of the next receive
 * (sef_reply_receive: sendnb semantics): the server never blocks on VFS
 * (VFS waits in sendrec, so it is receiving). The only blocking calls the
 * server makes are to the block driver and to VM, which never call back.
 *
 * Memory: the block cache's data is the cache window (CACHE_BLOCKS pages
 * mapped with MAP_CACHEWIN: VM's page cache, docs/ext2.md); its headers
 * and the staging area for multi-block driver requests are anonymous
 * vm_mmap'd memory. If VM refuses the window (a VM without the page
 * cache), the data is anonymous memory too and the cache is private.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/mman.h>
#include <quire/blockdev.h>
#include "fs.h"

#define CACHE_BLOCKS 8192       /* 32 MiB of block cache (memory is touched only as used) */

/* Quire has no real-time clock yet. The time is the kernel's uptime
 * (sys_uptime, in ticks of kinfo.hz) added to an epoch: the superblock's
 * last write time when the file system was mounted, or FIXED_EPOCH
 * (2026-01-01 00:00:00 UTC) if that is earlier, so the timestamps of one
 * image never run backwards from boot to boot. */
#define FIXED_EPOCH 1767225600u

static uint64_t hz = 100;
static struct lmfs_dev dev;
static bool dev_open;
static endpoint_t driver;
static int minor;
static void *staging;
static bool vm_cache;           /* the data is VM's cache window */

uint32_t fs_now(void)
{
	uint32_t epoch = fs.wtime_at_mount > FIXED_EPOCH ? fs.wtime_at_mount : FIXED_EPOCH;
	return epoch + (uint32_t)(sys_uptime() / hz);
}

static bool parse_uint(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > UINT32_MAX)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* The block cache's data: VM's cache window, or plain memory (below). */
static void *map_window(size_t len)
{
	void *p;
	int r = vm_req_mmap(0, NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_CACHEWIN, -1, 0,
			    &p, NULL);
	vm_cache = r == OK;
	return vm_cache ? p : NULL;
}

static void *map_anon(size_t len)
{
	void *p;
	len = (len + 4095) & ~(size_t)4095;
	int r = vm_req_mmap(0, NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			    -1, 0, &p, NULL);
	if (r != OK)
		panic("ext2: cannot map %lu bytes: %d", (unsigned long)len, r);
	return p;
}

/* The device is opened at the first mount, when VFS asks for it: by then
 * the driver is up, and a failure becomes the answer to the mount. */
static int open_device(void)
{
	if (dev_open)
		return OK;
	int r = lmfs_bdev_init(&dev, driver, minor, staging);
	if (r != OK) {
		printf("ext2: cannot open device %d at driver %d: %d\n", minor, driver, r);
		return r;
	}
	dev_open = true;
	if (vm_cache)
		lmfs_set_backing(&dev, &lmfs_vm_backing);
	fs_set_device(&dev, (uint64_t)_ENDPOINT_SLOT(driver) << 8 | (uint64_t)minor);
	return OK;
}

static int handle(message *m)
{
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	if (m->m_type < FS_RQ_BASE || m->m_type >= FS_RQ_BASE + FS_NR_CALLS)
		return -ENOSYS;
	if (m->m_type == FS_MOUNT) {
		int r = open_device();
		if (r != OK)
			return r;
	}
	/* sync() and unmount cover pages written through mappings too: VM
	 * queues a write-back of each, served before the flush. */
	if (vm_cache && (m->m_type == FS_SYNC || m->m_type == FS_UNMOUNT))
		vmwork_serve(true);
	struct fs_xfer x;
	xfer_grant_init(&x, m->m_source, m->m_fs.grant, m->m_fs.len);
	return fs_dispatch(m->m_type, &m->m_fs, &x);
}

int main(int argc, char **argv)
{
	uint64_t v;
	if (argc >= 2 && argv[1][0] == 'b' && argv[1][1] == 'l' && argv[1][2] == 'k' &&
	    argv[1][3] == '\0')
		driver = BLK_PROC_NR;
	else if (argc >= 2 && parse_uint(argv[1], &v))
		driver = (endpoint_t)v;
	else
		panic("ext2: usage: ext2 <driver endpoint|blk> <minor>");
	if (argc < 3 || !parse_uint(argv[2], &v))
		panic("ext2: usage: ext2 <driver endpoint|blk> <minor>");
	minor = (int)v;

	struct kinfo k;
	if (sys_getkinfo(&k) == OK && k.hz)
		hz = k.hz;
	size_t data_len = (size_t)CACHE_BLOCKS * LMFS_BLOCK_SIZE;
	void *data = map_window(data_len);
	if (!data)
		data = map_anon(data_len);      /* no page cache in VM: a private cache */
	size_t meta_len = lmfs_meta_size(CACHE_BLOCKS);
	int r = lmfs_init(data, map_anon(meta_len), meta_len, CACHE_BLOCKS);
	if (r != OK)
		panic("ext2: cache setup failed: %d", r);
	staging = map_anon(BDEV_MAX_IO);
	printf("%s: ready (driver %d, minor %d, %u KiB cache%s)\n", sef_self_name, driver, minor,
	       CACHE_BLOCKS * (LMFS_BLOCK_SIZE / 1024), vm_cache ? " window" : ", private");

	message m;
	endpoint_t answer = NONE;       /* whom m answers: sent as the next receive begins */
	for (;;) {
		int rr = sef_reply_receive(answer, &m);
		answer = NONE;
		if (rr != OK)
			continue;
		if (is_notify(m.m_type)) {
			if (m.m_source == VM_PROC_NR && vm_cache)
				vmwork_serve(false);
			continue;
		}
		m.m_type = handle(&m);
		lmfs_forget_flush();    /* VM forgets this request's freed blocks */
		answer = m.m_source;
	}
}
