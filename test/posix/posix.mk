# POSIX tests, run inside Quire from /test by /bin/testrun.
# The t_map* tests (file-backed mmap) also pass on a Linux host:
# cc -O1 -Wall -Werror -o /tmp/x test/posix/t_mapfile.c && /tmp/x
POSIX_TESTS := t_files t_ident t_dirs t_procs t_efault t_persist t_vfsfuzz t_mmap t_mapfile t_mapeof t_maphole t_mapreuse t_mapcopy t_mapmatrix t_mapcoher t_mapmany t_mapcoherbig t_madvise t_signals t_sigmask t_jobs t_time t_select t_perm t_ids t_rlimit t_users t_at t_fdflags t_locks t_fifo t_rest t_sqlite t_ttysel t_rs t_mlock t_lowmem
$(foreach t,$(POSIX_TESTS),$(eval $(call posix_program,$(t),test/posix/$(t).c)))
$(eval $(call posix_program,showargs,test/posix/helpers/showargs.c))
$(eval $(call posix_program,ids,test/posix/helpers/ids.c))
$(eval $(call posix_program,selwait,test/posix/helpers/selwait.c))
# t_rs's probe service: a libsys program RS starts from the disk.
$(eval $(call libsys_program,rsprobe,test/posix/helpers/rsprobe.c))
