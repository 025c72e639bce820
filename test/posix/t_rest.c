/*
 * The rest programs expect (issue 11): sched_yield, the mlock family's
 * argument checks, fsync/fdatasync refusing a pipe (EINVAL) but not a
 * file, popen/pclose, realpath and getrusage.
 */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

int main(void)
{
	PTEST_BEGIN("t_rest");
	int ok = 1;
	for (int i = 0; i < 100; i++)
		ok &= sched_yield() == 0;
	CHECK("sched_yield", ok, "sched_yield failed");

	static char page[8192] __attribute__((aligned(4096)));
	page[0] = 1;
	CHECK("mlock_data", mlock(page, sizeof(page)) == 0 && munlock(page, sizeof(page)) == 0,
	      "%s", strerror(errno));
	CHECK("mlock_unaligned_rounds", mlock(page + 100, 10) == 0, "%s", strerror(errno));
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	munmap(m, 4096);
	errno = 0;
	CHECK("mlock_unmapped_enomem", mlock(m, 4096) == -1 && errno == ENOMEM, "errno %d", errno);
	errno = 0;
	CHECK("munlock_unmapped_enomem", munlock(m, 4096) == -1 && errno == ENOMEM, "errno %d", errno);
	CHECK("mlockall", mlockall(MCL_CURRENT | MCL_FUTURE) == 0 && munlockall() == 0, "%s",
	      strerror(errno));
	errno = 0;
	CHECK("mlockall_bad_flags", mlockall(0) == -1 && errno == EINVAL &&
	      mlockall(8) == -1, "errno %d", errno);

	int p[2];
	pipe(p);
	errno = 0;
	CHECK("fsync_pipe_einval", fsync(p[0]) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("fdatasync_pipe_einval", fdatasync(p[1]) == -1 && errno == EINVAL, "errno %d", errno);
	close(p[0]);
	close(p[1]);
	int fd = open("/tmp/t_rest.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("fsync_file", fd >= 0 && write(fd, "x", 1) == 1 && fsync(fd) == 0 && fdatasync(fd) == 0,
	      "%s", strerror(errno));
	close(fd);

	FILE *f = popen("echo popen-ok", "r");
	char line[64] = "";
	int got = f && fgets(line, sizeof(line), f) != NULL;
	int st = f ? pclose(f) : -1;
	CHECK("popen_read", got && strcmp(line, "popen-ok\n") == 0 && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "line '%s' status %#x", line, st);
	f = popen("cat > /tmp/t_rest.p", "w");
	int wrote = f && fputs("through a pipe\n", f) >= 0;
	st = f ? pclose(f) : -1;
	struct stat sb;
	CHECK("popen_write", wrote && st == 0 && stat("/tmp/t_rest.p", &sb) == 0 && sb.st_size == 15,
	      "status %#x size %ld", st, (long)sb.st_size);
	errno = 0;
	CHECK("popen_bad_mode", popen("true", "x") == NULL && errno == EINVAL, "errno %d", errno);

	char rp[PATH_MAX];
	mkdir("/tmp/rp", 0755);
	symlink("/tmp/rp", "/tmp/rp.link");
	char *r = realpath("/tmp/./rp.link/../rp/", rp);
	CHECK("realpath", r && strcmp(rp, "/tmp/rp") == 0, "got %s", r ? rp : strerror(errno));
	errno = 0;
	CHECK("realpath_enoent", realpath("/tmp/nope/x", rp) == NULL && errno == ENOENT, "errno %d", errno);
	errno = 0;
	CHECK("realpath_enotdir", realpath("/tmp/t_rest.f/x", rp) == NULL && errno == ENOTDIR,
	      "errno %d", errno);
	r = realpath("/tmp/rp.link", NULL);
	CHECK("realpath_malloc", r && strcmp(r, "/tmp/rp") == 0, "got %s", r ? r : "NULL");
	free(r);
	unlink("/tmp/rp.link");
	rmdir("/tmp/rp");
	unlink("/tmp/t_rest.f");
	unlink("/tmp/t_rest.p");

	struct rusage ru;
	volatile unsigned long spin = 0, sink;
	for (unsigned long i = 0; i < 20000000; i++)
		spin += i;
	sink = spin;
	(void)sink;
	errno = 0;
	CHECK("getrusage", getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec < 1000000 &&
	      getrusage(RUSAGE_CHILDREN, &ru) == 0 && getrusage(5, &ru) == -1 && errno == EINVAL,
	      "errno %d", errno);
	return ptest_done();
}
