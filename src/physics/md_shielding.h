/* md_shielding: self-shielding of the surface layer and the optical depth seen by Mars
 * (spec 30 §2.2, §5; physics_step.py: compute_shielding, compute_shielding_step;
 * physics/shielding.py: effective_kappa, sigma_tau1, apply_shielding; io/tables.py: PhiTable,
 * load_phi_table). Pure numerics; the tables belong to the caller (src/run/md_tables.h). */
#ifndef MD_SHIELDING_H
#define MD_SHIELDING_H

#include "md_status.h"

/* Phi(tau) function of spec 30 §2.2(a): n >= 1 rows, tau strictly ascending. The struct does not
 * own the arrays. */
typedef struct md_phi_tau_table {
    int n;
    const double *tau; /* optical depth [-] */
    const double *phi; /* Phi [-] (clipped to [0, 1] on evaluation) */
} md_phi_tau_table;

/* Trilinear Phi(tau, w0, g) grid of spec 30 §2.2(b): phi[(it * n_w0 + iw) * n_g + ig], every
 * axis strictly ascending with >= 2 nodes. The struct does not own the arrays. */
typedef struct md_phi_grid {
    int n_tau, n_w0, n_g;
    const double *tau; /* [-] */
    const double *w0;  /* single-scattering albedo [-] */
    const double *g;   /* asymmetry parameter [-] */
    const double *phi; /* [-], n_tau * n_w0 * n_g values */
} md_phi_grid;

typedef enum md_shielding_mode {
    MD_SHIELDING_OFF = 0,   /* kappa_eff = kappa_surf, Phi = 1 (all target configs) */
    MD_SHIELDING_PSITAU,    /* kappa_eff = Phi(tau_los) kappa_surf ("table" is an alias) */
    MD_SHIELDING_FIXED_TAU1 /* kappa_eff = Phi(tau_target) kappa_surf */
} md_shielding_mode;

/* What the shielding step needs besides the state (spec 30 §5). */
typedef struct md_shielding_config {
    md_shielding_mode mode;
    const md_phi_tau_table *phi_tau; /* shielding.table_path function, or NULL (none) */
    const md_phi_grid *phi_grid;     /* psitau without phi_tau: package Phi grid at w0 = g = 0;
                                        NULL -> the analytic fallback of io/tables.py: _approx_phi */
    double tau_fixed;                /* fixed_tau1: shielding.fixed_tau1_tau, NaN = unset [-] */
    double sigma_tau1_fixed; /* fixed_tau1: resolved fixed_tau1_sigma, NaN = unset [kg m^-2] */
    double los_factor;       /* f_los >= 1 (md_shielding_los_factor) [-] */
} md_shielding_config;

/* Outcome of one shielding step (spec 30 §5; NaN where the reference has None). */
typedef struct md_shielding_result {
    double tau_los;    /* optical depth reported as tau / tau_los_mars [-] */
    double kappa_eff;  /* effective opacity [m^2 kg^-1] */
    double sigma_tau1; /* Sigma_tau=1 [kg m^-2]; +inf if kappa_eff <= 0; NaN when not computed */
    double phi;        /* kappa_eff / kappa_surf [-]; NaN if kappa_surf <= 0 */
} md_shielding_result;

/* Phi(tau) of spec 30 §2.2(a): numpy interp with held ends, then clipped to [0, 1]; one row
 * gives that constant (clipped). */
double md_shielding_phi_tau(const md_phi_tau_table *tab, double tau);

/* PhiTable.interp (io/tables.py; spec 30 §2.2(b)): trilinear, cell indices clamped but weights
 * NOT clamped (extrapolates outside the grid). */
double md_shielding_phi_grid(const md_phi_grid *grid, double tau, double w0, double g);

/* shielding.apply_shielding's Phi: clamps tau, w0, g to the grid, then md_shielding_phi_grid,
 * then clips to [0, 1]. grid NULL -> _approx_phi = clip(exp(-tau max(0, 1 - w0)) (1 - g)). */
double md_shielding_phi_grid_clamped(const md_phi_grid *grid, double tau, double w0, double g);

/* Line-of-sight factor (runtime/helpers.py: resolve_los_factor; spec 30 §5): aspect_ratio
 * nonzero and both values > 0 -> max(path_multiplier / h_over_r, 1); otherwise 1. */
double md_shielding_los_factor(int aspect_ratio_mode, double h_over_r, double path_multiplier);

/* Sigma_tau=1 = 1 / kappa_eff, +inf if kappa_eff <= 0 or non-finite (shielding.sigma_tau1). */
double md_shielding_sigma_tau1(double kappa_eff);

/* fixed_tau1_sigma "auto" / "auto_max" resolved at start-up (spec 30 §5, spec 10 §2 step 19):
 * s = target_tau / (kappa_eff0 * f_los); auto_max nonzero -> max(s, sigma_init) * (1 + margin). */
double md_shielding_sigma_tau1_auto(double target_tau, double kappa_eff0, double f_los,
                                    int auto_max, double sigma_init, double margin);

/* One step's shielding (physics_step.py: compute_shielding_step): tau_los = kappa_surf sigma_surf
 * f_los; when collisions_active the mode rules of compute_shielding apply, otherwise kappa_eff =
 * kappa_surf, sigma_tau1 = NaN. kappa_surf [m^2 kg^-1] >= 0 finite, sigma_surf [kg m^-2].
 * MD_ERR_PHYSICS if kappa or tau are non-finite or kappa < 0 where the reference raises. */
md_status md_shielding_step(const md_shielding_config *cfg, double kappa_surf, double sigma_surf,
                            int collisions_active, md_shielding_result *out, md_error *err);

#endif
