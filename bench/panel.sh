#!/usr/bin/env bash
# Issue 4 benchmark: the full directed COW dyad-year panel 1816–2016 with ATOP,
# COW major powers and NMC, written to Parquet by foedus, side by side with the R
# peer (peers/panel.R, dplyr + tidyr) building the same panel in memory.
#
# Needs: hyperfine and Rscript with dplyr and tidyr
#   apt-get install hyperfine r-base-core r-cran-dplyr r-cran-tidyr
# Usage: bench/panel.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
db=$(mktemp -d)/bench.sqlite
out=$(mktemp -d)

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
$foedus --db "$db" import all "$data" >/dev/null

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
echo "== rows"; $foedus --db "$db" panel dyad-year --add atop,majors,nmc --out "$out/p.parquet"
Rscript peers/panel.R "$data" 1816 2016

hyperfine --warmup 1 --runs "${RUNS:-10}" --export-markdown "$out/panel.md" --export-json "$out/panel.json" \
  -n foedus "$foedus --db $db panel dyad-year --add atop,majors,nmc --out $out/p.parquet" \
  -n 'R (dplyr, tidyr)' "Rscript peers/panel.R $data 1816 2016"
cat "$out/panel.md"
bench/medians.py "$out/panel.json"

echo "== peak memory (foedus)"
/usr/bin/time -f "%M KB max resident, %e s" $foedus --db "$db" panel dyad-year --add atop,majors,nmc --out "$out/p.parquet"
