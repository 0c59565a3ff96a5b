#!/usr/bin/python3
"""What the README promises about reading a sweep file with the field's tools: xarray with both
engines (netCDF4 and h5netcdf), ncdump, UDUNITS. Runs a small sweep with one failed run, then
reads it the way users do. Exit 77 (skip) if Debian's readers are not installed.

    test_netcdf.py BIN SRC_DIR WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import time

REQUIRED = os.environ.get("MD_REQUIRE_READERS") == "1"  # CI: a missing reader fails

try:
    import numpy as np
    import xarray as xr
    import netCDF4  # noqa: F401  (the "netcdf4" engine)
    import h5netcdf  # noqa: F401
    import h5py
except ImportError as e:
    print(f"missing: {e} (apt-get install python3-xarray python3-netcdf4 python3-h5netcdf python3-h5py)")
    sys.exit(1 if REQUIRED else 77)

BIN, SRC, WORK = sys.argv[1:4]
ENGINES = ["netcdf4", "h5netcdf"]


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}")
        sys.exit(1)


def make_sweep():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    os.chdir(WORK)
    shutil.copy(os.path.join(SRC, "tests/cli/data/zero_phi.csv"), ".")
    text = open(os.path.join(SRC, "tests/mpi/small.json")).read()
    # One extra run whose Phi table of zeros makes the run fail at start (kappa_eff0 = 0).
    text = text.replace('"grid": {', '"runs": [{"shielding": {"mode": "psitau", '
                        '"table_path": "zero_phi.csv"}}], "grid": {')
    open("sweep.json", "w").write(text)
    rc = subprocess.run([BIN, "--quiet", "-o", "sweep.h5", "sweep.json"]).returncode
    check(rc == 1, f"sweep with one failing run: exit {rc}, expected 1")
    return "sweep.h5"


def make_partial():
    """A sweep stopped by SIGTERM with runs still pending: what a user opens mid-study."""
    text = open(os.path.join(SRC, "tests/mpi/small.json")).read()
    text = text.replace('"numerics.t_end_years": [5e-05, 0.00015]',
                        '"dynamics.rng_seed": [1, 2, 3, 4, 5, 6, 7, 8]')
    text = text.replace('"t_end_years": 0.0001', '"t_end_years": 0.01')
    open("partial.json", "w").write(text)
    p = subprocess.Popen([BIN, "--quiet", "-o", "partial.h5", "partial.json"])
    for _ in range(1200):
        time.sleep(0.05)
        if p.poll() is not None:
            break
        try:
            with h5py.File("partial.h5", "r", locking=False) as f:
                if (f["summary/status"][()] == 1).any():
                    break
        except (OSError, KeyError):
            pass
    p.send_signal(15)
    rc = p.wait()
    check(rc == 143, f"SIGTERM'd sweep: exit {rc}, expected 143 (ran to the end: too fast?)")
    return "partial.h5"


def check_partial(path, engine):
    ds = xr.open_dataset(path, group="summary", engine=engine)
    status = ds["status"].values
    check((status == 0).any() and (status == 1).any(), f"{engine}: partial file status {status}")
    check(bool(np.isnat(ds["finished_unix_s"].values[status == 0]).all()),
          f"{engine}: pending runs have a finish time")
    check(np.isfinite(ds["M_loss"].values[status == 1]).all(), f"{engine}: done runs lack M_loss")
    pending = int(np.flatnonzero(status == 0)[0])
    s = xr.open_dataset(path, group="series", engine=engine)
    check(bool(np.isnan(s["tau"].sel(run=pending).values).all()),
          f"{engine}: a pending run's series is not NaN")


def check_summary(path, engine):
    ds = xr.open_dataset(path, group="summary", engine=engine)
    check(dict(ds.sizes).get("run") == 7, f"{engine}: run dimension {dict(ds.sizes)}")
    for coord in ["run", "radiation.TM_K", "numerics.t_end_years"]:
        check(coord in ds.coords, f"{engine}: {coord} is not a coordinate: {list(ds.coords)}")
    check(list(ds["status"].values) == [1] * 6 + [2], f"{engine}: status {ds['status'].values}")
    check(ds["status"].attrs["flag_meanings"] == "pending done failed", f"{engine}: flags")
    err = [str(e) for e in ds["error"].values]
    check(err[:6] == [""] * 6 and "kappa" in err[6], f"{engine}: error texts {err}")
    check(set(ds["stop_reason"].values[:6]) <= {"t_end_reached", "tau_exceeded",
                                                 "blowout_below_smin"}, f"{engine}: stop_reason")
    check(all(len(str(h)) == 64 for h in ds["param_hash"].values), f"{engine}: param_hash")
    # Select runs by a parameter value, without glue.
    hot = ds.where(ds["radiation.TM_K"] == 4000, drop=True)
    check(hot.sizes["run"] == 2 and np.all(np.isfinite(hot["M_loss"])), f"{engine}: where()")
    check(ds["M_loss"].attrs["units"] == "6.4171e+23 kg", f"{engine}: M_loss units")
    done = ds.isel(run=slice(0, 6))
    grid = done.set_index(run=["radiation.TM_K", "numerics.t_end_years"]).unstack("run")
    check(grid["M_loss"].shape == (3, 2), f"{engine}: unstack gives {grid['M_loss'].shape}")
    check(float(grid["M_loss"].sel({"radiation.TM_K": 4000.0,
                                    "numerics.t_end_years": 0.00015}))
          == float(ds["M_loss"][3]), f"{engine}: unstack puts values elsewhere")
    ds.close()


def check_run(path, engine):
    """/series and /psd: one variable per column indexed by run, the varying parameters as
    coordinates, so a run is selected by id or by its parameters."""
    s = xr.open_dataset(path, group="series", engine=engine)
    check("time" in s.coords and s["M_loss_cum"].dims == ("run", "sample"),
          f"{engine}: series coords {list(s.coords)} dims {s['M_loss_cum'].dims}")
    for coord in ["run", "radiation.TM_K", "numerics.t_end_years"]:
        check(coord in s.coords, f"{engine}: {coord} is not a series coordinate: {list(s.coords)}")
    summary = xr.open_dataset(path, group="summary", engine=engine)
    n = summary["n_samples"].values.astype(int)
    check(s.sizes["sample"] == n.max(), f"{engine}: sample {s.sizes}, longest run {n.max()}")
    r3 = s.sel(run=3)
    check(np.all(np.diff(r3["time"].values[:n[3]]) > 0), f"{engine}: time not increasing")
    short = int(np.argmin(n[:6]))  # t_end_years varies: rows are as long as the longest run's
    check(n[short] < n.max(), f"{engine}: every run has {n.max()} samples, no padding tested")
    tail = s["time"].sel(run=short).values[n[short]:]
    check(bool(np.isnan(tail).all()), f"{engine}: a shorter run's row is not NaN past its end")
    check(s["phase_state"].attrs["flag_meanings"] == "solid vapor", f"{engine}: code flags")
    hot = s.where(s["radiation.TM_K"] == 4000, drop=True)
    check(hot.sizes["run"] == 2, f"{engine}: series where() by a parameter")
    p = xr.open_dataset(path, group="psd", engine=engine)
    check("s" in p.coords and p["N_final"].dims == ("run", "bin"), f"{engine}: psd {p}")
    check(p.sizes["bin"] == 20, f"{engine}: bins {p.sizes}")
    check(bool(np.all(p["N_final"].sel(run=3).values >= 0)), f"{engine}: psd of run 3")


def check_units(path):
    """Every units attribute parses with UDUNITS (udunits2 from Debian's udunits-bin)."""
    if not shutil.which("udunits2"):
        check(not REQUIRED, "udunits2 not installed (apt-get install udunits-bin)")
        print("note: udunits2 not installed, units not parsed")
        return
    units = set()
    for group in ["summary", "series", "psd"]:
        ds = xr.open_dataset(path, group=group, decode_cf=False)
        units |= {v.attrs["units"] for v in ds.variables.values() if "units" in v.attrs}
    for u in sorted(units):
        r = subprocess.run(["udunits2", "-H", u, "-W", ""], input="", capture_output=True,
                           text=True)
        check(r.returncode == 0 and "Don't recognize" not in r.stderr + r.stdout,
              f"UDUNITS does not parse units '{u}': {r.stderr.strip()}")
    print(f"{len(units)} distinct units parse with UDUNITS")


def check_ncdump(path):
    if not shutil.which("ncdump"):
        check(False, "ncdump not installed (apt-get install netcdf-bin)")
    r = subprocess.run(["ncdump", "-h", path], capture_output=True, text=True)
    check(r.returncode == 0, f"ncdump -h: exit {r.returncode}: {r.stderr[-500:]}")
    check(re.search(r"group: summary \{\s*dimensions:\s*run = 7 ;", r.stdout) is not None,
          "ncdump -h: no summary group with run = 7")
    check("char error(run, strlen512)" in r.stdout, "ncdump -h: error is not a char array")
    r = subprocess.run(["ncdump", "-v", "status,error", "-g", "summary", path],
                       capture_output=True, text=True)
    check(r.returncode == 0 and "status = 1, 1, 1, 1, 1, 1, 2" in r.stdout,
          f"ncdump -v status: {r.stdout[-400:]} {r.stderr[-300:]}")


def run_readme_examples(path):
    """The README's Python examples, run as written on this sweep's file (grid.h5 -> it)."""
    readme = open(os.path.join(SRC, "README.md")).read()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    check(len(blocks) >= 2, "README has no Python reading examples")
    os.environ.setdefault("MPLBACKEND", "Agg")
    for i, code in enumerate(blocks):
        if "matplotlib" in code:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                check(not REQUIRED, "python3-matplotlib not installed (the README example uses it)")
                continue
        try:
            exec(compile(code.replace('"grid.h5"', repr(path)), f"README python block {i}", "exec"),
                 {})
        except Exception as e:  # noqa: BLE001 - any failure of an example is the finding
            check(False, f"README python block {i} fails: {type(e).__name__}: {e}")
    print(f"{len(blocks)} README examples ran")


path = make_sweep()
partial = make_partial()
for engine in ENGINES:
    check_partial(partial, engine)
run_readme_examples(os.path.abspath(path))
for engine in ENGINES:
    check_summary(path, engine)
    check_run(path, engine)
check_units(path)
check_ncdump(path)
print("xarray (netcdf4, h5netcdf), ncdump and UDUNITS read the sweep file")
