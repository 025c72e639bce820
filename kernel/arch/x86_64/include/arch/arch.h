/*
 * The interface between the generic kernel and x86-64. Generic code calls
 * only these arch_ functions (and the types in regs.h/layout.h).
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdint.h>
#include <stdbool.h>
#include <arch/regs.h>

struct proc;

/* cpu.c */
void arch_cpu_init(void);
bool arch_nx_supported(void);

/* idt.c / trap.c */
void arch_idt_init(void);

/* serial.c: the kernel log's console */
void arch_serial_init(void);
void arch_serial_putc(char c);

/* paging.c */
void arch_paging_init(uint64_t phys_top);     /* direct map; kernel half */
uint64_t arch_as_create(void);                /* new PML4 with the kernel half; 0 if out of memory */
void arch_as_destroy(uint64_t pml4);          /* frees user pages and tables */
#define AS_USER  0x1
#define AS_WRITE 0x2
#define AS_EXEC  0x4
int arch_as_map(uint64_t pml4, uint64_t va, uint64_t pa, int flags);
/* Translate a user address for an access; returns the physical address
 * or -1 if absent or not allowed (write to read-only, not user). */
int64_t arch_as_translate(uint64_t pml4, uint64_t va, bool write);
/* usercopy.S: a copy to or from user memory of the loaded address space;
 * 0, or -1 if it faulted (part may be copied). */
int arch_user_copy(void *dst, const void *src, uint64_t len);
int arch_user_probe(const void *uaddr, int write);   /* may it be accessed so? 0 or -1 */
void *arch_mmio_map(uint64_t phys, uint64_t len);
void *arch_phys_ptr(uint64_t pa);              /* the kernel's pointer to physical memory */
void arch_load_as(uint64_t pml4);              /* make pml4 the MMU's address space */
void arch_as_unload(uint64_t pml4);            /* stop using pml4 */
void arch_as_flush(uint64_t pml4);             /* drop cached translations of pml4 */
int arch_as_map_window(uint64_t pml4, uint64_t va, uint64_t len);
uint64_t arch_kernel_pml4(void);
void arch_map_user_ro(uint64_t va, uint64_t pa);  /* kernel half, user-readable */

/* lapic.c, pic.c: time and interrupts */
void arch_timer_init(unsigned hz);
void arch_pic_init(void);
void arch_irq_mask(int irq);
void arch_irq_unmask(int irq);

/* context: entering and leaving user mode */
void arch_proc_init_regs(struct proc *p, uint64_t entry, uint64_t sp);
void arch_set_result(struct proc *p, int64_t value);  /* syscall return value */
/* Make p's system call another primitive with another peer (the same
 * message): a restart, or a return with no result yet, is that call. */
void arch_set_syscall(struct proc *p, uint64_t op, int64_t peer);
__attribute__((noreturn)) void arch_switch_to(struct proc *p);
void arch_idle(void);                          /* wait for an interrupt */
__attribute__((noreturn)) void arch_return_to_user(struct trapframe *tf);

/* sigframe.c: signal frames on the user stack (quire/sigframe.h).
 * Both check everything first and change p only on success; they may
 * return -EVMFAULT (the caller waits for VM and runs again). */
struct sig_delivery;
int arch_sig_push(struct proc *p, const struct sig_delivery *d);
/* -EINVAL: a frame that would leave user mode or break the FPU. */
int arch_sig_return(struct proc *p, uint64_t frame);
/* sigcheck.c: may a frame's context become a process's (gregs: QREG_*)? */
bool arch_sigframe_ok(const uint64_t *gregs, uint32_t mxcsr, uint32_t mxcsr_mask);

/* fpu.c */
void arch_fpu_init_state(struct proc *p);

/* Power and test exits. */
__attribute__((noreturn)) void arch_poweroff(void);
__attribute__((noreturn)) void arch_test_exit(int code);
__attribute__((noreturn)) void arch_halt(void);

/* backtrace.c */
void arch_backtrace(uint64_t rbp);
void arch_dump_regs(const struct trapframe *tf);

#endif
