/* md_cf: CF attributes of a column (see md_cf.h). */
#include "md_cf.h"
#include "md_constants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model's own units and their value in SI, written as UDUNITS scaled units. */
static const struct {
    const char *name;
    double si;
    const char *si_unit;
} named_units[] = {{"M_Mars", MD_M_MARS, "kg"}, {"R_Mars", MD_R_MARS, "m"}};

/* "code: 0 solid, 1 vapor": values and words. */
static md_status parse_codes(const char *list, md_cf_attrs *out, md_error *err) {
    const char *p = list;
    out->flag_meanings[0] = '\0';
    while (*p) {
        char *end = NULL;
        double v = strtod(p, &end);
        char word[64];
        int n = 0;
        if (end == p || sscanf(end, " %63[^, ]%n", word, &n) != 1 ||
            out->n_flags == MD_CF_MAX_FLAGS)
            return md_error_set(err, MD_ERR_CONFIG, "malformed code list '%s'", list);
        size_t used = strlen(out->flag_meanings);
        snprintf(out->flag_meanings + used, sizeof out->flag_meanings - used, "%s%s",
                 used ? " " : "", word);
        out->flag_values[out->n_flags++] = v;
        p = end + n;
        p += strspn(p, ", ");
    }
    return out->n_flags > 0 ? MD_OK
                            : md_error_set(err, MD_ERR_CONFIG, "empty code list '%s'", list);
}

md_status md_cf_translate(const char *units, md_cf_attrs *out, md_error *err) {
    memset(out, 0, sizeof *out);
    if (strncmp(units, "code:", 5) == 0) {
        snprintf(out->units, sizeof out->units, "1");
        return parse_codes(units + 5, out, err);
    }
    if (strcmp(units, "bool") == 0) {
        snprintf(out->units, sizeof out->units, "1");
        return parse_codes("0 false, 1 true", out, err);
    }
    if (strcmp(units, "count") == 0 || strcmp(units, "%") == 0 || strcmp(units, "-") == 0 ||
        units[0] == '\0') {
        snprintf(out->units, sizeof out->units, "%s", units[0] == '%' ? "percent" : "1");
        return MD_OK;
    }
    for (size_t i = 0; i < sizeof named_units / sizeof named_units[0]; i++) {
        size_t n = strlen(named_units[i].name);
        if (strncmp(units, named_units[i].name, n) == 0 && (units[n] == '\0' || units[n] == ' ')) {
            int w = snprintf(out->units, sizeof out->units, "%.10g %s%s", named_units[i].si,
                             named_units[i].si_unit, units + n);
            return w < (int)sizeof out->units
                       ? MD_OK
                       : md_error_set(err, MD_ERR_CONFIG, "unit '%s' too long", units);
        }
    }
    if (strlen(units) >= sizeof out->units)
        return md_error_set(err, MD_ERR_CONFIG, "unit '%s' too long", units);
    snprintf(out->units, sizeof out->units, "%s", units);
    return MD_OK;
}
