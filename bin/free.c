/*
 * free: physical memory in KiB as the VM server counts it, and its page
 * cache (memory VM gives back before any allocation fails, so it is not
 * counted as used):
 *           total       used       free      cache
 *   Mem:   524288      20480     495808       8000
 *   Cache: 2000 pages (3 dirty, 40 mapped); 900 hits, 100 misses,
 *          7 evicted, 25 faults waited for a file server
 *   Wired: 512 KiB
 *   Reclaim: 300 pages (20 unmapped first) in 4 daemon runs (low mark
 *          1000 pages free); 6 waits for memory, 1 out-of-memory kill
 * (quire_meminfo(-1, ...), quire_cachestat(), quire_memstat(),
 * include/quire/qposix.h)
 */
#include "common.h"

#include <stdio.h>

#include <quire/qposix.h>

#define PAGE_KIB 4      /* 4 KiB pages */

int main(int argc, char **argv)
{
	char opt[128];
	mess_vm_info mi;
	mess_vm_cstat cs;
	mess_vm_mstat ms;
	unsigned long long total, freek, cache;

	progname = "free";
	parse_opts(argc, argv, "k", opt, "[-k]");
	if (quire_meminfo(-1, &mi) < 0) {
		warn_path("quire_meminfo");
		return 1;
	}
	if (quire_cachestat(&cs) < 0) {
		warn_path("quire_cachestat");
		return 1;
	}
	if (quire_memstat(&ms) < 0) {
		warn_path("quire_memstat");
		return 1;
	}
	total = (unsigned long long)mi.total_pages * PAGE_KIB;
	freek = (unsigned long long)mi.free_pages * PAGE_KIB;
	cache = (unsigned long long)cs.pages * PAGE_KIB;
	printf("%4s %10s %10s %10s %10s\n", "", "total", "used", "free", "cache");
	printf("%-4s %10llu %10llu %10llu %10llu\n", "Mem:", total,
	       total >= freek + cache ? total - freek - cache : 0, freek, cache);
	printf("Cache: %llu pages (%llu dirty, %llu mapped); %llu hits, %llu misses, "
	       "%llu evicted, %llu faults waited for a file server\n",
	       (unsigned long long)cs.pages, (unsigned long long)cs.dirty,
	       (unsigned long long)cs.mapped, (unsigned long long)cs.hits,
	       (unsigned long long)cs.misses, (unsigned long long)cs.evictions,
	       (unsigned long long)cs.file_faults);
	printf("Wired: %llu KiB\n", (unsigned long long)ms.wired * PAGE_KIB);
	printf("Reclaim: %llu pages (%llu unmapped first) in %llu daemon runs (low mark %llu "
	       "pages free); %llu waits for memory, %llu out-of-memory kills\n",
	       (unsigned long long)ms.reclaimed, (unsigned long long)ms.unmapped,
	       (unsigned long long)ms.daemon_runs, (unsigned long long)ms.low_mark,
	       (unsigned long long)ms.mem_waits, (unsigned long long)ms.oom_kills);
	return finish_stdout(0);
}
