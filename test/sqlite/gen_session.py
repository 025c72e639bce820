#!/usr/bin/env python3
"""Writes the SQLite session script (test/sqlite/sqlite.mk): a table, 10,000
INSERT statements in one transaction, an index, an indexed query, a full
scan aggregate, an update pass and integrity_check. Integers and text only,
so the host's sqlite3 and Quire's print the same bytes."""
import sys

out = [
    "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, name TEXT, v INTEGER);",
    "BEGIN;",
]
for i in range(1, 10001):
    out.append(f"INSERT INTO t(k, name, v) VALUES ({i * 7919 % 10007}, 'name{i}', {i % 100});")
out += [
    "COMMIT;",
    "CREATE INDEX t_k ON t(k);",
    "SELECT id, k, name FROM t WHERE k BETWEEN 100 AND 110 ORDER BY k;",
    "SELECT count(*), sum(v), min(k), max(k), sum(length(name)) FROM t;",
    "UPDATE t SET v = v + 1 WHERE id % 3 = 0;",
    "SELECT sum(v), count(DISTINCT v) FROM t;",
    "PRAGMA integrity_check;",
]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
