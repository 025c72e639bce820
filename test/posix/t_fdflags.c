/*
 * pipe2 and dup3 (flags set with the descriptor), lockf between two
 * processes, confstr(_CS_PATH), ctermid, and the stdio stream locks.
 * Also passes on Linux: cc -Wall -o /tmp/x t_fdflags.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ptest.h"

#define F "/tmp/t_fdflags.dat"

int main(void)
{
	PTEST_BEGIN("t_fdflags");
	int p[2];
	CHECK("pipe2_flags", pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(p[1], F_GETFL) & O_NONBLOCK), "%s", strerror(errno));
	char c;
	errno = 0;
	CHECK("pipe2_nonblock_read", read(p[0], &c, 1) == -1 && errno == EAGAIN, "errno %d", errno);
	errno = 0;
	int q[2];
	CHECK("pipe2_bad_flags_einval", pipe2(q, 0x40000000) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("dup3_cloexec", dup3(p[1], 20, O_CLOEXEC) == 20 && (fcntl(20, F_GETFD) & FD_CLOEXEC), "%s",
	      strerror(errno));
	errno = 0;
	CHECK("dup3_same_fd_einval", dup3(20, 20, 0) == -1 && errno == EINVAL, "errno %d", errno);
	close(20);
	close(p[0]);
	close(p[1]);

	int fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0644);
	(void)!write(fd, "0123456789", 10);
	lseek(fd, 2, SEEK_SET);
	CHECK("lockf_lock", lockf(fd, F_LOCK, 4) == 0, "%s", strerror(errno));
	CHECK("lockf_test_own", lockf(fd, F_TEST, 4) == 0, "%s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(F, O_RDWR);
		lseek(cfd, 3, SEEK_SET);
		int test = lockf(cfd, F_TEST, 1) == -1 && (errno == EACCES || errno == EAGAIN);
		int tlock = lockf(cfd, F_TLOCK, 1) == -1 && (errno == EACCES || errno == EAGAIN);
		lseek(cfd, 6, SEEK_SET);
		int free_after = lockf(cfd, F_TLOCK, 2) == 0;
		_exit((test ? 0 : 1) | (tlock ? 0 : 2) | (free_after ? 0 : 4));
	}
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK("lockf_between_processes", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	CHECK("lockf_unlock", lockf(fd, F_ULOCK, 4) == 0, "%s", strerror(errno));
	errno = 0;
	CHECK("lockf_bad_cmd_einval", lockf(fd, 99, 1) == -1 && errno == EINVAL, "errno %d", errno);
	close(fd);
	unlink(F);

	char buf[64];
	size_t n = confstr(_CS_PATH, buf, sizeof(buf));
	CHECK("confstr_path", n > 1 && n == strlen(buf) + 1 && strstr(buf, "/bin") != NULL, "%zu %s", n, buf);
	char small[3];
	CHECK("confstr_truncates", confstr(_CS_PATH, small, sizeof(small)) == n && strlen(small) == 2, "?");
	errno = 0;
	CHECK("confstr_bad_einval", confstr(-12345, buf, sizeof(buf)) == 0 && errno == EINVAL, "errno %d", errno);
	char term[L_ctermid];
	CHECK("ctermid", ctermid(term) == term && strcmp(term, "/dev/tty") == 0 && ctermid(NULL) != NULL, "%s", term);
	flockfile(stdout);
	CHECK("ftrylockfile", ftrylockfile(stdout) == 0, "?");
	funlockfile(stdout);
	funlockfile(stdout);
	return ptest_done();
}
