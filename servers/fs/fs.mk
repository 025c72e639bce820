# The ext2 file-system server (servers/fs), on lib/libminixfs.
# Boot module line: bin/ext2 ext2 blk 0

include lib/libminixfs/lmfs.mk

# The ext2 logic: no libsys, so it also builds on the host (unit tests).
EXT2_CORE_SRCS := \
	servers/fs/super.c \
	servers/fs/bitmap.c \
	servers/fs/balloc.c \
	servers/fs/ialloc.c \
	servers/fs/inode.c \
	servers/fs/bmap.c \
	servers/fs/truncate.c \
	servers/fs/rw.c \
	servers/fs/dir.c \
	servers/fs/namei.c \
	servers/fs/rename.c \
	servers/fs/node.c \
	servers/fs/getdents.c \
	servers/fs/request.c \
	servers/fs/vmwork.c

# Quire only: the message loop and the grant copies.
EXT2_SRCS := \
	servers/fs/main.c \
	servers/fs/xfer_grant.c \
	$(EXT2_CORE_SRCS) \
	$(LMFS_SRCS)

$(eval $(call libsys_program,ext2,$(EXT2_SRCS)))
