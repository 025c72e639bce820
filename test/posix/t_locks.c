/*
 * fcntl record locks between two processes (servers/vfs/lock.c): a
 * conflict gives EAGAIN (or EACCES) to F_SETLK, F_GETLK names the holder
 * and its range, F_SETLKW waits until the holder lets go, closing ANY
 * descriptor of the file drops the process's locks, so does its exit, a
 * wait that would close a cycle is EDEADLK, and bad arguments get their
 * errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

#define FILE_PATH "/tmp/t_locks.dat"

static int lk(int fd, int cmd, int type, int whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = (short)type, .l_whence = (short)whence,
			    .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for [start, start+len) as a write lock: the answer in *out. */
static int probe(int fd, off_t start, off_t len, struct flock *out)
{
	*out = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start,
			       .l_len = len };
	return fcntl(fd, F_GETLK, out);
}

/* One byte through a pipe: the two processes take turns. */
static void say(int fd) { char c = 'x'; (void)!write(fd, &c, 1); }
static void hear(int fd) { char c; (void)!read(fd, &c, 1); }

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static int wait_child(pid_t pid)
{
	int st = 0;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int main(void)
{
	PTEST_BEGIN("t_locks");
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[100] = { 0 };
	CHECK("setup", fd >= 0 && write(fd, buf, sizeof(buf)) == 100, "open/write: %s", strerror(errno));
	pid_t me = getpid();
	int to_child[2], to_parent[2];
	if (pipe(to_child) < 0 || pipe(to_parent) < 0)
		return 1;

	/* ---- conflicts, F_GETLK, F_SETLKW ---- */
	CHECK("setlk_own", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0, "%s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(FILE_PATH, O_RDWR);
		int bad = 0;
		errno = 0;
		if (lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1) != -1 || (errno != EAGAIN && errno != EACCES))
			bad |= 1;
		if (lk(cfd, F_SETLK, F_RDLCK, SEEK_SET, 5, 1) != -1)
			bad |= 2;
		if (lk(cfd, F_SETLK, F_RDLCK, SEEK_SET, 20, 5) != 0)        /* free bytes */
			bad |= 4;
		struct flock fl;
		if (probe(cfd, 3, 2, &fl) != 0 || fl.l_type != F_WRLCK || fl.l_pid != me ||
		    fl.l_start != 0 || fl.l_len != 10 || fl.l_whence != SEEK_SET)
			bad |= 8;
		say(to_parent[1]);
		/* Blocks until the parent unlocks; then it is ours. */
		if (lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10) != 0)
			bad |= 16;
		say(to_parent[1]);
		hear(to_child[0]);           /* the parent looked at our lock */
		_exit(bad);
	}
	hear(to_parent[0]);
	usleep(200 * 1000);
	/* The child is in F_SETLKW: it has not said anything yet. */
	int flags = fcntl(to_parent[0], F_GETFL);
	fcntl(to_parent[0], F_SETFL, flags | O_NONBLOCK);
	char c;
	ssize_t early = read(to_parent[0], &c, 1);
	fcntl(to_parent[0], F_SETFL, flags);
	CHECK("setlkw_waits", early == -1 && errno == EAGAIN, "the child's F_SETLKW returned early");
	CHECK("unlock", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10) == 0, "%s", strerror(errno));
	hear(to_parent[0]);
	struct flock fl;
	CHECK("getlk_reports_child", probe(fd, 0, 1, &fl) == 0 && fl.l_type == F_WRLCK &&
	      fl.l_pid == pid && fl.l_len == 10, "type %d pid %d len %ld", fl.l_type, fl.l_pid,
	      (long)fl.l_len);
	say(to_child[1]);
	int st = wait_child(pid);
	CHECK("child_checks", st == 0, "child's failed checks (bits) %#x", st);

	/* ---- released on exit ---- */
	CHECK("released_on_exit", probe(fd, 0, 100, &fl) == 0 && fl.l_type == F_UNLCK,
	      "type %d pid %d", fl.l_type, fl.l_pid);

	/* ---- released on close of another descriptor of the file ---- */
	CHECK("lock_to_eof", lk(fd, F_SETLK, F_WRLCK, SEEK_END, 0, 0) == 0, "%s", strerror(errno));
	CHECK("lock_again", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 4) == 0, "%s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		int cfd = open(FILE_PATH, O_RDWR);
		struct flock f2;
		int bad = 0;
		if (probe(cfd, 5000, 1, &f2) != 0 || f2.l_type != F_WRLCK || f2.l_start != 100 ||
		    f2.l_len != 0)
			bad |= 1;                /* SEEK_END, len 0: byte 100 to any end */
		if (lk(cfd, F_SETLK, F_RDLCK, SEEK_SET, 0, 4) != 0)   /* read locks share */
			bad |= 2;
		lk(cfd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
		say(to_parent[1]);
		hear(to_child[0]);           /* the parent closed its other descriptor */
		if (probe(cfd, 0, 0, &f2) != 0 || f2.l_type != F_UNLCK)
			bad |= 4;
		_exit(bad);
	}
	hear(to_parent[0]);
	int fd2 = open(FILE_PATH, O_RDONLY);
	close(fd2);                      /* drops the locks held through fd too */
	say(to_child[1]);
	st = wait_child(pid);
	CHECK("released_on_close_other_fd", st == 0, "child's failed checks (bits) %#x", st);

	/* ---- EDEADLK: the parent holds byte 0 and waits for byte 1, the
	 * child holds byte 1 and waits for byte 0 ---- */
	CHECK("hold_a", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0, "%s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		int cfd = open(FILE_PATH, O_RDWR);
		int bad = lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1) != 0;
		say(to_parent[1]);
		if (lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) != 0)   /* waits for the parent */
			bad |= 2;
		_exit(bad);
	}
	hear(to_parent[0]);
	usleep(200 * 1000);              /* the child is parked on byte 0 */
	errno = 0;
	int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	CHECK("edeadlk", r == -1 && errno == EDEADLK, "F_SETLKW gave %d (%s)", r, strerror(errno));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
	st = wait_child(pid);
	CHECK("deadlock_resolved", st == 0, "child's failed checks (bits) %#x", st);

	/* ---- a signal ends a waiting F_SETLKW ---- */
	pid = fork();
	if (pid == 0) {
		int cfd = open(FILE_PATH, O_RDWR);
		int ok = lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0;
		say(to_parent[1]);
		hear(to_child[0]);                 /* hold it until told */
		_exit(ok ? 0 : 1);
	}
	hear(to_parent[0]);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { .it_value = { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	int w = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
	int err = errno;
	CHECK("setlkw_eintr", w == -1 && err == EINTR && alarms == 1, "r %d errno %d alarms %d", w, err,
	      (int)alarms);
	CHECK("setlkw_eintr_took_nothing", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == -1 &&
	      (errno == EAGAIN || errno == EACCES), "errno %d", errno);
	say(to_child[1]);
	st = wait_child(pid);
	CHECK("setlkw_eintr_holder_ok", st == 0, "status %d", st);
	CHECK("setlkw_after_eintr", lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1) == 0, "%s", strerror(errno));
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
	signal(SIGALRM, SIG_DFL);

	/* ---- argument errors ---- */
	int wr = open(FILE_PATH, O_WRONLY);
	errno = 0;
	CHECK("rdlck_on_wronly_ebadf", lk(wr, F_SETLK, F_RDLCK, SEEK_SET, 0, 1) == -1 && errno == EBADF,
	      "errno %d", errno);
	close(wr);
	errno = 0;
	CHECK("bad_whence_einval", lk(fd, F_SETLK, F_WRLCK, 7, 0, 1) == -1 && errno == EINVAL,
	      "errno %d", errno);
	errno = 0;
	CHECK("bad_type_einval", lk(fd, F_SETLK, 42, SEEK_SET, 0, 1) == -1 && errno == EINVAL,
	      "errno %d", errno);
	errno = 0;
	CHECK("before_zero_einval", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, -5) == -1 && errno == EINVAL,
	      "errno %d", errno);
	CHECK("negative_len_ok", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, -5) == 0, "%s", strerror(errno));
	errno = 0;
	CHECK("bad_fd_ebadf", lk(99, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == -1 && errno == EBADF,
	      "errno %d", errno);
	errno = 0;
	CHECK("pipe_einval", lk(to_child[0], F_SETLK, F_RDLCK, SEEK_SET, 0, 1) == -1 && errno == EINVAL,
	      "errno %d", errno);
	close(fd);
	unlink(FILE_PATH);
	return ptest_done();
}
