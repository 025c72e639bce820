/* Memory-mapping constants (Linux's values, which POSIX programs expect). */
#ifndef QUIRE_MMAN_H
#define QUIRE_MMAN_H

#define PROT_NONE   0x0
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define PROT_EXEC   0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_POPULATE  0x8000     /* allocate every page now, or fail with ENOMEM */
#define MAP_CONTIG    0x1000000  /* Quire: physically contiguous, populated (drivers) */
#define MAP_EXECSTACK 0x8000000  /* Quire, VM_MMAP by VFS for a target: exec's stack;
				    VM maps only the top RLIMIT_STACK bytes of the range */
#define MAP_CACHEWIN  0x2000000  /* Quire: a file server's page-cache window (VM_CACHE_*) */
#define MAP_NOWRITE   0x4000000  /* Quire, VM_MMAP_FILE: the descriptor was not open for
				    writing: a shared mapping may never become writable */

#define MAP_FAILED ((void *)-1)

#endif
