/* A helper for t_procs: prints its arguments and environment. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("[%s]\n", argv[i]);
	for (char **e = environ; e && *e; e++)
		printf("%s\n", *e);
	return 0;
}
