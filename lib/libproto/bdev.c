/*
 * The block-device protocol's requests (include/quire/blockdev.h), one
 * stub each; see proto.h for the conventions. The driver is named by the
 * caller (a file system serves the device it was given).
 */
#include "proto.h"
#include <quire/grant.h>

/* Every request has the same layout; OPEN, CLOSE, FLUSH and INFO leave
 * pos, grant and size unused. */
static int bdev_call(endpoint_t driver, int type, int minor, uint64_t pos, cp_grant_id_t grant,
		     uint64_t size, message *m)
{
	m->m_bdev.minor = minor;
	m->m_bdev.grant = grant;
	m->m_bdev.pos = pos;
	m->m_bdev.size = size;
	return proto_call(driver, type, m);
}

int bdev_req_open(endpoint_t driver, int minor)
{
	PROTO_MSG(m);
	return bdev_call(driver, BDEV_OPEN, minor, 0, GRANT_INVALID, 0, &m);
}

int bdev_req_close(endpoint_t driver, int minor)
{
	PROTO_MSG(m);
	return bdev_call(driver, BDEV_CLOSE, minor, 0, GRANT_INVALID, 0, &m);
}

int bdev_req_read(endpoint_t driver, int minor, uint64_t pos, cp_grant_id_t grant, uint64_t size)
{
	PROTO_MSG(m);
	return bdev_call(driver, BDEV_READ, minor, pos, grant, size, &m);
}

int bdev_req_write(endpoint_t driver, int minor, uint64_t pos, cp_grant_id_t grant, uint64_t size)
{
	PROTO_MSG(m);
	return bdev_call(driver, BDEV_WRITE, minor, pos, grant, size, &m);
}

int bdev_req_flush(endpoint_t driver, int minor)
{
	PROTO_MSG(m);
	return bdev_call(driver, BDEV_FLUSH, minor, 0, GRANT_INVALID, 0, &m);
}

int bdev_req_info(endpoint_t driver, int minor, struct bdev_info *out)
{
	PROTO_MSG(m);
	int r = bdev_call(driver, BDEV_INFO, minor, 0, GRANT_INVALID, 0, &m);
	if (r >= 0 && out) {
		out->size = m.m_bdev.size;
		out->sector = m.m_bdev.sector;
		out->flags = m.m_bdev.flags;
	}
	return r;
}
