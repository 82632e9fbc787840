#!/usr/bin/env bash
# Issue 3 benchmark: importing all of ../shared/data into a fresh database from the
# command line (hyperfine), peak memory (/usr/bin/time), and loading the full
# snapshot from the database (criterion, `cargo bench -p foedus-store`).
#
# Needs: hyperfine (apt-get install hyperfine)
# Usage: bench/import.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
dir=$(mktemp -d)
db=$dir/bench.sqlite

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
hyperfine --warmup 1 --runs 10 --prepare "rm -f $db $db-wal $db-shm" \
  -n 'foedus import all (fresh database)' "$foedus --db $db import all $data"

echo "== peak memory"
rm -f "$db" "$db-wal" "$db-shm"
/usr/bin/time -f "%M KB max resident, %e s" "$foedus" --db "$db" import all "$data" >/dev/null

echo "== snapshot load (criterion)"
cargo bench -q -p foedus-store --bench registry -- --noplot 2>&1 | grep -E "^registry/|time:"
