-- Write-ahead logging (its -shm index is a shared file mapping), a few
-- transactions; wal_reopen.sql reads them back in a new process.
PRAGMA journal_mode=WAL;
BEGIN;
INSERT INTO t(k, name, v) VALUES (20001, 'wal1', 1);
INSERT INTO t(k, name, v) VALUES (20002, 'wal2', 2);
COMMIT;
BEGIN;
UPDATE t SET v = v * 2 WHERE id <= 100;
DELETE FROM t WHERE id BETWEEN 200 AND 299;
COMMIT;
BEGIN;
INSERT INTO t(k, name, v) VALUES (20003, 'rolled back', 3);
ROLLBACK;
SELECT count(*), sum(v) FROM t;
SELECT name FROM t WHERE k > 20000 ORDER BY k;
