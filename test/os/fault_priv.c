/* Test helper: executes a privileged instruction (t_fault checks). */
#include <quire/syslib.h>

int main(int argc, char **argv)
{
	__asm__ volatile("hlt");
	return 0;
}
