# The memory driver (/dev/null, /dev/zero, /dev/ram): boot module "memory".
MEMORY_SRCS := \
	drivers/memory/main.c \
	drivers/memory/ramdisk.c
$(eval $(call libsys_program,memory,$(MEMORY_SRCS)))
