/* Test helper: dereferences NULL; the kernel must stop it (t_fault checks). */
#include <quire/syslib.h>

int main(int argc, char **argv)
{
	volatile int *p = (volatile int *)0;
	return *p;
}
