/*
 * The character-device protocol's client stubs (include/quire/chardev.h).
 *
 * Each req_cdev_<op> fills a request from typed arguments, sends it to
 * the driver with proto_call() and returns the driver's answer. Grants
 * are the caller's (VFS makes magic grants on a user's behalf); a stub
 * never makes or revokes one. A driver's completion of a suspended
 * request (or a select event) is read by cdev_decode_status(), the one
 * place that knows the layout of a CDEV_REPLY and a CDEV_SEL_REPLY.
 */
#include <quire/ipc.h>
#include <quire/errno.h>
#include "proto.h"

int req_cdev_open(endpoint_t drv, int32_t minor, int32_t flags, endpoint_t user)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	m.m_cdev.flags = flags;
	m.m_cdev.user = user;
	return proto_call(drv, CDEV_OPEN, &m);
}

int req_cdev_close(endpoint_t drv, int32_t minor)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	return proto_call(drv, CDEV_CLOSE, &m);
}

int req_cdev_readwrite(endpoint_t drv, bool write, int32_t minor, uint64_t pos,
		       cp_grant_id_t buf, uint64_t size, int32_t id, endpoint_t user,
		       int32_t flags)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	m.m_cdev.pos = pos;
	m.m_cdev.grant = buf;
	m.m_cdev.size = size;
	m.m_cdev.id = id;
	m.m_cdev.user = user;
	m.m_cdev.flags = flags;
	return proto_call(drv, write ? CDEV_WRITE : CDEV_READ, &m);
}

int req_cdev_cancel(endpoint_t drv, int32_t minor, int32_t id)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	m.m_cdev.id = id;
	return proto_call(drv, CDEV_CANCEL, &m);
}

int req_cdev_ioctl(endpoint_t drv, int32_t minor, uint32_t request, cp_grant_id_t arg,
		   endpoint_t user)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	m.m_cdev.size = request;          /* the request code travels in size */
	m.m_cdev.grant = arg;
	m.m_cdev.user = user;
	return proto_call(drv, CDEV_IOCTL, &m);
}

int req_cdev_select(endpoint_t drv, int32_t minor, int32_t ops)
{
	PROTO_MSG(m);
	m.m_cdev.minor = minor;
	m.m_cdev.ops = ops;
	return proto_call(drv, CDEV_SELECT, &m);
}

int cdev_decode_status(int32_t type, const mess_cdev *answer, struct cdev_done *done)
{
	if (type == CDEV_NO_STATUS)
		return 0;
	if (type == CDEV_SEL_REPLY) {
		*done = (struct cdev_done){ .select = true, .minor = answer->minor,
					    .ops = answer->ops & (CDEV_SEL_RD | CDEV_SEL_WR) };
		return 1;
	}
	if (type != CDEV_REPLY)
		return type < 0 ? type : -EINVAL;   /* an error, or not a status answer */
	*done = (struct cdev_done){ .id = answer->id, .result = answer->result,
				    .user = answer->user };
	return 1;
}

int req_cdev_status(endpoint_t drv, struct cdev_done *done)
{
	PROTO_MSG(m);
	int r = proto_call(drv, CDEV_STATUS, &m);
	return r < 0 ? r : cdev_decode_status(m.m_type, &m.m_cdev, done);
}
