/* md_run_seed: dynamics.rng_seed or the reference's hashed seed (orchestrator.py: resolve_seed). */
#include "md_run_seed.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_sha256.h"

/* p decimal digits M and exponent e10 with M * 10^e10 reading back as ax, or 0. */
static int digits_read_back(uint64_t M, int e10, double ax) {
    char t[48];
    snprintf(t, sizeof t, "%" PRIu64 "e%d", M, e10);
    return strtod(t, NULL) == ax;
}

/* Shortest round-tripping digits of ax > 0 (Python's dtoa mode 0): digits without trailing
 * zeros and decpt with ax = 0.d1d2... * 10^decpt. For each length p the correctly rounded
 * p digits are tried first, then their neighbours one unit away: next to a power of two the
 * rounding interval is lopsided and the shortest string need not be the nearest one. */
static void shortest_digits(double ax, char digits[20], int *decpt) {
    for (int p = 1; p <= 17; p++) {
        char t[40];
        snprintf(t, sizeof t, "%.*e", p - 1, ax);
        char *e = strchr(t, 'e');
        uint64_t M = 0;
        for (const char *c = t; c < e; c++) {
            if (*c >= '0' && *c <= '9') {
                M = M * 10 + (uint64_t)(*c - '0');
            }
        }
        int e10 = atoi(e + 1) - (p - 1);
        const uint64_t cand[3] = {M, M - 1, M + 1};
        for (int k = 0; k < 3; k++) {
            if (cand[k] > 0 && digits_read_back(cand[k], e10, ax)) {
                int n = snprintf(digits, 20, "%" PRIu64, cand[k]);
                *decpt = e10 + n;
                while (n > 1 && digits[n - 1] == '0') {
                    digits[--n] = '\0';
                }
                return;
            }
        }
    }
    /* %.16e always reads back (17 significant digits); not reached */
    snprintf(digits, 20, "0");
    *decpt = 1;
}

int md_run_seed_float_repr(double x, char *buf, size_t cap) {
    if (isnan(x)) {
        return snprintf(buf, cap, "nan");
    }
    const char *sign = signbit(x) ? "-" : "";
    if (isinf(x)) {
        return snprintf(buf, cap, "%sinf", sign);
    }
    if (x == 0.0) {
        return snprintf(buf, cap, "%s0.0", sign);
    }
    char d[20], out[48];
    int decpt = 0, len = 0;
    shortest_digits(fabs(x), d, &decpt);
    const int n = (int)strlen(d);
    /* pystrtod.c: format_float_short, mode 'r' (repr) */
    if (decpt <= -4 || decpt > 16) {
        int exp10 = decpt - 1;
        snprintf(out, sizeof out, "%c%s%se%c%02d", d[0], n > 1 ? "." : "", d + 1,
                 exp10 < 0 ? '-' : '+', abs(exp10));
    } else if (decpt <= 0) { /* 0.000ddd */
        out[len++] = '0';
        out[len++] = '.';
        for (int k = 0; k < -decpt; k++) {
            out[len++] = '0';
        }
        len += snprintf(out + len, sizeof out - (size_t)len, "%s", d);
    } else if (decpt < n) { /* ddd.ddd */
        len = snprintf(out, sizeof out, "%.*s.%s", decpt, d, d + decpt);
    } else { /* ddd000.0 */
        len = snprintf(out, sizeof out, "%s", d);
        for (int k = n; k < decpt; k++) {
            out[len++] = '0';
        }
        out[len++] = '.';
        out[len++] = '0';
        out[len] = '\0';
    }
    return snprintf(buf, cap, "%s%s", sign, out);
}

md_status md_run_seed_basis(const md_params *p, double r_m, double r_RM,
                            char buf[MD_RUN_SEED_BASIS_MAX], md_error *err) {
    if (isnan(p->radiation.TM_K)) {
        return md_error_set(err, MD_ERR_UNSUPPORTED,
                            "dynamics.rng_seed: the hashed seed needs radiation.TM_K");
    }
    char v[6][32];
    md_run_seed_float_repr(r_m, v[0], sizeof v[0]);
    md_run_seed_float_repr(r_RM, v[1], sizeof v[1]);
    md_run_seed_float_repr(p->disk.geometry.r_in_RM, v[2], sizeof v[2]);
    md_run_seed_float_repr(p->disk.geometry.r_out_RM, v[3], sizeof v[3]);
    md_run_seed_float_repr(p->radiation.TM_K, v[4], sizeof v[4]);
    md_run_seed_float_repr(p->initial.mass_total, v[5], sizeof v[5]);
    if (p->disk.present) {
        snprintf(buf, MD_RUN_SEED_BASIS_MAX,
                 "reference_radius_m=%s|reference_radius_RM=%s|r_source=disk.geometry"
                 "|disk.r_in_RM=%s,r_out_RM=%s|T_M_basis=%s|initial.mass_total=%s",
                 v[0], v[1], v[2], v[3], v[4], v[5]);
    } else {
        snprintf(buf, MD_RUN_SEED_BASIS_MAX,
                 "reference_radius_m=%s|reference_radius_RM=%s|r_source=geometry.r_in_out"
                 "|T_M_basis=%s|initial.mass_total=%s",
                 v[0], v[1], v[4], v[5]);
    }
    return MD_OK;
}

uint64_t md_run_seed_from_basis(const char *basis) {
    uint8_t h[32];
    md_sha256(basis, strlen(basis), h);
    /* the first 8 hex digits are the first 4 bytes, big-endian */
    uint64_t v = (uint64_t)h[0] << 24 | (uint64_t)h[1] << 16 | (uint64_t)h[2] << 8 | h[3];
    return v % (UINT64_C(1) << 31);
}

md_status md_run_seed_resolve(const md_params *p, double r_m, double r_RM, uint64_t *seed,
                              md_error *err) {
    if (p->dynamics.has_rng_seed) {
        *seed = (uint64_t)p->dynamics.rng_seed;
        return MD_OK;
    }
    char basis[MD_RUN_SEED_BASIS_MAX];
    md_status st = md_run_seed_basis(p, r_m, r_RM, basis, err);
    if (st == MD_OK) {
        *seed = md_run_seed_from_basis(basis);
    }
    return st;
}
