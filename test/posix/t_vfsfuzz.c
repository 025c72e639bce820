/*
 * Garbage to VFS: thousands of requests with random types and payloads
 * (random pointers, lengths, flags; descriptors kept away from 0-2 so the
 * test can still report). Every one must be answered, and VFS must work
 * normally afterwards. exec, close and dup2 are left out: they would end
 * or blind the test itself; so is pipe, whose read end, with the write end
 * held by the test itself, would rightly wait for ever.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <quire/ipc.h>
#include <quire/endpoints.h>
#include "ptest.h"

int __quire_sendrec(endpoint_t to, message *m);

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static char scratch[8192];

static uint64_t word(void)
{
	switch (next() % 6) {
	case 0: return next() % 64;
	case 1: return (uint64_t)(uintptr_t)scratch + next() % sizeof(scratch);
	case 2: return 0xFFFF800000000000ULL + (next() & 0xFFFFFF);
	case 3: return ~0ULL - next() % 16;
	case 4: return next() & ~0xFFFULL;
	default: return next();
	}
}

int main(void)
{
	PTEST_BEGIN("t_vfsfuzz");
	mkdir("/tmp/fuzz", 0755);
	chdir("/tmp/fuzz");
	for (size_t i = 0; i < sizeof(scratch); i++)
		scratch[i] = (char)(next() % 3 ? 'a' + next() % 26 : next());
	int sent = 0, answered = 0;
	for (int i = 0; i < 4000; i++) {
		int type = VFS_RQ_BASE + (int)(next() % (VFS_NR_CALLS + 2)) - 1;
		if (type == VFS_EXEC || type == VFS_CLOSE || type == VFS_DUP2 || type == VFS_PIPE)
			continue;
		message m;
		for (int w = 0; w < 7; w++)
			m.m_u64.u[w] = word();
		m.m_type = type;
		m.m_vfs.fd = 3 + (int)(next() % 61);
		m.m_vfs.fd2 = 3 + (int)(next() % 61);
		sent++;
		if (__quire_sendrec(VFS_PROC_NR, &m) == 0)
			answered++;
	}
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	chdir("/");
	int fd = open("/tmp/t_vfsfuzz.after", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ssize_t w = write(fd, "still fine", 10);
	char buf[16] = { 0 };
	ssize_t r = pread(fd, buf, 10, 0);
	close(fd);
	unlink("/tmp/t_vfsfuzz.after");
	CHECK("vfs_answers_garbage", sent > 3000 && answered == sent, "%d of %d answered", answered, sent);
	CHECK("vfs_fine_after_garbage", fd >= 0 && w == 10 && r == 10 && !strcmp(buf, "still fine"),
	      "open %d write %zd read %zd '%s'", fd, w, r, buf);
	return ptest_done();
}
