/*
 * PM's protocol.
 *
 * Requests from processes, answered with m_type = result:
 *   PM_FORK       reply to the parent: the child's pid; to the child: 0
 *   PM_WAITPID    wait for a child: pid (-1 any), options (WNOHANG)
 *   PM_GETPID     reply: pid and parent pid
 *   PM_KILL       send a signal to a process (by pid; pid 0: by endpoint,
 *                 for system processes only: the tty's ^C)
 *   PM_GETPROC    reply: what PM knows about a pid, or (pid 0) an endpoint
 *   PM_SIGACTION  sig, options: 1 = ignore it, 0 = default action; answer:
 *                 the previous setting (handlers are not supported yet)
 *   PM_POWEROFF   power the machine off (the caller has synced the disks);
 *                 in a test boot, status >= 0 ends it with that verdict
 *   PM_SETTIME    set the time of day (root only): KC_SETTIME
 *   PM_ITIMER     set/read the caller's ITIMER_REAL (alarm, setitimer)
 *   PM_TIMES      reply: the waited-for children's CPU time
 *   PM_NEXT_EVENT VFS only: the next process event (fork, exit) VFS must
 *                 know about; PM notifies VFS when there are some.
 *                 Answer: PM_EV_FORK (endpoint = child, parent_ep = parent),
 *                 PM_EV_EXIT (endpoint), or PM_EV_NONE
 * Messages from the kernel (m_source == KERNEL):
 *   PM_KSIG       the kernel (or VM) raised a signal in a stopped process
 *   PM_KEXIT      a process has ended in the kernel
 */
#ifndef QUIRE_PM_H
#define QUIRE_PM_H

#include <quire/types.h>

#define PM_RQ_BASE  0x200
#define PM_FORK     (PM_RQ_BASE + 0)
/* PM_RQ_BASE + 1 is unused: a process ends with KC_EXIT, and the kernel
 * tells PM (PM_KEXIT). */
#define PM_WAITPID  (PM_RQ_BASE + 2)
#define PM_GETPID   (PM_RQ_BASE + 3)
#define PM_KILL     (PM_RQ_BASE + 4)
#define PM_GETPROC  (PM_RQ_BASE + 5)
#define PM_POWEROFF (PM_RQ_BASE + 6)
#define PM_NEXT_EVENT (PM_RQ_BASE + 7)
#define PM_SIGACTION (PM_RQ_BASE + 8)
/* The time helper's range: PM_RQ_BASE + 32..39. */
#define PM_SETTIME  (PM_RQ_BASE + 32)
#define PM_ITIMER   (PM_RQ_BASE + 33)
#define PM_TIMES    (PM_RQ_BASE + 34)
#define PM_NR_CALLS 64

#define PM_EV_NONE  0
#define PM_EV_FORK  1
#define PM_EV_EXIT  2

#define PM_KRQ_BASE (PM_RQ_BASE + 0x40)   /* from the kernel */
#define PM_KSIG     (PM_KRQ_BASE + 0)
#define PM_KEXIT    (PM_KRQ_BASE + 1)
#define PM_NR_KCALLS 2

#define WNOHANG 1

typedef struct {
	int32_t pid;              /* PM_WAITPID, PM_KILL (0: by endpoint), PM_GETPROC; reply: pid */
	int32_t status;           /* PM_POWEROFF verdict; PM_WAITPID, PM_GETPROC reply: wait status */
	int32_t options;          /* PM_WAITPID */
	int32_t sig;              /* PM_KILL */
	int32_t ppid;             /* PM_GETPID reply */
	endpoint_t endpoint;      /* PM_GETPROC: query (pid 0) and reply */
	int32_t state;            /* PM_GETPROC reply: PMS_* */
	endpoint_t parent_ep;     /* PM_NEXT_EVENT answer */
} mess_pm;

#define PMS_ALIVE  1
#define PMS_ZOMBIE 2

typedef struct {              /* PM_KSIG, PM_KEXIT (from the kernel) */
	endpoint_t ep;
	int32_t sig;              /* PM_KSIG: signal; PM_KEXIT: END_* reason */
	int64_t code;             /* PM_KEXIT: exit status or signal */
	uint64_t user_ticks;      /* PM_KEXIT: the CPU time it used (for times()) */
	uint64_t sys_ticks;
} mess_pm_kernel;

/* PM_SETTIME, PM_ITIMER, PM_TIMES (servers/pm/timers.c). */
typedef struct {
	int32_t which;            /* PM_ITIMER: ITIMER_REAL (0) */
	int32_t set;              /* PM_ITIMER: 1 = set value/interval, 0 = only read */
	int64_t value_us;         /* PM_ITIMER: time to expiry (0 disarms); reply: the old one */
	int64_t interval_us;      /* PM_ITIMER: reload; reply: the old one */
	int64_t realtime_ns;      /* PM_SETTIME: the time of day, ns since the epoch */
	uint64_t cuser_ticks;     /* PM_TIMES reply: waited-for children's user time */
	uint64_t csys_ticks;      /* PM_TIMES reply: and system time */
} mess_pm_time;

/*
 * The client stubs (lib/libproto/pm.c, in libsys and libposix): each
 * returns PM's answer, >= 0 or a negative error (lib/libproto/proto.h).
 * Out pointers may be NULL and are written only on success.
 */
struct pm_procinfo {              /* PM_GETPROC's answer */
	int pid;
	int ppid;
	endpoint_t endpoint;
	int state;                    /* PMS_* */
	int status;                   /* wait status, once a zombie */
};

int pm_req_fork(void);                                 /* child's pid; 0 in the child */
/* The pid collected (its wait status in *status), 0 (WNOHANG, none yet). */
int pm_req_waitpid(int pid, int *status, int options);
int pm_req_getpid(int *ppid);                          /* the caller's pid */
/* pid > 0: that process; pid 0: the process of endpoint ep (callers with
 * PRIV_SYS_PROC only). sig 0 only checks that the target is alive. */
int pm_req_kill(int pid, endpoint_t ep, int sig);
/* By pid; with pid 0, by endpoint ep. */
int pm_req_getproc(int pid, endpoint_t ep, struct pm_procinfo *out);
int pm_req_poweroff(int status);                       /* status < 0: power off */
int pm_req_sigaction(int sig, int ignore);             /* the previous setting, 0 or 1 */
/* Set the time of day (ns since the epoch): root only (EPERM). */
int pm_req_settime(int64_t realtime_ns);
/* ITIMER_REAL: set (set = 1) and/or read the timer, in microseconds; the
 * old value and interval come back in *old_value, *old_interval. */
int pm_req_itimer(int which, int set, int64_t value_us, int64_t interval_us,
		  int64_t *old_value, int64_t *old_interval);
/* The CPU ticks of the caller's waited-for children (and theirs). */
int pm_req_times(uint64_t *cuser, uint64_t *csys);
/* VFS only: PM_EV_* and the event's endpoints (parent: PM_EV_FORK only). */
int pm_req_next_event(endpoint_t *ep, endpoint_t *parent);

#endif
