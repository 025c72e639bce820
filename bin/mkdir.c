/*
 * mkdir [-p] dir ...: make directories (mode 0777 less the umask). With
 * -p, make missing parents too and accept directories that exist.
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define USAGE "[-p] dir ..."

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir that accepts an existing directory. */
static int mkdir_ok(const char *path)
{
	if (mkdir(path, 0777) == 0)
		return 0;
	if (errno == EEXIST) {
		if (is_dir(path))
			return 0;
		errno = EEXIST;
	}
	return -1;
}

static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		if (mkdir_ok(p) < 0) {
			if (errno == EEXIST)
				errno = ENOTDIR;
			warn_path(p);
			rc = -1;
			break;
		}
		*s = '/';
	}
	if (rc == 0 && mkdir_ok(path) < 0) {
		warn_path(path);
		rc = -1;
	}
	free(p);
	return rc;
}

int main(int argc, char **argv)
{
	char opt[128];
	int i, status = 0;

	progname = "mkdir";
	i = parse_opts(argc, argv, "p", opt, USAGE);
	if (i == argc)
		usage_exit(USAGE);
	for (; i < argc; i++) {
		if (opt['p']) {
			if (make_parents(argv[i]) < 0)
				status = 1;
		} else if (mkdir(argv[i], 0777) < 0) {
			warn_path(argv[i]);
			status = 1;
		}
	}
	return status;
}
