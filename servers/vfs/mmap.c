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
 * Two backings: zero-filled anonymous memory (/dev/zero), private or
 * shared, and a regular file's own pages (VM_MMAP_FILE), which VM takes
 * from its page cache and the file's FS fills.
 *
 * A file mapping holds the file: VFS gives VM a vnode reference with the
 * request (its cookie, vnode_cookie()). VM keeps it while any region maps
 * the file (answer held = 1; else VM had the file already and VFS drops
 * the extra reference at once), and gives it back, when the last mapping
 * goes, through VM_FILE_PUT after notifying VFS (vm_file_puts()). So a
 * mapping outlives close() and unlink(), and VM never calls VFS.
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
	int backing = vp->ops->mmap ? vp->ops->mmap(vp, a->flags) : -ENODEV;
	if (backing < 0)
		return backing;

	void *at;
	if (backing == VN_MAP_FILE) {
		/* mprotect may not later make a shared mapping writable that
		 * the descriptor could not have asked for (EACCES). */
		int nowrite = (f->flags & Q_O_ACCMODE) == Q_O_RDWR ? 0 : MAP_NOWRITE;
		err = vn_map_file(vp, fp->ep, a->addr, a->len, a->prot, a->flags | nowrite, a->offset,
				  &at);
	} else {
		/* Zero-filled anonymous memory: VM owns the region, no vnode. */
		err = vm_req_mmap(fp->ep, (void *)(uintptr_t)a->addr, a->len, a->prot,
				  a->flags | MAP_ANONYMOUS, -1, 0, &at, NULL);
	}
	if (err)
		return err;
	a->addr = (uint64_t)(uintptr_t)at;
	return OK;
}

int vn_map_file(struct vnode *vp, endpoint_t ep, uint64_t addr, uint64_t len, int prot,
		int flags, uint64_t offset, void **at)
{
	bool held = false;
	vnode_ref(vp);                  /* VM's, if it keeps it */
	int err = vm_req_mmap_file(ep, (void *)(uintptr_t)addr, len, prot, flags, vp->fs, vp->ino,
				   offset, vnode_cookie(vp), at, &held);
	if (err || !held)
		vnode_put(vp);
	return err;
}

/* VM no longer maps some files: drop the references it held. */
void vm_file_puts(void)
{
	int cookie;
	while (vm_req_file_put(&cookie) == OK) {
		struct vnode *vp = vnode_of_cookie(cookie);
		VFS_ASSERT(vp != NULL);
		if (vp)
			vnode_put(vp);
	}
}
