#!/usr/bin/env bash
# Times the gap analysis of generated governments of 50, 200 and 500 agencies (release build),
# with wall time, CPU time and peak memory from /usr/bin/time -v; and `nifcheck report` when the
# binary has that command. Governments are generated under bench-data/ (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example government_gaps --bin nifcheck
for n in ${SIZES:-50 200 500}; do
  dir=bench-data/government-$n
  [ -f "$dir/government.toml" ] || python3 benches/gen_government.py --agencies "$n" --out "$dir"
  run() {
    /usr/bin/time -v "$@" 2> bench-data/time.txt | tail -1
    awk -F': ' '/Elapsed \(wall/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
      END {printf "  wall %s  cpu %.1fs  peak %.0f MiB\n", w, u+s, m/1024}' bench-data/time.txt
  }
  echo "== $n agencies: gap analysis"
  run ./target/release/examples/government_gaps "$dir"
  if ./target/release/nifcheck help report > /dev/null 2>&1; then
    echo "== $n agencies: nifcheck report"
    run ./target/release/nifcheck report "$dir" --out "bench-data/site-$n" || true
  fi
done
