# The SQLite session test (test/posix/t_sqlite.c runs /bin/sqlite3 on
# these scripts inside Quire and compares its output with the host's
# sqlite3 on the same scripts, in the same order, on one database).
SQLITE_TEST := $(BUILD)/sqlite-test
SQLITE_SCRIPTS := session reopen wal wal_reopen

$(SQLITE_TEST)/session.sql: test/sqlite/gen_session.py
	@mkdir -p $(dir $@)
	python3 $< $@
$(SQLITE_TEST)/%.sql: test/sqlite/%.sql
	@mkdir -p $(dir $@)
	cp $< $@

# One host database through the four scripts in order, as in Quire.
$(SQLITE_TEST)/session.expected: $(patsubst %,$(SQLITE_TEST)/%.sql,$(SQLITE_SCRIPTS)) test/sqlite/sqlite.mk
	@rm -f $(SQLITE_TEST)/host.db*
	set -e; for s in $(SQLITE_SCRIPTS); do \
		sqlite3 $(SQLITE_TEST)/host.db <$(SQLITE_TEST)/$$s.sql >$(SQLITE_TEST)/$$s.expected 2>&1; \
	done

all: $(SQLITE_TEST)/session.expected
