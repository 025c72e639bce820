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
/* Users, groups and limits (servers/pm/cred.c, rlimit.c): */
#define PM_GETCRED   (PM_RQ_BASE + 40)
#define PM_SETID     (PM_RQ_BASE + 41)
#define PM_GETGROUPS (PM_RQ_BASE + 42)
#define PM_SETGROUPS (PM_RQ_BASE + 43)
#define PM_EXEC_CRED (PM_RQ_BASE + 44)
#define PM_GETRLIMIT (PM_RQ_BASE + 45)
#define PM_SETRLIMIT (PM_RQ_BASE + 46)
#define PM_NR_CALLS 64

#define PM_EV_NONE  0
#define PM_EV_FORK  1
#define PM_EV_EXIT  2
#define PM_EV_CRED  3             /* ids, groups, RLIMIT_NOFILE or RLIMIT_FSIZE changed */

/* PM_SETID's op: which set*id call. */
#define SETID_UID   1             /* setuid(a) */
#define SETID_EUID  2             /* seteuid(a) */
#define SETID_GID   3             /* setgid(a) */
#define SETID_EGID  4             /* setegid(a) */
#define SETID_REUID 5             /* setreuid(a, b) */
#define SETID_REGID 6             /* setregid(a, b) */

#define PM_NGROUPS  16            /* supplementary groups: NGROUPS_MAX */
#define PM_ID_NONE  0xffffffffu   /* (uid_t)-1: "leave unchanged" */

/* Resources of PM_GETRLIMIT/PM_SETRLIMIT (newlib's RLIMIT_* values). */
#define PM_RLIMIT_CPU    0
#define PM_RLIMIT_FSIZE  1
#define PM_RLIMIT_DATA   2
#define PM_RLIMIT_STACK  3
#define PM_RLIMIT_CORE   4
#define PM_RLIMIT_NOFILE 5
#define PM_RLIMIT_AS     6
#define PM_RLIM_NLIMITS  7
#define PM_RLIM_INFINITY (~(uint64_t)0)

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

/*
 * PM_GETCRED answer; PM_SETID (op, ids in ruid = a and euid = b);
 * PM_GETGROUPS/PM_SETGROUPS (addr, ngroups: the array in the caller's
 * memory and its size); PM_EXEC_CRED (VFS only: endpoint, euid and egid
 * to take, PM_ID_NONE for none); PM_NEXT_EVENT (request: addr, VFS's
 * buffer of PM_NGROUPS gids; PM_EV_CRED answer: all fields).
 */
typedef struct {
	endpoint_t endpoint;
	int32_t op;
	uint32_t ruid, euid, suid;
	uint32_t rgid, egid, sgid;
	int32_t ngroups;
	uint32_t nofile;          /* PM_EV_CRED: the RLIMIT_NOFILE soft limit */
	uint64_t addr;
	uint64_t fsize;           /* PM_EV_CRED: the RLIMIT_FSIZE soft limit */
} mess_pm_cred;

typedef struct {              /* PM_GETRLIMIT, PM_SETRLIMIT */
	int32_t resource;
	int32_t pad;
	uint64_t cur, max;
} mess_pm_rlimit;

typedef struct {              /* PM_KSIG, PM_KEXIT (from the kernel) */
	endpoint_t ep;
	int32_t sig;              /* PM_KSIG: signal; PM_KEXIT: END_* reason */
	int64_t code;             /* PM_KEXIT: exit status or signal */
} mess_pm_kernel;

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
/* A process's credentials, as PM keeps them and VFS copies them. */
struct pm_cred {
	uint32_t ruid, euid, suid;
	uint32_t rgid, egid, sgid;
	int ngroups;
	uint32_t groups[PM_NGROUPS];
	uint32_t nofile;              /* RLIMIT_NOFILE's soft limit (VFS enforces it) */
	uint64_t fsize;               /* RLIMIT_FSIZE's soft limit (VFS enforces it) */
};

/* VFS only: PM_EV_* and the event's endpoints (parent: PM_EV_FORK only);
 * PM_EV_CRED fills *cred (which must not be NULL). */
int pm_req_next_event(endpoint_t *ep, endpoint_t *parent, struct pm_cred *cred);
/* The caller's credentials (groups not filled: pm_req_getgroups). */
int pm_req_getcred(struct pm_cred *out);
int pm_req_setid(int op, uint32_t a, uint32_t b);
/* getgroups(2): size 0 answers the count only. */
int pm_req_getgroups(int size, uint32_t *list);
int pm_req_setgroups(int n, const uint32_t *list);
/* VFS only: ep's exec takes euid/egid (PM_ID_NONE: keeps its own). */
int pm_req_exec_cred(endpoint_t ep, uint32_t euid, uint32_t egid);
int pm_req_getrlimit(int resource, uint64_t *cur, uint64_t *max);
int pm_req_setrlimit(int resource, uint64_t cur, uint64_t max);

#endif
