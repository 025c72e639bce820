/*
 * Helpers shared by Quire's user programs (bin/). Plain POSIX C: they
 * build against newlib with lib/libposix, and against the host libc for
 * test/host/run_tools.sh.
 */
#ifndef BIN_COMMON_H
#define BIN_COMMON_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/stat.h>

/*
 * newlib declares lstat() only for a few targets (not x86_64-elf), and
 * sync() only with BSD or XSI visibility; glibc hides sync() under plain
 * _POSIX_C_SOURCE. Both are POSIX calls that lib/libposix provides, so
 * declare them here (compatible with either libc's own declaration).
 */
int lstat(const char *restrict path, struct stat *restrict st);
void sync(void);

/* The program's name for messages; set by parse_opts() or directly. */
extern const char *progname;

/* "prog: what: strerror(errno)" on stderr. */
void warn_path(const char *what);
/* "prog: what: strerror(err)" on stderr. */
void warn_err(const char *what, int err);

/* Leave with status 1 after reporting "prog: stdout: ..." if writing
 * standard output failed; otherwise return `status`. */
int finish_stdout(int status);

/*
 * Options: every argument that starts with '-' (and is not "-" itself) up
 * to the first operand or "--" is a cluster of one-letter options, each of
 * which must be in `valid`. opt[c] is set to 1 for each option c seen.
 * Returns the index of the first operand. An unknown option prints
 * "prog: -c: unknown option" and "usage: prog usage" and exits 1.
 */
int parse_opts(int argc, char **argv, const char *valid, char opt[128],
	       const char *usage);

/* "usage: prog usage" on stderr, exit 1. */
void usage_exit(const char *usage);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* "dir/name" (no doubled slash when dir ends in '/'), malloc'ed. */
char *path_join(const char *dir, const char *name);
/* The last component of path, trailing slashes removed, malloc'ed. */
char *base_name(const char *path);

/* Write all of buf; 0 or -1 with errno set. */
int write_all(int fd, const void *buf, size_t len);

/* Copy fd `in` to fd `out` to the end of `in`. 0, or -1 with errno set
 * and *write_failed telling which side failed. */
int copy_fd(int in, int out, int *write_failed);

/*
 * Copy the regular file (or anything open() can read) src to dst, created
 * or truncated with permission bits `mode`. Reports errors itself
 * ("prog: path: ...") and returns 0 or -1.
 */
int copy_file(const char *src, const char *dst, mode_t mode);

/* Read the names in directory `path`, sorted by strcmp(); "." and ".."
 * only if with_dots. Returns the count and sets *names (each name and
 * the array malloc'ed), or -1 with errno set. */
/* The cp/mv/ln operand rule: with a directory as the last operand, do
 * op(src, dir/basename(src)) for every other operand; else exactly one
 * source and one destination. Returns the exit status. */
int to_target(int argc, char **argv, int first, int (*op)(const char *src, const char *dst));

int read_dir_sorted(const char *path, int with_dots, char ***names);
void free_names(char **names, int n);

#endif
