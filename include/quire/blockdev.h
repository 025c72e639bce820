/*
 * The block-device protocol (file systems -> block drivers).
 *
 * Requests are sendrec'd to the driver; the answer's m_type is the result.
 * Data moves through a grant the requester makes for its buffer (the
 * driver copies with sys_safecopyfrom/to). Positions and sizes are
 * multiples of BDEV_SECTOR; a request may be any such size up to
 * BDEV_MAX_IO and need not be page-aligned.
 *
 *   BDEV_OPEN     minor                 -> OK, ENXIO
 *   BDEV_CLOSE    minor                 -> OK
 *   BDEV_READ     minor, pos, grant, size -> bytes read (size, or fewer at the end), EIO, EINVAL
 *   BDEV_WRITE    minor, pos, grant, size -> bytes written, EIO, EROFS, EINVAL
 *   BDEV_FLUSH    minor                 -> OK: written data is on the medium
 *   BDEV_INFO     minor                 -> OK with size (bytes) and sector size
 */
#ifndef QUIRE_BLOCKDEV_H
#define QUIRE_BLOCKDEV_H

#include <quire/types.h>

#define BDEV_RQ_BASE 0x500
#define BDEV_OPEN    (BDEV_RQ_BASE + 0)
#define BDEV_CLOSE   (BDEV_RQ_BASE + 1)
#define BDEV_READ    (BDEV_RQ_BASE + 2)
#define BDEV_WRITE   (BDEV_RQ_BASE + 3)
#define BDEV_FLUSH   (BDEV_RQ_BASE + 4)
#define BDEV_INFO    (BDEV_RQ_BASE + 5)
#define BDEV_NR_CALLS 6

#define BDEV_SECTOR  512
#define BDEV_MAX_IO  (128 * 1024)

typedef struct {
	int32_t  minor;
	cp_grant_id_t grant;
	uint64_t pos;             /* byte offset */
	uint64_t size;            /* bytes; BDEV_INFO reply: device size in bytes */
	uint32_t sector;          /* BDEV_INFO reply: sector size */
	uint32_t flags;           /* BDEV_INFO reply: BDEV_RDONLY */
} mess_bdev;

#define BDEV_RDONLY 0x1

/*
 * The client stubs (lib/libproto/bdev.c, in libsys and libposix): each returns the
 * driver's answer, >= 0 or a negative error (lib/libproto/proto.h). The
 * caller makes the grant for the buffer (read: the driver writes it) and
 * revokes it afterwards; GRANT_INVALID where no data moves.
 */
struct bdev_info {                /* BDEV_INFO's answer */
	uint64_t size;                /* bytes */
	uint32_t sector;              /* bytes per sector */
	uint32_t flags;               /* BDEV_RDONLY */
};

int bdev_req_open(endpoint_t driver, int minor);
int bdev_req_close(endpoint_t driver, int minor);
int bdev_req_read(endpoint_t driver, int minor, uint64_t pos, cp_grant_id_t grant,
		  uint64_t size);       /* bytes read */
int bdev_req_write(endpoint_t driver, int minor, uint64_t pos, cp_grant_id_t grant,
		   uint64_t size);      /* bytes written */
int bdev_req_flush(endpoint_t driver, int minor);
int bdev_req_info(endpoint_t driver, int minor, struct bdev_info *out);

#endif
