/*
 * Character devices. A request a driver cannot finish now (a tty read
 * with no input) comes back CDEV_SUSPENDED and is parked in the caller's
 * fproc with its id; when the driver notifies us, we collect finished
 * requests with CDEV_STATUS and answer their callers. The driver reaches
 * the caller's buffer through a magic grant; drivers never need VFS, so
 * a driver waiting for VM to bring the buffer in holds nobody up.
 */
#include "vfs.h"

#define TTY_MAJOR 4

endpoint_t devfs_driver(uint32_t major);

static int next_id = 1;

bool is_tty(const struct vnode *vp)
{
	return (vp->mode & Q_S_IFMT) == Q_S_IFCHR && vp->dev_major == TTY_MAJOR;
}

static int dev_call(endpoint_t driver, message *m)
{
	if (driver == NONE)
		return -ENXIO;
	int r = ipc_sendrec(driver, m);
	return r != OK ? -EIO : m->m_type;
}

int cdev_open(struct vnode *vp, struct fproc *fp, int flags)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = CDEV_OPEN;
	m.m_cdev.minor = (int32_t)vp->dev_minor;
	m.m_cdev.flags = flags;
	m.m_cdev.user = fp->ep;
	return dev_call(devfs_driver(vp->dev_major), &m);
}

void cdev_close(struct vnode *vp)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = CDEV_CLOSE;
	m.m_cdev.minor = (int32_t)vp->dev_minor;
	dev_call(devfs_driver(vp->dev_major), &m);
}

int cdev_rdwr(struct fproc *fp, struct filp *f, bool write, uint64_t pos, uint64_t buf,
	      uint64_t len, bool advance)
{
	struct vnode *vp = f->vp;
	endpoint_t driver = devfs_driver(vp->dev_major);
	if (driver == NONE)
		return -ENXIO;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = write ? CDEV_WRITE : CDEV_READ;
	m.m_cdev.minor = (int32_t)vp->dev_minor;
	m.m_cdev.pos = pos;
	m.m_cdev.size = len;
	m.m_cdev.id = next_id++;
	m.m_cdev.user = fp->ep;
	m.m_cdev.flags = (f->flags & Q_O_NONBLOCK) ? CDEV_NONBLOCK : 0;
	m.m_cdev.grant = cpf_grant_magic(driver, fp->ep, buf, len, write ? CPF_READ : CPF_WRITE);
	if (m.m_cdev.grant < 0)
		return -ENOMEM;
	int id = m.m_cdev.id;
	cp_grant_id_t g = m.m_cdev.grant;
	int r = dev_call(driver, &m);
	if (r == CDEV_SUSPENDED) {
		fp->susp = (struct susp){ .kind = SUSP_CDEV, .filp = f, .buf = buf, .len = len,
					  .driver = driver, .id = id, .grant = g, .advance = advance,
					  .call = write ? VFS_WRITE : VFS_READ };
		return SUSPEND_REPLY;
	}
	cpf_revoke(g);
	if (r > 0 && advance && !is_tty(vp))
		f->pos = pos + (uint64_t)r;
	return r;
}

void cdev_poll(endpoint_t driver)
{
	for (int guard = 0; guard < 1024; guard++) {
		message m;
		memset(&m, 0, sizeof(m));
		m.m_type = CDEV_STATUS;
		if (dev_call(driver, &m) != CDEV_REPLY)
			return;
		for (int i = 0; i < NR_PROCS; i++) {
			struct fproc *fp = &fprocs[i];
			struct susp *s = &fp->susp;
			if (!fp->in_use || s->kind != SUSP_CDEV || s->driver != driver || s->id != m.m_cdev.id)
				continue;
			cpf_revoke(s->grant);
			int r = m.m_cdev.result;
			if (r > 0 && s->advance && !is_tty(s->filp->vp))
				s->filp->pos += (uint64_t)r;
			s->kind = SUSP_NONE;
			message a;
			memset(&a, 0, sizeof(a));
			reply(fp->ep, &a, r);
			break;
		}
	}
}

void cdev_cancel(struct fproc *fp)
{
	struct susp *s = &fp->susp;
	if (s->kind != SUSP_CDEV)
		return;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = CDEV_CANCEL;
	m.m_cdev.minor = (int32_t)s->filp->vp->dev_minor;
	m.m_cdev.id = s->id;
	dev_call(s->driver, &m);
	cpf_revoke(s->grant);
	s->kind = SUSP_NONE;
}

int cdev_ioctl(struct fproc *fp, struct vnode *vp, int request, uint64_t arg)
{
	endpoint_t driver = devfs_driver(vp->dev_major);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = CDEV_IOCTL;
	m.m_cdev.minor = (int32_t)vp->dev_minor;
	m.m_cdev.size = (uint64_t)(uint32_t)request;
	m.m_cdev.user = fp->ep;
	cp_grant_id_t g = arg ? cpf_grant_magic(driver, fp->ep, arg, sizeof(int), CPF_READ | CPF_WRITE)
			      : GRANT_INVALID;
	m.m_cdev.grant = g;
	int r = dev_call(driver, &m);
	if (g >= 0)
		cpf_revoke(g);
	return r;
}
