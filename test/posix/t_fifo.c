/*
 * Named pipes (servers/vfs/vn_fifo.c): mkfifo and mknod make a FIFO inode
 * on the ext2 disk; open without O_NONBLOCK waits for the other end, as
 * POSIX says, and with O_NONBLOCK a reader returns at once while a writer
 * with no reader gets ENXIO; data flows like a pipe's, end of file when
 * the writer closes; lseek is ESPIPE and fsync EINVAL.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

#define FIFO "/tmp/t_fifo.p"
#define NODE "/tmp/t_fifo.n"

/* Has the child said something on fd yet (without waiting)? */
static int said(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	char c;
	ssize_t n = read(fd, &c, 1);
	fcntl(fd, F_SETFL, flags);
	return n == 1;
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void)
{
	PTEST_BEGIN("t_fifo");
	unlink(FIFO);
	unlink(NODE);
	struct stat st;
	CHECK("mkfifo", mkfifo(FIFO, 0640) == 0 && stat(FIFO, &st) == 0 && S_ISFIFO(st.st_mode) &&
	      (st.st_mode & 0777) == (0640 & ~022 & 0777), "%s mode %o", strerror(errno), st.st_mode);
	errno = 0;
	CHECK("mkfifo_eexist", mkfifo(FIFO, 0600) == -1 && errno == EEXIST, "errno %d", errno);
	CHECK("mknod_fifo", mknod(NODE, S_IFIFO | 0600, 0) == 0 && stat(NODE, &st) == 0 &&
	      S_ISFIFO(st.st_mode), "%s", strerror(errno));
	errno = 0;
	CHECK("mknod_regular_einval", mknod("/tmp/t_fifo.r", S_IFREG | 0600, 0) == -1 && errno == EINVAL,
	      "errno %d", errno);
	errno = 0;
	CHECK("mkfifo_no_dir_enoent", mkfifo("/tmp/nodir/x", 0600) == -1 && errno == ENOENT,
	      "errno %d", errno);

	errno = 0;
	int w = open(FIFO, O_WRONLY | O_NONBLOCK);
	CHECK("nonblock_writer_enxio", w == -1 && errno == ENXIO, "open gave %d errno %d", w, errno);
	int r = open(FIFO, O_RDONLY | O_NONBLOCK);
	char buf[32];
	CHECK("nonblock_reader_opens", r >= 0 && read(r, buf, sizeof(buf)) == 0, "%s", strerror(errno));
	w = open(FIFO, O_WRONLY | O_NONBLOCK);        /* now there is a reader */
	CHECK("nonblock_writer_with_reader", w >= 0 && write(w, "abc", 3) == 3 &&
	      read(r, buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0, "%s", strerror(errno));
	errno = 0;
	CHECK("lseek_espipe", lseek(r, 0, SEEK_SET) == -1 && errno == ESPIPE, "errno %d", errno);
	errno = 0;
	CHECK("fsync_einval", fsync(w) == -1 && errno == EINVAL, "errno %d", errno);
	close(w);
	close(r);

	/* A writer's open waits for a reader. */
	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(FIFO, O_WRONLY);
		(void)!write(sync[1], "o", 1);
		int ok = fd >= 0 && write(fd, "hello", 5) == 5;
		close(fd);
		_exit(ok ? 0 : 1);
	}
	usleep(200 * 1000);
	CHECK("writer_open_waits", !said(sync[0]), "the writer's open returned with no reader");
	r = open(FIFO, O_RDONLY);
	ssize_t n = 0, got;
	memset(buf, 0, sizeof(buf));
	while (r >= 0 && (got = read(r, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += got;
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK("data_then_eof", r >= 0 && n == 5 && strcmp(buf, "hello") == 0 && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "read %zd '%s' status %#x", n, buf, status);
	close(r);
	CHECK("writer_said_opened", said(sync[0]), "the writer's note is missing");

	/* A reader's open waits for a writer. */
	pid = fork();
	if (pid == 0) {
		int fd = open(NODE, O_RDONLY);
		(void)!write(sync[1], "o", 1);
		char b[8] = { 0 };
		int ok = fd >= 0 && read(fd, b, sizeof(b)) == 2 && memcmp(b, "hi", 2) == 0;
		close(fd);
		_exit(ok ? 0 : 1);
	}
	usleep(200 * 1000);
	CHECK("reader_open_waits", !said(sync[0]), "the reader's open returned with no writer");
	w = open(NODE, O_WRONLY);
	CHECK("writer_meets_reader", w >= 0 && write(w, "hi", 2) == 2, "%s", strerror(errno));
	close(w);
	waitpid(pid, &status, 0);
	CHECK("reader_got_data", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);

	/* O_RDWR never waits. */
	int rw = open(FIFO, O_RDWR);
	CHECK("rdwr_opens", rw >= 0 && write(rw, "x", 1) == 1 && read(rw, buf, 1) == 1, "%s",
	      strerror(errno));
	close(rw);
	/* A signal ends an open that waits for the other end; the FIFO is
	 * left as it was (no end stays counted). */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { .it_value = { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	int fd = open(FIFO, O_RDONLY);
	int err = errno;
	CHECK("open_wait_eintr", fd == -1 && err == EINTR && alarms == 1, "fd %d errno %d", fd, err);
	errno = 0;
	fd = open(FIFO, O_WRONLY | O_NONBLOCK);
	CHECK("eintr_left_no_reader", fd == -1 && errno == ENXIO, "fd %d errno %d", fd, errno);
	signal(SIGALRM, SIG_DFL);

	/* Device nodes are the superuser's; a FIFO made by an ordinary user
	 * is that user's. */
	pid_t upid = fork();
	if (upid == 0) {
		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(10);
		if (mknod("/tmp/t_fifo.dev", S_IFCHR | 0600, 0) != -1 || errno != EPERM)
			_exit(11);
		struct stat us;
		if (mkfifo("/tmp/t_fifo.u", 0600) != 0 || stat("/tmp/t_fifo.u", &us) != 0)
			_exit(12);
		_exit(us.st_uid == 1000 && us.st_gid == 1000 ? 0 : 13);
	}
	int ust = 0;
	waitpid(upid, &ust, 0);
	CHECK("user_mknod_dev_eperm_fifo_owned", WIFEXITED(ust) && WEXITSTATUS(ust) == 0, "status %#x", ust);
	unlink("/tmp/t_fifo.u");

	CHECK("unlink", unlink(FIFO) == 0 && unlink(NODE) == 0, "%s", strerror(errno));
	return ptest_done();
}
