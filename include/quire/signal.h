/* Signal numbers (newlib's values) and wait-status encoding. */
#ifndef QUIRE_SIGNAL_H
#define QUIRE_SIGNAL_H

#define QSIGHUP   1
#define QSIGINT   2
#define QSIGQUIT  3
#define QSIGILL   4
#define QSIGTRAP  5
#define QSIGABRT  6
#define QSIGEMT   7
#define QSIGFPE   8
#define QSIGKILL  9
#define QSIGBUS  10
#define QSIGSEGV 11
#define QSIGSYS  12
#define QSIGPIPE 13
#define QSIGALRM 14
#define QSIGTERM 15
#define QSIGURG  16
#define QSIGSTOP 17
#define QSIGTSTP 18
#define QSIGCONT 19
#define QSIGCHLD 20
#define QSIGTTIN 21
#define QSIGTTOU 22
#define QSIGIO   23
#define QSIGXCPU 24
#define QSIGXFSZ 25
#define QSIGWINCH 28
#define QSIGUSR1 30
#define QSIGUSR2 31
#define QNSIG    32

/* sigaction flags (libposix's <sys/signal.h> gives them their SA_ names) */
#define QSA_NOCLDSTOP 0x01
#define QSA_SIGINFO   0x02
#define QSA_ONSTACK   0x04
#define QSA_RESTART   0x08
#define QSA_NODEFER   0x10
#define QSA_RESETHAND 0x20
#define QSA_NOCLDWAIT 0x40
#define QSA_ALL       0x7f

/* si_code values */
#define QSI_USER     1        /* kill(), raise() */
#define QSI_QUEUE    2        /* sigqueue() */
#define QSI_TIMER    3
#define QSI_KERNEL   0x80     /* raised by the system (tty, pipe, timers) */
#define QSEGV_MAPERR 1
#define QSEGV_ACCERR 2
#define QBUS_ADRALN  1
#define QBUS_ADRERR  2
#define QILL_ILLOPC  1
#define QFPE_INTDIV  1
#define QFPE_FLTINV  7
#define QTRAP_BRKPT  1
#define QCLD_EXITED  1
#define QCLD_KILLED  2
#define QCLD_STOPPED 5
#define QCLD_CONTINUED 6

/* ERESTART (quire/errno.h) for libposix, which cannot include that header
 * beside newlib's: a call a handler with SA_RESTART interrupted. */
#define QERESTART 206

/* sigprocmask how (newlib's values) */
#define QSIG_SETMASK 0
#define QSIG_BLOCK   1
#define QSIG_UNBLOCK 2

/* wait() status, as newlib's <sys/wait.h> decodes it. */
#define W_EXITCODE(code, sig) ((((code) & 0xff) << 8) | ((sig) & 0x7f))
#define QWIFEXITED(s)   (((s) & 0x7f) == 0)
#define QWEXITSTATUS(s) (((s) >> 8) & 0xff)
#define QWIFSIGNALED(s) (((s) & 0x7f) > 0 && ((s) & 0x7f) < 0x7f)
#define QWTERMSIG(s)    ((s) & 0x7f)
#define QW_STOPCODE(sig) (((sig) << 8) | 0x7f)
#define QW_CONTINUED    0xffff

#endif
