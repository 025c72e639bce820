# The kernel images: $(BUILD)/kernel/kernel.elf, the production kernel,
# and $(BUILD)/kernel/kernel-test.elf, the same objects with the test
# programs' boot-table entries (kernel/table.h, test/os/os.mk) instead of
# kernel/table_none.c. Every build checks that the production kernel holds
# no test name and that the test kernel holds every one.

KERNEL_ARCH := kernel/arch/x86_64
KERNEL_SRCS := \
	$(KERNEL_ARCH)/boot.S \
	$(KERNEL_ARCH)/entry.S \
	$(KERNEL_ARCH)/usercopy.S \
	$(KERNEL_ARCH)/cpu.c \
	$(KERNEL_ARCH)/idt.c \
	$(KERNEL_ARCH)/trap.c \
	$(KERNEL_ARCH)/context.c \
	$(KERNEL_ARCH)/sigframe.c \
	$(KERNEL_ARCH)/sigcheck.c \
	$(KERNEL_ARCH)/paging.c \
	$(KERNEL_ARCH)/lapic.c \
	$(KERNEL_ARCH)/pic.c \
	$(KERNEL_ARCH)/serial.c \
	$(KERNEL_ARCH)/debug.c \
	$(KERNEL_ARCH)/pci.c \
	kernel/main.c \
	kernel/printk.c \
	kernel/panic.c \
	kernel/mb2.c \
	kernel/pmem.c \
	kernel/kmem.c \
	kernel/proc.c \
	kernel/proctab.c \
	kernel/sched.c \
	kernel/sched_queue.c \
	kernel/ipc.c \
	kernel/ipc_fast.c \
	kernel/copy.c \
	kernel/clock.c \
	kernel/rtc.c \
	$(KERNEL_ARCH)/rtc_cmos.c \
	kernel/irq.c \
	kernel/grant.c \
	kernel/kcall.c \
	kernel/table.c \
	kernel/boot.c \
	kernel/system/do_info.c \
	kernel/system/do_time.c \
	kernel/system/do_sched.c \
	kernel/system/do_proc.c \
	kernel/system/do_signal.c \
	kernel/system/do_copy.c \
	kernel/system/do_priv.c \
	kernel/system/do_dev.c \
	kernel/system/do_vm.c \
	kernel/kmsg.c \
	kernel/dump.c \
	kernel/vmreq.c \
	lib/libfmt/format.c \
	lib/libmini/string.c \
	$(LIBELF_SRCS)

KERNEL_CFLAGS := $(COMMON_CFLAGS) -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-builtin -I$(KERNEL_ARCH)/include -Ikernel
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel-obj/%.o,$(KERNEL_SRCS))
KERNEL_ELF := $(BUILD)/kernel/kernel.elf

$(BUILD)/kernel-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/kernel-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

KERNEL_TEST_ELF := $(BUILD)/kernel/kernel-test.elf
KERNEL_NONE_OBJ := $(BUILD)/kernel-obj/kernel/table_none.c.o
# From test/os/os.mk's generated build/gen/boot_table_test.c.
KERNEL_TEST_OBJ := $(BUILD)/kernel-obj/gen/boot_table_test.c.o
KERNEL_LINK := $(LD) -nostdlib -static -z max-page-size=4096 -T $(KERNEL_ARCH)/kernel.ld

# The table object goes last: it holds data only, so both images have
# the same code at the same addresses (one symbolizer fits both).
$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_NONE_OBJ) $(KERNEL_ARCH)/kernel.ld
	@mkdir -p $(dir $@)
	$(KERNEL_LINK) -o $@ $(KERNEL_OBJS) $(KERNEL_NONE_OBJ)

$(KERNEL_TEST_ELF): $(KERNEL_OBJS) $(KERNEL_TEST_OBJ) $(KERNEL_ARCH)/kernel.ld
	@mkdir -p $(dir $@)
	$(KERNEL_LINK) -o $@ $(KERNEL_OBJS) $(KERNEL_TEST_OBJ)

$(KERNEL_TEST_OBJ): $(BUILD)/gen/boot_table_test.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

# The check: a stamp, remade whenever either kernel or the manifest changes.
$(BUILD)/kernel/kernels.checked: $(KERNEL_ELF) $(KERNEL_TEST_ELF) $(OS_MANIFEST) $(OS_MANIFEST_PY)
	python3 $(OS_MANIFEST_PY) check-kernel $(OS_MANIFEST) $(KERNEL_ELF) absent
	python3 $(OS_MANIFEST_PY) check-kernel $(OS_MANIFEST) $(KERNEL_TEST_ELF) present
	touch $@

all: $(KERNEL_ELF) $(KERNEL_TEST_ELF) $(BUILD)/kernel/kernels.checked
-include $(KERNEL_OBJS:.o=.d) $(KERNEL_NONE_OBJ:.o=.d) $(KERNEL_TEST_OBJ:.o=.d)
