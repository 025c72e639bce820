# The POSIX benchmark (test/bench/bench.c with bench_sqlite.c and
# bench_rs.c) and the program it executes
# (test/bench/nop.c), built for Quire against newlib and libposix. The
# same sources are built for Linux by test/bench/linux-peer.sh.
$(eval $(call posix_program,bench,test/bench/bench.c test/bench/bench_sqlite.c test/bench/bench_rs.c))
$(eval $(call posix_program,nop,test/bench/nop.c))
