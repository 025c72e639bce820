/*
 * echo [-n] [string ...]: write the strings separated by single spaces,
 * then a newline unless -n is given. No backslash escapes; any other
 * argument starting with '-' is printed as it is.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i = 1, newline = 1;

	progname = "echo";
	/* "-n", also repeated ("-n -n") or clustered ("-nn"). */
	while (i < argc && argv[i][0] == '-' && argv[i][1] == 'n' &&
	       argv[i][strspn(argv[i] + 1, "n") + 1] == '\0') {
		newline = 0;
		i++;
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		fputs(argv[i], stdout);
	}
	if (newline)
		putchar('\n');
	return finish_stdout(0);
}
