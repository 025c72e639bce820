# The kernel image: $(BUILD)/kernel/kernel.elf

KERNEL_ARCH := kernel/arch/x86_64
KERNEL_SRCS := \
	$(KERNEL_ARCH)/boot.S \
	$(KERNEL_ARCH)/entry.S \
	$(KERNEL_ARCH)/cpu.c \
	$(KERNEL_ARCH)/idt.c \
	$(KERNEL_ARCH)/trap.c \
	$(KERNEL_ARCH)/context.c \
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
	kernel/sched.c \
	kernel/sched_queue.c \
	kernel/ipc.c \
	kernel/copy.c \
	kernel/clock.c \
	kernel/irq.c \
	kernel/grant.c \
	kernel/kcall.c \
	kernel/table.c \
	kernel/boot.c \
	kernel/system/do_info.c \
	kernel/system/do_time.c \
	kernel/system/do_proc.c \
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

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_ARCH)/kernel.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static -z max-page-size=4096 -T $(KERNEL_ARCH)/kernel.ld -o $@ $(KERNEL_OBJS)

all: $(KERNEL_ELF)
-include $(KERNEL_OBJS:.o=.d)
