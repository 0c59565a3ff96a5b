/* md_workspace: everything a rank reuses across runs (spec 00 "Parallel behaviour", 10 §1.3):
 * the SmolSinkWorkspace buffers (kernel, loss, gain, source, ds/dt, fragment tables, IMEX
 * scratch), the PSD cache keyed on the size-grid version, and the table cache (Q_pr, Phi).
 * Opaque; one per rank, never shared. Resized only when n_bins changes. */
#ifndef MD_WORKSPACE_H
#define MD_WORKSPACE_H

#include "md_status.h"

typedef struct md_workspace md_workspace;

/* Creates an empty workspace (buffers are sized on the first run). NULL on failure (err set). */
md_workspace *md_workspace_create(md_error *err);

/* Frees *ws and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_workspace_free(md_workspace **ws);

#endif
