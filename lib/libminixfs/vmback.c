/*
 * The backing in Quire: VM's page cache, through the file server's cache
 * window (include/quire/vm.h, VM_CACHE_*). The stubs of lib/libproto/vm.c
 * are the ops as they are. The cache's data area must be that window (a
 * VM_MMAP with MAP_CACHEWIN), so a `page` is a window page VM may
 * exchange. Each op is one message to VM, which never waits for the file
 * server (docs/architecture.md, the blocking-call order).
 * Quire only (libsys).
 */
#include <quire/syslib.h>
#include <quire/vm.h>
#include "lmfs_priv.h"

const struct lmfs_backing lmfs_vm_backing = {
	.get = vm_req_cache_get,
	.set = vm_req_cache_set,
	.fresh = vm_req_cache_set_fresh,
	.prep = vm_req_cache_prep,
	.set_run = vm_req_cache_set_run,
	.forget_blocks = vm_req_cache_forget_blocks,
	.forget_file = vm_req_cache_forget_file,
};
