# VFS.
VFS_SRCS := \
	servers/vfs/main.c \
	servers/vfs/fproc.c \
	servers/vfs/vnode.c \
	servers/vfs/path.c \
	servers/vfs/mount.c \
	servers/vfs/devfs.c \
	servers/vfs/open.c \
	servers/vfs/stat.c \
	servers/vfs/rw.c \
	servers/vfs/pipe.c \
	servers/vfs/device.c \
	servers/vfs/exec.c \
	$(LIBELF_SRCS)
$(eval $(call libsys_program,vfs,$(VFS_SRCS)))
