#!/usr/bin/env bash
# Issue 5 benchmark, part 1: alliance portfolio similarity (all eleven measures).
#
#  1. foedus alone on every directed COW dyad-year 1816–2016 (the target: under 10 s).
#  2. foedus and the NumPy/SciPy peer (peers/similarity.py) side by side on the same
#     years: a sample, 1990–2000 (the largest systems), because the peer takes minutes
#     on the whole range; both write every measure for every pair to CSV.
#  3. With FULL=1, the peer once on the whole range 1816–2016 (plain timing: about
#     five minutes here, too long for repeated runs).
#
# Needs: hyperfine (apt-get install hyperfine), python3 with numpy and scipy
#   (pip install -r peers/requirements.txt).
# Usage: bench/similarity.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
tmp=$(mktemp -d)
db=$tmp/bench.sqlite

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
for s in "cow-states cow" "nmc nmc" "atop atop-5.1"; do
  set -- $s
  $foedus --db "$db" import "$1" "$data/$2" >/dev/null
done

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
python3 -c "import numpy, scipy; print('numpy', numpy.__version__, 'scipy', scipy.__version__)"

echo "== 1. foedus, every directed COW dyad-year 1816–2016"
$foedus --db "$db" similarity --from 1816 --to 2016 --directed --out "$tmp/all.parquet"
hyperfine --warmup 1 --runs 10 --export-markdown "$tmp/all.md" \
  -n 'foedus 1816–2016 directed → Parquet' "$foedus --db $db similarity --from 1816 --to 2016 --directed --out $tmp/all.parquet" \
  -n 'foedus 1816–2016 directed → CSV' "$foedus --db $db similarity --from 1816 --to 2016 --directed --out $tmp/all.csv" \
  -n 'foedus 1816–2016 undirected → CSV' "$foedus --db $db similarity --from 1816 --to 2016 --out $tmp/und.csv"
cat "$tmp/all.md"

echo "== 2. side by side, 1990–2000 (undirected pairs, CSV)"
$foedus --db "$db" similarity --from 1816 --to 2016 --write-inputs "$tmp" --out "$tmp/und.csv"
years=$(seq -s, 1990 2000)
hyperfine --warmup 1 --runs 3 --export-markdown "$tmp/side.md" \
  -n 'foedus 1990–2000' "$foedus --db $db similarity --from 1990 --to 2000 --out $tmp/f.csv" \
  -n 'NumPy/SciPy peer 1990–2000' "python3 peers/similarity.py $tmp $tmp/p.csv --years $years" \
  -n 'NumPy peer 1990–2000 without tau-b' "python3 peers/similarity.py $tmp $tmp/p.csv --years $years --no-taub"
cat "$tmp/side.md"

if [ "${FULL:-0}" = 1 ]; then
  echo "== 3. the peer on the whole range 1816–2016 (one run)"
  /usr/bin/time -f "%e s elapsed, %M KB max resident" python3 peers/similarity.py "$tmp" "$tmp/p_all.csv"
fi
