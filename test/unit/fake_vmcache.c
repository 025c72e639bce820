/*
 * The fake of VM's page cache (fake_vmcache.h).
 */
#include <stdlib.h>
#include <string.h>
#include <quire/errno.h>
#include <quire/vm.h>
#include "fake_vmcache.h"

#define FVM_PAGES 1024
#define FVM_WORK 64

static struct fpage {
	bool used;
	uint64_t block, ino, index;
	void *at;                   /* the window page holding the frame, or NULL */
	bool mapped;                /* handed out by fvm_file_page: never reclaimed */
	uint8_t data[LMFS_BLOCK_SIZE];
} pages[FVM_PAGES];

struct fvm_event fvm_log[FVM_LOG];
unsigned fvm_nlog;

/* Items in a ring: item id lives in work[(id - 1) % FVM_WORK]; ids
 * [next_work + 1, nwork] are queued, not yet handed out. */
static struct { int id, kind, result; uint64_t ino, index, count; bool done; } work[FVM_WORK];
static int nwork, next_work;

static int slot_of(int id)
{
	return (id - 1) % FVM_WORK;
}

void fvm_reset(void)
{
	memset(pages, 0, sizeof(pages));
	memset(work, 0, sizeof(work));
	fvm_nlog = 0;
	nwork = next_work = 0;
}

static void logev(enum fvm_op op, uint64_t block, uint64_t ino, uint64_t index, uint64_t count,
		  bool found, int result)
{
	if (fvm_nlog < FVM_LOG)
		fvm_log[fvm_nlog++] = (struct fvm_event){ op, block, ino, index, count, found, result };
}

void fvm_log_read(uint64_t block, unsigned n)
{
	logev(FVM_READ, block, 0, 0, n, false, 0);
}

unsigned fvm_count(enum fvm_op op)
{
	unsigned n = 0;
	for (unsigned i = 0; i < fvm_nlog; i++)
		n += fvm_log[i].op == op;
	return n;
}

static struct fpage *by_block(uint64_t block)
{
	for (int i = 0; i < FVM_PAGES; i++)
		if (pages[i].used && pages[i].block == block)
			return &pages[i];
	return NULL;
}

static struct fpage *by_file(uint64_t ino, uint64_t index)
{
	for (int i = 0; i < FVM_PAGES; i++)
		if (pages[i].used && pages[i].ino == ino && pages[i].index == index && ino)
			return &pages[i];
	return NULL;
}

static struct fpage *by_at(void *at)
{
	for (int i = 0; i < FVM_PAGES; i++)
		if (pages[i].used && pages[i].at == at)
			return &pages[i];
	return NULL;
}

static unsigned evict_hand;

static struct fpage *new_page(void)
{
	struct fpage *p = NULL;
	for (int i = 0; i < FVM_PAGES && !p; i++)
		if (!pages[i].used)
			p = &pages[i];
	/* Full: reclaim a page no window holds and no test has stored into
	 * (as VM reclaims clean, unmapped cache pages), round robin. */
	for (int i = 0; i < FVM_PAGES && !p; i++) {
		struct fpage *q = &pages[evict_hand++ % FVM_PAGES];
		if (q->at == NULL && !q->mapped)
			p = q;
	}
	if (!p)
		abort();                /* more window pages than the fake holds */
	memset(p, 0, sizeof(*p));
	p->used = true;
	return p;
}

static uint8_t *contents(struct fpage *p)
{
	return p->at ? p->at : p->data;
}

void fvm_put(uint64_t block, uint64_t ino, uint64_t index, const void *content)
{
	struct fpage *p = new_page();
	p->block = block;
	p->ino = ino;
	p->index = index;
	memcpy(p->data, content, LMFS_BLOCK_SIZE);
}

uint8_t *fvm_block(uint64_t block)
{
	struct fpage *p = by_block(block);
	return p ? contents(p) : NULL;
}

uint8_t *fvm_file_page(uint64_t ino, uint64_t index)
{
	struct fpage *p = by_file(ino, index);
	if (!p)
		return NULL;
	p->mapped = true;
	return contents(p);
}

bool fvm_has_identity(uint64_t block, uint64_t ino, uint64_t index)
{
	struct fpage *p = by_block(block);
	return p && p->ino == ino && p->index == index;
}

unsigned fvm_pages(void)
{
	unsigned n = 0;
	for (int i = 0; i < FVM_PAGES; i++)
		n += pages[i].used;
	return n;
}

/* ---- the backing ops ---- */

static int get(void *page, uint64_t block, uint64_t ino, uint64_t index, bool *found)
{
	/* The frame at page leaves the window: VM keeps it if cached. */
	struct fpage *old = by_at(page);
	if (old) {
		memcpy(old->data, page, LMFS_BLOCK_SIZE);
		old->at = NULL;
	}
	struct fpage *p = by_block(block);
	*found = p != NULL;
	if (p) {
		if (p->at != NULL)
			return -EBUSY;          /* the cache holds a block twice: a bug */
		memcpy(page, p->data, LMFS_BLOCK_SIZE);
		p->at = page;
		if (ino) {
			struct fpage *f = by_file(ino, index);
			if (f && f != p)
				return -EEXIST;
			p->ino = ino;
			p->index = index;
		}
	} else {
		memset(page, 0, LMFS_BLOCK_SIZE);
	}
	logev(FVM_GET, block, ino, index, 0, *found, OK);
	return OK;
}

static int set(void *page, uint64_t block, uint64_t ino, uint64_t index)
{
	int r = OK;
	if (by_block(block) || (ino && by_file(ino, index))) {
		r = -EEXIST;
	} else {
		struct fpage *old = by_at(page);
		if (old)
			old->at = NULL;         /* cannot be: the page was got first */
		struct fpage *p = new_page();
		p->block = block;
		p->ino = ino;
		p->index = index;
		p->at = page;
	}
	logev(FVM_SET, block, ino, index, 0, false, r);
	return r;
}

/* A block just allocated: the window page gets a zeroed frame of its own,
 * named as the block (VMC_SET_FRESH). */
static int fresh(void *page, uint64_t block, uint64_t ino, uint64_t index)
{
	int r = OK;
	if (by_block(block) || (ino && by_file(ino, index))) {
		r = -EEXIST;
	} else {
		struct fpage *old = by_at(page);
		if (old) {
			memcpy(old->data, page, LMFS_BLOCK_SIZE);
			old->at = NULL;
		}
		memset(page, 0, LMFS_BLOCK_SIZE);
		struct fpage *p = new_page();
		p->block = block;
		p->ino = ino;
		p->index = index;
		p->at = page;
	}
	logev(FVM_FRESH, block, ino, index, 0, false, r);
	return r;
}

/* Fresh runs: n window pages from page get zeroed frames of their own
 * (VMC_SET_PREP); later the first n are named at once (VMC_SET_RUN). */
static int prep(void *page, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint8_t *pg = (uint8_t *)page + i * LMFS_BLOCK_SIZE;
		struct fpage *old = by_at(pg);
		if (old) {
			memcpy(old->data, pg, LMFS_BLOCK_SIZE);
			old->at = NULL;
		}
		memset(pg, 0, LMFS_BLOCK_SIZE);
	}
	logev(FVM_PREP, 0, 0, 0, n, false, OK);
	return OK;
}

static int set_run(void *page, uint64_t block, uint64_t ino, uint64_t index, uint64_t n)
{
	int r = OK;
	for (uint64_t i = 0; i < n && r == OK; i++)
		if (by_block(block + i) || (ino && by_file(ino, index + i)) ||
		    by_at((uint8_t *)page + i * LMFS_BLOCK_SIZE))
			r = -EEXIST;
	for (uint64_t i = 0; i < n && r == OK; i++) {
		struct fpage *p = new_page();
		p->block = block + i;
		p->ino = ino;
		p->index = ino ? index + i : 0;
		p->at = (uint8_t *)page + i * LMFS_BLOCK_SIZE;
	}
	logev(FVM_RUN, block, ino, index, n, false, r);
	return r;
}

static int forget_blocks(uint64_t block, uint64_t count)
{
	for (int i = 0; i < FVM_PAGES; i++)
		if (pages[i].used && pages[i].block >= block && pages[i].block - block < count)
			pages[i].used = false;
	logev(FVM_FORGET_BLOCKS, block, 0, 0, count, false, OK);
	return OK;
}

static int forget_file(uint64_t ino, uint64_t from)
{
	for (int i = 0; i < FVM_PAGES; i++)
		if (pages[i].used && pages[i].ino == ino && pages[i].index >= from)
			pages[i].used = false;
	logev(FVM_FORGET_FILE, 0, ino, from, 0, false, OK);
	return OK;
}

const struct lmfs_backing fvm_backing = {
	.get = get,
	.set = set,
	.fresh = fresh,
	.prep = prep,
	.set_run = set_run,
	.forget_blocks = forget_blocks,
	.forget_file = forget_file,
};

/* ---- work ---- */

int fvm_queue(int kind, uint64_t ino, uint64_t index, uint64_t count)
{
	if (nwork - next_work >= FVM_WORK)
		abort();                /* more queued than the ring holds */
	int i = slot_of(++nwork);
	memset(&work[i], 0, sizeof(work[i]));
	work[i].id = nwork;
	work[i].kind = kind;
	work[i].ino = ino;
	work[i].index = index;
	work[i].count = count;
	work[i].result = 12345;
	return work[i].id;
}

int fvm_result(int id)
{
	return id >= 1 && id <= nwork && id > nwork - FVM_WORK ? work[slot_of(id)].result : 12345;
}

void fvm_message(message *m)
{
	mess_vm_cache *c = &m->m_vm_cache;
	int r;
	bool found = false;
	switch (m->m_type) {
	case VM_CACHE_WORK:
		if (m->m_vm_work.id != 0) {
			int id = m->m_vm_work.id;
			if (id >= 1 && id <= next_work && work[slot_of(id)].id == id &&
			    !work[slot_of(id)].done) {
				work[slot_of(id)].result = m->m_vm_work.val;
				work[slot_of(id)].done = true;
			}
		}
		memset(&m->m_vm_work, 0, sizeof(m->m_vm_work));
		if (next_work < nwork) {
			int i = slot_of(++next_work);
			m->m_vm_work.id = work[i].id;
			m->m_vm_work.val = work[i].kind;
			m->m_vm_work.ino = work[i].ino;
			m->m_vm_work.index = work[i].index;
			m->m_vm_work.count = work[i].count;
		}
		m->m_type = OK;
		return;
	case VM_CACHE_GET:
		r = get((void *)(uintptr_t)c->addr, c->block, c->ino, c->index, &found);
		c->found = found;
		m->m_type = r;
		return;
	case VM_CACHE_SET: {
		void *at = (void *)(uintptr_t)c->addr;
		switch (c->op) {
		case 0: r = set(at, c->block, c->ino, c->index); break;
		case VMC_SET_FRESH: r = fresh(at, c->block, c->ino, c->index); break;
		case VMC_SET_PREP: r = prep(at, c->count); break;
		case VMC_SET_RUN: r = set_run(at, c->block, c->ino, c->index, c->count); break;
		default: r = -EINVAL; break;
		}
		m->m_type = r;
		return;
	}
	case VM_CACHE_FORGET:
		m->m_type = c->op == VMC_FORGET_BLOCKS ? forget_blocks(c->block, c->count)
						       : forget_file(c->ino, c->index);
		return;
	default:
		m->m_type = -ENOSYS;
	}
}
