/* marsdisk-sweep: MPI set-up around md_cli_run (everything else lives in md_cli.c). */
#include "md_cli.h"

#include <mpi.h>

int main(int argc, char **argv) {
    if (MPI_Init(&argc, &argv) != MPI_SUCCESS)
        return MD_EXIT_IO;
    int code = md_cli_run(argc, argv, MPI_COMM_WORLD);
    MPI_Finalize();
    return code;
}
