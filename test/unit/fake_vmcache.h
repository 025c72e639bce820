/*
 * A fake of VM's page cache for host tests: an lmfs backing
 * (fvm_backing) that holds "VM's" pages and records every call, and a
 * queue of VM_CACHE_WORK items for the ext2 server's work loop.
 *
 * When full it reclaims pages no window holds, as VM reclaims clean
 * unmapped pages. Frames are simulated by copies: a page VM caches is either "in the
 * window" (at != NULL: its contents are the window page's, which is the
 * same frame) or held by VM alone (its contents in data). A get moves the
 * window page's frame out (copying it into data if VM caches it) and the
 * wanted block's frame in (copying data to the page).
 */
#ifndef FAKE_VMCACHE_H
#define FAKE_VMCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <quire/ipc.h>
#include "../../lib/libminixfs/lmfs.h"

extern const struct lmfs_backing fvm_backing;

/* One recorded event: a backing call, or a device read (fvm_log_read). */
enum fvm_op { FVM_GET = 1, FVM_SET, FVM_FORGET_BLOCKS, FVM_FORGET_FILE, FVM_READ, FVM_FRESH,
	      FVM_PREP, FVM_RUN };
struct fvm_event {
	enum fvm_op op;
	uint64_t block, ino, index, count;  /* count: FORGET_BLOCKS, PREP, RUN; READ: blocks */
	bool found;                         /* GET */
	int result;
};
#define FVM_LOG 4096
extern struct fvm_event fvm_log[FVM_LOG];
extern unsigned fvm_nlog;

/* Forget every page and event (and queued work). */
void fvm_reset(void);
/* Record a device read of n blocks from block (the test's device calls it). */
void fvm_log_read(uint64_t block, unsigned n);
/* Events of one kind so far. */
unsigned fvm_count(enum fvm_op op);

/* VM caches `block` (file page (ino, index) if ino), outside any window,
 * with this content. */
void fvm_put(uint64_t block, uint64_t ino, uint64_t index, const void *content);
/* The current contents of VM's page for block / file page, or NULL. A
 * file page looked up so counts as mapped (stores may follow): the fake
 * never reclaims it, as VM never reclaims a dirty page. */
uint8_t *fvm_block(uint64_t block);
uint8_t *fvm_file_page(uint64_t ino, uint64_t index);
/* Is the block's page named with this file identity? */
bool fvm_has_identity(uint64_t block, uint64_t ino, uint64_t index);
/* Pages VM caches now. */
unsigned fvm_pages(void);

/* ---- VM_CACHE_WORK, for the ext2 server's loop ---- */
/* Queue an item (kind VMW_*); returns its id. */
int fvm_queue(int kind, uint64_t ino, uint64_t index, uint64_t count);
/* The result the server answered for item id (or 12345 if none yet). */
int fvm_result(int id);
/* A VM message from the server (the harness's IPC trap routes VM_PROC_NR
 * here): VM_CACHE_WORK from the queue; VM_CACHE_* on the backing. */
void fvm_message(message *m);

#endif
