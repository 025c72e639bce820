# CMake toolchain file for Quire (docs/sdk.md):
#   cmake -DCMAKE_TOOLCHAIN_FILE=<quire>/build/sdk/quire.cmake -S src -B out
# It names the sdk's quire-cc and quire-ar; programs are static
# executables, installed on Quire's disk with ./build.sh run --add or the
# overlay/ folder. Installed next to bin/ in build/sdk/ (sdk/sdk.mk).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
get_filename_component(QUIRE_SDK "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
set(CMAKE_C_COMPILER "${QUIRE_SDK}/bin/quire-cc")
set(CMAKE_AR "${QUIRE_SDK}/bin/quire-ar" CACHE FILEPATH "Quire's archiver")
set(CMAKE_RANLIB "${QUIRE_SDK}/bin/quire-ranlib" CACHE FILEPATH "Quire's ranlib")
# Headers and libraries come from the sysroot only; programs from the host.
set(CMAKE_FIND_ROOT_PATH "${QUIRE_SDK}/sysroot")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# No shared libraries on Quire.
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
