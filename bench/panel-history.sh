#!/usr/bin/env bash
# Issue 15 benchmark: the full directed COW dyad-year panel 1816–2016 with ATOP,
# NMC, GML disputes, contiguity, capital distance and democracy, written to
# Parquet by foedus, side by side with the R peer (peers/panel.R ... history:
# the same joins with dplyr and tidyr) building it in memory.
#
# Needs: hyperfine and Rscript with dplyr and tidyr
#   apt-get install hyperfine r-base-core r-cran-dplyr r-cran-tidyr
# Usage: bench/panel-history.sh [DATA_DIR] [RUNS]   (default ../shared/data, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
runs=${2:-5}
db=$(mktemp -d)/bench.sqlite
out=$(mktemp -d)
vars=atop,majors,nmc,gml_mids,contiguity,capital_distance,democracy

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
$foedus --db "$db" import all "$data" >/dev/null

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
echo "== rows"
$foedus --db "$db" panel dyad-year --add "$vars" --out "$out/p.parquet"
Rscript peers/panel.R "$data" 1816 2016 - history

hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/panel.md" --export-json "$out/panel.json" \
  -n foedus "$foedus --db $db panel dyad-year --add $vars --out $out/p.parquet" \
  -n 'R (dplyr, tidyr)' "Rscript peers/panel.R $data 1816 2016 - history"
cat "$out/panel.md"
bench/medians.py "$out/panel.json"
