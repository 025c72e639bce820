/*
 * The generic kernel's internal interfaces, listed by file (the way xv6's
 * defs.h does it), so a reader can find where anything lives.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <quire/errno.h>
#include <quire/ipc.h>
#include "../lib/libmini/mini_string.h"

struct proc;
struct trapframe;

/* Kernel-internal result of an IPC primitive or kernel call: the caller
 * waits and gets its real result later. Never returned to user mode. */
#define SUSPEND 1
/* A kernel call's internal result: it has set the caller's registers
 * itself (KC_SIGRETURN); no answer is written. */
#define KCALL_NO_RESULT 2

#define HZ 100

/* main.c */
extern bool test_mode;
__attribute__((noreturn)) void kernel_stop(void);

/* printk.c */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog_write(const char *s, size_t len);

/* panic.c */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
#define KASSERT(c) do { if (!(c)) panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__); } while (0)

/* ipc.c */
void kernel_syscall(struct proc *p, uint64_t op, uint64_t a1, uint64_t a2);
void notify_from_kernel(struct proc *dst, uint32_t knotify_bit);
void ipc_proc_gone(struct proc *p);
void ipc_wake(struct proc *p, uint32_t rts_bit, int result);
int ipc_deliver(struct proc *r, const message *m);
bool ipc_flush_inbox(struct proc *p);
/* ipc_fast.c: the fast path of a call, or false (nothing changed). */
extern bool ipc_fast_enabled;
extern uint64_t ipc_fast_taken;        /* calls it completed (DIAG_IPCFAST) */
bool ipc_fast_call(struct proc *caller, uint64_t op, endpoint_t ep, uint64_t uaddr);
static inline bool ipc_fast(struct proc *caller, uint64_t op, endpoint_t ep, uint64_t uaddr)
{
	/* Kernel calls and notifications never take it: they pay one test. */
	return op != IPC_KERNELCALL && op != IPC_NOTIFY && ipc_fast_enabled &&
	       ipc_fast_call(caller, op, ep, uaddr);
}

/* kmsg.c: messages from the kernel to VM and PM */
extern struct proc *vm_proc, *pm_proc;
void kmsg_post(struct proc *server, struct proc *p);
struct proc *kmsg_take(struct proc *server, endpoint_t src, message *m);
void kmsg_put_back(struct proc *server, struct proc *p);
void kmsg_cancel(struct proc *p);
void raise_signal(struct proc *p, int sig);

/* vmreq.c: waiting for VM */
#define EVMFAULT 1001   /* internal: the copy needs VM; never returned to user mode */
struct vmfault_info {
	struct proc *target;
	uint64_t addr, len;
	bool write;
};
extern struct vmfault_info last_vmfault;
bool vm_can_help(const struct proc *requestor, const struct proc *target);
int vm_suspend_syscall(struct proc *p);
void vm_suspend_receiver(struct proc *r);
void vm_post_pagefault(struct proc *p, uint64_t addr, uint64_t err);
int vm_resume(struct proc *p);
int vm_fail(struct proc *p);

/* proctab.c: the public process table (quire/proctab.h) */
void proctab_init(void);
void proctab_clear(int slot);
int proctab_publish(struct proc *p, const mess_krn_publish *m);

/* dump.c */
extern uint64_t dump_every;
extern bool profile_names;
void proc_dump(void);
void profile_note_program(const struct proc *p);

/* kcall.c */
int kernel_call(struct proc *caller, uint64_t msg_addr);

/* copy.c, copy.h (included by proc.h): all access to user memory */

/* clock.c */
extern uint64_t uptime;
extern uint64_t tsc_per_tick;
extern int64_t boot_time_ns;
void clock_init_realtime(void);
void clock_tick(void);
void clock_set_alarm(struct proc *p, uint64_t at);

/* irq.c */
void irq_handle(int irq);
void irq_proc_gone(struct proc *p);
int irq_setpolicy(struct proc *p, int irq, int hook_bit);
int irq_enable(struct proc *p, int irq, bool on);
int irq_release(struct proc *p, int irq);

/* boot.c */
struct bootinfo;
void boot_procs_start(const struct bootinfo *bi);
struct vm_bootproc;
int boot_layout(int slot, struct vm_bootproc *out);
struct pci_devinfo;
int boot_pci_info(int slot, struct pci_devinfo *out);
int arch_pci_find(uint16_t vendor, uint16_t device, struct pci_devinfo *d);
extern int nr_boot_procs;

/* arch hooks the generic kernel calls (arch/x86_64) */
void lapic_eoi(void);
bool arch_irq_ack(int irq);
void arch_fpu_init_template(void);
void arch_proc_gone(struct proc *p);
void arch_fpu_save(struct proc *p);
void arch_proc_gone_fpu(struct proc *p);
const char *arch_exception_name(int vec);
int arch_exception_signal(int vec);

#endif
