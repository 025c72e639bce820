/*
 * The file-server fixture of the host tests of VM's file memory
 * (test_vm_file.c, test_vm_reclaim.c), in vm_file_fixture.c: the test
 * plays the file server. It owns a cache window and answers
 * VM_CACHE_WORK items the way servers/fs/vmwork.c does (get the block
 * into its window, fill it, set it), so the whole protocol of
 * include/quire/vm.h runs, message by message, against VM's real code.
 * VM's replies (ipc_sendnb), notifications (ipc_notify) and kernel calls
 * (sys_vmctl) are recorded.
 */
#ifndef TEST_VM_FILE_FIXTURE_H
#define TEST_VM_FILE_FIXTURE_H

#include "test_vm_harness.h"

#define P_EP   100      /* the process that maps */
#define Q_EP   101      /* a second one */
#define FS_EP  200      /* the file server */
#define INO    7
#define WIN    0x0000000060000000ULL    /* the server's cache window */
#define WIN_PAGES 8

/* What VM sent. */
extern int notifies_to_fs, notifies_to_vfs;
extern message last_reply;
extern int replies;

/* Send a call as `from`; the answer (VM_SUSPEND if parked). */
int call(endpoint_t from, int type, message *m);
/* A page fault of process ep, as the kernel reports it. */
void kfault(endpoint_t ep, uint64_t addr, bool write);

/* The file server: block b of its disk holds bytes disk_byte[b] (0: a
 * hole); file page i is block i + 10; the file has file_pages pages. */
extern struct vmproc *fs;
extern uint8_t disk_byte[64];
extern uint64_t file_pages;
extern int writebacks;               /* VMW_WRITEBACK items served */
extern int next_slot;
uint64_t slot_addr(int slot);        /* window page `slot` */
int cache_msg(int type, uint64_t addr, uint64_t block, uint64_t ino, uint64_t index, int *found);
/* Bring file page index into the cache as the server does. */
int fs_bring(uint64_t index);
/* Drain the work queue the way servers/fs/vmwork.c does. */
void fs_serve(void);

/* The file (after map_file) and a mapping of it: pages from file page
 * foff at `at` in vmp. */
extern struct vfile *file;
struct region *map_file(struct vmproc *vmp, uint64_t at, uint64_t pages, uint32_t prot,
			bool shared, uint64_t foff);

/* Per test: a fresh disk, server and window; teardown frees it all and
 * checks every page came back. group_setup fills VM's pools first. */
int setup(void **state);
int teardown(void **state);
int group_setup(void **state);

#endif
