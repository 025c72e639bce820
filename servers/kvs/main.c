/*
 * kvs: the example server of docs/writing-a-server.md, a small in-memory
 * key-value store (include/quire/kvs.h). It is not a boot module: RS
 * starts it from /sbin/kvs with the privileges of the "kvs" block of
 * /etc/system.conf and publishes it in DS as "kvs", where its clients
 * (bin/kv.c) find it. Its store lives only in its memory: a restart
 * empties it.
 */
#include <quire/syslib.h>
#include "../../lib/libmini/mini_string.h"

#define KVS_ENTRIES 64

static struct {
	bool used;
	char key[KVS_KEY_MAX];
	char val[KVS_VAL_MAX];
} store[KVS_ENTRIES];

/* Never trust a message: both strings must end inside their fields. */
static int check_key(const message *m)
{
	size_t n = strnlen(m->m_kvs.key, KVS_KEY_MAX);
	return n == 0 || n == KVS_KEY_MAX ? -EINVAL : OK;
}

static int find(const char *key)
{
	for (int i = 0; i < KVS_ENTRIES; i++)
		if (store[i].used && !strcmp(store[i].key, key))
			return i;
	return -1;
}

static int do_put(message *m)
{
	if (check_key(m) || strnlen(m->m_kvs.val, KVS_VAL_MAX) == KVS_VAL_MAX)
		return -EINVAL;
	int i = find(m->m_kvs.key);
	for (int k = 0; i < 0 && k < KVS_ENTRIES; k++)
		if (!store[k].used)
			i = k;
	if (i < 0)
		return -ENOSPC;
	store[i].used = true;
	strlcpy(store[i].key, m->m_kvs.key, KVS_KEY_MAX);
	strlcpy(store[i].val, m->m_kvs.val, KVS_VAL_MAX);
	return OK;
}

static int do_get(message *m)
{
	if (check_key(m))
		return -EINVAL;
	int i = find(m->m_kvs.key);
	if (i < 0)
		return -ENOENT;
	strlcpy(m->m_kvs.val, store[i].val, KVS_VAL_MAX);
	return (int)strlen(store[i].val);
}

static int do_del(message *m)
{
	if (check_key(m))
		return -EINVAL;
	int i = find(m->m_kvs.key);
	if (i < 0)
		return -ENOENT;
	store[i].used = false;
	return OK;
}

typedef int (*kvs_call)(message *m);

static const kvs_call calls[KVS_NR_CALLS] = {
	[KVS_PUT - KVS_RQ_BASE] = do_put,
	[KVS_GET - KVS_RQ_BASE] = do_get,
	[KVS_DEL - KVS_RQ_BASE] = do_del,
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("kvs: ready (endpoint %d)\n", sef_self_endpoint);
	message m;
	endpoint_t answer = NONE;               /* whom m answers */
	for (;;) {
		/* The last answer goes out (as sendnb: never block on a
		 * client) and the next request comes in, in one kernel
		 * entry; RS's pings are answered inside. */
		int rr = sef_reply_receive(answer, &m);
		answer = NONE;
		if (rr != OK || m.m_type == NOTIFY_MESSAGE)
			continue;
		int call = m.m_type - KVS_RQ_BASE;
		kvs_call fn = call >= 0 && call < KVS_NR_CALLS ? calls[call] : NULL;
		m.m_type = fn ? fn(&m) : -ENOSYS;
		answer = m.m_source;
	}
}
