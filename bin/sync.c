/* sync: write every file system's dirty blocks to disk. */
#include "common.h"

#include <unistd.h>

int main(void)
{
	sync();
	return 0;
}
