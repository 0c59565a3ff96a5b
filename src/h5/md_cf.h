/* md_cf: the CF-convention attributes of a column, from the unit strings of md_run_fields.h
 * ("M_Mars s^-1", "bool", "code: 0 solid, 1 vapor", ...), so that the file's `units` parse with
 * UDUNITS and flag columns carry flag_values / flag_meanings (CF 1.8 §3.1, §3.5).
 * Pure string work: no HDF5 here, so it is tested on its own. */
#ifndef MD_CF_H
#define MD_CF_H

#include "md_status.h"

#include <stddef.h>

enum { MD_CF_MAX_FLAGS = 8 };

typedef struct md_cf_attrs {
    char units[64]; /* UDUNITS-parsable unit ("1" for dimensionless) */
    int n_flags;    /* 0: not a flag column */
    double flag_values[MD_CF_MAX_FLAGS];
    char flag_meanings[256]; /* blank-separated words, one per value */
} md_cf_attrs;

/* Translates a field's unit string:
 *   "M_Mars" -> "6.4171e+23 kg" (Mars masses, MD_M_MARS), "R_Mars" -> "3389500 m" (MD_R_MARS),
 *   "count", "-" and "" -> "1", "%" -> "percent", "bool" -> "1" with flags 0 false, 1 true,
 *   "code: 0 solid, 1 vapor" -> "1" with flags 0 solid, 1 vapor;
 * anything else is copied (it is already UDUNITS: "kg m^-2 s^-1", "K", "1"). MD_ERR_CONFIG for a
 * malformed code list or a unit that does not fit. */
md_status md_cf_translate(const char *units, md_cf_attrs *out, md_error *err);

#endif
