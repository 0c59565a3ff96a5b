/* md_tables: CSV loaders for the physics tables (spec 30 §2.0-2.2, §14; io/tables.py:
 * _read_qpr_frame, QPrTable.from_frame, PhiTable.from_frame, load_phi_table). Each loader returns
 * one heap block holding the physics struct and its arrays; free it with the matching free.
 * Errors name the file and, for a malformed row, the line. Only .csv files are read (the
 * reference's parquet siblings are not available to the port; spec 30 §14 exports them). */
#ifndef MD_TABLES_H
#define MD_TABLES_H

#include "md_radiation.h"
#include "md_shielding.h"
#include "md_status.h"

/* Loads a long-format Q_pr CSV with columns T_M, s (or log10_s), Q_pr (any order; extra
 * columns ignored) and pivots it to the dense grid of spec 30 §2.1 (sorted ascending T and s).
 * MD_ERR_IO for a missing/unreadable file, MD_ERR_CONFIG for non-numeric, non-positive,
 * duplicate or missing grid points, or fewer than 2 distinct s or T. */
md_status md_tables_qpr_load(const char *path, md_qpr_table **out, md_error *err);
void md_tables_qpr_free(md_qpr_table **tab);

/* Loads a Phi(tau) function from a CSV (spec 30 §2.2(a)): columns tau, phi; or tau, Phi, w0, g
 * with the w0 = 0, g = 0 slice (else the smallest w0 and g). Sorted by tau; tau must be strictly
 * increasing. */
md_status md_tables_phi_tau_load(const char *path, md_phi_tau_table **out, md_error *err);
void md_tables_phi_tau_free(md_phi_tau_table **tab);

/* Loads the full tau, w0, g, Phi grid (spec 30 §2.2(b); PhiTable.from_frame): every grid point
 * present exactly once, axes sorted ascending. */
md_status md_tables_phi_grid_load(const char *path, md_phi_grid **out, md_error *err);
void md_tables_phi_grid_free(md_phi_grid **grid);

#endif
