/*
 * The VM server's requests (include/quire/vm.h), one stub each; see
 * proto.h for the conventions. VM_KPAGEFAULT and VM_KRANGE come from the
 * kernel and have none.
 */
#include "proto.h"
#include <quire/endpoints.h>
#include <quire/mman.h>

static inline uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static inline void *ptr_of(uint64_t a)
{
	return (void *)(uintptr_t)a;
}

int vm_req_mmap(endpoint_t target, void *addr, size_t len, int prot, int flags, int fd,
		uint64_t offset, void **out, uint64_t *phys)
{
	PROTO_MSG(m);
	m.m_vm_mmap.target = target;
	m.m_vm_mmap.addr = addr_of(addr);
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = prot;
	m.m_vm_mmap.flags = flags;
	m.m_vm_mmap.fd = fd;
	m.m_vm_mmap.offset = offset;
	int r = proto_call(VM_PROC_NR, VM_MMAP, &m);
	if (r >= 0) {
		if (out)
			*out = ptr_of(m.m_vm_mmap.addr);
		if (phys)
			*phys = m.m_vm_mmap.offset;   /* MAP_CONTIG's answer */
	}
	return r;
}

/* VM_MUNMAP, VM_MPROTECT, VM_UNMAP_PHYS: the same layout, no answer. */
static int range(int type, endpoint_t target, void *addr, size_t len, int prot)
{
	PROTO_MSG(m);
	m.m_vm_range.target = target;
	m.m_vm_range.addr = addr_of(addr);
	m.m_vm_range.len = len;
	m.m_vm_range.prot = prot;
	return proto_call(VM_PROC_NR, type, &m);
}

int vm_req_munmap(void *addr, size_t len)
{
	return range(VM_MUNMAP, 0, addr, len, 0);
}

int vm_req_mprotect(endpoint_t target, void *addr, size_t len, int prot)
{
	return range(VM_MPROTECT, target, addr, len, prot);
}

int vm_req_unmap_phys(void *addr)
{
	return range(VM_UNMAP_PHYS, 0, addr, 0, 0);
}

int vm_req_prefault(endpoint_t target, uint64_t addr, uint64_t len, bool write)
{
	return range(VM_PREFAULT, target, ptr_of(addr), len, write ? PROT_WRITE : PROT_READ);
}

int vm_req_brk(void *addr, void **out)
{
	PROTO_MSG(m);
	m.m_vm_range.addr = addr_of(addr);
	int r = proto_call(VM_PROC_NR, VM_BRK, &m);
	if (r >= 0 && out)
		*out = ptr_of(m.m_vm_range.addr);
	return r;
}

int vm_req_map_phys(uint64_t phys, size_t len, void **out)
{
	PROTO_MSG(m);
	m.m_vm_phys.phys = phys;
	m.m_vm_phys.len = len;
	int r = proto_call(VM_PROC_NR, VM_MAP_PHYS, &m);
	if (r >= 0 && out)
		*out = ptr_of(m.m_vm_phys.addr);
	return r;
}

int vm_req_remap(endpoint_t ep, void *addr, size_t len, void **out)
{
	PROTO_MSG(m);
	m.m_vm_phys.ep = ep;
	m.m_vm_phys.phys = addr_of(addr);    /* the address in ep */
	m.m_vm_phys.len = len;
	int r = proto_call(VM_PROC_NR, VM_REMAP, &m);
	if (r >= 0 && out)
		*out = ptr_of(m.m_vm_phys.addr);
	return r;
}

int vm_req_info(endpoint_t ep, mess_vm_info *out)
{
	PROTO_MSG(m);
	m.m_vm_info.ep = ep;
	int r = proto_call(VM_PROC_NR, VM_INFO, &m);
	if (r >= 0 && out)
		*out = m.m_vm_info;
	return r;
}

/* VM_FORK, VM_EXIT, VM_CLEAR: one process's memory as a whole. */
static int proc(int type, endpoint_t ep, endpoint_t child, uint64_t brk)
{
	PROTO_MSG(m);
	m.m_vm_proc.ep = ep;
	m.m_vm_proc.child = child;
	m.m_vm_proc.brk = brk;
	return proto_call(VM_PROC_NR, type, &m);
}

int vm_req_fork(endpoint_t parent, endpoint_t child)
{
	return proc(VM_FORK, parent, child, 0);
}

int vm_req_rlimit(endpoint_t ep, uint64_t as, uint64_t data, uint64_t stack, uint64_t memlock)
{
	PROTO_MSG(m);
	m.m_vm_rlimit.ep = ep;
	m.m_vm_rlimit.as = as;
	m.m_vm_rlimit.data = data;
	m.m_vm_rlimit.stack = stack;
	m.m_vm_rlimit.memlock = memlock;
	return proto_call(VM_PROC_NR, VM_RLIMIT, &m);
}

int vm_req_mlock(int op, void *addr, size_t len, int flags)
{
	PROTO_MSG(m);
	m.m_vm_lock.op = op;
	m.m_vm_lock.addr = addr_of(addr);
	m.m_vm_lock.len = len;
	m.m_vm_lock.flags = flags;
	return proto_call(VM_PROC_NR, VM_MLOCK, &m);
}

int vm_req_rusage(endpoint_t ep, int who, mess_vm_usage *out)
{
	PROTO_MSG(m);
	m.m_vm_usage.ep = ep;
	m.m_vm_usage.who = who;
	int r = proto_call(VM_PROC_NR, VM_RUSAGE, &m);
	if (r >= 0 && out)
		*out = m.m_vm_usage;
	return r;
}

int vm_req_memstat(mess_vm_mstat *out)
{
	PROTO_MSG(m);
	int r = proto_call(VM_PROC_NR, VM_MEMSTAT, &m);
	if (r >= 0 && out)
		*out = m.m_vm_mstat;
	return r;
}

int vm_req_exit(endpoint_t ep)
{
	return proc(VM_EXIT, ep, NONE, 0);
}

int vm_req_clear(endpoint_t ep, uint64_t brk)
{
	return proc(VM_CLEAR, ep, 0, brk);
}

int vm_req_mmap_file(endpoint_t target, void *addr, size_t len, int prot, int flags,
		     endpoint_t fs, uint64_t ino, uint64_t offset, int cookie, void **out,
		     bool *held)
{
	PROTO_MSG(m);
	mess_vm_mmap_file *a = &m.m_vm_mmap_file;
	a->target = target;
	a->addr = addr_of(addr);
	a->len = len;
	a->prot = prot;
	a->flags = flags;
	a->fs = fs;
	a->ino = ino;
	a->offset = offset;
	a->cookie = cookie;
	int r = proto_call(VM_PROC_NR, VM_MMAP_FILE, &m);
	if (r >= 0) {
		if (out)
			*out = ptr_of(a->addr);
		if (held)
			*held = a->held != 0;
	}
	return r;
}

int vm_req_file_put(int *cookie)
{
	PROTO_MSG(m);
	int r = proto_call(VM_PROC_NR, VM_FILE_PUT, &m);
	if (r >= 0 && cookie)
		*cookie = (int)m.m_vm_work.ino;
	return r;
}

/* VM_CACHE_GET, VM_CACHE_SET, VM_CACHE_FORGET: one layout. */
static int cache(int type, void *addr, uint64_t block, uint64_t ino, uint64_t index,
		 uint64_t count, int op, bool *found)
{
	PROTO_MSG(m);
	mess_vm_cache *c = &m.m_vm_cache;
	c->addr = addr_of(addr);
	c->block = block;
	c->ino = ino;
	c->index = index;
	c->count = count;
	c->op = op;
	int r = proto_call(VM_PROC_NR, type, &m);
	if (r >= 0 && found)
		*found = c->found != 0;
	return r;
}

int vm_req_cache_get(void *addr, uint64_t block, uint64_t ino, uint64_t index, bool *found)
{
	return cache(VM_CACHE_GET, addr, block, ino, index, 0, 0, found);
}

int vm_req_cache_set(void *addr, uint64_t block, uint64_t ino, uint64_t index)
{
	return cache(VM_CACHE_SET, addr, block, ino, index, 0, 0, NULL);
}

int vm_req_cache_set_fresh(void *addr, uint64_t block, uint64_t ino, uint64_t index)
{
	return cache(VM_CACHE_SET, addr, block, ino, index, 0, VMC_SET_FRESH, NULL);
}

int vm_req_cache_prep(void *addr, uint64_t count)
{
	return cache(VM_CACHE_SET, addr, 0, 0, 0, count, VMC_SET_PREP, NULL);
}

int vm_req_cache_set_run(void *addr, uint64_t block, uint64_t ino, uint64_t index, uint64_t count)
{
	return cache(VM_CACHE_SET, addr, block, ino, index, count, VMC_SET_RUN, NULL);
}

int vm_req_cache_forget_blocks(uint64_t block, uint64_t count)
{
	return cache(VM_CACHE_FORGET, NULL, block, 0, 0, count, VMC_FORGET_BLOCKS, NULL);
}

int vm_req_cache_forget_file(uint64_t ino, uint64_t from_index)
{
	return cache(VM_CACHE_FORGET, NULL, 0, ino, from_index, 0, VMC_FORGET_FILE, NULL);
}

int vm_req_cache_work(int done_id, int result, mess_vm_work *item)
{
	PROTO_MSG(m);
	m.m_vm_work.id = done_id;
	m.m_vm_work.val = result;
	int r = proto_call(VM_PROC_NR, VM_CACHE_WORK, &m);
	if (r >= 0 && item)
		*item = m.m_vm_work;
	return r;
}

int vm_req_cache_work_sync(mess_vm_work *item)
{
	PROTO_MSG(m);
	m.m_vm_work.count = VMW_SYNC;
	int r = proto_call(VM_PROC_NR, VM_CACHE_WORK, &m);
	if (r >= 0 && item)
		*item = m.m_vm_work;
	return r;
}

int vm_req_cache_stat(mess_vm_cstat *out)
{
	PROTO_MSG(m);
	int r = proto_call(VM_PROC_NR, VM_CACHE_STAT, &m);
	if (r >= 0 && out)
		*out = m.m_vm_cstat;
	return r;
}

int vm_req_msync(void *addr, size_t len, int flags)
{
	return range(VM_MSYNC, 0, addr, len, flags);
}

int vm_req_madvise(void *addr, size_t len, int advice)
{
	return range(VM_MADVISE, 0, addr, len, advice);
}

int vm_req_mincore(void *addr, size_t len, uint64_t *bits)
{
	PROTO_MSG(m);
	m.m_vm_range.addr = addr_of(addr);
	m.m_vm_range.len = len;
	int r = proto_call(VM_PROC_NR, VM_MINCORE, &m);
	if (r >= 0 && bits)
		*bits = m.m_vm_range.len;     /* the answer: one bit per page */
	return r;
}
