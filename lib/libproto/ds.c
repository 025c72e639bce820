/*
 * DS's requests (include/quire/ds.h), one stub each; see proto.h. A name
 * longer than the message carries is cut to DS_NAME_MAX-1 bytes here;
 * DS itself rejects one without its NUL.
 */
#include "proto.h"
#include <quire/endpoints.h>

static void put_name(message *m, const char *name)
{
	size_t i = 0;
	for (; name && name[i] && i < DS_NAME_MAX - 1; i++)
		m->m_ds.name[i] = name[i];
	m->m_ds.name[i] = '\0';
}

int ds_req_publish(const char *name, endpoint_t ep)
{
	PROTO_MSG(m);
	put_name(&m, name);
	m.m_ds.ep = ep;
	return proto_call(DS_PROC_NR, DS_PUBLISH, &m);
}

int ds_req_lookup(const char *name, endpoint_t *ep)
{
	PROTO_MSG(m);
	put_name(&m, name);
	int r = proto_call(DS_PROC_NR, DS_LOOKUP, &m);
	if (r >= 0 && ep)
		*ep = m.m_ds.ep;
	return r;
}

int ds_req_subscribe(const char *pattern)
{
	PROTO_MSG(m);
	put_name(&m, pattern);
	return proto_call(DS_PROC_NR, DS_SUBSCRIBE, &m);
}

int ds_req_check(char *name, size_t size, endpoint_t *ep)
{
	PROTO_MSG(m);
	int r = proto_call(DS_PROC_NR, DS_CHECK, &m);
	if (r >= 0) {
		size_t i = 0;
		for (; size && i < size - 1 && i < DS_NAME_MAX - 1 && m.m_ds.name[i]; i++)
			name[i] = m.m_ds.name[i];
		if (size)
			name[i] = '\0';
		if (ep)
			*ep = m.m_ds.ep;
	}
	return r;
}

int ds_req_delete(const char *name)
{
	PROTO_MSG(m);
	put_name(&m, name);
	return proto_call(DS_PROC_NR, DS_DELETE, &m);
}
