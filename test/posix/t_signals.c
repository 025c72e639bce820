/* Signal handlers: siginfo for kill and real faults (SIGSEGV, SIGBUS),
 * the whole context (general and SSE registers) back after a handler,
 * SA_NODEFER, SA_RESETHAND, SA_ONSTACK, SIGCHLD, waitpid's EINTR vs
 * SA_RESTART, and handlers or frames that can only end their process. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <quire/endpoints.h>
#include <quire/sigframe.h>
#include "ptest.h"

static volatile int hits, depth, max_depth;
static volatile siginfo_t got;
static volatile uintptr_t local_addr;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	got = *si;
	got.si_signo = sig == si->si_signo ? sig : -1;
}

static int set(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	return sigaction(sig, &sa, NULL);
}

static void dfl(int sig)
{
	signal(sig, SIG_DFL);
}

static void test_raise_siginfo(void)
{
	hits = 0;
	int r = set(SIGUSR1, on_info, 0);
	int k = raise(SIGUSR1);
	CHECK("raise_runs_handler_before_return", r == 0 && k == 0 && hits == 1, "r %d k %d hits %d", r, k, hits);
	CHECK("kill_siginfo", got.si_signo == SIGUSR1 && got.si_code == SI_USER && got.si_pid == getpid() &&
	      got.si_uid == 0, "signo %d code %d pid %d uid %d", got.si_signo, got.si_code, got.si_pid, got.si_uid);
	dfl(SIGUSR1);
}

/* SIGSEGV on a PROT_NONE page: the handler opens the page and returns,
 * and the faulting instruction runs again. Around it, xmm8 and r12 hold
 * values the handler clobbers: they must come back. */
static char *fault_page;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	got = *si;
	got.si_signo = sig;
	__asm__ volatile("pxor %%xmm8, %%xmm8\n\tpcmpeqd %%xmm8, %%xmm8\n\txor %%r12, %%r12" ::: "xmm8", "r12");
	mprotect(fault_page, 4096, PROT_READ | PROT_WRITE);
}

static void test_segv_and_context(void)
{
	fault_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hits = 0;
	set(SIGSEGV, on_segv, 0);
	uint64_t xmm_out = 0, r12_out = 0;
	uint64_t xmm_in = 0x1122334455667788ULL, r12_in = 0x0badc0ffee15900dULL;
	__asm__ volatile("movq %[x], %%xmm8\n\t"
			 "mov %[r], %%r12\n\t"
			 "movl $7, (%[p])\n\t"
			 "movq %%xmm8, %[xo]\n\t"
			 "mov %%r12, %[ro]"
			 : [xo] "=&r"(xmm_out), [ro] "=&r"(r12_out)
			 : [x] "r"(xmm_in), [r] "r"(r12_in), [p] "r"(fault_page + 8)
			 : "xmm8", "r12", "memory");
	CHECK("segv_handler_and_retry", hits == 1 && *(volatile int *)(fault_page + 8) == 7,
	      "hits %d", hits);
	CHECK("segv_siginfo_addr", got.si_signo == SIGSEGV && got.si_addr == fault_page + 8 &&
	      got.si_code == SEGV_ACCERR, "signo %d addr %p (want %p) code %d",
	      got.si_signo, got.si_addr, (void *)(fault_page + 8), got.si_code);
	CHECK("sse_register_restored", xmm_out == xmm_in, "xmm8 %llx", (unsigned long long)xmm_out);
	CHECK("general_register_restored", r12_out == r12_in, "r12 %llx", (unsigned long long)r12_out);
	dfl(SIGSEGV);
	munmap(fault_page, 4096);
}

/* SIGBUS: a store past the end of a file mapping. */
static jmp_buf escape;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = *si;
	got.si_signo = sig;
	longjmp(escape, 1);
}

static void test_segv_unmapped_maperr(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);                    /* now in no region */
	memset((void *)&got, 0, sizeof(got));
	set(SIGSEGV, on_bus, 0);
	volatile int reached = 0;
	if (!setjmp(escape)) {
		*(volatile char *)(p + 100) = 1;
		reached = 1;
	}
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGSEGV);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	CHECK("segv_unmapped_maperr_addr", !reached && got.si_signo == SIGSEGV && got.si_addr == p + 100 &&
	      got.si_code == SEGV_MAPERR, "reached %d signo %d addr %p code %d", reached, got.si_signo,
	      got.si_addr, got.si_code);
	dfl(SIGSEGV);
}

static void test_sigbus(void)
{
	int fd = open("/tmp/t_signals.bus", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "x", 1);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset((void *)&got, 0, sizeof(got));
	set(SIGBUS, on_bus, 0);
	volatile int reached = 0;
	if (!setjmp(escape)) {
		m[4096 + 16] = 1;
		reached = 1;
	}
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGBUS);
	sigprocmask(SIG_UNBLOCK, &s, NULL);   /* longjmp left the handler's mask */
	CHECK("sigbus_past_eof_siginfo", m != MAP_FAILED && !reached && got.si_signo == SIGBUS &&
	      got.si_addr == m + 4096 + 16 && got.si_code == BUS_ADRERR,
	      "map %p reached %d signo %d addr %p code %d", (void *)m, reached, got.si_signo,
	      got.si_addr, got.si_code);
	dfl(SIGBUS);
	munmap(m, 8192);
	close(fd);
	unlink("/tmp/t_signals.bus");
}

/* SIGFPE (integer divide by zero) and SIGILL (ud2) from the CPU: si_addr
 * is the faulting instruction, si_code the kind. */
__asm__(".text\n"
	".globl t_signals_div0\n"
	"t_signals_div0:\n"
	"	xor %ecx, %ecx\n"
	"	mov $1, %eax\n"
	"	cdq\n"
	"t_signals_div0_at:\n"
	"	idiv %ecx\n"
	"	ret\n"
	".globl t_signals_ud2\n"
	"t_signals_ud2:\n"
	"	ud2\n"
	"	ret\n");
void t_signals_div0(void);
extern char t_signals_div0_at[];
void t_signals_ud2(void);

static void cpu_fault(int sig, void (*fn)(void), const char *name, void *want_addr, int want_code)
{
	memset((void *)&got, 0, sizeof(got));
	set(sig, on_bus, 0);
	volatile int reached = 0;
	if (!setjmp(escape)) {
		fn();
		reached = 1;
	}
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	CHECK(name, !reached && got.si_signo == sig && got.si_addr == want_addr && got.si_code == want_code,
	      "reached %d signo %d addr %p (want %p) code %d", reached, got.si_signo, got.si_addr,
	      want_addr, got.si_code);
	dfl(sig);
}

static void test_fpe_and_ill(void)
{
	cpu_fault(SIGFPE, t_signals_div0, "sigfpe_divide_siginfo", (void *)t_signals_div0_at, FPE_INTDIV);
	cpu_fault(SIGILL, t_signals_ud2, "sigill_ud2_siginfo", (void *)t_signals_ud2, ILL_ILLOPC);
}

static void on_nest(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (hits++ == 0)
		raise(sig);            /* again, from inside the handler */
	depth--;
}

static void test_nodefer(void)
{
	hits = depth = max_depth = 0;
	set(SIGUSR2, on_nest, SA_NODEFER);
	raise(SIGUSR2);
	CHECK("nodefer_nests", hits == 2 && max_depth == 2, "hits %d depth %d", hits, max_depth);
	hits = depth = max_depth = 0;
	set(SIGUSR2, on_nest, 0);
	raise(SIGUSR2);
	CHECK("blocked_in_own_handler_runs_after", hits == 2 && max_depth == 1, "hits %d depth %d",
	      hits, max_depth);
	dfl(SIGUSR2);
}

static void test_resethand(void)
{
	hits = 0;
	set(SIGUSR1, on_info, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction old;
	sigaction(SIGUSR1, NULL, &old);
	CHECK("resethand_once_then_default", hits == 1 && old.sa_handler == SIG_DFL, "hits %d", hits);
}

static void on_alt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	volatile int here;
	local_addr = (uintptr_t)&here;
	stack_t cur;
	sigaltstack(NULL, &cur);
	hits = cur.ss_flags == SS_ONSTACK;
}

static void test_altstack(void)
{
	static char alt[16384];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 }, old;
	int r = sigaltstack(&ss, &old);
	hits = 0;
	set(SIGUSR1, on_alt, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK("altstack_used", r == 0 && old.ss_flags == SS_DISABLE && hits == 1 &&
	      local_addr >= (uintptr_t)alt && local_addr < (uintptr_t)alt + sizeof(alt),
	      "r %d old flags %d onstack %d local %lx alt %p", r, old.ss_flags, hits,
	      (unsigned long)local_addr, (void *)alt);
	stack_t small = { .ss_sp = alt, .ss_size = 100, .ss_flags = 0 };
	errno = 0;
	CHECK("altstack_too_small_enomem", sigaltstack(&small, NULL) == -1 && errno == ENOMEM,
	      "errno %d", errno);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	dfl(SIGUSR1);
}

/* A stack overflow handled on the alternate stack. */
static volatile int forever = 1;

static int recurse(volatile char *p)
{
	volatile char big[8192];
	big[0] = *p;
	return forever ? recurse(big) + big[1] : 0;
}

static void on_overflow(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	_exit(sig == SIGSEGV ? 42 : 1);
}

static void test_overflow_on_altstack(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		static char alt[65536];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 };
		sigaltstack(&ss, NULL);
		set(SIGSEGV, on_overflow, SA_ONSTACK);
		char c = 0;
		recurse(&c);
		_exit(2);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("stack_overflow_handler_on_altstack", WIFEXITED(st) && WEXITSTATUS(st) == 42, "status %x", st);
}

static void test_nocldwait(void)
{
	set(SIGCHLD, on_info, SA_NOCLDWAIT);
	hits = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(1);
	errno = 0;
	pid_t r = waitpid(pid, NULL, 0);
	CHECK("nocldwait_leaves_no_zombie", r == -1 && errno == ECHILD && hits == 1, "r %d errno %d hits %d",
	      r, errno, hits);
	dfl(SIGCHLD);
}

static void test_sigchld(void)
{
	hits = 0;
	memset((void *)&got, 0, sizeof(got));
	set(SIGCHLD, on_info, 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(5);
	int st;
	waitpid(pid, &st, 0);
	CHECK("sigchld_to_parent", hits == 1 && got.si_signo == SIGCHLD && got.si_pid == pid &&
	      got.si_code == CLD_EXITED && got.si_status == 5, "hits %d signo %d pid %d code %d status %d",
	      hits, got.si_signo, got.si_pid, got.si_code, got.si_status);
	dfl(SIGCHLD);
}

/* The child signals its parent while the parent waits in waitpid. */
static int wait_with_signal(int flags, int *err)
{
	set(SIGUSR1, on_info, flags);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR1);
		usleep(100000);
		_exit(3);
	}
	hits = 0;
	int st = 0;
	errno = 0;
	pid_t r = waitpid(pid, &st, 0);
	*err = errno;
	if (r < 0)
		waitpid(pid, &st, 0);
	dfl(SIGUSR1);
	return r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3 ? 1 : r < 0 ? -1 : 0;
}

static void test_waitpid_eintr_restart(void)
{
	int err;
	int r = wait_with_signal(0, &err);
	CHECK("waitpid_eintr_without_restart", r == -1 && err == EINTR && hits == 1, "r %d errno %d hits %d",
	      r, err, hits);
	r = wait_with_signal(SA_RESTART, &err);
	CHECK("waitpid_restarted_with_sa_restart", r == 1 && hits == 1, "r %d errno %d hits %d", r, err, hits);
}

/* A pipe read with no data; the child signals, then writes. */
static int read_with_signal(int flags, int *err, char *got_byte)
{
	int p[2];
	pipe(p);
	set(SIGUSR1, on_info, flags);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		usleep(50000);
		kill(parent, SIGUSR1);
		usleep(100000);
		write(p[1], "z", 1);
		_exit(0);
	}
	close(p[1]);
	hits = 0;
	errno = 0;
	ssize_t n = read(p[0], got_byte, 1);
	*err = errno;
	waitpid(pid, NULL, 0);
	close(p[0]);
	dfl(SIGUSR1);
	return (int)n;
}

static void test_pipe_read_eintr_restart(void)
{
	int err;
	char c = 0;
	int n = read_with_signal(0, &err, &c);
	CHECK("pipe_read_eintr_without_restart", n == -1 && err == EINTR && hits == 1, "n %d errno %d hits %d",
	      n, err, hits);
	c = 0;
	n = read_with_signal(SA_RESTART, &err, &c);
	CHECK("pipe_read_restarted_with_sa_restart", n == 1 && c == 'z' && hits == 1, "n %d errno %d hits %d",
	      n, err, hits);
}

static void test_sleep_and_pause_interrupted(void)
{
	set(SIGUSR1, on_info, SA_RESTART);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		kill(parent, SIGUSR1);
		usleep(50000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	hits = 0;
	struct timespec two = { 2, 0 }, t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	int r = nanosleep(&two, NULL);
	int err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK("nanosleep_eintr_after_handler", r == -1 && err == EINTR && hits == 1 && t1.tv_sec - t0.tv_sec < 2,
	      "r %d errno %d hits %d", r, err, hits);
	errno = 0;
	r = pause();
	CHECK("pause_returns_eintr_after_handler", r == -1 && errno == EINTR && hits == 2, "r %d errno %d hits %d",
	      r, errno, hits);
	waitpid(pid, NULL, 0);
	dfl(SIGUSR1);
}

/* Children that must end by SIGSEGV, and only themselves. */
static int child_status(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		body();
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return st;
}

static void bad_handler_low(void)
{
	signal(SIGUSR1, (void (*)(int))0x10);
	raise(SIGUSR1);
}

static void bad_handler_kernel(void)
{
	signal(SIGUSR1, (void (*)(int))0xffffffff80001000ULL);
	raise(SIGUSR1);
}

void __quire_sigreturn(struct sigframe *f);

static struct sigframe forged __attribute__((aligned(16)));

static void forged_rip(void)
{
	memset(&forged, 0, sizeof(forged));
	forged.uc.gregs[QREG_RIP] = 0xffffffff80100000ULL;
	forged.uc.gregs[QREG_RSP] = (uintptr_t)&forged;
	__quire_sigreturn(&forged);
}

static void forged_rflags(void)
{
	memset(&forged, 0, sizeof(forged));
	forged.uc.gregs[QREG_RIP] = (uintptr_t)forged_rflags;
	forged.uc.gregs[QREG_RSP] = (uintptr_t)&forged;
	forged.uc.gregs[QREG_RFLAGS] = 0x3202;     /* IOPL 3 */
	__quire_sigreturn(&forged);
}

static void forged_mxcsr(void)
{
	memset(&forged, 0, sizeof(forged));
	forged.uc.gregs[QREG_RIP] = (uintptr_t)forged_mxcsr;
	forged.uc.gregs[QREG_RSP] = (uintptr_t)&forged;
	forged.uc.gregs[QREG_RFLAGS] = 0x202;
	uint32_t mxcsr = 0xffffffffu;              /* reserved bits: fxrstor would #GP */
	memcpy(&forged.uc.fpu[24], &mxcsr, 4);
	__quire_sigreturn(&forged);
}

static void test_only_the_process_ends(void)
{
	int st = child_status(bad_handler_low);
	CHECK("bad_handler_address_segv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %x", st);
	st = child_status(bad_handler_kernel);
	CHECK("kernel_handler_address_segv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %x", st);
	st = child_status(forged_rip);
	CHECK("forged_frame_kernel_rip_segv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %x", st);
	st = child_status(forged_rflags);
	CHECK("forged_frame_iopl_segv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %x", st);
	st = child_status(forged_mxcsr);
	CHECK("forged_frame_mxcsr_segv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status %x", st);
}

static void test_errors(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	errno = 0;
	CHECK("sigaction_sig0_einval", sigaction(0, &sa, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigaction_nsig_einval", sigaction(NSIG, &sa, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigaction_sigkill_einval", sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigaction_sigstop_einval", sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	sa.sa_flags = 0x4000;
	CHECK("sigaction_bad_flags_einval", sigaction(SIGUSR1, &sa, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("kill_bad_signal_einval", kill(getpid(), NSIG) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("kill_no_process_esrch", kill(999999, SIGUSR1) == -1 && errno == ESRCH, "errno %d", errno);
	errno = 0;
	CHECK("raise_bad_signal_einval", raise(-1) == -1 && errno == EINVAL, "errno %d", errno);
	/* Boot processes have pid = slot + 1; VFS is a system process. */
	errno = 0;
	CHECK("kill_system_process_eperm", kill(VFS_SLOT + 1, SIGTERM) == -1 && errno == EPERM, "errno %d", errno);
	union sigval v = { 0 };
	errno = 0;
	CHECK("sigqueue_system_process_eperm", sigqueue(VFS_SLOT + 1, SIGUSR1, v) == -1 && errno == EPERM,
	      "errno %d", errno);
}

int main(void)
{
	PTEST_BEGIN("t_signals");
	test_raise_siginfo();
	test_segv_and_context();
	test_sigbus();
	test_fpe_and_ill();
	test_segv_unmapped_maperr();
	test_nodefer();
	test_resethand();
	test_altstack();
	test_overflow_on_altstack();
	test_sigchld();
	test_nocldwait();
	test_waitpid_eintr_restart();
	test_pipe_read_eintr_restart();
	test_sleep_and_pause_interrupted();
	test_only_the_process_ends();
	test_errors();
	return ptest_done();
}
