# VFS.
VFS_SRCS := \
	servers/vfs/main.c \
	servers/vfs/fproc.c \
	servers/vfs/vnode.c \
	servers/vfs/vn_fs.c \
	servers/vfs/vn_fs_name.c \
	servers/vfs/vn_pipe.c \
	servers/vfs/select.c \
	servers/vfs/interrupt.c \
	servers/vfs/vn_fifo.c \
	servers/vfs/vn_dev.c \
	servers/vfs/path.c \
	servers/vfs/mount.c \
	servers/vfs/open.c \
	servers/vfs/perm.c \
	servers/vfs/attr.c \
	servers/vfs/cwd.c \
	servers/vfs/stat.c \
	servers/vfs/rw.c \
	servers/vfs/exec.c \
	servers/vfs/mmap.c \
	servers/vfs/lock.c \
	$(LIBELF_SRCS)
$(eval $(call libsys_program,vfs,$(VFS_SRCS)))
