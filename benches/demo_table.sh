#!/usr/bin/env bash
# Every demo (and its --python variant where it has one) 3 times as the
# machine is, then 3 times with both cores kept busy by two shell loops,
# one JSON report per line: the figures behind the README's demo table.
#   benches/demo_table.sh [BINARY] > demos.jsonl
# BINARY defaults to target/release/concur (copy it first if other builds
# may replace it while this runs). DEMOS="gil cpu-bound" measures only
# those; RUNS=2 makes 2 runs of each instead of 3.
set -u
B=${1:-target/release/concur}
demos=${DEMOS:-$("$B" demo --list 2>/dev/null | awk 'NF {print $1}')}
runs=${RUNS:-3}
run_all() {
  for d in $demos; do
    for py in "" "--python"; do
      for _ in $(seq "$runs"); do
        load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo null)
        # A demo without a CPython variant refuses --python: skip it.
        j=$("$B" demo "$d" $py --json 2>/dev/null) || break
        echo "{\"label\":\"$1\",\"py\":\"$py\",\"load\":$load,\"report\":$j}"
      done
    done
  done
}
run_all idle
(while :; do :; done) & p1=$!
(while :; do :; done) & p2=$!
trap 'kill $p1 $p2 2>/dev/null' EXIT
run_all busy
