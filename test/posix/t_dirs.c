/* Directories: hundreds of entries, mkdir/rmdir rules, links, symlinks,
 * chdir/getcwd, "." and "..". */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <quire/qposix.h>
#include "ptest.h"

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_many_entries(void)
{
	int mk = mkdir("/tmp/t_dirs", 0755);
	int made = 0;
	char path[64];
	for (int i = 0; i < 400; i++) {
		snprintf(path, sizeof(path), "/tmp/t_dirs/entry-with-a-longish-name-%03d", i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0) {
			made++;
			close(fd);
		}
	}
	int n = count_entries("/tmp/t_dirs");
	CHECK("directory_with_400_entries", mk == 0 && made == 400 && n == 400, "mkdir %d made %d listed %d",
	      mk, made, n);
	int removed = 0;
	for (int i = 0; i < 400; i += 2) {
		snprintf(path, sizeof(path), "/tmp/t_dirs/entry-with-a-longish-name-%03d", i);
		removed += unlink(path) == 0;
	}
	n = count_entries("/tmp/t_dirs");
	snprintf(path, sizeof(path), "/tmp/t_dirs/entry-with-a-longish-name-%03d", 201);
	struct stat st;
	int still = stat(path, &st) == 0;
	CHECK("remove_half_of_them", removed == 200 && n == 200 && still, "removed %d listed %d", removed, n);
	int busy = rmdir("/tmp/t_dirs");
	int busy_errno = errno;
	for (int i = 1; i < 400; i += 2) {
		snprintf(path, sizeof(path), "/tmp/t_dirs/entry-with-a-longish-name-%03d", i);
		unlink(path);
	}
	int rm = rmdir("/tmp/t_dirs");
	CHECK("rmdir_nonempty_then_empty", busy == -1 && busy_errno == ENOTEMPTY && rm == 0,
	      "nonempty %d (%s) empty %d", busy, strerror(busy_errno), rm);
}

static void test_names(void)
{
	mkdir("/tmp/t_d2", 0755);
	int e1 = mkdir("/tmp/t_d2", 0755) == -1 && errno == EEXIST;
	int e2 = open("/tmp/t_d2/none/x", O_RDONLY) == -1 && errno == ENOENT;
	int fd = open("/tmp/t_d2/f", O_WRONLY | O_CREAT, 0644);
	write(fd, "data", 4);
	close(fd);
	int e3 = open("/tmp/t_d2/f/x", O_RDONLY) == -1 && errno == ENOTDIR;
	int e4 = rmdir("/tmp/t_d2/f") == -1 && errno == ENOTDIR;
	int e5 = unlink("/tmp/t_d2") == -1 && (errno == EISDIR || errno == EPERM);
	CHECK("name_errors", e1 && e2 && e3 && e4 && e5, "eexist %d enoent %d enotdir %d %d eisdir %d",
	      e1, e2, e3, e4, e5);

	int l = link("/tmp/t_d2/f", "/tmp/t_d2/g");
	struct stat st;
	stat("/tmp/t_d2/f", &st);
	CHECK("hard_link_counts", l == 0 && st.st_nlink == 2, "link %d nlink %d", l, (int)st.st_nlink);
	int s = symlink("/tmp/t_d2/f", "/tmp/t_d2/s");
	char buf[64] = { 0 };
	ssize_t n = readlink("/tmp/t_d2/s", buf, sizeof(buf) - 1);
	char data[8] = { 0 };
	fd = open("/tmp/t_d2/s", O_RDONLY);
	read(fd, data, 4);
	close(fd);
	struct stat lst;
	lstat("/tmp/t_d2/s", &lst);
	CHECK("symlink_readlink_follow", s == 0 && n == 11 && !strcmp(buf, "/tmp/t_d2/f") &&
	      !strcmp(data, "data") && S_ISLNK(lst.st_mode), "symlink %d readlink %zd '%s' data '%s'",
	      s, n, buf, data);
	char longtarget[200];
	memset(longtarget, 'a', sizeof(longtarget) - 1);
	longtarget[sizeof(longtarget) - 1] = 0;
	int s2 = symlink(longtarget, "/tmp/t_d2/long");
	memset(buf, 0, sizeof(buf));
	char big[256] = { 0 };
	ssize_t n2 = readlink("/tmp/t_d2/long", big, sizeof(big));
	CHECK("long_symlink", s2 == 0 && n2 == 199 && !memcmp(big, longtarget, 199), "symlink %d readlink %zd",
	      s2, n2);
	symlink("/tmp/t_d2/loop1", "/tmp/t_d2/loop2");
	symlink("/tmp/t_d2/loop2", "/tmp/t_d2/loop1");
	int e6 = open("/tmp/t_d2/loop1", O_RDONLY) == -1 && errno == ELOOP;
	CHECK("symlink_loop_eloop", e6, "%s", strerror(errno));
	unlink("/tmp/t_d2/loop1");
	unlink("/tmp/t_d2/loop2");
	unlink("/tmp/t_d2/long");
	unlink("/tmp/t_d2/s");
	unlink("/tmp/t_d2/g");
	unlink("/tmp/t_d2/f");
	CHECK("cleanup_rmdir", rmdir("/tmp/t_d2") == 0, "%s", strerror(errno));
}

static void test_cwd(void)
{
	mkdir("/tmp/t_d3", 0755);
	mkdir("/tmp/t_d3/sub", 0755);
	int c = chdir("/tmp/t_d3/sub");
	char buf[128] = { 0 };
	char *g = getcwd(buf, sizeof(buf));
	int fd = open("file", O_WRONLY | O_CREAT, 0644);
	close(fd);
	struct stat st;
	int rel = stat("/tmp/t_d3/sub/file", &st) == 0;
	int c2 = chdir("../..");
	char buf2[128] = { 0 };
	getcwd(buf2, sizeof(buf2));
	int dotdot = stat("t_d3/sub/../sub/./file", &st) == 0;
	CHECK("chdir_getcwd_relative", c == 0 && g && !strcmp(buf, "/tmp/t_d3/sub") && rel && c2 == 0 &&
	      !strcmp(buf2, "/tmp") && dotdot, "chdir %d cwd '%s' relative %d then '%s' dotdot %d",
	      c, buf, rel, buf2, dotdot);
	int root = chdir("/..") == 0 && getcwd(buf, sizeof(buf)) && !strcmp(buf, "/");
	CHECK("dotdot_of_root_is_root", root, "cwd '%s'", buf);
	unlink("/tmp/t_d3/sub/file");
	rmdir("/tmp/t_d3/sub");
	rmdir("/tmp/t_d3");
}

/* fchdir: back to a directory held open; not to a file or a bad fd. */
static void test_fchdir(void)
{
	mkdir("/tmp/t_d4", 0755);
	mkdir("/tmp/t_d4/in", 0755);
	int fd = open("/tmp/t_d4/in", O_RDONLY | O_DIRECTORY);
	int c = chdir("/");
	int r = fchdir(fd);
	char buf[128] = { 0 };
	char *g = getcwd(buf, sizeof(buf));
	int file = open("made_here", O_WRONLY | O_CREAT, 0644);
	close(file);
	struct stat st;
	int there = stat("/tmp/t_d4/in/made_here", &st) == 0;
	CHECK("fchdir_to_open_directory", fd >= 0 && c == 0 && r == 0 && g &&
	      !strcmp(buf, "/tmp/t_d4/in") && there,
	      "fd %d chdir %d fchdir %d (%s) cwd '%s' relative create %d", fd, c, r,
	      strerror(errno), buf, there);
	int ffd = open("/tmp/t_d4/in/made_here", O_RDONLY);
	int e1 = fchdir(ffd) == -1 && errno == ENOTDIR;
	int e2 = fchdir(-1) == -1 && errno == EBADF;
	int e3 = fchdir(999) == -1 && errno == EBADF;
	close(ffd);
	int e4 = fchdir(ffd) == -1 && errno == EBADF;
	CHECK("fchdir_errors", e1 && e2 && e3 && e4, "file %d, -1 %d, 999 %d, closed %d", e1, e2, e3, e4);
	chdir("/");
	close(fd);
	unlink("/tmp/t_d4/in/made_here");
	rmdir("/tmp/t_d4/in");
	rmdir("/tmp/t_d4");
}

/* getcwd names the directory as it is now: a rename above the working
 * directory shows; a buffer too small is ERANGE. */
static void test_getcwd_after_rename(void)
{
	mkdir("/tmp/t_d5", 0755);
	mkdir("/tmp/t_d5/a", 0755);
	int c = chdir("/tmp/t_d5/a");
	int mv = rename("/tmp/t_d5", "/tmp/t_d6");
	char buf[128] = { 0 };
	char *g = getcwd(buf, sizeof(buf));
	CHECK("getcwd_after_rename_of_a_parent", c == 0 && mv == 0 && g && !strcmp(buf, "/tmp/t_d6/a"),
	      "chdir %d rename %d cwd '%s'", c, mv, buf);
	char small[4];
	errno = 0;
	char *s = getcwd(small, sizeof(small));
	CHECK("getcwd_small_buffer_erange", !s && errno == ERANGE, "%p %s", (void *)s, strerror(errno));
	chdir("/");
	rmdir("/tmp/t_d6/a");
	rmdir("/tmp/t_d6");
}

static void test_mount_rules(void)
{
	int r = quire_mount("ext2", "/tmp");
	int e = errno;
	int r2 = quire_mount("no-such-fs", "/tmp");
	int e2 = errno;
	CHECK("mount_twice_ebusy_unknown_enodev", r == -1 && e == EBUSY && r2 == -1 && e2 == ENODEV,
	      "remount %d/%d, unknown %d/%d", r, e, r2, e2);
}

int main(void)
{
	PTEST_BEGIN("t_dirs");
	test_mount_rules();
	test_many_entries();
	test_names();
	test_cwd();
	test_fchdir();
	test_getcwd_after_rename();
	return ptest_done();
}
