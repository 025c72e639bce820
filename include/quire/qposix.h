/*
 * Quire-specific calls for POSIX programs (ps, free, poweroff), provided
 * by lib/libposix. Each returns 0 (or a count) or -1 with errno set.
 */
#ifndef QUIRE_QPOSIX_H
#define QUIRE_QPOSIX_H

#include <quire/kinfo.h>
#include <quire/vm.h>

/* The kernel's view of process-table slot `slot` (0 .. nr_procs-1). */
int quire_procinfo(int slot, struct proc_info *out);
/* Number of process-table slots. */
int quire_nr_procs(void);
/* PM's view of an endpoint: pid, parent pid; -1/ESRCH if PM has none. */
int quire_pid_of(int endpoint, int *pid, int *ppid);
/* VM's figures: system-wide, and for `endpoint` unless it is -1. */
int quire_meminfo(int endpoint, mess_vm_info *out);
/* VM's page-cache figures. */
int quire_cachestat(mess_vm_cstat *out);
/* VM's figures for one process: resident, shared and wired pages, faults
 * (VM_RUSAGE, Q_RUSAGE_SELF of `endpoint`). */
int quire_memusage(int endpoint, mess_vm_usage *out);
/* VM's system-wide wired pages and page-daemon counts. */
int quire_memstat(mess_vm_mstat *out);
/* Power off (sync first). */
int quire_poweroff(void);
/* Mount the file-system server named fs (e.g. "ext2") on directory dir. */
int quire_mount(const char *fs, const char *dir);
/* Was the kernel booted with "test" on its command line? */
int quire_test_mode(void);
/* The kernel's command line (as far as it fits in len - 1 bytes, and
 * at most 127), NUL-terminated. */
int quire_kernel_cmdline(char *buf, size_t len);
/* End a test boot with a verdict (0: every test passed); syncs first. */
int quire_test_exit(int status);

#endif
