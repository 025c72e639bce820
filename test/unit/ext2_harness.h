/*
 * Host harness for the ext2 server's tests (test/unit/test_ext2_*.c).
 *
 * Each test gets a fresh image: a temporary directory, a staging tree
 * built by h_stage_standard() (or the test's own), and
 * `mke2fs -q -t ext2 -b 4096 -I 128 -d stage image.img SIZE`. The image is
 * mounted through the real protocol code (fs_dispatch, request.c) on a
 * file-backed libminixfs device; the h_* calls below play VFS, with data
 * moving through an in-memory struct fs_xfer that can fail with EFAULT at
 * a chosen offset. After every request the harness checks that no cache
 * block is left held. The cache is backed by a fake of VM's page cache
 * (fake_vmcache.h; h_backing(false) for none), which also answers the
 * server's VM requests (VM_CACHE_WORK: queue items with fvm_queue()).
 *
 * h_teardown() unmounts and runs `e2fsck -fn` on the image, which must
 * exit 0; h_fsck() does the same in the middle of a test (after a sync).
 */
#ifndef EXT2_HARNESS_H
#define EXT2_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <cmocka.h>

#include "../../servers/fs/fs.h"
#include "fake_vmcache.h"

/* The temporary directory of the current test and its staging tree. */
extern char h_dir[256];
extern char h_stage[300];
extern char h_image[300];

/* Make the temporary directory (and an empty stage/). */
void h_tmpdir(void);
/* A file in the stage, `len` bytes of h_pattern() from `seed`. */
void h_stage_file(const char *path, size_t len, unsigned seed);
void h_stage_dir(const char *path);
void h_stage_symlink(const char *path, const char *target);
/* The standard tree: small.txt, pattern.bin (300 KiB), sparse.bin,
 * empty, dir/sub/, dir/a.txt, bigdir/ (500 files), link-fast, link-slow. */
void h_stage_standard(void);
/* mke2fs the stage into the image (size like "64M"), and mount it. */
void h_mkfs_mount(const char *size);
/* The same with more mke2fs options (later ones win), not mounted. */
void h_mkfs(const char *opts, const char *size);
/* Mount the image (again, after h_unmount); h_try_mount answers the
 * mount's result instead of asserting OK. */
void h_mount(void);
int h_try_mount(void);
void h_unmount(void);
/* Sync, then e2fsck -fn the image: asserts it is clean. */
void h_fsck(void);
/* cmocka setup/teardown: standard tree in a 64 MiB image; unmount, fsck,
 * remove the temporary directory. */
int h_setup_standard(void **state);
int h_teardown(void **state);

/* Byte i of the pattern with this seed. */
uint8_t h_pattern(unsigned seed, uint64_t i);
void h_fill_pattern(uint8_t *buf, size_t len, unsigned seed, uint64_t start);

extern uint64_t h_root;         /* the root inode from FS_MOUNT */
/* The image's device (its request counters). */
struct lmfs_dev *h_device(void);
/* Mount with the fake of VM's page cache as the cache's backing
 * (fake_vmcache.h; the default) or with none (a private cache). Takes
 * effect at the next mount. */
void h_backing(bool on);

/* ---- requests, made with VFS's stubs (lib/libproto/fs.c) to H_FS_EP,
 * which the harness hands to fs_dispatch (results are the answers) ---- */
#define H_FS_EP ((endpoint_t)77)
/* Owner of the inodes later CREATE/MKDIR/MKNOD/SYMLINK requests make. */
void h_owner(uint32_t uid, uint32_t gid);
/* The next request's copies fail with EFAULT at this offset (once). */
void h_fault_next_at(uint64_t off);
int h_lookup(uint64_t dir, const char *name, struct fs_node_info *out);
uint64_t h_ino(uint64_t dir, const char *name);        /* asserts found; takes a VFS ref */
int h_create(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino);
int h_mkdir(uint64_t dir, const char *name, uint32_t mode, uint64_t *ino);
int h_mknod(uint64_t dir, const char *name, uint32_t mode, uint64_t rdev, uint64_t *ino);
int h_unlink(uint64_t dir, const char *name);
int h_rmdir(uint64_t dir, const char *name);
int h_link(uint64_t dir, const char *name, uint64_t target);
int h_symlink(uint64_t dir, const char *name, const char *target);
int h_rename(uint64_t odir, const char *oname, uint64_t ndir, const char *nname);
int64_t h_read(uint64_t ino, uint64_t pos, void *buf, uint64_t len);
int64_t h_write(uint64_t ino, uint64_t pos, const void *buf, uint64_t len);
int64_t h_readlink(uint64_t ino, char *buf, uint64_t len);
int64_t h_getdents(uint64_t ino, uint64_t *pos, void *buf, uint64_t len);
int h_stat(uint64_t ino, struct qstat *st);
int h_trunc(uint64_t ino, uint64_t size);
int h_chmod(uint64_t ino, uint32_t mode);
int h_put(uint64_t ino, uint32_t count);
int h_sync(void);
/* Every name in directory ino (getdents with a small buffer), as a
 * callback per entry; returns the number of entries. */
int h_list(uint64_t ino, void (*fn)(const char *name, uint64_t ino, uint8_t type, void *arg),
	   void *arg);
/* Is `name` in directory ino? */
bool h_has(uint64_t ino, const char *name);

#endif
