# lib/libposix: crt0 and the POSIX system calls as messages, for programs
# built against newlib (see lib/newlib/build-newlib.sh).
#
#   NEWLIB   the newlib sysroot (build.sh passes NEWLIB=$(lib/newlib/build-newlib.sh));
#            when make is run without it, the script is run here (it
#            prints the cached sysroot at once, or builds it first).
#
# Outputs: $(BUILD)/lib/libposix.a, $(POSIX_CRT0), and per program
#   $(call posix_program,name,sources) -> $(BUILD)/bin/name (added to all)
# Objects go to $(BUILD)/user-obj-posix/<source>.o.

ifeq ($(strip $(NEWLIB)),)
ifneq ($(MAKECMDGOALS),clean)
NEWLIB := $(shell lib/newlib/build-newlib.sh)
ifeq ($(strip $(NEWLIB)),)
$(error newlib is not available: lib/newlib/build-newlib.sh failed (see its output above))
endif
endif
endif

POSIX_SRCS := $(PROTO_SRCS) \
	lib/libposix/ipc.S \
	lib/libposix/file.c \
	lib/libposix/path.c \
	lib/libposix/rename.c \
	lib/libposix/at.c \
	lib/libposix/fdflags.c \
	lib/libposix/stdiolock.c \
	lib/libposix/stat.c \
	lib/libposix/dir.c \
	lib/libposix/proc.c \
	lib/libposix/exec.c \
	lib/libposix/signal.c \
	lib/libposix/sigtramp.S \
	lib/libposix/pgrp.c \
	lib/libposix/timer.c \
	lib/libposix/ptimer.c \
	lib/libposix/sysconf.c \
	lib/libposix/select.c \
	lib/libposix/mman.c \
	lib/libposix/time.c \
	lib/libposix/termios.c \
	lib/libposix/misc.c \
	lib/libposix/cred.c \
	lib/libposix/userdb.c \
	lib/libposix/pwd.c \
	lib/libposix/grp.c \
	lib/libposix/qposix.c \
	lib/libposix/popen.c \
	lib/libposix/realpath.c \
	lib/libposix/rusage.c \
	lib/libposix/sched.c \
	lib/libposix/string.c

POSIX_SYSROOT := $(NEWLIB)/x86_64-elf
# The one definition of how a Quire program is compiled and linked: the
# tree's rules below use these, and sdk/sdk.mk writes them into
# build/sdk/bin/quire-cc for programs from outside (docs/sdk.md). The
# include paths differ only in where the same headers are found.
QUIRE_CFLAGS := -target x86_64-unknown-elf -nostdlibinc -fno-stack-protector
QUIRE_LDFLAGS := -static -nostdlib -z max-page-size=4096 -z norelro --gc-sections --build-id=none
POSIX_CFLAGS := $(QUIRE_CFLAGS) -ffreestanding \
	-isystem lib/libposix/include -isystem $(POSIX_SYSROOT)/include -Iinclude \
	-O2 -g -Wall -Wextra -Werror
# Programs relax the same two warnings as the rest of the tree (WARN in
# the top Makefile); libposix itself builds with the full set.
POSIX_PROG_CFLAGS := -Wno-unused-parameter -Wno-missing-field-initializers
POSIX_OBJDIR := $(BUILD)/user-obj-posix
POSIX_OBJS := $(patsubst %,$(POSIX_OBJDIR)/%.o,$(POSIX_SRCS))
POSIX_CRT0 := $(POSIX_OBJDIR)/lib/libposix/crt0.o
LIBPOSIX := $(BUILD)/lib/libposix.a
POSIX_LD := lib/libposix/posix.ld
POSIX_MK := lib/libposix/libposix.mk
POSIX_BUILTINS := $(shell $(CC) -print-resource-dir)/lib/linux/libclang_rt.builtins-x86_64.a
POSIX_LIBS := $(LIBPOSIX) $(POSIX_SYSROOT)/lib/libc.a $(POSIX_SYSROOT)/lib/libm.a \
	$(POSIX_BUILTINS) $(LIBPOSIX)

# Which newlib the objects were compiled against: rewritten only when it
# changes, so a new sysroot rebuilds every POSIX object (-MD lists the
# headers, but an old sysroot's headers still exist).
POSIX_STAMP := $(POSIX_OBJDIR)/newlib-path
ifneq ($(MAKECMDGOALS),clean)
$(shell mkdir -p $(POSIX_OBJDIR) && { echo '$(NEWLIB)' | cmp -s - $(POSIX_STAMP) || echo '$(NEWLIB)' > $(POSIX_STAMP); })
endif

$(POSIX_OBJDIR)/%.c.o: %.c $(POSIX_STAMP) $(POSIX_MK)
	@mkdir -p $(dir $@)
	$(CC) $(POSIX_CFLAGS) $(POSIX_EXTRA_CFLAGS) -MD -MP -c $< -o $@

$(POSIX_OBJDIR)/%.S.o: %.S $(POSIX_STAMP) $(POSIX_MK)
	@mkdir -p $(dir $@)
	$(CC) $(POSIX_CFLAGS) $(POSIX_EXTRA_CFLAGS) -MD -MP -c $< -o $@

$(POSIX_CRT0): lib/libposix/crt0.S $(POSIX_STAMP) $(POSIX_MK)
	@mkdir -p $(dir $@)
	$(CC) $(POSIX_CFLAGS) -MD -MP -c $< -o $@

$(LIBPOSIX): $(POSIX_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# $(call posix_program,name,sources): $(BUILD)/bin/name, a static
# executable: crt0, the program, libposix, newlib's libc and libm,
# clang's builtins (libposix again last, for what libc itself calls).
define posix_program
$(patsubst %,$(POSIX_OBJDIR)/%.o,$(2)): POSIX_EXTRA_CFLAGS := $(POSIX_PROG_CFLAGS)
$(BUILD)/bin/$(1): $(patsubst %,$(POSIX_OBJDIR)/%.o,$(2)) $(POSIX_CRT0) $(LIBPOSIX) $(POSIX_LD) $(POSIX_MK)
	@mkdir -p $$(dir $$@)
	$(LD) $(QUIRE_LDFLAGS) -T $(POSIX_LD) -o $$@ \
		$(POSIX_CRT0) $(patsubst %,$(POSIX_OBJDIR)/%.o,$(2)) $(POSIX_LIBS)
all: $(BUILD)/bin/$(1)
-include $(patsubst %,$(POSIX_OBJDIR)/%.d,$(2))
endef

all: $(LIBPOSIX) $(POSIX_CRT0)
-include $(POSIX_OBJS:.o=.d) $(POSIX_CRT0:.o=.d)
