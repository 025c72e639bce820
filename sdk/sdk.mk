# sdk/: the kit for building programs from outside the tree (docs/sdk.md).
#
# $(SDK)/sysroot/include        newlib's headers
# $(SDK)/sysroot/posix-include  libposix's headers (searched first; they
#                               #include_next newlib's), and Quire's own
#                               <quire/...> (qposix.h: test mode, poweroff)
# $(SDK)/sysroot/lib            crt0.o, libposix.a, libc.a, libm.a, clang's
#                               builtins, posix.ld
# $(SDK)/bin/quire-cc           cc for Quire (sdk/quire-cc.in with the flags
#                               of libposix.mk: QUIRE_CFLAGS, QUIRE_LDFLAGS)
# $(SDK)/bin/quire-ar, quire-ranlib   llvm-ar and llvm-ranlib
# $(SDK)/quire.cmake            the CMake toolchain file
# `make sdk` (./build.sh sdk) makes them; `all` includes them.

SDK := $(BUILD)/sdk
SDK_SYSROOT := $(SDK)/sysroot
SDK_CC := $(SDK)/bin/quire-cc
# The last file the kit's rule writes: depend on it to use the kit.
SDK_STAMP := $(SDK)/.complete
comma := ,
empty :=
space := $(empty) $(empty)

$(SDK_STAMP): $(LIBPOSIX) $(POSIX_CRT0) $(POSIX_LD) $(POSIX_STAMP) sdk/sdk.mk \
		sdk/quire-cc.in sdk/quire.cmake $(wildcard lib/libposix/include/*.h lib/libposix/include/sys/*.h include/quire/*.h)
	@rm -rf $(SDK) && mkdir -p $(SDK_SYSROOT)/lib $(SDK)/bin
	cp -R $(POSIX_SYSROOT)/include $(SDK_SYSROOT)/include
	cp -R lib/libposix/include $(SDK_SYSROOT)/posix-include
	cp -R include/quire $(SDK_SYSROOT)/posix-include/quire
	cp $(LIBPOSIX) $(POSIX_CRT0) $(POSIX_LD) $(POSIX_SYSROOT)/lib/libc.a \
		$(POSIX_SYSROOT)/lib/libm.a $(POSIX_BUILTINS) $(SDK_SYSROOT)/lib/
	sed -e 's|@CFLAGS@|$(QUIRE_CFLAGS)|' \
		-e 's|@LDFLAGS@|$(subst $(space),$(comma),$(strip $(QUIRE_LDFLAGS)))|' \
		sdk/quire-cc.in >$(SDK_CC)
	printf '#!/bin/sh\nexec llvm-ar "$$@"\n' >$(SDK)/bin/quire-ar
	printf '#!/bin/sh\nexec llvm-ranlib "$$@"\n' >$(SDK)/bin/quire-ranlib
	chmod +x $(SDK_CC) $(SDK)/bin/quire-ar $(SDK)/bin/quire-ranlib
	cp sdk/quire.cmake $(SDK)/quire.cmake
	@touch $@

.PHONY: sdk
sdk: $(SDK_STAMP)
all: $(SDK_STAMP)

# The kit's own test (test/sdk/): a small POSIX program built with
# quire-cc, and the same built by CMake through the toolchain file; both
# go on the test disk as /test/t_sdkcc and /test/t_sdkcmake.
# quire-cc as a Makefile would use it: -c, an archive, -L/-l, then link.
SDK_TEST := $(BUILD)/sdk-test
$(BUILD)/bin/t_sdkcc: test/sdk/sdkprog.c test/sdk/sdkutil.c test/sdk/sdkutil.h test/posix/ptest.h $(SDK_STAMP)
	@rm -rf $(SDK_TEST) && mkdir -p $(SDK_TEST) $(dir $@)
	$(SDK_CC) -O2 -g -Wall -Werror -c -o $(SDK_TEST)/sdkutil.o test/sdk/sdkutil.c
	$(SDK)/bin/quire-ar rc $(SDK_TEST)/libsdkutil.a $(SDK_TEST)/sdkutil.o
	$(SDK)/bin/quire-ranlib $(SDK_TEST)/libsdkutil.a
	$(SDK_CC) -O2 -g -Wall -Werror -DSDK_VIA='"t_sdkcc"' -Itest/posix -Itest/sdk \
		-o $@ test/sdk/sdkprog.c -L$(SDK_TEST) -lsdkutil -lm

$(BUILD)/bin/t_sdkcmake: test/sdk/sdkprog.c test/sdk/sdkutil.c test/sdk/cmake/CMakeLists.txt test/posix/ptest.h $(SDK_STAMP)
	@rm -rf $(BUILD)/sdk-cmake && mkdir -p $(dir $@)
	cmake -S test/sdk/cmake -B $(BUILD)/sdk-cmake -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=$(abspath $(SDK))/quire.cmake >$(BUILD)/sdk-cmake.log 2>&1 || \
		{ cat $(BUILD)/sdk-cmake.log >&2; exit 1; }
	cmake --build $(BUILD)/sdk-cmake >>$(BUILD)/sdk-cmake.log 2>&1 || \
		{ cat $(BUILD)/sdk-cmake.log >&2; exit 1; }
	cp $(BUILD)/sdk-cmake/t_sdkcmake $@

all: $(BUILD)/bin/t_sdkcc $(BUILD)/bin/t_sdkcmake

# SQLite's shell, from the amalgamation sdk/fetch-sqlite.sh caches
# (build.sh passes SQLITE_SRC), compiled unmodified by quire-cc: only -D
# options. The objects wait for the kit (order-only: a new libposix
# relinks, it does not recompile 9 MB of C).
ifneq ($(strip $(SQLITE_SRC)),)
SQLITE_DEFS := -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DHAVE_USLEEP=1
$(BUILD)/sqlite/%.o: $(SQLITE_SRC)/%.c sdk/sdk.mk | $(SDK_STAMP)
	@mkdir -p $(dir $@)
	$(SDK_CC) -O2 $(SQLITE_DEFS) -c -o $@ $<
$(BUILD)/bin/sqlite3: $(BUILD)/sqlite/sqlite3.o $(BUILD)/sqlite/shell.o $(SDK_STAMP)
	@mkdir -p $(dir $@)
	$(SDK_CC) -o $@ $(BUILD)/sqlite/shell.o $(BUILD)/sqlite/sqlite3.o
endif
