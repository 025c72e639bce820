/* File status as VFS reports it (libposix converts it to newlib's). */
#ifndef QUIRE_STAT_H
#define QUIRE_STAT_H

#include <quire/types.h>

struct qstat {
	uint64_t dev;
	uint64_t ino;
	uint32_t mode;            /* S_IF* | permissions, POSIX values */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t rdev;
	uint64_t size;
	uint64_t blocks;          /* 512-byte units */
	uint32_t blksize;
	uint32_t pad;
	int64_t  atime, mtime, ctime;
};

#define Q_S_IFMT   0170000
#define Q_S_IFSOCK 0140000
#define Q_S_IFLNK  0120000
#define Q_S_IFREG  0100000
#define Q_S_IFBLK  0060000
#define Q_S_IFDIR  0040000
#define Q_S_IFCHR  0020000
#define Q_S_IFIFO  0010000
#define Q_S_ISUID  0004000
#define Q_S_ISGID  0002000
#define Q_S_ISVTX  0001000

/* A directory entry as getdents returns it (packed one after another). */
struct qdirent {
	uint64_t ino;
	uint16_t reclen;          /* bytes to the next entry, 8-aligned */
	uint8_t  type;            /* DT_* (Q_DT_*) */
	char     name[];          /* NUL-terminated */
};

#define Q_DT_UNKNOWN 0
#define Q_DT_FIFO    1
#define Q_DT_CHR     2
#define Q_DT_DIR     4
#define Q_DT_BLK     6
#define Q_DT_REG     8
#define Q_DT_LNK     10

#endif
