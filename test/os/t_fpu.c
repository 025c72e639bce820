/*
 * FPU/SSE state is per process: our xmm registers keep their values while
 * spin, preempting us, writes its own into the same registers.
 */
#include "qtest.h"

int main(int argc, char **argv)
{
	endpoint_t spin = qtest_lookup("spin");
	uint64_t spin0, spin1, t0 = sys_uptime(), now = t0;
	sys_times(spin, &spin0, NULL, NULL);
	const uint64_t pattern = 0x0123456789abcdefULL;
	uint64_t got0, got7, got15;
	int rounds = 0;
	do {
		__asm__ volatile("movq %0, %%xmm0\n movq %0, %%xmm7\n movq %0, %%xmm15" :: "r"(pattern)
				 : "xmm0", "xmm7", "xmm15");
		for (volatile int i = 0; i < 200000; i++)
			;
		__asm__ volatile("movq %%xmm0, %0\n movq %%xmm7, %1\n movq %%xmm15, %2"
				 : "=r"(got0), "=r"(got7), "=r"(got15));
		sys_times(spin, &spin1, NULL, &now);
		rounds++;
	} while (got0 == pattern && got7 == pattern && got15 == pattern &&
		 spin1 - spin0 < 5 && now - t0 < 300);
	CHECK("sse_state_survives_preemption",
	      got0 == pattern && got7 == pattern && got15 == pattern && spin1 - spin0 >= 5,
	      "xmm0 %lx xmm7 %lx xmm15 %lx after %d rounds, spin ran %lu ticks",
	      got0, got7, got15, rounds, spin1 - spin0);
	qtest_done();
}
