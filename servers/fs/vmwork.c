/*
 * Work for VM's page cache (include/quire/vm.h, VM_CACHE_WORK).
 *
 * VM never waits for a file server: when a fault needs file data, or
 * pages written through mappings must reach the disk, VM parks the fault
 * and notifies the server. The server then asks for the items one by
 * one, each VM_CACHE_WORK carrying the result of the previous one, until
 * VM answers id 0 (vmwork_serve). The server calls VM synchronously here,
 * which the blocking-call order allows (ext2 -> vm, docs/architecture.md);
 * VM answers at once.
 *
 * The items (vmwork_do):
 *   VMW_PAGEIN (ino, index, count)  bring file page index into the cache
 *       with its file identity (and up to count-1 pages after it, as a
 *       hint, one device request per consecutive run). VMW_EOF if the
 *       page is wholly past the end, VMW_HOLE if it has no block.
 *   VMW_FILL (ino, index)  a MAP_SHARED store into a hole: allocate the
 *       page's block, zeroed, cached with its file identity and dirty for
 *       the server's own write-back (i_blocks written). A page that got a
 *       block meanwhile (a write()) is only made sure to be cached.
 *   VMW_WRITEBACK (ino, index, count)  pages of [index, index+count) that
 *       VM has were written through mappings: each that exists below the
 *       end and is not a hole is written to the disk from VM's page (a
 *       cached-only get: a page VM no longer has needs nothing), then the
 *       device is flushed. Consecutive blocks go in one request.
 * The inode is got and put around each item like any request's, so its
 * reference count is what it was. Not a regular file, or a free inode:
 * EINVAL.
 */
#include "fs.h"

/* The regular file ino, held. */
static int work_inode(uint64_t ino, struct inode **ipp)
{
	*ipp = NULL;
	if (!fs.dev || ino == 0 || ino > UINT32_MAX)
		return -EINVAL;
	int r = inode_get((uint32_t)ino, ipp);
	if (r == -ENOENT)
		return -EINVAL;         /* free */
	if (r != OK)
		return r;
	if (!inode_is_reg(*ipp)) {
		inode_put(*ipp);
		*ipp = NULL;
		return -EINVAL;
	}
	return OK;
}

/* Is page `index` wholly past the end of a file of `size` bytes? */
static bool past_eof(uint64_t index, uint64_t size)
{
	return size == 0 || index > (size - 1) >> EXT2_BLOCK_SHIFT;
}

static int pagein(struct inode *ip, uint64_t index, uint64_t count)
{
	uint64_t size = inode_size(ip);
	if (past_eof(index, size))
		return VMW_EOF;
	uint32_t pblk;
	int r = bmap(ip, index, false, &pblk, NULL);
	if (r != OK)
		return r;
	if (pblk == 0)
		return VMW_HOLE;
	if (count > 1)
		file_read_ahead(ip, index, pblk, count > LMFS_RA_MAX + 1 ? LMFS_RA_MAX + 1 : (unsigned)count,
				size);
	/* The page itself, surely (read-ahead is a hint), named (ino, index). */
	struct lmfs_buf *b;
	r = lmfs_get_file_block(&b, fs.dev, pblk, LMFS_NORMAL, ip->ino, index, size);
	if (r != OK)
		return r;
	lmfs_put_block(b);
	return OK;
}

static int fill(struct inode *ip, uint64_t index)
{
	if (past_eof(index, inode_size(ip)))
		return VMW_EOF;
	uint32_t pblk;
	int r = bmap(ip, index, false, &pblk, NULL);
	if (r != OK)
		return r;
	bool fresh = false;
	if (pblk == 0) {
		if (fs.readonly)
			return -EROFS;
		r = bmap(ip, index, true, &pblk, &fresh);   /* i_blocks written */
		if (r != OK)
			return r;
	}
	struct lmfs_buf *b;
	r = lmfs_get_file_block(&b, fs.dev, pblk, fresh ? LMFS_NOREAD : LMFS_NORMAL, ip->ino, index,
				inode_size(ip));
	if (r != OK)
		return r;       /* as in rw.c's write_chunk: the block stays the file's,
				   unzeroed (only if no buffer can be had) */
	if (fresh) {
		memset(b->data, 0, EXT2_BLOCK_SIZE);
		lmfs_markdirty(b);
	}
	lmfs_put_block(b);
	if (fresh) {
		inode_touch(ip, TOUCH_M | TOUCH_C);
		return inode_write(ip);
	}
	return OK;
}

/* The pages being gathered for one write request: held buffers of
 * consecutive blocks. */
struct wb_run {
	struct lmfs_buf *b[LMFS_RA_MAX];
	unsigned n;
	int err;                    /* the first error */
};

static void wb_write(struct wb_run *w)
{
	if (w->n == 0)
		return;
	int r = lmfs_write_blocks(w->b, w->n);
	if (r != OK && w->err == OK)
		w->err = r;
	for (unsigned i = 0; i < w->n; i++)
		lmfs_put_block(w->b[i]);
	w->n = 0;
}

static int writeback(struct inode *ip, uint64_t index, uint64_t count)
{
	if (fs.readonly)
		return -EROFS;
	uint64_t size = inode_size(ip);
	if (past_eof(index, size))
		return OK;                      /* never write a page wholly past the end */
	uint64_t last = (size - 1) >> EXT2_BLOCK_SHIFT;
	uint64_t end = count > last - index ? last + 1 : index + count;
	unsigned max = fs.dev->max_io < LMFS_RA_MAX ? fs.dev->max_io : LMFS_RA_MAX;
	struct wb_run w = { .n = 0, .err = OK };
	for (uint64_t i = index; i < end; i++) {
		uint32_t pblk;
		int r = bmap(ip, i, false, &pblk, NULL);
		struct lmfs_buf *b = NULL;
		if (r == OK && pblk != 0) {
			r = lmfs_get_file_block(&b, fs.dev, pblk, LMFS_CACHED, ip->ino, i, size);
			if (r == -ENOENT)
				r = OK;                 /* VM no longer has it: nothing to write */
		}
		if (r != OK && w.err == OK)
			w.err = r;
		/* A page that does not extend the run ends it. */
		if (w.n > 0 && (!b || w.n == max || b->blockno != w.b[0]->blockno + w.n))
			wb_write(&w);
		if (b)
			w.b[w.n++] = b;
	}
	wb_write(&w);
	int r = lmfs_dev_flush(fs.dev);
	return w.err != OK ? w.err : r;
}

int vmwork_do(const mess_vm_work *item)
{
	struct inode *ip;
	int r = work_inode(item->ino, &ip);
	if (r != OK)
		return r;
	switch (item->val) {
	case VMW_PAGEIN:
		r = pagein(ip, item->index, item->count);
		break;
	case VMW_FILL:
		r = fill(ip, item->index);
		break;
	case VMW_WRITEBACK:
		r = writeback(ip, item->index, item->count);
		break;
	default:
		r = -EINVAL;
	}
	inode_put(ip);
	lmfs_forget_flush();
	return r;
}

void vmwork_serve(bool sync)
{
	int done = 0, result = OK;
	for (;;) {
		mess_vm_work item;
		lmfs_forget_flush();    /* VM knows what the last item cached before it hears it is done */
		int r = sync ? vm_req_cache_work_sync(&item) : vm_req_cache_work(done, result, &item);
		sync = false;
		if (r != OK || item.id == 0)
			return;
		result = vmwork_do(&item);
		done = item.id;
	}
}
