#include "vm.h"
#include "pool.h"

void *pool_alloc(struct pool *p)
{
	if (!p->free) {
		pfn_t f = vm_page_alloc(ALLOC_VM, false);
		if (!f)
			return NULL;
		char *page = phys_ptr(f << VM_PAGE_SHIFT);
		size_t n = VM_PAGE / p->size;
		for (size_t i = 0; i < n; i++) {
			void **obj = (void **)(page + i * p->size);
			*obj = p->free;
			p->free = obj;
		}
	}
	void **obj = p->free;
	p->free = *obj;
	memset(obj, 0, p->size);
	p->in_use++;
	return obj;
}

void pool_free(struct pool *p, void *obj)
{
	*(void **)obj = p->free;
	p->free = obj;
	p->in_use--;
}
