/*
 * Processor setup: GDT, TSS, the syscall MSRs, SSE and the per-CPU struct.
 */
#include <arch/cpu.h>
#include <arch/regs.h>
#include <arch/x86.h>
#include <arch/arch.h>
#include "kernel.h"

extern char kstack_top[];
extern void syscall_entry(void);

static struct cpu cpu0;
static bool nx_supported;

/* Descriptor bits for the flat 64-bit segments. */
#define SEG_P      (1ULL << 47)
#define SEG_S      (1ULL << 44)
#define SEG_EXEC   (1ULL << 43)
#define SEG_RW     (1ULL << 41)
#define SEG_L      (1ULL << 53)
#define SEG_DPL3   (3ULL << 45)

static void gdt_load(struct cpu *c)
{
	c->gdt[0] = 0;
	c->gdt[1] = SEG_P | SEG_S | SEG_EXEC | SEG_RW | SEG_L;        /* kcode */
	c->gdt[2] = SEG_P | SEG_S | SEG_RW;                           /* kdata */
	c->gdt[3] = SEG_P | SEG_S | SEG_RW | SEG_DPL3;                /* udata */
	c->gdt[4] = SEG_P | SEG_S | SEG_EXEC | SEG_RW | SEG_L | SEG_DPL3; /* ucode */

	uint64_t base = (uint64_t)&c->tss;
	uint64_t limit = sizeof(c->tss) - 1;
	c->gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		    (0x9ULL << 40) | SEG_P | (((limit >> 16) & 0xf) << 48) |
		    (((base >> 24) & 0xff) << 56);
	c->gdt[6] = base >> 32;

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(c->gdt) - 1, (uint64_t)c->gdt };
	__asm__ volatile(
		"lgdt %0\n"
		"mov %1, %%ds\n mov %1, %%es\n mov %1, %%ss\n"
		"pushq %2\n leaq 1f(%%rip), %%rax\n pushq %%rax\n lretq\n1:\n"
		:: "m"(ptr), "r"((uint64_t)SEL_KDATA), "i"(SEL_KCODE) : "rax", "memory");
	__asm__ volatile("ltr %w0" :: "r"((uint16_t)SEL_TSS));
}

static void fpu_enable(void)
{
	uint64_t cr0 = read_cr0();
	cr0 &= ~(1ULL << 2);            /* EM: no x87 emulation */
	cr0 |= (1ULL << 1) | (1ULL << 5); /* MP, NE */
	cr0 &= ~(1ULL << 3);            /* TS: no lazy switching */
	write_cr0(cr0);
	uint64_t cr4 = read_cr4();
	cr4 |= (1ULL << 9) | (1ULL << 10); /* OSFXSR, OSXMMEXCPT */
	write_cr4(cr4);
	__asm__ volatile("fninit");
}

void arch_cpu_init(void)
{
	struct cpu *c = &cpu0;
	c->self = c;
	c->id = 0;
	c->kstack_top = (uint64_t)kstack_top;
	c->frame_top = c->tss.rsp0 = (uint64_t)kstack_top;   /* until a process runs */
	c->tss.iomap_base = sizeof(c->tss);   /* no I/O bitmap: ring 3 has no ports */
	gdt_load(c);

	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);

	uint32_t r[4];
	cpuid(0x80000001, 0, r);
	nx_supported = (r[3] >> 20) & 1;

	uint64_t efer = rdmsr(MSR_EFER) | EFER_SCE;
	if (nx_supported)
		efer |= EFER_NXE;
	wrmsr(MSR_EFER, efer);
	/* sysret loads CS = STAR[63:48] + 16 and SS = STAR[63:48] + 8. */
	wrmsr(MSR_STAR, ((uint64_t)(SEL_UDATA - 8) << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT);

	fpu_enable();
}

bool arch_nx_supported(void)
{
	return nx_supported;
}
