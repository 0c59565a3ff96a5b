/* md_tempdriver: the Mars surface temperature T_M(t) (spec 30 §2.3, §3; physics/tempdriver.py,
 * siO2_disk_cooling/model.py). The reference always generates an hourly cooling table and reads
 * it back (spec 30 §3.1); this module generates the same samples into caller-owned arrays (no
 * files) and evaluates T_M(t) by numpy.interp with hold, validating [1000, 6500] K. Pure. */
#ifndef MD_TEMPDRIVER_H
#define MD_TEMPDRIVER_H

#include "md_status.h"

#define MD_TEMPDRIVER_T_MIN 1000.0 /* tempdriver.py: T_MIN [K] */
#define MD_TEMPDRIVER_T_MAX 6500.0 /* tempdriver.py: T_MAX [K] */

/* siO2_disk_cooling/model.py: CoolingParams defaults (the generator always uses them). */
#define MD_COOLING_SIGMA 5.670374419e-8    /* [W m^-2 K^-4] */
#define MD_COOLING_RHO 3000.0              /* slab density [kg m^-3] */
#define MD_COOLING_CP 1000.0               /* heat capacity [J kg^-1 K^-1] */
#define MD_COOLING_D_LAYER 1.0e5           /* slab thickness [m] */
#define MD_COOLING_YEAR_SECONDS 31557600.0 /* model.py: YEAR_SECONDS = 365.25*24*3600 [s] */

typedef enum md_cooling_model {
    MD_COOLING_SLAB = 0, /* T = (T0^-3 + k t)^(-1/3) (default) */
    MD_COOLING_HYODO     /* T = max(T0 - S t, 0), linear */
} md_cooling_model;

/* A sampled temperature history: t_s strictly ascending, n >= 2. Does not own the arrays. */
typedef struct md_temp_table {
    long n;
    const double *t_s;     /* node times [s] */
    const double *T_K;     /* node temperatures [K] */
    int extrapolate_error; /* 0: hold end values (default "hold"); 1: error outside the range */
} md_temp_table;

/* Slab cooling T(t) [K] (model.py: mars_temperature; spec 30 §3.2): base = T0^-3 + k t,
 * k = (3 sigma)/((D rho) c_p), T = pow(base, -1/3). T0 [K] > 0, t [s] >= 0. */
double md_tempdriver_slab(double T0, double t);

/* Hyodo linear cooling T(t) [K] (model.py: hyodo_temperature; spec 30 §3.4), floor 0 K. */
double md_tempdriver_hyodo(double T0, double t);

/* Analytic time [s] to cool from T0 to T_target [K], floored at 0 (model.py:
 * cooling_time_to_temperature / hyodo_cooling_time; tempdriver.py: cooling_time_seconds with
 * margin 0). */
double md_tempdriver_cooling_time(md_cooling_model model, double T0, double T_target);

/* Table horizon [yr] of spec 30 §3.3 step 1 (tempdriver.py: _target_years):
 * max(t_end_years, min_years) + margin_years. */
double md_tempdriver_target_years(double t_end_years, double min_years, double margin_years);

/* The most samples a generated temperature table may have (as many as MD_MAX_STEPS steps: at
 * the default 1 h spacing a horizon of about 5,700 years). A longer table is refused. */
#define MD_TEMPDRIVER_MAX_SAMPLES 50000000L

/* Number of samples the generator writes for horizon_years [yr] and dt_hours [h]:
 * len(numpy.arange(0, t_end + dt/2, dt)) = ceil((t_end + dt/2) / dt) (spec 30 §3.3 step 3).
 * Returns 0 for a non-positive or non-finite dt or horizon, and saturates at
 * MD_TEMPDRIVER_MAX_SAMPLES + 1 (a horizon of 1e30 years would overflow a long). */
long md_tempdriver_sample_count(double horizon_years, double dt_hours);

/* Generates the n = md_tempdriver_sample_count(...) samples (tempdriver.py:
 * _write_temperature_table + _prepare_table_driver; spec 30 §3.3 steps 2-5) into caller-owned
 * t_s[n] [s] and T_K[n] [K]: t_i = i dt, written as t_i / time_scale and read back times
 * time_scale (time_scale = 86400 for the default time_unit "day"; exact emulation of the CSV
 * round trip), T_i = model(t_i). MD_ERR_PHYSICS if T0 is outside [1000, 6500] K, MD_ERR_INTERNAL
 * if n does not match. */
md_status md_tempdriver_generate(md_cooling_model model, double T0, double horizon_years,
                                 double dt_hours, double time_scale, long n, double *t_s,
                                 double *T_K, md_error *err);

/* T_M(t) [K] at t [s] (tempdriver.py: _prepare_table_driver._interp, TemperatureDriverRuntime.
 * evaluate): hold (or MD_ERR_PHYSICS with extrapolate_error) outside the table, numpy.interp
 * inside; MD_ERR_PHYSICS if the value is non-finite or outside [1000, 6500] K. */
md_status md_tempdriver_eval(const md_temp_table *tab, double t, double *T_M, md_error *err);

/* md_tempdriver_eval with a look-up cursor the caller keeps between calls (start it at -1): the
 * node interval of the last look-up is tried first, so a run's advancing times skip the search of
 * a table of up to millions of nodes. Same values, bit for bit. */
md_status md_tempdriver_eval_near(const md_temp_table *tab, double t, long *cursor, double *T_M,
                                  md_error *err);

/* First time [s] with T_M <= T_target (tempdriver.py: estimate_time_to_temperature; spec 30
 * §3.5): exponential bracketing from 6 h capped at the table end, then bisection to 1e-6 s or 128
 * iterations. *found = 0 where the reference returns None (including an evaluation error while
 * bracketing). MD_ERR_PHYSICS for T_target <= 0 or an error the reference propagates. */
md_status md_tempdriver_time_to_temperature(const md_temp_table *tab, double T_target, double *t_s,
                                            int *found, md_error *err);

#endif
