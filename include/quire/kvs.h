/*
 * kvs, the example key-value server (servers/kvs, docs/writing-a-server.md).
 * Not a boot module: started with `service up /sbin/kvs -config kvs`,
 * found by its clients through DS under the name "kvs".
 *
 * Keys and values travel inside the message (no grants needed, which
 * keeps the example short): a key is 1..KVS_KEY_MAX-1 bytes, a value
 * 0..KVS_VAL_MAX-1 bytes, both NUL-terminated.
 *   KVS_PUT  key, val  -> OK; ENOSPC (store full); EINVAL (bad key or value)
 *   KVS_GET  key       -> the value's length, val; ENOENT
 *   KVS_DEL  key       -> OK; ENOENT
 */
#ifndef QUIRE_KVS_H
#define QUIRE_KVS_H

#include <quire/types.h>

#define KVS_RQ_BASE 0xB00
#define KVS_PUT     (KVS_RQ_BASE + 0)
#define KVS_GET     (KVS_RQ_BASE + 1)
#define KVS_DEL     (KVS_RQ_BASE + 2)
#define KVS_NR_CALLS 3

#define KVS_KEY_MAX 24
#define KVS_VAL_MAX 32

typedef struct {
	char key[KVS_KEY_MAX];
	char val[KVS_VAL_MAX];
} mess_kvs;

/* The stubs (lib/libproto/kvs.c); kvs is the server's endpoint from DS. */
int kvs_req_put(endpoint_t kvs, const char *key, const char *val);
int kvs_req_get(endpoint_t kvs, const char *key, char *val, size_t size);
int kvs_req_del(endpoint_t kvs, const char *key);

#endif
