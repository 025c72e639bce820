/*
 * Vnodes and the requests VFS makes of FS servers.
 *
 * Every FS request carries grants, never pointers. Data for a user
 * buffer goes straight between the FS and the user through a magic grant
 * flagged CPF_TRY: if the user's memory is not present the FS's copy
 * fails at once (EFAULT, grant marked), VFS asks VM to bring the range in
 * (VM may itself need this FS, which is free meanwhile), and retries.
 * That is the EFAULT-retry protocol; without it, a read() into memory
 * mapped from a file on the same FS would suspend the FS while VM waits
 * for the same FS.
 */
#include "vfs.h"

static struct vnode vnodes[NR_VNODES];

struct vnode *vnode_get(endpoint_t fs, uint64_t ino, uint32_t mode, uint64_t size,
			struct mount *mnt)
{
	struct vnode *free = NULL;
	for (int i = 0; i < NR_VNODES; i++) {
		struct vnode *vp = &vnodes[i];
		if (!vp->refs) {
			if (!free)
				free = vp;
			continue;
		}
		if (vp->fs == fs && vp->ino == ino) {
			vp->refs++;
			vp->mode = mode;
			vp->size = size;
			return vp;
		}
	}
	if (!free)
		return NULL;
	memset(free, 0, sizeof(*free));
	free->refs = 1;
	free->fs = fs;
	free->ino = ino;
	free->mode = mode;
	free->size = size;
	free->mount = mnt;
	return free;
}

void vnode_ref(struct vnode *vp)
{
	vp->refs++;
}

void vnode_put(struct vnode *vp)
{
	if (!vp || --vp->refs > 0)
		return;
	if (vp->pipe)
		pipe_release(vp);
	if (vp->fs >= 0 && vp->fs_refs) {
		message m;
		memset(&m, 0, sizeof(m));
		m.m_type = FS_PUTNODE;
		m.m_fs.ino = vp->ino;
		m.m_fs.count = vp->fs_refs;
		ipc_sendrec(vp->fs, &m);
	}
	vp->fs_refs = 0;
}

static int fs_call(endpoint_t fs, message *m)
{
	int r = ipc_sendrec(fs, m);
	return r != OK ? -EIO : m->m_type;
}

/* A name from VFS's memory, granted to the FS for reading. */
static cp_grant_id_t grant_name(endpoint_t fs, const char *name, uint64_t *len)
{
	*len = strlen(name);
	return cpf_grant_direct(fs, (vir_bytes)name, *len + 1, CPF_READ);
}

/* An answer that names an inode: make (or find) its vnode. */
static struct vnode *answer_vnode(struct vnode *dir, const message *m)
{
	struct vnode *vp = vnode_get(dir->fs, m->m_fs.ino, m->m_fs.mode, m->m_fs.len, dir->mount);
	if (!vp) {
		message put;
		memset(&put, 0, sizeof(put));
		put.m_type = FS_PUTNODE;
		put.m_fs.ino = m->m_fs.ino;
		put.m_fs.count = 1;
		ipc_sendrec(dir->fs, &put);
		return NULL;
	}
	vp->uid = m->m_fs.uid;
	vp->gid = m->m_fs.gid;
	vp->fs_refs++;
	return vp;
}

int fs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	return fs_name_op(FS_LOOKUP, dir, name, 0, 0, out);
}

/* LOOKUP, CREATE, MKDIR, MKNOD, UNLINK, RMDIR, LINK: a directory and a
 * name; out (if not NULL) gets the answered inode's vnode. */
int fs_name_op(int type, struct vnode *dir, const char *name, uint32_t mode, uint64_t ino2,
	       struct vnode **out)
{
	if (strlen(name) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_fs.ino = dir->ino;
	m.m_fs.mode = mode;
	m.m_fs.ino2 = ino2;
	m.m_fs.grant = grant_name(dir->fs, name, &m.m_fs.len);
	if (m.m_fs.grant < 0)
		return -ENOMEM;
	int r = fs_call(dir->fs, &m);
	cpf_revoke(m.m_fs.grant);
	if (r < 0)
		return r;
	if (out && (type == FS_LOOKUP || type == FS_CREATE || type == FS_MKDIR || type == FS_MKNOD)) {
		*out = answer_vnode(dir, &m);
		if (!*out)
			return -ENFILE;
	}
	return OK;
}

int fs_simple(int type, struct vnode *vp, uint64_t pos, uint32_t mode)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_fs.ino = vp->ino;
	m.m_fs.pos = pos;
	m.m_fs.mode = mode;
	int r = fs_call(vp->fs, &m);
	if (r >= 0 && type == FS_TRUNC)
		vp->size = pos;
	return r;
}

int fs_stat(struct vnode *vp, struct qstat *st)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = FS_STAT;
	m.m_fs.ino = vp->ino;
	m.m_fs.grant = cpf_grant_direct(vp->fs, (vir_bytes)st, sizeof(*st), CPF_WRITE);
	m.m_fs.len = sizeof(*st);
	int r = fs_call(vp->fs, &m);
	cpf_revoke(m.m_fs.grant);
	if (r >= 0)
		vp->size = st->size;
	return r;
}

static int rdwr(struct vnode *vp, int type, uint64_t pos, cp_grant_id_t g, uint64_t len,
		uint64_t *newsize)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_fs.ino = vp->ino;
	m.m_fs.pos = pos;
	m.m_fs.len = len;
	m.m_fs.grant = g;
	int r = fs_call(vp->fs, &m);
	if (r >= 0 && type == FS_WRITE && m.m_fs.len >= pos + (uint64_t)r)
		vp->size = m.m_fs.len;
	else if (r >= 0 && type == FS_WRITE && pos + (uint64_t)r > vp->size)
		vp->size = pos + (uint64_t)r;
	if (newsize)
		*newsize = vp->size;
	return r;
}

/* FS_READ/FS_WRITE/FS_GETDENTS/FS_READLINK into VFS's own memory. */
int fs_rdwr_local(struct vnode *vp, int type, uint64_t pos, void *buf, uint64_t len, uint64_t *newsize)
{
	int access = type == FS_WRITE ? CPF_READ : CPF_WRITE;
	cp_grant_id_t g = cpf_grant_direct(vp->fs, (vir_bytes)buf, len, access);
	if (g < 0)
		return -ENOMEM;
	int r = rdwr(vp, type, pos, g, len, newsize);
	cpf_revoke(g);
	return r;
}

/* Read or write a user's buffer: the EFAULT-retry protocol. */
int fs_rdwr_user(struct vnode *vp, int type, uint64_t pos, endpoint_t user, uint64_t addr,
		 uint64_t len, uint64_t *newsize)
{
	bool to_user = type != FS_WRITE;
	for (int attempt = 0; attempt < 8; attempt++) {
		cp_grant_id_t g = cpf_grant_magic(vp->fs, user, addr, len,
						  (to_user ? CPF_WRITE : CPF_READ) | CPF_TRY);
		if (g < 0)
			return -ENOMEM;
		int r = rdwr(vp, type, pos, g, len, newsize);
		int rv = cpf_revoke(g);
		if (r != -EFAULT || rv != GRANT_FAULTED)
			return r;
		/* The user's memory was absent: bring it in, then again. */
		r = vm_req_prefault(user, addr, len, to_user);
		if (r != OK)
			return -EFAULT;
	}
	return -EFAULT;
}

int fs_rename(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname)
{
	size_t ol = strlen(oname), nl = strlen(nname);
	if (ol > FS_NAME_MAX || nl > FS_NAME_MAX)
		return -ENAMETOOLONG;
	char buf[2 * FS_NAME_MAX + 2];
	memcpy(buf, oname, ol + 1);
	memcpy(buf + ol + 1, nname, nl + 1);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = FS_RENAME;
	m.m_fs.ino = odir->ino;
	m.m_fs.ino2 = ndir->ino;
	m.m_fs.len = ol + nl + 2;
	m.m_fs.grant = cpf_grant_direct(odir->fs, (vir_bytes)buf, m.m_fs.len, CPF_READ);
	int r = fs_call(odir->fs, &m);
	cpf_revoke(m.m_fs.grant);
	return r;
}

int fs_symlink(struct vnode *dir, const char *name, const char *target)
{
	size_t nl = strlen(name), tl = strlen(target);
	if (nl > FS_NAME_MAX || tl >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	static char buf[FS_NAME_MAX + VFS_PATH_MAX + 2];
	memcpy(buf, name, nl + 1);
	memcpy(buf + nl + 1, target, tl + 1);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = FS_SYMLINK;
	m.m_fs.ino = dir->ino;
	m.m_fs.len = nl + tl + 2;
	m.m_fs.grant = cpf_grant_direct(dir->fs, (vir_bytes)buf, m.m_fs.len, CPF_READ);
	int r = fs_call(dir->fs, &m);
	cpf_revoke(m.m_fs.grant);
	return r;
}

int fs_readlink(struct vnode *vp, char *buf, size_t size)
{
	int r = fs_rdwr_local(vp, FS_READLINK, 0, buf, size - 1, NULL);
	if (r >= 0)
		buf[r] = '\0';
	return r;
}
