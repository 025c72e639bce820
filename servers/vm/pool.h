/* Fixed-size object pools for VM's bookkeeping, carved from whole pages
 * taken with ALLOC_VM. Pages stay with their pool once taken. */
#ifndef VM_POOL_H
#define VM_POOL_H

#include <stddef.h>

struct pool {
	size_t size;
	void *free;
	size_t in_use;
};

#define POOL_INIT(type) { sizeof(type) < sizeof(void *) ? sizeof(void *) : sizeof(type), NULL, 0 }

void *pool_alloc(struct pool *p);     /* zeroed, or NULL */
void pool_free(struct pool *p, void *obj);

#endif
