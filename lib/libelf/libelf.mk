# lib/libelf: the one ELF64 reader (libelf.h). Its sources are compiled
# into each user, with that user's flags: the kernel (kernel/kernel.mk),
# VFS (servers/vfs/vfs.mk), the GNU-EFI loader (boot/efi/efi.mk) and the
# host unit tests (test/unit/unit.mk). Freestanding: no libc.
LIBELF_SRCS := \
	lib/libelf/elf_hdr.c \
	lib/libelf/elf_exec.c \
	lib/libelf/elf_kimage.c \
	lib/libelf/elf_note.c
