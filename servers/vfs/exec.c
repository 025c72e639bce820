/*
 * exec: replace a process's program with a static ELF64 file.
 *
 *   1. find the file (ENOENT, EACCES unless some execute bit is set,
 *      EACCES for a non-regular file), read and check its headers with
 *      lib/libelf, the ELF reader the kernel uses too (ENOEXEC)
 *   2. copy the caller's stack image in (E2BIG, EFAULT)
 *   ---- no way back after this: a failure from here on kills the process
 *   3. VM clears the old memory; each segment is mapped: where its file
 *      bytes sit page-aligned in the file (as the linker lays programs
 *      out), as a private mapping of the file itself (map_segment), so
 *      text and read-only data are the page cache's pages, shared by every
 *      process running the program, and writable data is copied on write;
 *      else (the fallback) as anonymous memory into which the FS reads the
 *      file bytes through a magic grant (the EFAULT-retry protocol). The
 *      stack region is mapped and the image written to its top
 *   4. the kernel starts the new program (KC_EXEC); close-on-exec
 *      descriptors close
 *
 * The stack image (built by libposix) is exactly the new stack's bytes:
 * argc, argv[], NULL, envp[], NULL, strings - with each pointer stored as
 * an offset from the image's start, which VFS relocates.
 */
#include "vfs.h"
#include "../../lib/libelf/libelf.h"

#define STACK_TOP   0x00007FFFFFFFF000ULL
/* The most a stack may be: VM maps the top RLIMIT_STACK bytes of it
 * (MAP_EXECSTACK), the rest stays a hole where the stack cannot grow. */
#define STACK_SIZE  (256ULL << 20)
#define IMAGE_MAX   VFS_EXEC_IMAGE_MAX
#define HDR_MAX     4096

static char path[VFS_PATH_MAX];
static uint8_t hdr[HDR_MAX];
static uint8_t image[IMAGE_MAX] __attribute__((aligned(16)));

static int map_for(endpoint_t ep, uint64_t addr, uint64_t len, int prot)
{
	return vm_req_mmap(ep, (void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			   -1, 0, NULL, NULL);
}

static int protect_for(endpoint_t ep, uint64_t addr, uint64_t len, int prot)
{
	return vm_req_mprotect(ep, (void *)addr, len, prot);
}

static int prot_of(uint32_t flags)
{
	return ((flags & ELF_SEG_R) ? PROT_READ : 0) | ((flags & ELF_SEG_W) ? PROT_WRITE : 0) |
	       ((flags & ELF_SEG_X) ? PROT_EXEC : 0);
}

/* Relocate the image's pointers (offsets) to where it will live. */
static int relocate(uint64_t len, uint64_t base)
{
	uint64_t *w = (uint64_t *)image;
	uint64_t words = len / 8;
	if (words < 3)
		return -EINVAL;
	uint64_t argc = w[0], i = 1;
	if (argc > words)
		return -EINVAL;
	for (int list = 0; list < 2; list++) {   /* argv, then envp */
		for (; i < words && w[i]; i++) {
			if (w[i] >= len)
				return -EINVAL;
			w[i] += base;
		}
		if (i >= words)
			return -EINVAL;
		i++;                               /* the NULL */
	}
	return OK;
}

static const uint8_t zeros[4096];

/* Segment s as a private mapping of the file: [vaddr, file end rounded
 * up) from the file, the rest (bss) anonymous, and the bss bytes that
 * share the file's last page zeroed (a store: that page becomes the
 * process's own copy). -ENODEV if s cannot be mapped so (load() then
 * copies it). */
static int map_segment(endpoint_t ep, struct vnode *vp, const struct elf_segment *s)
{
	uint64_t fend = s->file_vaddr + s->file_len;
	uint64_t mend = (fend + 4095) & ~4095ULL;
	int prot = prot_of(s->flags);
	if (s->file_len == 0 || (s->file_vaddr & 4095) != (s->file_off & 4095) ||
	    s->file_vaddr - s->vaddr >= 4096 || !vp->ops->mmap ||
	    vp->ops->mmap(vp, MAP_PRIVATE) != VN_MAP_FILE)
		return -ENODEV;
	/* bss bytes in the file's last page */
	bool tail = (fend & 4095) && s->mem_len > s->file_len;
	if (tail && !(prot & PROT_WRITE))
		return -ENODEV;
	int r = vn_map_file(vp, ep, s->vaddr, mend - s->vaddr, prot, MAP_PRIVATE | MAP_FIXED,
			    s->file_off & ~4095ULL, NULL);
	if (r == OK && tail)
		r = ucopy_to(ep, fend, zeros, mend - fend);
	if (r == OK && s->mem_end > mend)
		r = vm_req_mmap(ep, (void *)mend, s->mem_end - mend, prot,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, NULL, NULL);
	return r;
}

static void kill_process(endpoint_t ep)
{
	pm_req_kill(0, ep, QSIGKILL);          /* pid 0: by endpoint */
}

static int load(struct fproc *fp, struct vnode *vp, const struct elf_image *img, uint64_t ilen,
		uint64_t *sp)
{
	endpoint_t ep = fp->ep;
	uint64_t brk = 0;
	for (int i = 0; i < img->nr_segments; i++)
		if (img->seg[i].mem_end > brk)
			brk = img->seg[i].mem_end;
	int r = vm_req_clear(ep, brk);
	for (int i = 0; r == OK && i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];
		r = map_segment(ep, vp, s);
		if (r != -ENODEV)
			continue;
		r = map_for(ep, s->vaddr, s->mem_end - s->vaddr, PROT_READ | PROT_WRITE);
		if (r == OK && s->file_len) {
			int n = vnode_load(vp, s->file_off, ep, s->file_vaddr, s->file_len);
			r = n == (int)s->file_len ? OK : -ENOEXEC;
		}
		if (r == OK)
			r = protect_for(ep, s->vaddr, s->mem_end - s->vaddr, prot_of(s->flags));
	}
	if (r == OK)
		r = vm_req_mmap(ep, (void *)(STACK_TOP - STACK_SIZE), STACK_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_EXECSTACK, -1, 0, NULL, NULL);
	uint64_t base = (STACK_TOP - ilen) & ~15ULL;
	if (r == OK)
		r = relocate(ilen, base);
	if (r == OK && ucopy_to(ep, base, image, ilen) != OK)
		r = -EFAULT;
	*sp = base;
	return r;
}

int do_exec(struct fproc *fp, message *m)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, LK_FOLLOW, path, &vp);
	if (r)
		return r;
	struct qstat st;
	r = vnode_stat(vp, &st);
	if (r >= 0 && (st.mode & Q_S_IFMT) != Q_S_IFREG)
		r = -EACCES;
	else if (r >= 0)
		r = perm_check(fp, vp, PERM_X);   /* uid 0 too needs one x bit */
	int n = r < 0 ? r : vnode_load(vp, 0, SELF, (uint64_t)hdr, sizeof(hdr));
	struct elf_image img;
	const char *why;
	if (n >= 0 && elf_check_headers(hdr, (size_t)n, st.size, STACK_TOP - STACK_SIZE, &img, &why) != 0)
		n = -ENOEXEC;
	/* The headers must be inside what we read. */
	if (n >= 0 && img.nr_segments == 0)
		n = -ENOEXEC;
	uint64_t ilen = m->m_vfs.len2;
	if (n >= 0 && (ilen > IMAGE_MAX || ilen < 24))
		n = ilen > IMAGE_MAX ? -E2BIG : -EINVAL;
	if (n >= 0 && (ilen & 7))
		n = -EINVAL;
	if (n >= 0 && ucopy_from(fp->ep, m->m_vfs.buf, image, ilen) != OK)
		n = -EFAULT;
	if (n < 0) {
		vnode_put(vp);
		return n;
	}

	uint64_t sp;
	r = load(fp, vp, &img, ilen, &sp);
	vnode_put(vp);
	/* A set-user-ID (set-group-ID) program runs with its owner's uid
	 * (group's gid). PM keeps the ids (and makes them the saved ones);
	 * its PM_EV_CRED reaches us before the new program's first request. */
	if (r == OK)
		r = pm_req_exec_cred(fp->ep, (st.mode & Q_S_ISUID) ? st.uid : PM_ID_NONE,
				     (st.mode & Q_S_ISGID) ? st.gid : PM_ID_NONE);
	const char *name = path;
	for (const char *c = path; *c; c++)
		if (*c == '/' && c[1])
			name = c + 1;
	if (r == OK) {
		/* Handlers of the old image mean nothing now: PM resets them
		 * before the new program can run (docs/signals.md). */
		mess_pm_sig ps = { .sig = fp->ep };
		pm_req_sig(PM_EXEC, &ps);
		r = sys_exec(fp->ep, img.entry, sp, name);
	}
	if (r != OK) {
		printf("vfs: exec of %s failed after the old image was gone (%d): killing %d\n",
		       path, r, fp->ep);
		kill_process(fp->ep);
		return SUSPEND_REPLY;          /* nobody to answer */
	}
	for (int fd = 0; fd < VFS_OPEN_MAX; fd++)
		if (fp->cloexec & (1ULL << fd))
			close_fd(fp, fd);
	return SUSPEND_REPLY;                  /* the new program runs: no answer */
}
