/*
 * Boot processes: one per multiboot2 module whose name is in the boot
 * table. The module string is "name arg...": the name picks the table
 * entry and becomes argv[0]; the rest become argv[1..].
 *
 * Each image is checked (lib/libelf) before anything is allocated for it, then
 * copied into fresh pages of a new address space with a stack. Processes
 * are created in module order, privileges resolved after all exist (IPC
 * targets are named), and all start runnable.
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include "kernel.h"
#include "../lib/libelf/libelf.h"
#include "kmem.h"
#include "mb2.h"
#include "proc.h"
#include "table.h"
#include <quire/mman.h>
#include <quire/vmctl.h>
#include <quire/endpoints.h>
#include <quire/pci.h>

#define USER_STACK_TOP   0x00007FFFFFFFF000ULL
#define USER_STACK_PAGES 16
#define MAX_ARGS 16

int nr_boot_procs;

static const struct boot_entry *entries[NR_PROCS];   /* by slot */
static struct pci_devinfo pci_devs[NR_PROCS];        /* by slot: the driver's device */
static struct vm_bootproc layouts[NR_PROCS];         /* by slot, for VM */

/* Split "name arg..." in place into words. */
static int split_words(char *s, char **words, int max)
{
	int n = 0;
	while (*s && n < max) {
		while (*s == ' ')
			*s++ = '\0';
		if (!*s)
			break;
		words[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

static int map_fresh_page(struct proc *p, uint64_t va, int flags, uint64_t *pa_out)
{
	uint64_t pa = kpage_alloc();
	if (!pa)
		return -ENOMEM;
	int err = arch_as_map(p->as_root, va, pa, flags);
	if (err) {
		kpage_free(pa);
		return err;
	}
	*pa_out = pa;
	return OK;
}

static int load_segments(struct proc *p, const uint8_t *file, const struct elf_image *img)
{
	for (int i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];
		int flags = AS_USER;
		if (s->flags & ELF_SEG_W)
			flags |= AS_WRITE;
		if (s->flags & ELF_SEG_X)
			flags |= AS_EXEC;
		for (uint64_t va = s->vaddr; va < s->mem_end; va += PAGE_SIZE) {
			uint64_t pa;
			int err = map_fresh_page(p, va, flags, &pa);
			if (err)
				return err;
			/* The part of [file_vaddr, file_vaddr + file_len) in this page. */
			uint64_t lo = va > s->file_vaddr ? va : s->file_vaddr;
			uint64_t hi = s->file_vaddr + s->file_len;
			if (hi > va + PAGE_SIZE)
				hi = va + PAGE_SIZE;
			if (lo < hi)
				memcpy((uint8_t *)arch_phys_ptr(pa) + (lo - va),
				       file + s->file_off + (lo - s->file_vaddr), hi - lo);
		}
	}
	return OK;
}

/* Remember a boot process's memory layout for the VM server. */
static void record_layout(struct proc *p, const struct elf_image *img)
{
	struct vm_bootproc *l = &layouts[p->slot];
	l->ep = p->endpoint;
	l->as_root = p->as_root;
	l->nr_segs = 0;
	l->brk = 0;
	for (int i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];
		l->seg[l->nr_segs].start = s->vaddr;
		l->seg[l->nr_segs].end = s->mem_end;
		l->seg[l->nr_segs].prot = ((s->flags & ELF_SEG_R) ? PROT_READ : 0) |
					  ((s->flags & ELF_SEG_W) ? PROT_WRITE : 0) |
					  ((s->flags & ELF_SEG_X) ? PROT_EXEC : 0);
		if (s->mem_end > l->brk)
			l->brk = s->mem_end;
		l->nr_segs++;
	}
	l->seg[l->nr_segs].start = USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE;
	l->seg[l->nr_segs].end = USER_STACK_TOP;
	l->seg[l->nr_segs].prot = PROT_READ | PROT_WRITE;
	l->nr_segs++;
}

int boot_layout(int slot, struct vm_bootproc *out)
{
	if (slot < 0 || slot >= NR_PROCS)
		return -EINVAL;
	*out = layouts[slot];
	if (!entries[slot])
		out->ep = NONE;
	return OK;
}

/* The initial stack, System V style: argc, argv[], NULL, envp NULL,
 * then the strings. Returns the initial rsp. */
static int build_stack(struct proc *p, char **argv, int argc, uint64_t *sp_out)
{
	uint64_t top_pa = 0;
	for (int i = 0; i < USER_STACK_PAGES; i++) {
		uint64_t pa;
		int err = map_fresh_page(p, USER_STACK_TOP - (uint64_t)(i + 1) * PAGE_SIZE,
					 AS_USER | AS_WRITE, &pa);
		if (err)
			return err;
		if (i == 0)
			top_pa = pa;
	}
	/* Everything fits in the top page: module strings are short. */
	uint8_t *page = arch_phys_ptr(top_pa);
	uint64_t page_va = USER_STACK_TOP - PAGE_SIZE;
	uint64_t off = PAGE_SIZE;
	uint64_t str_va[MAX_ARGS];
	for (int i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;
		off -= len;
		memcpy(page + off, argv[i], len);
		str_va[i] = page_va + off;
	}
	off &= ~15ULL;
	uint64_t words = 1 + (uint64_t)argc + 1 + 1;     /* argc, argv, NULL, envp NULL */
	off -= words * 8;
	off &= ~15ULL;
	uint64_t *w = (uint64_t *)(page + off);
	w[0] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		w[1 + i] = str_va[i];
	w[1 + argc] = 0;
	w[2 + argc] = 0;
	*sp_out = page_va + off;
	return OK;
}

static struct proc *start_one(const struct boot_module *mod)
{
	char string[BOOT_STRING];
	char *argv[MAX_ARGS];
	strlcpy(string, mod->string, sizeof(string));
	int argc = split_words(string, argv, MAX_ARGS);
	if (argc == 0) {
		printk("boot: a module without a name: not started\n");
		return NULL;
	}
	const struct boot_entry *e = boot_entry_find(argv[0]);
	if (!e) {
		printk("boot: module \"%s\" is not in the boot table: not started\n", argv[0]);
		return NULL;
	}
	const uint8_t *file = arch_phys_ptr(mod->start);
	struct elf_image img;
	const char *why;
	if (elf_check(file, mod->end - mod->start, USER_END, &img, &why)) {
		printk("boot: module \"%s\": %s: not started\n", argv[0], why);
		return NULL;
	}
	struct proc *p = proc_alloc(e->slot);
	if (!p) {
		printk("boot: no process slot for \"%s\"\n", argv[0]);
		return NULL;
	}
	strlcpy(p->name, argv[0], sizeof(p->name));
	p->priority = e->priority;
	p->quantum = p->ticks_left = e->quantum;
	p->as_root = arch_as_create();
	uint64_t sp;
	int err = p->as_root ? load_segments(p, file, &img) : -ENOMEM;
	if (!err)
		err = build_stack(p, argv, argc, &sp);
	if (!err && (e->flags & PRIV_VM))
		err = arch_as_map_window(p->as_root, VM_PHYS_BASE, kmem_phys_top());
	profile_note_program(p);
	if (err) {
		printk("boot: module \"%s\": out of memory: not started\n", argv[0]);
		if (p->as_root)
			arch_as_destroy(p->as_root);
		p->as_root = 0;
		return NULL;   /* the slot stays free */
	}
	arch_proc_init_regs(p, img.entry, sp);
	entries[p->slot] = e;
	record_layout(p, &img);
	return p;
}

/* Give a PCI driver exactly its device's ports, memory and interrupt. */
static void grant_pci(struct proc *p, const struct boot_entry *e)
{
	struct pci_devinfo *d = &pci_devs[p->slot];
	if (arch_pci_find(e->pci_vendor, e->pci_device, d) != OK) {
		printk("boot: %s: no PCI device %04x:%04x\n", p->name, e->pci_vendor, e->pci_device);
		d->vendor = 0;
		return;
	}
	struct priv_spec *pr = &p->priv;
	for (int i = 0; i < PCI_BARS; i++) {
		if (!d->bar[i].base || !d->bar[i].size)
			continue;
		if (d->bar[i].is_io && pr->nr_io < PRIV_IO_RANGES) {
			pr->io[pr->nr_io].first = (uint16_t)d->bar[i].base;
			pr->io[pr->nr_io].last = (uint16_t)(d->bar[i].base + d->bar[i].size - 1);
			pr->nr_io++;
		} else if (!d->bar[i].is_io && pr->nr_mem < PRIV_MEM_RANGES) {
			pr->mem[pr->nr_mem].first = d->bar[i].base;
			pr->mem[pr->nr_mem].last = d->bar[i].base + d->bar[i].size - 1;
			pr->nr_mem++;
		}
	}
	if (d->irq && d->irq < NR_IRQS && d->irq != 2)
		pr->irqs |= 1u << d->irq;
	printk("boot: %s drives PCI %02x:%02x.%x (%04x:%04x), irq %u\n", p->name, d->bus, d->dev,
	       d->fn, d->vendor, d->device, d->irq);
}

int boot_pci_info(int slot, struct pci_devinfo *out)
{
	if (slot < 0 || slot >= NR_PROCS || !pci_devs[slot].vendor)
		return -ENODEV;
	*out = pci_devs[slot];
	return OK;
}

/* Resolve a boot entry's named IPC targets to slots. */
static void grant_privileges(struct proc *p, const struct boot_entry *e)
{
	struct priv_spec *pr = &p->priv;
	memset(pr, 0, sizeof(*pr));
	pr->flags = e->flags;
	pr->calls = e->calls;
	if (e->flags & PRIV_VM)
		vm_proc = p;
	if (e->flags & PRIV_PM)
		pm_proc = p;
	pr->irqs = e->irqs;
	pr->nr_io = e->nr_io;
	memcpy(pr->io, e->io, sizeof(pr->io));
	if (e->pci_vendor)
		grant_pci(p, e);
	if (!strcmp(e->ipc_to, IPC_TO_ALL)) {
		memset(pr->ipc_to, 0xff, sizeof(pr->ipc_to));
		return;
	}
	char names[128];
	char *words[32];
	strlcpy(names, e->ipc_to, sizeof(names));
	int n = split_words(names, words, 32);
	for (int i = 0; i < n; i++) {
		if (!strcmp(words[i], IPC_TO_USERS)) {
			for (int slot = NR_FIXED_SLOTS; slot < NR_PROCS; slot++)
				pr->ipc_to[slot / 64] |= 1ULL << (slot % 64);
			continue;
		}
		struct proc *t = proc_by_name(words[i]);
		if (t)
			pr->ipc_to[t->slot / 64] |= 1ULL << (t->slot % 64);
		else
			printk("boot: %s may send to \"%s\", which is not running\n", p->name, words[i]);
	}
}

void boot_procs_start(const struct bootinfo *bi)
{
	struct proc *started[BOOT_MAX_MODULES];
	int n = 0;
	for (int i = 0; i < bi->nr_modules; i++) {
		struct proc *p = start_one(&bi->modules[i]);
		if (p) {
			p->rts = RTS_BOOTING;   /* alive, not yet runnable */
			started[n++] = p;
		}
	}
	for (int i = 0; i < n; i++)
		grant_privileges(started[i], entries[started[i]->slot]);
	for (int i = 0; i < n; i++)
		proc_unblock(started[i], RTS_BOOTING);
	nr_boot_procs = n;
}
