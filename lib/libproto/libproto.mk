# lib/libproto: one client stub file per protocol (lib/libproto/proto.h),
# compiled into both libsys (lib/lib.mk) and libposix
# (lib/libposix/libposix.mk). Keep one file per line.
PROTO_SRCS := \
	lib/libproto/pm.c \
	lib/libproto/vm.c \
	lib/libproto/vfs.c \
	lib/libproto/bdev.c \
	lib/libproto/fs.c \
	lib/libproto/cdev.c \
	lib/libproto/ds.c \
	lib/libproto/rs.c \
	lib/libproto/kvs.c
