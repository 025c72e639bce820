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
