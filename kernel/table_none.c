/*
 * The production kernel's test table: empty. A test kernel links the
 * table generated from test/os/manifest.txt instead (table.h), so only
 * there can a test or benchmark module start.
 */
#include "table.h"

const struct boot_entry *const test_boot_table = 0;
const int test_boot_table_size = 0;
