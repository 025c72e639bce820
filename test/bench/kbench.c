/*
 * kbench: Quire's own primitives, timed in TSC ticks (under QEMU with
 * -icount shift=0 the TSC counts guest instructions). Each metric is the
 * median of many runs; each line reads
 *     BENCH <metric> <median ticks> <unit>
 * The POSIX benchmark that runs on Linux too comes with newlib programs;
 * this one measures what only Quire has (sendrec to a server).
 */
#include <quire/syslib.h>
#include <quire/mman.h>
#include <quire/signal.h>
#include "../os/testproto.h"
#include "../../lib/libmini/mini_string.h"

#define MAX_SAMPLES 16384

static uint64_t samples[MAX_SAMPLES];

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void sort(uint64_t *a, int n)
{
	/* Shell sort: no library, n is small. */
	for (int gap = n / 2; gap > 0; gap /= 2)
		for (int i = gap; i < n; i++)
			for (int j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
				uint64_t t = a[j];
				a[j] = a[j - gap];
				a[j - gap] = t;
			}
}

static void report(const char *metric, int n, const char *unit)
{
	sort(samples, n);
	printf("BENCH %s %lu %s\n", metric, samples[n / 2], unit);
}

static void bench_kernel_call(void)
{
	for (int i = 0; i < 1000; i++) {
		endpoint_t ep;
		uint64_t t0 = tsc();
		sys_whoami(&ep, NULL, 0);
		samples[i] = tsc() - t0;
	}
	report("null_kernel_call", 1000, "ticks");
}

static void bench_ipc(endpoint_t pong)
{
	message m;
	for (int i = 0; i < 1000; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = TP_PING;
		uint64_t t0 = tsc();
		ipc_sendrec(pong, &m);
		samples[i] = tsc() - t0;
	}
	report("ipc_roundtrip", 1000, "ticks");
}

static void bench_pm_call(void)
{
	for (int i = 0; i < 1000; i++) {
		uint64_t t0 = tsc();
		pm_req_getpid(NULL);
		samples[i] = tsc() - t0;
	}
	report("pm_getpid", 1000, "ticks");
}

static void bench_faults(void)
{
	const size_t len = 64u << 20;
	int pages = (int)(len / 4096) < MAX_SAMPLES ? (int)(len / 4096) : MAX_SAMPLES;
	char *p;
	if (vm_req_mmap(0, NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			-1, 0, (void **)&p, NULL) != OK)
		return;
	for (int i = 0; i < pages; i++) {
		uint64_t t0 = tsc();
		p[(size_t)i * 4096] = 1;
		samples[i] = tsc() - t0;
	}
	report("anon_first_touch_fault", pages, "ticks/page");

	/* Copy-on-write: a child holds every page while we write them. */
	int child = sef_fork();
	if (child == 0) {
		for (;;)
			sef_sleep(100000);
	}
	for (int i = 0; i < pages; i++) {
		uint64_t t0 = tsc();
		p[(size_t)i * 4096] = 2;
		samples[i] = tsc() - t0;
	}
	report("cow_fault", pages, "ticks/page");
	pm_req_kill(child, NONE, QSIGKILL);
	int st;
	pm_req_waitpid(child, &st, 0);
	vm_req_munmap(p, len);

	if (vm_req_mmap(0, NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANON,
			-1, 0, (void **)&p, NULL) != OK)
		return;
	for (int i = 0; i < pages; i++) {
		uint64_t t0 = tsc();
		(void)*(volatile char *)(p + (size_t)i * 4096);
		samples[i] = tsc() - t0;
	}
	report("zero_page_read_fault", pages, "ticks/page");
	vm_req_munmap(p, len);
}

static void bench_fork(void)
{
	for (int i = 0; i < 200; i++) {
		uint64_t t0 = tsc();
		int pid = sef_fork();
		if (pid == 0)
			sys_exit(0);
		int st;
		pm_req_waitpid(pid, &st, 0);
		samples[i] = tsc() - t0;
	}
	report("fork_exit_wait", 200, "ticks");
}

int main(int argc, char **argv)
{
	endpoint_t pong;
	if (sys_lookup("pong", &pong) != OK)
		panic("no pong to measure IPC with");
	printf("kbench: starting\n");
	bench_kernel_call();
	bench_ipc(pong);
	bench_pm_call();
	bench_faults();
	bench_fork();
	printf("kbench: done\n");
	struct kinfo k;
	sys_getkinfo(&k);
	if (k.test_mode)
		sys_abort(ABORT_TEST_STATUS, 0);
	return 0;
}
