/* golden_csv: a small reader for the reference's CSV outputs (series_run.csv, psd_final.csv, ...).
 *
 * RFC 4180 subset: comma separated, one header line, fields may be double-quoted (a quote inside
 * is doubled), no line breaks inside fields. Cells are kept as text; golden_csv_number turns one
 * into a double following the reference's writer: 17-significant-digit floats (they round-trip),
 * an empty cell is NaN (null), True/False are 1/0, "nan"/"inf" as strtod reads them. */
#ifndef GOLDEN_CSV_H
#define GOLDEN_CSV_H

#include <stddef.h>

typedef struct golden_csv golden_csv;

/* Reads the whole file. NULL with a message in msg (len bytes) when it cannot be read or a row
 * has a different number of fields than the header. */
golden_csv *golden_csv_read(const char *path, char *msg, size_t len);

/* Frees *c and sets it to NULL; accepts NULL and a pointer to NULL. */
void golden_csv_free(golden_csv **c);

long golden_csv_rows(const golden_csv *c);
int golden_csv_cols(const golden_csv *c);
const char *golden_csv_name(const golden_csv *c, int col);

/* Index of the column with this header name, or -1. */
int golden_csv_find(const golden_csv *c, const char *name);

/* The cell's text (unquoted). */
const char *golden_csv_text(const golden_csv *c, long row, int col);

/* The cell as a number (see above). Returns 0 and sets *out, or -1 when the text is not a number
 * (a string cell). */
int golden_csv_number(const golden_csv *c, long row, int col, double *out);

/* 1 when every non-empty cell of the column is a number, else 0. */
int golden_csv_is_numeric(const golden_csv *c, int col);

#endif
