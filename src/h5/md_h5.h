/* md_h5: the sweep's HDF5 file (spec 00 "The HDF5 file"), written through parallel HDF5 (MPI-IO),
 * laid out as netCDF-4 defines HDF5 files (dimension scales, char arrays), so that xarray (both
 * engines), netCDF-C (ncdump) and h5py read it directly. Format version 3:
 *
 *   /                    attrs format, format_version, program_version, manifest, manifest_hash,
 *                              n_runs, output_layout, created_utc, Conventions
 *   /summary/            netCDF group, dimension run
 *       run              [run] int64 run ids, the coordinate of the run dimension
 *       <param key>      [run] varying parameters (float64, or char [run][strlenN]); the other
 *                              columns name them in `coordinates`
 *       <name>           [run] md_summary_fields[] + n_steps, n_samples, wall_seconds, rank,
 *                              finished_unix_s; case_status, stop_reason (char arrays)
 *       status           [run] uint8: 0 pending, 1 done, 2 failed (the completion mark)
 *       error            [run][strlen512] char: message of a failed run
 *       param_hash       [run][strlen128] char
 *   /series/             run, <param key> as in /summary; dimension sample (the longest run's)
 *       <column>         [run][sample] md_series_columns[] (all, or output.series_columns); row i
 *                              is run i's series, NaN after its last sample; coordinate time
 *   /psd/                run, <param key>; dimension bin (the most bins of any run)
 *       {s,width,m,N_initial,N_final} [run][bin]; coordinate s
 *   /storage/            where those values lie: series [run][column][sample], psd
 *                              [run][quantity][bin], summary [run][field] (the model's summary
 *                              values); /series/<column>, /psd/<name> and the model's columns of
 *                              /summary are HDF5 virtual datasets, each a slice of one of these
 * Nothing is made per run: the file has the same objects for 10 runs as for a million, so the
 * layout takes milliseconds (plus writing NaN over the tables) and its metadata about 0.4 MB;
 * a run's series, PSD and summary values are one contiguous block of each table, so a rank
 * writes a run with 3 writes plus ~10 for the bookkeeping columns, not one per column.
 * Every variable has long_name, and units in UDUNITS syntax where it is a number (Mars masses as
 * "6.4171e+23 kg"), flag_values/flag_meanings where it is a code or a flag.
 * Version 2 had a group /runs/<id:06d> per run (attrs run_id, param_hash, parameters; series/
 * and psd/ with one variable per column): ~147 objects and ~80 KB of metadata per run, built
 * serially on rank 0 (4-5 ms a run). Virtual datasets need HDF5 >= 1.10 to read (netCDF-C,
 * h5py and xarray read them as any variable). Version 1 (up to 0.x) had /parameters/<key>, /status
 * and /error at the root and stored text as HDF5 fixed-length strings, which netCDF-C 4.9.0 cannot
 * read.
 *
 * Consistency under kill -9: rank 0 builds every group, dataset and attribute up front (serially,
 * contiguous storage allocated and filled at creation: NaN for series and float summaries, 0 for
 * /status) in a temporary file next to the output (md_h5tmp.h), closes and fsyncs it and renames
 * it to the output path: that path holds a complete layout or what it held before (nothing, or
 * the file --force replaces), never a half-built one. Only then do all ranks open it through
 * MPI-IO. After that a rank writes only raw data of its own runs, independently, into storage
 * that already exists, so no metadata ever changes again. Each rank looks up where each storage
 * table lies (contiguous and allocated at creation; run i's block at a fixed stride)
 * and writes with MPI_File_write_at on HDF5's own MPI-IO handle, as HDF5's MPI-IO driver would
 * (no cache in between); the status byte is written after all of a run's data: a process killed
 * at any point leaves every run marked done intact.
 *
 * The file has the HDF5 1.8 superblock (v2), and objects of the 1.10 format only where needed
 * (the virtual datasets): the 1.10 format's superblock v3 marks each read-write open, and a file
 * cut by kill -9 would refuse to open until h5clear'ed.
 *
 * Raw writes are independent on purpose: collective writes hang with HDF5 1.10.8 + Open MPI 4.1
 * OMPIO (HDFGroup/hdf5#1227), and runs finish at different times on different ranks anyway.
 *
 * HDF5 stays inside this module (no hdf5.h here). */
#ifndef MD_H5_H
#define MD_H5_H

#include "md_run.h"
#include "md_status.h"

#include <mpi.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define MD_H5_FORMAT "marsdisk-sweep"
#define MD_H5_FORMAT_VERSION 3
#define MD_H5_ERROR_LEN 512 /* /summary/error: bytes of a message (longer ones are cut) */
#define MD_H5_HASH_LEN 128  /* longest manifest/param hash accepted, bytes incl. terminator */
/* NAME of a netCDF dimension that has no variable of its own (then its length, %10d). */
#define MD_H5_BARE_DIMENSION "This is a netCDF dimension but not a netCDF variable."

/* Values of /status. */
enum { MD_H5_PENDING = 0, MD_H5_DONE = 1, MD_H5_FAILED = 2 };

/* One varying parameter: values for every run, either numbers or strings (the other NULL). */
typedef struct md_h5_param {
    const char *key;            /* dotted key, used as the dataset name */
    const char *units;          /* unit string ("K", "" ...); NULL: "" */
    const double *values;       /* [n_runs] or NULL */
    const char *const *strings; /* [n_runs] or NULL */
} md_h5_param;

/* Everything md_h5_create needs to lay the whole file out. Caller owns all arrays. */
typedef struct md_h5_sweep {
    long n_runs;
    const volatile sig_atomic_t *stop; /* may be NULL; non-zero: stop building (MD_ERR_STOPPED) */
    const char *manifest_json;         /* manifest text (root attr "manifest") */
    const char *manifest_hash;         /* hash checked by --resume */
    const char *program_version;
    int n_params;
    const md_h5_param *params;     /* [n_params] */
    long n_samples;                /* the longest run's series length (md_run_plan.n_samples) */
    int n_bins;                    /* the most PSD bins of any run */
    const char *const *param_hash; /* [n_runs] */
    const bool *series_keep;       /* [md_series_column_count] columns to store; NULL: all */
    const char *output_layout;     /* the output options that shape the file ("series_stride 10,
                                    * series_columns all"), root attr compared by md_h5_probe */
} md_h5_sweep;

typedef struct md_h5 md_h5;

/* Bytes the file of sweep sw will take on disk: a run's share of the series and PSD (its
 * rows, as long as the longest run's; the same for every run) with run >= 0, or with run = -1
 * the whole file. Raw data is counted
 * exactly; metadata from per-object sizes measured on this layout (bench/sweep_bench.c), so the
 * total is an estimate, within a few percent. Reads only n_runs, n_params/params, n_samples,
 * n_bins, series_keep. */
double md_h5_estimate_bytes(const md_h5_sweep *sw, long run);

/* Collective over comm (the writer works on a duplicate of it, freed by md_h5_close, so its
 * collectives never meet the caller's traffic). Rank 0 builds the whole layout, the root
 * attributes and the parameter values in a temporary file and renames it to path (replacing any
 * file there only then); then every rank opens path for independent raw writes and looks up
 * where each column lies (nothing kept per run). Ranks other than 0 read only sweep->n_runs.
 * NULL on every rank on failure (err: MD_ERR_IO naming path; the temporary is removed and path
 * is as it was). */
md_h5 *md_h5_create(const char *path, MPI_Comm comm, const md_h5_sweep *sweep, md_error *err);

/* Not collective; no MPI-IO (plain POSIX read). Checks, before anything is decided, that path
 * is a marsdisk-sweep file of this format version laid out for the same runs: the same
 * output_layout (md_h5_sweep), n_runs runs, run i with parameter hash param_hash[i] (so a manifest
 * whose text changed, its indentation, description or key order, still matches). MD_ERR_IO if it
 * is not a readable marsdisk-sweep file; MD_ERR_CONFIG if it is another version, another output
 * layout or number of runs (*differs = -1) or run *differs has other parameters. Touches
 * nothing. */
md_status md_h5_probe(const char *path, const char *output_layout, long n_runs,
                      const char *const *param_hash, long *differs, md_error *err);

/* Collective over comm. Opens an existing file (checked by md_h5_probe) for writing, checks
 * that it holds n_runs runs, and reads /summary/status into status[n_runs] on every rank. */
md_h5 *md_h5_open(const char *path, MPI_Comm comm, long n_runs, uint8_t *status, md_error *err);

/* Independent. Prepares the per-rank series buffer for a run with n_samples rows (NaN-filled;
 * grown only when a run needs more) and points observer at this writer: each sample the driver
 * emits is stored, nothing is written until md_h5_write_done. */
md_status md_h5_run_begin(md_h5 *h, long run_id, long n_samples, md_observer *observer,
                          md_error *err);

/* Per-run bookkeeping recorded in /summary alongside the model's own values. */
typedef struct md_h5_run_info {
    double wall_seconds;    /* wall time of the run [s] */
    int rank;               /* rank that ran it */
    double finished_unix_s; /* completion time [s since 1970-01-01 UTC] */
} md_h5_run_info;

/* Independent. Writes the run begun with md_h5_run_begin: series (whole length, NaN after the
 * last emitted sample), PSD, summary values, then status 1 (the completion mark). */
md_status md_h5_write_done(md_h5 *h, long run_id, const md_run_result *result,
                           const md_h5_run_info *info, md_error *err);

/* Independent. Records a failed run: message in /error, bookkeeping in /summary, status 2. */
md_status md_h5_write_failed(md_h5 *h, long run_id, const char *message, const md_h5_run_info *info,
                             md_error *err);

/* Collective. Closes the file (flushing it) and frees *h; accepts NULL and a pointer to NULL.
 * Returns MD_ERR_IO if the final flush/close failed. */
md_status md_h5_close(md_h5 **h, md_error *err);

#endif
