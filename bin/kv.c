/*
 * kv: the client of the example key-value server (servers/kvs,
 * docs/writing-a-server.md).
 *
 *   kv put KEY VALUE     kv get KEY     kv del KEY
 *
 * It finds the server through DS under "kvs" and asks again once when the
 * endpoint it got has ended (RS restarted the server meanwhile). Exit
 * status: 0 done, 1 no such key, 2 no server or another error.
 */
#include <stdio.h>
#include <string.h>
#include <quire/ds.h>
#include <quire/kvs.h>
#include <quire/errno.h>

#define USAGE "usage: kv put KEY VALUE | get KEY | del KEY"

static int call(const char *op, int argc, char **argv, endpoint_t ep, char *val, size_t size)
{
	if (!strcmp(op, "put") && argc == 2)
		return kvs_req_put(ep, argv[0], argv[1]);
	if (!strcmp(op, "get") && argc == 1)
		return kvs_req_get(ep, argv[0], val, size);
	if (!strcmp(op, "del") && argc == 1)
		return kvs_req_del(ep, argv[0]);
	return -ENOSYS;
}

int main(int argc, char **argv)
{
	char val[KVS_VAL_MAX];
	if (argc < 3) {
		fprintf(stderr, "%s\n", USAGE);
		return 2;
	}
	int r = -EDEADSRCDST;
	for (int tries = 0; tries < 2 && (r == -EDEADSRCDST || r == -ESRCH); tries++) {
		endpoint_t ep;
		r = ds_req_lookup("kvs", &ep);
		if (r < 0)
			break;
		r = call(argv[1], argc - 2, argv + 2, ep, val, sizeof(val));
	}
	if (r == -ENOSYS) {
		fprintf(stderr, "%s\n", USAGE);
		return 2;
	}
	if (r == -ESRCH || r == -EDEADSRCDST) {
		fprintf(stderr, "kv: the kvs server is not running\n");
		return 2;
	}
	if (r == -ENOENT) {
		fprintf(stderr, "kv: %s: no such key\n", argv[2]);
		return 1;
	}
	if (r < 0) {
		fprintf(stderr, "kv: %s: %s\n", argv[1], strerror(-r));
		return 2;
	}
	if (!strcmp(argv[1], "get"))
		printf("%s\n", val);
	return 0;
}
