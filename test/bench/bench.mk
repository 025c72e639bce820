# Benchmarks: kbench (Quire's primitives) as a boot module.
$(eval $(call libsys_program,kbench,test/bench/kbench.c))
