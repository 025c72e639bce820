/*
 * Kernel calls: m_type of a message sent with IPC_KERNELCALL.
 * Each is allowed only if the caller's privilege set names it (priv.h).
 */
#ifndef QUIRE_CALLNR_H
#define QUIRE_CALLNR_H

#define KC_GETINFO       0   /* information about the kernel and processes */
#define KC_DIAGCTL       1   /* print to the kernel log */
#define KC_EXIT          2   /* end the caller */
#define KC_KILL          3   /* end another process with a signal */
#define KC_SETALARM      4   /* a CLOCK notification after some ticks */
#define KC_TIMES         5   /* CPU time and uptime */
#define KC_VIRCOPY       6   /* copy between any two address spaces */
#define KC_SAFECOPYFROM  7   /* copy from a granter's memory under a grant */
#define KC_SAFECOPYTO    8   /* copy to a granter's memory under a grant */
#define KC_SETGRANT      9   /* publish the caller's grant table */
#define KC_PRIVCTL      10   /* read or restrict a process's privileges */
#define KC_IRQCTL       11   /* enable, disable or claim an IRQ */
#define KC_DEVIO        12   /* one I/O port access */
#define KC_ABORT        13   /* power off, or end a test boot with a status */
#define KC_VMCTL        14   /* VM only: address spaces, faults (vmctl.h) */
#define KC_FORK         15   /* PM only: copy a process */
#define KC_PROCCTL      16   /* PM only: reap (vmctl.h) */
#define KC_EXEC         17   /* VFS: start a new program in a process */
#define KC_VSAFECOPY    18   /* several copies under one grant (grant.h: cp_iovec) */
/* 19: unused; 20..23: signals; 24: time; 28: sched_yield */
#define KC_SIGSEND      20   /* PM only: deliver a signal (quire/sigframe.h) */
#define KC_SIGRETURN    21   /* any process: return from its handler's frame */
#define KC_SETTIME      24   /* PM only: set the time of day */
#define KC_YIELD        28   /* sched_yield: to the tail of the caller's ready queue */
#define NR_KERNEL_CALLS 32

/* KC_GETINFO what */
#define GI_WHOAMI   1   /* reply m_krn_getinfo.arg = endpoint; name copied to buf */
#define GI_KINFO    2   /* struct kinfo to buf */
#define GI_PROC     3   /* struct proc_info of slot `arg` to buf */
#define GI_LOOKUP   4   /* reply arg = endpoint of the live process named `name` */
#define GI_PCIDEV   5   /* struct pci_devinfo of the caller's PCI device to buf */

/* KC_DIAGCTL code */
#define DIAG_PRINT   1
#define DIAG_IPCFAST 2   /* len 0 or 1: the IPC fast path off or on, the old setting
                            comes back in len; len 2: len comes back as the number of
                            calls it has taken. System processes only. A debugging
                            switch: it changes what calls cost, never what they do
                            (test/os/t_ipcfast.c). */

/* KC_SETALARM: absolute flag */

/* KC_VIRCOPY flags */
#define VCP_TRY     0x1  /* absent memory: fail with EFAULT instead of waiting */

/* KC_PRIVCTL op */
#define PRIVCTL_GET 1    /* copy the target's struct priv_spec to addr */
#define PRIVCTL_SET 2    /* give the target the struct priv_spec at addr */

/* KC_IRQCTL op */
#define IRQ_SETPOLICY 1  /* claim the IRQ: notifications go to the caller */
#define IRQ_ENABLE    2  /* unmask (after handling an interrupt) */
#define IRQ_DISABLE   3  /* mask */
#define IRQ_RELEASE   4  /* give the IRQ up */

/* KC_DEVIO op */
#define DIO_IN      0x0
#define DIO_OUT     0x1
#define DIO_BYTE    0x00
#define DIO_WORD    0x10
#define DIO_LONG    0x20

/* KC_ABORT how */
#define ABORT_POWEROFF     1
#define ABORT_TEST_STATUS  2

#endif
