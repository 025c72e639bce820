#include <quire/syslib.h>

int main(int argc, char **argv);

__attribute__((noreturn)) void __libsys_start(int argc, char **argv)
{
	sef_startup();
	sys_exit(main(argc, argv));
}
