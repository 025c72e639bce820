/*
 * The VM server's internals, listed by file.
 *
 * Who owns what:
 *   - physmem (physmem.c) owns every page frame's descriptor;
 *   - a vmproc owns its page tables (pagetable.c) and its regions;
 *   - a region refers to a page set (pageset.c) at an offset; the set
 *     holds the page references; private sets belong to one process,
 *     shared sets are counted (ps->refs);
 *   - a region's memory type (mem_*.c) decides how its pages come and go.
 * VM is one thread: nothing here is locked. VM must never fault: all its
 * memory is present from boot, and everything it allocates later it
 * reaches through its window onto physical memory (phys_ptr()).
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/mman.h>
#include <quire/vm.h>
#include <quire/vmctl.h>
#include <quire/signal.h>
#include <quire/arch/x86_64/pte.h>
#include "../../lib/libmini/mini_string.h"
#include "avl.h"
#include "pageset.h"
#include "physmem.h"
#include "pcache.h"

#define VM_PAGE        X86_PAGE_SIZE           /* PTE bits: quire/arch/x86_64/pte.h */
#define VM_PAGE_SHIFT  X86_PAGE_SHIFT
#define USER_TOP       X86_USER_TOP
#define MMAP_BASE      0x0000100000000000ULL   /* first address mmap chooses */
#define VM_RESERVE_PAGES 256                   /* for VM's own needs: 1 MiB */

#define page_down(a) ((a) & ~(VM_PAGE - 1))
#define page_up(a)   (((a) + VM_PAGE - 1) & ~(VM_PAGE - 1))

/* ---- main.c ---- */
extern struct physmem physmem;
extern pfn_t zero_pfn;               /* the shared zero page */
extern bool nx_supported;
void *phys_ptr(uint64_t pa);         /* VM's pointer to physical memory */
pfn_t vm_page_alloc(enum alloc_kind kind, bool zero);

/* ---- regions and processes: the data ---- */
struct mem_type;
struct map_args;
struct vfile;

#define RF_SHARED  0x1    /* writes are seen by every mapping of the set */
#define RF_HEAP    0x2    /* the brk region */
#define RF_STACK   0x4
#define RF_WIRED   0x8    /* mlock, mlockall, DMA: every page present, never reclaimed
			     (wire.c); fork's child does not inherit it */

struct region {
	struct avl_node node;            /* key: start */
	uint64_t start, len;             /* page-aligned */
	uint32_t prot;                   /* PROT_* */
	uint32_t maxprot;                /* what mprotect may grant (EACCES beyond) */
	uint32_t flags;                  /* RF_* */
	const struct mem_type *type;
	struct pageset *ps;              /* anon, shared: the pages */
	uint64_t ps_off;                 /* page index in ps of the first page */
	uint64_t phys;                   /* contig, directphys: physical base */
	struct vmproc *owner;
	struct vfile *file;              /* file: the file mapped (a reference) */
	uint64_t foff;                   /* file: page index in the file of the first page */
	struct region *fnext, *fprev;    /* file: the file's list of its regions */
};

struct vmproc {
	bool in_use;
	endpoint_t ep;
	uint64_t pml4;                   /* physical */
	struct avl_tree regions;
	uint64_t brk_start;              /* where the heap begins */
	struct region *heap;             /* NULL until the break moves */
	uint64_t resident;               /* pages mapped in the page tables */
	uint64_t max_resident;           /* the most resident ever was (ru_maxrss) */
	uint64_t minor_faults, cow_faults;
	uint64_t major_faults;           /* resolved after waiting for a file server */
	/* Ended children's (and their descendants') figures, added when a
	 * child ends (do_exit): getrusage(RUSAGE_CHILDREN). */
	struct vm_usage {
		uint64_t minflt, majflt, maxrss;
	} children;
	endpoint_t parent;               /* VM_FORK's parent; NONE for boot processes */
	bool boot;                       /* a boot process (server, driver, init): may use
					    the reserve when memory is short, never an OOM victim */
	bool lock_future;                /* mlockall(MCL_FUTURE): new mappings are wired */
	/* Soft limits in bytes (limits.c), VM_RLIM_INFINITY for none. PM
	 * owns them and sends them (VM_RLIMIT); VM_FORK copies the parent's;
	 * exec (VM_CLEAR) keeps them. */
	struct vm_limits {
		uint64_t as;             /* every region's length together */
		uint64_t data;           /* the heap: break - brk_start */
		uint64_t stack;          /* the stack region an exec maps */
		uint64_t memlock;        /* wired bytes (mlock); infinity for root */
	} lim;
};

/* ---- processes (vmproc.c) ---- */
struct vmproc *vmproc_get(endpoint_t ep);          /* NULL if unknown */
struct vmproc *vmproc_new(endpoint_t ep);          /* NULL if taken; no page table yet */
void vmproc_clear(struct vmproc *vmp);             /* destroy every region */
void vmproc_free(struct vmproc *vmp);              /* clear, free the page table, slot free */
struct vmproc *vmproc_slot(int slot);              /* the slot's process, or NULL (walks) */

/* ---- regions (region.c) ---- */
struct region *region_new(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot,
			  uint32_t flags, const struct mem_type *type);
struct region *region_find(struct vmproc *vmp, uint64_t addr);     /* containing addr */
struct region *region_next(struct region *r);
struct region *region_first(struct vmproc *vmp);
int region_free_gap(struct vmproc *vmp, uint64_t hint, uint64_t len, uint64_t *out);
bool region_range_free(struct vmproc *vmp, uint64_t start, uint64_t len);
int region_split(struct region *r, uint64_t at, struct region **upper);
bool region_merge(struct region *lower, struct region *upper);
void region_destroy(struct region *r);               /* unmap, release, free */
int region_unmap_range(struct vmproc *vmp, uint64_t start, uint64_t len);
int region_protect_range(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot);
/* Set (on) or clear flag on every region in [start, end): regions cut at
 * the edges, merged back where they match again. OK or -ENOMEM. */
int region_flag_range(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t flag, bool on);
void region_remap_all(struct region *r);             /* PTEs from scratch */
/* region_new + type->create (a: the type's arguments; NULL where it takes
 * none, as anonymous memory): OK with *out, or -ENOMEM / the type's error
 * with no region left behind. */
int region_create(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
		  const struct mem_type *type, const struct map_args *a, struct region **out);
void region_discard(struct region *r);               /* undo region_new before create */

/* ---- memory types (mem_*.c) ---- */
struct map_args {
	int flags;                       /* MAP_* */
	uint64_t phys;                   /* directphys */
	struct region *source;           /* shared: the region mirrored */
	uint64_t source_off;             /* shared: page offset into it */
	struct vfile *file;              /* file: the file (the region takes a reference) */
	uint64_t foff;                   /* file: page index of the first page */
};

/* What a fault resolved to: map `pfn` at the page, writable or not. */
struct fault_result {
	pfn_t pfn;
	bool writable;
	bool uncached;
	bool cow;                        /* a copy-on-write fault was taken */
};

/*
 * A memory type. Each op documents what it may return; a missing op
 * means "not supported" (EINVAL). Ownership: create sets up r->ps or
 * r->phys; destroy releases what r holds; split hands the pages of
 * [at, end) to the new upper region; copy makes a fork child's region.
 */
struct mem_type {
	const char *name;
	/* OK, -ENOMEM (populate failed; r holds nothing then). */
	int (*create)(struct region *r, const struct map_args *a);
	void (*destroy)(struct region *r);
	/* Page idx of r for a read or write: OK with *res, -ENOMEM, -EFAULT
	 * (SIGBUS: past the end of a file, or its server failed), or
	 * VM_SUSPEND (file: the message being handled is parked until a
	 * file server brings the page; nothing changed). */
	int (*fault)(struct region *r, uint64_t idx, bool write, struct fault_result *res);
	/* Fork: child region nr (fields copied from r) gets its pages. */
	int (*copy)(struct region *r, struct region *nr);
	/* r is cut at page `at`: upper takes [at, old end). */
	void (*split)(struct region *r, struct region *upper, uint64_t at);
	/* Pages [first, first+n) leave r (munmap, shrink). */
	void (*release)(struct region *r, uint64_t first, uint64_t n);
	/* Is the page at idx (present) mappable writable now? */
	bool (*writable)(struct region *r, uint64_t idx, pfn_t pfn);
};

extern const struct mem_type mem_anon, mem_contig, mem_directphys, mem_shared;
extern const struct mem_type mem_file, mem_cache;

/* Helpers shared by the types that keep pages in a page set (mem_anon.c). */
int anon_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res);
void anon_release(struct region *r, uint64_t first, uint64_t n);
void anon_split(struct region *r, struct region *upper, uint64_t at);
bool anon_writable(struct region *r, uint64_t idx, pfn_t pfn);
struct pageset *pageset_new(void);
void pageset_unref(struct pageset *ps);
/* Fork: nr gets a new set holding r's pages (each gains a reference). */
int pageset_copy(struct region *r, struct region *nr);
/* Pages [first, first+n) of r leave its set (their references dropped). */
void pageset_drop(struct region *r, uint64_t first, uint64_t n);

/* ---- page tables (pagetable.c) ---- */
uint64_t pt_new(void);                                   /* 0: out of memory */
void pt_destroy(uint64_t pml4);
/* The leaf PTE pt_map() writes for page pfn of a region with protection
 * prot: present and user; writable only if the page may be written now
 * (`writable`) and the region allows it; NX without PROT_EXEC (when the
 * CPU has NX); uncached (PCD|PWT) on request. Accessed from the start: a
 * page just mapped for a fault is used as soon as the process runs again,
 * and the page daemon's hand (pageout.c), which may pass before that,
 * must give it its second chance. The host tests' fake page tables write
 * the same. */
static inline uint64_t pte_make(pfn_t pfn, uint32_t prot, bool writable, bool uncached)
{
	uint64_t e = (pfn << VM_PAGE_SHIFT) | PTE_P | PTE_U | PTE_A;
	if (writable && (prot & PROT_WRITE))
		e |= PTE_W;
	if (!(prot & PROT_EXEC) && nx_supported)
		e |= PTE_NX;
	if (uncached)
		e |= PTE_PCD | PTE_PWT;
	return e;
}
/* Map a page; -ENOMEM if a table could not be allocated. */
int pt_map(struct vmproc *vmp, uint64_t va, pfn_t pfn, uint32_t prot, bool writable, bool uncached);
void pt_unmap_range(struct vmproc *vmp, uint64_t start, uint64_t end);
/* The present PTE at va, or 0. */
uint64_t pt_lookup(uint64_t pml4, uint64_t va);
/* Call fn for every present leaf PTE in [start, end) (user space). */
typedef void (*pte_fn)(uint64_t va, uint64_t *pte, void *arg);
void pt_walk(uint64_t pml4, uint64_t start, uint64_t end, pte_fn fn, void *arg);
/* Clear the write bit of every present PTE in [start, end). */
void pt_write_protect(struct vmproc *vmp, uint64_t start, uint64_t end);
extern uint64_t kernel_pml4_phys;

/* ---- the page cache (cache.c) and waiting for file servers (fwait.c) ---- */
/* A fault or call that must wait for a file server: the message being
 * handled (vm_current) is parked and answered when it is replayed. */
#define VM_SUSPEND 0x10000
extern struct pcache pcache;                 /* dev = the file server's endpoint */
extern message *vm_current;                  /* main.c: the message being handled */
/* Handle one message (kernel message or call) and answer it unless it
 * was parked (main.c). Parked messages come back through here. */
void vm_dispatch(message *m);
struct fwait;
/* The item of work (fs, kind, ino, index, count) exists or is queued
 * now (the server is notified). With park, the current message waits on
 * it: VM_SUSPEND; without, OK. -ENOMEM if no entry could be made. */
int fwait_on(endpoint_t fs, int kind, uint64_t ino, uint64_t index, uint64_t count, bool park);
/* The result of the item whose waiters are being replayed, for the page
 * (fs, ino, index) of that kind: true with *result if it is that item. */
bool fwait_replay_result(endpoint_t fs, int kind, uint64_t ino, uint64_t index, int *result);
/* Is an item of that kind for file pages overlapping [index, index+count)
 * of (fs, ino) pending? Parks the current message on it if so. */
bool fwait_park_pending(endpoint_t fs, int kind, uint64_t ino, uint64_t index, uint64_t count);
int do_cache_work(message *m);

/* Files mapped (vfile.c): one per (server, inode) mapped by any region. */
struct vfile {
	struct vfile *hnext;
	endpoint_t fs;
	uint64_t ino;
	int refs;                        /* regions that map it */
	int cookie;                      /* VFS's vnode reference, given back at the end */
	struct region *regions;          /* every region that maps it */
	int wb_error;                    /* a write-back failed since the last msync */
};
struct vfile *vfile_find(endpoint_t fs, uint64_t ino);
/* The file, new (refs 0, *created) or found; NULL: no memory. */
struct vfile *vfile_get(endpoint_t fs, uint64_t ino, int cookie, bool *created);
void vfile_link(struct vfile *f, struct region *r);    /* r maps f: a reference */
void vfile_unlink(struct region *r);                    /* drops r's reference */
/* Every mapping of f loses its pages for file pages [from, to): PTEs
 * cleared, page-set entries dropped (private copies too, when all). With
 * holes_only, only zero-page entries go (a hole got a block). */
void vfile_zap(struct vfile *f, uint64_t from, uint64_t to, bool holes_only);
/* Mappings of f stop writing file pages [from, to) without a fault
 * (before they are written back). */
void vfile_write_protect(struct vfile *f, uint64_t from, uint64_t to);
/* The dirty cached pages of f in [from, to) become clean and go to the
 * server as write-back items (their mappings read-only first). */
void vfile_writeback(struct vfile *f, uint64_t from, uint64_t to);
int do_file_put(message *m);
int do_mmap_file(message *m);

/* ---- the cache calls (cache.c) ---- */
int do_cache_get(message *m);
int do_cache_set(message *m);
int do_cache_forget(message *m);
int do_cache_stat(message *m);
void cache_init(void);
extern uint64_t cache_file_faults;           /* faults parked for a file page */
/* Give back up to n idle cache pages (clean, mapped by no one). */
size_t cache_reclaim(size_t n);
void cache_queue_dirty(endpoint_t fs);       /* sync: write-backs for every dirty page */

/* ---- msync, mincore, madvise (advice.c) ---- */
int do_msync(message *m);
int do_mincore(message *m);
int do_madvise(message *m);
bool vm_range_mapped(struct vmproc *vmp, uint64_t addr, uint64_t len);   /* all of it in regions */

/* ---- memory pressure (pageout.c: the daemon; memwait.c: waiting, OOM) ---- */
struct pageout_stats {
	uint64_t reclaimed;              /* cache pages the daemon freed */
	uint64_t unmapped;               /* of those, pages it took out of mappings first */
	uint64_t daemon_runs;
	uint64_t mem_waits;              /* messages parked for memory */
	uint64_t oom_kills;
};
extern struct pageout_stats pageout_stats;
uint64_t pageout_low_mark(void);     /* free pages below which the daemon runs */
/* The reverse map: call fn(r, idx, arg) for every region r that maps
 * cache page p (its page idx shows that very frame), until fn returns
 * false. Returns how many were visited. fn may unmap the page from r. */
typedef bool (*rmap_fn)(struct region *r, uint64_t idx, void *arg);
size_t rmap_walk(struct pcache_page *p, rmap_fn fn, void *arg);
/* The clock's look at one idle cache page: freed (true), or kept
 * (wired, used since the last look: its accessed bits are cleared now,
 * or held by a cache window). */
bool pageout_try(struct pcache_page *p);
/* The clock hand: free up to want cache pages; returns how many. The
 * whole cache is looked at (every page at most twice), or at most `look`
 * pages (the hand goes on from there next time: passed pages move to the
 * recent end). */
size_t pageout_scan(size_t want);
size_t pageout_scan_some(size_t want, size_t look);
/* A run of the daemon: free up to the high mark, then queue write-backs
 * of dirty file pages for the next run. Returns the pages freed. Not
 * full: the hand may stop short (the run after each message); full: it
 * looks at everything (before deciding nothing is left to reclaim). */
size_t pageout_run(bool full);
/* The message being handled needs a page and none is free: park it
 * until memory comes back (VM_SUSPEND), or QSIGKILL when it cannot wait
 * (nothing left to reclaim, or no message to park). */
int pageout_wait(void);
/* After each message: the daemon below the low mark, waiters replayed. */
void pageout_kick(void);
void pageout_exited(endpoint_t ep);  /* VM_EXIT: the OOM victim is gone */
/* Is an item of that kind queued or in flight at any server? */
bool fwait_pending(int kind);
/* Queue write-backs of up to max dirty file pages of server fs (NONE:
 * any); returns how many. */
size_t cache_clean(endpoint_t fs, size_t max);

/* ---- faults (fault.c: the state machine; fault_msg.c: the kernel's messages) ---- */
/* Resolve an access at addr (the four steps of fault.c). Returns OK with
 * the page mapped (and *res, if res is not NULL), QSIGSEGV (no region, or
 * the access is not allowed: nothing changed), QSIGBUS (a file page past
 * the end), QSIGKILL (out of memory) or VM_SUSPEND (parked). */
int vm_fault(struct vmproc *vmp, uint64_t addr, bool write, bool exec, struct fault_result *res);
/* vm_fault() for each page of [addr, addr+len) not yet present (or not
 * writable, for a write): OK, or the first page's QSIGSEGV / QSIGKILL (the
 * pages before it stay mapped). A range past USER_TOP: QSIGSEGV. */
int vm_fault_range(struct vmproc *vmp, uint64_t addr, uint64_t len, bool write);
void do_kpagefault(message *m);
/* True while a message that waited for a file server is replayed: a
 * fault resolved then is a major fault (fwait.c sets it). */
extern bool vm_replaying_io;
void do_krange(message *m);

/* ---- fork (fork.c) ---- */
/* Child c gets a copy of region r (of another process): same place,
 * protection and flags, the type's copy of its memory, and r's present
 * mappings (shared pages writable as the region allows, private ones
 * read-only, for copy-on-write). OK with *out; -ENOMEM leaves a region in
 * c that holds nothing or what was copied, for vmproc_free(c). */
int region_fork(struct vmproc *c, struct region *r, struct region **out);
/* Every region of p into c, in address order (do_fork); c's heap follows
 * p's. OK or -ENOMEM (then vmproc_free(c) undoes it all). */
int vm_fork_regions(struct vmproc *p, struct vmproc *c);

/* ---- resource limits (limits.c) ---- */
/* May vmp map len more bytes at [start, start+len)? With `replace`
 * (MAP_FIXED) what is mapped there now goes first and is not counted.
 * OK or -ENOMEM (RLIMIT_AS). Changes nothing. */
int limit_as(struct vmproc *vmp, uint64_t start, uint64_t len, bool replace);
/* May the heap grow to end (page-aligned)? OK or -ENOMEM (RLIMIT_DATA,
 * and RLIMIT_AS for the growth). */
int limit_brk(struct vmproc *vmp, uint64_t end);
/* The length of exec's stack region for a requested len: at most
 * RLIMIT_STACK, at least LIMIT_STACK_MIN (room for the arguments). */
#define LIMIT_STACK_MIN (192ULL << 10)    /* VFS_EXEC_IMAGE_MAX and 64 KiB to run */
uint64_t limit_stack_len(struct vmproc *vmp, uint64_t len);
int do_rlimit(message *m);

/* ---- wired memory (wire.c) ---- */
/* Bytes of vmp's wired regions. */
uint64_t wired_bytes(struct vmproc *vmp);
/* A new region of vmp (mmap, file mapping, heap growth): wired if the
 * process asked for it with mlockall(MCL_FUTURE). OK, or -EAGAIN past
 * RLIMIT_MEMLOCK (checked before anything changes: the caller maps
 * nothing then). */
int wire_future_check(struct vmproc *vmp, uint64_t len);
/* r was just created or grew: wire it (and fault in what can be without
 * waiting) if mlockall(MCL_FUTURE) asked for it. */
void wire_future(struct region *r);
int do_mlock(message *m);

/* ---- calls (mmap.c, proc.c, info.c) ---- */
int do_mmap(message *m);
int do_munmap(message *m);
int do_mprotect(message *m);
int do_brk(message *m);
int do_map_phys(message *m);
int do_unmap_phys(message *m);
int do_remap(message *m);
int do_info(message *m);
int do_rusage(message *m);
int do_memstat(message *m);
int do_fork(message *m);
int do_exit(message *m);
int do_clear(message *m);
int do_prefault(message *m);
void adopt_boot_processes(void);

#endif
