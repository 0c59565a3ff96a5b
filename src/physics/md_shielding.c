/* md_shielding: Phi look-ups and the per-step shielding rules (spec 30 §2.2, §5). */
#include "md_shielding.h"

#include <math.h>

#include "md_fminmax.h"
#include "md_interp.h"

static double clip01(double v) {
    return md_fmin(md_fmax(v, 0.0), 1.0);
}

/* io/tables.py: load_phi_table's phi_fn (np.interp with end values, then np.clip). */
double md_shielding_phi_tau(const md_phi_tau_table *tab, double tau) {
    return clip01(md_interp_linear(tab->n, tab->tau, tab->phi, tau));
}

/* io/tables.py: PhiTable.interp; interpolates along tau, then w0, then g. */
double md_shielding_phi_grid(const md_phi_grid *grid, double tau, double w0, double g) {
    const double *t = grid->tau, *w = grid->w0, *gg = grid->g;
    int it = md_interp_cell(grid->n_tau, t, tau);
    int iw = md_interp_cell(grid->n_w0, w, w0);
    int ig = md_interp_cell(grid->n_g, gg, g);
    double xd = t[it + 1] == t[it] ? 0.0 : (tau - t[it]) / (t[it + 1] - t[it]);
    double yd = w[iw + 1] == w[iw] ? 0.0 : (w0 - w[iw]) / (w[iw + 1] - w[iw]);
    double zd = gg[ig + 1] == gg[ig] ? 0.0 : (g - gg[ig]) / (gg[ig + 1] - gg[ig]);
    int nw = grid->n_w0, ng = grid->n_g;
#define PHI(a, b, c) grid->phi[((it + (a)) * nw + (iw + (b))) * ng + (ig + (c))]
    double c00 = PHI(0, 0, 0) * (1.0 - xd) + PHI(1, 0, 0) * xd;
    double c01 = PHI(0, 0, 1) * (1.0 - xd) + PHI(1, 0, 1) * xd;
    double c10 = PHI(0, 1, 0) * (1.0 - xd) + PHI(1, 1, 0) * xd;
    double c11 = PHI(0, 1, 1) * (1.0 - xd) + PHI(1, 1, 1) * xd;
#undef PHI
    double c0 = c00 * (1.0 - yd) + c10 * yd;
    double c1 = c01 * (1.0 - yd) + c11 * yd;
    return c0 * (1.0 - zd) + c1 * zd;
}

/* shielding.apply_shielding: clamp the arguments to the grid, look up, then effective_kappa's
 * clip. Without a grid the reference falls back to io/tables.py: _approx_phi (unclamped). */
double md_shielding_phi_grid_clamped(const md_phi_grid *grid, double tau, double w0, double g) {
    if (!grid)
        return clip01(exp(-tau * md_fmax(0.0, 1.0 - w0)) * (1.0 - g));
    double tc = md_fmin(md_fmax(tau, grid->tau[0]), grid->tau[grid->n_tau - 1]);
    double wc = md_fmin(md_fmax(w0, grid->w0[0]), grid->w0[grid->n_w0 - 1]);
    double gc = md_fmin(md_fmax(g, grid->g[0]), grid->g[grid->n_g - 1]);
    return clip01(md_shielding_phi_grid(grid, tc, wc, gc));
}

/* runtime/helpers.py: resolve_los_factor; `value or 1.0` turns a zero into 1. */
double md_shielding_los_factor(int aspect_ratio_mode, double h_over_r, double path_multiplier) {
    if (!aspect_ratio_mode)
        return 1.0;
    if (h_over_r == 0.0)
        h_over_r = 1.0;
    if (path_multiplier == 0.0)
        path_multiplier = 1.0;
    if (h_over_r <= 0.0 || path_multiplier <= 0.0)
        return 1.0;
    double factor = path_multiplier / h_over_r;
    return factor > 1.0 ? factor : 1.0;
}

double md_shielding_sigma_tau1(double kappa_eff) {
    if (!isfinite(kappa_eff) || kappa_eff <= 0.0)
        return INFINITY;
    return 1.0 / kappa_eff;
}

double md_shielding_sigma_tau1_auto(double target_tau, double kappa_eff0, double f_los,
                                    int auto_max, double sigma_init, double margin) {
    double s = target_tau / (kappa_eff0 * f_los);
    if (auto_max)
        s = md_fmax(s, sigma_init) * (1.0 + margin);
    return s;
}

/* shielding.effective_kappa's guards (PhysicsError in the reference). */
static md_status check_kappa_tau(double kappa, double tau, md_error *err) {
    if (!isfinite(kappa) || kappa < 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "surface opacity kappa = %.17g m^2/kg must be finite and >= 0", kappa);
    if (!isfinite(tau))
        return md_error_set(err, MD_ERR_PHYSICS, "optical depth tau = %.17g must be finite", tau);
    return MD_OK;
}

/* physics_step.py: compute_shielding (the collisions-active branch). */
static md_status shield(const md_shielding_config *cfg, double kappa, double sigma,
                        md_shielding_result *out, md_error *err) {
    double f = cfg->los_factor > 0.0 ? cfg->los_factor : 1.0;
    double tau = kappa * sigma * f;
    md_status st;
    out->phi = kappa > 0.0 ? kappa / kappa : NAN;
    switch (cfg->mode) {
    case MD_SHIELDING_OFF:
        out->tau_los = tau;
        out->kappa_eff = kappa;
        out->sigma_tau1 = md_shielding_sigma_tau1(kappa);
        return MD_OK;
    case MD_SHIELDING_FIXED_TAU1: {
        double tau_target = isfinite(cfg->tau_fixed) ? cfg->tau_fixed : tau;
        int have_sigma = !isnan(cfg->sigma_tau1_fixed);
        if (have_sigma && kappa > 0.0 && !isfinite(tau_target))
            tau_target = kappa * cfg->sigma_tau1_fixed * f;
        double kappa_eff = kappa;
        if (cfg->phi_tau) {
            if ((st = check_kappa_tau(kappa, tau_target, err)) != MD_OK)
                return st;
            kappa_eff = md_shielding_phi_tau(cfg->phi_tau, tau_target) * kappa;
        }
        if (have_sigma)
            out->sigma_tau1 = cfg->sigma_tau1_fixed;
        else
            out->sigma_tau1 =
                kappa_eff <= 0.0 ? INFINITY : tau_target / md_fmax(kappa_eff, 1.0e-30);
        out->tau_los = tau_target;
        out->kappa_eff = kappa_eff;
        out->phi = kappa > 0.0 ? kappa_eff / kappa : NAN;
        return MD_OK;
    }
    case MD_SHIELDING_PSITAU:
    default: {
        if ((st = check_kappa_tau(kappa, tau, err)) != MD_OK)
            return st;
        double phi = cfg->phi_tau ? md_shielding_phi_tau(cfg->phi_tau, tau)
                                  : md_shielding_phi_grid_clamped(cfg->phi_grid, tau, 0.0, 0.0);
        out->tau_los = tau;
        out->kappa_eff = phi * kappa;
        out->sigma_tau1 = md_shielding_sigma_tau1(out->kappa_eff);
        out->phi = kappa > 0.0 ? out->kappa_eff / kappa : NAN;
        return MD_OK;
    }
    }
}

/* physics_step.py: compute_shielding_step. */
md_status md_shielding_step(const md_shielding_config *cfg, double kappa_surf, double sigma_surf,
                            int collisions_active, md_shielding_result *out, md_error *err) {
    if (collisions_active)
        return shield(cfg, kappa_surf, sigma_surf, out, err);
    out->tau_los = kappa_surf * sigma_surf * cfg->los_factor;
    out->kappa_eff = kappa_surf;
    out->sigma_tau1 = NAN;
    out->phi = kappa_surf > 0.0 ? kappa_surf / kappa_surf : NAN;
    return MD_OK;
}
