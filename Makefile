# Quire's build. build.sh is the entry point; it calls make for the
# compiling. Every source list is explicit; every output is under $(BUILD).

BUILD ?= build
CC    := clang
LD    := ld.lld
AR    := llvm-ar
HOSTCC ?= cc

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
COMMON_CFLAGS := -target x86_64-unknown-elf -ffreestanding -nostdlibinc \
	-fno-stack-protector -fno-pic -O2 -g -std=c11 $(WARN) -Iinclude

all:

# The boot-test and benchmark programs and their privileges (test/os/os.mk).
OS_MANIFEST := test/os/manifest.txt
OS_MANIFEST_PY := test/os/manifest.py

include lib/libelf/libelf.mk
include kernel/kernel.mk
include lib/lib.mk
include lib/libposix/libposix.mk
include bin/bin.mk
include test/posix/posix.mk
include sdk/sdk.mk
include test/sqlite/sqlite.mk
include servers/servers.mk
include servers/fs/fs.mk
include drivers/tty/tty.mk
include drivers/memory/memory.mk
include drivers/virtio_blk/virtio_blk.mk
include test/os/os.mk
include test/bench/bench.mk
include test/bench/posix.mk
include test/unit/unit.mk
include boot/efi/efi.mk

# After every fragment has added its unit tests.
all: $(UNIT_TESTS)

# User space never includes a kernel header: layouts and numbers shared
# with the kernel are in include/, the ELF reader is lib/libelf. Checked on
# every build.
USER_SPACE_DIRS := servers drivers lib bin test/os test/posix test/bench
$(BUILD)/user-headers.checked: $(shell find $(USER_SPACE_DIRS) -name '*.[ch]')
	@if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](\.\./)*kernel/' \
		--include='*.[ch]' $(USER_SPACE_DIRS); then \
		echo "make: user space includes a kernel header (above)" >&2; exit 1; fi
	@mkdir -p $(dir $@) && touch $@
all: $(BUILD)/user-headers.checked

$(BUILD)/%/.dir:
	@mkdir -p $(dir $@) && touch $@

.PHONY: all clean
clean:
	rm -rf $(BUILD)
