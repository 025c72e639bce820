/*
 * The SQLite session: /bin/sqlite3 (SQLite's own shell, built unmodified
 * with the sdk's quire-cc) runs the scripts of test/sqlite/ on a database
 * on the ext2 disk; each output must equal, byte for byte, what the
 * host's sqlite3 printed for the same script on the same sequence
 * (/test/sqlite/NAME.expected, test/sqlite/sqlite.mk).
 *
 * First boot (no database yet): session.sql (create, 10,000 inserts in
 * one transaction, index, queries, update, integrity_check). Second boot
 * of the same disk (build.sh's system test): reopen.sql, then wal.sql
 * (PRAGMA journal_mode=WAL and a few transactions) and wal_reopen.sql
 * in a new sqlite3 process. SQLite locks with fcntl record locks, as it
 * does on any POSIX system.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

#define DIR "/test/sqlite"
#define DB_DIR "/var/sqlite"
#define DB DB_DIR "/test.db"
#define OUT "/tmp/sqlite.out"

/* Reads at most cap-1 bytes of path into buf; the length, or -1. */
static long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t n = 0;
	ssize_t r;
	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (long)n;
}

/* Runs `/bin/sqlite3 DB` with stdin from DIR/name.sql and stdout and
 * stderr to OUT; checks its exit status and output against
 * DIR/name.expected. */
static void run_script(const char *name)
{
	static char got[1 << 16], want[1 << 16];
	char sql[128], expected[128];
	snprintf(sql, sizeof(sql), DIR "/%s.sql", name);
	snprintf(expected, sizeof(expected), DIR "/%s.expected", name);

	pid_t pid = fork();
	if (pid == 0) {
		int in = open(sql, O_RDONLY);
		int out = open(OUT, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		close(in);
		close(out);
		execl("/bin/sqlite3", "sqlite3", DB, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	int waited = pid > 0 && waitpid(pid, &status, 0) == pid;
	long ng = slurp(OUT, got, sizeof(got));
	long nw = slurp(expected, want, sizeof(want));
	int same = ng >= 0 && nw > 0 && ng == nw && memcmp(got, want, (size_t)ng) == 0;
	if (!same && ng >= 0 && nw >= 0) {
		long i = 0, line = 1;
		while (i < ng && i < nw && got[i] == want[i])
			line += got[i++] == '\n';
		printf("# %s: output differs at line %ld (byte %ld); got:\n%.400s\n", name, line, i, got);
	}
	CHECK(name, waited && WIFEXITED(status) && WEXITSTATUS(status) == 0 && same,
	      "sqlite3 wait status %#x (exit 127: it could not be run), output %ld bytes, "
	      "expected %ld bytes%s", status, ng, nw, same ? "" : ", different");
}

int main(void)
{
	PTEST_BEGIN("t_sqlite");
	struct stat st;
	CHECK("sqlite3_installed", stat("/bin/sqlite3", &st) == 0 && (st.st_mode & 0111),
	      "/bin/sqlite3 is missing: the build could not fetch SQLite (see build.sh's output)");
	if (stat(DB, &st) < 0) {
		mkdir("/var", 0755);
		mkdir(DB_DIR, 0755);
		run_script("session");
	} else {
		run_script("reopen");
		run_script("wal");
		run_script("wal_reopen");
	}
	return ptest_done();
}
