/*
 * rm [-rRf] path ...: remove files. -r (or -R) removes directories and
 * everything in them; symbolic links are removed, never followed. -f
 * ignores paths that do not exist and allows no operands. Refuses to
 * remove "." and "..".
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "[-rRf] path ..."

static int recursive, force;

static int remove_path(const char *path)
{
	struct stat st;
	char **names;
	int n, rc = 0;

	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		warn_path(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			warn_path(path);
			return -1;
		}
		return 0;
	}
	if (!recursive) {
		warn_err(path, EISDIR);
		return -1;
	}
	n = read_dir_sorted(path, 0, &names);
	if (n < 0) {
		warn_path(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *child = path_join(path, names[i]);
		if (remove_path(child) < 0)
			rc = -1;
		free(child);
	}
	free_names(names, n);
	if (rc == 0 && rmdir(path) < 0) {
		warn_path(path);
		rc = -1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	char opt[128];
	int i, status = 0;

	progname = "rm";
	i = parse_opts(argc, argv, "rRf", opt, USAGE);
	recursive = opt['r'] || opt['R'];
	force = opt['f'];
	if (i == argc) {
		if (force)
			return 0;
		usage_exit(USAGE);
	}
	for (; i < argc; i++) {
		char *base = base_name(argv[i]);
		if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
			fprintf(stderr, "rm: %s: refusing to remove '.' or '..'\n",
				argv[i]);
			status = 1;
		} else if (remove_path(argv[i]) < 0) {
			status = 1;
		}
		free(base);
	}
	return status;
}
