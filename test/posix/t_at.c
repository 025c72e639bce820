/*
 * The *at() calls: a relative path starts at the directory dirfd names,
 * an absolute one ignores it, AT_FDCWD is the working directory (which
 * none of them changes); their flags and errors (EBADF, ENOTDIR, ENOENT
 * for "", EINVAL). Also passes on Linux: cc -Wall -o /tmp/x t_at.c
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ptest.h"

#define D "/tmp/t_at.d"

int main(void)
{
	PTEST_BEGIN("t_at");
	char cwd0[PATH_MAX], cwd1[PATH_MAX];
	getcwd(cwd0, sizeof(cwd0));
	mkdir(D, 0755);
	int dfd = open(D, O_RDONLY);
	CHECK("open_dir", dfd >= 0, "%s", strerror(errno));

	int fd = openat(dfd, "f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK("openat_creates", fd >= 0 && write(fd, "hi", 2) == 2, "%s", strerror(errno));
	close(fd);
	struct stat st;
	CHECK("fstatat", fstatat(dfd, "f", &st, 0) == 0 && S_ISREG(st.st_mode) && st.st_size == 2,
	      "%s", strerror(errno));
	CHECK("created_in_dirfd", stat(D "/f", &st) == 0 && st.st_size == 2, "%s", strerror(errno));
	CHECK("mkdirat", mkdirat(dfd, "sub", 0755) == 0 && stat(D "/sub", &st) == 0 && S_ISDIR(st.st_mode),
	      "%s", strerror(errno));
	CHECK("symlinkat", symlinkat("f", dfd, "l") == 0, "%s", strerror(errno));
	char buf[16] = { 0 };
	CHECK("readlinkat", readlinkat(dfd, "l", buf, sizeof(buf)) == 1 && buf[0] == 'f', "%s", strerror(errno));
	CHECK("fstatat_nofollow", fstatat(dfd, "l", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode),
	      "%s", strerror(errno));
	CHECK("fstatat_follows", fstatat(dfd, "l", &st, 0) == 0 && S_ISREG(st.st_mode), "%s", strerror(errno));
	CHECK("renameat", renameat(dfd, "f", AT_FDCWD, D "/sub/g") == 0 && fstatat(dfd, "sub/g", &st, 0) == 0,
	      "%s", strerror(errno));
	CHECK("linkat", linkat(dfd, "sub/g", dfd, "h", 0) == 0 && fstatat(dfd, "h", &st, 0) == 0 &&
	      st.st_nlink == 2, "%s nlink %d", strerror(errno), (int)st.st_nlink);
	CHECK("faccessat", faccessat(dfd, "h", R_OK | W_OK, 0) == 0, "%s", strerror(errno));
	CHECK("fchmodat", fchmodat(dfd, "h", 0600, 0) == 0 && stat(D "/h", &st) == 0 &&
	      (st.st_mode & 0777) == 0600, "%s mode %o", strerror(errno), (unsigned)st.st_mode);
	CHECK("fchownat", fchownat(dfd, "h", (uid_t)-1, (gid_t)-1, 0) == 0, "%s", strerror(errno));
	struct timespec ts[2] = { { 5, 0 }, { 7, 0 } };
	CHECK("utimensat", utimensat(dfd, "h", ts, 0) == 0 && stat(D "/h", &st) == 0 && st.st_mtime == 7,
	      "%s", strerror(errno));
	CHECK("mkfifoat", mkfifoat(dfd, "p", 0600) == 0 && fstatat(dfd, "p", &st, 0) == 0 &&
	      S_ISFIFO(st.st_mode), "%s", strerror(errno));
	fd = openat(-5, D "/h", O_RDONLY);             /* absolute: dirfd not used */
	CHECK("absolute_ignores_dirfd", fd >= 0, "%s", strerror(errno));
	close(fd);

	errno = 0;
	CHECK("bad_dirfd_ebadf", openat(-5, "h", O_RDONLY) == -1 && errno == EBADF, "errno %d", errno);
	int reg = open(D "/h", O_RDONLY);
	errno = 0;
	CHECK("file_dirfd_enotdir", openat(reg, "h", O_RDONLY) == -1 && errno == ENOTDIR, "errno %d", errno);
	close(reg);
	errno = 0;
	CHECK("empty_path_enoent", fstatat(dfd, "", &st, 0) == -1 && errno == ENOENT, "errno %d", errno);
	errno = 0;
	CHECK("bad_flags_einval", unlinkat(dfd, "h", 0x4000) == -1 && errno == EINVAL, "errno %d", errno);

	CHECK("unlinkat", unlinkat(dfd, "h", 0) == 0 && unlinkat(dfd, "sub/g", 0) == 0 &&
	      unlinkat(dfd, "l", 0) == 0 && unlinkat(dfd, "p", 0) == 0, "%s", strerror(errno));
	CHECK("unlinkat_removedir", unlinkat(dfd, "sub", AT_REMOVEDIR) == 0 && stat(D "/sub", &st) == -1,
	      "%s", strerror(errno));
	getcwd(cwd1, sizeof(cwd1));
	CHECK("cwd_unchanged", strcmp(cwd0, cwd1) == 0, "%s, was %s", cwd1, cwd0);
	close(dfd);
	rmdir(D);
	return ptest_done();
}
