/* md_h5 with one rank on a temporary file: the layout spec 00 promises, values and attributes
 * read back, resume refusal for another manifest, and failed-run records. */
#define _POSIX_C_SOURCE 200809L /* setenv, getpid */
#include "md_h5.h"
#include "md_h5read.h"
#include "md_test_support.h"
#include "../../mpi/md_lsan_mpi.h"

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { N_RUNS = 3 };
static const long n_samples[N_RUNS] = {3, 5, 2};
static const int n_bins[N_RUNS] = {4, 4, 3};
static char path[256];

static md_h5 *make_file_keeping(const bool *series_keep) {
    static const double tm[N_RUNS] = {3000, 4000, 5000};
    static const char *const modes[N_RUNS] = {"none", "sublimation", "sublimation"};
    static const char *const hashes[N_RUNS] = {"h0", "h1", "h2"};
    md_h5_param params[2] = {{"radiation.TM_K", "K", tm, NULL}, {"sinks.mode", "", NULL, modes}};
    md_h5_sweep sw = {.n_runs = N_RUNS,
                      .manifest_json = "{\"name\":\"t\"}",
                      .manifest_hash = "abc123",
                      .program_version = "test",
                      .n_params = 2,
                      .params = params,
                      .n_samples = n_samples[1], /* the longest */
                      .n_bins = n_bins[0],       /* the most */
                      .param_hash = hashes,
                      .series_keep = series_keep,
                      .output_layout = "series_stride 1"};
    md_error err;
    md_h5 *h = md_h5_create(path, MPI_COMM_SELF, &sw, &err);
    ck_assert_msg(h != NULL, "create: %s", err.msg);
    return h;
}

static md_h5 *make_file(void) {
    return make_file_keeping(NULL);
}

START_TEST(layout_has_every_group_dataset_and_attribute) {
    md_h5 *h = make_file();
    md_error err;
    ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
    ck_assert_ptr_null(h);
    md_h5read *r = md_h5read_open(path, &err);
    ck_assert_ptr_nonnull(r);
    char buf[256];
    ck_assert_int_eq(md_h5read_attr(r, "/", "format", buf, sizeof buf, &err), MD_OK);
    ck_assert_str_eq(buf, "marsdisk-sweep");
    md_h5read_attr(r, "/", "manifest_hash", buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "abc123");
    md_h5read_attr(r, "/", "n_runs", buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "3");
    md_h5read_attr(r, "/", "manifest", buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "{\"name\":\"t\"}");
    ck_assert_int_eq(md_h5read_attr(r, "/", "created_utc", buf, sizeof buf, &err), MD_OK);
    ck_assert_int_eq((int)strlen(buf), 20); /* 2026-01-01T00:00:00Z */
    ck_assert_int_eq(md_h5read_attr(r, "/", "format_version", buf, sizeof buf, &err), MD_OK);
    ck_assert_int_eq(md_h5read_attr(r, "/", "program_version", buf, sizeof buf, &err), MD_OK);
    md_h5read_string(r, "summary/param_hash", 2, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "h2");

    double v[N_RUNS];
    ck_assert_int_eq(md_h5read_doubles(r, "summary/radiation.TM_K", v, N_RUNS, &err), MD_OK);
    ck_assert(v[0] == 3000 && v[1] == 4000 && v[2] == 5000);
    md_h5read_string(r, "summary/sinks.mode", 1, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "sublimation");
    md_h5read_attr(r, "summary/radiation.TM_K", "units", buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "K");

    /* Pending everywhere: status 0, series NaN, rank -1. */
    md_h5read_doubles(r, "summary/status", v, N_RUNS, &err);
    ck_assert(v[0] == 0 && v[1] == 0 && v[2] == 0);
    md_h5read_doubles(r, "summary/rank", v, N_RUNS, &err);
    ck_assert(v[0] == -1 && v[2] == -1);
    /* The series and PSD: one variable per column indexed by run, rows as long as the longest
     * run's; the run coordinate and the varying parameters in each group. */
    char col[128];
    snprintf(col, sizeof col, "series/%s", md_series_columns[0].name);
    ck_assert_int_eq(md_h5read_length(r, col), N_RUNS);
    ck_assert_int_eq(md_h5read_row_length(r, col), 5);
    double s5[5];
    ck_assert_int_eq(md_h5read_row(r, col, 2, s5, 5, &err), MD_OK);
    ck_assert(isnan(s5[0]) && isnan(s5[4]));
    ck_assert_int_eq(md_h5read_row(r, col, N_RUNS, s5, 5, &err), MD_ERR_IO);
    ck_assert_int_eq(md_h5read_row(r, col, 0, s5, 6, &err), MD_ERR_IO);
    ck_assert_int_eq(md_h5read_row_length(r, "psd/N_final"), 4);
    for (int g = 0; g < 3; g++) {
        const char *group = (const char *[]){"summary", "series", "psd"}[g];
        snprintf(col, sizeof col, "%s/run", group);
        ck_assert_int_eq(md_h5read_doubles(r, col, v, N_RUNS, &err), MD_OK);
        ck_assert(v[0] == 0 && v[2] == 2);
        snprintf(col, sizeof col, "%s/radiation.TM_K", group);
        ck_assert_int_eq(md_h5read_doubles(r, col, v, N_RUNS, &err), MD_OK);
        ck_assert(v[1] == 4000);
    }
    for (int i = 0; i < md_summary_field_count; i++) {
        snprintf(col, sizeof col, "summary/%s", md_summary_fields[i].name);
        ck_assert_int_eq(md_h5read_length(r, col), N_RUNS);
    }
    long nd = 0;
    ck_assert_msg(md_h5read_check_attrs(r, &nd, &err) == MD_OK, "%s", err.msg);
    /* series + 5 psd + summary + status/error + 3 x (run + 2 parameters): nothing per run */
    ck_assert_int_ge(nd, md_series_column_count + 5 + md_summary_field_count + 2 + 9);
    ck_assert_int_le(nd, md_series_column_count + 5 + md_summary_field_count + 20 + 9);
    md_h5read_close(&r);
    ck_assert_ptr_null(r);
}
END_TEST

/* A fake run of n_samples[1] planned samples that stops early: row r of column c is
 * 100 r + c for r < 3; PSD k + 1; summary i + 0.5. Written as run `id` of h. */
static void write_fake_run(md_h5 *h, long id) {
    md_error err;
    md_observer obs = {0};
    ck_assert_int_eq(md_h5_run_begin(h, id, n_samples[1], &obs, &err), MD_OK);
    double *row = calloc((size_t)md_series_column_count, sizeof *row);
    for (long smp = 0; smp < 3; smp++) { /* early stop: 3 of 5 samples */
        for (int c = 0; c < md_series_column_count; c++)
            row[c] = 100.0 * (double)smp + c;
        ck_assert_int_eq(obs.on_sample(obs.ctx, smp, smp * 10, row, &err), MD_OK);
    }
    ck_assert_int_eq(obs.on_sample(obs.ctx, 5, 50, row, &err), MD_ERR_INTERNAL);
    double *summary = calloc((size_t)md_summary_field_count, sizeof *summary);
    for (int i = 0; i < md_summary_field_count; i++)
        summary[i] = 0.5 + i;
    double psd[4] = {1, 2, 3, 4};
    md_run_result res = {.summary = summary,
                         .n_steps_done = 21,
                         .n_samples = 3,
                         .n_bins = 4,
                         .psd_s = psd,
                         .psd_width = psd,
                         .psd_m = psd,
                         .psd_N_initial = psd,
                         .psd_N_final = psd};
    strcpy(res.case_status, "blowout");
    strcpy(res.stop_reason, "tau_exceeded");
    md_h5_run_info info = {.wall_seconds = 1.25, .rank = 0, .finished_unix_s = 1.7e9};
    ck_assert_msg(md_h5_write_done(h, id, &res, &info, &err) == MD_OK, "%s", err.msg);
    free(row);
    free(summary);
}

/* Reads back what write_fake_run wrote as run 1. */
static void check_fake_run(md_h5read *r) {
    md_error err;
    double v[5], x[N_RUNS];
    char name[128], buf[64];
    snprintf(name, sizeof name, "series/%s", md_series_columns[1].name);
    ck_assert_int_eq(md_h5read_row(r, name, 1, v, 5, &err), MD_OK);
    ck_assert(v[0] == 1 && v[1] == 101 && v[2] == 201 && isnan(v[3]) && isnan(v[4]));
    ck_assert_int_eq(md_h5read_row(r, name, 0, v, 5, &err), MD_OK); /* the neighbours untouched */
    ck_assert(isnan(v[0]) && isnan(v[4]));
    ck_assert_int_eq(md_h5read_row(r, name, 2, v, 5, &err), MD_OK);
    ck_assert(isnan(v[0]) && isnan(v[4]));
    snprintf(name, sizeof name, "series/%s", md_series_columns[md_series_column_count - 1].name);
    md_h5read_row(r, name, 1, v, 5, &err);
    ck_assert(v[2] == 200.0 + (md_series_column_count - 1) && isnan(v[3]));
    md_h5read_row(r, "psd/m", 1, v, 4, &err);
    ck_assert(v[0] == 1 && v[3] == 4);
    md_h5read_row(r, "psd/N_final", 1, v, 4, &err);
    ck_assert(v[0] == 1 && v[3] == 4);
    snprintf(name, sizeof name, "summary/%s", md_summary_fields[2].name);
    md_h5read_doubles(r, name, x, N_RUNS, &err);
    ck_assert(isnan(x[0]) && x[1] == 2.5);
    md_h5read_doubles(r, "summary/n_samples", x, N_RUNS, &err);
    ck_assert(x[1] == 3);
    md_h5read_doubles(r, "summary/rank", x, N_RUNS, &err);
    ck_assert(x[1] == 0);
    md_h5read_doubles(r, "summary/wall_seconds", x, N_RUNS, &err);
    ck_assert(x[1] == 1.25);
    md_h5read_string(r, "summary/stop_reason", 1, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "tau_exceeded");
    md_h5read_string(r, "summary/case_status", 1, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "blowout");
    md_h5read_string(r, "summary/error", 1, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "");
}

START_TEST(done_and_failed_runs_read_back) {
    md_h5 *h = make_file();
    md_error err;
    write_fake_run(h, 1);
    md_h5_run_info info = {.wall_seconds = 1.25, .rank = 0, .finished_unix_s = 1.7e9};
    ck_assert_int_eq(md_h5_write_failed(h, 2, "tau became NaN at step 7", &info, &err), MD_OK);
    ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);

    md_h5read *r = md_h5read_open(path, &err);
    double st[N_RUNS], x[N_RUNS];
    md_h5read_doubles(r, "summary/status", st, N_RUNS, &err);
    ck_assert(st[0] == MD_H5_PENDING && st[1] == MD_H5_DONE && st[2] == MD_H5_FAILED);
    check_fake_run(r);
    char buf[MD_H5_ERROR_LEN];
    snprintf(buf, sizeof buf, "summary/%s", md_summary_fields[2].name);
    md_h5read_doubles(r, buf, x, N_RUNS, &err);
    ck_assert(isnan(x[2])); /* a failed run has no model summary */
    md_h5read_doubles(r, "summary/wall_seconds", x, N_RUNS, &err);
    ck_assert(x[2] == 1.25);
    md_h5read_string(r, "summary/error", 2, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "tau became NaN at step 7");
    md_h5read_close(&r);
}
END_TEST

/* Text is a netCDF char array [run][width]: a message longer than the column is cut to its
 * width, never spills into the next run's row, and a shorter one leaves no old bytes behind. */
START_TEST(text_is_stored_as_char_arrays_cut_to_width) {
    md_h5 *h = make_file();
    md_error err;
    md_h5_run_info info = {.rank = 0};
    char long_msg[MD_H5_ERROR_LEN + 200];
    memset(long_msg, 'x', sizeof long_msg - 1);
    long_msg[sizeof long_msg - 1] = '\0';
    ck_assert_int_eq(md_h5_write_failed(h, 0, long_msg, &info, &err), MD_OK);
    ck_assert_int_eq(md_h5_write_failed(h, 1, long_msg, &info, &err), MD_OK);
    ck_assert_int_eq(md_h5_write_failed(h, 1, "short", &info, &err), MD_OK); /* a retry */
    ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
    md_h5read *r = md_h5read_open(path, &err);
    char buf[2 * MD_H5_ERROR_LEN];
    ck_assert_int_eq(md_h5read_string(r, "summary/error", 0, buf, sizeof buf, &err), MD_OK);
    ck_assert_int_eq((int)strlen(buf), MD_H5_ERROR_LEN);
    ck_assert_int_eq(md_h5read_string(r, "summary/error", 1, buf, sizeof buf, &err), MD_OK);
    ck_assert_str_eq(buf, "short");
    ck_assert_int_eq(md_h5read_length(r, "summary/error"), N_RUNS);
    ck_assert_int_eq(md_h5read_length(r, "summary/strlen512"), MD_H5_ERROR_LEN);
    md_h5read_string(r, "summary/param_hash", 2, buf, sizeof buf, &err);
    ck_assert_str_eq(buf, "h2");
    /* a numeric column is not text */
    ck_assert_int_eq(md_h5read_string(r, "summary/status", 0, buf, sizeof buf, &err), MD_ERR_IO);
    md_h5read_close(&r);
}
END_TEST

/* A run longer than the file's rows is refused, and nothing is marked. */
START_TEST(run_of_another_length_is_refused) {
    md_h5 *h = make_file();
    md_error err;
    md_observer obs = {0};
    ck_assert_int_eq(md_h5_run_begin(h, 0, n_samples[1] + 1, &obs, &err), MD_OK);
    double *summary = calloc((size_t)md_summary_field_count, sizeof *summary), psd[4] = {0};
    md_run_result res = {.summary = summary,
                         .n_bins = n_bins[0],
                         .psd_s = psd,
                         .psd_width = psd,
                         .psd_m = psd,
                         .psd_N_initial = psd,
                         .psd_N_final = psd};
    md_h5_run_info info = {.rank = 0};
    ck_assert_int_eq(md_h5_write_done(h, 0, &res, &info, &err), MD_ERR_INTERNAL);
    ck_assert_msg(strstr(err.msg, "run 000000") != NULL, "%s", err.msg);
    free(summary);
    ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
    md_h5read *r = md_h5read_open(path, &err);
    double st[N_RUNS];
    md_h5read_doubles(r, "summary/status", st, N_RUNS, &err);
    ck_assert(st[0] == MD_H5_PENDING);
    md_h5read_close(&r);
}
END_TEST

START_TEST(resume_checks_manifest_and_reads_status) {
    md_h5 *h = make_file();
    md_error err;
    md_h5_run_info info = {.rank = 0};
    md_h5_write_failed(h, 0, "x", &info, &err);
    md_h5_close(&h, &err);

    /* Same runs, whatever the manifest's text: resumable. */
    const char *same[N_RUNS] = {"h0", "h1", "h2"}, *other[N_RUNS] = {"h0", "h1", "hX"};
    long differs = 7;
    ck_assert_msg(md_h5_probe(path, "series_stride 1", N_RUNS, same, &differs, &err) == MD_OK, "%s",
                  err.msg);
    ck_assert_int_eq(md_h5_probe(path, "series_stride 1", N_RUNS, other, &differs, &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(differs, 2);
    ck_assert_msg(strstr(err.msg, "run 000002") && strstr(err.msg, "hX"), "%s", err.msg);
    ck_assert_int_eq(md_h5_probe(path, "series_stride 1", N_RUNS - 1, same, &differs, &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(differs, -1);
    ck_assert_int_eq(md_h5_probe(path, "series_stride 2", N_RUNS, same, &differs, &err),
                     MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "series_stride 1") && strstr(err.msg, "series_stride 2"), "%s",
                  err.msg);

    uint8_t status[N_RUNS] = {9, 9, 9};
    h = md_h5_open(path, MPI_COMM_SELF, N_RUNS - 1, status, &err);
    ck_assert_ptr_null(h);
    ck_assert_int_eq(err.status, MD_ERR_CONFIG);
    h = md_h5_open(path, MPI_COMM_SELF, N_RUNS, status, &err);
    ck_assert_msg(h != NULL, "%s", err.msg);
    ck_assert(status[0] == MD_H5_FAILED && status[1] == MD_H5_PENDING);
    write_fake_run(h, 1); /* a resumed file's run is located when written */
    ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
    md_h5read *r = md_h5read_open(path, &err);
    ck_assert_ptr_nonnull(r);
    double st[N_RUNS];
    md_h5read_doubles(r, "summary/status", st, N_RUNS, &err);
    ck_assert(st[0] == MD_H5_FAILED && st[1] == MD_H5_DONE && st[2] == MD_H5_PENDING);
    check_fake_run(r);
    md_h5read_close(&r);

    FILE *f = fopen(path, "w"); /* not HDF5 */
    fputs("hello\n", f);
    fclose(f);
    ck_assert_int_eq(md_h5_probe(path, "series_stride 1", N_RUNS, same, &differs, &err), MD_ERR_IO);
}
END_TEST

/* output.series_columns: only the kept columns exist, and each holds its own values (the run's
 * data is written around the gaps), also when a resumed file looks the columns up. */
START_TEST(series_columns_left_out_are_absent_and_the_rest_in_place) {
    bool keep[MD_COL_COUNT] = {false};
    const int kept[] = {MD_COL_TIME, 5, 6, md_series_column_count - 1};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        keep[kept[i]] = true;
    md_error err;
    for (int resumed = 0; resumed < 2; resumed++) {
        md_h5 *h = make_file_keeping(keep);
        uint8_t status[N_RUNS];
        if (resumed) {
            ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
            h = md_h5_open(path, MPI_COMM_SELF, N_RUNS, status, &err);
            ck_assert_msg(h != NULL, "%s", err.msg);
        }
        write_fake_run(h, 1);
        ck_assert_int_eq(md_h5_close(&h, &err), MD_OK);
        md_h5read *r = md_h5read_open(path, &err);
        char name[128];
        double v[5];
        for (int c = 0; c < md_series_column_count; c++) {
            snprintf(name, sizeof name, "series/%s", md_series_columns[c].name);
            ck_assert_int_eq(md_h5read_row_length(r, name), keep[c] ? 5 : -1);
            if (!keep[c])
                continue;
            ck_assert_int_eq(md_h5read_row(r, name, 1, v, 5, &err), MD_OK);
            ck_assert_msg(v[0] == c && v[2] == 200 + c && isnan(v[3]), "%s: %g %g", name, v[0],
                          v[2]);
        }
        md_h5read_row(r, "psd/N_final", 1, v, 4, &err);
        ck_assert(v[0] == 1 && v[3] == 4);
        md_h5read_close(&r);
        remove(path);
    }
}
END_TEST

/* Every test's file goes away after it, whether it passed or not. */
static void remove_file(void) {
    remove(path);
}

int main(int argc, char **argv) {
    md_lsan_mpi_setenv();
    MPI_Init(&argc, &argv);
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/md_test_h5_%ld.h5", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    Suite *s = suite_create("h5");
    TCase *tc = tcase_create("writer");
    tcase_add_checked_fixture(tc, NULL, remove_file);
    tcase_add_test(tc, layout_has_every_group_dataset_and_attribute);
    tcase_add_test(tc, done_and_failed_runs_read_back);
    tcase_add_test(tc, run_of_another_length_is_refused);
    tcase_add_test(tc, text_is_stored_as_char_arrays_cut_to_width);
    tcase_add_test(tc, resume_checks_manifest_and_reads_status);
    tcase_add_test(tc, series_columns_left_out_are_absent_and_the_rest_in_place);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* MPI must not be forked */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    MPI_Finalize();
    return failed ? 1 : 0;
}
