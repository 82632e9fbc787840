#!/usr/bin/env bash
# Issue 7 benchmark: the HTTP service on the full registry (ATOP, COW, G-W, NMC,
# DCAD and the starter records), on loopback, load generator side by side with
# the server on the same machine.
#   1. casus foederis: wrk, 2 threads, 32 connections, 30 s: requests/s and p99
#   2. the directed dyad-year panel 1816–2016 (ATOP obligations) streamed as Parquet
#   3. the network page for 2000 in headless Chromium: navigation to interactive
#
# Needs: wrk and chromium (apt-get install -y wrk chromium), node with `npm ci` in ui/.
# Usage: bench/service.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
work=$(mktemp -d)
db=$work/bench.sqlite
port=${PORT:-18087}
base=http://127.0.0.1:$port

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-target}/release/foedus
$foedus --db "$db" import all "$data" >/dev/null 2>&1

$foedus --db "$db" serve --addr 127.0.0.1:$port >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "$base/api/v1/meta" >/dev/null && break
  sleep 0.1
done
# Wait until the warm-up (histories, casus foederis index, networks) is done.
curl -sf "$base/api/v1/network/2000" >/dev/null

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
echo "== registry"; curl -s "$base/api/v1/meta" | head -c 200; echo

echo "== 1. casus foederis under load (wrk -t2 -c32 -d30s)"
url="$base/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-01&place=home&provoked=no&requested=yes"
curl -s -o /dev/null -w "one request: %{http_code}, %{size_download} bytes, %{time_total} s\n" "$url"
wrk -t2 -c32 -d30s --latency "$url"

echo "== 2. directed dyad-year panel 1816–2016 with ATOP, as Parquet"
panel="$base/api/v1/panels/dyad-year?from=1816&to=2016&add=atop&format=parquet"
for i in 1 2 3 4 5; do
  curl -s -o "$work/p.parquet" -w "run $i: %{http_code}, %{size_download} bytes, first byte %{time_starttransfer} s, total %{time_total} s\n" "$panel"
done

echo "== 3. the network page for 2000 in headless Chromium (fresh browser each run)"
FOEDUS_URL=$base node bench/network-page.mjs
