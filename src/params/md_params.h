/* md_params: every configuration key of the reference on the 0D path, as one plain struct
 * (marsdisk/schema.py: Config and its sub-models; spec 10 §6).
 *
 * Member paths mirror the reference's dotted keys (`radiation.TM_K` is p.radiation.TM_K; the
 * reference's `supply.const` block is p.supply.const_ because `const` is a C keyword). Units are
 * the reference's: SI unless the key says otherwise (`_RM` Mars radii, `_years`, `_deg`, `_kms`,
 * `_K`, `_bar`, `_Mmars`, `_hours`, `_orbits`).
 *
 * Conventions for values the reference allows to be null:
 *   - nullable numbers are NaN when null (`isnan(p.radiation.Q_pr)`);
 *   - nullable strings/paths are "" when null;
 *   - nullable integers carry a `has_<name>` flag;
 *   - optional blocks (`optical_depth`, `disk`, `shielding`, `radiation`, ...) carry a `present`
 *     flag: 0 means the block is null/absent in the reference config (the children then hold
 *     their defaults and are not consulted by the reference).
 *   - keys that take a number or a word (`dt_init`, `chi_blow`, `shielding.fixed_tau1_sigma`)
 *     are md_params_num_or_word.
 *
 * One declarative table, md_params_fields[], describes every key (dotted name, kind, offset,
 * range, enum names, default, units, description). Defaults, setting/getting/formatting by name
 * and the schema's own cross-field checks are all driven by it. Table paths hold what the
 * manifest wrote until the manifest layer resolves them to absolute paths. */
#ifndef MD_PARAMS_H
#define MD_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "md_status.h"

#define MD_PARAMS_PATH_MAX 1024      /* table paths, incl. the terminating NUL */
#define MD_PARAMS_STR_MAX 128        /* other strings (column names, entry points) */
#define MD_PARAMS_LIST_MAX 16        /* number lists (v_ref_kms, known_T0s, valid_K) */
#define MD_PARAMS_QSTAR_TABLE_MAX 16 /* rows of qstar.coeff_table */

/* A list of numbers; n = 0 is null where the field is nullable; n = -1 marks a required list
 * that was not given (md_params_check rejects it). */
typedef struct md_params_dlist {
    int n;
    double v[MD_PARAMS_LIST_MAX];
} md_params_dlist;

/* A key that takes a number or one of a few words. word: MD_NW_NULL (null, nullable keys only),
 * MD_NW_NUMBER (the number is in value), or k >= 1 for the k-th word of the field's word list
 * (e.g. dt_init: 1 = "auto"; fixed_tau1_sigma: 1 = "auto", 2 = "auto_max"). */
typedef struct md_params_num_or_word {
    int word;
    double value;
} md_params_num_or_word;
#define MD_NW_NULL (-1)
#define MD_NW_NUMBER 0
#define MD_NW_AUTO 1 /* first word of dt_init, chi_blow and fixed_tau1_sigma */
#define MD_NW_AUTO_MAX 2

/* qstar.coeff_table: impact velocity [km/s] -> [Qs, a_s, B, b_g] in qstar.coeff_units, rows in the
 * order written. n = 0 is null (no table). */
typedef struct md_params_qstar_table {
    int n;
    double v_ref_kms[MD_PARAMS_QSTAR_TABLE_MAX];
    double coeffs[MD_PARAMS_QSTAR_TABLE_MAX][4];
} md_params_qstar_table;

/* ---- enumerations (names in md_params_fields[].names, index = enum value) ---- */
typedef enum { MD_PARAMS_GEOMETRY_0D, MD_PARAMS_GEOMETRY_1D } md_params_geometry_mode;
typedef enum { MD_PARAMS_R_PROFILE_UNIFORM, MD_PARAMS_R_PROFILE_POWERLAW } md_params_r_profile;
typedef enum { MD_PARAMS_SCOPE_INNER } md_params_scope_region;
/* "full" is the reference's alias of "default" (schema.py: _normalise_physics_mode). */
typedef enum {
    MD_PARAMS_PHYSICS_DEFAULT,
    MD_PARAMS_PHYSICS_SUBLIMATION_ONLY,
    MD_PARAMS_PHYSICS_COLLISIONS_ONLY
} md_params_physics_mode;
typedef enum {
    MD_PARAMS_S0_MONO,
    MD_PARAMS_S0_UPPER,
    MD_PARAMS_S0_MELT_LOGNORMAL_MIXTURE,
    MD_PARAMS_S0_MELT_TRUNCATED_POWERLAW
} md_params_s0_mode;
typedef enum {
    MD_PARAMS_MELT_LOGNORMAL_MIXTURE,
    MD_PARAMS_MELT_TRUNCATED_POWERLAW
} md_params_melt_mode;
typedef enum { MD_PARAMS_I0_UNIT_RAD, MD_PARAMS_I0_UNIT_DEG } md_params_i0_unit;
typedef enum {
    MD_PARAMS_E_PROFILE_OFF,
    MD_PARAMS_E_PROFILE_TABLE,
    MD_PARAMS_E_PROFILE_MARS_PERICENTER
} md_params_e_profile_mode;
typedef enum { MD_PARAMS_R_KIND_R_RM, MD_PARAMS_R_KIND_R_M } md_params_r_kind;
typedef enum { MD_PARAMS_KERNEL_EI_CONFIG, MD_PARAMS_KERNEL_EI_WYATT_EQ } md_params_kernel_ei_mode;
typedef enum { MD_PARAMS_V_REL_OHTSUKI, MD_PARAMS_V_REL_PERICENTER } md_params_v_rel_mode;
typedef enum { MD_PARAMS_KERNEL_H_IA, MD_PARAMS_KERNEL_H_FIXED } md_params_kernel_H_mode;
typedef enum { MD_PARAMS_E_MODE_FIXED, MD_PARAMS_E_MODE_MARS_CLEARANCE } md_params_e_mode;
typedef enum { MD_PARAMS_DR_DIST_UNIFORM, MD_PARAMS_DR_DIST_LOGUNIFORM } md_params_dr_dist;
typedef enum { MD_PARAMS_I_MODE_FIXED, MD_PARAMS_I_MODE_OBS_TILT_SPREAD } md_params_i_mode;
typedef enum { MD_PARAMS_COEFF_UNITS_BA99_CGS, MD_PARAMS_COEFF_UNITS_SI } md_params_coeff_units;
typedef enum {
    MD_PARAMS_FLOOR_FIXED,
    MD_PARAMS_FLOOR_EVOLVE_SMIN,
    MD_PARAMS_FLOOR_NONE
} md_params_floor_mode;
typedef enum {
    MD_PARAMS_INIT_POLICY_CLIP_BY_TAU1,
    MD_PARAMS_INIT_POLICY_NONE
} md_params_init_policy;
typedef enum { MD_PARAMS_SOLVER_SURFACE_ODE, MD_PARAMS_SOLVER_SMOL } md_params_collision_solver;
typedef enum {
    MD_PARAMS_SMOL_REFERENCE, /* the reference's step over dt_eff (default) */
    MD_PARAMS_SMOL_FULL_STEP  /* the whole outer step to smol_rtol (not in the reference) */
} md_params_smol_integrator;
typedef enum { MD_PARAMS_TAU_FIELD_LOS } md_params_tau_field_los; /* init_tau1 / phase: "los" */
typedef enum {
    MD_PARAMS_TAU_FIELD_TAU_LOS
} md_params_tau_field_tau_los; /* optical_depth / feedback: "tau_los" */
typedef enum {
    MD_PARAMS_SUPPLY_CONST,
    MD_PARAMS_SUPPLY_TABLE,
    MD_PARAMS_SUPPLY_POWERLAW,
    MD_PARAMS_SUPPLY_PIECEWISE
} md_params_supply_mode;
typedef enum { MD_PARAMS_INTERP_LINEAR } md_params_interp;
typedef enum { MD_PARAMS_SUPPLY_TIME_S, MD_PARAMS_SUPPLY_TIME_YEAR } md_params_supply_time_unit;
typedef enum { MD_PARAMS_HEADROOM_CLIP, MD_PARAMS_HEADROOM_SPILL } md_params_headroom_policy;
/* "smooth" is the reference's deprecated alias of "taper". */
typedef enum { MD_PARAMS_DEPLETION_HARD_STOP, MD_PARAMS_DEPLETION_TAPER } md_params_depletion_mode;
typedef enum {
    MD_PARAMS_SUPPLY_TEMP_SCALE,
    MD_PARAMS_SUPPLY_TEMP_TABLE
} md_params_supply_temp_mode;
typedef enum { MD_PARAMS_VALUE_KIND_SCALE, MD_PARAMS_VALUE_KIND_RATE } md_params_value_kind;
typedef enum {
    MD_PARAMS_TRANSPORT_DIRECT,
    MD_PARAMS_TRANSPORT_DEEP_MIXING
} md_params_transport_mode;
typedef enum { MD_PARAMS_HEADROOM_GATE_HARD, MD_PARAMS_HEADROOM_GATE_SOFT } md_params_headroom_gate;
typedef enum {
    MD_PARAMS_INJECTION_MIN_BIN,
    MD_PARAMS_INJECTION_POWERLAW_BINS,
    MD_PARAMS_INJECTION_INITIAL_PSD
} md_params_injection_mode;
typedef enum {
    MD_PARAMS_INJ_VEL_INHERIT,
    MD_PARAMS_INJ_VEL_FIXED_EI,
    MD_PARAMS_INJ_VEL_FACTOR
} md_params_inj_velocity_mode;
typedef enum { MD_PARAMS_BLEND_RMS, MD_PARAMS_BLEND_LINEAR } md_params_blend_mode;
typedef enum { MD_PARAMS_WEIGHT_DELTA_SIGMA, MD_PARAMS_WEIGHT_SIGMA_RATIO } md_params_weight_mode;
typedef enum { MD_PARAMS_SINKS_NONE, MD_PARAMS_SINKS_SUBLIMATION } md_params_sinks_mode;
typedef enum {
    MD_PARAMS_SUBLOC_SURFACE,
    MD_PARAMS_SUBLOC_SMOL,
    MD_PARAMS_SUBLOC_BOTH
} md_params_sublimation_location;
typedef enum {
    MD_PARAMS_SUB_EXPONENTIAL,
    MD_PARAMS_SUB_LOGISTIC,
    MD_PARAMS_SUB_HKL,
    MD_PARAMS_SUB_HKL_TIMESCALE
} md_params_sub_mode;
typedef enum {
    MD_PARAMS_PSAT_AUTO,
    MD_PARAMS_PSAT_CLAUSIUS,
    MD_PARAMS_PSAT_TABULATED
} md_params_psat_model;
typedef enum {
    MD_PARAMS_PHASE_SOURCE_MAP,
    MD_PARAMS_PHASE_SOURCE_THRESHOLD
} md_params_phase_source;
typedef enum {
    MD_PARAMS_PHASE_T_MARS_SURFACE,
    MD_PARAMS_PHASE_T_PARTICLE
} md_params_phase_temperature_input;
typedef enum {
    MD_PARAMS_TDRIVER_CONSTANT,
    MD_PARAMS_TDRIVER_TABLE,
    MD_PARAMS_TDRIVER_HYODO
} md_params_tdriver_mode;
typedef enum { MD_PARAMS_EXTRAP_HOLD, MD_PARAMS_EXTRAP_ERROR } md_params_extrapolation;
typedef enum {
    MD_PARAMS_TUNIT_S,
    MD_PARAMS_TUNIT_DAY,
    MD_PARAMS_TUNIT_YR,
    MD_PARAMS_TUNIT_ORBIT
} md_params_time_unit;
typedef enum { MD_PARAMS_AUTOGEN_SLAB, MD_PARAMS_AUTOGEN_HYODO } md_params_autogen_model;
/* "none" is the reference's alias of "off" (schema.py: Radiation._validate_source). */
typedef enum { MD_PARAMS_RAD_SOURCE_MARS, MD_PARAMS_RAD_SOURCE_OFF } md_params_radiation_source;
/* "table" is the reference's deprecated alias of "psitau" (Shielding.mode_resolved). */
typedef enum {
    MD_PARAMS_SHIELDING_OFF,
    MD_PARAMS_SHIELDING_PSITAU,
    MD_PARAMS_SHIELDING_FIXED_TAU1
} md_params_shielding_mode;
typedef enum { MD_PARAMS_LOS_ASPECT_RATIO_FACTOR, MD_PARAMS_LOS_NONE } md_params_los_mode;
typedef enum {
    MD_PARAMS_TARGET_PHASE_SOLID_ONLY,
    MD_PARAMS_TARGET_PHASE_ANY
} md_params_target_phase;
typedef enum {
    MD_PARAMS_LAYER_SURFACE_TAU_LE_1,
    MD_PARAMS_LAYER_FULL_SURFACE
} md_params_blowout_layer;
typedef enum {
    MD_PARAMS_GATE_NONE,
    MD_PARAMS_GATE_SUBLIMATION_COMPETITION,
    MD_PARAMS_GATE_COLLISION_COMPETITION
} md_params_gate_mode;
typedef enum { MD_PARAMS_MAP_TO_SIGMA_ANALYTIC } md_params_map_to_sigma;

/* ---- the parameter set ---- */
typedef struct md_params {
    struct {
        md_params_geometry_mode mode; /* "0D" (this tool) or "1D" (rejected by md_run_validate) */
        double r_in;                  /* [m] nullable; radius source without a disk block */
        double r_out;                 /* [m] nullable */
        bool has_Nr;
        int64_t Nr; /* 1D zones; inert in 0D */
    } geometry;
    struct {
        md_params_scope_region region;
        double analysis_years; /* [yr] fallback for t_end_years */
    } scope;
    md_params_physics_mode physics_mode;
    struct {
        struct {
            bool enabled; /* inert: Phase-0 placeholder */
        } state_tagging;
    } process;
    md_params_num_or_word chi_blow; /* number (> 0) or MD_NW_AUTO */
    struct {
        double rho; /* [kg m^-3] */
    } material;
    struct {
        double s_min; /* [m] required */
        double s_max; /* [m] required */
        int64_t n_bins;
        bool evolve_min_size;
        char dsdt_model[MD_PARAMS_STR_MAX]; /* nullable; diagnostic only */
        bool apply_evolved_min_size;
    } sizes;
    struct {
        double mass_total; /* [M_Mars] required */
        md_params_s0_mode s0_mode;
        struct {
            md_params_melt_mode mode;
            double f_fine;             /* [-] */
            double s_fine;             /* [m] */
            double s_meter;            /* [m] */
            double width_dex;          /* [dex] */
            double s_cut_condensation; /* [m] */
            double s_min_solid;        /* [m] */
            double s_max_solid;        /* [m] */
            double alpha_solid;        /* [-] */
        } melt_psd;
    } initial;
    struct {
        double e0;                 /* [-] required */
        double i0;                 /* [i0_unit] required */
        md_params_i0_unit i0_unit; /* the reference converts deg -> rad at validation */
        double t_damp_orbits;      /* [orbits] required; inert */
        double f_wake;             /* [-] */
        struct {
            md_params_e_profile_mode mode;
            char table_path[MD_PARAMS_PATH_MAX]; /* nullable */
            md_params_r_kind r_kind;
            double clip_min; /* [-] */
            double clip_max; /* [-] */
        } e_profile;
        double eps_restitution;    /* [-] */
        double f_ke_cratering;     /* [-] */
        double f_ke_fragmentation; /* [-] nullable */
        bool enable_e_damping;
        md_params_kernel_ei_mode kernel_ei_mode;
        md_params_v_rel_mode v_rel_mode;
        md_params_kernel_H_mode kernel_H_mode;
        double H_factor;       /* [-] */
        double H_fixed_over_a; /* [-] nullable */
        md_params_e_mode e_mode;
        double dr_min_m; /* [m] nullable */
        double dr_max_m; /* [m] nullable */
        md_params_dr_dist dr_dist;
        md_params_i_mode i_mode;
        double obs_tilt_deg; /* [deg] */
        double i_spread_deg; /* [deg] */
        bool has_rng_seed;
        int64_t rng_seed;
    } dynamics;
    struct {
        double Qs;                 /* [coeff_units] required */
        double a_s;                /* [-] required */
        double B;                  /* [coeff_units] required */
        double b_g;                /* [-] required */
        md_params_dlist v_ref_kms; /* [km s^-1] required */
        md_params_coeff_units coeff_units;
        bool override_coeffs;
        double coeff_scale; /* [-] */
        md_params_qstar_table coeff_table;
        double mu_grav;        /* [-] */
        int64_t cache_maxsize; /* inert: memoisation */
    } qstar;
    struct {
        double alpha;                       /* [-] required */
        double wavy_strength;               /* [-] */
        char alpha_mode[MD_PARAMS_STR_MAX]; /* inert: dropped by the reference's schema */
        struct {
            md_params_floor_mode mode;
        } floor;
    } psd;
    struct {
        bool enabled;
        double gamma_J_m2;                     /* [J m^-2] */
        double eta;                            /* [-] */
        double collider_size_m;                /* [m] nullable */
        double largest_fragment_mass_fraction; /* [-] */
    } surface_energy;
    struct {
        bool present;
        struct {
            double r_in_RM;  /* [R_Mars] required when disk is present */
            double r_out_RM; /* [R_Mars] required when disk is present */
            md_params_r_profile r_profile;
            double p_index; /* [-] */
        } geometry;
    } disk;
    struct {
        bool present; /* default absent */
        bool use_Mmars_ratio;
        double M_in_ratio; /* [M_Mars] */
        md_params_map_to_sigma map_to_sigma;
    } inner_disk_mass;
    struct {
        bool enabled;
        md_params_phase_source source;
        char entrypoint[MD_PARAMS_STR_MAX]; /* inert: source 'map' only */
        struct {
            double T_condense_K; /* [K] */
            double T_vaporize_K; /* [K] */
            double P_ref_bar;    /* [bar] */
            double tau_ref;      /* [-] */
        } thresholds;
        bool allow_liquid_hkl;
        md_params_phase_temperature_input temperature_input;
        md_params_tau_field_los tau_field;
        double q_abs_mean; /* [-] */
    } phase;
    struct {
        md_params_init_policy init_policy;
        double sigma_surf_init_override; /* [kg m^-2] nullable */
        bool use_tcoll;
        bool freeze_sigma;
        md_params_collision_solver collision_solver;
    } surface;
    struct {
        bool enabled;
        bool scale_to_tau1;
        md_params_tau_field_los tau_field;
        double target_tau; /* [-] */
    } init_tau1;
    struct {
        bool present;        /* default present */
        double tau0_target;  /* [-] */
        double tau_stop;     /* [-] */
        double tau_stop_tol; /* [-] */
        md_params_tau_field_tau_los tau_field;
    } optical_depth;
    struct {
        bool enabled;
        md_params_supply_mode mode;
        struct {
            double prod_area_rate_kg_m2_s;     /* [kg m^-2 s^-1] */
            double mu_orbit10pct;              /* [-] nullable */
            double mu_reference_tau;           /* [-] */
            double orbit_fraction_at_mu1;      /* [-] */
            double auto_from_tau1_tfill_years; /* [yr] nullable */
        } const_;
        struct {
            double A_kg_m2_s; /* [kg m^-2 s^-1] nullable */
            double t0_s;      /* [s] */
            double index;     /* [-] */
        } powerlaw;
        struct {
            char path[MD_PARAMS_PATH_MAX];
            md_params_interp interp;
            md_params_supply_time_unit time_unit;
        } table;
        struct {
            double epsilon_mix; /* [-] */
        } mixing;
        md_params_headroom_policy headroom_policy;
        struct {
            bool enabled;
            double mass_total_Mmars; /* [M_Mars] nullable */
            md_params_depletion_mode depletion_mode;
            double taper_fraction; /* [-] */
        } reservoir;
        struct {
            bool enabled;
            double target_tau;          /* [-] */
            double gain;                /* [-] */
            double response_time_years; /* [yr] */
            double min_scale;           /* [-] */
            double max_scale;           /* [-] */
            md_params_tau_field_tau_los tau_field;
            double initial_scale; /* [-] */
        } feedback;
        struct {
            bool enabled;
            md_params_supply_temp_mode mode;
            double reference_K;        /* [K] */
            double exponent;           /* [-] */
            double scale_at_reference; /* [-] */
            double floor;              /* [-] */
            double cap;                /* [-] */
            struct {
                char path[MD_PARAMS_PATH_MAX];
                md_params_value_kind value_kind;
                char column_temperature[MD_PARAMS_STR_MAX];
                char column_value[MD_PARAMS_STR_MAX];
            } table;
        } temperature;
        struct {
            md_params_transport_mode mode;
            double t_mix_orbits; /* [orbits] nullable */
            md_params_headroom_gate headroom_gate;
        } transport;
        struct {
            md_params_injection_mode mode;
            double s_inj_min; /* [m] nullable */
            double s_inj_max; /* [m] nullable */
            double q;         /* [-] */
            struct {
                md_params_inj_velocity_mode mode;
                double e_inj;       /* [-] nullable */
                double i_inj;       /* [rad] nullable */
                double vrel_factor; /* [-] nullable */
                md_params_blend_mode blend_mode;
                md_params_weight_mode weight_mode;
            } velocity;
        } injection;
    } supply;
    struct {
        md_params_sinks_mode mode;
        bool enable_sublimation;
        md_params_sublimation_location sublimation_location;
        double T_sub; /* [K] inert */
        struct {
            md_params_sub_mode mode;
            double P_gas;            /* [Pa] */
            double dT;               /* [K] */
            double eta_instant;      /* [-] */
            double alpha_evap;       /* [-] */
            double mu;               /* [kg mol^-1] */
            double A;                /* [log10 Pa] nullable */
            double B;                /* [K] nullable */
            md_params_dlist valid_K; /* [K] nullable pair */
            bool enable_liquid_branch;
            double psat_liquid_switch_K;    /* [K] nullable */
            double A_liq;                   /* [log10 Pa] nullable */
            double B_liq;                   /* [K] nullable */
            md_params_dlist valid_liquid_K; /* [K] nullable pair */
            md_params_psat_model psat_model;
            char psat_table_path[MD_PARAMS_PATH_MAX]; /* nullable */
            double psat_table_buffer_K;               /* [K] */
            double local_fit_window_K;                /* [K] */
            int64_t min_points_local_fit;
            double psat_cache_tol_K; /* [K] */
            bool mass_conserving;
        } sub_params;
        bool enable_gas_drag;
        double rho_g; /* [kg m^-3] */
        struct {
            bool enable;
        } rp_blowout;
        struct {
            bool enable;
            double strength;    /* [s^-1] */
            double temp_power;  /* [-] */
            double T_ref_K;     /* [K] */
            double f_vap_floor; /* [-] */
        } hydro_escape;
    } sinks;
    struct {
        bool present; /* default absent */
        md_params_radiation_source source;
        bool use_mars_rp;
        bool use_solar_rp; /* logged only */
        double TM_K;       /* [K] nullable */
        bool freeze_kappa;
        char qpr_table_path[MD_PARAMS_PATH_MAX]; /* nullable */
        bool qpr_strict;
        double Q_pr; /* [-] nullable */
        struct {
            bool enabled;     /* inert: memoisation */
            int64_t maxsize;  /* inert */
            double round_tol; /* inert, nullable */
        } qpr_cache;
        struct {
            bool present; /* default absent */
            bool enabled;
            md_params_tdriver_mode mode;
            struct {
                bool present;
                double value_K; /* [K] required when present */
            } constant;
            struct {
                bool present;
                /* The reference requires it; here "" means "generate the table from its
                 * formula" (spec 00: the Mars temperature curve is generated, not read). */
                char path[MD_PARAMS_PATH_MAX];
                md_params_time_unit time_unit;
                char column_time[MD_PARAMS_STR_MAX];
                char column_temperature[MD_PARAMS_STR_MAX];
            } table;
            struct {
                bool present;
                double d_layer_m; /* [m] */
                double rho;       /* [kg m^-3] */
                double cp;        /* [J kg^-1 K^-1] */
            } hyodo;
            md_params_extrapolation extrapolation;
            struct {
                bool present;
                bool enabled;
                char output_dir[MD_PARAMS_PATH_MAX]; /* inert: tables are generated in memory */
                double dt_hours;                     /* [h] */
                double min_years;                    /* [yr] */
                double time_margin_years;            /* [yr] */
                md_params_dlist known_T0s;           /* [K] inert */
                md_params_time_unit time_unit;
                char column_time[MD_PARAMS_STR_MAX];
                char column_temperature[MD_PARAMS_STR_MAX];
                md_params_autogen_model model;
                char filename_template[MD_PARAMS_STR_MAX]; /* inert */
            } autogenerate;
        } mars_temperature_driver;
        struct {
            bool enable;
            double tau_max; /* [-] */
        } tau_gate;
    } radiation;
    struct {
        bool present;                        /* default absent */
        char table_path[MD_PARAMS_PATH_MAX]; /* nullable */
        md_params_shielding_mode mode;
        double fixed_tau1_tau;                  /* [-] nullable */
        md_params_num_or_word fixed_tau1_sigma; /* [kg m^-2] nullable, or "auto"/"auto_max" */
        double auto_max_margin;                 /* [-] */
        struct {
            md_params_los_mode mode;
            double h_over_r;        /* [-] */
            double path_multiplier; /* [-] */
        } los_geometry;
    } shielding;
    struct {
        bool enabled;
        md_params_target_phase target_phase;
        md_params_blowout_layer layer; /* inert label */
        md_params_gate_mode gate_mode;
    } blowout;
    struct {
        double t_end_years;                    /* [yr] nullable */
        double t_end_orbits;                   /* [orbits] nullable */
        double t_end_until_temperature_K;      /* [K] nullable */
        double t_end_temperature_margin_years; /* [yr] */
        double min_duration_years;             /* [yr] nullable */
        bool stop_on_blowout_below_smin;
        double mass_loss_rate_stop_Mmars_s;    /* [M_Mars s^-1] nullable */
        double t_end_temperature_search_years; /* [yr] nullable */
        md_params_num_or_word dt_init;         /* [s] number or MD_NW_AUTO */
        double safety;                         /* inert */
        double atol;                           /* inert */
        double rtol;                           /* inert */
        bool eval_per_step;
        bool orbit_rollup;
        double dt_over_t_blow_max; /* [-] nullable; warning only */
        double dt_min_tcoll_ratio; /* [-] nullable; inert in 0D */
        md_params_smol_integrator smol_integrator;
        double smol_rtol; /* [-] full_step relative tolerance */
        double smol_atol; /* [-] full_step absolute tolerance, fraction of the disk mass */
        struct {
            bool persist;      /* inert: performance */
            double size_scale; /* inert */
        } collision_cache;
    } numerics;
    struct {
        struct {
            bool enable;
            char schema_version[MD_PARAMS_STR_MAX];
        } extended_diagnostics;
        struct {
            bool enabled;
            bool stream; /* inert */
        } energy_bookkeeping;
    } diagnostics;
    struct {
        bool correct_fast_blowout;
        bool substep_fast_blowout;
        double substep_max_ratio; /* [-] */
    } io;
} md_params;

/* ---- the field table ---- */
typedef enum md_param_kind {
    MD_PK_BOOL,         /* bool */
    MD_PK_INT,          /* int64_t; integral JSON number */
    MD_PK_DOUBLE,       /* double; NaN = null when nullable */
    MD_PK_ENUM,         /* int-sized enum; one of names[] (or an alias) */
    MD_PK_STRING,       /* char[MD_PARAMS_STR_MAX]; "" = null when nullable */
    MD_PK_PATH,         /* char[MD_PARAMS_PATH_MAX]; a table file; "" = null when nullable */
    MD_PK_LIST,         /* md_params_dlist; list_min..list_max entries */
    MD_PK_NUM_WORD,     /* md_params_num_or_word; words in names[] */
    MD_PK_QSTAR_TABLE,  /* md_params_qstar_table */
    MD_PK_BLOCK,        /* bool `present` of an optional block: null clears it, any child sets it */
    MD_PK_EMPTY_OBJECT, /* a dict key whose only supported value is {} (inert, nothing stored) */
    MD_PK_EMPTY_LIST    /* a list key whose only supported value is [] (inert, nothing stored) */
} md_param_kind;

enum {
    MD_PF_NULLABLE = 1u << 0, /* null accepted */
    MD_PF_REQUIRED = 1u << 1, /* no default: must be given when its block is present */
    MD_PF_MIN_EXCL = 1u << 2, /* value > min (else >= min) */
    MD_PF_MAX_EXCL = 1u << 3, /* value < max (else <= max) */
    MD_PF_INERT = 1u << 4,    /* accepted, no effect on the numbers of a 0D run */
    MD_PF_NO_FILE = 1u << 5 /* MD_PK_PATH that names a folder/file to write, not a table to read */
};

typedef struct md_param_alias {
    const char *name; /* accepted spelling */
    int value;        /* enum value or word it stands for */
} md_param_alias;

typedef struct md_param_field {
    const char *name; /* dotted key, e.g. "radiation.TM_K" */
    md_param_kind kind;
    size_t offset;     /* offsetof(md_params, ...) */
    size_t has_offset; /* MD_PK_INT with MD_PF_NULLABLE: offset of its `has_` flag */
    unsigned flags;    /* MD_PF_* */
    double min, max;   /* range of numbers (list entries, num_word numbers); +-INFINITY if none */
    int list_min, list_max;        /* MD_PK_LIST entry count bounds */
    const char *const *names;      /* MD_PK_ENUM / MD_PK_NUM_WORD words, NULL-terminated */
    const md_param_alias *aliases; /* extra spellings, {NULL, 0}-terminated, or NULL */
    double def;                    /* default number/bool/enum value (NaN = null) */
    const char *def_str;           /* default string/path/word ("" = null), or NULL */
    const double *def_list;        /* default list, def_list_n entries */
    int def_list_n;
    const char *units;
    const char *description; /* one line; says "inert" where the reference's 0D run ignores it */
} md_param_field;

extern const md_param_field md_params_fields[];
extern const int md_params_field_count;

/* A typed value to set a field from (what a parser produces). Pointers are borrowed. */
typedef enum md_param_value_type {
    MD_PV_NULL,
    MD_PV_BOOL,
    MD_PV_NUMBER,
    MD_PV_STRING,
    MD_PV_LIST, /* numbers */
    MD_PV_QSTAR_TABLE,
    MD_PV_EMPTY_OBJECT, /* {} ; for MD_PK_BLOCK: "an object" (marks the block present) */
    MD_PV_EMPTY_LIST,
    MD_PV_OBJECT /* a non-empty object given to a key that does not take one (always an error) */
} md_param_value_type;

typedef struct md_param_value {
    md_param_value_type type;
    bool b;
    double num;
    const char *str;
    const double *list;
    int n;
    const md_params_qstar_table *table;
} md_param_value;

/* Fills p with the reference's schema defaults (schema.py). Required keys are NaN. */
void md_params_set_defaults(md_params *p);

/* The field with this dotted name, or NULL. */
const md_param_field *md_params_field_find(const char *name);

/* Sets one field from a typed value: type, range and enum checks; setting a key inside an
 * optional block marks the block present; a block set to null is marked absent. Returns
 * MD_ERR_CONFIG with a message (without the key name; the caller adds where it came from). */
md_status md_params_set(md_params *p, const md_param_field *f, const md_param_value *v,
                        md_error *err);

/* True if field f holds null in p (nullable numbers NaN, empty strings, absent blocks, ...). */
bool md_params_is_null(const md_params *p, const md_param_field *f);

/* The value of a numeric field (BOOL, INT, DOUBLE, ENUM index, NUM_WORD number or NaN for a
 * word) as a double; NaN for null and for non-numeric kinds. */
double md_params_get_number(const md_params *p, const md_param_field *f);

/* Formats field f of p as JSON text into buf (numbers "%.17g", strings quoted and escaped,
 * enums by name, null as null). Returns the length it needed (like snprintf). */
int md_params_format(const md_params *p, const md_param_field *f, char *buf, size_t len);

/* True if field f holds the same stored value in a and b (bit for bit), so that
 * md_params_format writes the same text for both; cheap, for caching that text. */
bool md_params_field_same(const md_params *a, const md_params *b, const md_param_field *f);

/* True if field f has the same value in a and b (NaN == NaN). */
bool md_params_field_equal(const md_params *a, const md_params *b, const md_param_field *f);

/* The schema's cross-field checks and required keys (schema.py model validators: s_min < s_max,
 * T_vaporize_K > T_condense_K, r_in_RM <= r_out_RM, e_mode/e_profile, kernel_H_mode 'fixed'
 * needs H_fixed_over_a, optical_depth with init_tau1.scale_to_tau1, ...). MD_ERR_CONFIG naming
 * the key(s). md_run_validate adds the checks of run_zero_d itself. */
md_status md_params_check(const md_params *p, md_error *err);

/* Name of enum value v of field f ("?" if out of range). */
const char *md_params_enum_name(const md_param_field *f, int v);

#endif
