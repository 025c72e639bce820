/*
 * realpath: the absolute path of a file with no ".", ".." or symbolic
 * link in it, built one component at a time with lstat and readlink
 * (VFS resolves no path for us). Every component must exist (ENOENT),
 * every prefix must be a directory (ENOTDIR); more than SYMLOOP_MAX
 * links gives ELOOP, a result longer than PATH_MAX ENAMETOOLONG.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#define REALPATH_LOOP_MAX 32

char *realpath(const char *restrict path, char *restrict resolved)
{
	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (!*path) {
		errno = ENOENT;
		return NULL;
	}
	/* out: the resolved prefix (absolute, no trailing slash except "/");
	 * rest: what is still to walk. Both bounded by PATH_MAX. */
	char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
	size_t len;
	if (path[0] == '/') {
		strcpy(out, "/");
	} else if (!getcwd(out, sizeof(out))) {
		return NULL;
	}
	if (strlen(path) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(rest, path);
	int links = 0;
	char *p = rest;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out, '/');
			out[slash == out ? 1 : (size_t)(slash - out)] = '\0';
			p += n;
			continue;
		}
		len = strlen(out);
		if (len + 1 + n >= sizeof(out)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		if (len > 1)
			out[len++] = '/';
		memcpy(out + len, p, n);
		out[len + n] = '\0';
		p += n;
		struct stat st;
		if (lstat(out, &st) < 0)
			return NULL;
		if (S_ISLNK(st.st_mode)) {
			if (++links > REALPATH_LOOP_MAX) {
				errno = ELOOP;
				return NULL;
			}
			ssize_t ln = readlink(out, link, sizeof(link) - 1);
			if (ln < 0)
				return NULL;
			link[ln] = '\0';
			if (strlen(link) + strlen(p) >= sizeof(link)) {
				errno = ENAMETOOLONG;
				return NULL;
			}
			strcat(link, p);        /* the link's text, then what was left */
			strcpy(rest, link);
			p = rest;
			if (link[0] == '/') {
				strcpy(out, "/");
			} else {
				char *slash = strrchr(out, '/');
				out[slash == out ? 1 : (size_t)(slash - out)] = '\0';
			}
			continue;
		}
		if (*p && !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return NULL;
		}
	}
	if (!resolved) {
		resolved = strdup(out);
		return resolved;    /* NULL with ENOMEM from strdup */
	}
	strcpy(resolved, out);
	return resolved;
}
