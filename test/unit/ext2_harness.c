/*
 * Host harness for the ext2 server's tests: images, mounting and
 * e2fsck (see ext2_harness.h; the requests are in ext2_harness_rq.c).
 * Also what the server's pure code expects from its program: panic()
 * and fs_now().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ext2_harness.h"

char h_dir[256];
char h_stage[300];
char h_image[300];
uint64_t h_root;

static int image_fd = -1;
static struct lmfs_dev dev;
static void *cache_mem, *cache_meta;
static bool use_backing = true;

#define H_CACHE_BLOCKS 256      /* small: eviction and write-back get exercised */

/* ---- what the server's code needs from its program ------------------------------ */

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	_fail(__FILE__, __LINE__);
	abort();
}

uint32_t fs_now(void)
{
	return (uint32_t)time(NULL);
}

struct lmfs_dev *h_device(void)
{
	return &dev;
}

void h_backing(bool on)
{
	use_backing = on;
}

static void free_cache(void)
{
	free(cache_mem);
	free(cache_meta);
	cache_mem = cache_meta = NULL;
}

/* ---- images ----------------------------------------------------------------------- */

static void run(const char *cmd)
{
	int r = system(cmd);
	if (r != 0) {
		fprintf(stderr, "command failed (%d): %s\n", r, cmd);
		fail();
	}
}

void h_tmpdir(void)
{
	snprintf(h_dir, sizeof(h_dir), "/tmp/quire-ext2.XXXXXX");
	assert_non_null(mkdtemp(h_dir));
	snprintf(h_stage, sizeof(h_stage), "%s/stage", h_dir);
	snprintf(h_image, sizeof(h_image), "%s/image.img", h_dir);
	assert_int_equal(mkdir(h_stage, 0755), 0);
}

uint8_t h_pattern(unsigned seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)seed * 0xBF58476D1CE4E5B9ull;
	x ^= x >> 29;
	return (uint8_t)(x ^ (x >> 8) ^ (i >> 12));
}

void h_fill_pattern(uint8_t *buf, size_t len, unsigned seed, uint64_t start)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = h_pattern(seed, start + i);
}

static void stage_path(char *out, size_t n, const char *path)
{
	snprintf(out, n, "%s/%s", h_stage, path);
}

void h_stage_file(const char *path, size_t len, unsigned seed)
{
	char p[600];
	stage_path(p, sizeof(p), path);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	uint8_t *buf = malloc(len ? len : 1);
	h_fill_pattern(buf, len, seed, 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	free(buf);
	close(fd);
}

void h_stage_dir(const char *path)
{
	char p[600];
	stage_path(p, sizeof(p), path);
	assert_int_equal(mkdir(p, 0755), 0);
}

void h_stage_symlink(const char *path, const char *target)
{
	char p[600];
	stage_path(p, sizeof(p), path);
	assert_int_equal(symlink(target, p), 0);
}

void h_stage_standard(void)
{
	char p[600];
	stage_path(p, sizeof(p), "small.txt");
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("hello, world\n", f);
	fclose(f);
	h_stage_file("pattern.bin", 300 * 1024, 1);
	h_stage_file("empty", 0, 0);

	/* sparse.bin: 10 MiB + 123 bytes; data only at 5 MiB and at the end. */
	stage_path(p, sizeof(p), "sparse.bin");
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	uint8_t buf[4096];
	h_fill_pattern(buf, sizeof(buf), 3, 0);
	assert_int_equal(pwrite(fd, buf, 4096, 5 << 20), 4096);
	assert_int_equal(pwrite(fd, buf, 123, 10 << 20), 123);
	close(fd);

	h_stage_dir("dir");
	h_stage_dir("dir/sub");
	h_stage_file("dir/a.txt", 5000, 2);
	h_stage_dir("bigdir");
	for (int i = 0; i < 500; i++) {
		char name[64];
		snprintf(name, sizeof(name), "bigdir/f%03d", i);
		h_stage_file(name, 10, (unsigned)i);
	}
	h_stage_symlink("link-fast", "small.txt");
	char target[128];
	memset(target, 'x', 100);
	memcpy(target, "dir/", 4);
	target[100] = '\0';
	h_stage_symlink("link-slow", target);
}

int h_try_mount(void)
{
	image_fd = open(h_image, O_RDWR);
	assert_true(image_fd >= 0);
	assert_int_equal(lmfs_filedev_init(&dev, image_fd, 32), OK);
	cache_mem = aligned_alloc(4096, (size_t)H_CACHE_BLOCKS * LMFS_BLOCK_SIZE);
	size_t len = lmfs_meta_size(H_CACHE_BLOCKS);
	cache_meta = malloc(len);
	assert_non_null(cache_mem);
	assert_non_null(cache_meta);
	assert_int_equal(lmfs_init(cache_mem, cache_meta, len, H_CACHE_BLOCKS), OK);
	fvm_reset();            /* VM forgets everything with the cache */
	if (use_backing)
		lmfs_set_backing(&dev, &fvm_backing);
	fs_set_device(&dev, 0x0501);
	struct fs_node root;
	int r = req_mount(H_FS_EP, &root);
	if (r != OK) {
		close(image_fd);
		image_fd = -1;
		free_cache();
		return r;
	}
	assert_int_equal(root.ino, EXT2_ROOT_INO);
	assert_int_equal(root.mode & Q_S_IFMT, Q_S_IFDIR);
	h_root = root.ino;
	return OK;
}

void h_mount(void)
{
	assert_int_equal(h_try_mount(), OK);
}

void h_mkfs(const char *opts, const char *size)
{
	char cmd[1200];
	snprintf(cmd, sizeof(cmd),
		 "mke2fs -q -F -t ext2 -b 4096 -I 128 %s -d %s %s %s >/dev/null 2>&1",
		 opts, h_stage, h_image, size);
	run(cmd);
}

void h_mkfs_mount(const char *size)
{
	h_mkfs("", size);
	h_mount();
}

void h_unmount(void)
{
	assert_int_equal(req_unmount(H_FS_EP), OK);
	assert_int_equal(inode_nr_in_core(), 0);
	assert_int_equal(lmfs_nr_held(), 0);
	assert_int_equal(lmfs_get_stats()->backing_exists, 0);
	close(image_fd);
	image_fd = -1;
	free_cache();
}

/* e2fsck -fn the image; false (with its log on stderr) if unclean. */
static bool fsck_clean(void)
{
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "e2fsck -fn %s >%s/fsck.log 2>&1", h_image, h_dir);
	if (system(cmd) == 0)
		return true;
	snprintf(cmd, sizeof(cmd), "cat %s/fsck.log >&2", h_dir);
	(void)system(cmd);
	return false;
}

void h_fsck(void)
{
	assert_int_equal(h_sync(), OK);
	if (!fsck_clean())
		fail_msg("e2fsck -fn found the image unclean");
}

int h_setup_standard(void **state)
{
	(void)state;
	h_tmpdir();
	h_stage_standard();
	h_mkfs_mount("64M");
	return 0;
}

int h_teardown(void **state)
{
	(void)state;
	int unmount = OK;
	unsigned left = 0;
	if (image_fd >= 0) {
		unmount = req_unmount(H_FS_EP);
		left = inode_nr_in_core() + lmfs_nr_held();
		close(image_fd);
		image_fd = -1;
		free_cache();
		/* The cache never disagreed with VM's. */
		left += (unsigned)lmfs_get_stats()->backing_exists;
	}
	bool clean = fsck_clean();
	/* The temporary directory goes whatever happened. */
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", h_dir);
	run(cmd);
	if (unmount != OK || left != 0)
		fail_msg("unmount: %d, %u inodes or blocks still held (or sets VM refused)", unmount, left);
	if (!clean)
		fail_msg("e2fsck -fn found the image unclean");
	return 0;
}
