/*
 * The character-device protocol (VFS -> character drivers).
 *
 * Requests are sendrec'd; the answer's m_type is the result. A request
 * that cannot complete now (a tty read with no input) is answered with
 * CDEV_SUSPENDED; when it completes later the driver notifies VFS, and
 * VFS collects finished requests with CDEV_STATUS (sendrec), so a driver
 * never blocks on VFS. Each read/write carries VFS's request id.
 *
 *   CDEV_OPEN    minor, flags, user        -> OK, ENXIO
 *   CDEV_CLOSE   minor                     -> OK
 *   CDEV_READ    minor, pos, grant, size, id, user, flags -> bytes, CDEV_SUSPENDED, error
 *   CDEV_WRITE   minor, pos, grant, size, id, user, flags -> bytes, CDEV_SUSPENDED, error
 *                (pos matters only to seekable devices such as a RAM disk)
 *   CDEV_CANCEL  minor, id                 -> OK (the request is dropped; no
 *                                              status will report it)
 *   CDEV_IOCTL   minor, request, grant, user -> OK, ENOTTY, EINVAL
 *   CDEV_STATUS  -                         -> CDEV_REPLY with id and result,
 *                                              CDEV_SEL_REPLY with minor and ops
 *                                              (a select event, below), or
 *                                              CDEV_NO_STATUS when none
 *   CDEV_SELECT  minor, ops                -> the CDEV_SEL_RD/WR bits of ops
 *                                              ready now, or an error
 *                (ops: CDEV_SEL_RD, CDEV_SEL_WR, and CDEV_SEL_NOTIFY: for
 *                each asked-for op not ready now, the driver remembers to
 *                tell VFS once it becomes ready: it queues a select event
 *                and notifies VFS, which collects it with CDEV_STATUS and
 *                asks again. The driver forgets after one event; VFS asks
 *                with NOTIFY again for as long as it still waits. A driver
 *                without CDEV_SELECT answers ENOSYS: always ready.)
 * user is the endpoint of the process on whose behalf VFS acts (a tty
 * makes it the foreground process, which ^C signals).
 *
 * Client stubs (lib/libproto/cdev.c): req_cdev_<op>, declared below. Like
 * the FS stubs they take the caller's grants and return the driver's
 * answer (>= 0, CDEV_SUSPENDED, or a negative error; an IPC failure is the
 * trap's own error). cdev_decode_status() reads a CDEV_STATUS answer, so
 * no caller knows the layout of a completion.
 */
#ifndef QUIRE_CHARDEV_H
#define QUIRE_CHARDEV_H

#include <quire/types.h>

#define CDEV_RQ_BASE 0x600
#define CDEV_OPEN    (CDEV_RQ_BASE + 0)
#define CDEV_CLOSE   (CDEV_RQ_BASE + 1)
#define CDEV_READ    (CDEV_RQ_BASE + 2)
#define CDEV_WRITE   (CDEV_RQ_BASE + 3)
#define CDEV_CANCEL  (CDEV_RQ_BASE + 4)
#define CDEV_IOCTL   (CDEV_RQ_BASE + 5)
#define CDEV_STATUS  (CDEV_RQ_BASE + 6)
#define CDEV_REPLY     (CDEV_RQ_BASE + 7)   /* not a request: m_type of a CDEV_STATUS answer */
#define CDEV_NO_STATUS (CDEV_RQ_BASE + 8)   /* not a request: CDEV_STATUS found nothing done */
#define CDEV_SELECT    (CDEV_RQ_BASE + 9)
#define CDEV_NR_CALLS  10                     /* table size: the requests, +7 and +8 unused */
#define CDEV_SEL_REPLY (CDEV_RQ_BASE + 10)  /* not a request: a CDEV_STATUS answer, a select event */

/* CDEV_SELECT's ops (and a select event's ready ops). */
#define CDEV_SEL_RD     0x1   /* a read would not block (data, end of file or an error) */
#define CDEV_SEL_WR     0x2   /* a write would not block */
#define CDEV_SEL_NOTIFY 0x4   /* request: tell VFS when an op not ready now becomes ready */

/* Neither a byte count nor an error number. */
#define CDEV_SUSPENDED (-0x10000)

#define CDEV_NONBLOCK 0x1     /* flags: O_NONBLOCK: EAGAIN rather than suspend */

typedef struct {
	int32_t  minor;
	cp_grant_id_t grant;
	uint64_t size;            /* CDEV_IOCTL: the request code */
	int32_t  id;              /* VFS's request id */
	endpoint_t user;
	int32_t  flags;
	int32_t  result;          /* CDEV_REPLY: bytes or error */
	uint64_t pos;             /* READ/WRITE: byte offset (seekable devices) */
	int32_t  ops;             /* CDEV_SELECT: CDEV_SEL_*; CDEV_SEL_REPLY: the ready ops */
} mess_cdev;

/* What CDEV_STATUS found: a request the driver finished after answering
 * CDEV_SUSPENDED (select false: id, result, user), or a select event
 * (select true: minor, ops). */
struct cdev_done {
	bool select;              /* a select event rather than a finished request */
	int32_t id;               /* the id of the request (VFS's) */
	int32_t result;           /* bytes or a negative error */
	endpoint_t user;          /* on whose behalf it was made */
	int32_t minor;            /* select event: the device */
	int32_t ops;              /* select event: the CDEV_SEL_RD/WR bits now ready */
};

int req_cdev_open(endpoint_t drv, int32_t minor, int32_t flags, endpoint_t user);
int req_cdev_close(endpoint_t drv, int32_t minor);
/* CDEV_READ (write false) or CDEV_WRITE of size bytes through grant buf
 * at byte pos; flags CDEV_NONBLOCK. */
int req_cdev_readwrite(endpoint_t drv, bool write, int32_t minor, uint64_t pos,
		       cp_grant_id_t buf, uint64_t size, int32_t id, endpoint_t user,
		       int32_t flags);
int req_cdev_cancel(endpoint_t drv, int32_t minor, int32_t id);
/* arg: a grant of the request's argument, or GRANT_INVALID. */
int req_cdev_ioctl(endpoint_t drv, int32_t minor, uint32_t request, cp_grant_id_t arg,
		   endpoint_t user);
/* CDEV_SELECT: ops CDEV_SEL_*; the ready CDEV_SEL_RD/WR bits or an error. */
int req_cdev_select(endpoint_t drv, int32_t minor, int32_t ops);
/* Ask drv for one finished request or select event: 1 with *done filled, 0 when it has
 * none, or a negative error (the driver's or the trap's). */
int req_cdev_status(endpoint_t drv, struct cdev_done *done);
/* Decode an answer to CDEV_STATUS (its m_type and m_cdev payload): the
 * same results as req_cdev_status. */
int cdev_decode_status(int32_t type, const mess_cdev *answer, struct cdev_done *done);

/* ioctl requests a tty understands (arguments through the grant). */
#define TTY_GETMODE  0x5401   /* int: TTY_COOKED or TTY_RAW */
#define TTY_SETMODE  0x5402
#define TTY_SETFG    0x5403   /* int: the pid ^C signals (0: none; see drivers/tty) */
#define TTY_GETPGRP  0x540F   /* int: the foreground process group (0: none) */
#define TTY_SETPGRP  0x5410   /* int: set it; ^C, ^Z, ^\\ signal that whole group */
#define TTY_GETFLAGS 0x5420   /* int: TTY_F_* */
#define TTY_SETFLAGS 0x5421   /* int: TTY_F_* (others: EINVAL) */
#define TTY_FLUSH    0x5422   /* int: TTY_FLUSH_IN/OUT bits: discard input (output is never queued) */
#define TTY_DRAIN    0x5423   /* no argument: wait until output is sent (it always is) */
#define TTY_F_TOSTOP 0x1      /* termios TOSTOP: background writers get SIGTTOU */
#define TTY_FLUSH_IN  0x1
#define TTY_FLUSH_OUT 0x2
#define TTY_COOKED   0        /* line editing, echo, ^C, ^D */
#define TTY_RAW      1

#endif
