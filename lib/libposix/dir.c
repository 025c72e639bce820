/*
 * Directories: getdents (VFS_GETDENTS) and the <dirent.h> functions on
 * top of it. VFS packs `struct qdirent` records (include/quire/stat.h):
 * ino, reclen (bytes to the next record, 8-aligned), type, NUL-terminated
 * name. readdir() hands them out one by one as struct dirent.
 */
#include "posix_priv.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <quire/stat.h>
#include <quire/vfs.h>

_Static_assert(DT_UNKNOWN == Q_DT_UNKNOWN && DT_FIFO == Q_DT_FIFO && DT_CHR == Q_DT_CHR &&
	       DT_DIR == Q_DT_DIR && DT_BLK == Q_DT_BLK && DT_REG == Q_DT_REG &&
	       DT_LNK == Q_DT_LNK, "DT_* are Q_DT_*");

#define QD_NAME_OFF offsetof(struct qdirent, name)

int getdents(int fd, void *buf, size_t nbytes)
{
	return (int)__px_ret(vfs_req_getdents(fd, buf, nbytes));
}

DIR *fdopendir(int fd)
{
	DIR *d = malloc(sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	memset(d, 0, offsetof(DIR, dd_buf));
	d->dd_fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

int closedir(DIR *d)
{
	if (!d) {
		errno = EBADF;
		return -1;
	}
	int r = close(d->dd_fd);
	free(d);
	return r;
}

int fdclosedir(DIR *d)
{
	int fd = d->dd_fd;
	free(d);
	return fd;
}

int dirfd(DIR *d)
{
	return d->dd_fd;
}

/* The next record, into d->dd_ent: 1, 0 at the end, -1 with errno. */
static int next_entry(DIR *d)
{
	if (d->dd_loc >= d->dd_len) {
		int n = getdents(d->dd_fd, d->dd_buf, sizeof(d->dd_buf));
		if (n <= 0)
			return n;
		d->dd_len = n;
		d->dd_loc = 0;
	}
	const char *rec = d->dd_buf + d->dd_loc;
	int left = d->dd_len - d->dd_loc;
	struct qdirent q;
	if (left < (int)QD_NAME_OFF + 1) {
		errno = EIO;
		return -1;
	}
	memcpy(&q, rec, QD_NAME_OFF);
	if (q.reclen < QD_NAME_OFF + 1 || q.reclen > left) {
		errno = EIO;           /* a malformed answer: stop here */
		d->dd_loc = d->dd_len;
		return -1;
	}
	const char *name = rec + QD_NAME_OFF;
	size_t max = q.reclen - QD_NAME_OFF;
	size_t len = strnlen(name, max);
	if (len >= sizeof(d->dd_ent.d_name))
		len = sizeof(d->dd_ent.d_name) - 1;
	d->dd_ent.d_ino = (ino_t)q.ino;
	d->dd_ent.d_off = 0;
	d->dd_ent.d_reclen = sizeof(struct dirent);
	d->dd_ent.d_type = q.type;
	memcpy(d->dd_ent.d_name, name, len);
	d->dd_ent.d_name[len] = '\0';
	d->dd_loc += q.reclen;
	d->dd_seek++;
	return 1;
}

struct dirent *readdir(DIR *d)
{
	if (!d) {
		errno = EBADF;
		return NULL;
	}
	return next_entry(d) > 0 ? &d->dd_ent : NULL;
}

int readdir_r(DIR *restrict d, struct dirent *restrict ent, struct dirent **restrict res)
{
	int e = errno;
	errno = 0;
	int r = next_entry(d);
	if (r < 0) {
		*res = NULL;
		r = errno;
		errno = e;
		return r;
	}
	errno = e;
	if (r == 0) {
		*res = NULL;
		return 0;
	}
	memcpy(ent, &d->dd_ent, sizeof(*ent));
	*res = ent;
	return 0;
}

void rewinddir(DIR *d)
{
	lseek(d->dd_fd, 0, SEEK_SET);
	d->dd_loc = d->dd_len = 0;
	d->dd_seek = 0;
}

/* Positions count records from the start (valid while the directory
 * does not change). */
long telldir(DIR *d)
{
	return d->dd_seek;
}

void seekdir(DIR *d, long pos)
{
	rewinddir(d);
	while (d->dd_seek < pos && next_entry(d) > 0)
		;
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int scandir(const char *path, struct dirent ***list,
	    int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **))
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent **v = NULL, *e;
	size_t n = 0, cap = 0;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (filter && !filter(e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct dirent **nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto fail;
			v = nv;
		}
		if (!(v[n] = malloc(sizeof(*e))))
			goto fail;
		memcpy(v[n++], e, sizeof(*e));
	}
	if (errno)
		goto fail;
	closedir(d);
	if (compar && n > 1)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))compar);
	*list = v;
	return (int)n;
fail: {
	int err = errno ? errno : ENOMEM;
	while (n)
		free(v[--n]);
	free(v);
	closedir(d);
	errno = err;
	return -1;
      }
}
