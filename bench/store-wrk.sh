#!/usr/bin/env bash
# Reads and writes per second through `foedus serve`, on SQLite and on PostgreSQL
# side by side: the same registry (the starter records), the same requests, wrk on
# loopback with the server on the same machine.
#   reads:  GET /api/v1/agreements/{id} (the record, its lifecycle and its write
#           history, which is read from the database on each request)
#   writes: PUT /api/v1/agreements/{id} with If-Match: * (an admin's token: each is
#           published, one transaction with its history row, the snapshot swapped)
# Each: wrk -t2 -c$CONNECTIONS -d$SECONDS --latency; requests/s, p50 and p99.
#
# Needs: wrk (apt-get install -y wrk), a PostgreSQL server (default
# postgres://postgres@127.0.0.1:5432, trust authentication) and psql.
# Usage: bench/store-wrk.sh   (env: SECONDS_EACH=20 CONNECTIONS=8 PGURL=postgres://postgres@127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_EACH:-20}
connections=${CONNECTIONS:-8}
pgurl=${PGURL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18097}
base=http://127.0.0.1:$port
id=us-japan-security-treaty-1960
work=$(mktemp -d)
pgdb=foedus_bench_$$
server=

cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql "$pgurl/postgres" -qc "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release -q -p foedus-cli
foedus=${CARGO_TARGET_DIR:-$PWD/target}/release/foedus

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; uptime
echo "== wrk -t2 -c$connections -d${seconds}s --latency, on loopback"

measure() { # backend, location flag, location
  local backend=$1 flag=$2 location=$3
  local token
  token=$($foedus "$flag" "$location" token create --name "bench-$backend" --role admin)
  $foedus "$flag" "$location" serve --addr 127.0.0.1:$port >"$work/serve-$backend.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do
    curl -sf "$base/api/v1/meta" >/dev/null && break
    sleep 0.1
  done
  curl -sf "$base/api/v1/agreements/$id" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["record"]))' >"$work/record.json"
  cat >"$work/put.lua" <<LUA
local f = io.open("$work/record.json", "r")
wrk.method = "PUT"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["If-Match"] = "*"
wrk.headers["Authorization"] = "Bearer $token"
LUA
  echo "-- $backend: reads (GET /api/v1/agreements/$id)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/api/v1/agreements/$id" | tee "$work/reads-$backend.txt"
  echo "-- $backend: writes (PUT /api/v1/agreements/$id, If-Match: *)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/put.lua" "$base/api/v1/agreements/$id" | tee "$work/writes-$backend.txt"
  local history
  history=$(curl -s "$base/api/v1/agreements/$id/history" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  echo "   history entries written: $history"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

summary() { # file -> "req/s, p50, p99, non-2xx"
  local f=$1
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f")
  p99=$(awk '$1 == "99%" {print $2}' "$f")
  bad=$(awk '/Non-2xx/ {print $NF}' "$f")
  echo "$rps req/s, p50 $p50, p99 $p99${bad:+, non-2xx $bad}"
}

measure sqlite --db "$work/bench.sqlite"
psql "$pgurl/postgres" -qc "CREATE DATABASE $pgdb" >/dev/null
measure postgres --database "$pgurl/$pgdb"

echo "== summary"
printf '| backend | reads | writes |\n|---|---|---|\n'
for b in sqlite postgres; do
  printf '| %s | %s | %s |\n' "$b" "$(summary "$work/reads-$b.txt")" "$(summary "$work/writes-$b.txt")"
done
