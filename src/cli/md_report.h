/* md_report: `marsdisk-sweep report FILE [--csv]`, a sweep file as a table without Python:
 * run id, status, the varying parameters and the headline results with their units, then the
 * message of every failed run; --csv writes the whole summary with the parameters instead.
 * Works on a partial file (a sweep still running or cut: pending runs show as pending). */
#ifndef MD_REPORT_H
#define MD_REPORT_H

#include <stdio.h>

/* argv[0] is "report". Returns the exit status: 0, 2 for a usage error, 3 if FILE cannot be
 * read as a sweep file (the reason on err_out). */
int md_report_main(int argc, char *const *argv, FILE *out, FILE *err_out);

#endif
