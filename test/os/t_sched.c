/*
 * Preemption: spin never blocks and has our priority; we busy-wait too,
 * and both must get CPU time.
 */
#include "qtest.h"

int main(int argc, char **argv)
{
	endpoint_t spin = qtest_lookup("spin");
	uint64_t mine = 0, theirs = 0, t0 = sys_uptime(), now = t0;
	while (now - t0 < 300 && (mine < 10 || theirs < 10)) {
		for (volatile int i = 0; i < 100000; i++)
			;
		sys_times(SELF, &mine, NULL, &now);
		sys_times(spin, &theirs, NULL, NULL);
	}
	CHECK("spinner_does_not_starve_others", mine >= 10 && theirs >= 10,
	      "after %lu ticks: we ran %lu ticks, spin %lu", now - t0, mine, theirs);
	qtest_done();
}
