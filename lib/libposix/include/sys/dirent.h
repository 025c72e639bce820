/*
 * Quire's <sys/dirent.h> (newlib's <dirent.h> includes it; newlib's own
 * is only an #error for targets without directories).
 *
 * Directories are read with VFS_GETDENTS, which packs `struct qdirent`
 * records (include/quire/stat.h); readdir() converts them one at a time
 * into the struct dirent below.
 */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _QUIRE_DIRBUF 4096

struct dirent {
	ino_t          d_ino;
	off_t          d_off;          /* not meaningful: always 0 */
	unsigned short d_reclen;       /* sizeof(struct dirent) */
	unsigned char  d_type;         /* DT_* */
	char           d_name[256];    /* NUL-terminated */
};

/* d_type values (the same as Q_DT_* and BSD/Linux). */
#define DT_UNKNOWN  0
#define DT_FIFO     1
#define DT_CHR      2
#define DT_DIR      4
#define DT_BLK      6
#define DT_REG      8
#define DT_LNK     10
#define DT_SOCK    12
#define DT_WHT     14

#define _DIRENT_HAVE_D_TYPE 1
#define _DIRENT_HAVE_D_RECLEN 1

typedef struct _quire_dir {
	int    dd_fd;                  /* the open directory */
	int    dd_loc;                 /* next record in dd_buf */
	int    dd_len;                 /* bytes valid in dd_buf */
	int    dd_pad;
	long   dd_seek;                /* records returned since open/rewind (telldir) */
	struct dirent dd_ent;          /* what readdir() returns */
	char   dd_buf[_QUIRE_DIRBUF] __attribute__((aligned(8)));
} DIR;

/*
 * The raw call: fill buf with packed struct qdirent records (see
 * <quire/stat.h>); returns the number of bytes, 0 at the end of the
 * directory, or -1 with errno set.
 */
int getdents(int fd, void *buf, size_t nbytes);

#ifdef __cplusplus
}
#endif

#endif
