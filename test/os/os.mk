# Boot tests and their helpers: libsys programs loaded as boot modules.

QTEST := test/os/qtest.c
$(eval $(call libsys_program,runner,test/os/runner.c))
$(eval $(call libsys_program,pong,test/os/pong.c))
$(eval $(call libsys_program,pong2,test/os/pong.c))
$(eval $(call libsys_program,victim,test/os/victim.c))
$(eval $(call libsys_program,spin,test/os/spin.c))
$(eval $(call libsys_program,fault_null,test/os/fault_null.c))
$(eval $(call libsys_program,fault_priv,test/os/fault_priv.c))
$(eval $(call libsys_program,t_ipc,test/os/t_ipc.c $(QTEST)))
$(eval $(call libsys_program,grantee,test/os/grantee.c))
$(eval $(call libsys_program,t_kcall,test/os/t_kcall.c $(QTEST)))
$(eval $(call libsys_program,t_grant,test/os/t_grant.c $(QTEST)))
$(eval $(call libsys_program,t_fault,test/os/t_fault.c $(QTEST)))
$(eval $(call libsys_program,t_sched,test/os/t_sched.c $(QTEST)))
$(eval $(call libsys_program,t_fpu,test/os/t_fpu.c $(QTEST)))
QPROC := test/os/qproc.c
$(eval $(call libsys_program,t_vm,test/os/t_vm.c $(QTEST) $(QPROC)))
$(eval $(call libsys_program,t_fork,test/os/t_fork.c $(QTEST) $(QPROC)))
$(eval $(call libsys_program,t_kcopy,test/os/t_kcopy.c $(QTEST) $(QPROC)))
$(eval $(call libsys_program,t_blk,test/os/t_blk.c $(QTEST) $(QPROC)))
$(eval $(call libsys_program,t_fuzz,test/os/t_fuzz.c $(QTEST) $(QPROC)))
