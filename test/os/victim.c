/* Test helper: waits forever, to be killed by t_ipc. */
#include <quire/syslib.h>

int main(int argc, char **argv)
{
	for (;;) {
		message m;
		ipc_receive(ANY, &m);
	}
}
