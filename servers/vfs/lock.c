/*
 * POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW): VFS_LOCK.
 *
 * A lock is a byte range [start, end] of one file (a vnode) held by one
 * process (its fproc), read (shared) or write (exclusive). A process's
 * own locks on a file never overlap: setting a range first removes the
 * process's coverage of it (splitting a lock that sticks out on both
 * sides), then adds the new lock; F_UNLCK only removes. Locks of
 * different processes conflict when they overlap and one is a write lock.
 *
 * Ownership and lifetime: the table below is VFS's alone (one thread).
 * A lock names its vnode by pointer without holding a reference: POSIX
 * drops all of a process's locks on a file when it closes ANY descriptor
 * of that file (close_fd calls lock_release before its filp_put), so a
 * lock never outlives its owner's last descriptor, which holds the vnode.
 * A process's exit closes every descriptor, and lock_release_all is a
 * second net. Locks are not inherited across fork (owners are fprocs).
 *
 * F_SETLKW on a conflict parks the caller (SUSP_LOCK: the request is in
 * fp->susp.lk, its descriptor's filp in fp->susp.filp) unless waiting
 * would close a cycle of waiters: the caller waits for the holders of
 * the conflicting locks, each of which may itself be parked waiting for
 * others; if that graph reaches the caller, the answer is EDEADLK. Every
 * release retries the waiters on that vnode (lock_wake). lock_cancel
 * drops a parked request without an answer (exit; susp_cancel in
 * fproc.c, which an interrupted call uses too).
 *
 * Decode, then invoke: lock_set checks the range and counts the free
 * slots it needs before it changes anything (ENOLCK when short).
 *
 * Lists: a vnode's locks are on its `locks` list (any order), the free
 * slots on `free_list` (`nr_free` of them), so a lock call looks only at
 * the locks of its own file. A slot is on exactly one of the two lists
 * (owner NULL exactly on the free list).
 */
#include "vfs.h"

#define NR_LOCKS 512
#define LOCK_END UINT64_MAX          /* "to the end of the file, however long" */

struct lock {
	struct fproc *owner;         /* NULL: a free slot */
	struct vnode *vp;
	uint64_t start, end;         /* inclusive */
	int type;                    /* Q_F_RDLCK or Q_F_WRLCK */
	struct lock *next;           /* on vp->locks, or on free_list */
};

static struct lock locks[NR_LOCKS];
static struct lock *free_list;
static int nr_waiting;               /* processes parked in F_SETLKW (SUSP_LOCK) */
static int nr_free = -1;             /* -1: the free list is not made yet */

static void free_list_init(void)
{
	if (nr_free >= 0)
		return;
	for (int i = NR_LOCKS - 1; i >= 0; i--) {
		locks[i].next = free_list;
		free_list = &locks[i];
	}
	nr_free = NR_LOCKS;
}

/* A free slot, put on vp's list for owner (lock_set counted it). */
static struct lock *lock_new(struct fproc *owner, struct vnode *vp)
{
	struct lock *l = free_list;
	VFS_ASSERT(l && nr_free > 0);
	free_list = l->next;
	nr_free--;
	*l = (struct lock){ .owner = owner, .vp = vp, .next = vp->locks };
	vp->locks = l;
	return l;
}

/* Take the lock *pp off its vnode's list (pp points at the link to it)
 * and free it. */
static void lock_free(struct lock **pp)
{
	struct lock *l = *pp;
	*pp = l->next;
	l->owner = NULL;
	l->vp = NULL;
	l->next = free_list;
	free_list = l;
	nr_free++;
}

static bool overlaps(const struct lock *l, uint64_t start, uint64_t end)
{
	return l->start <= end && start <= l->end;
}

/* The first lock of another process that stops `owner` from taking
 * [start, end] as `type`, or NULL. */
static struct lock *conflict(struct fproc *owner, struct vnode *vp, uint64_t start,
			     uint64_t end, int type)
{
	for (struct lock *l = vp->locks; l; l = l->next)
		if (overlaps(l, start, end) && l->owner != owner &&
		    (type == Q_F_WRLCK || l->type == Q_F_WRLCK))
			return l;
	return NULL;
}

/* Would `waiter` waiting for the holders of the locks that conflict with
 * (vp, start, end, type) wait, through parked F_SETLKW requests, for
 * `target`? Depth-first over the wait graph; `seen` marks fproc slots
 * visited (a process is parked on at most one request). */
static bool waits_for(struct fproc *waiter, struct vnode *vp, uint64_t start, uint64_t end,
		      int type, struct fproc *target, bool *seen)
{
	for (struct lock *l = vp->locks; l; l = l->next) {
		if (!overlaps(l, start, end) || l->owner == waiter ||
		    (type != Q_F_WRLCK && l->type != Q_F_WRLCK))
			continue;
		struct fproc *h = l->owner;
		if (h == target)
			return true;
		size_t slot = (size_t)(h - fprocs);
		if (seen[slot] || h->susp.kind != SUSP_LOCK)
			continue;
		seen[slot] = true;
		if (waits_for(h, h->susp.filp->vp, h->susp.lk.start, h->susp.lk.end,
			      h->susp.lk.type, target, seen))
			return true;
	}
	return false;
}

/* Set owner's locks on vp over [start, end] to `type` (Q_F_UNLCK:
 * none). No conflict check: the caller made it. OK or -ENOLCK, with
 * nothing changed on ENOLCK. */
static int lock_set(struct fproc *owner, struct vnode *vp, uint64_t start, uint64_t end, int type)
{
	/* A lock sticking out on both sides splits in two: one more slot;
	 * one wholly inside the range is freed first: one less; the new lock
	 * itself: one more. */
	int need = type == Q_F_UNLCK ? 0 : 1;
	free_list_init();
	for (struct lock *l = vp->locks; l; l = l->next) {
		if (l->owner != owner || !overlaps(l, start, end))
			continue;
		if (l->start < start && l->end > end)
			need++;
		else if (l->start >= start && l->end <= end)
			need--;
	}
	if (need > nr_free)
		return -ENOLCK;

	/* Frees and trims first, so that the split (at most one: an owner's
	 * locks never overlap) finds the slot counted for it. */
	struct lock *split = NULL;
	for (struct lock **pp = &vp->locks; *pp;) {
		struct lock *l = *pp;
		if (l->owner != owner || !overlaps(l, start, end)) {
			pp = &l->next;
			continue;
		}
		if (l->start < start && l->end > end) {
			split = l;
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			lock_free(pp);
			continue;
		}
		pp = &l->next;
	}
	if (split) {
		struct lock *right = lock_new(owner, vp);
		right->type = split->type;
		right->start = end + 1;
		right->end = split->end;
		split->end = start - 1;
	}
	if (type != Q_F_UNLCK) {
		struct lock *l = lock_new(owner, vp);
		l->start = start;
		l->end = end;
		l->type = type;
	}
	return OK;
}

/* Retry every parked F_SETLKW on vp: a request whose range is now free
 * takes its lock and gets its answer (OK, or ENOLCK). */
static void lock_wake(struct vnode *vp)
{
	for (int i = 0; i < NR_PROCS && nr_waiting > 0; i++) {
		struct fproc *w = &fprocs[i];
		if (!w->in_use || w->susp.kind != SUSP_LOCK || w->susp.filp->vp != vp)
			continue;
		struct lock_req *rq = &w->susp.lk;
		if (conflict(w, vp, rq->start, rq->end, rq->type))
			continue;
		int r = lock_set(w, vp, rq->start, rq->end, rq->type);
		w->susp.kind = SUSP_NONE;
		nr_waiting--;
		w->susp.filp = NULL;
		message m;
		memset(&m, 0, sizeof(m));
		reply(w->ep, &m, r);
	}
}

void lock_release(struct fproc *fp, struct vnode *vp)
{
	bool any = false;
	for (struct lock **pp = &vp->locks; *pp;) {
		if ((*pp)->owner == fp) {
			lock_free(pp);
			any = true;
		} else {
			pp = &(*pp)->next;
		}
	}
	if (any)
		lock_wake(vp);
}

void lock_release_all(struct fproc *fp)
{
	for (int i = 0; i < NR_LOCKS; i++)
		if (locks[i].owner == fp)
			lock_release(fp, locks[i].vp);
}

void lock_cancel(struct fproc *fp)
{
	VFS_ASSERT(fp->susp.kind == SUSP_LOCK);
	fp->susp.kind = SUSP_NONE;
	nr_waiting--;
	fp->susp.filp = NULL;
}

int lock_count(struct fproc *fp)
{
	int n = 0;
	for (int i = 0; i < NR_LOCKS; i++)
		n += locks[i].owner == fp;
	return n;
}

/* The absolute range of a struct flock: whence and start from the
 * descriptor's position or the file's size, len 0 to the end of the
 * file, a negative len the bytes before start. OK, -EINVAL (a range
 * before byte 0, a bad whence) or -EOVERFLOW. */
static int lock_range(struct filp *f, const mess_vfs_lock *lk, uint64_t *start, uint64_t *end)
{
	int64_t base;
	int r = filp_whence_base(f, lk->whence, &base);
	if (r < 0)
		return r;
	int64_t s, e;
	if (__builtin_add_overflow(base, lk->start, &s))
		return -EOVERFLOW;
	if (lk->len > 0) {
		if (__builtin_add_overflow(s, lk->len - 1, &e))
			return -EOVERFLOW;
	} else if (lk->len < 0) {
		e = s - 1;
		if (__builtin_add_overflow(s, lk->len, &s))
			return -EINVAL;
	} else {
		e = -1;                      /* to the end: LOCK_END below */
	}
	if (s < 0)
		return -EINVAL;
	*start = (uint64_t)s;
	*end = lk->len == 0 ? LOCK_END : (uint64_t)e;
	return OK;
}

int do_lock(struct fproc *fp, message *m)
{
	mess_vfs_lock *lk = &m->m_vfs_lock;
	struct filp *f = fd_filp(fp, lk->fd);
	if (!f)
		return -EBADF;
	if (lk->cmd != Q_F_GETLK && lk->cmd != Q_F_SETLK && lk->cmd != Q_F_SETLKW)
		return -EINVAL;
	int type = lk->type;
	if (type != Q_F_RDLCK && type != Q_F_WRLCK && type != Q_F_UNLCK)
		return -EINVAL;
	/* Only files have bytes to lock: not pipes, ttys or directories. */
	if (!f->vp->ops->seek || f->vp->ops->seek(f->vp) < 0 || is_dir(f->vp))
		return -EINVAL;
	uint64_t start, end;
	int r = lock_range(f, lk, &start, &end);
	if (r < 0)
		return r;

	if (lk->cmd == Q_F_GETLK) {
		if (type == Q_F_UNLCK)
			return -EINVAL;
		struct lock *l = conflict(fp, f->vp, start, end, type);
		if (!l) {
			lk->type = Q_F_UNLCK;
			return OK;
		}
		struct pm_procinfo info;
		lk->type = (int16_t)l->type;
		lk->whence = Q_SEEK_SET;
		lk->start = (int64_t)l->start;
		lk->len = l->end == LOCK_END ? 0 : (int64_t)(l->end - l->start + 1);
		lk->pid = pm_req_getproc(0, l->owner->ep, &info) >= 0 ? info.pid : -1;
		return OK;
	}

	/* The lock's kind must match how the descriptor was opened. */
	int acc = f->flags & Q_O_ACCMODE;
	if ((type == Q_F_RDLCK && acc == Q_O_WRONLY) || (type == Q_F_WRLCK && acc == Q_O_RDONLY))
		return -EBADF;
	if (type != Q_F_UNLCK && conflict(fp, f->vp, start, end, type)) {
		if (lk->cmd == Q_F_SETLK)
			return -EAGAIN;
		bool seen[NR_PROCS] = { false };
		if (waits_for(fp, f->vp, start, end, type, fp, seen))
			return -EDEADLK;
		VFS_ASSERT(fp->susp.kind == SUSP_NONE);
		fp->susp.kind = SUSP_LOCK;
		fp->susp.filp = f;
		fp->susp.lk = (struct lock_req){ .start = start, .end = end, .type = type };
		nr_waiting++;
		return SUSPEND_REPLY;
	}
	r = lock_set(fp, f->vp, start, end, type);
	if (r == OK && type != Q_F_WRLCK)
		lock_wake(f->vp);            /* unlocked or downgraded: others may go on */
	return r;
}
