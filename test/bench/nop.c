/* nop: exits at once; what fork_exec_wait of test/bench/bench.c runs. */
int main(void)
{
	return 0;
}
