#!/usr/bin/python3
"""numerics.smol_integrator = "full_step" on whole runs, against what it promises (sweeps/README.md):

  agreement  where the reference's own step is accurate (a narrow grid, dt small enough that
             dt_eff = dt on every step), the reference converges to full_step at dt = 20 s at
             first order: the difference halves with each of three halvings of dt.
  rtol       halving the tolerance converges: rtol 1e-6 vs 1e-9 on a base case over 10,000
             steps agree to 1e-4 (M_loss, final PSD), 1e-9 vs 1e-11 to 1e-7.
  budget     every golden case in full_step mode closes its mass budget to 1e-10 per step.
  period2    supply into the smallest bin above the blow-out size: the reference's step
             oscillates with period 2 (dt_eff S > 2), full_step is smooth and converges in rtol.

    test_full_step.py PART BIN SHARED_DIR WORK_DIR

Exit 77 (skip) when h5py or the golden cases are missing (1 with MD_REQUIRE_READERS=1).
"""
import json
import os
import shutil
import subprocess
import sys

REQUIRED = os.environ.get("MD_REQUIRE_READERS") == "1"
try:
    import h5py
    import numpy as np
except ImportError as e:
    print(f"missing: {e} (apt-get install python3-h5py)")
    sys.exit(1 if REQUIRED else 77)

PART, BIN, SHARED, WORK = sys.argv[1:5]
GOLDEN = os.path.join(SHARED, "golden")
DATA = os.path.join(SHARED, "data")
YEAR = 3.15576e7  # [s]
NARROW = "d12_sweep_T4000_cascade_smax1e-4"  # s_max = 1e-4 m: dt_eff reaches dt at small dt
BASE = "c01_T4000_eps1_tau1"  # the base configuration, 40 bins


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}")
        sys.exit(1)
    print(f"ok: {what}")


def golden_manifest(case):
    path = os.path.join(GOLDEN, case, "manifest.json")
    if not os.path.exists(path):
        print(f"{path} is missing: the golden cases live in ../shared (MD_SHARED_DIR)")
        sys.exit(77)
    with open(path) as f:
        return json.load(f)


def run(case, tag, integrator, end_s=None, dt=None, rtol=None, edit=None):
    """Runs one golden case with overrides, every step recorded; returns the open file."""
    m = golden_manifest(case)
    m["name"] = tag
    numerics = m["base"].setdefault("numerics", {})
    numerics["smol_integrator"] = integrator
    if end_s is not None:
        numerics["t_end_years"] = end_s / YEAR
    if dt is not None:
        numerics["dt_init"] = dt
    if rtol is not None:
        numerics["smol_rtol"] = rtol
    if edit:
        edit(m["base"])
    m.setdefault("output", {})["series_stride"] = 1
    with open(f"{tag}.json", "w") as f:
        json.dump(m, f)
    rc = subprocess.run([BIN, "--quiet", "--force", "--data-dir", DATA, "-o", f"{tag}.h5",
                         f"{tag}.json"]).returncode
    check(rc == 0, f"{tag}: marsdisk-sweep exit {rc}")
    return h5py.File(f"{tag}.h5", "r")


def series(f, name):
    n = int(f["summary/n_steps_done"][0])
    return f["series"][name][0, :n]


def mass_weighted_difference(a, b):
    """sum m |N_a - N_b| / sum m N_b over the final PSDs."""
    m = b["psd/m"][0]
    na, nb = a["psd/N_final"][0], b["psd/N_final"][0]
    return float(np.sum(m * np.abs(na - nb)) / np.sum(m * nb))


def summary(f, name):
    return float(f["summary"][name][0])


def stop_reason(f):
    return bytes(f["summary/stop_reason"][0]).rstrip(b"\0").decode()


def relative(a, b):
    return abs(a - b) / abs(b)


def agreement():
    # Sublimation as a plain sink: with mass_conserving the reference moves every bin whose
    # crossing time is below dt into blow-out, a rule that itself depends on dt.
    def plain_sink(base):
        base["sinks"]["sub_params"]["mass_conserving"] = False

    end = 2000.0
    full = run(NARROW, "agree_full", "full_step", end, 20.0, 1e-10, plain_sink)
    check(stop_reason(full) == "t_end_reached", "full_step reaches t_end")
    prev = None
    for dt in [0.025, 0.0125, 0.00625, 0.003125]:
        ref = run(NARROW, f"agree_ref_{dt}", "reference", end, dt, None, plain_sink)
        check(stop_reason(ref) == "t_end_reached", f"reference dt {dt} reaches t_end")
        dt_eff = series(ref, "smol_dt_eff")
        check(bool(np.all(dt_eff == series(ref, "dt"))), f"reference dt {dt}: dt_eff = dt")
        d_psd = mass_weighted_difference(ref, full)
        d_loss = relative(summary(ref, "M_loss"), summary(full, "M_loss"))
        print(f"dt {dt} s: final PSD {d_psd:.4g}, M_loss {d_loss:.4g}")
        if prev:
            r_psd, r_loss = prev[0] / d_psd, prev[1] / d_loss
            check(1.7 <= r_psd <= 2.3 and 1.7 <= r_loss <= 2.3,
                  f"halving dt to {dt} s halves the difference (PSD x{r_psd:.3f}, "
                  f"M_loss x{r_loss:.3f})")
        prev = (d_psd, d_loss)


def rtol():
    end = 10000 * 20.0
    runs = {r: run(BASE, f"rtol_{r}", "full_step", end, None, r) for r in [1e-6, 1e-9, 1e-11]}
    for r, f in runs.items():
        check(int(summary(f, "n_steps_done")) == 10000, f"rtol {r}: 10,000 steps")
    for a, b, tol in [(1e-6, 1e-9, 1e-4), (1e-9, 1e-11, 1e-7)]:
        d_psd = mass_weighted_difference(runs[a], runs[b])
        d_loss = relative(summary(runs[a], "M_loss"), summary(runs[b], "M_loss"))
        check(d_psd <= tol and d_loss <= tol,
              f"rtol {a} vs {b}: final PSD {d_psd:.3g}, M_loss {d_loss:.3g} (<= {tol})")


def budget():
    cases = sorted(c for c in os.listdir(GOLDEN)
                   if os.path.exists(os.path.join(GOLDEN, c, "manifest.json")))
    check(len(cases) >= 17, f"{len(cases)} golden cases")
    for case in cases:
        f = run(case, f"budget_{case}", "full_step")
        worst = float(np.nanmax(np.append(series(f, "smol_mass_error"), 0.0)))
        check(summary(f, "mass_budget_max_error_percent") <= 1e-8 and worst <= 1e-10,
              f"{case}: largest step budget error {worst:.3g} (<= 1e-10)")


def direction_changes(x):
    """Fraction of successive differences that change sign."""
    d = np.diff(x[np.isfinite(x)])
    d = d[d != 0]
    return float(np.mean(np.sign(d[1:]) != np.sign(d[:-1]))) if len(d) > 2 else 0.0


def period2():
    def min_bin(base):
        base["supply"].setdefault("injection", {})["mode"] = "min_bin"

    end = 0.025 * YEAR
    ref = run(NARROW, "p2_ref", "reference", end, None, None, min_bin)
    n = len(series(ref, "Sigma_surf"))
    late = slice(n // 2, n)
    osc = direction_changes(series(ref, "Sigma_surf")[late])
    halved = float(np.mean(series(ref, "smol_dt_eff")[late] < 20.0))
    check(osc > 0.5 and halved > 0.3,
          f"reference: Sigma_surf changes direction on {osc:.0%} of the late steps, dt_eff halved "
          f"on {halved:.0%} (the period-2 cycle is there)")
    full = {r: run(NARROW, f"p2_full_{r}", "full_step", end, None, r, min_bin) for r in [1e-6, 1e-8]}
    smooth = direction_changes(series(full[1e-6], "Sigma_surf")[late])
    check(smooth < 0.01, f"full_step: Sigma_surf changes direction on {smooth:.2%} of them")
    d = relative(summary(full[1e-6], "M_loss"), summary(full[1e-8], "M_loss"))
    d_psd = mass_weighted_difference(full[1e-6], full[1e-8])
    check(d <= 1e-4 and d_psd <= 1e-4,
          f"full_step rtol 1e-6 vs 1e-8: M_loss {d:.3g}, final PSD {d_psd:.3g} (<= 1e-4)")
    steps = series(full[1e-6], "smol_internal_steps")
    print(f"full_step internal steps per outer step: median {np.median(steps):g}, "
          f"max {np.max(steps):g}")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
os.chdir(WORK)
{"agreement": agreement, "rtol": rtol, "budget": budget, "period2": period2}[PART]()
