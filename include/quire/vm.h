/*
 * The VM server's protocol.
 *
 * Requests (m_type) from processes, answered with m_type = result:
 *   VM_MMAP, VM_MUNMAP, VM_MPROTECT, VM_BRK       any process, for itself
 *   VM_MAP_PHYS, VM_UNMAP_PHYS                     drivers (memory ranges in
 *                                                  their privileges)
 *   VM_REMAP                                       system processes: map
 *                                                  another process's shared region
 *   VM_INFO                                        anyone: memory accounting
 *   VM_FORK, VM_EXIT                               PM only
 *   VM_CLEAR                                       VFS (and PM): exec
 *   VM_PREFAULT                                    VFS and PM, any process (the
 *                                                  EFAULT-retry protocol); others
 *                                                  only their own (target SELF)
 *   VM_MMAP_FILE, VM_FILE_PUT                      VFS: map a file; take back the
 *                                                  vnode references of unmapped files
 *   VM_CACHE_GET, VM_CACHE_SET, VM_CACHE_FORGET,   file servers (system processes):
 *   VM_CACHE_WORK                                  the page cache (below)
 *   VM_CACHE_STAT                                  anyone: page-cache figures
 *   VM_MSYNC, VM_MINCORE, VM_MADVISE               any process, for itself
 *   VM_RLIMIT                                      PM only: a process's RLIMIT_AS,
 *                                                  RLIMIT_DATA, RLIMIT_STACK and
 *                                                  RLIMIT_MEMLOCK soft limits
 *                                                  (servers/vm/limits.c)
 *   VM_MLOCK                                       any process, for itself: mlock,
 *                                                  munlock, mlockall, munlockall
 *                                                  (servers/vm/wire.c)
 *   VM_RUSAGE                                      anyone, for itself (SELF) or its
 *                                                  ended children: faults, maxrss
 *   VM_MEMSTAT                                     anyone: wired pages, reclaim and
 *                                                  out-of-memory counts
 * VM_MMAP and VM_MPROTECT with `target` set act on that process instead of
 * the caller: only VFS and PM may (exec builds the new image so).
 *
 * The page cache (docs/vm.md, "The page cache"). VM owns it; a file
 * server's block buffers are cache pages, seen through its cache window
 * (a VM_MMAP with MAP_CACHEWIN: a region whose pages VM exchanges on
 * request). Keys: (server, block) for every cached block, and
 * (server, ino, index) for file data; `server` is always the caller's
 * endpoint, so no server can touch another's cache entries.
 *   VM_CACHE_GET     put block `block` (and, if ino != 0, give it file
 *                    identity (ino, index)) in the window page at addr:
 *                    found = 1, the page is there; found = 0, not cached,
 *                    the window page is now a fresh zeroed page (mapped:
 *                    reading the block into it takes no fault). Either way
 *                    the page the window held before leaves the window
 *                    (it stays cached if it was).
 *   VM_CACHE_SET     the window page at addr now holds block `block`
 *                    (file page (ino, index) if ino != 0): it joins the
 *                    cache. EEXIST if the block or file page is cached.
 *                    With op VMC_SET_FRESH (a block just allocated) the
 *                    window page first gets a fresh zeroed frame: a new
 *                    block costs one message. Runs, for a server that
 *                    allocates many blocks: op VMC_SET_PREP gives `count`
 *                    consecutive window pages from addr fresh zeroed
 *                    frames (what they held leaves the window, staying
 *                    cached if it was), and op VMC_SET_RUN names `count`
 *                    consecutive window pages as blocks block+i (file
 *                    pages index+i of ino): EEXIST, and nothing named, if
 *                    one of the blocks is cached.
 *   VM_CACHE_FORGET  op VMC_FORGET_BLOCKS: blocks [block, block+count)
 *                    were freed; op VMC_FORGET_FILE: file ino is cut at
 *                    page `index` (truncate, unlink): its cached pages from
 *                    there leave the cache and every mapping of them
 *                    (a later access past the end is SIGBUS).
 *   VM_CACHE_WORK    what VM needs from the server. VM notifies the server
 *                    when there is work; the server then calls
 *                    VM_CACHE_WORK until it answers id 0, each call
 *                    carrying the result of the previous item (id, result).
 * VM never waits for a file server: a fault that needs file data is
 * parked until the server's VM_CACHE_WORK reports the item done.
 * Messages from the kernel (m_source == KERNEL), which VM answers with
 * KC_VMCTL:
 *   VM_KPAGEFAULT   a process faulted
 *   VM_KRANGE       a kernel copy needs a range made present
 */
#ifndef QUIRE_VM_H
#define QUIRE_VM_H

#include <quire/types.h>

#define VM_RQ_BASE     0x300
#define VM_MMAP        (VM_RQ_BASE + 0)
#define VM_MUNMAP      (VM_RQ_BASE + 1)
#define VM_MPROTECT    (VM_RQ_BASE + 2)
#define VM_BRK         (VM_RQ_BASE + 3)
#define VM_MAP_PHYS    (VM_RQ_BASE + 4)
#define VM_UNMAP_PHYS  (VM_RQ_BASE + 5)
#define VM_REMAP       (VM_RQ_BASE + 6)
#define VM_INFO        (VM_RQ_BASE + 7)
#define VM_FORK        (VM_RQ_BASE + 8)
#define VM_EXIT        (VM_RQ_BASE + 9)
#define VM_CLEAR       (VM_RQ_BASE + 10)
#define VM_PREFAULT    (VM_RQ_BASE + 11)
#define VM_MMAP_FILE   (VM_RQ_BASE + 12)
#define VM_FILE_PUT    (VM_RQ_BASE + 13)
#define VM_CACHE_GET   (VM_RQ_BASE + 14)
#define VM_CACHE_SET   (VM_RQ_BASE + 15)
#define VM_CACHE_FORGET (VM_RQ_BASE + 16)
#define VM_CACHE_WORK  (VM_RQ_BASE + 17)
#define VM_CACHE_STAT  (VM_RQ_BASE + 18)
#define VM_MSYNC       (VM_RQ_BASE + 19)
#define VM_MINCORE     (VM_RQ_BASE + 20)
#define VM_MADVISE     (VM_RQ_BASE + 21)
#define VM_RLIMIT      (VM_RQ_BASE + 22)
#define VM_MLOCK       (VM_RQ_BASE + 23)
#define VM_RUSAGE      (VM_RQ_BASE + 24)
#define VM_MEMSTAT     (VM_RQ_BASE + 25)
#define VM_NR_CALLS    32    /* 26, 27: issue 14's later calls; 28..31: the lead's */

/* The limits a process starts with (boot processes; VM_FORK copies the
 * parent's; exec keeps them). PM's defaults are the same (rlimit.c). */
#define VM_RLIM_INFINITY  (~(uint64_t)0)
#define VM_STACK_DEFAULT  (8ULL << 20)   /* RLIMIT_STACK: the exec stack */

#define VM_KRQ_BASE    (VM_RQ_BASE + 0x40)   /* from the kernel */
#define VM_KPAGEFAULT  (VM_KRQ_BASE + 0)
#define VM_KRANGE      (VM_KRQ_BASE + 1)
#define VM_NR_KCALLS   2

/* MAP_CACHEWIN (include/quire/mman.h) with VM_MMAP: a file server's cache
 * window. */

/* VM_CACHE_FORGET ops */
#define VMC_FORGET_BLOCKS 1
#define VMC_FORGET_FILE   2
/* VM_CACHE_SET ops (0: the plain set) */
#define VMC_SET_FRESH     3
#define VMC_SET_PREP      4   /* count window pages from addr get fresh zeroed frames */
#define VMC_SET_RUN       5   /* count window pages from addr hold blocks block.. (file
			         pages index.. of ino if ino != 0): all join the cache */
#define VMC_RUN_MAX       64  /* pages in one PREP or RUN */

/* VM_CACHE_WORK item kinds (reply `kind`) */
#define VMW_PAGEIN     1   /* bring file page (ino, index) into the cache with its
			      file identity; count: pages from index worth reading
			      ahead (a hint, at least 1) */
#define VMW_FILL       2   /* a MAP_SHARED write to a hole: allocate page index of
			      ino, zeroed, cached with its file identity */
#define VMW_WRITEBACK  3   /* write pages [index, index+count) of ino that are in
			      the cache to the disk; result when they are on it */
/* VM_CACHE_WORK request `count`: VMW_SYNC first queues a write-back of every
 * page of the caller's written through a mapping (sync(), unmount) */
#define VMW_SYNC       1
/* VM_CACHE_WORK results (request `result`): OK, a negative error, or */
#define VMW_HOLE       1   /* PAGEIN: the page is a hole (reads as zeros) */
#define VMW_EOF        2   /* PAGEIN, FILL: the page is wholly past the end of the file */

/* VM_MSYNC flags (POSIX values as newlib's <sys/mman.h> has them) */
#define Q_MS_ASYNC      1
#define Q_MS_INVALIDATE 2
#define Q_MS_SYNC       4
/* VM_MADVISE advice (Linux's values, which posix_madvise shares) */
#define Q_MADV_NORMAL     0
#define Q_MADV_RANDOM     1
#define Q_MADV_SEQUENTIAL 2
#define Q_MADV_WILLNEED   3
#define Q_MADV_DONTNEED   4

/* VM_MLOCK ops (mess_vm_lock.op) */
#define Q_MLOCK        1   /* wire [addr, addr+len): fault it in, never reclaim it */
#define Q_MUNLOCK      2
#define Q_MLOCKALL     3   /* flags: Q_MCL_* */
#define Q_MUNLOCKALL   4
#define Q_MCL_CURRENT  1   /* POSIX's MCL_CURRENT, MCL_FUTURE */
#define Q_MCL_FUTURE   2

/* VM_RUSAGE who */
#define Q_RUSAGE_SELF     0
#define Q_RUSAGE_CHILDREN 1

/* Page-fault error code bits (x86). */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4
#define PF_EXEC    0x10

/* Payload layouts. */
typedef struct {              /* VM_MMAP */
	uint64_t addr;            /* hint, or the place for MAP_FIXED; reply: the address */
	uint64_t len;
	int32_t  prot;
	int32_t  flags;
	int32_t  fd;              /* -1: anonymous */
	endpoint_t target;        /* 0: the caller; else (VFS, PM) this process */
	uint64_t offset;          /* reply for MAP_CONTIG: the physical address */
} mess_vm_mmap;

typedef struct {              /* VM_MUNMAP, VM_MPROTECT, VM_BRK (addr), VM_UNMAP_PHYS (addr), VM_PREFAULT */
	uint64_t addr;            /* VM_BRK reply: the break */
	uint64_t len;
	int32_t  prot;            /* VM_PREFAULT: PROT_WRITE to make it writable */
	endpoint_t target;        /* VM_MPROTECT, VM_PREFAULT: whose memory (SELF: the caller) */
} mess_vm_range;

typedef struct {              /* VM_MAP_PHYS; VM_REMAP */
	endpoint_t ep;            /* VM_REMAP: whose region */
	int32_t  pad;
	uint64_t phys;            /* VM_MAP_PHYS: physical address; VM_REMAP: address in ep */
	uint64_t len;
	uint64_t addr;            /* reply: where it is mapped */
} mess_vm_phys;

typedef struct {              /* VM_INFO */
	endpoint_t ep;            /* whose figures; NONE: the system only */
	int32_t  pad;
	uint64_t total_pages;     /* reply */
	uint64_t free_pages;
	uint64_t resident;        /* pages mapped in ep's page tables */
	uint64_t minor_faults;    /* faults resolved with a page already in memory or a new zero page */
	uint64_t cow_faults;      /* write faults that copied (or took over) a shared page */
	uint64_t regions;
} mess_vm_info;

typedef struct {              /* VM_FORK, VM_EXIT, VM_CLEAR */
	endpoint_t ep;            /* the process (VM_FORK: the parent) */
	endpoint_t child;         /* VM_FORK: the new process */
	uint64_t brk;             /* VM_CLEAR: where the new image's heap starts */
} mess_vm_proc;

typedef struct {              /* VM_RLIMIT (PM only): soft limits in bytes */
	endpoint_t ep;            /* the process */
	int32_t  pad;
	uint64_t as;              /* RLIMIT_AS: all its mappings together */
	uint64_t data;            /* RLIMIT_DATA: its heap (brk) */
	uint64_t stack;           /* RLIMIT_STACK: the stack region its next exec gets */
	uint64_t memlock;         /* RLIMIT_MEMLOCK: bytes it may wire with mlock and
				     mlockall; VM_RLIM_INFINITY for root (exempt) */
} mess_vm_rlimit;

typedef struct {              /* VM_MLOCK (for the caller itself) */
	uint64_t addr;            /* Q_MLOCK, Q_MUNLOCK: page-aligned */
	uint64_t len;
	int32_t  op;              /* Q_MLOCK .. Q_MUNLOCKALL */
	int32_t  flags;           /* Q_MLOCKALL: Q_MCL_* */
} mess_vm_lock;

typedef struct {              /* VM_RUSAGE */
	int32_t  who;             /* Q_RUSAGE_SELF, Q_RUSAGE_CHILDREN (ended children and
				     their descendants, counted when they end) */
	endpoint_t ep;            /* whose figures: SELF, or any process (ps) */
	uint64_t minflt;          /* reply: faults resolved without waiting for a file */
	uint64_t majflt;          /* faults that waited for file data from its server */
	uint64_t maxrss;          /* largest resident size seen, in pages */
	uint64_t resident;        /* Q_RUSAGE_SELF: pages mapped now */
	uint64_t shared;          /* Q_RUSAGE_SELF: of those, pages another holder shares
				     (another mapping, the page cache, a fork relative) */
	uint64_t wired;           /* Q_RUSAGE_SELF: pages of wired (mlocked, DMA) regions */
} mess_vm_usage;

typedef struct {              /* VM_MEMSTAT reply: the whole system */
	uint64_t wired;           /* pages in wired regions of every process (DMA included) */
	uint64_t reclaimed;       /* cache pages the page daemon took back */
	uint64_t unmapped;        /* of those, pages it first took out of mappings */
	uint64_t daemon_runs;     /* times free memory fell below the low mark */
	uint64_t mem_waits;       /* faults and calls that waited for a free page */
	uint64_t oom_kills;       /* processes ended because nothing could be reclaimed */
	uint64_t low_mark;        /* free pages below which the daemon runs */
} mess_vm_mstat;

typedef struct {              /* VM_MMAP_FILE (VFS only) */
	uint64_t addr;            /* hint, or the place for MAP_FIXED; reply: the address */
	uint64_t len;
	int32_t  prot;
	int32_t  flags;           /* MAP_SHARED or MAP_PRIVATE, MAP_FIXED, MAP_POPULATE,
				     MAP_NOWRITE (the descriptor is not writable) */
	endpoint_t target;        /* the process that gets the mapping */
	endpoint_t fs;            /* the file's server */
	uint64_t ino;             /* the file at that server */
	uint64_t offset;          /* page-aligned byte offset in the file */
	int32_t  cookie;          /* VFS's name for its vnode reference */
	int32_t  held;            /* reply: 1 if VM keeps that reference (a new
				     file for VM; VFS gets it back by VM_FILE_PUT),
				     0 if VM already had the file (VFS drops it) */
} mess_vm_mmap_file;

typedef struct {              /* VM_CACHE_GET, VM_CACHE_SET, VM_CACHE_FORGET */
	uint64_t addr;            /* a page of the caller's cache window */
	uint64_t block;
	uint64_t ino;             /* 0: metadata (no file identity) */
	uint64_t index;           /* page index in the file; FORGET_FILE: first page cut */
	uint64_t count;           /* FORGET_BLOCKS: how many blocks */
	int32_t  op;              /* FORGET: VMC_FORGET_* */
	int32_t  found;           /* GET reply */
} mess_vm_cache;

typedef struct {              /* VM_CACHE_WORK; VM_FILE_PUT; VM_CACHE_STAT */
	int32_t  id;              /* request: the item answered (0: none);
				     reply: the next item (0: no work) */
	int32_t  val;             /* request: its result (OK, VMW_HOLE, VMW_EOF,
				     -errno); reply: the item's kind (VMW_*) */
	uint64_t ino;             /* VM_FILE_PUT reply: the cookie given back (id 1) */
	uint64_t index;
	uint64_t count;
} mess_vm_work;

typedef struct {              /* VM_CACHE_STAT reply */
	uint64_t pages;           /* frames the cache holds */
	uint64_t dirty;           /* written through mappings, not yet on disk */
	uint64_t mapped;          /* also mapped by a process or a cache window */
	uint64_t hits, misses;    /* lookups since boot */
	uint64_t evictions;       /* pages taken back for other uses */
	uint64_t file_faults;     /* faults that had to wait for a file server */
} mess_vm_cstat;

typedef struct {              /* VM_KPAGEFAULT (from the kernel) */
	endpoint_t ep;
	int32_t  err;             /* PF_* */
	uint64_t addr;
	uint64_t rip;
} mess_vm_kfault;

typedef struct {              /* VM_KRANGE (from the kernel) */
	endpoint_t requestor;     /* whose kernel call waits */
	endpoint_t target;        /* whose memory */
	uint64_t addr;
	uint64_t len;
	int32_t  write;
} mess_vm_krange;

/*
 * The client stubs (lib/libproto/vm.c, in libsys and libposix): each
 * returns VM's answer, OK or a negative error (lib/libproto/proto.h).
 * Out pointers may be NULL and are written only on success. `target`
 * 0 means the caller itself; another process only for VFS and PM.
 */
/* fd -1: anonymous. *phys: for MAP_CONTIG, the physical address. */
int vm_req_mmap(endpoint_t target, void *addr, size_t len, int prot, int flags, int fd,
		uint64_t offset, void **out, uint64_t *phys);
int vm_req_munmap(void *addr, size_t len);
int vm_req_mprotect(endpoint_t target, void *addr, size_t len, int prot);
int vm_req_brk(void *addr, void **out);          /* addr NULL: where the break is */
int vm_req_map_phys(uint64_t phys, size_t len, void **out);
int vm_req_unmap_phys(void *addr);
int vm_req_remap(endpoint_t ep, void *addr, size_t len, void **out);
int vm_req_info(endpoint_t ep, mess_vm_info *out);  /* ep NONE: the system only */
int vm_req_fork(endpoint_t parent, endpoint_t child);            /* PM */
int vm_req_exit(endpoint_t ep);                                  /* PM */
/* PM: ep's RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK soft limits
 * (bytes; memlock VM_RLIM_INFINITY for root). */
int vm_req_rlimit(endpoint_t ep, uint64_t as, uint64_t data, uint64_t stack, uint64_t memlock);
/* The caller's own memory: op Q_MLOCK.. on [addr, addr+len), flags for
 * Q_MLOCKALL. */
int vm_req_mlock(int op, void *addr, size_t len, int flags);
/* who Q_RUSAGE_*, of process ep (SELF: the caller). */
int vm_req_rusage(endpoint_t ep, int who, mess_vm_usage *out);
int vm_req_memstat(mess_vm_mstat *out);
int vm_req_clear(endpoint_t ep, uint64_t brk);                   /* VFS: exec */
/* VFS: make [addr, addr+len) of target present (writable if write). */
int vm_req_prefault(endpoint_t target, uint64_t addr, uint64_t len, bool write);
/* VFS: map file (fs, ino) at offset into target; *held as in mess_vm_mmap_file. */
int vm_req_mmap_file(endpoint_t target, void *addr, size_t len, int prot, int flags,
		     endpoint_t fs, uint64_t ino, uint64_t offset, int cookie, void **out,
		     bool *held);
/* VFS: OK with a cookie whose reference VM no longer needs, -ENOENT if none. */
int vm_req_file_put(int *cookie);
/* File servers: the page cache (above). */
int vm_req_cache_get(void *addr, uint64_t block, uint64_t ino, uint64_t index, bool *found);
int vm_req_cache_set(void *addr, uint64_t block, uint64_t ino, uint64_t index);
/* VMC_SET_FRESH: addr gets a fresh zeroed frame, cached as the new block. */
int vm_req_cache_set_fresh(void *addr, uint64_t block, uint64_t ino, uint64_t index);
/* VMC_SET_PREP and VMC_SET_RUN (above): count consecutive window pages. */
int vm_req_cache_prep(void *addr, uint64_t count);
int vm_req_cache_set_run(void *addr, uint64_t block, uint64_t ino, uint64_t index, uint64_t count);
int vm_req_cache_forget_blocks(uint64_t block, uint64_t count);
int vm_req_cache_forget_file(uint64_t ino, uint64_t from_index);
/* Answer item done_id (0: none) with result; OK with the next item in
 * *item (item->id 0: no more work). */
int vm_req_cache_work(int done_id, int result, mess_vm_work *item);
/* The same, first queueing write-backs of every page dirtied through a
 * mapping (VMW_SYNC): the first call of sync(). */
int vm_req_cache_work_sync(mess_vm_work *item);
int vm_req_cache_stat(mess_vm_cstat *out);
/* Processes, for themselves: msync (Q_MS_*), madvise (Q_MADV_*) of
 * [addr, addr+len); mincore of the 64 pages from addr (bit i: page i is
 * resident), stopping at addr+len. */
int vm_req_msync(void *addr, size_t len, int flags);
int vm_req_madvise(void *addr, size_t len, int advice);
int vm_req_mincore(void *addr, size_t len, uint64_t *bits);

#endif
