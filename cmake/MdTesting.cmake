# Helpers that register tests with CTest.

# -DMD_VALGRIND=ON also registers each unit test (and what md_add_valgrind_test names) under
# valgrind memcheck, label `valgrind`: any invalid access or definite leak fails it (indirect leaks hang off a definite one).
option(MD_VALGRIND "Register memcheck variants of the unit tests" OFF)
if(MD_VALGRIND)
  find_program(MD_VALGRIND_EXECUTABLE valgrind REQUIRED)
endif()
function(md_add_valgrind_test name exe)
  if(MD_VALGRIND)
    add_test(NAME valgrind.${name}
             COMMAND ${MD_VALGRIND_EXECUTABLE} --quiet --error-exitcode=99 --leak-check=full
                     --errors-for-leak-kinds=definite --track-origins=yes --num-callers=50
                     --suppressions=${PROJECT_SOURCE_DIR}/cmake/valgrind.supp
                     $<TARGET_FILE:${exe}> ${ARGN})
    set_tests_properties(valgrind.${name} PROPERTIES LABELS valgrind TIMEOUT 1800 SKIP_RETURN_CODE 77
      ENVIRONMENT "CK_FORK=no;MD_SHARED_DIR=${MD_SHARED_DIR}")
  endif()
endfunction()
#
# md_add_unit_tests(<dir> <libs...>): every tests/unit/<dir>/test_*.c becomes one Check executable
# linked to <libs> and registered as unit.<dir>.<module>. Tests find ../shared through the
# MD_SHARED_DIR environment variable and say so plainly when it is absent.
function(md_add_unit_tests dir)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/${dir}/test_*.c)
  foreach(src ${tests})
    get_filename_component(stem ${src} NAME_WE)
    string(REGEX REPLACE "^test_" "" module ${stem})
    set(exe unit_${dir}_${module})
    add_executable(${exe} ${src})
    target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    target_link_libraries(${exe} PRIVATE ${ARGN} md_test_support md_check md_warnings)
    add_test(NAME unit.${dir}.${module} COMMAND ${exe})
    set_tests_properties(unit.${dir}.${module} PROPERTIES
      ENVIRONMENT "MD_SHARED_DIR=${MD_SHARED_DIR};CK_DEFAULT_TIMEOUT=600" LABELS unit
      SKIP_RETURN_CODE 77)
    md_add_valgrind_test(unit.${dir}.${module} ${exe})
  endforeach()
endfunction()

# md_add_mpi_test(<name> <exe> [ARGS ...]): runs <exe> under mpiexec with 1, 2 and 4 ranks
# (Check in no-fork mode, oversubscription allowed so 4 ranks run on a 2-core machine).
function(md_add_mpi_test name exe)
  cmake_parse_arguments(T "" "" "ARGS" ${ARGN})
  foreach(np 1 2 4)
    add_test(NAME mpi.${name}.np${np}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --oversubscribe
                     ${MPIEXEC_PREFLAGS} $<TARGET_FILE:${exe}> ${MPIEXEC_POSTFLAGS} ${T_ARGS})
    set_tests_properties(mpi.${name}.np${np} PROPERTIES
      ENVIRONMENT "CK_FORK=no;MD_SHARED_DIR=${MD_SHARED_DIR};OMPI_MCA_rmaps_base_oversubscribe=1"
      PROCESSORS ${np} LABELS mpi)
  endforeach()
endfunction()
