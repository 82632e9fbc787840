#!/usr/bin/env bash
# Issue 18 benchmark: the Python package's full directed COW dyad-year panel
# 1816–2016 with ATOP and NMC, `foedus.dyad_years(system="cow").add("atop", "nmc")`
# handed to pyarrow, side by side in ONE Python process with pandas doing the same
# joins (peers/panel.py, following peacesciencer's steps as peers/panel.R does).
#
# What each side's time includes:
# - foedus: building the panel in the engine (state-years, dyads, ATOP, NMC) and
#   handing it to pyarrow (`Panel.to_arrow()`, a pyarrow.Table). Not included:
#   opening the registry and loading its snapshot, done once before timing.
# - pandas: every step of peers/panel.py's `build` (state-years, dyads, ATOP, NMC
#   joins, sorting). Not included: reading the four CSV files, done once before
#   timing, as the registry is opened once before foedus's runs.
# One warm-up run each, then five timed runs each, alternating; medians of the wall
# time and of the process's CPU time (user + system, all threads: less sensitive to
# other processes on a busy machine).
#
# Needs: the package installed (pip install ./python), pandas, numpy.
# Usage: bench/python-package.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "${1:-../shared/data}")
db=$(mktemp -d)/bench.sqlite

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; uptime
python3 - "$data" "$db" <<'PY'
import gc, statistics, sys, time
sys.path.insert(0, "peers")
import foedus, pyarrow, pandas
import panel as peer

data, db = sys.argv[1], sys.argv[2]
foedus.import_data(data, db=db)

t0 = time.perf_counter(); reg = foedus.open(db); t_open = time.perf_counter() - t0
t0 = time.perf_counter(); frames = peer.read(data); t_read = time.perf_counter() - t0
print(f"python {sys.version.split()[0]}, pyarrow {pyarrow.__version__}, pandas {pandas.__version__}")
print(f"not timed: open the registry {t_open:.2f} s; read the CSV files {t_read:.2f} s")

def ours():
    return reg.dyad_years(system="cow").add("atop", "nmc").to_arrow()

def theirs():
    return peer.build(frames, 1816, 2016)

a, b = ours(), theirs()  # warm-up
print(f"rows: foedus {a.num_rows}, pandas {len(b)}")
assert a.num_rows == len(b), "the two panels differ in rows"
del a, b
times = {"foedus": [], "pandas": []}
cpu = {"foedus": [], "pandas": []}
for _ in range(5):
    for name, f in (("foedus", ours), ("pandas", theirs)):
        gc.collect()
        c0 = time.process_time(); t0 = time.perf_counter()
        r = f()
        times[name].append(time.perf_counter() - t0); cpu[name].append(time.process_time() - c0)
        del r
for name, ts in times.items():
    print(f"{name}: median {statistics.median(ts):.3f} s wall, {statistics.median(cpu[name]):.3f} s CPU"
          f"  (wall runs: {', '.join(f'{t:.3f}' for t in ts)})")
ratio = statistics.median(times["pandas"]) / statistics.median(times["foedus"])
ratio_cpu = statistics.median(cpu["pandas"]) / statistics.median(cpu["foedus"])
print(f"ratio (pandas / foedus): {ratio:.1f}x wall, {ratio_cpu:.1f}x CPU (user + system, all threads)")
t0 = time.perf_counter(); ours().to_pandas(); print(f"for reference, foedus to_pandas(): {time.perf_counter() - t0:.3f} s")
PY
