# lib/libminixfs: the block cache file systems share. Not an archive: a
# file-system server lists $(LMFS_SRCS) with its own sources (fs.mk), and
# host unit tests list $(LMFS_HOST_SRCS). Only definitions here, so
# including this file twice is harmless.

# Shared by Quire and the host.
LMFS_CORE_SRCS := \
	lib/libminixfs/cache.c \
	lib/libminixfs/backing.c \
	lib/libminixfs/freshrun.c \
	lib/libminixfs/readahead.c

# In Quire: the block-driver device and VM's page cache as the backing (libsys).
LMFS_SRCS := $(LMFS_CORE_SRCS) lib/libminixfs/bdev.c lib/libminixfs/vmback.c

# On the host: the file-backed device (POSIX).
LMFS_HOST_SRCS := $(LMFS_CORE_SRCS) lib/libminixfs/filedev.c
