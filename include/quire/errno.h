/*
 * Error numbers: the one error vocabulary of Quire.
 *
 * Kernel calls, IPC primitives, libsys and server replies return 0 or a
 * negative error number from this file. The POSIX numbers have newlib's
 * values so that lib/libposix can hand them to errno unchanged; the numbers
 * from 200 up are Quire's own and never reach a POSIX program.
 */
#ifndef QUIRE_ERRNO_H
#define QUIRE_ERRNO_H

#define OK           0
#define EPERM        1   /* not allowed by the caller's privileges */
#define ENOENT       2
#define ESRCH        3   /* no such process */
#define EINTR        4
#define EIO          5
#define ENXIO        6
#define E2BIG        7
#define ENOEXEC      8
#define EBADF        9
#define ECHILD      10
#define EAGAIN      11
#define ENOMEM      12
#define EACCES      13
#define EFAULT      14   /* a bad address crossed a protection boundary */
#define EBUSY       16
#define EEXIST      17
#define EXDEV       18
#define ENODEV      19
#define ENOTDIR     20
#define EISDIR      21
#define EINVAL      22   /* a malformed argument */
#define ENFILE      23
#define EMFILE      24
#define ENOTTY      25
#define EFBIG       27
#define ENOSPC      28
#define ESPIPE      29
#define EROFS       30
#define EMLINK      31
#define EPIPE       32
#define EDOM        33
#define ERANGE      34
#define EDEADLK     45
#define ENOLCK      46   /* no record-lock slot left */
#define ENOSYS      88   /* no such call */
#define ENOTEMPTY   90
#define ENAMETOOLONG 91
#define ELOOP       92
#define ENOTSUP    134
#define EOVERFLOW  139

/* Quire's own, IPC-level errors. */
#define ELOCKED     201  /* the send would close a cycle of blocked senders */
#define EDEADSRCDST 202  /* the peer endpoint is dead or stale */
#define ENOTREADY   203  /* non-blocking send: the receiver is not waiting */
#define EBADCALL    204  /* an unknown IPC primitive */
#define ERESTART    206  /* internal: a handler with SA_RESTART ran; libposix runs the call again */
#define ESUSPEND    205  /* internal: the kernel call waits; never returned to a caller */

#endif
