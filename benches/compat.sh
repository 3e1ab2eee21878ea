#!/usr/bin/env bash
# Compatibility-engine benchmark: time per labelled pair over the compat corpus, and `nifcheck
# diff` of two versions of the 13 MB GitHub REST description. Medians with hyperfine.
#
#   bash benches/compat.sh         # needs NIFCHECK_CORPUS (default ../shared/corpus)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=${NIFCHECK_CORPUS:-$(cd .. && pwd)/shared/corpus}
DATA=bench-data
RUNS=${RUNS:-5}
mkdir -p "$DATA"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; } >&2

cargo build --release --quiet
cargo test --release --quiet --no-run --test integration 2>/dev/null
# The integration test binary, run with the filter that keeps the compatibility corpus tests.
SUITE="$(ls -t target/release/deps/integration-* | grep -v '\.d$' | head -1) compat_corpus::"

GITHUB=$CORPUS/openapi/github-api.github.com.json
[ -f "$DATA/github-v2.json" ] || python3 benches/github_v2.py "$GITHUB" "$DATA/github-v2.json"

PAIRS=$(NIFCHECK_CORPUS=$CORPUS $SUITE --nocapture 2>/dev/null | grep -o ' all: decided [0-9]*/[0-9]*' | awk -F/ '{ n += $2 } END { print n }')
hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$DATA/hyperfine-compat.json" \
  -n "compat corpus ($PAIRS pairs)" "NIFCHECK_CORPUS=$CORPUS $SUITE --test-threads 1" \
  -n "diff GitHub 13 MB, two versions" "target/release/nifcheck --framework none diff $GITHUB $DATA/github-v2.json --format json" >&2

python3 - "$DATA/hyperfine-compat.json" "$PAIRS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
pairs = int(sys.argv[2])
print("| what | median | min | max |")
print("| --- | --- | --- | --- |")
for r in results:
    print(f"| {r['command']} | {r['median']:.2f} s | {r['min']:.2f} s | {r['max']:.2f} s |")
corpus = results[0]
print(f"\nper pair: {corpus['median'] / pairs * 1000:.2f} ms (median over {pairs} pairs, one thread)")
PY
/usr/bin/time -f "diff GitHub peak RSS: %M KB" target/release/nifcheck --framework none diff "$GITHUB" "$DATA/github-v2.json" --format json > /dev/null || true
