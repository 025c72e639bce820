/* sleep SECONDS: wait that long (whole seconds). */
#include <stdlib.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
	progname = "sleep";
	char *end;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
	if (argc != 2 || !*argv[1] || *end || n < 0)
		usage_exit("usage: sleep seconds");
	while (n > 0)
		n = (long)sleep((unsigned)n);
	return 0;
}
