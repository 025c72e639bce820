/*
 * Files survive a reboot. The host boots the same disk twice: the first
 * run writes /persist.dat, the second finds it intact ("read_back").
 */
#include <fcntl.h>
#include <unistd.h>
#include "ptest.h"

#define SIZE 20000

int main(void)
{
	PTEST_BEGIN("t_persist");
	static unsigned char want[SIZE], got[SIZE];
	for (int i = 0; i < SIZE; i++)
		want[i] = (unsigned char)(i * 13 + 5);
	int fd = open("/persist.dat", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, got, SIZE);
		close(fd);
		CHECK("read_back", n == SIZE && !memcmp(want, got, SIZE), "read %zd bytes", n);
		unlink("/persist.dat");
		sync();
		return ptest_done();
	}
	fd = open("/persist.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = write(fd, want, SIZE);
	int f = fsync(fd);
	close(fd);
	sync();
	CHECK("written", fd >= 0 && n == SIZE && f == 0, "open %d write %zd fsync %d", fd, n, f);
	return ptest_done();
}
