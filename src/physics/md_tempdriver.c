/* md_tempdriver: slab / Hyodo cooling, table generation and T_M(t) (spec 30 §2.3, §3). */
#include "md_tempdriver.h"

#include <math.h>

#include "md_fminmax.h"
#include "md_interp.h"

/* model.py: coeff = 3.0 * sigma / (d_layer * rho * cp), Python's order. */
static double slab_coeff(void) {
    return 3.0 * MD_COOLING_SIGMA / (MD_COOLING_D_LAYER * MD_COOLING_RHO * MD_COOLING_CP);
}

/* model.py: mars_temperature. The reference's outer power is numpy's array power, which may
 * differ from libm pow by <= 2 ulp on some rows (spec 30 §3.2); libm pow is used here. */
double md_tempdriver_slab(double T0, double t) {
    double base = pow(T0, -3.0) + slab_coeff() * t;
    return pow(base, -1.0 / 3.0);
}

/* model.py: hyodo_cooling_time to the floor 0 K; tau_days in the reference's order. */
static double hyodo_time(double T0, double T_target) {
    double delta_T = T0 - T_target;
    if (delta_T <= 0.0)
        return 0.0;
    double depth_km = MD_COOLING_D_LAYER / 1.0e3;
    double tau_days = 717.0 * (depth_km / 100.0) * (delta_T / 3000.0) * (T0 / 4000.0);
    double tau_s = tau_days * 86400.0;
    return md_fmax(tau_s, 0.0);
}

/* model.py: hyodo_temperature with floor_K = 0. */
double md_tempdriver_hyodo(double T0, double t) {
    double tau_s = hyodo_time(T0, 0.0);
    double slope = tau_s > 0.0 ? (T0 - 0.0) / tau_s : 0.0;
    return md_fmax(T0 - slope * t, 0.0);
}

double md_tempdriver_cooling_time(md_cooling_model model, double T0, double T_target) {
    if (model == MD_COOLING_HYODO)
        return hyodo_time(T0, T_target);
    double delta = pow(T_target, -3.0) - pow(T0, -3.0);
    return md_fmax(delta / slab_coeff(), 0.0);
}

double md_tempdriver_target_years(double t_end_years, double min_years, double margin_years) {
    return md_fmax(t_end_years, min_years) + margin_years;
}

/* numpy.arange(0.0, t_end + 0.5 dt, dt): length ceil((stop - start) / step). */
long md_tempdriver_sample_count(double horizon_years, double dt_hours) {
    double dt_s = dt_hours * 3600.0;
    double t_end_s = horizon_years * MD_COOLING_YEAR_SECONDS;
    if (!(dt_s > 0.0) || !isfinite(dt_s) || !isfinite(t_end_s) || t_end_s < 0.0)
        return 0;
    double n = ceil((t_end_s + 0.5 * dt_s) / dt_s);
    return n > (double)MD_TEMPDRIVER_MAX_SAMPLES ? MD_TEMPDRIVER_MAX_SAMPLES + 1 : (long)n;
}

md_status md_tempdriver_generate(md_cooling_model model, double T0, double horizon_years,
                                 double dt_hours, double time_scale, long n, double *t_s,
                                 double *T_K, md_error *err) {
    if (!isfinite(T0) || T0 < MD_TEMPDRIVER_T_MIN || T0 > MD_TEMPDRIVER_T_MAX)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "temperature autogen: initial Mars temperature %.17g K outside "
                            "[%g, %g] K",
                            T0, MD_TEMPDRIVER_T_MIN, MD_TEMPDRIVER_T_MAX);
    long expected = md_tempdriver_sample_count(horizon_years, dt_hours);
    if (n != expected || n < 2)
        return md_error_set(err, MD_ERR_INTERNAL,
                            "temperature table of %ld samples requested, the horizon %.17g yr at "
                            "%.17g h needs %ld (at least 2)",
                            n, horizon_years, dt_hours, expected);
    if (!(time_scale > 0.0))
        return md_error_set(err, MD_ERR_INTERNAL, "time_scale = %.17g must be positive",
                            time_scale);
    double dt_s = dt_hours * 3600.0;
    for (long i = 0; i < n; ++i) {
        double t = (double)i * dt_s; /* numpy arange: start + i * delta, start = 0 */
        T_K[i] = model == MD_COOLING_HYODO ? md_tempdriver_hyodo(T0, t) : md_tempdriver_slab(T0, t);
        /* The CSV stores t / scale at full precision (exact round trip) and the loader
         * multiplies by the scale again, which can move t by one ulp. */
        t_s[i] = (t / time_scale) * time_scale;
    }
    return MD_OK;
}

md_status md_tempdriver_eval(const md_temp_table *tab, double t, double *T_M, md_error *err) {
    long cursor = -1;
    return md_tempdriver_eval_near(tab, t, &cursor, T_M, err);
}

md_status md_tempdriver_eval_near(const md_temp_table *tab, double t, long *cursor, double *T_M,
                                  md_error *err) {
    double t_min = tab->t_s[0];
    double t_max = tab->t_s[tab->n - 1];
    double value;
    if (t < t_min || t > t_max) {
        if (tab->extrapolate_error)
            return md_error_set(err, MD_ERR_PHYSICS,
                                "T(t) requested at t = %.17g s outside the table [%.17g, %.17g] s "
                                "(extrapolation=error)",
                                t, t_min, t_max);
        value = t < t_min ? tab->T_K[0] : tab->T_K[tab->n - 1];
    } else {
        value = md_interp_linear_near(tab->n, tab->t_s, tab->T_K, t, cursor);
    }
    if (!isfinite(value) || value < MD_TEMPDRIVER_T_MIN || value > MD_TEMPDRIVER_T_MAX)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "Mars temperature driver (table) produced T_M = %.17g K at t = %.17g "
                            "s, outside [%g, %g] K",
                            value, t, MD_TEMPDRIVER_T_MIN, MD_TEMPDRIVER_T_MAX);
    *T_M = value;
    return MD_OK;
}

/* tempdriver.py: estimate_time_to_temperature (initial_dt_hours 6, max_iterations 128, limit =
 * the table end from the driver's provenance). */
md_status md_tempdriver_time_to_temperature(const md_temp_table *tab, double T_target, double *t_s,
                                            int *found, md_error *err) {
    enum { MAX_ITER = 128 };
    *found = 0;
    if (T_target <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "target temperature %.17g K must be positive",
                            T_target);
    double T_val;
    md_status st = md_tempdriver_eval(tab, 0.0, &T_val, err);
    if (st != MD_OK)
        return st;
    if (T_val <= T_target) {
        *t_s = 0.0;
        *found = 1;
        return MD_OK;
    }
    double limit = tab->t_s[tab->n - 1];
    double dt = 6.0 * 3600.0;
    double t_low = 0.0, t_high = 0.0;
    int have_high = 0;
    md_error ignored;
    for (int k = 0; k < MAX_ITER; ++k) { /* exponential bracketing */
        /* The reference writes `dt if t_high is None else t_low + dt`, but t_high is None
         * throughout this loop, so the trial times are 6 h * 2^k. */
        double cand = dt;
        int hit_limit = 0;
        if (cand > limit) {
            cand = limit;
            hit_limit = 1;
        }
        if (md_tempdriver_eval(tab, cand, &T_val, &ignored) != MD_OK)
            return MD_OK; /* the reference turns any evaluation error into None */
        if (T_val <= T_target) {
            t_high = cand;
            have_high = 1;
            break;
        }
        t_low = cand;
        if (hit_limit)
            return MD_OK;
        dt *= 2.0;
    }
    if (!have_high)
        return MD_OK;
    for (int k = 0; k < MAX_ITER; ++k) { /* bisection; errors propagate here */
        double mid = 0.5 * (t_low + t_high);
        if (mid > limit)
            mid = limit;
        if ((st = md_tempdriver_eval(tab, mid, &T_val, err)) != MD_OK)
            return st;
        if (T_val <= T_target)
            t_high = mid;
        else
            t_low = mid;
        if (fabs(t_high - t_low) < 1.0e-6)
            break;
    }
    *t_s = t_high;
    *found = 1;
    return MD_OK;
}
