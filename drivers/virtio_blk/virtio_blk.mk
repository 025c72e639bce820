# The virtio block driver: a libsys program loaded as a boot module
# (docs/virtio_blk.md). Included from the top-level Makefile.

VIRTIO_BLK_SRCS := \
	drivers/virtio_blk/main.c \
	drivers/virtio_blk/virtio_blk.c \
	drivers/virtio_blk/virtio.c
$(eval $(call libsys_program,virtio_blk,$(VIRTIO_BLK_SRCS)))
