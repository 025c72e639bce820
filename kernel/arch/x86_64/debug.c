/* Register dumps, backtraces and the ways the machine stops. */
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include "kernel.h"

void arch_dump_regs(const struct trapframe *tf)
{
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->rsp);
	printk("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", tf->r8, tf->r9, tf->r10, tf->r11);
	printk("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", tf->r12, tf->r13, tf->r14, tf->r15);
	printk("  rip %016lx cs %lx rflags %lx ss %lx error %lx\n", tf->rip, tf->cs, tf->rflags, tf->ss, tf->error);
	printk("  cr0 %lx cr2 %lx cr3 %lx cr4 %lx\n", read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* Walk the frame-pointer chain (the kernel keeps frame pointers). Only
 * frames inside the kernel image are followed. */
void arch_backtrace(uint64_t rbp)
{
	printk("  backtrace:\n");
	for (int i = 0; i < 20 && rbp >= KERNEL_VMA && (rbp & 7) == 0; i++) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret < KERNEL_VMA)
			break;
		printk("    [%d] %016lx\n", i, ret);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* isa-debug-exit: QEMU exits with status (code << 1) | 1. */
void arch_test_exit(int code)
{
	outb(0xF4, (uint8_t)code);
	arch_halt();
}

/* ACPI S5 through the PM1a control register where QEMU's chipsets put it
 * (PIIX4 and ICH9 both at 0x604 with SLP_TYP 0). A full ACPI table walk
 * comes with the drivers. */
void arch_poweroff(void)
{
	outw(0x604, 0x2000);
	outw(0xB004, 0x2000);
	arch_halt();
}
