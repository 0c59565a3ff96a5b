/* md_run_zero_d: the public face of the 0D driver (md_run.h): refuses unsupported parameter
 * combinations naming the key (the only place that does), then hands the validated md_params to
 * the time loop of md_run_engine.c; holds the output field tables. */
#include <math.h>
#include <stdint.h>

#include "md_run.h"
#include "md_run_engine.h"
#include "md_run_init.h"

#define MD_RUN_FIELD_INFO(id, name, units, desc) {name, units, desc},
const md_field_info md_series_columns[] = {MD_SERIES_COLUMNS(MD_RUN_FIELD_INFO)};
const int md_series_column_count = MD_COL_COUNT;
const md_field_info md_summary_fields[] = {MD_SUMMARY_FIELDS(MD_RUN_FIELD_INFO)};
const int md_summary_field_count = MD_SUM_COUNT;
#undef MD_RUN_FIELD_INFO

static md_status unsupported(md_error *err, const char *key, const char *why) {
    return md_error_set(err, MD_ERR_UNSUPPORTED, "%s: %s is not supported by the 0D port", key,
                        why);
}

md_status md_run_validate(const md_params *p, md_error *err) {
    md_status st = md_params_check(p, err);
    if (st != MD_OK) {
        return st;
    }
    if (p->geometry.mode != MD_PARAMS_GEOMETRY_0D) {
        return unsupported(err, "geometry.mode", "1D");
    }
    if (p->surface.collision_solver != MD_PARAMS_SOLVER_SMOL) {
        return unsupported(err, "surface.collision_solver", "surface_ode (legacy)");
    }
    if (!p->optical_depth.present) {
        return unsupported(err, "optical_depth", "a run without the optical_depth block");
    }
    if (p->radiation.present &&
        (p->radiation.source == MD_PARAMS_RAD_SOURCE_OFF || !p->radiation.use_mars_rp)) {
        return unsupported(err, "radiation.source", "radiation off");
    }
    if (isnan(p->radiation.Q_pr) && p->radiation.qpr_table_path[0] == '\0') {
        return unsupported(err, "radiation.qpr_table_path",
                           "the package default table (none given)");
    }
    if (isnan(p->radiation.TM_K)) {
        return unsupported(err, "radiation.TM_K", "a run without TM_K");
    }
    if (p->radiation.mars_temperature_driver.table.path[0] != '\0') {
        return unsupported(err, "radiation.mars_temperature_driver.table.path",
                           "reading a temperature table (the curve is generated)");
    }
    int sinks = p->sinks.mode != MD_PARAMS_SINKS_NONE;
    if (sinks && p->sinks.enable_gas_drag && p->physics_mode != MD_PARAMS_PHYSICS_COLLISIONS_ONLY) {
        return unsupported(err, "sinks.enable_gas_drag", "gas drag");
    }
    if (p->sinks.hydro_escape.enable) {
        return unsupported(err, "sinks.hydro_escape.enable", "hydrodynamic escape");
    }
    if (md_run_init_sublimation_active(p) &&
        p->sinks.sub_params.psat_model == MD_PARAMS_PSAT_TABULATED) {
        return unsupported(err, "sinks.sub_params.psat_model", "tabulated");
    }
    if (p->surface_energy.enabled) {
        return unsupported(err, "surface_energy.enabled", "the surface-energy floor");
    }
    if (p->supply.mode == MD_PARAMS_SUPPLY_TABLE || p->supply.mode == MD_PARAMS_SUPPLY_PIECEWISE) {
        return unsupported(err, "supply.mode", "table/piecewise");
    }
    if (p->supply.feedback.enabled || p->supply.reservoir.enabled ||
        p->supply.temperature.enabled) {
        return unsupported(err, "supply.feedback/reservoir/temperature", "supply modifiers");
    }
    if (p->supply.transport.mode != MD_PARAMS_TRANSPORT_DIRECT ||
        !isnan(p->supply.transport.t_mix_orbits)) {
        return unsupported(err, "supply.transport.mode", "deep mixing");
    }
    if (!isnan(p->supply.const_.auto_from_tau1_tfill_years) &&
        isnan(p->supply.const_.mu_orbit10pct)) {
        return unsupported(err, "supply.const.auto_from_tau1_tfill_years", "the t_fill rate");
    }
    if (p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_TABLE) {
        return unsupported(err, "dynamics.e_profile.mode", "table");
    }
    /* run_zero_d seeds numpy's legacy generator with it too (np.random.seed), which refuses
     * anything outside [0, 2^32 - 1] before the first step */
    if (p->dynamics.has_rng_seed &&
        (p->dynamics.rng_seed < 0 || p->dynamics.rng_seed > (int64_t)UINT32_MAX)) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "dynamics.rng_seed %lld must lie in [0, 4294967295] (np.random.seed)",
                            (long long)p->dynamics.rng_seed);
    }
    if (p->shielding.present && p->shielding.mode == MD_PARAMS_SHIELDING_PSITAU &&
        p->shielding.table_path[0] == '\0') {
        return unsupported(err, "shielding.table_path", "psitau with the package Phi table");
    }
    if (!p->shielding.present) {
        return unsupported(err, "shielding", "the default psitau shielding with the package table");
    }
    if (p->phase.enabled && p->phase.source != MD_PARAMS_PHASE_SOURCE_THRESHOLD) {
        return unsupported(err, "phase.source", "map");
    }
    if (p->sizes.n_bins < 1 || p->sizes.n_bins > 100000) {
        return md_error_set(err, MD_ERR_CONFIG, "sizes.n_bins %lld out of range [1, 100000]",
                            (long long)p->sizes.n_bins);
    }
    return MD_OK;
}

md_status md_run_check_tables(const md_params *p, md_workspace *ws, md_error *err) {
    const struct md_qpr_table *qpr;
    const struct md_phi_tau_table *phi;
    md_status st = md_run_init_tables(p, ws, &qpr, &phi, err);
    if (st != MD_OK && st != MD_ERR_NOMEM) {
        err->status = st = MD_ERR_CONFIG; /* a table that cannot be used is the manifest's fault */
    }
    return st;
}

md_status md_run_plan_make(const md_params *p, long stride, md_run_plan *plan, md_error *err) {
    return md_run_init_plan(p, stride, plan, err);
}

md_status md_run_zero_d(const md_params *p, long stride, md_workspace *ws,
                        const md_observer *observer, md_run_result *result, md_error *err) {
    md_status st = md_run_validate(p, err);
    if (st != MD_OK) {
        return st;
    }
    return md_run_engine_run(p, stride, ws, observer, result, err);
}
