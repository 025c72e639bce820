#include "qproc.h"

int run_in_child(int (*fn)(void *arg), void *arg)
{
	int pid = sef_fork();
	if (pid < 0)
		return pid;
	if (pid == 0)
		sys_exit(fn(arg));
	int status = 0;
	int r = pm_req_waitpid(pid, &status, 0);
	return r < 0 ? r : status;
}

uint64_t free_pages(void)
{
	mess_vm_info info;
	return vm_req_info(NONE, &info) == OK ? info.free_pages : 0;
}
