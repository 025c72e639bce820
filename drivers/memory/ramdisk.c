/* The memory driver's arithmetic (see ramdisk.h). */
#include <quire/errno.h>
#include "ramdisk.h"

int64_t rd_span(uint64_t dev_size, uint64_t pos, uint64_t size, bool write)
{
	if (size > MEM_MAX_IO)
		size = MEM_MAX_IO;
	if (size == 0)
		return 0;
	if (pos >= dev_size)
		return write ? -ENOSPC : 0;
	uint64_t left = dev_size - pos;       /* no overflow: pos < dev_size */
	return (int64_t)(size < left ? size : left);
}

uint64_t rd_chunk(uint64_t total, uint64_t done, uint64_t chunk)
{
	if (done >= total)
		return 0;
	uint64_t left = total - done;
	return left < chunk ? left : chunk;
}

int64_t rd_parse_size(const char *arg, uint64_t def, uint64_t max_mib)
{
	uint64_t mib = 0;
	if (!arg || !*arg)
		mib = def;
	else {
		for (const char *p = arg; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			mib = mib * 10 + (uint64_t)(*p - '0');
			if (mib > max_mib)
				return -1;
		}
	}
	if (mib == 0 || mib > max_mib)
		return -1;
	return (int64_t)(mib << 20);
}
