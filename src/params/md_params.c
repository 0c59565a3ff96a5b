/* md_params: defaults, the field table and typed access (marsdisk/schema.py; spec 10 §6).
 *
 * Every default, range and enum below is the reference's schema value (schema.py at commit
 * 2091a54); "inert" marks keys that the reference's 0D run reads but that change no number. */
#include "md_params.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "md_bits.h"

_Static_assert(sizeof(md_params_physics_mode) == sizeof(int), "enums are stored as int");

#define INF INFINITY
#define OFF(m) offsetof(md_params, m)

/* One entry; every macro below spells out all of it so no range silently defaults to 0. */
#define FIELD(nm, k, off, hoff, fl, lo, hi, lmin, lmax, nms, al, d, ds, dl, dn, u, desc)           \
    {                                                                                              \
        .name = nm, .kind = k, .offset = off, .has_offset = hoff, .flags = fl, .min = lo,          \
        .max = hi, .list_min = lmin, .list_max = lmax, .names = nms, .aliases = al, .def = d,      \
        .def_str = ds, .def_list = dl, .def_list_n = dn, .units = u, .description = desc           \
    }

#define DBL_N(nm, m, fl, lo, hi, d, u, desc)                                                       \
    FIELD(nm, MD_PK_DOUBLE, OFF(m), 0, fl, lo, hi, 0, 0, NULL, NULL, d, NULL, NULL, 0, u, desc)
#define DBL(m, fl, lo, hi, d, u, desc) DBL_N(#m, m, fl, lo, hi, d, u, desc)
#define BOOL(m, fl, d, desc)                                                                       \
    FIELD(#m, MD_PK_BOOL, OFF(m), 0, fl, -INF, INF, 0, 0, NULL, NULL, d, NULL, NULL, 0, "-", desc)
#define INT(m, fl, lo, hi, d, desc)                                                                \
    FIELD(#m, MD_PK_INT, OFF(m), 0, fl, lo, hi, 0, 0, NULL, NULL, d, NULL, NULL, 0, "-", desc)
#define INT_NULL(m, hasm, lo, hi, desc)                                                            \
    FIELD(#m, MD_PK_INT, OFF(m), OFF(hasm), MD_PF_NULLABLE, lo, hi, 0, 0, NULL, NULL, NAN, NULL,   \
          NULL, 0, "-", desc)
#define ENUM(m, fl, nms, al, d, desc)                                                              \
    FIELD(#m, MD_PK_ENUM, OFF(m), 0, fl, -INF, INF, 0, 0, nms, al, d, NULL, NULL, 0, "-", desc)
#define STR(m, fl, ds, desc)                                                                       \
    FIELD(#m, MD_PK_STRING, OFF(m), 0, fl, -INF, INF, 0, 0, NULL, NULL, NAN, ds, NULL, 0, "-", desc)
#define PATH(m, fl, ds, desc)                                                                      \
    FIELD(#m, MD_PK_PATH, OFF(m), 0, fl, -INF, INF, 0, 0, NULL, NULL, NAN, ds, NULL, 0, "-", desc)
#define LIST(m, fl, lo, hi, lmin, lmax, dl, dn, u, desc)                                           \
    FIELD(#m, MD_PK_LIST, OFF(m), 0, fl, lo, hi, lmin, lmax, NULL, NULL, NAN, NULL, dl, dn, u, desc)
#define NUMWORD(m, fl, lo, hi, nms, d, ds, u, desc)                                                \
    FIELD(#m, MD_PK_NUM_WORD, OFF(m), 0, fl, lo, hi, 0, 0, nms, NULL, d, ds, NULL, 0, u, desc)
#define BLOCK(m, d, desc)                                                                          \
    FIELD(#m, MD_PK_BLOCK, OFF(m), 0, MD_PF_NULLABLE, -INF, INF, 0, 0, NULL, NULL, d, NULL, NULL,  \
          0, "-", desc)
/* Dict/list keys of the reference whose only supported value here is the empty one. */
#define EMPTY(nm, k, fl, desc)                                                                     \
    FIELD(nm, k, 0, 0, fl, -INF, INF, 0, 0, NULL, NULL, NAN, NULL, NULL, 0, "-", desc)

#define NAMES(id, ...) static const char *const id[] = {__VA_ARGS__, NULL}

NAMES(n_geometry_mode, "0D", "1D");
NAMES(n_r_profile, "uniform", "powerlaw");
NAMES(n_region, "inner");
NAMES(n_physics_mode, "default", "sublimation_only", "collisions_only");
NAMES(n_auto, "auto");
NAMES(n_auto_max, "auto", "auto_max");
NAMES(n_s0_mode, "mono", "upper", "melt_lognormal_mixture", "melt_truncated_powerlaw");
NAMES(n_melt_mode, "lognormal_mixture", "truncated_powerlaw");
NAMES(n_i0_unit, "rad", "deg");
NAMES(n_e_profile_mode, "off", "table", "mars_pericenter");
NAMES(n_r_kind, "r_RM", "r_m");
NAMES(n_kernel_ei_mode, "config", "wyatt_eq");
NAMES(n_v_rel_mode, "ohtsuki", "pericenter");
NAMES(n_kernel_H_mode, "ia", "fixed");
NAMES(n_e_mode, "fixed", "mars_clearance");
NAMES(n_dr_dist, "uniform", "loguniform");
NAMES(n_i_mode, "fixed", "obs_tilt_spread");
NAMES(n_coeff_units, "ba99_cgs", "si");
NAMES(n_floor_mode, "fixed", "evolve_smin", "none");
NAMES(n_init_policy, "clip_by_tau1", "none");
NAMES(n_collision_solver, "surface_ode", "smol");
NAMES(n_smol_integrator, "reference", "full_step");
NAMES(n_los, "los");
NAMES(n_tau_los, "tau_los");
NAMES(n_supply_mode, "const", "table", "powerlaw", "piecewise");
NAMES(n_linear, "linear");
NAMES(n_supply_time_unit, "s", "year");
NAMES(n_headroom_policy, "clip", "spill");
NAMES(n_depletion_mode, "hard_stop", "taper");
NAMES(n_supply_temp_mode, "scale", "table");
NAMES(n_value_kind, "scale", "rate");
NAMES(n_transport_mode, "direct", "deep_mixing");
NAMES(n_headroom_gate, "hard", "soft");
NAMES(n_injection_mode, "min_bin", "powerlaw_bins", "initial_psd");
NAMES(n_inj_velocity_mode, "inherit", "fixed_ei", "factor");
NAMES(n_blend_mode, "rms", "linear");
NAMES(n_weight_mode, "delta_sigma", "sigma_ratio");
NAMES(n_sinks_mode, "none", "sublimation");
NAMES(n_sublimation_location, "surface", "smol", "both");
NAMES(n_sub_mode, "exponential", "logistic", "hkl", "hkl_timescale");
NAMES(n_psat_model, "auto", "clausius", "tabulated");
NAMES(n_phase_source, "map", "threshold");
NAMES(n_phase_temperature_input, "mars_surface", "particle");
NAMES(n_tdriver_mode, "constant", "table", "hyodo");
NAMES(n_extrapolation, "hold", "error");
NAMES(n_time_unit, "s", "day", "yr", "orbit");
NAMES(n_autogen_model, "slab", "hyodo");
NAMES(n_radiation_source, "mars", "off");
NAMES(n_shielding_mode, "off", "psitau", "fixed_tau1");
NAMES(n_los_mode, "aspect_ratio_factor", "none");
NAMES(n_target_phase, "solid_only", "any");
NAMES(n_blowout_layer, "surface_tau_le_1", "full_surface");
NAMES(n_gate_mode, "none", "sublimation_competition", "collision_competition");
NAMES(n_map_to_sigma, "analytic");

/* The reference's accepted alternative spellings, normalised as its validators do. */
static const md_param_alias a_physics_mode[] = {{"full", MD_PARAMS_PHYSICS_DEFAULT}, {NULL, 0}};
static const md_param_alias a_depletion_mode[] = {{"smooth", MD_PARAMS_DEPLETION_TAPER}, {NULL, 0}};
static const md_param_alias a_radiation_source[] = {{"none", MD_PARAMS_RAD_SOURCE_OFF}, {NULL, 0}};
static const md_param_alias a_shielding_mode[] = {{"table", MD_PARAMS_SHIELDING_PSITAU}, {NULL, 0}};

static const double d_valid_K[] = {1270.0, 1600.0};
static const double d_valid_liquid_K[] = {1900.0, 3500.0};
static const double d_known_T0s[] = {2000.0, 4000.0, 6000.0};

#define NUL MD_PF_NULLABLE
#define REQ MD_PF_REQUIRED
#define GT MD_PF_MIN_EXCL
#define LT MD_PF_MAX_EXCL
#define INERT MD_PF_INERT
#define DEFAULT_PHASE_ENTRYPOINT "siO2_disk_cooling.siO2_cooling_map:lookup_phase_state"

const md_param_field md_params_fields[] = {
    /* geometry (schema.py: Geometry) */
    ENUM(geometry.mode, 0, n_geometry_mode, NULL, MD_PARAMS_GEOMETRY_0D,
         "spatial dimension; this tool runs 0D (md_run_validate rejects 1D)"),
    DBL(geometry.r_in, NUL, -INF, INF, NAN, "m",
        "inner radius; the 0D radius source only without a disk block"),
    DBL(geometry.r_out, NUL, -INF, INF, NAN, "m",
        "outer radius; the 0D radius source only without a disk block"),
    INT_NULL(geometry.Nr, geometry.has_Nr, -INF, INF, "radial zones of 1D runs; inert in 0D"),
    /* scope */
    ENUM(scope.region, 0, n_region, NULL, MD_PARAMS_SCOPE_INNER, "spatial scope; must be inner"),
    DBL(scope.analysis_years, GT, 0.0, INF, 2.0, "yr",
        "analysis window; t_end_years when neither t_end_years nor t_end_orbits is set"),
    ENUM(physics_mode, 0, n_physics_mode, a_physics_mode, MD_PARAMS_PHYSICS_DEFAULT,
         "process selection ('full' is an alias of 'default')"),
    BOOL(process.state_tagging.enabled, INERT, 0, "phase-0 state-tagging hook; inert"),
    NUMWORD(chi_blow, GT, 0.0, INF, n_auto, 1.0, NULL, "-",
            "blow-out timescale multiplier, or 'auto' (from beta and Q_pr; clamped to [0.5, 2])"),
    /* material, sizes, initial PSD */
    DBL(material.rho, 0, 1000.0, 5000.0, 3000.0, "kg m^-3", "bulk density of the grains"),
    DBL(sizes.s_min, REQ | GT, 0.0, INF, NAN, "m", "lower edge of the size grid (s_min_config)"),
    DBL(sizes.s_max, REQ | GT, 0.0, INF, NAN, "m", "upper edge of the size grid"),
    INT(sizes.n_bins, 0, 1, INF, 40, "number of logarithmic size bins"),
    BOOL(sizes.evolve_min_size, 0, 0, "evolve the minimum grain size (diagnostic)"),
    STR(sizes.dsdt_model, NUL, "", "minimum-size evolution prescription (diagnostic)"),
    EMPTY("sizes.dsdt_params", MD_PK_EMPTY_OBJECT, INERT,
          "parameters of dsdt_model (diagnostic only; only {} is supported)"),
    BOOL(sizes.apply_evolved_min_size, 0, 0, "let the evolved minimum size enter s_min_effective"),
    DBL(initial.mass_total, REQ, 0.0, INF, NAN, "M_Mars",
        "initial mass (overwritten from Sigma0 when optical_depth is present)"),
    ENUM(initial.s0_mode, 0, n_s0_mode, NULL, MD_PARAMS_S0_UPPER, "initial PSD shape"),
    ENUM(initial.melt_psd.mode, 0, n_melt_mode, NULL, MD_PARAMS_MELT_LOGNORMAL_MIXTURE,
         "melt PSD shape"),
    DBL(initial.melt_psd.f_fine, 0, 0.0, 1.0, 0.3, "-", "mass fraction of the fine melt component"),
    DBL(initial.melt_psd.s_fine, GT, 0.0, INF, 1.0e-4, "m", "size of the fine melt component"),
    DBL(initial.melt_psd.s_meter, GT, 0.0, INF, 1.5, "m", "size of the metre-scale melt component"),
    DBL(initial.melt_psd.width_dex, GT, 0.0, INF, 0.3, "dex",
        "log10 width of both melt components"),
    DBL(initial.melt_psd.s_cut_condensation, GT, 0.0, INF, 1.0e-6, "m",
        "sizes below are zeroed in the initial PSD"),
    DBL(initial.melt_psd.s_min_solid, GT, 0.0, INF, 1.0e-4, "m",
        "lower size of the melt truncated power law"),
    DBL(initial.melt_psd.s_max_solid, GT, 0.0, INF, 3.0, "m",
        "upper size of the melt truncated power law"),
    DBL(initial.melt_psd.alpha_solid, 0, -INF, INF, 3.5, "-",
        "slope dN/ds ~ s^-alpha_solid of the melt power law"),
    /* dynamics */
    DBL(dynamics.e0, REQ | LT, 0.0, 1.0, NAN, "-",
        "eccentricity (overwritten by e_profile unless its mode is off)"),
    DBL(dynamics.i0, REQ, 0.0, INF, NAN, "i0_unit", "inclination"),
    ENUM(dynamics.i0_unit, 0, n_i0_unit, NULL, MD_PARAMS_I0_UNIT_RAD,
         "unit of i0 (deg is converted to rad)"),
    DBL(dynamics.t_damp_orbits, REQ | INERT, -INF, INF, NAN, "orbits", "damping time; inert"),
    DBL(dynamics.f_wake, 0, -INF, INF, 1.0, "-", "wake factor (kernel_ei_mode wyatt_eq only)"),
    ENUM(dynamics.e_profile.mode, 0, n_e_profile_mode, NULL, MD_PARAMS_E_PROFILE_MARS_PERICENTER,
         "eccentricity profile; mars_pericenter: e = 1 - R_Mars/r"),
    PATH(dynamics.e_profile.table_path, NUL, "", "e(r) table (mode table)"),
    ENUM(dynamics.e_profile.r_kind, 0, n_r_kind, NULL, MD_PARAMS_R_KIND_R_RM,
         "radial coordinate of the e(r) table"),
    DBL(dynamics.e_profile.clip_min, 0, 0.0, INF, 0.0, "-", "lower clip of the profile"),
    DBL(dynamics.e_profile.clip_max, GT | LT, 0.0, 1.0, 0.999999, "-", "upper clip of the profile"),
    DBL(dynamics.eps_restitution, GT, 0.0, 1.0, 0.5, "-",
        "restitution coefficient (energy bookkeeping only)"),
    DBL(dynamics.f_ke_cratering, 0, 0.0, 1.0, 0.1, "-",
        "kinetic energy fraction, cratering (energy bookkeeping only)"),
    DBL(dynamics.f_ke_fragmentation, NUL, 0.0, 1.0, NAN, "-",
        "kinetic energy fraction, fragmentation (energy bookkeeping only)"),
    BOOL(dynamics.enable_e_damping, INERT, 0,
         "post-collision e/i damping; inert in 0D (not forwarded)"),
    ENUM(dynamics.kernel_ei_mode, 0, n_kernel_ei_mode, NULL, MD_PARAMS_KERNEL_EI_CONFIG,
         "e/i used by the collision kernel"),
    ENUM(dynamics.v_rel_mode, 0, n_v_rel_mode, NULL, MD_PARAMS_V_REL_PERICENTER,
         "relative velocity prescription"),
    ENUM(dynamics.kernel_H_mode, 0, n_kernel_H_mode, NULL, MD_PARAMS_KERNEL_H_IA,
         "scale height prescription of the kernel"),
    DBL(dynamics.H_factor, 0, -INF, INF, 1.0, "-", "H = H_factor i r (kernel_H_mode ia)"),
    DBL(dynamics.H_fixed_over_a, NUL, -INF, INF, NAN, "-", "fixed H/a (kernel_H_mode fixed)"),
    ENUM(dynamics.e_mode, 0, n_e_mode, NULL, MD_PARAMS_E_MODE_FIXED, "initial eccentricity mode"),
    DBL(dynamics.dr_min_m, NUL, -INF, INF, NAN, "m",
        "lower bound of the sampled clearance (mars_clearance)"),
    DBL(dynamics.dr_max_m, NUL, -INF, INF, NAN, "m",
        "upper bound of the sampled clearance (mars_clearance)"),
    ENUM(dynamics.dr_dist, 0, n_dr_dist, NULL, MD_PARAMS_DR_DIST_UNIFORM,
         "distribution of the sampled clearance"),
    ENUM(dynamics.i_mode, 0, n_i_mode, NULL, MD_PARAMS_I_MODE_FIXED, "initial inclination mode"),
    DBL(dynamics.obs_tilt_deg, 0, -INF, INF, 30.0, "deg",
        "centre of the inclination window (obs_tilt_spread)"),
    DBL(dynamics.i_spread_deg, 0, -INF, INF, 0.0, "deg",
        "half-width of the inclination window (obs_tilt_spread)"),
    INT_NULL(dynamics.rng_seed, dynamics.has_rng_seed, -9.2233720368547758e18,
             9.2233720368547758e18,
             "seed of the e/i sampling RNG (null: derived from the configuration)"),
    /* Q_D* */
    DBL(qstar.Qs, REQ, 0.0, INF, NAN, "coeff_units",
        "strength coefficient (override_coeffs without coeff_table)"),
    DBL(qstar.a_s, REQ, -INF, INF, NAN, "-", "strength-regime size exponent"),
    DBL(qstar.B, REQ, -INF, INF, NAN, "coeff_units", "gravity coefficient"),
    DBL(qstar.b_g, REQ, -INF, INF, NAN, "-", "gravity-regime size exponent"),
    LIST(qstar.v_ref_kms, REQ, -INF, INF, 0, MD_PARAMS_LIST_MAX, NULL, 0, "km s^-1",
         "reference velocities of Qs..b_g"),
    ENUM(qstar.coeff_units, 0, n_coeff_units, NULL, MD_PARAMS_COEFF_UNITS_BA99_CGS,
         "unit system of Qs and B"),
    BOOL(qstar.override_coeffs, 0, 0,
         "use the configured coefficients instead of the built-in table"),
    DBL(qstar.coeff_scale, GT, 0.0, INF, 1.0, "-",
        "scale of Qs and B (not applied to a given coeff_table)"),
    FIELD("qstar.coeff_table", MD_PK_QSTAR_TABLE, OFF(qstar.coeff_table), 0, NUL | GT, 0.0, INF, 1,
          MD_PARAMS_QSTAR_TABLE_MAX, NULL, NULL, NAN, NULL, NULL, 0, "km s^-1 -> coeff_units",
          "velocity -> [Qs, a_s, B, b_g], used verbatim with override_coeffs"),
    DBL(qstar.mu_grav, GT, 0.0, INF, 0.45, "-", "gravity-regime velocity exponent"),
    INT(qstar.cache_maxsize, INERT, 0, INF, 128, "memoisation size; inert"),
    /* PSD */
    DBL(psd.alpha, REQ, -INF, INF, NAN, "-", "slope of the 'upper' initial shape"),
    DBL(psd.wavy_strength, 0, -INF, INF, 0.0, "-", "modulation of the 'upper' initial shape"),
    STR(psd.alpha_mode, INERT, "size",
        "not in the reference's schema (pydantic drops it) but written by its sweep configs; "
        "inert"),
    ENUM(psd.floor.mode, 0, n_floor_mode, NULL, MD_PARAMS_FLOOR_FIXED, "minimum-size floor"),
    BOOL(surface_energy.enabled, 0, 0, "energy-limited minimum size"),
    DBL(surface_energy.gamma_J_m2, GT, 0.0, INF, 1.0, "J m^-2", "surface energy"),
    DBL(surface_energy.eta, GT, 0.0, 1.0, 0.1, "-", "kinetic to surface energy efficiency"),
    DBL(surface_energy.collider_size_m, NUL | GT, 0.0, INF, NAN, "m",
        "collider size (null: sizes.s_max)"),
    DBL(surface_energy.largest_fragment_mass_fraction, GT, 0.0, 1.0, 0.5, "-",
        "largest fragment mass fraction"),
    /* disk */
    BLOCK(disk, 0, "disk block (the 0D radius source)"),
    DBL(disk.geometry.r_in_RM, REQ | GT, 0.0, INF, NAN, "R_Mars",
        "inner edge; r = (r_in_RM + r_out_RM)/2 R_Mars"),
    DBL(disk.geometry.r_out_RM, REQ | GT, 0.0, INF, NAN, "R_Mars", "outer edge"),
    ENUM(disk.geometry.r_profile, 0, n_r_profile, NULL, MD_PARAMS_R_PROFILE_UNIFORM,
         "surface density profile (inner_disk_mass only)"),
    DBL(disk.geometry.p_index, 0, -INF, INF, 0.0, "-", "power-law index of the profile"),
    BLOCK(inner_disk_mass, 0,
          "inner disk mass scaling (only the Sigma_tau1 diagnostic on the base path)"),
    BOOL(inner_disk_mass.use_Mmars_ratio, 0, 1, "mass given as a fraction of M_Mars"),
    DBL(inner_disk_mass.M_in_ratio, 0, -INF, INF, 3.0e-5, "M_Mars", "inner disk mass"),
    ENUM(inner_disk_mass.map_to_sigma, 0, n_map_to_sigma, NULL, MD_PARAMS_MAP_TO_SIGMA_ANALYTIC,
         "mass to Sigma mapping"),
    /* phase */
    BOOL(phase.enabled, 0, 0, "solid/vapour branching"),
    ENUM(phase.source, 0, n_phase_source, NULL, MD_PARAMS_PHASE_SOURCE_THRESHOLD,
         "phase source (map: external Python entry point)"),
    STR(phase.entrypoint, INERT, DEFAULT_PHASE_ENTRYPOINT,
        "Python entry point of source 'map'; inert"),
    EMPTY("phase.extra_kwargs", MD_PK_EMPTY_OBJECT, INERT,
          "arguments of the 'map' entry point; inert (only {} is supported)"),
    DBL(phase.thresholds.T_condense_K, GT, 0.0, INF, 1700.0, "K", "fully solid below"),
    DBL(phase.thresholds.T_vaporize_K, GT, 0.0, INF, 2000.0, "K", "fully vapour above"),
    DBL(phase.thresholds.P_ref_bar, 0, 0.0, INF, 1.0, "bar", "reference pressure"),
    DBL(phase.thresholds.tau_ref, GT, 0.0, INF, 1.0, "-", "reference optical depth"),
    BOOL(phase.allow_liquid_hkl, 0, 0, "allow HKL sublimation when liquid-dominated"),
    ENUM(phase.temperature_input, 0, n_phase_temperature_input, NULL,
         MD_PARAMS_PHASE_T_MARS_SURFACE, "temperature fed to the phase decision"),
    ENUM(phase.tau_field, 0, n_los, NULL, MD_PARAMS_TAU_FIELD_LOS,
         "optical depth fed to the phase decision"),
    DBL(phase.q_abs_mean, GT, 0.0, INF, 0.4, "-",
        "mean absorption efficiency for the particle temperature"),
    /* surface, optical depth */
    ENUM(surface.init_policy, 0, n_init_policy, NULL, MD_PARAMS_INIT_POLICY_CLIP_BY_TAU1,
         "initial surface policy (without optical_depth)"),
    DBL(surface.sigma_surf_init_override, NUL, -INF, INF, NAN, "kg m^-2",
        "initial surface density (ignored with optical_depth)"),
    BOOL(surface.use_tcoll, 0, 1, "collision time in surface_ode and shielding"),
    BOOL(surface.freeze_sigma, 0, 0, "hold the surface density"),
    ENUM(surface.collision_solver, 0, n_collision_solver, NULL, MD_PARAMS_SOLVER_SMOL,
         "collision solver"),
    BOOL(init_tau1.enabled, 0, 0, "initialise the surface at Sigma_tau1"),
    BOOL(init_tau1.scale_to_tau1, 0, 0, "clamp the initial surface density to Sigma_tau1"),
    ENUM(init_tau1.tau_field, 0, n_los, NULL, MD_PARAMS_TAU_FIELD_LOS, "optical-depth field"),
    DBL(init_tau1.target_tau, 0, -INF, INF, 1.0, "-", "target optical depth"),
    BLOCK(optical_depth, 1, "optical-depth initialisation and stop (null removes it)"),
    DBL(optical_depth.tau0_target, GT, 0.0, INF, 1.0, "-",
        "initial LOS optical depth; Sigma0 = tau0/(kappa_eff0 f_los)"),
    DBL(optical_depth.tau_stop, GT, 0.0, INF, 1.0, "-", "stop when tau_los > tau_stop (1 + tol)"),
    DBL(optical_depth.tau_stop_tol, 0, 0.0, INF, 1.0e-6, "-", "tolerance of tau_stop"),
    ENUM(optical_depth.tau_field, 0, n_tau_los, NULL, MD_PARAMS_TAU_FIELD_TAU_LOS,
         "optical-depth field"),
    /* supply */
    BOOL(supply.enabled, 0, 1, "external supply on"),
    ENUM(supply.mode, 0, n_supply_mode, NULL, MD_PARAMS_SUPPLY_CONST, "supply mode"),
    DBL_N("supply.const.prod_area_rate_kg_m2_s", supply.const_.prod_area_rate_kg_m2_s, 0, -INF, INF,
          0.0, "kg m^-2 s^-1",
          "constant production rate (replaced by the mu-derived rate when mu_orbit10pct is set)"),
    DBL_N("supply.const.mu_orbit10pct", supply.const_.mu_orbit10pct, NUL, 0.0, INF, NAN, "-",
          "supply in units of orbit_fraction_at_mu1 of Sigma_ref per orbit"),
    DBL_N("supply.const.mu_reference_tau", supply.const_.mu_reference_tau, GT, 0.0, INF, 1.0, "-",
          "optical depth defining Sigma_ref"),
    DBL_N("supply.const.orbit_fraction_at_mu1", supply.const_.orbit_fraction_at_mu1, GT, 0.0, INF,
          0.05, "-", "fraction of Sigma_ref per orbit at mu = 1"),
    DBL_N("supply.const.auto_from_tau1_tfill_years", supply.const_.auto_from_tau1_tfill_years,
          NUL | GT, 0.0, INF, NAN, "yr", "fill time deriving the rate from Sigma_tau1"),
    DBL(supply.powerlaw.A_kg_m2_s, NUL, -INF, INF, NAN, "kg m^-2 s^-1",
        "power-law amplitude (mode powerlaw)"),
    DBL(supply.powerlaw.t0_s, 0, -INF, INF, 0.0, "s", "power-law time origin"),
    DBL(supply.powerlaw.index, 0, -INF, INF, -1.0, "-", "power-law index"),
    PATH(supply.table.path, 0, "data/supply_rate.csv",
         "supply rate table (read only in mode table)"),
    ENUM(supply.table.interp, 0, n_linear, NULL, MD_PARAMS_INTERP_LINEAR, "table interpolation"),
    ENUM(supply.table.time_unit, 0, n_supply_time_unit, NULL, MD_PARAMS_SUPPLY_TIME_S,
         "time unit of the table"),
    DBL(supply.mixing.epsilon_mix, 0, 0.0, 2.0, 0.05, "-",
        "mixing efficiency (cancels when mu_orbit10pct is set)"),
    ENUM(supply.headroom_policy, 0, n_headroom_policy, NULL, MD_PARAMS_HEADROOM_CLIP,
         "headroom policy (forced to none with optical_depth)"),
    BOOL(supply.reservoir.enabled, 0, 0, "finite reservoir (deprecated)"),
    DBL(supply.reservoir.mass_total_Mmars, NUL, 0.0, INF, NAN, "M_Mars", "reservoir mass"),
    ENUM(supply.reservoir.depletion_mode, 0, n_depletion_mode, a_depletion_mode,
         MD_PARAMS_DEPLETION_HARD_STOP, "depletion ('smooth' is an alias of 'taper')"),
    DBL(supply.reservoir.taper_fraction, 0, 0.0, 1.0, 0.05, "-", "taper start fraction"),
    BOOL(supply.feedback.enabled, 0, 0, "tau feedback controller (deprecated)"),
    DBL(supply.feedback.target_tau, 0, 0.0, INF, 1.0, "-", "target optical depth"),
    DBL(supply.feedback.gain, 0, 0.0, INF, 1.0, "-", "proportional gain"),
    DBL(supply.feedback.response_time_years, GT, 0.0, INF, 0.5, "yr", "response time"),
    DBL(supply.feedback.min_scale, 0, 0.0, INF, 1.0e-6, "-", "lower bound of the scale"),
    DBL(supply.feedback.max_scale, GT, 0.0, INF, 10.0, "-", "upper bound of the scale"),
    ENUM(supply.feedback.tau_field, 0, n_tau_los, NULL, MD_PARAMS_TAU_FIELD_TAU_LOS,
         "optical-depth field"),
    DBL(supply.feedback.initial_scale, 0, 0.0, INF, 1.0, "-", "initial scale"),
    BOOL(supply.temperature.enabled, 0, 0, "temperature scaling of the supply (deprecated)"),
    ENUM(supply.temperature.mode, 0, n_supply_temp_mode, NULL, MD_PARAMS_SUPPLY_TEMP_SCALE,
         "scaling mode"),
    DBL(supply.temperature.reference_K, GT, 0.0, INF, 1800.0, "K", "reference temperature"),
    DBL(supply.temperature.exponent, 0, -INF, INF, 1.0, "-", "scaling exponent"),
    DBL(supply.temperature.scale_at_reference, 0, 0.0, INF, 1.0, "-",
        "scale at the reference temperature"),
    DBL(supply.temperature.floor, 0, 0.0, INF, 0.0, "-", "minimum scale"),
    DBL(supply.temperature.cap, GT, 0.0, INF, 10.0, "-", "maximum scale"),
    PATH(supply.temperature.table.path, 0, "data/supply_temperature_map.csv",
         "temperature scaling table (read only in mode table)"),
    ENUM(supply.temperature.table.value_kind, 0, n_value_kind, NULL, MD_PARAMS_VALUE_KIND_SCALE,
         "table values: scale or rate"),
    STR(supply.temperature.table.column_temperature, 0, "T_K", "temperature column"),
    STR(supply.temperature.table.column_value, 0, "value", "value column"),
    ENUM(supply.transport.mode, 0, n_transport_mode, NULL, MD_PARAMS_TRANSPORT_DIRECT,
         "routing of the supply (deep_mixing deprecated)"),
    DBL(supply.transport.t_mix_orbits, NUL, 0.0, INF, NAN, "orbits", "deep-to-surface mixing time"),
    ENUM(supply.transport.headroom_gate, 0, n_headroom_gate, NULL, MD_PARAMS_HEADROOM_GATE_HARD,
         "headroom limiter"),
    ENUM(supply.injection.mode, 0, n_injection_mode, NULL, MD_PARAMS_INJECTION_MIN_BIN,
         "mapping of the supply to size bins"),
    DBL(supply.injection.s_inj_min, NUL, 0.0, INF, NAN, "m",
        "lower injection size (null: smallest bin)"),
    DBL(supply.injection.s_inj_max, NUL, 0.0, INF, NAN, "m",
        "upper injection size (null: largest bin)"),
    DBL(supply.injection.q, GT, 0.0, INF, 3.5, "-", "dN/ds ~ s^-q of powerlaw_bins"),
    ENUM(supply.injection.velocity.mode, 0, n_inj_velocity_mode, NULL, MD_PARAMS_INJ_VEL_INHERIT,
         "e/i of the injected grains"),
    DBL(supply.injection.velocity.e_inj, NUL, 0.0, INF, NAN, "-",
        "injection eccentricity (fixed_ei)"),
    DBL(supply.injection.velocity.i_inj, NUL, 0.0, INF, NAN, "rad",
        "injection inclination (fixed_ei)"),
    DBL(supply.injection.velocity.vrel_factor, NUL, 0.0, INF, NAN, "-", "velocity factor (factor)"),
    ENUM(supply.injection.velocity.blend_mode, 0, n_blend_mode, NULL, MD_PARAMS_BLEND_RMS,
         "blend of e/i"),
    ENUM(supply.injection.velocity.weight_mode, 0, n_weight_mode, NULL,
         MD_PARAMS_WEIGHT_DELTA_SIGMA, "blend weight"),
    EMPTY("supply.piecewise", MD_PK_EMPTY_LIST, 0,
          "segments of mode piecewise (deprecated; only [] is supported)"),
    /* sinks */
    ENUM(sinks.mode, 0, n_sinks_mode, NULL, MD_PARAMS_SINKS_SUBLIMATION,
         "sinks (none disables all)"),
    BOOL(sinks.enable_sublimation, 0, 1, "sublimation sink (OR-ed with mode sublimation)"),
    ENUM(sinks.sublimation_location, 0, n_sublimation_location, NULL, MD_PARAMS_SUBLOC_SURFACE,
         "where sublimation acts"),
    DBL(sinks.T_sub, INERT, -INF, INF, 1300.0, "K", "sublimation temperature; inert"),
    ENUM(sinks.sub_params.mode, 0, n_sub_mode, NULL, MD_PARAMS_SUB_EXPONENTIAL, "ds/dt law"),
    DBL(sinks.sub_params.P_gas, 0, 0.0, INF, 0.0, "Pa", "ambient gas pressure"),
    DBL(sinks.sub_params.dT, GT, 0.0, INF, 50.0, "K", "transition width (exponential/logistic)"),
    DBL(sinks.sub_params.eta_instant, 0, 0.0, 1.0, 0.1, "-",
        "instantaneous loss fraction (exponential/logistic)"),
    DBL(sinks.sub_params.alpha_evap, 0, 0.0, 1.0, 0.007, "-", "evaporation coefficient (HKL)"),
    DBL(sinks.sub_params.mu, GT, 0.0, INF, 0.0440849, "kg mol^-1", "molar mass (HKL)"),
    DBL(sinks.sub_params.A, NUL, -INF, INF, 13.613, "log10 Pa", "Clausius-Clapeyron A, solid"),
    DBL(sinks.sub_params.B, NUL, -INF, INF, 17850.0, "K", "Clausius-Clapeyron B, solid"),
    LIST(sinks.sub_params.valid_K, NUL, -INF, INF, 2, 2, d_valid_K, 2, "K",
         "validity range of the solid fit"),
    BOOL(sinks.sub_params.enable_liquid_branch, 0, 1, "liquid Clausius branch"),
    DBL(sinks.sub_params.psat_liquid_switch_K, NUL, -INF, INF, 1900.0, "K",
        "switch to the liquid branch"),
    DBL(sinks.sub_params.A_liq, NUL, -INF, INF, 13.203, "log10 Pa", "Clausius-Clapeyron A, liquid"),
    DBL(sinks.sub_params.B_liq, NUL, -INF, INF, 25898.9, "K", "Clausius-Clapeyron B, liquid"),
    LIST(sinks.sub_params.valid_liquid_K, NUL, -INF, INF, 2, 2, d_valid_liquid_K, 2, "K",
         "validity range of the liquid fit"),
    ENUM(sinks.sub_params.psat_model, 0, n_psat_model, NULL, MD_PARAMS_PSAT_AUTO,
         "saturation pressure model"),
    PATH(sinks.sub_params.psat_table_path, NUL, "", "tabulated P_sat (psat_model tabulated)"),
    DBL(sinks.sub_params.psat_table_buffer_K, GT, 0.0, INF, 75.0, "K",
        "interpolation buffer of the P_sat table"),
    DBL(sinks.sub_params.local_fit_window_K, GT, 0.0, INF, 300.0, "K",
        "local fit window of the P_sat table"),
    INT(sinks.sub_params.min_points_local_fit, 0, 2, INF, 3, "points of the local P_sat fit"),
    DBL(sinks.sub_params.psat_cache_tol_K, 0, 0.0, INF, 0.0, "K", "P_sat reuse tolerance"),
    BOOL(sinks.sub_params.mass_conserving, 0, 0, "crossing mass is blow-out instead of a sink"),
    BOOL(sinks.enable_gas_drag, 0, 0, "gas drag sink"),
    DBL(sinks.rho_g, 0, -INF, INF, 0.0, "kg m^-3", "gas density for drag"),
    BOOL(sinks.rp_blowout.enable, 0, 1, "radiation-pressure blow-out"),
    BOOL(sinks.hydro_escape.enable, 0, 0, "hydrodynamic escape sink"),
    DBL(sinks.hydro_escape.strength, 0, 0.0, INF, 0.0, "s^-1", "base escape rate"),
    DBL(sinks.hydro_escape.temp_power, 0, -INF, INF, 1.0, "-", "temperature index"),
    DBL(sinks.hydro_escape.T_ref_K, GT, 0.0, INF, 2000.0, "K", "reference temperature"),
    DBL(sinks.hydro_escape.f_vap_floor, 0, 0.0, INF, 1.0e-3, "-", "minimum vapour fraction"),
    /* radiation */
    BLOCK(radiation, 0, "radiation block"),
    ENUM(radiation.source, 0, n_radiation_source, a_radiation_source, MD_PARAMS_RAD_SOURCE_MARS,
         "radiation source ('none' is an alias of 'off')"),
    BOOL(radiation.use_mars_rp, 0, 1, "Mars radiation pressure"),
    BOOL(radiation.use_solar_rp, INERT, 0, "solar radiation pressure (logged only); inert"),
    DBL(radiation.TM_K, NUL, 1000.0, 6500.0, NAN, "K",
        "initial Mars temperature T0 (the reference's temperature driver accepts [1000, 6500] K)"),
    BOOL(radiation.freeze_kappa, 0, 0, "hold the opacity"),
    PATH(radiation.qpr_table_path, NUL, "", "Planck-mean Q_pr table"),
    BOOL(radiation.qpr_strict, 0, 0, "require a Q_pr table or Q_pr"),
    DBL(radiation.Q_pr, NUL, 0.5, 1.5, NAN, "-", "constant Q_pr replacing the table"),
    BOOL(radiation.qpr_cache.enabled, INERT, 1, "Q_pr memoisation; inert"),
    INT(radiation.qpr_cache.maxsize, INERT, 0, INF, 1024, "Q_pr memoisation size; inert"),
    DBL(radiation.qpr_cache.round_tol, NUL | GT | INERT, 0.0, INF, NAN, "-",
        "Q_pr memoisation rounding; inert"),
    BLOCK(radiation.mars_temperature_driver, 0, "Mars temperature driver"),
    BOOL(radiation.mars_temperature_driver.enabled, 0, 0, "driver on"),
    ENUM(radiation.mars_temperature_driver.mode, 0, n_tdriver_mode, NULL,
         MD_PARAMS_TDRIVER_CONSTANT,
         "driver mode (all but an existing table are replaced by a generated table)"),
    BLOCK(radiation.mars_temperature_driver.constant, 0, "constant driver"),
    DBL(radiation.mars_temperature_driver.constant.value_K, REQ, 1000.0, 6500.0, NAN, "K",
        "constant temperature"),
    BLOCK(radiation.mars_temperature_driver.table, 0, "table driver"),
    PATH(radiation.mars_temperature_driver.table.path, NUL, "",
         "temperature table (null: generated from the cooling formula; the reference requires it)"),
    ENUM(radiation.mars_temperature_driver.table.time_unit, 0, n_time_unit, NULL, MD_PARAMS_TUNIT_S,
         "time unit of the table"),
    STR(radiation.mars_temperature_driver.table.column_time, 0, "time", "time column"),
    STR(radiation.mars_temperature_driver.table.column_temperature, 0, "T_M", "temperature column"),
    BLOCK(radiation.mars_temperature_driver.hyodo, 0,
          "Hyodo linear cooling parameters (defaults when mode hyodo)"),
    DBL(radiation.mars_temperature_driver.hyodo.d_layer_m, GT, 0.0, INF, 1.0e5, "m",
        "slab thickness"),
    DBL(radiation.mars_temperature_driver.hyodo.rho, GT, 0.0, INF, 3000.0, "kg m^-3",
        "slab density"),
    DBL(radiation.mars_temperature_driver.hyodo.cp, GT, 0.0, INF, 1000.0, "J kg^-1 K^-1",
        "slab heat capacity"),
    ENUM(radiation.mars_temperature_driver.extrapolation, 0, n_extrapolation, NULL,
         MD_PARAMS_EXTRAP_HOLD, "outside the table: hold or error"),
    BLOCK(radiation.mars_temperature_driver.autogenerate, 0, "table generation settings"),
    BOOL(radiation.mars_temperature_driver.autogenerate.enabled, 0, 0, "generation on"),
    PATH(radiation.mars_temperature_driver.autogenerate.output_dir, INERT | MD_PF_NO_FILE, "data",
         "folder of generated tables; inert (tables are generated in memory)"),
    DBL(radiation.mars_temperature_driver.autogenerate.dt_hours, GT, 0.0, INF, 1.0, "h",
        "sampling step"),
    DBL(radiation.mars_temperature_driver.autogenerate.min_years, GT, 0.0, INF, 2.0, "yr",
        "minimum coverage"),
    DBL(radiation.mars_temperature_driver.autogenerate.time_margin_years, 0, 0.0, INF, 0.0, "yr",
        "coverage margin"),
    LIST(radiation.mars_temperature_driver.autogenerate.known_T0s, INERT, -INF, INF, 0,
         MD_PARAMS_LIST_MAX, d_known_T0s, 3, "K", "pre-generated temperatures; inert"),
    ENUM(radiation.mars_temperature_driver.autogenerate.time_unit, 0, n_time_unit, NULL,
         MD_PARAMS_TUNIT_DAY, "time unit of generated tables"),
    STR(radiation.mars_temperature_driver.autogenerate.column_time, 0, "time_day",
        "generated time column"),
    STR(radiation.mars_temperature_driver.autogenerate.column_temperature, 0, "T_K",
        "generated temperature column"),
    ENUM(radiation.mars_temperature_driver.autogenerate.model, 0, n_autogen_model, NULL,
         MD_PARAMS_AUTOGEN_SLAB, "cooling law"),
    STR(radiation.mars_temperature_driver.autogenerate.filename_template, INERT,
        "mars_temperature_T{tag}K.csv", "generated file name; inert"),
    BOOL(radiation.tau_gate.enable, 0, 0, "suppress blow-out above tau_max"),
    DBL(radiation.tau_gate.tau_max, GT, 0.0, INF, 1.0, "-", "gate threshold"),
    /* shielding */
    BLOCK(shielding, 0, "self-shielding block (absent: mode psitau without a table)"),
    PATH(shielding.table_path, NUL, "", "Phi(tau) table"),
    ENUM(shielding.mode, 0, n_shielding_mode, a_shielding_mode, MD_PARAMS_SHIELDING_PSITAU,
         "shielding mode ('table' is an alias of 'psitau')"),
    DBL(shielding.fixed_tau1_tau, NUL, -INF, INF, NAN, "-", "fixed optical depth (fixed_tau1)"),
    NUMWORD(shielding.fixed_tau1_sigma, NUL, -INF, INF, n_auto_max, NAN, NULL, "kg m^-2",
            "Sigma_tau1 (fixed_tau1): a number, 'auto' or 'auto_max'"),
    DBL(shielding.auto_max_margin, 0, 0.0, 1.0, 0.05, "-", "margin of auto_max"),
    ENUM(shielding.los_geometry.mode, 0, n_los_mode, NULL, MD_PARAMS_LOS_ASPECT_RATIO_FACTOR,
         "vertical to line-of-sight conversion"),
    DBL(shielding.los_geometry.h_over_r, GT, 0.0, INF, 1.0, "-",
        "aspect ratio; f_los = max(path_multiplier/h_over_r, 1)"),
    DBL(shielding.los_geometry.path_multiplier, GT, 0.0, INF, 1.0, "-", "path length multiplier"),
    /* blow-out */
    BOOL(blowout.enabled, 0, 1, "radiation blow-out"),
    ENUM(blowout.target_phase, 0, n_target_phase, NULL, MD_PARAMS_TARGET_PHASE_SOLID_ONLY,
         "phases that blow out"),
    ENUM(blowout.layer, INERT, n_blowout_layer, NULL, MD_PARAMS_LAYER_SURFACE_TAU_LE_1,
         "blow-out layer label; inert"),
    ENUM(blowout.gate_mode, 0, n_gate_mode, NULL, MD_PARAMS_GATE_NONE, "blow-out gate"),
    /* numerics */
    DBL(numerics.t_end_years, NUL | GT, 0.0, INF, NAN, "yr", "end time"),
    DBL(numerics.t_end_orbits, NUL | GT, 0.0, INF, NAN, "orbits", "end time in orbits"),
    DBL(numerics.t_end_until_temperature_K, NUL | GT, 0.0, INF, NAN, "K",
        "end when T_M falls to this"),
    DBL(numerics.t_end_temperature_margin_years, 0, 0.0, INF, 0.0, "yr",
        "margin after the temperature end"),
    DBL(numerics.min_duration_years, NUL | GT, 0.0, INF, NAN, "yr",
        "no early stop (but tau_stop) before this"),
    BOOL(numerics.stop_on_blowout_below_smin, 0, 0, "stop when a_blow < s_min_config"),
    DBL(numerics.mass_loss_rate_stop_Mmars_s, NUL, 0.0, INF, NAN, "M_Mars s^-1",
        "stop below this loss rate"),
    DBL(numerics.t_end_temperature_search_years, NUL | GT, 0.0, INF, NAN, "yr",
        "search horizon of the temperature end"),
    NUMWORD(numerics.dt_init, GT, 0.0, INF, n_auto, 60000.0, NULL, "s", "outer step, or 'auto'"),
    DBL(numerics.safety, GT | INERT, 0.0, INF, 0.1, "-", "safety factor; inert"),
    DBL(numerics.atol, GT | INERT, 0.0, INF, 1.0e-10, "-", "absolute tolerance; inert"),
    DBL(numerics.rtol, GT | INERT, 0.0, INF, 1.0e-6, "-", "relative tolerance; inert"),
    BOOL(numerics.eval_per_step, 0, 1, "recompute blow-out, sinks and ds/dt every step"),
    BOOL(numerics.orbit_rollup, 0, 1, "per-orbit roll-up"),
    DBL(numerics.dt_over_t_blow_max, NUL | GT, 0.0, INF, NAN, "-",
        "warning threshold of dt/t_blow (warning only)"),
    DBL(numerics.dt_min_tcoll_ratio, NUL | GT | INERT, 0.0, INF, 0.5, "-",
        "step floor relative to t_coll; inert in 0D"),
    ENUM(numerics.smol_integrator, 0, n_smol_integrator, NULL, MD_PARAMS_SMOL_REFERENCE,
         "Smoluchowski integrator: reference (dt_eff, as the reference) or full_step (whole dt)"),
    DBL(numerics.smol_rtol, GT, 0.0, 1.0, 1.0e-6, "-", "full_step relative tolerance"),
    DBL(numerics.smol_atol, GT, 0.0, 1.0, 1.0e-14, "-",
        "full_step absolute tolerance, as a fraction of the disk mass per bin"),
    BOOL(numerics.collision_cache.persist, INERT, 0, "cache persistence; inert"),
    DBL(numerics.collision_cache.size_scale, GT | INERT, 0.0, INF, 3.0, "-",
        "cache size scale; inert"),
    EMPTY("tables", MD_PK_EMPTY_OBJECT, NUL | INERT,
          "backward-compatibility placeholder; inert (null or {})"),
    /* diagnostics and the io keys that change numbers */
    BOOL(diagnostics.extended_diagnostics.enable, 0, 0, "extra series columns"),
    STR(diagnostics.extended_diagnostics.schema_version, INERT, "extended-minimal-v1",
        "schema label; inert"),
    BOOL(diagnostics.energy_bookkeeping.enabled, 0, 0, "collision energy bookkeeping"),
    BOOL(diagnostics.energy_bookkeeping.stream, INERT, 1, "streaming of energy outputs; inert"),
    BOOL(io.correct_fast_blowout, 0, 0, "correction when dt >> t_blow"),
    BOOL(io.substep_fast_blowout, 0, 0, "sub-steps when dt/t_blow > substep_max_ratio"),
    DBL(io.substep_max_ratio, GT, 0.0, INF, 1.0, "-", "sub-step threshold of dt/t_blow"),
};

const int md_params_field_count = (int)(sizeof md_params_fields / sizeof md_params_fields[0]);

/* ---- typed access ---- */

static void *at(md_params *p, const md_param_field *f) {
    return (char *)p + f->offset;
}
static const void *cat(const md_params *p, const md_param_field *f) {
    return (const char *)p + f->offset;
}

static size_t str_capacity(const md_param_field *f) {
    return f->kind == MD_PK_PATH ? MD_PARAMS_PATH_MAX : MD_PARAMS_STR_MAX;
}

static int word_count(const char *const *names) {
    int n = 0;
    while (names && names[n])
        n++;
    return n;
}

const char *md_params_enum_name(const md_param_field *f, int v) {
    return (v >= 0 && v < word_count(f->names)) ? f->names[v] : "?";
}

static void set_default(md_params *p, const md_param_field *f) {
    switch (f->kind) {
    case MD_PK_BOOL:
    case MD_PK_BLOCK:
        *(bool *)at(p, f) = f->def != 0.0;
        break;
    case MD_PK_INT:
        if (isnan(f->def)) {
            *(bool *)((char *)p + f->has_offset) = false;
            *(int64_t *)at(p, f) = 0;
        } else {
            *(int64_t *)at(p, f) = (int64_t)f->def;
        }
        break;
    case MD_PK_DOUBLE:
        *(double *)at(p, f) = f->def;
        break;
    case MD_PK_ENUM:
        *(int *)at(p, f) = (int)f->def;
        break;
    case MD_PK_STRING:
    case MD_PK_PATH:
        snprintf((char *)at(p, f), str_capacity(f), "%s", f->def_str ? f->def_str : "");
        break;
    case MD_PK_LIST: {
        md_params_dlist *l = at(p, f);
        l->n = (f->flags & MD_PF_REQUIRED) ? -1 : f->def_list_n;
        for (int i = 0; i < f->def_list_n; i++)
            l->v[i] = f->def_list[i];
        break;
    }
    case MD_PK_NUM_WORD: {
        md_params_num_or_word *w = at(p, f);
        w->word = isnan(f->def) ? MD_NW_NULL : MD_NW_NUMBER;
        w->value = f->def;
        break;
    }
    case MD_PK_QSTAR_TABLE:
        ((md_params_qstar_table *)at(p, f))->n = 0;
        break;
    case MD_PK_EMPTY_OBJECT:
    case MD_PK_EMPTY_LIST:
        break;
    }
}

void md_params_set_defaults(md_params *p) {
    memset(p, 0, sizeof *p);
    for (int i = 0; i < md_params_field_count; i++)
        set_default(p, &md_params_fields[i]);
}

const md_param_field *md_params_field_find(const char *name) {
    for (int i = 0; i < md_params_field_count; i++)
        if (strcmp(md_params_fields[i].name, name) == 0)
            return &md_params_fields[i];
    return NULL;
}

static const char *value_type_name(md_param_value_type t) {
    static const char *const names[] = {"null",      "a boolean", "a number", "a string", "a list",
                                        "an object", "{}",        "[]",       "an object"};
    return names[t];
}

static const char *kind_expectation(const md_param_field *f) {
    switch (f->kind) {
    case MD_PK_BOOL:
        return "a boolean";
    case MD_PK_INT:
        return "an integer";
    case MD_PK_DOUBLE:
        return "a number";
    case MD_PK_ENUM:
        return "a string";
    case MD_PK_STRING:
    case MD_PK_PATH:
        return "a string";
    case MD_PK_LIST:
        return "a list of numbers";
    case MD_PK_NUM_WORD:
        return "a number or a word";
    case MD_PK_QSTAR_TABLE:
        return "an object {velocity: [Qs, a_s, B, b_g]}";
    case MD_PK_BLOCK:
        return "an object or null";
    case MD_PK_EMPTY_OBJECT:
        return "{} (nothing else is supported)";
    case MD_PK_EMPTY_LIST:
        return "[] (nothing else is supported)";
    }
    return "?";
}

/* Range check of one number against f's bounds; message names the bound. */
static md_status check_range(const md_param_field *f, double x, md_error *err) {
    if (!isfinite(x))
        return md_error_set(err, MD_ERR_CONFIG, "value %g is not finite", x);
    bool lo_bad = (f->flags & MD_PF_MIN_EXCL) ? !(x > f->min) : !(x >= f->min);
    bool hi_bad = (f->flags & MD_PF_MAX_EXCL) ? !(x < f->max) : !(x <= f->max);
    if (lo_bad || hi_bad) {
        char lo[40] = "-inf", hi[40] = "inf";
        if (isfinite(f->min))
            snprintf(lo, sizeof lo, "%.17g", f->min);
        if (isfinite(f->max))
            snprintf(hi, sizeof hi, "%.17g", f->max);
        return md_error_set(err, MD_ERR_CONFIG,
                            "value %.17g is outside the allowed range %s%s, %s%s", x,
                            (f->flags & MD_PF_MIN_EXCL) ? "(" : "[", lo, hi,
                            (f->flags & MD_PF_MAX_EXCL) ? ")" : "]");
    }
    return MD_OK;
}

/* Index of word s in f's names/aliases, or -1. */
static int lookup_word(const md_param_field *f, const char *s) {
    for (int i = 0; f->names && f->names[i]; i++)
        if (strcmp(f->names[i], s) == 0)
            return i;
    for (int i = 0; f->aliases && f->aliases[i].name; i++)
        if (strcmp(f->aliases[i].name, s) == 0)
            return f->aliases[i].value;
    return -1;
}

static md_status bad_word(const md_param_field *f, const char *s, md_error *err) {
    char list[512] = "";
    size_t used = 0;
    for (int i = 0; f->names && f->names[i] && used < sizeof list; i++)
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "", f->names[i]);
    return md_error_set(err, MD_ERR_CONFIG, "'%s' is not one of %s", s, list);
}

/* The MD_PK_BLOCK fields (10 of the 278), found once: marking the blocks around a field is done
 * for every value set, a million times in a large sweep. */
static int block_fields(const int **index) {
    static int blocks[sizeof md_params_fields / sizeof md_params_fields[0]];
    static int n_blocks = -1;
    if (n_blocks < 0) {
        n_blocks = 0;
        for (int i = 0; i < md_params_field_count; i++)
            if (md_params_fields[i].kind == MD_PK_BLOCK)
                blocks[n_blocks++] = i;
    }
    *index = blocks;
    return n_blocks;
}

/* Whether block b encloses field f (f's dotted name continues b's). */
static bool encloses(const md_param_field *b, const md_param_field *f) {
    const size_t n = strlen(b->name);
    return strncmp(b->name, f->name, n) == 0 && f->name[n] == '.';
}

/* Marks every optional block enclosing f present (setting a child creates its block). */
static void mark_enclosing_blocks(md_params *p, const md_param_field *f) {
    const int *blocks;
    const int n_blocks = block_fields(&blocks);
    for (int k = 0; k < n_blocks; k++) {
        const md_param_field *b = &md_params_fields[blocks[k]];
        if (encloses(b, f))
            *(bool *)at(p, b) = true;
    }
}

static md_status set_list(md_params *p, const md_param_field *f, const md_param_value *v,
                          md_error *err) {
    md_params_dlist *l = at(p, f);
    if (v->n < f->list_min || v->n > f->list_max)
        return md_error_set(err, MD_ERR_CONFIG,
                            "a list of %d numbers has the wrong length (allowed %d to %d)", v->n,
                            f->list_min, f->list_max);
    for (int i = 0; i < v->n; i++) {
        md_status st = check_range(f, v->list[i], err);
        if (st != MD_OK) {
            md_error_prefix(err, "entry %d", i);
            return st;
        }
    }
    l->n = v->n;
    for (int i = 0; i < v->n; i++)
        l->v[i] = v->list[i];
    return MD_OK;
}

static md_status set_table(md_params *p, const md_param_field *f, const md_params_qstar_table *t,
                           md_error *err) {
    if (t->n < f->list_min || t->n > f->list_max)
        return md_error_set(err, MD_ERR_CONFIG,
                            "a table of %d rows has the wrong size (allowed %d to %d)", t->n,
                            f->list_min, f->list_max);
    for (int i = 0; i < t->n; i++) {
        md_status st = check_range(f, t->v_ref_kms[i], err);
        if (st != MD_OK) {
            md_error_prefix(err, "velocity key %.17g", t->v_ref_kms[i]);
            return st;
        }
        for (int j = 0; j < i; j++)
            if (t->v_ref_kms[j] == t->v_ref_kms[i])
                return md_error_set(err, MD_ERR_CONFIG, "velocity %.17g appears twice",
                                    t->v_ref_kms[i]);
        for (int k = 0; k < 4; k++)
            if (!isfinite(t->coeffs[i][k]))
                return md_error_set(err, MD_ERR_CONFIG,
                                    "coefficient %d of velocity %.17g is not finite", k,
                                    t->v_ref_kms[i]);
    }
    *(md_params_qstar_table *)at(p, f) = *t;
    return MD_OK;
}

static md_status set_null(md_params *p, const md_param_field *f, md_error *err) {
    if (!(f->flags & MD_PF_NULLABLE))
        return md_error_set(err, MD_ERR_CONFIG, "null is not allowed (expected %s)",
                            kind_expectation(f));
    switch (f->kind) {
    case MD_PK_INT:
        *(bool *)((char *)p + f->has_offset) = false;
        break;
    case MD_PK_DOUBLE:
        *(double *)at(p, f) = NAN;
        break;
    case MD_PK_STRING:
    case MD_PK_PATH:
        *(char *)at(p, f) = '\0';
        break;
    case MD_PK_LIST:
        ((md_params_dlist *)at(p, f))->n = 0;
        break;
    case MD_PK_NUM_WORD:
        ((md_params_num_or_word *)at(p, f))->word = MD_NW_NULL;
        break;
    case MD_PK_QSTAR_TABLE:
        ((md_params_qstar_table *)at(p, f))->n = 0;
        break;
    case MD_PK_BLOCK:
        *(bool *)at(p, f) = false;
        break;
    default:
        break; /* EMPTY_OBJECT: nothing stored */
    }
    return MD_OK;
}

static md_status set_value(md_params *p, const md_param_field *f, const md_param_value *v,
                           md_error *err) {
    md_status st;
    if (v->type == MD_PV_NULL)
        return set_null(p, f, err);
    switch (f->kind) {
    case MD_PK_BOOL:
        if (v->type != MD_PV_BOOL)
            break;
        *(bool *)at(p, f) = v->b;
        return MD_OK;
    case MD_PK_INT:
        if (v->type != MD_PV_NUMBER)
            break;
        if (v->num != floor(v->num))
            return md_error_set(err, MD_ERR_CONFIG, "value %.17g is not an integer", v->num);
        /* JSON numbers arrive as doubles: 2^63 and above (9223372036854775807 rounds to 2^63)
         * do not fit the 64-bit field; casting them would be undefined. */
        if (!(v->num < 0x1p63 && v->num >= -0x1p63))
            return md_error_set(err, MD_ERR_CONFIG,
                                "value %.17g does not fit a 64-bit integer (|value| < 2^63)",
                                v->num);
        if ((st = check_range(f, v->num, err)) != MD_OK)
            return st;
        *(int64_t *)at(p, f) = (int64_t)v->num;
        if (f->flags & MD_PF_NULLABLE)
            *(bool *)((char *)p + f->has_offset) = true;
        return MD_OK;
    case MD_PK_DOUBLE:
        if (v->type != MD_PV_NUMBER)
            break;
        if ((st = check_range(f, v->num, err)) != MD_OK)
            return st;
        *(double *)at(p, f) = v->num;
        return MD_OK;
    case MD_PK_ENUM: {
        if (v->type != MD_PV_STRING)
            break;
        int k = lookup_word(f, v->str);
        if (k < 0)
            return bad_word(f, v->str, err);
        *(int *)at(p, f) = k;
        return MD_OK;
    }
    case MD_PK_STRING:
    case MD_PK_PATH:
        if (v->type != MD_PV_STRING)
            break;
        if (strlen(v->str) >= str_capacity(f))
            return md_error_set(err, MD_ERR_CONFIG, "string longer than %zu characters",
                                str_capacity(f) - 1);
        snprintf((char *)at(p, f), str_capacity(f), "%s", v->str);
        return MD_OK;
    case MD_PK_LIST:
        if (v->type != MD_PV_LIST)
            break;
        return set_list(p, f, v, err);
    case MD_PK_NUM_WORD: {
        md_params_num_or_word *w = at(p, f);
        if (v->type == MD_PV_NUMBER) {
            if ((st = check_range(f, v->num, err)) != MD_OK)
                return st;
            w->word = MD_NW_NUMBER;
            w->value = v->num;
            return MD_OK;
        }
        if (v->type != MD_PV_STRING)
            break;
        int k = lookup_word(f, v->str);
        if (k < 0)
            return bad_word(f, v->str, err);
        w->word = k + 1;
        w->value = NAN;
        return MD_OK;
    }
    case MD_PK_QSTAR_TABLE:
        if (v->type != MD_PV_QSTAR_TABLE)
            break;
        return set_table(p, f, v->table, err);
    case MD_PK_BLOCK:
        if (v->type != MD_PV_EMPTY_OBJECT)
            break;
        *(bool *)at(p, f) = true;
        return MD_OK;
    case MD_PK_EMPTY_OBJECT:
        if (v->type != MD_PV_EMPTY_OBJECT)
            break;
        return MD_OK;
    case MD_PK_EMPTY_LIST:
        if (v->type != MD_PV_EMPTY_LIST)
            break;
        return MD_OK;
    }
    return md_error_set(err, MD_ERR_CONFIG, "expected %s, got %s", kind_expectation(f),
                        value_type_name(v->type));
}

md_status md_params_set(md_params *p, const md_param_field *f, const md_param_value *v,
                        md_error *err) {
    md_status st = set_value(p, f, v, err);
    if (st == MD_OK)
        mark_enclosing_blocks(p, f);
    return st;
}

bool md_params_is_null(const md_params *p, const md_param_field *f) {
    switch (f->kind) {
    case MD_PK_INT:
        return (f->flags & MD_PF_NULLABLE) && !*(const bool *)((const char *)p + f->has_offset);
    case MD_PK_DOUBLE:
        return isnan(*(const double *)cat(p, f));
    case MD_PK_STRING:
    case MD_PK_PATH:
        return *(const char *)cat(p, f) == '\0';
    case MD_PK_LIST:
        return ((const md_params_dlist *)cat(p, f))->n <= 0 && (f->flags & MD_PF_NULLABLE);
    case MD_PK_NUM_WORD:
        return ((const md_params_num_or_word *)cat(p, f))->word == MD_NW_NULL;
    case MD_PK_QSTAR_TABLE:
        return ((const md_params_qstar_table *)cat(p, f))->n == 0;
    case MD_PK_BLOCK:
        return !*(const bool *)cat(p, f);
    case MD_PK_EMPTY_OBJECT:
        return (f->flags & MD_PF_NULLABLE) != 0;
    default:
        return false;
    }
}

double md_params_get_number(const md_params *p, const md_param_field *f) {
    if (md_params_is_null(p, f))
        return NAN;
    switch (f->kind) {
    case MD_PK_BOOL:
    case MD_PK_BLOCK:
        return *(const bool *)cat(p, f) ? 1.0 : 0.0;
    case MD_PK_INT:
        return (double)*(const int64_t *)cat(p, f);
    case MD_PK_DOUBLE:
        return *(const double *)cat(p, f);
    case MD_PK_ENUM:
        return (double)*(const int *)cat(p, f);
    case MD_PK_NUM_WORD: {
        const md_params_num_or_word *w = cat(p, f);
        return w->word == MD_NW_NUMBER ? w->value : NAN;
    }
    default:
        return NAN;
    }
}

/* ---- formatting (JSON text) ---- */

typedef struct {
    char *buf;
    size_t len, used;
} out_buf;

static void put(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(out_buf *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->used < o->len ? o->len - o->used : 0;
    int n = vsnprintf(room ? o->buf + o->used : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n;
}

/* %.17g round-trips every double; a trailing ".0" is not added so 4000 and 4000.0 format alike. */
static void put_number(out_buf *o, double x) {
    if (isnan(x))
        put(o, "null");
    else
        put(o, "%.17g", x);
}

static void put_string(out_buf *o, const char *s) {
    put(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c < 0x20)
            put(o, "\\u%04x", c);
        else
            put(o, "%c", c);
    }
    put(o, "\"");
}

int md_params_format(const md_params *p, const md_param_field *f, char *buf, size_t len) {
    out_buf o = {buf, len, 0};
    if (len)
        buf[0] = '\0';
    if (md_params_is_null(p, f) && f->kind != MD_PK_EMPTY_OBJECT) {
        put(&o, "null");
        return (int)o.used;
    }
    switch (f->kind) {
    case MD_PK_BOOL:
    case MD_PK_BLOCK:
        put(&o, "%s", *(const bool *)cat(p, f) ? "true" : "false");
        break;
    case MD_PK_INT:
        put(&o, "%lld", (long long)*(const int64_t *)cat(p, f));
        break;
    case MD_PK_DOUBLE:
        put_number(&o, *(const double *)cat(p, f));
        break;
    case MD_PK_ENUM:
        put_string(&o, md_params_enum_name(f, *(const int *)cat(p, f)));
        break;
    case MD_PK_STRING:
    case MD_PK_PATH:
        put_string(&o, (const char *)cat(p, f));
        break;
    case MD_PK_LIST: {
        const md_params_dlist *l = cat(p, f);
        put(&o, "[");
        for (int i = 0; i < l->n; i++) {
            put(&o, i ? "," : "");
            put_number(&o, l->v[i]);
        }
        put(&o, "]");
        break;
    }
    case MD_PK_NUM_WORD: {
        const md_params_num_or_word *w = cat(p, f);
        if (w->word == MD_NW_NUMBER)
            put_number(&o, w->value);
        else
            put_string(&o, md_params_enum_name(f, w->word - 1));
        break;
    }
    case MD_PK_QSTAR_TABLE: {
        const md_params_qstar_table *t = cat(p, f);
        put(&o, "{");
        for (int i = 0; i < t->n; i++) {
            put(&o, "%s\"%.17g\":[", i ? "," : "", t->v_ref_kms[i]);
            for (int k = 0; k < 4; k++) {
                put(&o, k ? "," : "");
                put_number(&o, t->coeffs[i][k]);
            }
            put(&o, "]");
        }
        put(&o, "}");
        break;
    }
    case MD_PK_EMPTY_OBJECT:
        put(&o, "%s", (f->flags & MD_PF_NULLABLE) ? "null" : "{}");
        break;
    case MD_PK_EMPTY_LIST:
        put(&o, "[]");
        break;
    }
    return (int)o.used;
}

bool md_params_field_same(const md_params *a, const md_params *b, const md_param_field *f) {
    const void *x = cat(a, f), *y = cat(b, f);
    switch (f->kind) {
    case MD_PK_BOOL:
    case MD_PK_BLOCK:
        return *(const bool *)x == *(const bool *)y;
    case MD_PK_INT:
        return memcmp(x, y, sizeof(int64_t)) == 0 &&
               (!(f->flags & MD_PF_NULLABLE) ||
                *(const bool *)((const char *)a + f->has_offset) ==
                    *(const bool *)((const char *)b + f->has_offset));
    case MD_PK_DOUBLE:
        return memcmp(x, y, sizeof(double)) == 0;
    case MD_PK_ENUM:
        return *(const int *)x == *(const int *)y;
    case MD_PK_STRING:
    case MD_PK_PATH:
        return strcmp(x, y) == 0;
    case MD_PK_LIST: {
        const md_params_dlist *l = x, *r = y;
        return l->n == r->n && (l->n <= 0 || memcmp(l->v, r->v, (size_t)l->n * sizeof *l->v) == 0);
    }
    case MD_PK_NUM_WORD: {
        const md_params_num_or_word *l = x, *r = y;
        return l->word == r->word && md_same_bits(l->value, r->value);
    }
    case MD_PK_QSTAR_TABLE: {
        const md_params_qstar_table *l = x, *r = y;
        return l->n == r->n &&
               (l->n <= 0 ||
                (memcmp(l->v_ref_kms, r->v_ref_kms, (size_t)l->n * sizeof *l->v_ref_kms) == 0 &&
                 memcmp(l->coeffs, r->coeffs, (size_t)l->n * sizeof *l->coeffs) == 0));
    }
    case MD_PK_EMPTY_OBJECT:
    default:
        return true;
    }
}

bool md_params_field_equal(const md_params *a, const md_params *b, const md_param_field *f) {
    if (md_params_field_same(a, b, f))
        return true;
    char x[4096], y[4096];
    int nx = md_params_format(a, f, x, sizeof x);
    int ny = md_params_format(b, f, y, sizeof y);
    return nx == ny && strcmp(x, y) == 0;
}

/* ---- schema cross-field checks ---- */

/* True if every optional block enclosing f is present. */
static bool blocks_present(const md_params *p, const md_param_field *f) {
    const int *blocks;
    const int n_blocks = block_fields(&blocks);
    for (int k = 0; k < n_blocks; k++) {
        const md_param_field *b = &md_params_fields[blocks[k]];
        if (encloses(b, f) && !*(const bool *)cat(p, b))
            return false;
    }
    return true;
}

static md_status check_required(const md_params *p, md_error *err) {
    for (int i = 0; i < md_params_field_count; i++) {
        const md_param_field *f = &md_params_fields[i];
        if (!(f->flags & MD_PF_REQUIRED) || !blocks_present(p, f))
            continue;
        bool missing = f->kind == MD_PK_LIST ? ((const md_params_dlist *)cat(p, f))->n < 0
                                             : md_params_is_null(p, f);
        if (missing)
            return md_error_set(err, MD_ERR_CONFIG, "%s is required (the reference has no default)",
                                f->name);
    }
    return MD_OK;
}

md_status md_params_check(const md_params *p, md_error *err) {
    md_status st = check_required(p, err);
    if (st != MD_OK)
        return st;
    /* schema.py: Sizes._check_size_bounds */
    if (!(p->sizes.s_min < p->sizes.s_max))
        return md_error_set(err, MD_ERR_CONFIG,
                            "sizes.s_max (%.17g) must be greater than sizes.s_min (%.17g)",
                            p->sizes.s_max, p->sizes.s_min);
    /* Initial.MeltPSD._check_s_range */
    if (!(p->initial.melt_psd.s_max_solid > p->initial.melt_psd.s_min_solid))
        return md_error_set(err, MD_ERR_CONFIG,
                            "initial.melt_psd.s_max_solid (%.17g) must exceed s_min_solid (%.17g)",
                            p->initial.melt_psd.s_max_solid, p->initial.melt_psd.s_min_solid);
    /* Dynamics: the clearance is drawn from [dr_min_m, dr_max_m] */
    if (p->dynamics.dr_min_m > p->dynamics.dr_max_m)
        return md_error_set(err, MD_ERR_CONFIG,
                            "dynamics.dr_min_m (%.17g m) must not exceed dynamics.dr_max_m "
                            "(%.17g m)",
                            p->dynamics.dr_min_m, p->dynamics.dr_max_m);
    /* QStar: the strength and gravity coefficients of every coeff_table row are positive */
    for (int k = 0; k < p->qstar.coeff_table.n; k++)
        for (int c = 0; c < 4; c += 2)
            if (!(p->qstar.coeff_table.coeffs[k][c] > 0.0))
                return md_error_set(err, MD_ERR_CONFIG,
                                    "qstar.coeff_table[\"%g\"]: %s = %.17g must be positive",
                                    p->qstar.coeff_table.v_ref_kms[k], c == 0 ? "Qs" : "B",
                                    p->qstar.coeff_table.coeffs[k][c]);
    /* DynamicsEccentricityProfile._validate_profile */
    if (p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_TABLE &&
        !p->dynamics.e_profile.table_path[0])
        return md_error_set(
            err, MD_ERR_CONFIG,
            "dynamics.e_profile.mode 'table' requires dynamics.e_profile.table_path");
    if (p->dynamics.e_profile.clip_min > p->dynamics.e_profile.clip_max)
        return md_error_set(err, MD_ERR_CONFIG, "dynamics.e_profile.clip_min must be <= clip_max");
    /* Dynamics._validate_e_profile_mode, _check_kernel_H_params */
    if (p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE &&
        p->dynamics.e_profile.mode != MD_PARAMS_E_PROFILE_OFF)
        return md_error_set(
            err, MD_ERR_CONFIG,
            "dynamics.e_mode 'mars_clearance' is incompatible with dynamics.e_profile; set "
            "dynamics.e_profile.mode 'off'");
    if (p->dynamics.kernel_H_mode == MD_PARAMS_KERNEL_H_FIXED && isnan(p->dynamics.H_fixed_over_a))
        return md_error_set(err, MD_ERR_CONFIG,
                            "dynamics.kernel_H_mode 'fixed' requires dynamics.H_fixed_over_a");
    /* PhaseThresholds._check_temperature_hierarchy, PhaseConfig._check_entrypoint_format */
    if (!(p->phase.thresholds.T_vaporize_K > p->phase.thresholds.T_condense_K))
        return md_error_set(
            err, MD_ERR_CONFIG,
            "phase.thresholds.T_vaporize_K (%.17g) must exceed T_condense_K (%.17g)",
            p->phase.thresholds.T_vaporize_K, p->phase.thresholds.T_condense_K);
    const char *colon = strchr(p->phase.entrypoint, ':');
    if (!colon || colon == p->phase.entrypoint || !colon[1])
        return md_error_set(err, MD_ERR_CONFIG,
                            "phase.entrypoint must be of the form 'module.submodule:function'");
    /* DiskGeometry._check_radius_order */
    if (p->disk.present && p->disk.geometry.r_in_RM > p->disk.geometry.r_out_RM)
        return md_error_set(err, MD_ERR_CONFIG,
                            "disk.geometry.r_in_RM (%.17g) must be <= r_out_RM (%.17g)",
                            p->disk.geometry.r_in_RM, p->disk.geometry.r_out_RM);
    /* Config._validate_optical_depth_init_tau1 */
    if (p->optical_depth.present && p->init_tau1.scale_to_tau1)
        return md_error_set(
            err, MD_ERR_CONFIG,
            "optical_depth cannot be combined with init_tau1.scale_to_tau1; disable one of them");
    /* SupplyTransport._require_tmix_for_mixing */
    if (p->supply.transport.mode == MD_PARAMS_TRANSPORT_DEEP_MIXING &&
        !(p->supply.transport.t_mix_orbits > 0.0))
        return md_error_set(
            err, MD_ERR_CONFIG,
            "supply.transport.t_mix_orbits must be positive when mode='deep_mixing'");
    /* SupplyInjectionVelocity._validate_velocity_params */
    if (p->supply.injection.velocity.mode == MD_PARAMS_INJ_VEL_FIXED_EI &&
        (isnan(p->supply.injection.velocity.e_inj) || isnan(p->supply.injection.velocity.i_inj)))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.injection.velocity.mode='fixed_ei' requires e_inj and i_inj");
    if (p->supply.injection.velocity.mode == MD_PARAMS_INJ_VEL_FACTOR &&
        isnan(p->supply.injection.velocity.vrel_factor))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.injection.velocity.mode='factor' requires vrel_factor");
    /* SupplyInjection._check_range */
    if (!isnan(p->supply.injection.s_inj_min) && !isnan(p->supply.injection.s_inj_max) &&
        p->supply.injection.s_inj_max <= p->supply.injection.s_inj_min)
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.injection.s_inj_max must exceed s_inj_min when both are set");
    /* SupplyReservoir._require_mass_when_enabled, SupplyFeedback._validate_scale_bounds */
    if (p->supply.reservoir.enabled && isnan(p->supply.reservoir.mass_total_Mmars))
        return md_error_set(
            err, MD_ERR_CONFIG,
            "supply.reservoir.mass_total_Mmars must be set when reservoir.enabled=true");
    if (p->supply.feedback.max_scale < p->supply.feedback.min_scale)
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.feedback.max_scale must be greater than or equal to min_scale");
    /* MarsTemperatureDriverConfig._validate_mode_requirements (a missing hyodo block means its
     * defaults, which md_params already holds) */
    if (p->radiation.present && p->radiation.mars_temperature_driver.present &&
        p->radiation.mars_temperature_driver.enabled) {
        md_params_tdriver_mode mode = p->radiation.mars_temperature_driver.mode;
        if (mode == MD_PARAMS_TDRIVER_CONSTANT &&
            !p->radiation.mars_temperature_driver.constant.present)
            return md_error_set(
                err, MD_ERR_CONFIG,
                "radiation.mars_temperature_driver.constant must be provided when mode='constant'");
        if (mode == MD_PARAMS_TDRIVER_TABLE && !p->radiation.mars_temperature_driver.table.present)
            return md_error_set(
                err, MD_ERR_CONFIG,
                "radiation.mars_temperature_driver.table must be provided when mode='table'");
    }
    return MD_OK;
}
