/*
 * sysconf, pathconf, fpathconf, getpagesize, getdtablesize.
 *
 * Every _SC_ name newlib's <sys/unistd.h> declares gets an answer:
 *   - limits Quire knows (descriptors, pages, exec image, processors);
 *   - POSIX options: the value <unistd.h> announces (_POSIX_* from
 *     newlib's and libposix's <sys/features.h>), else -1: the header and
 *     sysconf cannot disagree;
 *   - limits without a bound in Quire: -1 with errno untouched;
 *   - names Quire does not know (or that are not names): -1 and EINVAL.
 * The answers for -1-and-errno-untouched follow POSIX ("no definite
 * limit", "option not supported").
 */
#include "posix_priv.h"

#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/types.h>

#include <quire/kinfo.h>
#include <quire/vfs.h>

#define PAGE 4096
#define UNLIMITED (-1L)

/* An option's value: what the headers say, -1 when they say nothing. */
#ifdef _POSIX_TIMERS
#define V_TIMERS _POSIX_TIMERS
#else
#define V_TIMERS -1L
#endif
#ifdef _POSIX_MONOTONIC_CLOCK
#define V_MONO _POSIX_MONOTONIC_CLOCK
#else
#define V_MONO -1L
#endif
#ifdef _POSIX_CPUTIME
#define V_CPUTIME _POSIX_CPUTIME
#else
#define V_CPUTIME -1L
#endif
#ifdef _POSIX_THREAD_CPUTIME
#define V_THREAD_CPUTIME _POSIX_THREAD_CPUTIME
#else
#define V_THREAD_CPUTIME -1L
#endif
#ifdef _POSIX_CLOCK_SELECTION
#define V_CLOCK_SEL _POSIX_CLOCK_SELECTION
#else
#define V_CLOCK_SEL -1L
#endif
#ifdef _POSIX_MAPPED_FILES
#define V_MAPPED _POSIX_MAPPED_FILES
#else
#define V_MAPPED -1L
#endif
#ifdef _POSIX_MEMORY_PROTECTION
#define V_MPROT _POSIX_MEMORY_PROTECTION
#else
#define V_MPROT -1L
#endif
#ifdef _POSIX_JOB_CONTROL
#define V_JOB _POSIX_JOB_CONTROL
#else
#define V_JOB -1L
#endif
#ifdef _POSIX_SAVED_IDS
#define V_SAVED _POSIX_SAVED_IDS
#else
#define V_SAVED -1L
#endif
#ifdef _POSIX_FSYNC
#define V_FSYNC _POSIX_FSYNC
#else
#define V_FSYNC -1L
#endif
#ifdef _POSIX_VERSION
#define V_VERSION _POSIX_VERSION
#else
#define V_VERSION 200809L
#endif

static long pages(int avail)
{
	PX_MSG(m);
	struct kinfo k;
	memset(&k, 0, sizeof(k));
	m.m_krn_getinfo.what = GI_KINFO;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)&k;
	m.m_krn_getinfo.len = sizeof(k);
	int r = __px_kcall(KC_GETINFO, &m);
	if (r < 0)
		return __px_ret(r);
	return (long)((avail ? k.mem_free_boot : k.mem_total) / PAGE);
}

long sysconf(int name)
{
	switch (name) {
	/* Limits. */
	case _SC_ARG_MAX:            return VFS_EXEC_IMAGE_MAX;   /* exec's stack image */
	case _SC_CHILD_MAX:          return NR_PROCS;             /* process-table slots */
	case _SC_CLK_TCK:            return CLOCKS_PER_SEC;       /* the unit of times() */
	case _SC_OPEN_MAX:           return VFS_OPEN_MAX;
	case _SC_PAGESIZE:           return PAGE;                 /* = _SC_PAGE_SIZE */
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:   return 1;                    /* one CPU runs processes */
	case _SC_PHYS_PAGES:         return pages(0);
	case _SC_AVPHYS_PAGES:       return pages(1);
	case _SC_NGROUPS_MAX:        return NGROUPS_MAX;
	case _SC_LINE_MAX:           return LINE_MAX;
	case _SC_HOST_NAME_MAX:      return 255;
	case _SC_LOGIN_NAME_MAX:     return 32;
	case _SC_TTY_NAME_MAX:       return 32;
	case _SC_TZNAME_MAX:         return 6;                    /* POSIX minimum */
	case _SC_STREAM_MAX:         return FOPEN_MAX;
	case _SC_SYMLOOP_MAX:        return 8;                    /* VFS's symlink limit */
	case _SC_IOV_MAX:            return 1024;
	case _SC_RE_DUP_MAX:         return 255;
	case _SC_BC_BASE_MAX:        return 99;
	case _SC_BC_DIM_MAX:         return 2048;
	case _SC_BC_SCALE_MAX:       return 99;
	case _SC_BC_STRING_MAX:      return 1000;
	case _SC_COLL_WEIGHTS_MAX:   return 2;
	case _SC_EXPR_NEST_MAX:      return 32;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:   return 1024;
	case _SC_SIGQUEUE_MAX:       return 32;
	/* No definite limit in Quire. */
	case _SC_ATEXIT_MAX:
		return UNLIMITED;
	/* Options and versions. */
	case _SC_VERSION:            return V_VERSION;
	case _SC_POSIX_26_VERSION:   return V_VERSION;
	case _SC_2_VERSION:          return V_VERSION;
	case _SC_TIMERS:             return V_TIMERS;
	case _SC_MONOTONIC_CLOCK:    return V_MONO;
	case _SC_CPUTIME:            return V_CPUTIME;
	case _SC_THREAD_CPUTIME:     return V_THREAD_CPUTIME;
	case _SC_CLOCK_SELECTION:    return V_CLOCK_SEL;
	case _SC_MAPPED_FILES:       return V_MAPPED;
	case _SC_MEMORY_PROTECTION:  return V_MPROT;
	case _SC_JOB_CONTROL:        return V_JOB;
	case _SC_SAVED_IDS:          return V_SAVED;
	case _SC_FSYNC:              return V_FSYNC;
	case _SC_2_C_BIND:           return V_VERSION;            /* C bindings: yes */
	/* Options Quire does not provide: -1, errno untouched. */
	case _SC_ASYNCHRONOUS_IO: case _SC_MEMLOCK: case _SC_MEMLOCK_RANGE:
	case _SC_MESSAGE_PASSING: case _SC_PRIORITIZED_IO: case _SC_REALTIME_SIGNALS:
	case _SC_SEMAPHORES: case _SC_SHARED_MEMORY_OBJECTS: case _SC_SYNCHRONIZED_IO:
	case _SC_THREADS: case _SC_THREAD_ATTR_STACKADDR: case _SC_THREAD_ATTR_STACKSIZE:
	case _SC_THREAD_PRIORITY_SCHEDULING: case _SC_THREAD_PRIO_INHERIT:
	case _SC_THREAD_PRIO_PROTECT: case _SC_THREAD_PROCESS_SHARED:
	case _SC_THREAD_SAFE_FUNCTIONS: case _SC_ADVISORY_INFO: case _SC_BARRIERS:
	case _SC_IPV6: case _SC_RAW_SOCKETS: case _SC_READER_WRITER_LOCKS: case _SC_REGEXP:
	case _SC_SHELL: case _SC_SPAWN: case _SC_SPIN_LOCKS: case _SC_SPORADIC_SERVER:
	case _SC_THREAD_SPORADIC_SERVER: case _SC_TIMEOUTS: case _SC_TRACE:
	case _SC_TRACE_EVENT_FILTER: case _SC_TRACE_INHERIT: case _SC_TRACE_LOG:
	case _SC_TYPED_MEMORY_OBJECTS: case _SC_PRIORITY_SCHEDULING:
	case _SC_THREAD_ROBUST_PRIO_INHERIT: case _SC_THREAD_ROBUST_PRIO_PROTECT:
	case _SC_XOPEN_CRYPT: case _SC_XOPEN_ENH_I18N: case _SC_XOPEN_LEGACY:
	case _SC_XOPEN_REALTIME: case _SC_XOPEN_REALTIME_THREADS: case _SC_XOPEN_SHM:
	case _SC_XOPEN_STREAMS: case _SC_XOPEN_UNIX: case _SC_XOPEN_UUCP: case _SC_XOPEN_VERSION:
	case _SC_2_CHAR_TERM: case _SC_2_C_DEV: case _SC_2_FORT_DEV: case _SC_2_FORT_RUN:
	case _SC_2_LOCALEDEF: case _SC_2_PBS: case _SC_2_PBS_ACCOUNTING: case _SC_2_PBS_CHECKPOINT:
	case _SC_2_PBS_LOCATE: case _SC_2_PBS_MESSAGE: case _SC_2_PBS_TRACK: case _SC_2_SW_DEV:
	case _SC_2_UPE:
	/* Their limits, without the option: none. */
	case _SC_MQ_OPEN_MAX: case _SC_MQ_PRIO_MAX: case _SC_RTSIG_MAX: case _SC_SEM_NSEMS_MAX:
	case _SC_SEM_VALUE_MAX: case _SC_TIMER_MAX: case _SC_AIO_LISTIO_MAX: case _SC_AIO_MAX:
	case _SC_AIO_PRIO_DELTA_MAX: case _SC_DELAYTIMER_MAX: case _SC_THREAD_KEYS_MAX:
	case _SC_THREAD_STACK_MIN: case _SC_THREAD_THREADS_MAX:
	case _SC_THREAD_DESTRUCTOR_ITERATIONS: case _SC_SS_REPL_MAX:
	case _SC_TRACE_EVENT_NAME_MAX: case _SC_TRACE_NAME_MAX: case _SC_TRACE_SYS_MAX:
	case _SC_TRACE_USER_EVENT_MAX:
		return -1;
	/* The compilation environments: LP64 only. */
	/* (newlib gives the V6 and XBS5 names the V7 values.) */
	case _SC_V7_LP64_OFF64:
		return 1;
	case _SC_V7_ILP32_OFF32: case _SC_V7_ILP32_OFFBIG: case _SC_V7_LPBIG_OFFBIG:
		return -1;
	/* Cache geometry: not known (0, as glibc answers). */
	case _SC_LEVEL1_ICACHE_SIZE: case _SC_LEVEL1_ICACHE_ASSOC: case _SC_LEVEL1_ICACHE_LINESIZE:
	case _SC_LEVEL1_DCACHE_SIZE: case _SC_LEVEL1_DCACHE_ASSOC: case _SC_LEVEL1_DCACHE_LINESIZE:
	case _SC_LEVEL2_CACHE_SIZE: case _SC_LEVEL2_CACHE_ASSOC: case _SC_LEVEL2_CACHE_LINESIZE:
	case _SC_LEVEL3_CACHE_SIZE: case _SC_LEVEL3_CACHE_ASSOC: case _SC_LEVEL3_CACHE_LINESIZE:
	case _SC_LEVEL4_CACHE_SIZE: case _SC_LEVEL4_CACHE_ASSOC: case _SC_LEVEL4_CACHE_LINESIZE:
		return 0;
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return PAGE;
}

int getdtablesize(void)
{
	return VFS_OPEN_MAX;
}

/* Every file system Quire mounts (ext2, devfs, pipes) has these limits;
 * NAME_MAX is ext2's. */
static long path_limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX:           return 32000;       /* ext2 */
	case _PC_MAX_CANON:
	case _PC_MAX_INPUT:          return 255;         /* the tty's line */
	case _PC_NAME_MAX:           return 255;
	case _PC_PATH_MAX:           return VFS_PATH_MAX;
	case _PC_PIPE_BUF:           return 512;
	case _PC_CHOWN_RESTRICTED:   return 1;
	case _PC_NO_TRUNC:           return 1;
	case _PC_VDISABLE:           return 0;
	case _PC_FILESIZEBITS:       return 64;
	case _PC_2_SYMLINKS:         return 1;
	case _PC_SYMLINK_MAX:        return 4095;
	case _PC_TIMESTAMP_RESOLUTION: return 1000000000; /* ext2: seconds */
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
	case _PC_SYNC_IO:
	case _PC_ALLOC_SIZE_MIN:
	case _PC_REC_INCR_XFER_SIZE:
	case _PC_REC_MAX_XFER_SIZE:
	case _PC_REC_MIN_XFER_SIZE:
	case _PC_REC_XFER_ALIGN:
		return -1;                               /* not supported / no limit */
	default:
		errno = EINVAL;
		return -1;
	}
}

long pathconf(const char *path, int name)
{
	struct stat st;
	if (!path || stat(path, &st) < 0)
		return -1;                               /* errno from stat */
	return path_limit(name);
}

long fpathconf(int fd, int name)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -1;                               /* EBADF */
	return path_limit(name);
}
