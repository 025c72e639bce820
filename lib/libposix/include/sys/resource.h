/*
 * Quire's <sys/resource.h> (newlib's has only getrusage): resource
 * limits kept by PM (servers/pm/rlimit.c) and resource usage. The
 * RLIMIT_* values are PM's (include/quire/pm.h, PM_RLIMIT_*).
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RUSAGE_SELF     0         /* calling process */
#define RUSAGE_CHILDREN (-1)      /* terminated child processes */

struct rusage {
	struct timeval ru_utime;  /* user time used */
	struct timeval ru_stime;  /* system time used */
	long ru_maxrss;           /* largest resident size, KiB (VM counts it) */
	long ru_ixrss;            /* ixrss..isrss, nswap..nivcsw: 0 (not counted) */
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;           /* faults served from memory (VM) */
	long ru_majflt;           /* faults that waited for file data (VM) */
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

typedef unsigned long long rlim_t;

#define RLIM_INFINITY   (~(rlim_t)0)
#define RLIM_SAVED_MAX  RLIM_INFINITY
#define RLIM_SAVED_CUR  RLIM_INFINITY

#define RLIMIT_CPU    0           /* CPU seconds (stored only) */
#define RLIMIT_FSIZE  1           /* file size (stored only) */
#define RLIMIT_DATA   2           /* data segment (stored only) */
#define RLIMIT_STACK  3           /* stack size (the exec stack is 8 MiB) */
#define RLIMIT_CORE   4           /* core file size (no core files are written) */
#define RLIMIT_NOFILE 5           /* descriptors: VFS enforces it (EMFILE) */
#define RLIMIT_AS     6           /* address space (VM enforces it) */
#define RLIMIT_MEMLOCK 7          /* bytes mlock/mlockall may wire (VM; root is exempt) */
#define RLIM_NLIMITS  8

struct rlimit {
	rlim_t rlim_cur;          /* soft limit */
	rlim_t rlim_max;          /* hard limit */
};

int getrlimit(int resource, struct rlimit *rlp);
int setrlimit(int resource, const struct rlimit *rlp);
int getrusage(int who, struct rusage *usage);

#ifdef __cplusplus
}
#endif

#endif
