/*
 * The memory calls a process makes for itself: mmap, munmap, mprotect,
 * brk, and for drivers and servers map_phys, unmap_phys, remap. Every
 * argument is checked before anything changes ("decode, then invoke").
 */
#include "vm.h"

#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_POPULATE | \
		   MAP_CONTIG | MAP_CACHEWIN | MAP_EXECSTACK)
#define PROT_KNOWN (PROT_READ | PROT_WRITE | PROT_EXEC)

/* The caller's privileges, for the calls only system processes may make. */
static int caller_priv(endpoint_t ep, struct priv_spec *pr)
{
	return sys_privctl(ep, PRIVCTL_GET, pr);
}

static bool range_ok(uint64_t addr, uint64_t len)
{
	return len > 0 && addr < USER_TOP && len <= USER_TOP - addr;
}

/* Map every page of r now (contiguous and populated memory). */
static int map_all(struct region *r)
{
	for (uint64_t va = r->start; va < r->start + r->len; va += VM_PAGE) {
		struct fault_result res;
		int err = r->type->fault(r, (va - r->start) >> VM_PAGE_SHIFT, false, &res);
		if (!err)
			err = pt_map(r->owner, va, res.pfn, r->prot, res.writable, res.uncached);
		if (err)
			return err;
	}
	return OK;
}

/* The process a call acts on: the caller, or for VFS and PM (exec) the
 * target they name. */
static struct vmproc *acting_on(endpoint_t caller, endpoint_t target)
{
	if (target == 0 || target == caller)
		return vmproc_get(caller);
	if (caller != VFS_PROC_NR && caller != PM_PROC_NR)
		return NULL;
	return vmproc_get(target);
}

int do_mmap(message *m)
{
	mess_vm_mmap *a = &m->m_vm_mmap;
	struct vmproc *vmp = acting_on(m->m_source, a->target);
	if (!vmp)
		return -ESRCH;
	int kind = a->flags & (MAP_SHARED | MAP_PRIVATE);
	if (a->len == 0 || (a->prot & ~PROT_KNOWN) || (a->flags & ~MAP_KNOWN) ||
	    (kind != MAP_SHARED && kind != MAP_PRIVATE))
		return -EINVAL;
	if (!(a->flags & (MAP_ANONYMOUS | MAP_CACHEWIN)))
		return -ENODEV;               /* file mappings need a file server */
	uint64_t len = page_up(a->len);
	if (len < a->len || len > USER_TOP)
		return -ENOMEM;
	if (a->flags & MAP_EXECSTACK) {
		/* exec's stack, mapped by VFS or PM for the target: only its top
		 * RLIMIT_STACK bytes (limits.c). */
		if (!a->target || a->target == m->m_source || !(a->flags & MAP_FIXED) ||
		    (a->addr & (VM_PAGE - 1)) || !range_ok(a->addr, len))
			return -EINVAL;
		uint64_t keep = limit_stack_len(vmp, len);
		a->addr += len - keep;
		len = keep;
	}
	const struct mem_type *type = &mem_anon;
	if (a->flags & MAP_CONTIG) {
		struct priv_spec pr;
		if (caller_priv(m->m_source, &pr) != OK || !(pr.flags & PRIV_SYS_PROC))
			return -EPERM;
		if (kind != MAP_PRIVATE)
			return -EINVAL;
		type = &mem_contig;
	}
	if (a->flags & MAP_CACHEWIN) {
		struct priv_spec pr;
		if (caller_priv(m->m_source, &pr) != OK || !(pr.flags & PRIV_SYS_PROC))
			return -EPERM;
		if (kind != MAP_SHARED || (a->flags & MAP_CONTIG))
			return -EINVAL;
		type = &mem_cache;
	}

	uint64_t addr;
	if (a->flags & MAP_FIXED) {
		addr = a->addr;
		if ((addr & (VM_PAGE - 1)) || !range_ok(addr, len) || addr == 0)
			return -EINVAL;
		int err = limit_as(vmp, addr, len, true);
		if (!err)
			err = region_unmap_range(vmp, addr, len);
		if (err)
			return err;
	} else if (region_free_gap(vmp, a->addr, len, &addr) != OK) {
		return -ENOMEM;
	} else if (limit_as(vmp, addr, len, false) != OK) {
		return -ENOMEM;               /* RLIMIT_AS (limits.c) */
	}
	if (wire_future_check(vmp, len) != OK)
		return -EAGAIN;               /* mlockall(MCL_FUTURE) past RLIMIT_MEMLOCK */

	struct map_args args = { .flags = a->flags };
	struct region *r;
	uint32_t rflags = kind == MAP_SHARED ? RF_SHARED : 0;
	if (type == &mem_contig)
		rflags |= RF_WIRED;           /* DMA memory: never reclaimed */
	int err = region_create(vmp, addr, len, (uint32_t)a->prot, rflags, type, &args, &r);
	if (err)
		return err;
	if ((a->flags & (MAP_CONTIG | MAP_POPULATE)) && a->prot != PROT_NONE) {
		err = map_all(r);
		if (err) {
			region_destroy(r);
			return err;
		}
	}
	wire_future(r);
	a->addr = addr;
	a->offset = r->type == &mem_contig ? r->phys : 0;   /* for DMA */
	return OK;
}

int do_munmap(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	if ((a->addr & (VM_PAGE - 1)) || !range_ok(a->addr, a->len))
		return -EINVAL;
	uint64_t len = page_up(a->len);
	if (len > USER_TOP - a->addr)
		return -EINVAL;
	return region_unmap_range(vmp, a->addr, len);
}

int do_mprotect(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = acting_on(m->m_source, a->target);
	if (!vmp)
		return -ESRCH;
	if ((a->addr & (VM_PAGE - 1)) || (a->prot & ~PROT_KNOWN))
		return -EINVAL;
	if (a->len == 0)
		return OK;
	uint64_t len = page_up(a->len);
	if (!range_ok(a->addr, len) || len < a->len)
		return -EINVAL;
	return region_protect_range(vmp, a->addr, len, (uint32_t)a->prot);
}

/* brk(addr): move the break; addr 0 asks where it is. The heap is one
 * private anonymous region from brk_start; what a shrink gives back reads
 * as zeros when the break grows over it again. */
int do_brk(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	uint64_t cur = vmp->heap ? vmp->heap->start + vmp->heap->len : vmp->brk_start;
	uint64_t want = a->addr;
	if (want == 0) {
		a->addr = cur;
		return OK;
	}
	if (want < vmp->brk_start || want >= USER_TOP)
		return -ENOMEM;
	uint64_t end = page_up(want);
	if (limit_brk(vmp, end) != OK)
		return -ENOMEM;               /* RLIMIT_DATA, RLIMIT_AS (limits.c) */
	uint64_t cur_end = vmp->heap ? vmp->heap->start + vmp->heap->len : vmp->brk_start;
	if (end > cur_end && wire_future_check(vmp, end - cur_end) != OK)
		return -ENOMEM;               /* mlockall(MCL_FUTURE) past RLIMIT_MEMLOCK */
	struct region *h = vmp->heap;
	if (!h) {
		if (end > vmp->brk_start) {
			if (!region_range_free(vmp, vmp->brk_start, end - vmp->brk_start))
				return -ENOMEM;
			int err = region_create(vmp, vmp->brk_start, end - vmp->brk_start,
						PROT_READ | PROT_WRITE, RF_HEAP, &mem_anon, NULL, &h);
			if (err)
				return err;
			vmp->heap = h;
			wire_future(h);
		}
	} else if (end > h->start + h->len) {
		uint64_t grow = end - (h->start + h->len);
		if (!region_range_free(vmp, h->start + h->len, grow))
			return -ENOMEM;
		h->len += grow;
		wire_future(h);
	} else if (end < h->start + h->len) {
		uint64_t keep = end - h->start;
		pt_unmap_range(vmp, end, h->start + h->len);
		h->type->release(h, keep >> VM_PAGE_SHIFT, (h->len - keep) >> VM_PAGE_SHIFT);
		if (keep == 0)
			region_destroy(h);
		else
			h->len = keep;
	}
	a->addr = want;
	return OK;
}

static bool phys_allowed(const struct priv_spec *pr, uint64_t phys, uint64_t len)
{
	for (uint32_t i = 0; i < pr->nr_mem && i < PRIV_MEM_RANGES; i++)
		if (phys >= pr->mem[i].first && phys + len - 1 <= pr->mem[i].last)
			return true;
	return false;
}

int do_map_phys(message *m)
{
	mess_vm_phys *a = &m->m_vm_phys;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	if ((a->phys & (VM_PAGE - 1)) || a->len == 0 || a->phys + a->len < a->phys)
		return -EINVAL;
	uint64_t len = page_up(a->len);
	struct priv_spec pr;
	if (caller_priv(m->m_source, &pr) != OK || !phys_allowed(&pr, a->phys, len))
		return -EPERM;
	uint64_t addr;
	if (region_free_gap(vmp, 0, len, &addr) != OK)
		return -ENOMEM;
	struct map_args args = { .phys = a->phys };
	struct region *r;
	int err = region_create(vmp, addr, len, PROT_READ | PROT_WRITE, 0, &mem_directphys, &args, &r);
	if (err)
		return err;
	a->addr = addr;
	return OK;
}

int do_unmap_phys(message *m)
{
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	struct region *r = region_find(vmp, m->m_vm_range.addr);
	if (!r || r->start != m->m_vm_range.addr || r->type != &mem_directphys)
		return -EINVAL;
	region_destroy(r);
	return OK;
}

/* Map (part of) another process's MAP_SHARED region into the caller. */
int do_remap(message *m)
{
	mess_vm_phys *a = &m->m_vm_phys;
	struct vmproc *vmp = vmproc_get(m->m_source), *src = vmproc_get(a->ep);
	if (!vmp || !src)
		return -ESRCH;
	struct priv_spec pr;
	if (caller_priv(m->m_source, &pr) != OK || !(pr.flags & PRIV_SYS_PROC))
		return -EPERM;
	uint64_t at = a->phys, len = page_up(a->len);
	struct region *sr = region_find(src, at);
	if (!sr || (at & (VM_PAGE - 1)) || a->len == 0 || len > sr->start + sr->len - at)
		return -EINVAL;
	/* Only anonymous shared memory: a file mapping's or a cache window's
	 * pages come and go with the page cache (the page daemon unmaps
	 * them through the file's list of regions, which a mirror is not on). */
	if (!(sr->flags & RF_SHARED) || (sr->type != &mem_anon && sr->type != &mem_shared))
		return -EINVAL;
	uint64_t addr;
	if (region_free_gap(vmp, 0, len, &addr) != OK)
		return -ENOMEM;
	struct map_args args = { .source = sr, .source_off = (at - sr->start) >> VM_PAGE_SHIFT };
	struct region *r;
	int err = region_create(vmp, addr, len, sr->prot, RF_SHARED, &mem_shared, &args, &r);
	if (err)
		return err;
	a->addr = addr;
	return OK;
}

/* Make [addr, addr+len) of a process present (writable if asked): VFS's
 * half of the EFAULT-retry protocol, after a CPF_TRY copy hit absent
 * memory. EFAULT if part of the range is not valid memory. */
int do_prefault(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	endpoint_t target = a->target == SELF ? m->m_source : a->target;
	/* VFS and PM fix others' ranges; anyone may fix its own (libposix
	 * checks a buffer it is about to fill so: mincore's vector). */
	if (m->m_source != VFS_PROC_NR && m->m_source != PM_PROC_NR && target != m->m_source)
		return -EPERM;
	struct vmproc *vmp = vmproc_get(target);
	if (!vmp)
		return -ESRCH;
	if (!range_ok(a->addr, a->len))
		return -EFAULT;
	int sig = vm_fault_range(vmp, a->addr, a->len, (a->prot & PROT_WRITE) != 0);
	if (sig == VM_SUSPEND)
		return VM_SUSPEND;
	if (sig != OK)
		return sig == QSIGKILL ? -ENOMEM : -EFAULT;
	return OK;
}
