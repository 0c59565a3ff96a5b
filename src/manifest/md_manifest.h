/* md_manifest: the sweep manifest (spec 00 "The manifest"): parse, check, expand into runs,
 * resolve table files, check every run's parameters, and give each run a canonical form and a
 * hash.
 *
 * The JSON parser stays inside this module; callers see plain md_params. Loading checks every
 * run's parameter set against the reference's schema (md_params_check) before returning. What
 * the 0D driver supports and the table files' contents are the run layer's to judge
 * (md_run_validate, md_run_check_tables): the CLI calls them for every run before the first
 * starts, and md_run_zero_d refuses an unsupported set itself. Every error is MD_ERR_CONFIG (the
 * CLI's exit status 2) with a message naming the JSON path of the offending value
 * (`grid["radiation.TM_K"][2]`), or the line and column of a syntax error.
 *
 * Expansion order (run_id = position, from 0): the cartesian product of `grid` (axes in written
 * order, the last varying fastest) crossed with the rows of `zip` (zip fastest), each applied on
 * top of `base`; then each entry of `runs` on top of `base`. Without grid and zip the product
 * is empty, unless `runs` is absent too: then `base` alone is one run. Not thread-safe for
 * concurrent loads of the same object; a loaded manifest is read-only and may be shared. */
#ifndef MD_MANIFEST_H
#define MD_MANIFEST_H

#include <signal.h>
#include <stddef.h>

#include "md_params.h"
#include "md_status.h"

typedef struct md_manifest md_manifest;

/* The most runs one manifest may expand to. Above it a manifest is refused at load time (naming
 * the axes and their product) instead of failing later for memory: every rank keeps about
 * 100 bytes per run (its plan, status and place in the schedule), rank 0 another ~100 (the
 * runs' hashes and the layout's columns), so 10 million runs take 1-2 GB a rank. */
enum { MD_MANIFEST_MAX_RUNS = 10000000 };

/* Reads and expands the manifest at path. If stop (may be NULL) becomes non-zero (a signal
 * handler's flag) while the runs are validated, loading ends with MD_ERR_STOPPED. Table files are
 * looked up relative to the manifest's folder first, then in data_dir (NULL: env MARSDISK_DATA_DIR,
 * if set). Returns NULL with err set (MD_ERR_CONFIG; MD_ERR_IO if the file cannot be read;
 * MD_ERR_NOMEM). */
md_manifest *md_manifest_load(const char *path, const char *data_dir,
                              const volatile sig_atomic_t *stop, md_error *err);

/* Same, from JSON text in memory; base_dir (may be NULL: the working directory) plays the role
 * of the manifest's folder and default_name that of its file stem. */
md_manifest *md_manifest_load_text(const char *text, const char *base_dir, const char *default_name,
                                   const char *data_dir, const volatile sig_atomic_t *stop,
                                   md_error *err);

/* Frees *m and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_manifest_free(md_manifest **m);

/* Number of runs (>= 1). */
long md_manifest_n_runs(const md_manifest *m);

/* Fills *out with run i's resolved parameters (table paths absolute). 0 <= i < n_runs. */
md_status md_manifest_run(const md_manifest *m, long i, md_params *out, md_error *err);

/* Run i's canonical form: a one-line JSON object of every key of md_params_fields[] in byte
 * order of the dotted names, values as md_params_format writes them (numbers %.17g, so they
 * round-trip; enums by name; null as null). Table paths appear as written in the manifest (not
 * resolved), so moving the data folder does not change it. Caller frees; NULL on NOMEM. */
char *md_manifest_run_canonical(const md_manifest *m, long i, md_error *err);

/* The first key whose value differs between two canonical forms (md_manifest_run_canonical),
 * written to buf as "<key>: <value in a> / <value in b>" (a key missing on one side reads
 * "absent"). false if they are equal or either is not a canonical form. */
bool md_manifest_canonical_difference(const char *a, const char *b, char *buf, size_t len);

/* The hashes of runs [begin, end) into hex[i - begin], 64 hex digits each: SHA-256 of the run's
 * canonical form (what --resume compares). Loading hashes nothing (--dry-run needs no hash):
 * about 60 us a run, so ranks share the work. MD_ERR_STOPPED if *stop (may be NULL) becomes
 * non-zero meanwhile; MD_ERR_NOMEM. */
md_status md_manifest_hash_range(const md_manifest *m, long begin, long end, char (*hex)[65],
                                 const volatile sig_atomic_t *stop, md_error *err);

/* Keys whose value differs between runs, in the order they first appear in grid, zip, runs. */
int md_manifest_n_varying(const md_manifest *m);
const md_param_field *md_manifest_varying_field(const md_manifest *m, int k);

/* `name` (default: the file name without .json), `description` (default ""). */
const char *md_manifest_name(const md_manifest *m);
const char *md_manifest_description(const md_manifest *m);

/* `output.series_columns`: how many names (-1: absent, every column) and name i, as written. */
int md_manifest_series_column_count(const md_manifest *m);
const char *md_manifest_series_column(const md_manifest *m, int i);

/* `output.path` as written (NULL if absent) and `output.series_stride` (default 1, the
 * reference's io.series_stride default: every step). */
const char *md_manifest_output_path(const md_manifest *m);
long md_manifest_series_stride(const md_manifest *m);

/* The manifest's JSON text exactly as read, and its SHA-256 (64 hex digits). */
const char *md_manifest_json_text(const md_manifest *m);
const char *md_manifest_hash(const md_manifest *m);

/* A short description of how run i was made ("grid[0]=1, grid[1]=0, zip row 1" or "runs[2]"),
 * for --dry-run tables and error messages. Writes into buf; returns buf. */
const char *md_manifest_run_origin(const md_manifest *m, long i, char *buf, size_t len);

#endif
