/*
 * RS's requests (include/quire/rs.h), one stub each; see proto.h. RS
 * copies the request and the list out of the caller's memory itself.
 */
#include "proto.h"
#include <quire/endpoints.h>

static void put_name(message *m, const char *name)
{
	size_t i = 0;
	for (; name && name[i] && i < RS_NAME_MAX - 1; i++)
		m->m_rs.name[i] = name[i];
	m->m_rs.name[i] = '\0';
}

int rs_req_up(const struct rs_up_req *req, endpoint_t *ep)
{
	PROTO_MSG(m);
	m.m_rs.addr = (uint64_t)(uintptr_t)req;
	m.m_rs.len = sizeof(*req);
	int r = proto_call(RS_PROC_NR, RS_UP, &m);
	if (r >= 0 && ep)
		*ep = m.m_rs.ep;
	return r;
}

int rs_req_down(const char *name)
{
	PROTO_MSG(m);
	put_name(&m, name);
	return proto_call(RS_PROC_NR, RS_DOWN, &m);
}

int rs_req_restart(const char *name, endpoint_t *ep)
{
	PROTO_MSG(m);
	put_name(&m, name);
	int r = proto_call(RS_PROC_NR, RS_RESTART, &m);
	if (r >= 0 && ep)
		*ep = m.m_rs.ep;
	return r;
}

int rs_req_list(struct rs_status *buf, size_t count)
{
	PROTO_MSG(m);
	m.m_rs.addr = (uint64_t)(uintptr_t)buf;
	m.m_rs.len = count * sizeof(*buf);
	return proto_call(RS_PROC_NR, RS_LIST, &m);
}
