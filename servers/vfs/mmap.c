/*
 * mmap of a descriptor (VFS_MMAP). Programs -> VFS -> VM: libposix sends
 * every mmap that is not MAP_ANONYMOUS here; VFS checks the arguments,
 * the descriptor and its kind (the vnode's `mmap` op), then asks VM
 * (VM_MMAP with target = the caller) to make the mapping in the caller's
 * address space, and answers with the address.
 *
 * Decode, then invoke: the checks below run in POSIX's order (EINVAL,
 * EBADF, EACCES, ENODEV) and change nothing; the VM request is the only
 * side effect and comes last.
 *
 * Today the only backing VFS can ask for is zero-filled anonymous memory
 * (/dev/zero): private, or shared (RF_SHARED, which fork shares with the
 * child). A regular file answers ENODEV until VM has file-backed memory
 * (docs/vfs.md, "mmap").
 */
#include "vfs.h"

#define MMAP_PAGE   4096ULL
/* What a descriptor mapping may ask for: no MAP_ANONYMOUS (that is VM's,
 * straight), no MAP_CONTIG (drivers' DMA memory, VM's and privileged). */
#define MMAP_FLAGS  (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_POPULATE)
#define MMAP_PROT   (PROT_READ | PROT_WRITE | PROT_EXEC)

/* EINVAL cases: everything about the arguments, nothing about the fd. */
static int check_args(const mess_vm_mmap *a)
{
	int kind = a->flags & (MAP_SHARED | MAP_PRIVATE);
	if (a->len == 0)
		return -EINVAL;
	if ((a->flags & ~MMAP_FLAGS) || (a->prot & ~MMAP_PROT))
		return -EINVAL;
	if (kind != MAP_SHARED && kind != MAP_PRIVATE)
		return -EINVAL;                 /* neither, or both */
	/* offset is an off_t: negative ones arrive with the top bit set */
	if ((a->offset & (MMAP_PAGE - 1)) || a->offset > (uint64_t)INT64_MAX)
		return -EINVAL;
	if (a->len > (uint64_t)INT64_MAX - a->offset)
		return -EINVAL;                 /* offset + len overflows off_t */
	if ((a->flags & MAP_FIXED) && (a->addr & (MMAP_PAGE - 1)))
		return -EINVAL;
	return OK;
}

/* EACCES: a mapping reads the file whatever prot says, so the descriptor
 * must be readable; a shared writable one writes the file back. */
static int check_access(const struct filp *f, const mess_vm_mmap *a)
{
	int acc = f->flags & Q_O_ACCMODE;
	if (acc == Q_O_WRONLY)
		return -EACCES;
	if ((a->flags & MAP_SHARED) && (a->prot & PROT_WRITE) && acc != Q_O_RDWR)
		return -EACCES;
	return OK;
}

int do_mmap(struct fproc *fp, message *m)
{
	mess_vm_mmap *a = &m->m_vm_mmap;
	int err = check_args(a);
	if (err)
		return err;
	struct filp *f = fd_filp(fp, a->fd);
	if (!f)
		return -EBADF;
	err = check_access(f, a);
	if (err)
		return err;
	struct vnode *vp = f->vp;
	err = vp->ops->mmap ? vp->ops->mmap(vp, a->flags) : -ENODEV;
	if (err)
		return err;

	/* The vnode said: zero-filled anonymous memory. VM owns the region
	 * from here; it does not hold the vnode, so the mapping outlives
	 * close(fd). */
	void *at;
	err = vm_req_mmap(fp->ep, (void *)(uintptr_t)a->addr, a->len, a->prot,
			  a->flags | MAP_ANONYMOUS, -1, 0, &at, NULL);
	if (err)
		return err;
	a->addr = (uint64_t)(uintptr_t)at;
	return OK;
}
