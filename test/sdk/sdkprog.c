/*
 * A small, ordinary POSIX program built from outside the tree's rules:
 * by build/sdk/bin/quire-cc (t_sdkcc, sdk/sdk.mk) and by CMake with
 * build/sdk/quire.cmake (t_sdkcmake, test/sdk/cmake/). It uses stdio on a
 * file, formatted floating point (libc + libm), a static library of its
 * own, the environment, and fork/wait; SDK_VIA names the build.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"
#include "sdkutil.h"

#ifndef SDK_VIA
#define SDK_VIA "sdk"
#endif

int main(int argc, char **argv)
{
	PTEST_BEGIN(SDK_VIA);
	CHECK("argv", argc >= 1 && argv[0] != NULL && argv[argc] == NULL, "argc %d", argc);

	int v[] = { 5, -3, 9, 0, 2 };
	sdk_sort(v, 5);
	CHECK("static_library", v[0] == -3 && v[4] == 9 && sdk_checksum("quire") == 0x103dc72bu,
	      "sorted %d..%d, checksum %#x", v[0], v[4], sdk_checksum("quire"));

	char buf[64];
	snprintf(buf, sizeof(buf), "%.3f %g", sqrt(2.0), pow(2.0, 10));
	CHECK("float_format_libm", strcmp(buf, "1.414 1024") == 0, "got '%s'", buf);

	char path[64];
	snprintf(path, sizeof(path), "/tmp/sdkprog.%d", (int)getpid());
	FILE *f = fopen(path, "w");
	int wrote = f && fprintf(f, "line %d\n", 42) > 0 && fclose(f) == 0;
	f = fopen(path, "r");
	int n = 0;
	int read_ok = f && fscanf(f, "line %d", &n) == 1 && n == 42;
	if (f)
		fclose(f);
	struct stat st;
	CHECK("stdio_file", wrote && read_ok && stat(path, &st) == 0 && st.st_size == 8,
	      "wrote %d read %d n %d", wrote, read_ok, n);
	unlink(path);

	pid_t pid = fork();
	if (pid == 0)
		_exit(getenv("PATH") != NULL ? 7 : 8);
	int status = 0;
	CHECK("fork_wait_env", pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7, "pid %d status %#x", (int)pid, status);
	return ptest_done();
}
