#!/usr/bin/env bash
# Issue 5 benchmark, part 2: alliance network metrics for every year 1816–2016,
# foedus side by side with python-igraph (peers/network.py) on the same graphs.
#
# foedus: open the registry, build each year's graph from the agreements, measure
# (ties, density, mean degree, transitivity, components, betweenness, closeness,
# eigenvector, Louvain communities and their modularity) and write the per-year and
# per-state-year tables. The peer: read foedus' node and edge lists, compute the same
# figures with igraph (plus igraph's own Louvain and Leiden), write the same tables.
#
# Needs: hyperfine, python3 with igraph (pip install -r peers/requirements.txt).
# Usage: bench/network.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
tmp=$(mktemp -d)
db=$tmp/bench.sqlite

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
for s in "cow-states cow" "atop atop-5.1"; do
  set -- $s
  $foedus --db "$db" import "$1" "$data/$2" >/dev/null
done
echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'
python3 -c "import igraph; print('python-igraph', igraph.__version__)"

for ties in defense any; do
  $foedus --db "$db" network --from 1816 --to 2016 --ties $ties \
    --out-years "$tmp/y_$ties.csv" --out-states "$tmp/s_$ties.csv" --out-edges "$tmp/e_$ties.csv"
  hyperfine --warmup 1 --runs 10 --export-markdown "$tmp/net_$ties.md" \
    -n "foedus network --ties $ties" "$foedus --db $db network --from 1816 --to 2016 --ties $ties --out-years $tmp/fy.csv --out-states $tmp/fs.csv" \
    -n "python-igraph (with Louvain and Leiden)" "python3 peers/network.py $tmp/s_$ties.csv $tmp/e_$ties.csv $tmp/py.csv $tmp/ps.csv" \
    -n "python-igraph (no communities)" "python3 peers/network.py $tmp/s_$ties.csv $tmp/e_$ties.csv $tmp/py.csv $tmp/ps.csv --no-communities"
  cat "$tmp/net_$ties.md"
done
