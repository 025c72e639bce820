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

/* wait() status, as newlib's <sys/wait.h> decodes it. */
#define W_EXITCODE(code, sig) ((((code) & 0xff) << 8) | ((sig) & 0x7f))
#define QWIFEXITED(s)   (((s) & 0x7f) == 0)
#define QWEXITSTATUS(s) (((s) >> 8) & 0xff)
#define QWIFSIGNALED(s) (((s) & 0x7f) > 0 && ((s) & 0x7f) < 0x7f)
#define QWTERMSIG(s)    ((s) & 0x7f)

#endif
