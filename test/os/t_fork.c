/*
 * Processes: fork with copy-on-write both ways, MAP_SHARED memory shared
 * after fork, exit status and signals in wait status, waitpid options,
 * pids, and 1,000 fork/exit/wait cycles that give back every page.
 */
#include "qtest.h"
#include "qproc.h"

static int cow_child(void *arg)
{
	volatile int *v = arg;
	bool saw_parent_value = v[0] == 111;
	v[0] = 222;                    /* must not reach the parent */
	v[1024] = 333;
	return saw_parent_value && v[0] == 222 ? 42 : 1;
}

static void test_cow(void)
{
	void *p;
	vm_req_mmap(0, NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
		    -1, 0, &p, NULL);
	volatile int *v = p;
	v[0] = 111;
	v[1024] = 444;
	int st = run_in_child(cow_child, p);
	CHECK("cow_child_writes_stay_in_child",
	      QWIFEXITED(st) && QWEXITSTATUS(st) == 42 && v[0] == 111 && v[1024] == 444,
	      "status %x parent sees %d %d", st, v[0], v[1024]);

	/* The other way: the parent writes while a child still holds the page. */
	int pid = sef_fork();
	if (pid == 0) {
		sef_sleep(20);
		sys_exit(v[0] == 111 ? 0 : 1);
	}
	v[0] = 555;
	int status = -1;
	int w = pm_req_waitpid(pid, &status, 0);
	CHECK("cow_parent_writes_stay_in_parent", w == pid && QWIFEXITED(status) &&
	      QWEXITSTATUS(status) == 0 && v[0] == 555, "wait %d status %x", w, status);
	mess_vm_info info;
	vm_req_info(SELF, &info);
	CHECK("cow_faults_counted", info.cow_faults >= 1, "cow faults %lu", info.cow_faults);
	vm_req_munmap(p, 8 * 4096);
}

static int shared_child(void *arg)
{
	volatile int *v = arg;
	int seen = v[0];
	v[1] = 777;
	return seen == 666 ? 0 : 1;
}

static void test_shared(void)
{
	void *p;
	vm_req_mmap(0, NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON,
		    -1, 0, &p, NULL);
	volatile int *v = p;
	v[0] = 666;
	int st = run_in_child(shared_child, p);
	CHECK("map_shared_anon_shared_after_fork", QWIFEXITED(st) && QWEXITSTATUS(st) == 0 && v[1] == 777,
	      "status %x parent sees %d", st, v[1]);
	/* A page first touched by the child is shared too. */
	int pid = sef_fork();
	if (pid == 0) {
		v[2048] = 888;
		sys_exit(0);
	}
	int status;
	pm_req_waitpid(pid, &status, 0);
	CHECK("map_shared_page_first_touched_in_child", v[2048] == 888, "parent sees %d", v[2048]);
	vm_req_munmap(p, 4 * 4096);
}

static int exit_with(void *arg)
{
	return (int)(uintptr_t)arg;
}

static int sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		sef_sleep(1000);
}

static void test_status_and_signals(void)
{
	int st = run_in_child(exit_with, (void *)(uintptr_t)37);
	CHECK("wait_status_exit_code", QWIFEXITED(st) && QWEXITSTATUS(st) == 37, "status %x", st);

	int ppid = 0, me = pm_req_getpid(&ppid);
	int pid = sef_fork();
	if (pid == 0) {
		int pp;
		pm_req_getpid(&pp);
		sys_exit(pp == me ? 0 : 1);
	}
	int status;
	int w = pm_req_waitpid(pid, &status, 0);
	CHECK("getppid_in_child_is_parent", me > 0 && w == pid && QWIFEXITED(status) &&
	      QWEXITSTATUS(status) == 0, "me %d wait %d status %x", me, w, status);

	pid = sef_fork();
	if (pid == 0)
		sleep_forever(NULL);
	int none = pm_req_waitpid(pid, &status, WNOHANG);
	int k = pm_req_kill(pid, NONE, QSIGTERM);
	w = pm_req_waitpid(pid, &status, 0);
	CHECK("kill_sigterm_wait_sees_signal", none == 0 && k == OK && w == pid &&
	      QWIFSIGNALED(status) && QWTERMSIG(status) == QSIGTERM,
	      "wnohang %d kill %d wait %d status %x", none, k, w, status);

	pid = sef_fork();
	if (pid == 0)
		sleep_forever(NULL);
	int ign = pm_req_kill(pid, NONE, QSIGCHLD);          /* default: ignored */
	struct pm_procinfo pi = { 0 };
	pm_req_getproc(pid, NONE, &pi);
	int alive_state = pi.state;
	k = pm_req_kill(pid, NONE, QSIGKILL);
	w = pm_req_waitpid(pid, &status, 0);
	CHECK("sigchld_ignored_sigkill_kills", ign == OK && alive_state == PMS_ALIVE && k == OK &&
	      QWIFSIGNALED(status) && QWTERMSIG(status) == QSIGKILL,
	      "sigchld %d state %d sigkill %d status %x", ign, alive_state, k, status);

	int e1 = pm_req_waitpid(-1, &status, 0);
	int e2 = pm_req_kill(99999, NONE, QSIGTERM);
	int e3 = pm_req_kill(1, NONE, QSIGKILL);             /* PM: a system process */
	int e4 = pm_req_kill(me, NONE, 77);
	CHECK("wait_kill_errors", e1 == -ECHILD && e2 == -ESRCH && e3 == -EPERM && e4 == -EINVAL,
	      "wait %d kill-missing %d kill-pm %d bad-signal %d", e1, e2, e3, e4);
}

static void test_wait_any_order(void)
{
	int pids[5], seen = 0;
	for (int i = 0; i < 5; i++) {
		pids[i] = sef_fork();
		if (pids[i] == 0) {
			sef_sleep(5 - i);
			sys_exit(10 + i);
		}
	}
	for (int i = 0; i < 5; i++) {
		int status;
		int w = pm_req_waitpid(-1, &status, 0);
		for (int j = 0; j < 5; j++)
			if (w == pids[j] && QWIFEXITED(status) && QWEXITSTATUS(status) == 10 + j)
				seen |= 1 << j;
	}
	CHECK("wait_any_collects_every_child", seen == 0x1f, "collected mask %x", seen);
}

static void test_many_forks(void)
{
	uint64_t before = free_pages();
	int bad = 0;
	for (int i = 0; i < 1000; i++) {
		int pid = sef_fork();
		if (pid == 0)
			sys_exit(i & 0x7f);
		int status;
		if (pid < 0 || pm_req_waitpid(pid, &status, 0) != pid || QWEXITSTATUS(status) != (i & 0x7f))
			bad++;
	}
	uint64_t after = free_pages();
	CHECK("fork_exit_wait_1000_cycles", bad == 0, "%d cycles went wrong", bad);
	CHECK("fork_cycles_free_every_page", after == before, "free pages %lu before, %lu after",
	      before, after);
}

int main(int argc, char **argv)
{
	test_cow();
	test_shared();
	test_status_and_signals();
	test_wait_any_order();
	qtest_exclusive();        /* it counts every free page in the system */
	test_many_forks();
	qtest_done();
}
