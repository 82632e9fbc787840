#!/usr/bin/env bash
# Runs every fuzz target for a set time (default 600 s each) and prints, per
# target, the executions and whether it found a crash. Needs the nightly
# toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   fuzz/run.sh 600            # ten minutes per target
#   fuzz/run.sh 60 api         # one target
# Seeds come from the repository (record files, the starter registry, CSV
# headers); the corpus grows in fuzz/corpus/ (not committed). A crash leaves its
# input in fuzz/artifacts/TARGET/: turn it into a regression test (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=${*:-record import api}
mkdir -p corpus/record corpus/import corpus/api
cp ../examples/*.toml ../registry/starter/*.toml ../registry/starter/amendments/*.toml corpus/record/ 2>/dev/null || true
printf '\x00ccode,stateabb,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n2,USA,United States of America,1816,1,1,2016,12,31,2016\n' > corpus/import/cow-states
printf '\x03stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\nUSA,2,1816,3823,17,80,254,8659,101,0.039,2021\n' > corpus/import/nmc
printf '\x00from=1950&to=2000&party=USA\n' > corpus/api/list
printf '\x0aif_match\n{"date":"2031-01-01","kind":"suspension"}' > corpus/api/event
for t in $targets; do
  log=$(mktemp)
  status=ok
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1 || status=CRASH
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  echo "$t: ${secs}s, ${execs:-?} executions, $status"
  [ "$status" = ok ] || { tail -40 "$log"; }
  rm -f "$log"
done
