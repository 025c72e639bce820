/*
 * newlib's <sys/signal.h>, with what Quire's signals add: a struct
 * sigaction with sa_sigaction, a siginfo_t with si_pid/si_uid/si_addr,
 * every SA_ flag, the si_code values, and sigaddset & co. as functions
 * that check the signal number (newlib's macros do not). newlib's own
 * declarations of the replaced names are renamed out of the way.
 * The layouts are include/quire/sigframe.h's (checked in libposix).
 */
#ifndef _QUIRE_SYS_SIGNAL_H
#define _QUIRE_SYS_SIGNAL_H

#define sigaction    __newlib_sigaction
#define siginfo_t    __newlib_siginfo_t
#define sigwaitinfo  __newlib_sigwaitinfo
#define sigtimedwait __newlib_sigtimedwait
#include_next <sys/signal.h>
#undef sigaction
#undef siginfo_t
#undef sigwaitinfo
#undef sigtimedwait
#undef sigaddset
#undef sigdelset
#undef sigemptyset
#undef sigfillset
#undef sigismember

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	int          si_signo;
	int          si_code;
	int          si_errno;
	pid_t        si_pid;        /* sender (kill, sigqueue), child (SIGCHLD) */
	uid_t        si_uid;
	unsigned short __si_pad0;
	int          si_status;     /* SIGCHLD: exit status or signal */
	void        *si_addr;       /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
	union sigval si_value;      /* sigqueue */
	long         __si_pad[3];
} siginfo_t;

struct sigaction {
	union {
		void (*__sa_handler)(int);
		void (*__sa_sigaction)(int, siginfo_t *, void *);
	} __sa_u;
	sigset_t sa_mask;
	int      sa_flags;
};
#define sa_handler   __sa_u.__sa_handler
#define sa_sigaction __sa_u.__sa_sigaction

/* SA_NOCLDSTOP is newlib's (1). */
#define SA_SIGINFO   0x02
#define SA_ONSTACK   0x04
#define SA_RESTART   0x08
#define SA_NODEFER   0x10
#define SA_RESETHAND 0x20
#define SA_NOCLDWAIT 0x40

/* si_code (SI_USER .. SI_MESGQ are newlib's) */
#define SI_KERNEL    0x80
#define SEGV_MAPERR  1
#define SEGV_ACCERR  2
#define BUS_ADRALN   1
#define BUS_ADRERR   2
#define BUS_OBJERR   3
#define ILL_ILLOPC   1
#define FPE_INTDIV   1
#define FPE_FLTINV   7
#define TRAP_BRKPT   1
#define CLD_EXITED   1
#define CLD_KILLED   2
#define CLD_DUMPED   3
#define CLD_TRAPPED  4
#define CLD_STOPPED  5
#define CLD_CONTINUED 6

int sigaction(int, const struct sigaction *__restrict, struct sigaction *__restrict);
int sigwaitinfo(const sigset_t *__restrict, siginfo_t *__restrict);
int sigtimedwait(const sigset_t *__restrict, siginfo_t *__restrict,
		 const struct timespec *__restrict);

#ifdef __cplusplus
}
#endif

#endif
