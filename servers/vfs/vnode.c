/*
 * The vnode table, and what every kind shares (vnode.h).
 *
 * Reference rule: vnode_get and vnode_ref add one reference, vnode_put
 * drops one; the last put calls the kind's release (which gives back,
 * say, the FS's inode references) and frees the slot. A put on a free
 * slot, a ref on a free slot or a count about to overflow is a VFS bug:
 * VFS_ASSERT panics with file and line.
 */
#include "vfs.h"

static struct vnode vnodes[NR_VNODES];

/* Every vnode in use is on the chain of its (fs, ino) bucket, and no free
 * one is: lookups never scan the whole table. */
#define VN_BUCKETS 128
static struct vnode *buckets[VN_BUCKETS];
/* The free slots, a stack: the slot freed last is used first (slot 0
 * first of all). nr_free is -1 until the first vnode_get fills it. */
static int free_stack[NR_VNODES];
static int nr_free = -1;

static struct vnode **bucket(endpoint_t fs, uint64_t ino)
{
	uint64_t h = (ino ^ ((uint64_t)(uint32_t)fs << 32)) * 0x9e3779b97f4a7c15ull;
	return &buckets[h >> 57];          /* the top 7 bits: 128 buckets */
}

static struct vnode *vn_lookup(endpoint_t fs, uint64_t ino)
{
	for (struct vnode *vp = *bucket(fs, ino); vp; vp = vp->hash_next)
		if (vp->fs == fs && vp->ino == ino)
			return vp;
	return NULL;
}

static struct vnode *free_slot(void)
{
	if (nr_free < 0)
		for (nr_free = 0; nr_free < NR_VNODES; nr_free++)
			free_stack[nr_free] = NR_VNODES - 1 - nr_free;
	return nr_free ? &vnodes[free_stack[--nr_free]] : NULL;
}

/* The vnode of (fs, ino), referenced: the one in use, or a fresh one of
 * kind ops. NULL when the table is full (the caller answers ENFILE). An
 * FS may answer with a new type for an inode number it reused, so a
 * found vnode takes the kind, mode and size it is given. */
struct vnode *vnode_get(const struct vnode_ops *ops, endpoint_t fs, uint64_t ino,
			uint32_t mode, uint64_t size, struct mount *mnt)
{
	VFS_ASSERT(ops && ops->stat);
	struct vnode *vp = vn_lookup(fs, ino);
	if (vp) {
		vnode_ref(vp);
		vp->ops = ops;
		vp->mode = mode;
		vp->size = size;
		return vp;
	}
	struct vnode *free = free_slot();
	if (!free)
		return NULL;
	/* A free slot was cleared when it was freed: nothing may hold it. */
	VFS_ASSERT(free->ops == NULL && free->fs_refs == 0 && free->pipe == NULL &&
		   free->covered_by == NULL);
	memset(free, 0, sizeof(*free));
	free->refs = 1;
	free->ops = ops;
	free->fs = fs;
	free->ino = ino;
	free->mode = mode;
	free->size = size;
	free->mount = mnt;
	struct vnode **b = bucket(fs, ino);
	free->hash_next = *b;
	*b = free;
	return free;
}

void vnode_ref(struct vnode *vp)
{
	VFS_ASSERT(vp->refs > 0 && vp->refs < INT32_MAX);
	vp->refs++;
}

void vnode_put(struct vnode *vp)
{
	if (!vp)
		return;
	VFS_ASSERT(vp->refs > 0);
	if (--vp->refs > 0)
		return;
	if (vp->ops->release)
		vp->ops->release(vp);
	VFS_ASSERT(vp->locks == NULL);     /* closing the last descriptor dropped them */
	struct vnode **pp = bucket(vp->fs, vp->ino);
	while (*pp != vp)
		pp = &(*pp)->hash_next;
	*pp = vp->hash_next;
	memset(vp, 0, sizeof(*vp));        /* the free-slot state vnode_get checks */
	VFS_ASSERT(nr_free >= 0 && nr_free < NR_VNODES);
	free_stack[nr_free++] = (int)(vp - vnodes);
}

struct vnode *vnode_find(endpoint_t fs, uint64_t ino)
{
	return vn_lookup(fs, ino);
}

int vnode_cookie(const struct vnode *vp)
{
	return (int)(vp - vnodes);
}

struct vnode *vnode_of_cookie(int cookie)
{
	if (cookie < 0 || cookie >= NR_VNODES || vnodes[cookie].refs == 0)
		return NULL;
	return &vnodes[cookie];
}

int vnode_count(void)
{
	int n = 0;
	for (int i = 0; i < NR_VNODES; i++)
		n += vnodes[i].refs > 0;
	return n;
}

int vnode_stat(struct vnode *vp, struct qstat *st)
{
	memset(st, 0, sizeof(*st));
	return vp->ops->stat(vp, st);
}

/* Read file bytes into ep's memory (exec): a kind that cannot be loaded
 * from is not executable. */
int vnode_load(struct vnode *vp, uint64_t pos, endpoint_t ep, uint64_t addr, uint64_t len)
{
	return vp->ops->load ? vp->ops->load(vp, pos, ep, addr, len) : -EACCES;
}

/* Status of a vnode VFS serves itself: what the vnode knows. The device
 * number is the name space's (DEVFS_FS, PIPE_FS), made positive. */
void vnode_stat_own(struct vnode *vp, struct qstat *st)
{
	st->dev = (uint64_t)(-(int64_t)vp->fs);
	st->ino = vp->ino;
	st->mode = vp->mode;
	st->nlink = 1;
	st->rdev = ((uint64_t)vp->dev_major << 8) | vp->dev_minor;
	st->blksize = 4096;
	st->size = vp->size;
}

/* read/write of a directory. */
int vn_eisdir(struct vio *io)
{
	(void)io;
	return -EISDIR;
}

/* truncate of a directory. */
int vn_truncate_eisdir(struct vnode *vp, uint64_t size)
{
	(void)vp, (void)size;
	return -EISDIR;
}

/* fsync of a file with nothing to write back (a pipe, a device). */
int vn_nothing_to_sync(struct vnode *vp)
{
	(void)vp;
	return OK;
}

/* seek of a file whose position may move anywhere. */
int vn_seekable(struct vnode *vp)
{
	(void)vp;
	return OK;
}
