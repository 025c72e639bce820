/*
 * free: physical memory in KiB as the VM server counts it:
 *           total       used       free
 *   Mem:   524288      20480     503808
 * (quire_meminfo(-1, ...), include/quire/qposix.h)
 */
#include "common.h"

#include <stdio.h>

#include <quire/qposix.h>

#define PAGE_KIB 4      /* 4 KiB pages */

int main(int argc, char **argv)
{
	char opt[128];
	mess_vm_info mi;
	unsigned long long total, freek;

	progname = "free";
	parse_opts(argc, argv, "k", opt, "[-k]");
	if (quire_meminfo(-1, &mi) < 0) {
		warn_path("quire_meminfo");
		return 1;
	}
	total = (unsigned long long)mi.total_pages * PAGE_KIB;
	freek = (unsigned long long)mi.free_pages * PAGE_KIB;
	printf("%4s %10s %10s %10s\n", "", "total", "used", "free");
	printf("%-4s %10llu %10llu %10llu\n", "Mem:", total,
	       total >= freek ? total - freek : 0, freek);
	return finish_stdout(0);
}
