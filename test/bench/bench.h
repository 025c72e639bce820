/*
 * What the parts of bench (bench.c, bench_sqlite.c, bench_rs.c) share:
 * the clock, the sample buffer and the way a figure is reported. The
 * same sources build for Quire (test/bench/posix.mk) and for Linux
 * (test/bench/linux-peer.sh).
 */
#ifndef TEST_BENCH_BENCH_H
#define TEST_BENCH_BENCH_H

#ifdef __linux__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef __linux__
#include <quire/qposix.h>
#endif

#define PAGE        4096u
#define ANON_LEN    (64u << 20)               /* the fault benchmarks' region */
#define ANON_PAGES  (ANON_LEN / PAGE)         /* 16384 samples */
#define IO_CHUNK    (64u << 10)               /* bytes per read()/write() */

extern uint64_t samples[ANON_PAGES];          /* single samples of one metric */
extern char iobuf[IO_CHUNK];
extern int failures;                          /* the exit status is 1 if any */

/* TSC ticks: one retired guest instruction each under -icount shift=0. */
static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

uint64_t median(uint64_t *s, size_t n);      /* sorts s */
void report(const char *metric, uint64_t value, const char *unit);
void unsupported(const char *metric, const char *why);
void fail(const char *metric, const char *what);

void bench_sqlite(void);                      /* bench_sqlite.c */
void bench_rs(void);                          /* bench_rs.c */

#endif
