# boot/efi/efi.mk -- the GNU-EFI loader and its host unit tests.
#
# A make fragment for the top-level Makefile:
#
#     BUILD ?= build
#     include boot/efi/efi.mk
#
# It needs BUILD (the output directory) and defines:
#     $(BUILD)/efi/BOOTX64.EFI     the loader (also named by $(EFI_APP))
#     $(BUILD)/unit/test_efi_config, $(BUILD)/unit/test_efi_mb2,
#     $(BUILD)/unit/test_efi_elf_{hdr,note}   host cmocka tests of lib/libelf's
#                                  kernel-image checks, appended to UNIT_TESTS
#     EFI_MKESP                    the ESP image script (see mkesp.sh)
# Tools (override on the command line or before the include): EFI_CC,
# EFI_LD, EFI_OBJCOPY (GNU objcopy: llvm-objcopy cannot make a PE), HOSTCC.

EFI_DIR  := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# The tree's root, "" when included as boot/efi/efi.mk from the root.
EFI_ROOT := $(patsubst %boot/efi,%,$(EFI_DIR))

EFI_CC      ?= clang
EFI_LD      ?= ld.lld
EFI_OBJCOPY ?= objcopy
EFI_INCDIR  ?= /usr/include/efi
EFI_LIBDIR  ?= /usr/lib
HOSTCC      ?= cc

EFI_CFLAGS := -std=gnu11 -O2 -g0 \
	-I$(EFI_INCDIR) -I$(EFI_INCDIR)/x86_64 -I$(EFI_ROOT)include -I$(EFI_ROOT)lib/libelf \
	-fpic -ffreestanding -fno-stack-protector -fshort-wchar -mno-red-zone \
	-DGNU_EFI_USE_MS_ABI -Wall -Wextra -Werror -MMD -MP
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --build-id=none \
	--apply-dynamic-relocs \
	-T $(EFI_DIR)/elf_x86_64_efi.lds -L$(EFI_LIBDIR)

EFI_SRCS  := $(sort $(wildcard $(EFI_DIR)/*.c))
# The ELF reader is lib/libelf's, built with these flags.
include $(EFI_ROOT)lib/libelf/libelf.mk
EFI_LIBELF_SRCS := $(addprefix $(EFI_ROOT),$(LIBELF_SRCS))
EFI_OBJS  := $(patsubst $(EFI_DIR)/%.c,$(BUILD)/efi/%.o,$(EFI_SRCS)) \
	$(patsubst $(EFI_ROOT)lib/libelf/%.c,$(BUILD)/efi/libelf/%.o,$(EFI_LIBELF_SRCS))
EFI_APP   := $(BUILD)/efi/BOOTX64.EFI
EFI_MKESP := $(EFI_DIR)/mkesp.sh

# Objects and the link also depend on this file, so changed flags rebuild.
$(BUILD)/efi/%.o: $(EFI_DIR)/%.c $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(EFI_CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/efi/libelf/%.o: $(EFI_ROOT)lib/libelf/%.c $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(EFI_CC) $(EFI_CFLAGS) -c $< -o $@

# gnu-efi's crt0 relocates the image itself from its .rela entries, then
# calls efi_main; objcopy wraps the shared object into a PE32+ EFI
# application (subsystem 10). gnu-efi's _relocate() adds the load address
# to the value stored at each R_X86_64_RELATIVE site (it ignores r_addend),
# so ld.lld must store the addends there too: --apply-dynamic-relocs.
# Without it every pointer in initialised data (gnu-efi's own tables
# included, e.g. the status names behind %r) points at the image base.
$(BUILD)/efi/BOOTX64.so: $(EFI_OBJS) $(EFI_DIR)/elf_x86_64_efi.lds $(EFI_DIR)/efi.mk
	$(EFI_LD) $(EFI_LDFLAGS) $(EFI_LIBDIR)/crt0-efi-x86_64.o $(EFI_OBJS) \
		-lefi -lgnuefi -o $@

$(BUILD)/efi/BOOTX64.EFI: $(BUILD)/efi/BOOTX64.so
	$(EFI_OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
		-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@

-include $(EFI_OBJS:.o=.d)

# ---- host unit tests (cmocka) -------------------------------------------

EFI_UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I$(EFI_DIR) -I$(EFI_ROOT)lib/libelf \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_TESTS += $(BUILD)/unit/test_efi_config $(BUILD)/unit/test_efi_mb2 \
	$(BUILD)/unit/test_efi_elf_hdr $(BUILD)/unit/test_efi_elf_note

$(BUILD)/unit/test_efi_config: $(EFI_ROOT)test/unit/test_efi_config.c \
		$(EFI_DIR)/config.c $(EFI_DIR)/config.h $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(EFI_UNIT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

$(BUILD)/unit/test_efi_mb2: $(EFI_ROOT)test/unit/test_efi_mb2.c \
		$(EFI_DIR)/mb2build.c $(EFI_DIR)/mb2build.h $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(EFI_UNIT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

# Also needs include/ for <quire/bootnote.h> (the entry note's name and type).
$(BUILD)/unit/test_efi_elf_hdr: $(EFI_ROOT)test/unit/test_efi_elf_hdr.c \
		$(EFI_ROOT)test/unit/efi_elf_build.c $(EFI_ROOT)test/unit/efi_elf_build.h \
		$(EFI_LIBELF_SRCS) $(EFI_ROOT)lib/libelf/libelf.h \
		$(EFI_ROOT)include/quire/bootnote.h $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(EFI_UNIT_CFLAGS) -I$(EFI_ROOT)include -o $@ $(filter %.c,$^) -lcmocka

# Also needs include/ for <quire/bootnote.h> (the entry note's name and type).
$(BUILD)/unit/test_efi_elf_note: $(EFI_ROOT)test/unit/test_efi_elf_note.c \
		$(EFI_ROOT)test/unit/efi_elf_build.c $(EFI_ROOT)test/unit/efi_elf_build.h \
		$(EFI_LIBELF_SRCS) $(EFI_ROOT)lib/libelf/libelf.h \
		$(EFI_ROOT)include/quire/bootnote.h $(EFI_DIR)/efi.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(EFI_UNIT_CFLAGS) -I$(EFI_ROOT)include -o $@ $(filter %.c,$^) -lcmocka
