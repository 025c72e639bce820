/* The kernel's page allocator (over pmem.c's ranges). */
#ifndef KERNEL_KMEM_H
#define KERNEL_KMEM_H

#include <stdint.h>

struct bootinfo;
void kmem_init(const struct bootinfo *bi);
uint64_t kpage_alloc(void);          /* a zeroed page, or 0 */
void kpage_free(uint64_t pa);
uint64_t kmem_free_bytes(void);
uint64_t kmem_total_bytes(void);
uint64_t kmem_phys_top(void);
void kmem_release(uint64_t base, uint64_t end);  /* give boot memory back */
void kmem_reserve(uint64_t base, uint64_t end);
void kmem_direct_map_ready(void);
struct vm_memmap;
void kmem_handover(struct vm_memmap *mm);

#endif
