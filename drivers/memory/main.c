/*
 * memory: /dev/null (minor 0), /dev/zero (minor 1) and a RAM disk
 * /dev/ram (minor 2) of argv[1] MiB (default 4), as character devices.
 *
 * VFS is the only client (chardev.h). Every request completes at once:
 * nothing is ever CDEV_SUSPENDED, so CDEV_STATUS always finds nothing and
 * CDEV_CANCEL has nothing to cancel. Data moves through the request's
 * grant in chunks, straight between the grant and the RAM disk's memory.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/mman.h>
#include "ramdisk.h"

#define MINOR_NULL   0
#define MINOR_ZERO   1
#define MINOR_RAM    2

#define RAM_DEFAULT_MIB 4
#define RAM_MAX_MIB     1024
#define CHUNK        (64 * 1024)       /* bytes per kernel copy */

static uint8_t *ram;                   /* the RAM disk, or NULL */
static uint64_t ram_size;
static uint8_t zeros[CHUNK] __attribute__((aligned(4096)));

/* Copy `total` bytes between the grant and `mem` (to the grant for a
 * read), chunk by chunk; `mem_step` 0 repeats the same chunk (zeros).
 * A failure after some bytes moved is a short transfer. */
static int64_t move(cp_grant_id_t grant, uint8_t *mem, bool mem_step, uint64_t total,
		    bool write)
{
	uint64_t done = 0, n;
	while ((n = rd_chunk(total, done, CHUNK)) != 0) {
		vir_bytes at = (vir_bytes)(mem + (mem_step ? done : 0));
		int r = write ? sys_safecopyfrom(VFS_PROC_NR, grant, done, at, n)
			      : sys_safecopyto(VFS_PROC_NR, grant, done, at, n);
		if (r != OK)
			return done ? (int64_t)done : r;
		done += n;
	}
	return (int64_t)done;
}

static int do_rw(message *m, bool write)
{
	mess_cdev *c = &m->m_cdev;
	int64_t n;
	switch (c->minor) {
	case MINOR_NULL:
		/* Reads: end of file. Writes: everything, unread. */
		return write ? (int)rd_span(UINT64_MAX, 0, c->size, true) : 0;
	case MINOR_ZERO:
		n = rd_span(UINT64_MAX, 0, c->size, write);
		if (write || n <= 0)
			return (int)n;
		return (int)move(c->grant, zeros, false, (uint64_t)n, false);
	case MINOR_RAM:
		if (!ram)
			return -ENXIO;
		n = rd_span(ram_size, c->pos, c->size, write);
		if (n <= 0)
			return (int)n;
		return (int)move(c->grant, ram + c->pos, true, (uint64_t)n, write);
	default:
		return -ENXIO;
	}
}

static bool minor_ok(int minor)
{
	return minor == MINOR_NULL || minor == MINOR_ZERO || (minor == MINOR_RAM && ram);
}

static int do_open(message *m)
{
	return minor_ok(m->m_cdev.minor) ? OK : -ENXIO;
}

static int do_read(message *m)
{
	return do_rw(m, false);
}

static int do_write(message *m)
{
	return do_rw(m, true);
}

static int do_cancel(message *m)
{
	return OK;                         /* nothing ever waits */
}

static int do_ioctl(message *m)
{
	return minor_ok(m->m_cdev.minor) ? -ENOTTY : -ENXIO;
}

static int do_status(message *m)
{
	return CDEV_NO_STATUS;             /* nothing ever completes later */
}

/* select/poll: reads and writes never wait here, so every asked-for op
 * is ready now and there is never anything to notify. */
static int do_select(message *m)
{
	return m->m_cdev.ops & (CDEV_SEL_RD | CDEV_SEL_WR);
}

/* Requests from VFS (include/quire/chardev.h): the answer, >= 0 or -errno. */
typedef int (*mem_call)(message *m);

static const mem_call calls[CDEV_NR_CALLS] = {
	[CDEV_OPEN - CDEV_RQ_BASE]   = do_open,
	[CDEV_CLOSE - CDEV_RQ_BASE]  = do_open,     /* nothing to release */
	[CDEV_READ - CDEV_RQ_BASE]   = do_read,
	[CDEV_WRITE - CDEV_RQ_BASE]  = do_write,
	[CDEV_CANCEL - CDEV_RQ_BASE] = do_cancel,
	[CDEV_IOCTL - CDEV_RQ_BASE]  = do_ioctl,
	[CDEV_STATUS - CDEV_RQ_BASE] = do_status,
	[CDEV_SELECT - CDEV_RQ_BASE] = do_select,
	/* CDEV_REPLY, CDEV_NO_STATUS: answers, never requests */
};

static int handle(message *m)
{
	int call = m->m_type - CDEV_RQ_BASE;
	return call >= 0 && call < CDEV_NR_CALLS && calls[call] ? calls[call](m) : -ENOSYS;
}

int main(int argc, char **argv)
{
	int64_t size = rd_parse_size(argc > 1 ? argv[1] : NULL, RAM_DEFAULT_MIB, RAM_MAX_MIB);
	if (size < 0) {
		printf("memory: bad RAM disk size \"%s\" (MiB, 1-%d): using %d MiB\n",
		       argv[1], RAM_MAX_MIB, RAM_DEFAULT_MIB);
		size = (int64_t)RAM_DEFAULT_MIB << 20;
	}
	/* Anonymous memory: pages appear (zeroed) as the disk is used. */
	void *addr;
	int r = vm_req_mmap(0, NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			    -1, 0, &addr, NULL);
	if (r == OK) {
		ram = addr;
		ram_size = (uint64_t)size;
		printf("memory: /dev/null, /dev/zero, /dev/ram (%lu MiB)\n",
		       (unsigned long)(ram_size >> 20));
	} else {
		printf("memory: no memory for the RAM disk (%d): /dev/null and /dev/zero only\n", r);
	}
	for (;;) {
		message m;
		if (sef_receive(&m) != OK)
			continue;
		if (is_notify(m.m_type))
			continue;
		m.m_type = m.m_source == VFS_PROC_NR ? handle(&m) : -EPERM;
		ipc_sendnb(m.m_source, &m);
	}
}
