/* Tests only, include from exactly one file of a test program that calls MPI_Init: makes
 * LeakSanitizer ignore Open MPI's by-design allocations (the list of lsan.supp: keep the two in
 * step) while still reporting ours, whatever the environment. Call md_lsan_mpi_setenv() before
 * MPI_Init. */
#ifndef MD_LSAN_MPI_H
#define MD_LSAN_MPI_H

#include <stdlib.h>

/* Sanitizer hooks (weak in the runtime; unused in builds without sanitizers). */
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);

const char *__lsan_default_suppressions(void) {
    return "leak:libmpi.so\nleak:libopen-pal.so\nleak:libopen-rte.so\nleak:libmca_common\n"
           "leak:mca_\nleak:libhwloc.so\nleak:libevent\nleak:libpmix.so\nleak:libucs.so\n"
           "leak:libucp.so\nleak:libuct.so\nleak:libfabric.so\nleak:libpsm\nleak:libibverbs.so\n"
           "leak:libudev.so\n";
}

/* Full stacks, so that frames of MPI's libraries can be matched. */
const char *__asan_default_options(void) {
    return "fast_unwind_on_malloc=0";
}

/* Keeps MPI's plug-ins loaded to the end, so their frames keep their library names. */
static inline void md_lsan_mpi_setenv(void) {
    setenv("OMPI_MCA_mca_base_component_disable_dlclose", "1", 0);
    setenv("PMIX_MCA_mca_base_component_disable_dlclose", "1", 0);
}

#endif
