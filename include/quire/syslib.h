/*
 * libsys: the library servers, drivers and system programs are written
 * against. Names follow MINIX's libsys where the concept is the same.
 * Every function returns OK (0) or a negative error from quire/errno.h
 * unless it says otherwise.
 */
#ifndef QUIRE_SYSLIB_H
#define QUIRE_SYSLIB_H

#include <stdarg.h>
#include <quire/types.h>
#include <quire/errno.h>
#include <quire/ipc.h>
#include <quire/callnr.h>
#include <quire/grant.h>
#include <quire/priv.h>
#include <quire/kinfo.h>

/* ---- IPC primitives (ipc.S) ---- */
int ipc_send(endpoint_t dst, message *m);
int ipc_receive(endpoint_t src, message *m);
int ipc_sendrec(endpoint_t dst, message *m);
int ipc_notify(endpoint_t dst);
int ipc_sendnb(endpoint_t dst, message *m);
int ipc_replyrecv(endpoint_t dst, message *m);         /* quire/ipc.h: IPC_REPLYRECV */
/* A server's loop: answer `to` with *m (as ipc_sendnb: lost if `to` does
 * not wait for it) and receive the next message from ANY into *m; one
 * kernel entry when the answer can go. to == NONE: only receive. The
 * sef_ form also answers RS's pings, as sef_receive does. */
int ipc_reply_receive(endpoint_t to, message *m);
int sef_reply_receive(endpoint_t to, message *m);
int _kernel_call(int call, message *m);
/* The raw trap, for tests that must pass what the wrappers would not. */
int _ipc_trap(int op, endpoint_t ep, void *m);

/* ---- kernel calls (sys_*.c) ---- */
int sys_whoami(endpoint_t *ep, char *name, size_t len);
int sys_getkinfo(struct kinfo *k);
int sys_getprocinfo(int slot, struct proc_info *info);
int sys_lookup(const char *name, endpoint_t *ep);
struct pci_devinfo;
int sys_getpcidev(struct pci_devinfo *d);   /* the PCI device the boot table gave us */
int sys_diagctl_print(const char *buf, size_t len);
int sys_diagctl_ipcfast(int what, uint64_t *answer);
__attribute__((noreturn)) void sys_exit(int status);
int sys_kill(endpoint_t who, int sig);
struct sig_delivery;
/* KC_SIGSEND: -EBUSY = the target is in a call (a PM_KSIG of signal 0
 * follows when it is over); -EFAULT = no frame fits: the target ended. */
int sys_sigsend(endpoint_t who, int op, const struct sig_delivery *d);
int sys_setalarm(uint64_t ticks, int absolute);
int sys_times(endpoint_t who, uint64_t *user, uint64_t *sys, uint64_t *uptime);
uint64_t sys_uptime(void);
int sys_settime(int64_t realtime_ns);         /* PM only */
int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		vir_bytes bytes, int flags);
int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
		     vir_bytes addr, vir_bytes bytes);
int sys_safecopyto(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
		   vir_bytes addr, vir_bytes bytes);
/* n (1..VSC_MAX) copies under one grant, dir VSC_FROM or VSC_TO (grant.h). */
int sys_vsafecopy(endpoint_t granter, cp_grant_id_t grant, const struct cp_iovec *v, int n,
		  int dir);
int sys_setgrant(cp_grant_t *table, int count);
/* Copies between the caller (a server that may call VM_PREFAULT: VFS, PM)
 * and user ep's memory that never leave it waiting for VM: try, have VM
 * make the range present, try again (lib/libsys/ucopy.c). OK or EFAULT. */
int ucopy_to(endpoint_t ep, uint64_t uaddr, const void *buf, uint64_t len);
int ucopy_from(endpoint_t ep, uint64_t uaddr, void *buf, uint64_t len);
int sys_privctl(endpoint_t who, int op, struct priv_spec *spec);
int sys_irqsetpolicy(int irq, int hook_bit);
int sys_irqenable(int irq);
int sys_irqdisable(int irq);
int sys_irqrelease(int irq);
int sys_inb(unsigned port, uint32_t *value);
int sys_inw(unsigned port, uint32_t *value);
int sys_inl(unsigned port, uint32_t *value);
int sys_outb(unsigned port, uint32_t value);
int sys_outw(unsigned port, uint32_t value);
int sys_outl(unsigned port, uint32_t value);
int sys_abort(int how, int status);
int sys_vmctl(int op, endpoint_t ep, uint64_t arg1, uint64_t arg2);   /* VM only */
int sys_fork(endpoint_t parent, endpoint_t *child);                   /* PM only */
int sys_procctl(endpoint_t ep, int op);                               /* PM only */
/* PM only: ep's identity into the public process table (quire/proctab.h) */
struct sys_pub { int pid, ppid, pgrp, sid; uint32_t uid, euid, gid, egid; };
int sys_publish(endpoint_t ep, const struct sys_pub *v);
int sys_exec(endpoint_t ep, uint64_t rip, uint64_t rsp, const char *name); /* VFS */

/* ---- requests to PM, VM, VFS, block drivers ----
 * The stubs of lib/libproto: pm_req_*, vm_req_*, vfs_req_*, bdev_req_*,
 * declared with their protocols in quire/pm.h, vm.h, vfs.h, blockdev.h
 * (all included by quire/ipc.h). */

/* ---- grants (grant.c) ---- */
/* Return a grant id, or GRANT_INVALID (table full). */
cp_grant_id_t cpf_grant_direct(endpoint_t to, vir_bytes addr, size_t len, int access);
cp_grant_id_t cpf_grant_indirect(endpoint_t to, endpoint_t from, cp_grant_id_t gr);
cp_grant_id_t cpf_grant_magic(endpoint_t to, endpoint_t from, vir_bytes addr, size_t len,
			      int access);   /* access may include CPF_TRY */
/* Grant with extra flags (CPF_TRY). */
cp_grant_id_t cpf_grant_direct_flags(endpoint_t to, vir_bytes addr, size_t len, int flags);
/* Revoke: OK, GRANT_FAULTED if a CPF_TRY copy hit absent memory under it,
 * or -EINVAL for an id that is not a live grant. */
#define GRANT_FAULTED 1
int cpf_revoke(cp_grant_id_t gr);
/* The table, for tests that must corrupt it on purpose. */
cp_grant_t *cpf_table(int *count);

/* ---- output (printf.c, panic.c) ---- */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* ---- the server loop (sef.c) ---- */
extern endpoint_t sef_self_endpoint;
extern char sef_self_name[PROC_NAME_LEN];
/* Learn who we are; call first in main(). */
int sef_startup(void);
/* Receive the next request from anyone; OK or an error. */
int sef_receive(message *m);
/* Sleep for ticks clock ticks (other messages wait in their queues). */
int sef_sleep(uint64_t ticks);
/* fork (pm_req_fork): the child's pid, or 0 in the child, which first
 * learns its own endpoint (sef_self_endpoint) again. */
int sef_fork(void);

#endif
