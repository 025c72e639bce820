/*
 * Waiting for file servers without blocking: wait entries and the work
 * queue each file server drains with VM_CACHE_WORK.
 *
 * A wait entry is one item of work for one server: bring in a file page
 * (VMW_PAGEIN), fill a hole (VMW_FILL), write pages back (VMW_WRITEBACK).
 * Two faults on the same page find the same entry and both wait on it
 * (an entry is keyed by server, kind, inode, index and count). The
 * messages waiting on an entry are kept whole; when the server answers
 * the item, each is replayed through vm_dispatch() exactly as if it had
 * just arrived: a fault runs fault.c's steps from the start, a call its
 * handler. So a handler that must wait only has to return VM_SUSPEND
 * after fwait_on(..., park = true); there is no saved state to go stale.
 * During the replay fwait_replay_result() tells the handler what the
 * server answered (a hole, the end of the file, an error), which is not
 * kept anywhere else.
 *
 * Entry states: QUEUED (the server has not taken it yet; it has been
 * notified) -> SENT (handed out with an id by VM_CACHE_WORK) -> answered
 * and freed. VM only ever notifies a server (ipc_notify never blocks): the
 * server comes to VM for its work, so VM never waits for a file server
 * and the call order of docs/architecture.md (FS -> VM, never back) holds.
 *
 * A process that dies while its fault is parked leaves its message in
 * the entry; the replay finds no such process (endpoint generations) and
 * answers nobody.
 */
#include "vm.h"
#include "pool.h"

enum { FW_QUEUED, FW_SENT };

struct waiter {
	struct waiter *next;
	message m;
};

struct fwait {
	struct fwait *next;              /* all entries, oldest first */
	endpoint_t fs;
	int kind;                        /* VMW_* */
	uint64_t ino, index, count;
	int id;                          /* SENT: the id the server answers */
	int state;
	struct waiter *waiters;
};

static struct pool fwait_pool = POOL_INIT(struct fwait);
static struct pool waiter_pool = POOL_INIT(struct waiter);
static struct fwait *head, **tail = &head;
static int next_id = 1;

/* The entry being answered, while its waiters are replayed. */
static const struct fwait *replaying;
static int replay_result;

static struct fwait *find(endpoint_t fs, int kind, uint64_t ino, uint64_t index, uint64_t count)
{
	for (struct fwait *w = head; w; w = w->next)
		if (w->fs == fs && w->kind == kind && w->ino == ino && w->index == index &&
		    w->count == count)
			return w;
	return NULL;
}

static int park(struct fwait *w)
{
	struct waiter *wt = pool_alloc(&waiter_pool);
	if (!wt)
		return -ENOMEM;
	wt->m = *vm_current;
	/* Keep arrival order: the first to fault is the first replayed. */
	struct waiter **pp = &w->waiters;
	while (*pp)
		pp = &(*pp)->next;
	*pp = wt;
	return VM_SUSPEND;
}

int fwait_on(endpoint_t fs, int kind, uint64_t ino, uint64_t index, uint64_t count, bool do_park)
{
	struct fwait *w = find(fs, kind, ino, index, count);
	if (!w) {
		w = pool_alloc(&fwait_pool);
		if (!w)
			return -ENOMEM;
		*w = (struct fwait){ .fs = fs, .kind = kind, .ino = ino, .index = index,
				     .count = count, .state = FW_QUEUED };
		*tail = w;
		tail = &w->next;
		ipc_notify(fs);
	}
	return do_park ? park(w) : OK;
}

bool fwait_park_pending(endpoint_t fs, int kind, uint64_t ino, uint64_t index, uint64_t count)
{
	for (struct fwait *w = head; w; w = w->next)
		if (w->fs == fs && w->kind == kind && w->ino == ino &&
		    w->index < index + count && index < w->index + w->count)
			return park(w) == VM_SUSPEND;
	return false;
}

bool fwait_replay_result(endpoint_t fs, int kind, uint64_t ino, uint64_t index, int *result)
{
	const struct fwait *w = replaying;
	if (!w || w->fs != fs || w->kind != kind || w->ino != ino || w->index != index)
		return false;
	*result = replay_result;
	return true;
}

static void unlink_entry(struct fwait *w)
{
	struct fwait **pp = &head;
	while (*pp != w)
		pp = &(*pp)->next;
	*pp = w->next;
	if (tail == &w->next)
		tail = pp;
}

bool fwait_pending(int kind)
{
	for (struct fwait *w = head; w; w = w->next)
		if (w->kind == kind)
			return true;
	return false;
}

/* Is a write-back of file page (fs, ino, index) still queued or sent? */
static bool writeback_pending(endpoint_t fs, uint64_t ino, uint64_t index)
{
	for (struct fwait *w = head; w; w = w->next)
		if (w->fs == fs && w->kind == VMW_WRITEBACK && w->ino == ino && w->index <= index &&
		    index - w->index < w->count)
			return true;
	return false;
}

/* A write-back is done (or failed): its pages are no longer busy, unless
 * another write-back of them is still on its way. A page forgotten
 * meanwhile (truncated) has no file identity left to be found by. */
static void writeback_done(const struct fwait *w)
{
	for (uint64_t i = 0; i < w->count; i++) {
		struct pcache_page *p = pcache_peek_file(&pcache, (uint32_t)w->fs, w->ino, w->index + i);
		if (p && (p->flags & PCP_BUSY) && !writeback_pending(w->fs, w->ino, w->index + i))
			pcache_clear_busy(&pcache, p);
	}
}

/* The server answered w: replay everything that waited on it. */
static void complete(struct fwait *w, int result)
{
	unlink_entry(w);
	if (w->kind == VMW_WRITEBACK)
		writeback_done(w);
	if (w->kind == VMW_WRITEBACK && result < 0) {
		struct vfile *f = vfile_find(w->fs, w->ino);
		if (f)
			f->wb_error = result;
	}
	struct waiter *list = w->waiters;
	for (struct waiter *wt = list; wt; ) {
		struct waiter *next = wt->next;
		message m = wt->m;
		pool_free(&waiter_pool, wt);
		replaying = w;
		replay_result = result;
		vm_replaying_io = true;
		vm_dispatch(&m);
		vm_replaying_io = false;
		replaying = NULL;
		wt = next;
	}
	pool_free(&fwait_pool, w);
}

/* VM_CACHE_WORK: a file server answers one item and takes the next. */
int do_cache_work(message *m)
{
	mess_vm_work *a = &m->m_vm_work;
	endpoint_t fs = m->m_source;
	if (a->count & VMW_SYNC)
		cache_queue_dirty(fs);
	if (a->id != 0) {
		struct fwait *w = head;
		while (w && !(w->fs == fs && w->state == FW_SENT && w->id == a->id))
			w = w->next;
		if (!w)
			return -EINVAL;
		int result = a->val;
		if (result != OK && result != VMW_HOLE && result != VMW_EOF && result >= 0)
			result = -EIO;   /* not an answer the protocol has */
		complete(w, result);
		vm_current = m;   /* the replays moved it */
	}
	struct fwait *w = head;
	while (w && !(w->fs == fs && w->state == FW_QUEUED))
		w = w->next;
	memset(a, 0, sizeof(*a));
	if (!w)
		return OK;
	w->state = FW_SENT;
	w->id = next_id++;
	if (next_id <= 0)
		next_id = 1;
	a->id = w->id;
	a->val = w->kind;
	a->ino = w->ino;
	a->index = w->index;
	a->count = w->count;
	return OK;
}
