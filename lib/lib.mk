# lib/libsys (+ libfmt, libmini): $(BUILD)/lib/libsys.a and the crt0 for
# programs written against it.

include lib/libproto/libproto.mk

LIBSYS_SRCS := $(PROTO_SRCS) \
	lib/libsys/ipc.S \
	lib/libsys/sys_info.c \
	lib/libsys/sys_proc.c \
	lib/libsys/sys_copy.c \
	lib/libsys/ucopy.c \
	lib/libsys/sys_dev.c \
	lib/libsys/grant.c \
	lib/libsys/printf.c \
	lib/libsys/sef.c \
	lib/libsys/sys_vm.c \
	lib/libsys/start.c \
	lib/libfmt/format.c \
	lib/libmini/string.c

USER_CFLAGS := $(COMMON_CFLAGS) -fno-builtin -fno-omit-frame-pointer
LIBSYS_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(LIBSYS_SRCS))
LIBSYS := $(BUILD)/lib/libsys.a
LIBSYS_CRT0 := $(BUILD)/user-obj/lib/libsys/crt0.S.o
USER_LD := lib/libsys/user.ld

$(BUILD)/user-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/user-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(LIBSYS): $(LIBSYS_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# $(call libsys_program,name,sources): $(BUILD)/bin/name
define libsys_program
$(BUILD)/bin/$(1): $(patsubst %,$(BUILD)/user-obj/%.o,$(2)) $(LIBSYS_CRT0) $(LIBSYS) $(USER_LD)
	@mkdir -p $$(dir $$@)
	$(LD) -nostdlib -static -z max-page-size=4096 -T $(USER_LD) -o $$@ $(LIBSYS_CRT0) $(patsubst %,$(BUILD)/user-obj/%.o,$(2)) $(LIBSYS)
all: $(BUILD)/bin/$(1)
-include $(patsubst %,$(BUILD)/user-obj/%.d,$(2))
endef

all: $(LIBSYS)
-include $(LIBSYS_OBJS:.o=.d)
