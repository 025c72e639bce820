/*
 * msync, mincore and madvise: what a process asks about or for its own
 * memory (include/quire/vm.h). Each checks its arguments as POSIX lists
 * them (EINVAL for a misaligned address or unknown flags, ENOMEM for a
 * range that is not all mapped) before it changes anything.
 */
#include "vm.h"

/* Is all of [addr, addr+len) mapped? */
bool vm_range_mapped(struct vmproc *vmp, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;
	if (end < addr || end > USER_TOP)
		return false;
	for (uint64_t a = addr; a < end; ) {
		struct region *r = region_find(vmp, a);
		if (!r)
			return false;
		a = r->start + r->len;
	}
	return true;
}

/* The part of region r inside [addr, end), as page indexes of r. */
static void clip(const struct region *r, uint64_t addr, uint64_t end, uint64_t *first,
		 uint64_t *last)
{
	uint64_t lo = addr > r->start ? addr : r->start;
	uint64_t hi = end < r->start + r->len ? end : r->start + r->len;
	*first = (lo - r->start) >> VM_PAGE_SHIFT;
	*last = (hi - r->start) >> VM_PAGE_SHIFT;
}

/* msync: the dirty pages of shared file mappings in the range go to their
 * files; MS_SYNC answers when they are on the disk (the call is parked on
 * the write-back and replayed, which writes back what was dirtied since
 * and answers once nothing in the range is left in flight). The page
 * cache is the only copy of file data, so MS_INVALIDATE has nothing to
 * throw away: every mapping already shows the file. */
int do_msync(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	int flags = a->prot;
	if ((a->addr & (VM_PAGE - 1)) || (flags & ~(Q_MS_ASYNC | Q_MS_SYNC | Q_MS_INVALIDATE)) ||
	    ((flags & Q_MS_ASYNC) && (flags & Q_MS_SYNC)))
		return -EINVAL;
	uint64_t len = page_up(a->len);
	if (len < a->len || !vm_range_mapped(vmp, a->addr, len))
		return -ENOMEM;
	uint64_t end = a->addr + len;
	for (struct region *r = region_find(vmp, a->addr); r && r->start < end; r = region_next(r)) {
		if (r->type != &mem_file || !(r->flags & RF_SHARED))
			continue;
		uint64_t first, last;
		clip(r, a->addr, end, &first, &last);
		vfile_writeback(r->file, r->foff + first, r->foff + last);
	}
	if (!(flags & Q_MS_SYNC))
		return OK;
	for (struct region *r = region_find(vmp, a->addr); r && r->start < end; r = region_next(r)) {
		if (r->type != &mem_file || !(r->flags & RF_SHARED))
			continue;
		uint64_t first, last;
		clip(r, a->addr, end, &first, &last);
		if (fwait_park_pending(r->file->fs, VMW_WRITEBACK, r->file->ino, r->foff + first,
				       last - first))
			return VM_SUSPEND;
		if (r->file->wb_error) {
			r->file->wb_error = 0;
			return -EIO;
		}
	}
	return OK;
}

/* Is page va of region r in memory: mapped, held by the region, or (a
 * file page) in the page cache? */
static bool resident(struct vmproc *vmp, struct region *r, uint64_t va)
{
	if (pt_lookup(vmp->pml4, va))
		return true;
	uint64_t idx = (va - r->start) >> VM_PAGE_SHIFT;
	if (r->ps && ps_get(r->ps, r->ps_off + idx))
		return true;
	return r->type == &mem_file &&
	       pcache_peek_file(&pcache, (uint32_t)r->file->fs, r->file->ino, r->foff + idx);
}

/* mincore of up to 64 pages from addr: bit i of the answer (in len) is
 * page i. libposix calls it once per 64 pages of the caller's range. */
int do_mincore(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	if (a->addr & (VM_PAGE - 1))
		return -EINVAL;
	uint64_t len = page_up(a->len);
	if (len < a->len)
		return -ENOMEM;
	if (len > 64 * VM_PAGE)
		len = 64 * VM_PAGE;
	if (!vm_range_mapped(vmp, a->addr, len))
		return -ENOMEM;
	uint64_t bits = 0;
	for (uint64_t i = 0; i < len >> VM_PAGE_SHIFT; i++) {
		uint64_t va = a->addr + (i << VM_PAGE_SHIFT);
		if (resident(vmp, region_find(vmp, va), va))
			bits |= 1ULL << i;
	}
	a->len = bits;
	return OK;
}

#define WILLNEED_MAX 1024      /* pages one madvise asks the server for */

/* MADV_WILLNEED of a file mapping: page-ins queued, nobody waits. */
static void will_need(struct region *r, uint64_t first, uint64_t last, uint64_t *budget)
{
	for (uint64_t i = first; i < last && *budget > 0; i += 16) {
		uint64_t fidx = r->foff + i;
		if (!pcache_peek_file(&pcache, (uint32_t)r->file->fs, r->file->ino, fidx)) {
			fwait_on(r->file->fs, VMW_PAGEIN, r->file->ino, fidx, 16, false);
			*budget -= *budget < 16 ? *budget : 16;
		}
	}
}

/* MADV_DONTNEED: the pages leave the mapping. Private anonymous memory
 * reads as zeros afterwards and a private file mapping shows the file
 * again (its copies are dropped); shared memory keeps its contents (a
 * dirty file page stays dirty in the cache). */
static int dont_need(struct region *r, uint64_t first, uint64_t last)
{
	if (r->type != &mem_anon && r->type != &mem_shared && r->type != &mem_file)
		return -EINVAL;      /* device and DMA memory stay */
	pt_unmap_range(r->owner, r->start + (first << VM_PAGE_SHIFT),
		       r->start + (last << VM_PAGE_SHIFT));
	if (r->type == &mem_file || (r->type == &mem_anon && !(r->flags & RF_SHARED)))
		r->type->release(r, first, last - first);
	return OK;
}

int do_madvise(message *m)
{
	mess_vm_range *a = &m->m_vm_range;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	int advice = a->prot;
	if ((a->addr & (VM_PAGE - 1)) || advice < Q_MADV_NORMAL || advice > Q_MADV_DONTNEED)
		return -EINVAL;
	uint64_t len = page_up(a->len);
	if (len < a->len)
		return -EINVAL;
	if (len == 0)
		return OK;
	if (!vm_range_mapped(vmp, a->addr, len))
		return -ENOMEM;
	uint64_t end = a->addr + len, budget = WILLNEED_MAX;
	for (struct region *r = region_find(vmp, a->addr); r && r->start < end; r = region_next(r)) {
		uint64_t first, last;
		clip(r, a->addr, end, &first, &last);
		if (advice == Q_MADV_WILLNEED && r->type == &mem_file)
			will_need(r, first, last, &budget);
		if (advice == Q_MADV_DONTNEED) {
			int err = dont_need(r, first, last);
			if (err)
				return err;
		}
	}
	return OK;
}
