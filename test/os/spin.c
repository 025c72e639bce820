/* Test helper: never blocks, and keeps SSE registers busy with its own
 * values, so that t_sched and t_fpu can see preemption and state saving. */
#include <quire/syslib.h>

int main(int argc, char **argv)
{
	uint64_t n = 0;
	for (;;) {
		n++;
		__asm__ volatile("movq %0, %%xmm0\n movq %0, %%xmm1\n movq %0, %%xmm7\n"
				 "movq %0, %%xmm15" :: "r"(n) : "xmm0", "xmm1", "xmm7", "xmm15");
	}
}
