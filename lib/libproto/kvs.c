/*
 * The example key-value server's requests (include/quire/kvs.h); see
 * proto.h. The server's endpoint comes from DS (the caller looks it up:
 * it changes when RS restarts the server). Keys and values longer than
 * the message carries are refused here with EINVAL, not cut.
 */
#include "proto.h"
#include <quire/errno.h>

static int put_str(char *dst, size_t size, const char *s)
{
	size_t i = 0;
	for (; s[i]; i++) {
		if (i >= size - 1)
			return -EINVAL;
		dst[i] = s[i];
	}
	dst[i] = '\0';
	return OK;
}

int kvs_req_put(endpoint_t kvs, const char *key, const char *val)
{
	PROTO_MSG(m);
	if (put_str(m.m_kvs.key, KVS_KEY_MAX, key) || put_str(m.m_kvs.val, KVS_VAL_MAX, val))
		return -EINVAL;
	return proto_call(kvs, KVS_PUT, &m);
}

int kvs_req_get(endpoint_t kvs, const char *key, char *val, size_t size)
{
	PROTO_MSG(m);
	if (put_str(m.m_kvs.key, KVS_KEY_MAX, key))
		return -EINVAL;
	int r = proto_call(kvs, KVS_GET, &m);
	if (r >= 0) {
		size_t i = 0;
		for (; size && i < size - 1 && i < KVS_VAL_MAX - 1 && m.m_kvs.val[i]; i++)
			val[i] = m.m_kvs.val[i];
		if (size)
			val[i] = '\0';
	}
	return r;
}

int kvs_req_del(endpoint_t kvs, const char *key)
{
	PROTO_MSG(m);
	if (put_str(m.m_kvs.key, KVS_KEY_MAX, key))
		return -EINVAL;
	return proto_call(kvs, KVS_DEL, &m);
}
