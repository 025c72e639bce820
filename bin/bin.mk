# User programs (newlib + libposix). init is also a boot module.
BIN_COMMON := bin/common.c
BIN_TOOLS := kill sleep ls cat echo mkdir rm cp mv ln pwd ps free sync poweroff true false date uname id chmod chown
$(foreach t,$(BIN_TOOLS),$(eval $(call posix_program,$(t),bin/$(t).c $(BIN_COMMON))))
$(eval $(call posix_program,sh,bin/sh.c bin/sh_parse.c bin/sh_expand.c bin/sh_exec.c bin/sh_builtin.c bin/sh_jobs.c $(BIN_COMMON)))
$(eval $(call posix_program,init,bin/init.c))
$(eval $(call posix_program,testrun,bin/testrun.c))
$(eval $(call posix_program,service,bin/service.c))
$(eval $(call posix_program,kv,bin/kv.c))
