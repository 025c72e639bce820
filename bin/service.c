/*
 * service: start, stop, restart and list the services RS runs (docs/rs.md).
 *
 *   service up /path/to/server [-config NAME] [-args "a b c"]
 *   service down NAME
 *   service restart NAME
 *   service list
 *
 * NAME is the block of /etc/system.conf that holds the service's
 * privileges and the name it gets in DS (default: the program's file
 * name). Changing services needs root (EPERM otherwise, from RS).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <quire/rs.h>
#include <quire/errno.h>

#define USAGE "usage: service up PATH [-config NAME] [-args \"ARGS\"] | down NAME | restart NAME | list"

static int fail(const char *what, const char *name, int err)
{
	fprintf(stderr, "service: %s %s: %s\n", what, name, strerror(-err));
	return 1;
}

static int copy(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return -ENAMETOOLONG;
	strcpy(dst, src);
	return 0;
}

static int up(int argc, char **argv)
{
	static struct rs_up_req req;
	if (argc < 1) {
		fprintf(stderr, "%s\n", USAGE);
		return 2;
	}
	const char *path = argv[0], *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	const char *args = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-config") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "-args") && i + 1 < argc)
			args = argv[++i];
		else {
			fprintf(stderr, "%s\n", USAGE);
			return 2;
		}
	}
	int r = copy(req.path, sizeof(req.path), path);
	if (!r)
		r = copy(req.name, sizeof(req.name), name);
	if (!r)
		r = copy(req.args, sizeof(req.args), args);
	endpoint_t ep = -1;
	if (!r)
		r = rs_req_up(&req, &ep);
	if (r < 0)
		return fail("up", name, r);
	printf("%s: endpoint %d\n", name, ep);
	return 0;
}

static const char *state_name(int st)
{
	switch (st) {
	case RSS_STARTING:   return "starting";
	case RSS_UP:         return "up";
	case RSS_RESTARTING: return "restarting";
	case RSS_DOWN:       return "down";
	default:             return "?";
	}
}

static int list(void)
{
	static struct rs_status st[32];
	int n = rs_req_list(st, sizeof(st) / sizeof(st[0]));
	if (n < 0)
		return fail("list", "", n);
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	printf("%-16s %8s %6s %-10s %8s %8s\n", "NAME", "ENDPOINT", "PID", "STATE", "RESTARTS",
	       "UPTIME");
	for (int i = 0; i < n && i < (int)(sizeof(st) / sizeof(st[0])); i++) {
		unsigned long up = st[i].state == RSS_DOWN ? 0
				   : (unsigned long)((st[i].now_ticks - st[i].up_ticks) / (uint64_t)hz);
		printf("%-16s %8d %6d %-10s %8u %7lus\n", st[i].name, st[i].ep, st[i].pid,
		       state_name(st[i].state), st[i].restarts, up);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "up"))
		return up(argc - 2, argv + 2);
	if (argc == 2 && !strcmp(argv[1], "list"))
		return list();
	if (argc == 3 && !strcmp(argv[1], "down")) {
		int r = rs_req_down(argv[2]);
		return r < 0 ? fail("down", argv[2], r) : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "restart")) {
		endpoint_t ep = -1;
		int r = rs_req_restart(argv[2], &ep);
		if (r < 0)
			return fail("restart", argv[2], r);
		printf("%s: endpoint %d\n", argv[2], ep);
		return 0;
	}
	fprintf(stderr, "%s\n", USAGE);
	return 2;
}
