/*
 * The device file system VFS serves itself on /dev: a fixed table of
 * character devices, each a driver endpoint and a minor number.
 */
#include "vfs.h"

struct devent {
	const char *name;
	endpoint_t driver;
	uint32_t major, minor;
};

/* major numbers: 1 = memory driver, 4 = tty */
static const struct devent devs[] = {
	{ "null",    MEM_PROC_NR, 1, 0 },
	{ "zero",    MEM_PROC_NR, 1, 1 },
	{ "ram",     MEM_PROC_NR, 1, 2 },
	{ "tty",     TTY_PROC_NR, 4, 0 },
	{ "console", TTY_PROC_NR, 4, 0 },
};
#define NDEVS (int)(sizeof(devs) / sizeof(devs[0]))

endpoint_t devfs_driver(uint32_t major)
{
	for (int i = 0; i < NDEVS; i++)
		if (devs[i].major == major)
			return devs[i].driver;
	return NONE;
}

struct vnode *devfs_root(void)
{
	return vnode_get(DEVFS_FS, 0, Q_S_IFDIR | 0755, 0, NULL);
}

int devfs_lookup(const char *name, struct vnode **out)
{
	for (int i = 0; i < NDEVS; i++) {
		if (strcmp(devs[i].name, name))
			continue;
		struct vnode *vp = vnode_get(DEVFS_FS, (uint64_t)i + 1, Q_S_IFCHR | 0666, 0, NULL);
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
int devfs_getdents(uint64_t *pos, char *buf, uint64_t len)
{
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
