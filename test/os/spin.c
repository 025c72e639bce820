/* Test helper: never blocks, keeps SSE registers busy with its own
 * values (t_sched and t_fpu see preemption and state saving), and runs
 * with the direction flag set, so every interrupt that hits it finds
 * DF=1: the kernel must clear it before copying anything (alarm
 * notifications are delivered from the clock interrupt). */
#include <quire/syslib.h>

int main(int argc, char **argv)
{
	uint64_t n = 0;
	for (;;) {
		n++;
		__asm__ volatile("std\n movq %0, %%xmm0\n movq %0, %%xmm1\n movq %0, %%xmm7\n"
				 "movq %0, %%xmm15" :: "r"(n) : "xmm0", "xmm1", "xmm7", "xmm15");
	}
}
