#!/usr/bin/env bash
# Issue 18 benchmark: the full directed COW dyad-year panel 1816–2016 with ATOP,
# COW major powers and NMC written by foedus as Parquet and as CSV, side by side
# with the R peer (peers/panel.R: dplyr and tidyr, then readr::write_csv) writing
# the same panel as CSV. Targets: the CSV within twice the Parquet time; both at
# least 20 times faster than the peer.
#
# Needs: hyperfine, Rscript with dplyr, tidyr and readr
#   apt-get install hyperfine r-base-core r-cran-dplyr r-cran-tidyr r-cran-readr
# Usage: bench/panel-csv.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
db=$(mktemp -d)/bench.sqlite
out=$(mktemp -d)

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
$foedus --db "$db" import all "$data" >/dev/null

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; uptime
add=atop,majors,nmc
hyperfine --warmup 1 --runs 5 --export-markdown "$out/csv.md" --export-json "$out/csv.json" \
  -n 'foedus, Parquet' "$foedus --db $db panel dyad-year --add $add --out $out/p.parquet" \
  -n 'foedus, CSV' "$foedus --db $db panel dyad-year --add $add --out $out/p.csv" \
  -n 'R (dplyr, tidyr, readr::write_csv)' "Rscript peers/panel.R $data 1816 2016 $out/r.csv"
cat "$out/csv.md"
bench/medians.py "$out/csv.json"
ls -l "$out"/p.parquet "$out"/p.csv "$out"/r.csv
rm -rf "$out" "$(dirname "$db")"
