# Host unit tests (cmocka): pure kernel and library code compiled
# unchanged for the host. Each test is $(BUILD)/unit/test_<name>; build.sh
# runs every one of them with TAP output.

UNIT_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -Iinclude -Ikernel -Ikernel/arch/x86_64/include \
	-fsanitize=address,undefined -fno-omit-frame-pointer
UNIT_LIBS := -lcmocka

# Every header a host test may include: a coarse dependency, but one that
# never leaves a test built against an old header.
UNIT_HEADERS := $(wildcard include/quire/*.h include/quire/arch/*/*.h kernel/*.h kernel/arch/x86_64/include/arch/*.h \
	servers/*/*.h lib/*/*.h drivers/*/*.h test/unit/*.h)

# $(call unit_test,name,sources)
define unit_test
$(BUILD)/unit/test_$(1): $(2) $(UNIT_HEADERS)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $$@ $(2) $(UNIT_LIBS)
UNIT_TESTS += $(BUILD)/unit/test_$(1)
endef
$(eval $(call unit_test,pmem,test/unit/test_pmem.c kernel/pmem.c))
$(eval $(call unit_test,mb2,test/unit/test_mb2.c kernel/mb2.c))
# lib/libelf's executable checks (its kernel-image checks: boot/efi/efi.mk).
$(eval $(call unit_test,elf,test/unit/test_elf.c $(LIBELF_SRCS)))
$(eval $(call unit_test,grant,test/unit/test_grant.c kernel/grant.c))
$(eval $(call unit_test,rtc,test/unit/test_rtc.c kernel/rtc.c))
$(eval $(call unit_test,sched,test/unit/test_sched.c kernel/sched_queue.c))
$(eval $(call unit_test,sigcheck,test/unit/test_sigcheck.c kernel/arch/x86_64/sigcheck.c))
$(eval $(call unit_test,format,test/unit/test_format.c lib/libfmt/format.c))
$(eval $(call unit_test,avl,test/unit/test_avl.c servers/vm/avl.c))
$(eval $(call unit_test,pageset,test/unit/test_pageset.c servers/vm/pageset.c))
$(eval $(call unit_test,physmem,test/unit/test_physmem.c servers/vm/physmem.c))
$(eval $(call unit_test,vm_pcache,test/unit/test_vm_pcache.c servers/vm/pcache.c servers/vm/physmem.c))
# The VM server's pure code on the host (test_vm_harness.h): everything but
# main.c, pagetable.c (fake page tables in vm_host_stubs.c) and the message
# handlers (mmap.c, proc.c, info.c); fault_msg.c runs against a recording
# sys_vmctl.
VM_UNIT_SRCS := test/unit/test_vm_harness.c test/unit/vm_host_stubs.c servers/vm/vmproc.c \
	servers/vm/region.c servers/vm/fault.c servers/vm/fault_msg.c servers/vm/fork.c \
	servers/vm/mem_anon.c servers/vm/mem_shared.c servers/vm/mem_contig.c servers/vm/mem_directphys.c \
	servers/vm/pool.c servers/vm/avl.c servers/vm/pageset.c servers/vm/physmem.c servers/vm/limits.c
$(eval $(call unit_test,vm_regions,test/unit/test_vm_regions.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_unmap,test/unit/test_vm_unmap.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_protect,test/unit/test_vm_protect.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_fault,test/unit/test_vm_fault.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_fault_path,test/unit/test_vm_fault_path.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_fork,test/unit/test_vm_fork.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_teardown,test/unit/test_vm_teardown.c $(VM_UNIT_SRCS)))
$(eval $(call unit_test,vm_limits,test/unit/test_vm_limits.c $(VM_UNIT_SRCS)))
VM_FILE_UNIT_SRCS := test/unit/vm_file_fixture.c $(VM_UNIT_SRCS) servers/vm/mem_file.c \
	servers/vm/mem_cache.c servers/vm/vfile.c servers/vm/fwait.c servers/vm/cache.c \
	servers/vm/advice.c servers/vm/pcache.c servers/vm/wire.c servers/vm/pageout.c
$(eval $(call unit_test,vm_file,test/unit/test_vm_file.c $(VM_FILE_UNIT_SRCS)))
$(eval $(call unit_test,vm_reclaim,test/unit/test_vm_reclaim.c $(VM_FILE_UNIT_SRCS)))
$(eval $(call unit_test,ldisc,test/unit/test_ldisc.c drivers/tty/ldisc.c))
$(eval $(call unit_test,ramdisk,test/unit/test_ramdisk.c drivers/memory/ramdisk.c))
# The client stubs of lib/libproto against a fake trap (not $(PROTO_SRCS): each
# protocol's stubs get their own host test).
$(eval $(call unit_test,proto,test/unit/test_proto.c lib/libproto/pm.c lib/libproto/vm.c lib/libproto/vfs.c lib/libproto/bdev.c lib/libproto/cdev.c))
include lib/libminixfs/lmfs.mk
$(eval $(call unit_test,lmfs,test/unit/test_lmfs.c $(LMFS_HOST_SRCS)))
$(eval $(call unit_test,lmfs_backing,test/unit/test_lmfs_backing.c test/unit/fake_vmcache.c $(LMFS_HOST_SRCS)))
# The ext2 server's logic (servers/fs/fs.mk: EXT2_CORE_SRCS) on the host's file device.
EXT2_UNIT_SRCS := test/unit/ext2_harness.c test/unit/ext2_harness_rq.c servers/fs/super.c servers/fs/bitmap.c \
	servers/fs/balloc.c servers/fs/ialloc.c servers/fs/inode.c servers/fs/bmap.c \
	servers/fs/truncate.c servers/fs/rw.c servers/fs/dir.c servers/fs/namei.c \
	servers/fs/rename.c servers/fs/node.c servers/fs/getdents.c servers/fs/request.c \
	servers/fs/vmwork.c test/unit/fake_vmcache.c lib/libproto/fs.c lib/libproto/vm.c $(LMFS_HOST_SRCS)
$(eval $(call unit_test,ext2_read,test/unit/test_ext2_read.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_write,test/unit/test_ext2_write.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_dir,test/unit/test_ext2_dir.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_link,test/unit/test_ext2_link.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_mount,test/unit/test_ext2_mount.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_model,test/unit/test_ext2_model.c $(EXT2_UNIT_SRCS)))
$(eval $(call unit_test,ext2_vmcache,test/unit/test_ext2_vmcache.c $(EXT2_UNIT_SRCS)))
# VFS on the host: the real sources and request stubs over fake servers (vfs_harness.h).
VFS_UNIT_SRCS := test/unit/vfs_harness.c test/unit/vfs_harness_rq.c servers/vfs/vnode.c servers/vfs/vn_fs.c \
	servers/vfs/vn_fs_name.c servers/vfs/vn_pipe.c servers/vfs/vn_fifo.c servers/vfs/vn_dev.c servers/vfs/path.c \
	servers/vfs/fproc.c servers/vfs/mount.c servers/vfs/open.c servers/vfs/perm.c servers/vfs/attr.c servers/vfs/cwd.c lib/libsys/ucopy.c \
	servers/vfs/stat.c \
	servers/vfs/rw.c servers/vfs/select.c servers/vfs/lock.c lib/libproto/fs.c lib/libproto/cdev.c lib/libproto/pm.c lib/libproto/vm.c
$(eval $(call unit_test,vfs_path,test/unit/test_vfs_path.c $(VFS_UNIT_SRCS)))
$(eval $(call unit_test,vfs_vnode,test/unit/test_vfs_vnode.c $(VFS_UNIT_SRCS)))
$(eval $(call unit_test,vfs_fd,test/unit/test_vfs_fd.c $(VFS_UNIT_SRCS)))
$(eval $(call unit_test,vfs_cwd,test/unit/test_vfs_cwd.c $(VFS_UNIT_SRCS)))
$(eval $(call unit_test,vfs_ucopy,test/unit/test_vfs_ucopy.c $(VFS_UNIT_SRCS)))
$(eval $(call unit_test,vfs_mmap,test/unit/test_vfs_mmap.c $(VFS_UNIT_SRCS) servers/vfs/mmap.c))
$(eval $(call unit_test,vfs_lock,test/unit/test_vfs_lock.c $(VFS_UNIT_SRCS)))
# string.c is included by the test (its three functions renamed)
$(BUILD)/unit/test_string: lib/libposix/string.c
$(eval $(call unit_test,string,test/unit/test_string.c))
# RS's /etc/system.conf parser (servers/rs/config.c).
$(eval $(call unit_test,rsconf,test/unit/test_rsconf.c servers/rs/config.c))
