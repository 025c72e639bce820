/*
 * The memory driver's arithmetic, with no libsys, so that it also runs on
 * the host under cmocka: how much of a request a device transfers, and
 * how a transfer is cut into chunks.
 */
#ifndef MEMORY_RAMDISK_H
#define MEMORY_RAMDISK_H

#include <stdint.h>
#include <stdbool.h>
#include <quire/vfs.h>

/* The most one request moves: VFS_IO_MAX, since a byte count must fit
 * the int32 m_type of the answer. A larger request is a short transfer,
 * as POSIX allows. */
#define MEM_MAX_IO ((uint64_t)VFS_IO_MAX)

/* Bytes a read (write = false) or write of `size` bytes at `pos` moves on
 * a device of `dev_size` bytes: reads are short at the end and 0 at or
 * past it; a write that starts at or past the end is -ENOSPC (a write of
 * 0 bytes is 0 anywhere). Never more than MEM_MAX_IO. */
int64_t rd_span(uint64_t dev_size, uint64_t pos, uint64_t size, bool write);

/* The next chunk of a transfer of `total` bytes of which `done` are done,
 * at most `chunk` bytes. */
uint64_t rd_chunk(uint64_t total, uint64_t done, uint64_t chunk);

/* The RAM disk's size in bytes from its argument (MiB, decimal): `def`
 * MiB for NULL or an empty string, -1 for anything else that is not a
 * number from 1 to max_mib. */
int64_t rd_parse_size(const char *arg, uint64_t def, uint64_t max_mib);

#endif
