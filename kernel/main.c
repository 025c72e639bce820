/*
 * kmain: the order in which the kernel comes up.
 *
 *   1. serial console, CPU tables (GDT/TSS/IDT), syscall entry, SSE
 *   2. the multiboot2 information, read through the boot identity alias
 *   3. physical memory ranges, then the direct map and kernel page tables
 *   4. the banner
 *   5. interrupt controllers, the process table, the boot processes
 *   6. the clock, and the first process runs
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include <quire/bootnote.h>
#include "kernel.h"
#include "kmem.h"
#include "mb2.h"
#include "proc.h"
#include "sched.h"

/* Status codes for isa-debug-exit in test boots: QEMU exits with
 * (code << 1) | 1, so "passed" is 67, never 0 or 1. */
#define TEST_EXIT_PANIC 0x23

bool test_mode;
struct bootinfo bootinfo;

void kernel_stop(void)
{
	if (test_mode) {
		printk("kernel stopped (test mode): exiting QEMU\n");
		arch_test_exit(TEST_EXIT_PANIC);
	}
	printk("kernel stopped.\n");
	arch_halt();
}

static bool cmdline_has(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = cmdline; *p; ) {
		while (*p == ' ')
			p++;
		const char *start = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - start) == n && !strncmp(start, word, n))
			return true;
	}
	return false;
}

/* The text after "word=" on the command line, or NULL. */
static const char *cmdline_value(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = cmdline; *p; p++)
		if ((p == cmdline || p[-1] == ' ') && !strncmp(p, word, n) && p[n] == '=')
			return p + n + 1;
	return NULL;
}

/* The number after "word=" on the command line, or 0. */
static uint64_t cmdline_number(const char *cmdline, const char *word)
{
	uint64_t v = 0;
	for (const char *p = cmdline_value(cmdline, word); p && *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

static void banner(void)
{
	uint64_t mib = kmem_total_bytes() >> 20;
	printk("\nQuire x86-64 microkernel -- %lu MiB memory, loader \"%s\"\n",
	       mib, bootinfo.loader);
	printk("command line: \"%s\"\n", bootinfo.cmdline);
	printk("%d boot modules:\n", bootinfo.nr_modules);
	for (int i = 0; i < bootinfo.nr_modules; i++) {
		const struct boot_module *m = &bootinfo.modules[i];
		printk("  %-40s %7lu bytes at %lx\n", m->string, m->end - m->start, m->start);
	}
}

void kmain(uint32_t magic, uint32_t info_pa)
{
	arch_serial_init();
	arch_cpu_init();
	arch_idt_init();

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("not started by a multiboot2 loader (magic %x)", magic);
	if (info_pa == 0 || info_pa >= QUIRE_BOOTINFO_LIMIT - 8)
		panic("boot information at %x is out of reach", info_pa);
	const char *why;
	size_t avail = QUIRE_BOOTINFO_LIMIT - info_pa;
	if (mb2_parse(arch_phys_ptr(info_pa), avail, &bootinfo, &why) != 0)
		panic("bad boot information: %s", why);
	test_mode = cmdline_has(bootinfo.cmdline, "test");
	dump_every = cmdline_number(bootinfo.cmdline, "dump") * HZ;
	profile_names = cmdline_value(bootinfo.cmdline, "profile") != NULL;

	kmem_init(&bootinfo);
	arch_paging_init(kmem_phys_top());
	kmem_direct_map_ready();
	banner();

	arch_fpu_init_template();
	arch_pic_init();
	proctab_init();
	proc_init();
	boot_procs_start(&bootinfo);
	for (int i = 0; i < bootinfo.nr_modules; i++)
		kmem_release(bootinfo.modules[i].start, bootinfo.modules[i].end);
	printk("memory: %lu KiB free after loading %d boot processes\n",
	       kmem_free_bytes() >> 10, nr_boot_procs);

	clock_init_realtime();
	arch_timer_init(HZ);
	schedule_and_run();
}
