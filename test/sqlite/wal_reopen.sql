-- A new process opens the WAL database: the log's transactions are there.
PRAGMA journal_mode;
SELECT count(*), sum(v) FROM t;
SELECT name FROM t WHERE k > 20000 ORDER BY k;
PRAGMA integrity_check;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT count(*) FROM t WHERE id BETWEEN 200 AND 299;
