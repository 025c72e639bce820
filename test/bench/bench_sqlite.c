/* The SQLite rows of bench (see bench.c for the metrics and how they
 * are reported). */
#include "bench.h"

/* ---- SQLite -------------------------------------------------------------
 * The same SQLite shell (the amalgamation build.sh caches, the same -D
 * options) as /bin/sqlite3 on both systems, run on the same SQL, written
 * here: four phases, each one run of the shell on the database the
 * earlier ones built, timed from fork to the end of waitpid, the median
 * of three whole runs (a fresh database each). A phase passes only if
 * the shell exits with 0 and prints exactly the lines expected of it.
 * Without fsync (PRAGMA synchronous=OFF): see sql_script. */
#define SQL_PATH  "/tmp/bench.sql"
#define SQL_DB    "/tmp/bench.db"
#define SQL_SHELL "/bin/sqlite3"
#define SQL_ROWS  4000
#define SQL_TXN   400                         /* rows per transaction */
#define SQL_POINT 400                         /* indexed queries */
#define SQL_SCANS 10                          /* full-table scans */

/* Write phase `phase`'s SQL to SQL_PATH; the lines it must print. */
static int sql_script(int phase)
{
	FILE *f = fopen(SQL_PATH, "w");
	if (!f)
		return -1;
	int lines = 0;
	/* No fsync: Linux's /tmp is tmpfs, where fsync costs nothing, while
	 * Quire's reaches the disk, and under -icount a disk wait is a clock
	 * jump, not instructions (docs/performance.md). Transactions, the
	 * rollback journal and its files are as usual. */
	fprintf(f, "PRAGMA synchronous=OFF;\n");
	switch (phase) {
	case 0:                                   /* inserts in transactions */
		fprintf(f, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, v REAL);\n"
			   "CREATE INDEX t_k ON t(k);\n");
		for (int i = 0; i < SQL_ROWS; i++) {
			if (i % SQL_TXN == 0)
				fprintf(f, "BEGIN;\n");
			fprintf(f, "INSERT INTO t VALUES(%d, %d, 'name-%d-%d', %d.5);\n", i,
				(i * 7919) % 10007, i, (i * 31) % 97, i % 1000);
			if (i % SQL_TXN == SQL_TXN - 1)
				fprintf(f, "COMMIT;\n");
		}
		fprintf(f, "SELECT count(*) FROM t;\n");
		lines = 1;
		break;
	case 1:                                   /* indexed point queries */
		for (int i = 0; i < SQL_POINT; i++)
			fprintf(f, "SELECT count(*), total(v) FROM t WHERE k = %d;\n", (i * 7919) % 10007);
		lines = SQL_POINT;
		break;
	case 2:                                   /* full scans */
		for (int i = 0; i < SQL_SCANS; i++)
			fprintf(f, "SELECT count(*), avg(v), max(name) FROM t WHERE name LIKE '%%-%d';\n", i);
		lines = SQL_SCANS;
		break;
	case 3:                                   /* an update pass */
		fprintf(f, "BEGIN;\nUPDATE t SET v = v + 1, name = name || 'u' WHERE id %% 3 = 0;\n"
			   "UPDATE t SET k = k + 1 WHERE k < 5000;\nCOMMIT;\n"
			   "SELECT count(*) FROM t WHERE name LIKE '%%u';\n");
		lines = 1;
		break;
	}
	return fclose(f) == 0 ? lines : -1;
}

/* Run the shell on SQL_DB with SQL_PATH as input; its ticks, or 0 if it
 * failed or printed other than `lines` lines. */
static uint64_t sql_run(int lines)
{
	int p[2];
	if (pipe(p) != 0)
		return 0;
	uint64_t t0 = tsc();
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(SQL_PATH, O_RDONLY);
		if (in < 0)
			_exit(126);
		dup2(in, 0);
		dup2(p[1], 1);
		close(in);
		close(p[0]);
		close(p[1]);
		char *const argv[] = { "sqlite3", SQL_DB, NULL };
		char *const envp[] = { NULL };
		execve(SQL_SHELL, argv, envp);
		_exit(127);
	}
	close(p[1]);
	int got = 0;
	ssize_t n;
	while ((n = read(p[0], iobuf, sizeof(iobuf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			got += iobuf[i] == '\n';
	close(p[0]);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 0;
	uint64_t t = tsc() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && got == lines ? t : 0;
}

void bench_sqlite(void)
{
	static const char *const names[] = { "sqlite_insert", "sqlite_indexed", "sqlite_scan",
					     "sqlite_update" };
	if (access(SQL_SHELL, X_OK) != 0) {
		for (int ph = 0; ph < 4; ph++)
			unsupported(names[ph], "no " SQL_SHELL " on this system (build.sh could not fetch SQLite)");
		return;
	}
	uint64_t t[4][3];
	for (int run = 0; run < 3; run++) {
		unlink(SQL_DB);
		for (int ph = 0; ph < 4; ph++) {
			int lines = sql_script(ph);
			t[ph][run] = lines < 0 ? 0 : sql_run(lines);
			if (t[ph][run] == 0) {
				printf("bench: %s: the SQLite shell failed (run %d)\n", names[ph], run);
				failures++;
				unlink(SQL_DB);
				return;
			}
		}
	}
	unlink(SQL_DB);
	unlink(SQL_PATH);
	for (int ph = 0; ph < 4; ph++)
		report(names[ph], median(t[ph], 3), "ticks");
}

