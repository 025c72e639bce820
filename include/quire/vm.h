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
 *   VM_CLEAR, VM_PREFAULT                          VFS (and PM): exec, and the
 *                                                  EFAULT-retry protocol
 * VM_MMAP and VM_MPROTECT with `target` set act on that process instead of
 * the caller: only VFS and PM may (exec builds the new image so).
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
#define VM_NR_CALLS    12

#define VM_KRQ_BASE    (VM_RQ_BASE + 0x40)   /* from the kernel */
#define VM_KPAGEFAULT  (VM_KRQ_BASE + 0)
#define VM_KRANGE      (VM_KRQ_BASE + 1)
#define VM_NR_KCALLS   2

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
	endpoint_t target;        /* VM_MPROTECT, VM_PREFAULT: whose memory (0: the caller) */
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
int vm_req_clear(endpoint_t ep, uint64_t brk);                   /* VFS: exec */
/* VFS: make [addr, addr+len) of target present (writable if write). */
int vm_req_prefault(endpoint_t target, uint64_t addr, uint64_t len, bool write);

#endif
