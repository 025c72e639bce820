/*
 * The device file system VFS serves itself on /dev (vn_devdir_ops) and
 * the character devices in it (vn_cdev_ops): a fixed table of devices,
 * each a driver endpoint and a minor number.
 *
 * A device request a driver cannot finish now (a tty read with no input)
 * comes back CDEV_SUSPENDED and is parked in the caller's fproc with its
 * id; when the driver notifies us, cdev_poll collects finished requests
 * (CDEV_STATUS) and answers their callers. The driver reaches the
 * caller's buffer through a magic grant (without CPF_TRY: drivers never
 * need VFS, so a driver waiting for VM holds nobody up). The messages are
 * built and read by lib/libproto/cdev.c.
 *
 * poll/select (cdev_select): VFS asks the driver what is ready now
 * (CDEV_SELECT, a sendrec the driver answers at once: it never waits for
 * readiness) and asks it to notify us when something it lacks becomes
 * ready. That notification comes as a select event through the same
 * CDEV_STATUS collection as finished requests; cdev_poll then has
 * select.c examine every parked poll again (select_wake), which asks the
 * driver anew. A driver without CDEV_SELECT (ENOSYS) is taken as always
 * ready (the memory driver answers so itself); one that is gone (an IPC error) reports POLLERR, so the poll
 * ends and the read says EIO, and no poll waits on a dead driver.
 *
 * Missing entries: /dev holds no names to change (create, mkdir, unlink,
 * rmdir, link, symlink, rename, chmod: EROFS); devices cannot be
 * truncated (EINVAL; O_TRUNC is ignored) or listed (ENOTDIR).
 */
#include "vfs.h"

#define MEM_MAJOR 1
#define TTY_MAJOR 4

struct devent {
	const char *name;
	endpoint_t driver;
	uint32_t major, minor;
};

static const struct devent devs[] = {
	{ "null",    MEM_PROC_NR, MEM_MAJOR, 0 },
	{ "zero",    MEM_PROC_NR, MEM_MAJOR, 1 },
	{ "ram",     MEM_PROC_NR, MEM_MAJOR, 2 },
	{ "tty",     TTY_PROC_NR, TTY_MAJOR, 0 },
	{ "console", TTY_PROC_NR, TTY_MAJOR, 0 },
};
#define NDEVS (int)(sizeof(devs) / sizeof(devs[0]))

static int next_id = 1;

static endpoint_t driver_of(uint32_t major)
{
	for (int i = 0; i < NDEVS; i++)
		if (devs[i].major == major)
			return devs[i].driver;
	return NONE;
}

static bool is_tty(const struct vnode *vp)
{
	return vp->dev_major == TTY_MAJOR;
}

/* A driver's answer: an IPC failure (the driver is gone) is EIO. */
static int dev_err(int r)
{
	return r <= -ELOCKED && r >= -ESUSPEND ? -EIO : r;
}

/* ---- the /dev directory ------------------------------------------------ */

struct vnode *devfs_root(void)
{
	return vnode_get(&vn_devdir_ops, DEVFS_FS, 0, Q_S_IFDIR | 0755, 0, NULL);
}

static int devfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	(void)dir;
	for (int i = 0; i < NDEVS; i++) {
		if (strcmp(devs[i].name, name))
			continue;
		struct vnode *vp = vnode_get(&vn_cdev_ops, DEVFS_FS, (uint64_t)i + 1,
					     Q_S_IFCHR | 0666, 0, NULL);
		if (!vp)
			return -ENFILE;
		vp->dev_major = devs[i].major;
		vp->dev_minor = devs[i].minor;
		*out = vp;
		return OK;
	}
	return -ENOENT;
}

/* Entries from *pos on into buf (struct qdirent records). */
static int devfs_getdents(struct vnode *dir, uint64_t *pos, char *buf, uint64_t len)
{
	(void)dir;
	uint64_t used = 0;
	for (; *pos < (uint64_t)NDEVS + 2; (*pos)++) {
		const char *name = *pos == 0 ? "." : *pos == 1 ? ".." : devs[*pos - 2].name;
		size_t reclen = (sizeof(struct qdirent) + strlen(name) + 1 + 7) & ~7ul;
		if (used + reclen > len)
			break;
		struct qdirent *d = (struct qdirent *)(buf + used);
		d->ino = *pos + 1;
		d->reclen = (uint16_t)reclen;
		d->type = *pos < 2 ? Q_DT_DIR : Q_DT_CHR;
		strlcpy(d->name, name, reclen - sizeof(*d));
		used += reclen;
	}
	if (used == 0 && *pos < (uint64_t)NDEVS + 2)
		return -EINVAL;            /* the buffer cannot hold one entry */
	return (int)used;
}

static int dev_stat(struct vnode *vp, struct qstat *st)
{
	vnode_stat_own(vp, st);
	return OK;
}

/* A terminal has no position; the others do (SEEK_END is size 0). */
static int dev_seek(struct vnode *vp)
{
	return is_tty(vp) ? -ESPIPE : OK;
}

/* ---- character devices ------------------------------------------------- */

static int cdev_open(struct vnode *vp, struct fproc *fp, int flags)
{
	endpoint_t drv = driver_of(vp->dev_major);
	if (drv == NONE)
		return -ENXIO;
	return dev_err(req_cdev_open(drv, (int32_t)vp->dev_minor, flags, fp->ep));
}

static void cdev_close(struct vnode *vp, int flags)
{
	(void)flags;
	endpoint_t drv = driver_of(vp->dev_major);
	if (drv != NONE)
		req_cdev_close(drv, (int32_t)vp->dev_minor);
}

static int cdev_rdwr(struct vio *io, bool write)
{
	struct fproc *fp = io->fp;
	struct filp *f = io->f;
	struct vnode *vp = f->vp;
	endpoint_t driver = driver_of(vp->dev_major);
	if (driver == NONE)
		return -ENXIO;
	int id = next_id++;
	cp_grant_id_t g = cpf_grant_magic(driver, fp->ep, io->buf, io->len,
					  write ? CPF_READ : CPF_WRITE);
	if (g < 0)
		return -ENOMEM;
	int r = req_cdev_readwrite(driver, write, (int32_t)vp->dev_minor, io->pos, g, io->len, id,
				   fp->ep, (f->flags & Q_O_NONBLOCK) ? CDEV_NONBLOCK : 0);
	if (r == CDEV_SUSPENDED) {
		/* The driver keeps g until the request completes or is cancelled. */
		fp->susp = (struct susp){ .kind = SUSP_CDEV, .filp = f, .buf = io->buf,
					  .len = io->len, .driver = driver, .id = id, .grant = g,
					  .advance = !io->positioned,
					  .call = write ? VFS_WRITE : VFS_READ };
		return SUSPEND_REPLY;
	}
	cpf_revoke(g);
	r = dev_err(r);
	if (r > 0 && !io->positioned && !is_tty(vp))
		f->pos = io->pos + (uint64_t)r;
	return r;
}

static int cdev_read(struct vio *io)  { return cdev_rdwr(io, false); }
static int cdev_write(struct vio *io) { return cdev_rdwr(io, true); }

static bool is_driver(endpoint_t ep)
{
	for (int i = 0; i < NDEVS; i++)
		if (devs[i].driver == ep)
			return true;
	return false;
}

/* A driver notified us: answer the callers of its finished requests, and
 * re-examine the parked polls after a select event. A notification from
 * anyone else is ignored: we would wait for its answer to CDEV_STATUS. */
void cdev_poll(endpoint_t driver)
{
	if (!is_driver(driver))
		return;
	bool sel = false;
	for (int guard = 0; guard < 1024; guard++) {
		struct cdev_done done;
		if (req_cdev_status(driver, &done) != 1)
			break;
		if (done.select) {
			sel = true;
			continue;
		}
		for (int i = 0; i < NR_PROCS; i++) {
			struct fproc *fp = &fprocs[i];
			struct susp *s = &fp->susp;
			if (!fp->in_use || s->kind != SUSP_CDEV || s->driver != driver ||
			    s->id != done.id)
				continue;
			cpf_revoke(s->grant);
			int r = done.result;
			if (r > 0 && s->advance && !is_tty(s->filp->vp))
				s->filp->pos += (uint64_t)r;
			s->kind = SUSP_NONE;
			message a;
			memset(&a, 0, sizeof(a));
			reply(fp->ep, &a, r);
			break;
		}
	}
	if (sel)
		select_wake();
}

static void cdev_cancel(struct fproc *fp)
{
	struct susp *s = &fp->susp;
	if (s->kind != SUSP_CDEV)
		return;
	req_cdev_cancel(s->driver, (int32_t)s->filp->vp->dev_minor, s->id);
	cpf_revoke(s->grant);
	s->kind = SUSP_NONE;
}

static int cdev_ioctl(struct vnode *vp, struct fproc *fp, int request, uint64_t arg)
{
	endpoint_t driver = driver_of(vp->dev_major);
	if (driver == NONE)
		return -ENXIO;
	cp_grant_id_t g = GRANT_INVALID;
	if (arg) {
		g = cpf_grant_magic(driver, fp->ep, arg, sizeof(int), CPF_READ | CPF_WRITE);
		if (g < 0)
			return -ENOMEM;
	}
	int r = req_cdev_ioctl(driver, (int32_t)vp->dev_minor, (uint32_t)request, g, fp->ep);
	if (g >= 0)
		cpf_revoke(g);
	return dev_err(r);
}

/* poll(): ask the driver (see the top of the file). */
static int cdev_select(struct filp *f, int events)
{
	struct vnode *vp = f->vp;
	int rd = events & (Q_POLLIN | Q_POLLRDNORM), wr = events & (Q_POLLOUT | Q_POLLWRNORM);
	endpoint_t driver = driver_of(vp->dev_major);
	if (driver == NONE)
		return Q_POLLERR;
	int ops = (rd ? CDEV_SEL_RD : 0) | (wr ? CDEV_SEL_WR : 0);
	if (!ops)
		return 0;
	int r = req_cdev_select(driver, (int32_t)vp->dev_minor, ops | CDEV_SEL_NOTIFY);
	if (r == -ENOSYS)
		return rd | wr;                /* no readiness to report: always ready */
	if (r < 0)
		return Q_POLLERR;
	return ((r & CDEV_SEL_RD) ? rd : 0) | ((r & CDEV_SEL_WR) ? wr : 0);
}

static int cdev_isatty(struct vnode *vp)
{
	return is_tty(vp) ? 1 : -ENOTTY;
}

const struct vnode_ops vn_devdir_ops = {
	.name     = "/dev",
	.read     = vn_eisdir,
	.write    = vn_eisdir,
	.stat     = dev_stat,
	.truncate = vn_truncate_eisdir,
	.seek     = dev_seek,
	.getdents = devfs_getdents,
	.fsync    = vn_nothing_to_sync,
	.lookup   = devfs_lookup,
};

/* mmap: /dev/zero is zero-filled anonymous memory (private or shared);
 * no other device can be mapped (/dev/null, the tty: ENODEV). */
static int cdev_mmap(struct vnode *vp, int flags)
{
	(void)flags;
	if (vp->dev_major == MEM_MAJOR && vp->dev_minor == 1)
		return OK;
	return -ENODEV;
}

const struct vnode_ops vn_cdev_ops = {
	.name    = "character device",
	.open    = cdev_open,
	.close   = cdev_close,
	.read    = cdev_read,
	.write   = cdev_write,
	.stat    = dev_stat,
	.seek    = dev_seek,
	.ioctl   = cdev_ioctl,
	.isatty  = cdev_isatty,
	.mmap    = cdev_mmap,
	.fsync   = vn_nothing_to_sync,
	.cancel  = cdev_cancel,
	.poll    = cdev_select,
};
