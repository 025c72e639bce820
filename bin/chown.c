/*
 * chown [-h] owner[:group] file ...: change a file's owner and group.
 * owner and group are names (/etc/passwd, /etc/group) or numbers; an
 * empty owner (":group") keeps the owner. -h: a symbolic link itself.
 */
#include "common.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USAGE "[-h] owner[:group] file ..."

/* A number, or a name looked up; -1 if neither. */
static long user_id(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v < 65535)
		return v;
	struct passwd *pw = getpwnam(s);
	return pw ? (long)pw->pw_uid : -1;
}

static long group_id(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v < 65535)
		return v;
	struct group *gr = getgrnam(s);
	return gr ? (long)gr->gr_gid : -1;
}

int lchown(const char *path, uid_t owner, gid_t group);

int main(int argc, char **argv)
{
	char opt[128];
	progname = "chown";
	int i = parse_opts(argc, argv, "h", opt, USAGE);
	if (argc - i < 2)
		usage_exit(USAGE);
	char *spec = xstrdup(argv[i++]);
	char *colon = strchr(spec, ':');
	if (colon)
		*colon = '\0';
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	if (*spec) {
		long v = user_id(spec);
		if (v < 0) {
			fprintf(stderr, "chown: unknown user: %s\n", spec);
			return 1;
		}
		uid = (uid_t)v;
	}
	if (colon && colon[1]) {
		long v = group_id(colon + 1);
		if (v < 0) {
			fprintf(stderr, "chown: unknown group: %s\n", colon + 1);
			return 1;
		}
		gid = (gid_t)v;
	}
	int status = 0;
	for (; i < argc; i++) {
		int r = opt['h'] ? lchown(argv[i], uid, gid) : chown(argv[i], uid, gid);
		if (r < 0) {
			warn_path(argv[i]);
			status = 1;
		}
	}
	free(spec);
	return status;
}
