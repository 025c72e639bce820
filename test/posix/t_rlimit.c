/* Resource limits: RLIMIT_NOFILE enforced (EMFILE on open, dup, pipe),
 * soft <= hard (EINVAL), raising a hard limit needs uid 0 (EPERM), bad
 * resources (EINVAL), inheritance on fork; getrusage. */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <unistd.h>
#include "ptest.h"
#include "asuser.h"

static int raise_hard(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_CORE, &rl) != 0)
		return 101;
	rl.rlim_max = 0;                     /* lowering: allowed */
	rl.rlim_cur = 0;
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return 102;
	rl.rlim_max = 4096;
	return err_of(setrlimit(RLIMIT_CORE, &rl));
}

/* RLIMIT_FSIZE 10 with SIGXFSZ ignored: a write crossing it is cut
 * short, one at it is EFBIG. 0 or the failing step. */
static int fsize_ignored(void)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = { 10, RLIM_INFINITY };
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 101;
	int fd = open("/tmp/rlimit_fsize", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 102;
	char buf[20] = "0123456789abcdefghi";
	if (write(fd, buf, 20) != 10)
		return 103;
	if (write(fd, buf, 1) != -1 || errno != EFBIG)
		return 104;
	close(fd);
	return 0;
}

static int fsize_default(void)
{
	struct rlimit rl = { 4, RLIM_INFINITY };
	setrlimit(RLIMIT_FSIZE, &rl);
	int fd = open("/tmp/rlimit_fsize", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123", 4);
	write(fd, "4", 1);                   /* SIGXFSZ ends us here */
	return 0;
}

static int run_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

int main(void)
{
	PTEST_BEGIN("t_rlimit");
	struct rlimit rl;
	CHECK("nofile_default", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 64 &&
	      rl.rlim_max == 64, "%llu %llu", rl.rlim_cur, rl.rlim_max);
	CHECK("bad_resource_get", getrlimit(99, &rl) == -1 && errno == EINVAL, "errno %d", errno);
	rl.rlim_cur = 10;
	rl.rlim_max = 5;
	CHECK("soft_above_hard", setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL,
	      "errno %d", errno);
	CHECK("bad_resource_set", setrlimit(-1, &rl) == -1 && errno == EINVAL, "errno %d", errno);

	/* Descriptors 0-2 are open: a limit of 5 leaves room for 3 and 4. */
	rl.rlim_cur = 5;
	rl.rlim_max = 64;
	CHECK("nofile_lowered", setrlimit(RLIMIT_NOFILE, &rl) == 0, "errno %d", errno);
	int a = open("/etc/version", O_RDONLY), b = open("/etc/version", O_RDONLY);
	int c = open("/etc/version", O_RDONLY);
	CHECK("open_emfile_at_limit", a == 3 && b == 4 && c == -1 && errno == EMFILE,
	      "%d %d %d errno %d", a, b, c, errno);
	int d = dup(0);
	CHECK("dup_emfile_at_limit", d == -1 && errno == EMFILE, "%d errno %d", d, errno);
	close(b);
	int p[2];
	CHECK("pipe_emfile_at_limit", pipe(p) == -1 && errno == EMFILE, "errno %d", errno);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit crl;
		_exit(getrlimit(RLIMIT_NOFILE, &crl) == 0 && crl.rlim_cur == 5 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK("limit_inherited_on_fork", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %x",
	      status);
	close(a);
	rl.rlim_cur = 64;
	CHECK("nofile_raised_back", setrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	      open("/etc/version", O_RDONLY) == 3, "errno %d", errno);
	close(3);

	int r = as_user(raise_hard);
	CHECK("user_raising_hard_limit_refused", r == EPERM, "got %d", r);
	rl.rlim_cur = 0;
	rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	rl.rlim_max = RLIM_INFINITY;
	CHECK("root_raises_hard_limit", setrlimit(RLIMIT_CORE, &rl) == 0, "errno %d", errno);

	int st = run_child(fsize_ignored);
	CHECK("fsize_cut_short_then_efbig", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(fsize_default);
	CHECK("fsize_sigxfsz_ends_the_writer", WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ,
	      "status %x", st);
	unlink("/tmp/rlimit_fsize");

	struct rusage ru;
	CHECK("getrusage_self", getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec < 1000000,
	      "errno %d", errno);
	CHECK("getrusage_children", getrusage(RUSAGE_CHILDREN, &ru) == 0, "errno %d", errno);
	CHECK("getrusage_bad_who", getrusage(5, &ru) == -1 && errno == EINVAL, "errno %d", errno);
	return ptest_done();
}
