-- After a reboot of the same disk: the database reads back (t_sqlite).
SELECT count(*), sum(v), sum(k) FROM t;
SELECT id, k, name FROM t WHERE k = 5000;
SELECT id, name FROM t WHERE k BETWEEN 9990 AND 10006 ORDER BY k;
PRAGMA integrity_check;
