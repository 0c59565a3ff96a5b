/* md_run_seed: the seed of a run's e/i sampling RNG (spec 10 §2 step 5; orchestrator.py:
 * resolve_seed, derive_seed_components). dynamics.rng_seed when given; otherwise the reference
 * hashes a text made of the run's geometry, temperature and mass:
 *
 *   int(sha256(basis).hexdigest()[:8], 16) % 2**31
 *   basis = "reference_radius_m=<r>|reference_radius_RM=<r_RM>|r_source=disk.geometry|
 *            disk.r_in_RM=<a>,r_out_RM=<b>|T_M_basis=<TM_K>|initial.mass_total=<M>"
 *
 * (one line; without a disk block r_source=geometry.r_in_out and no disk.* part), every number
 * written as Python's repr() of a float (the schema's float fields turn integers into floats). */
#ifndef MD_RUN_SEED_H
#define MD_RUN_SEED_H

#include <stddef.h>
#include <stdint.h>

#include "md_params.h"
#include "md_status.h"

/* Longest basis text: six numbers of at most 24 characters plus the fixed words. */
#define MD_RUN_SEED_BASIS_MAX 320

/* Python's repr(float) (float_repr_style 'short'): the shortest digit string that reads back
 * as x (the nearest one if several), fixed notation for 1e-4 <= |x| < 1e16 with ".0" added to
 * whole numbers, otherwise d[.ddd]e+XX with a signed exponent of at least two digits;
 * "inf", "-inf", "nan", "-0.0". Writes at most cap bytes including the NUL; returns the length
 * of the full text (as snprintf). */
int md_run_seed_float_repr(double x, char *buf, size_t cap);

/* The basis text of derive_seed_components for params md_run_validate accepted, given the
 * reference radius r_m [m] and r_RM [R_Mars] the run resolved (config_utils.py:
 * resolve_reference_radius). MD_ERR_UNSUPPORTED without radiation.TM_K (the reference would
 * fall back to a constant temperature driver, which the port does not read). */
md_status md_run_seed_basis(const md_params *p, double r_m, double r_RM,
                            char buf[MD_RUN_SEED_BASIS_MAX], md_error *err);

/* int(sha256(basis)[:8], 16) mod 2^31. */
uint64_t md_run_seed_from_basis(const char *basis);

/* The seed the reference uses: dynamics.rng_seed if given, else md_run_seed_from_basis of
 * md_run_seed_basis. */
md_status md_run_seed_resolve(const md_params *p, double r_m, double r_RM, uint64_t *seed,
                              md_error *err);

#endif
