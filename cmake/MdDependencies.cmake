# The libraries marsdisk-sweep builds against, found the way clusters provide them, each behind one
# INTERFACE target that the layers link: md_hdf5 (parallel HDF5), md_cjson, md_check (tests only).
#
# HDF5: CMake's FindHDF5 first (the h5pcc wrapper on PATH, HDF5_ROOT, HDF5_DIR: modules and Spack
# set these), preferring a parallel build; then pkg-config (hdf5-openmpi, hdf5-mpi, hdf5). Either
# way the HDF5 found must be parallel (H5_HAVE_PARALLEL): the sweep writes one file from every
# rank with MPI-IO, and a serial HDF5 would only fail at run time.
include(CheckCSourceCompiles)
find_package(PkgConfig QUIET)

add_library(md_hdf5 INTERFACE)
set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 COMPONENTS C QUIET)
if(HDF5_FOUND)
  target_include_directories(md_hdf5 INTERFACE ${HDF5_C_INCLUDE_DIRS} ${HDF5_INCLUDE_DIRS})
  target_link_libraries(md_hdf5 INTERFACE ${HDF5_C_LIBRARIES} ${HDF5_LIBRARIES})
  target_compile_definitions(md_hdf5 INTERFACE ${HDF5_C_DEFINITIONS} ${HDF5_DEFINITIONS})
  set(md_hdf5_how "find_package(HDF5) ${HDF5_VERSION}")
elseif(PKG_CONFIG_FOUND)
  foreach(module hdf5-openmpi hdf5-mpi hdf5)
    pkg_check_modules(MD_PC_HDF5 QUIET IMPORTED_TARGET GLOBAL ${module})
    if(MD_PC_HDF5_FOUND)
      target_link_libraries(md_hdf5 INTERFACE PkgConfig::MD_PC_HDF5)
      set(md_hdf5_how "pkg-config ${module} ${MD_PC_HDF5_VERSION}")
      break()
    endif()
  endforeach()
endif()
if(NOT md_hdf5_how)
  message(FATAL_ERROR "HDF5 not found. marsdisk-sweep needs a parallel (MPI) HDF5 build: load "
    "your site's parallel HDF5 module, or set HDF5_ROOT=<prefix> (or put its h5pcc on PATH), or "
    "add the folder holding hdf5.pc to PKG_CONFIG_PATH. On Debian: apt-get install libhdf5-openmpi-dev.")
endif()

# Is the HDF5 found parallel? Compile against its own configuration header.
get_target_property(md_hdf5_inc md_hdf5 INTERFACE_INCLUDE_DIRECTORIES)
if(TARGET PkgConfig::MD_PC_HDF5)
  get_target_property(md_hdf5_inc PkgConfig::MD_PC_HDF5 INTERFACE_INCLUDE_DIRECTORIES)
endif()
set(CMAKE_REQUIRED_INCLUDES ${md_hdf5_inc} ${MPI_C_INCLUDE_DIRS})
set(CMAKE_REQUIRED_QUIET TRUE)
unset(MD_HDF5_IS_PARALLEL CACHE)
check_c_source_compiles("
#include <H5pubconf.h>
#ifndef H5_HAVE_PARALLEL
#error serial HDF5
#endif
int main(void) { return 0; }" MD_HDF5_IS_PARALLEL)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_QUIET)
if(NOT MD_HDF5_IS_PARALLEL)
  message(FATAL_ERROR "The HDF5 found (${md_hdf5_how}; headers in ${md_hdf5_inc}) is a serial "
    "build (H5_HAVE_PARALLEL is not defined). marsdisk-sweep writes one file from all MPI ranks "
    "and needs HDF5 built with --enable-parallel: load the parallel HDF5 module, or point "
    "HDF5_ROOT or PKG_CONFIG_PATH at a parallel build (Debian: libhdf5-openmpi-dev).")
endif()
message(STATUS "HDF5: ${md_hdf5_how} (parallel)")

# cJSON: its CMake package (target cjson), else pkg-config libcjson.
add_library(md_cjson INTERFACE)
find_package(cJSON CONFIG QUIET)
if(cJSON_FOUND AND TARGET cjson)
  target_link_libraries(md_cjson INTERFACE cjson)
  message(STATUS "cJSON: find_package(cJSON) ${cJSON_VERSION}")
elseif(PKG_CONFIG_FOUND)
  pkg_check_modules(MD_PC_CJSON QUIET IMPORTED_TARGET GLOBAL libcjson)
  if(MD_PC_CJSON_FOUND)
    target_link_libraries(md_cjson INTERFACE PkgConfig::MD_PC_CJSON)
    message(STATUS "cJSON: pkg-config libcjson ${MD_PC_CJSON_VERSION}")
  endif()
endif()
if(NOT cJSON_FOUND AND NOT MD_PC_CJSON_FOUND)
  message(FATAL_ERROR "cJSON not found: set cJSON_DIR to the folder holding cJSONConfig.cmake, or "
    "add the folder holding libcjson.pc to PKG_CONFIG_PATH (Debian: apt-get install libcjson-dev).")
endif()

# Check is for the tests only: without it the program still builds, with the tests off.
function(md_find_check out)
  add_library(md_check INTERFACE)
  find_package(check CONFIG QUIET)
  if(check_FOUND AND TARGET Check::check)
    target_link_libraries(md_check INTERFACE Check::check)
  elseif(PKG_CONFIG_FOUND)
    pkg_check_modules(MD_PC_CHECK QUIET IMPORTED_TARGET GLOBAL check)
    if(MD_PC_CHECK_FOUND)
      target_link_libraries(md_check INTERFACE PkgConfig::MD_PC_CHECK)
    endif()
  endif()
  if((check_FOUND AND TARGET Check::check) OR MD_PC_CHECK_FOUND)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()
