#!/usr/bin/env bash
# Issue 6 benchmark: casus foederis queries and one million cascade runs of the 1914
# scenario on the full ATOP 5.1 registry (with COW states and NMC).
#
# 1. The library (criterion): the index, a query after it, 1,000,000 cascade runs.
# 2. The command line end to end (hyperfine): loading the registry from SQLite,
#    indexing it, then the query or the runs.
#
# Needs: hyperfine (apt-get install hyperfine)
# Usage: bench/scenario.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
db=$(mktemp -d)/bench.sqlite

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|Core'; free -g | head -2

echo "== library (cargo bench -p foedus-scenario)"
cargo bench -q -p foedus-scenario 2>&1 | grep -E '^[a-z0-9].*/|time:'

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
for s in "atop atop-5.1" "cow-states cow" "nmc nmc"; do
  set -- $s
  $foedus --db "$db" import "$1" "$data/$2" >/dev/null
done

echo "== command line (hyperfine)"
hyperfine --warmup 1 --runs 10 \
  -n 'obligations 1914-08-01' "$foedus --db $db obligations --attacker GMY --target RUS --date 1914-08-01" \
  -n 'simulate 1914-08-01, 1,000,000 runs' "$foedus --db $db simulate --attacker GMY --target RUS --date 1914-08-01 --runs 1000000 --seed 1914" \
  -n 'simulate 1914-07-28, 1,000,000 runs' "$foedus --db $db simulate --attacker AUH --target SRB --date 1914-07-28 --runs 1000000 --seed 1914" \
  -n 'simulate 1990-08-02, 1,000,000 runs' "$foedus --db $db simulate --attacker IRQ --target KUW --date 1990-08-02 --runs 1000000 --seed 1990"
