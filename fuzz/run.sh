#!/usr/bin/env bash
# Runs each fuzz target for a while (default 60 s each) on a copy of the
# committed seed corpus, and prints how many inputs each ran and what it found.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (installed on first use with `cargo install cargo-fuzz`) and
# a nightly toolchain if one is installed; on stable it sets RUSTC_BOOTSTRAP=1
# and builds without a sanitizer. Crashes are kept in fuzz/artifacts/TARGET/.
# Leak detection is off: std keeps a thread-local per worker thread that
# LeakSanitizer reports as lost when the log reader's threads end.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(deck_parse log_replay import_markdown snapshot_decode deck_index_decode deck_entry_decode)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(rustup run nightly cargo fuzz)
  sanitizer=address
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  sanitizer=none
fi

status=0
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "corpus/$t/." "$work/"
  echo "== $t ($secs s, sanitizer $sanitizer)"
  if "${fuzz[@]}" run -s "$sanitizer" "$t" "$work" -- -max_total_time="$secs" -max_len=65536 -detect_leaks=0 \
      -print_final_stats=1 2> "$work.log"; then
    echo "   no crash"
  else
    echo "   FOUND A CRASH: see fuzz/artifacts/$t/ and $work.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "$work.log" | sed 's/^/   /' || true
  rm -rf "$work"
done
exit $status
