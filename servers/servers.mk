# The servers: libsys programs loaded as boot modules.

VM_SRCS := \
	servers/vm/main.c \
	servers/vm/pool.c \
	servers/vm/avl.c \
	servers/vm/pageset.c \
	servers/vm/physmem.c \
	servers/vm/pcache.c \
	servers/vm/pagetable.c \
	servers/vm/vmproc.c \
	servers/vm/region.c \
	servers/vm/fault.c \
	servers/vm/fault_msg.c \
	servers/vm/fork.c \
	servers/vm/mem_anon.c \
	servers/vm/mem_shared.c \
	servers/vm/mem_contig.c \
	servers/vm/mem_directphys.c \
	servers/vm/mem_file.c \
	servers/vm/mem_cache.c \
	servers/vm/vfile.c \
	servers/vm/fwait.c \
	servers/vm/cache.c \
	servers/vm/advice.c \
	servers/vm/mmap.c \
	servers/vm/limits.c \
	servers/vm/wire.c \
	servers/vm/pageout.c \
	servers/vm/memwait.c \
	servers/vm/proc.c \
	servers/vm/info.c
$(eval $(call libsys_program,vm,$(VM_SRCS)))

PM_SRCS := \
	servers/pm/main.c \
	servers/pm/forkexit.c \
	servers/pm/signal.c \
	servers/pm/sigdeliver.c \
	servers/pm/sigcalls.c \
	servers/pm/pgrp.c \
	servers/pm/stop.c \
	servers/pm/events.c \
	servers/pm/publish.c \
	servers/pm/timers.c \
	servers/pm/ptimers.c \
	servers/pm/cred.c \
	servers/pm/rlimit.c

$(eval $(call libsys_program,pm,$(PM_SRCS)))
include servers/vfs/vfs.mk

# DS, the name service, and RS, the reincarnation server (docs/rs.md).
$(eval $(call libsys_program,ds,servers/ds/main.c))
RS_SRCS := \
	servers/rs/main.c \
	servers/rs/config.c \
	servers/rs/start.c \
	servers/rs/watch.c \
	servers/rs/request.c
$(eval $(call libsys_program,rs,$(RS_SRCS)))

# The example server, not a boot module: /sbin/kvs on the disk, started
# with `service up` (docs/writing-a-server.md).
$(eval $(call libsys_program,kvs,servers/kvs/main.c))
