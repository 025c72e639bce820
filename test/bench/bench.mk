# Benchmarks booted as modules (kbench, Quire's primitives): built from
# their lines in test/os/manifest.txt (test/os/os.mk), which also puts
# them in build/boot/modules-bench.txt and the test kernel's boot table.
