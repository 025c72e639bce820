/*
 * IPC: endpoints, the message, and the primitives.
 *
 * Every process has an endpoint: its process-table slot combined with a
 * generation number that changes each time the slot is reused, so that a
 * message to a dead process's endpoint fails with EDEADSRCDST instead of
 * reaching the slot's next occupant.
 *
 * The primitives are entered with the `syscall` instruction:
 *   rax = IPC_SEND | IPC_RECEIVE | IPC_SENDREC | IPC_NOTIFY | IPC_SENDNB |
 *         IPC_KERNELCALL | IPC_REPLYRECV
 *   rdi = peer endpoint (ANY for receive; ignored for a kernel call)
 *   rsi = address of a 64-byte message in the caller's memory
 *   returns rax = OK or a negative error (errno.h)
 * A kernel call is a message to the kernel: m_type is the call number
 * (callnr.h), the reply overwrites the same message.
 */
#ifndef QUIRE_IPC_H
#define QUIRE_IPC_H

#ifndef __ASSEMBLER__
#include <quire/types.h>
#include <quire/vm.h>
#include <quire/pm.h>
#include <quire/vfs.h>
#include <quire/fsproto.h>
#include <quire/blockdev.h>
#include <quire/chardev.h>
#include <quire/ds.h>
#include <quire/rs.h>
#include <quire/kvs.h>
#endif

/* ---- endpoints ---- */
#define NR_PROCS          256            /* process-table slots */
#define ENDPOINT_SLOT_BITS 12            /* slots < 4096 fit */
#define ENDPOINT_GEN_MAX  ((1 << (31 - ENDPOINT_SLOT_BITS)) - 1)

#define _ENDPOINT(gen, slot) ((endpoint_t)(((gen) << ENDPOINT_SLOT_BITS) | (slot)))
#define _ENDPOINT_SLOT(ep)   ((int)((ep) & ((1 << ENDPOINT_SLOT_BITS) - 1)))
#define _ENDPOINT_GEN(ep)    ((int)((ep) >> ENDPOINT_SLOT_BITS))

/* Special endpoints (all negative: never a process). */
#define ANY       ((endpoint_t)-100) /* receive from anyone */
#define NONE      ((endpoint_t)-101) /* no process */
#define SELF      ((endpoint_t)-102) /* the caller, in kernel calls */
#define KERNEL    ((endpoint_t)-2)   /* the kernel: source of kernel-call replies */
#define CLOCK     ((endpoint_t)-3)   /* source of alarm notifications */
#define HARDWARE  ((endpoint_t)-4)   /* source of interrupt notifications */

/* Boot processes with a fixed slot get an endpoint known at compile time
 * (generation 1). The rest find each other with getinfo(GI_LOOKUP). */
#define BOOT_ENDPOINT(slot) _ENDPOINT(1, slot)

#ifndef __ASSEMBLER__
/* ---- the message ---- */
#define MSG_PAYLOAD 56

typedef struct {
	int64_t  i[7];
} mess_i64;

typedef struct {
	uint64_t u[7];
} mess_u64;

typedef struct {
	uint8_t  b[MSG_PAYLOAD];
} mess_raw;

/* Kernel-call layouts (callnr.h names the calls). */
typedef struct {                 /* KC_GETINFO */
	int32_t  what;           /* GI_* */
	int32_t  arg;            /* slot number, etc. */
	uint64_t buf;            /* where to copy the answer */
	uint64_t len;            /* size of buf */
	char     name[32];       /* GI_LOOKUP: name; reply: nothing */
} mess_krn_getinfo;

typedef struct {                 /* KC_DIAGCTL */
	int32_t  code;           /* DIAG_* */
	int32_t  pad;
	uint64_t buf;            /* text to print */
	uint64_t len;
} mess_krn_diagctl;

typedef struct {                 /* KC_EXIT, KC_KILL */
	endpoint_t who;
	int32_t  status;         /* exit status or signal number */
} mess_krn_exit;

typedef struct {                 /* KC_SETALARM */
	uint64_t ticks;          /* 0 cancels */
	int32_t  absolute;       /* ticks is an uptime, not a delay */
	int32_t  pad;
	uint64_t prev_left;      /* reply: ticks left of the previous alarm */
} mess_krn_setalarm;

typedef struct {                 /* KC_TIMES */
	endpoint_t who;
	int32_t  pad;
	uint64_t user_ticks;     /* reply */
	uint64_t sys_ticks;      /* reply */
	uint64_t uptime;         /* reply: ticks since boot */
	uint64_t hz;             /* reply: ticks per second */
	uint64_t tsc;            /* reply: the time-stamp counter */
	int64_t  boot_time_ns;   /* reply: the time of day at uptime 0, ns since the epoch */
} mess_krn_times;

typedef struct {                 /* KC_SETTIME */
	int64_t  realtime_ns;    /* the time of day now, ns since the epoch */
} mess_krn_settime;

typedef struct {                 /* KC_VIRCOPY */
	endpoint_t src_ep;
	endpoint_t dst_ep;
	uint64_t src_addr;
	uint64_t dst_addr;
	uint64_t bytes;
	int32_t  flags;          /* VCP_TRY: fail with EFAULT, never wait */
} mess_krn_vircopy;

typedef struct {                 /* KC_SAFECOPYFROM, KC_SAFECOPYTO, KC_VSAFECOPY */
	endpoint_t granter;
	cp_grant_id_t grant;
	uint64_t offset;         /* into the granted range (KC_VSAFECOPY: unused) */
	uint64_t addr;           /* in the caller's memory (KC_VSAFECOPY: its cp_iovec[]) */
	uint64_t bytes;          /* KC_VSAFECOPY: the number of cp_iovec entries */
	int32_t  flags;          /* KC_VSAFECOPY: VSC_TO (to the granter) or VSC_FROM */
} mess_krn_safecopy;

typedef struct {                 /* KC_SETGRANT */
	uint64_t addr;           /* the caller's grant table, or 0 for none */
	int32_t  count;          /* entries in it */
} mess_krn_setgrant;

typedef struct {                 /* KC_PRIVCTL */
	endpoint_t who;
	int32_t  op;             /* PRIVCTL_* */
	uint64_t addr;           /* a struct priv_spec in the caller's memory */
} mess_krn_privctl;

typedef struct {                 /* KC_IRQCTL */
	int32_t  op;             /* IRQ_ENABLE, IRQ_DISABLE, IRQ_SETPOLICY */
	int32_t  irq;
	int32_t  hook_bit;       /* bit reported in the notification */
} mess_krn_irqctl;

typedef struct {                 /* KC_DEVIO */
	int32_t  op;             /* DIO_IN / DIO_OUT | DIO_BYTE/WORD/LONG */
	uint32_t port;
	uint32_t value;          /* out: value to write; reply: value read */
} mess_krn_devio;

typedef struct {                 /* KC_ABORT */
	int32_t  how;            /* ABORT_POWEROFF, ABORT_TEST_STATUS */
	int32_t  status;         /* for ABORT_TEST_STATUS: 0 passed, else failed */
} mess_krn_abort;

typedef struct {                 /* KC_VMCTL */
	int32_t  op;             /* VMCTL_* */
	endpoint_t ep;
	uint64_t arg1;
	uint64_t arg2;
} mess_krn_vmctl;

typedef struct {                 /* KC_FORK, KC_PROCCTL */
	endpoint_t parent;       /* KC_FORK: whom to copy; KC_PROCCTL: the process */
	endpoint_t child;        /* KC_FORK reply: the copy's endpoint */
	int32_t  op;             /* KC_PROCCTL: PROCCTL_* */
} mess_krn_fork;

typedef struct {                 /* KC_PROCCTL PROCCTL_PUBLISH (quire/proctab.h) */
	endpoint_t who;          /* where mess_krn_fork has parent */
	int32_t  pad;
	int32_t  op;             /* where mess_krn_fork has op */
	int32_t  pid, ppid, pgrp, sid;
	uint32_t uid, euid, gid, egid;
} mess_krn_publish;

typedef struct {                 /* KC_EXEC */
	endpoint_t ep;           /* waiting in sendrec for the caller */
	int32_t  pad;
	uint64_t rip;            /* entry point */
	uint64_t rsp;            /* initial stack pointer */
	char     name[16];       /* the new program's name */
} mess_krn_exec;

typedef struct {                 /* KC_SIGSEND, KC_SIGRETURN */
	endpoint_t who;          /* KC_SIGSEND: the target */
	int32_t  op;             /* KC_SIGSEND: SIGS_* (quire/sigframe.h) */
	uint64_t addr;           /* SIGSEND: struct sig_delivery in PM; SIGRETURN: the frame */
} mess_krn_sig;

typedef struct {                 /* notification: m_type NOTIFY_MESSAGE */
	uint64_t irqs;           /* from HARDWARE: pending hook bits */
	uint64_t uptime;         /* from CLOCK: ticks since boot */
} mess_notify;

typedef struct {
	endpoint_t m_source;     /* the sender; written by the kernel */
	int32_t    m_type;       /* what the message means */
	union {
		mess_i64 m_i64;
		mess_u64 m_u64;
		mess_raw m_raw;
		mess_krn_getinfo  m_krn_getinfo;
		mess_krn_diagctl  m_krn_diagctl;
		mess_krn_exit     m_krn_exit;
		mess_krn_setalarm m_krn_setalarm;
		mess_krn_times    m_krn_times;
		mess_krn_settime  m_krn_settime;
		mess_krn_vircopy  m_krn_vircopy;
		mess_krn_safecopy m_krn_safecopy;
		mess_krn_setgrant m_krn_setgrant;
		mess_krn_privctl  m_krn_privctl;
		mess_krn_irqctl   m_krn_irqctl;
		mess_krn_devio    m_krn_devio;
		mess_krn_abort    m_krn_abort;
		mess_krn_vmctl    m_krn_vmctl;
		mess_krn_fork     m_krn_fork;
		mess_krn_publish  m_krn_publish;
		mess_krn_exec     m_krn_exec;
		mess_krn_sig      m_krn_sig;
		mess_notify       m_notify;
		mess_vm_mmap      m_vm_mmap;
		mess_vm_range     m_vm_range;
		mess_vm_phys      m_vm_phys;
		mess_vm_info      m_vm_info;
		mess_vm_proc      m_vm_proc;
		mess_vm_rlimit    m_vm_rlimit;
		mess_vm_kfault    m_vm_kfault;
		mess_vm_krange    m_vm_krange;
		mess_vm_mmap_file m_vm_mmap_file;
		mess_vm_cache     m_vm_cache;
		mess_vm_work      m_vm_work;
		mess_vm_cstat     m_vm_cstat;
		mess_vm_lock      m_vm_lock;
		mess_vm_usage     m_vm_usage;
		mess_vm_mstat     m_vm_mstat;
		mess_pm           m_pm;
		mess_pm_time      m_pm_time;
		mess_pm_ptimer    m_pm_ptimer;
		mess_pm_kernel    m_pm_kernel;
		mess_pm_sig       m_pm_sig;
		mess_pm_sigwait   m_pm_sigwait;
		mess_pm_pgrp      m_pm_pgrp;
		mess_pm_cred      m_pm_cred;
		mess_pm_rlimit    m_pm_rlimit;
		mess_vfs          m_vfs;
		mess_vfs_attr     m_vfs_attr;
		mess_vfs_lock     m_vfs_lock;
		mess_fs           m_fs;
		mess_bdev         m_bdev;
		mess_cdev         m_cdev;
		mess_ds           m_ds;
		mess_rs           m_rs;
		mess_kvs          m_kvs;
	};
} message;

_Static_assert(sizeof(message) == 64, "a message is 64 bytes");
#endif /* !__ASSEMBLER__ */

/* ---- primitives (rax) ---- */
#define IPC_SEND        1
#define IPC_RECEIVE     2
#define IPC_SENDREC     3
#define IPC_NOTIFY      4
#define IPC_SENDNB      5
#define IPC_KERNELCALL  6
/* A server's answer and its next request in one call: sendnb of the
 * message to rdi, then receive from ANY into the same buffer. OK: a
 * message was received. An error is the send's (ENOTREADY: the peer did
 * not wait; EDEADSRCDST, EPERM, ...): nothing was sent or received, so
 * the caller receives on its own (libsys: sef_reply_receive). */
#define IPC_REPLYRECV   7

/* m_type of a notification; m_source names the notifier. */
#define NOTIFY_MESSAGE  0x1000

#define is_notify(type) ((type) == NOTIFY_MESSAGE)

#endif
