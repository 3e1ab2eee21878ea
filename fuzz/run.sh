#!/usr/bin/env bash
# Runs one fuzz target for a while: `fuzz/run.sh TARGET [SECONDS]` (what `make fuzz` calls).
# With no target, lists the targets. Needs the nightly toolchain and cargo-fuzz
# (`cargo +nightly install cargo-fuzz`). The run is niced, bounded in memory (2 GiB) and in time
# per input (10 s: a slower input is a finding, like a crash); new inputs go to corpus/TARGET,
# crash inputs to artifacts/TARGET, the log to logs/TARGET.log. Further libFuzzer flags can be
# given in FUZZ_FLAGS, e.g. FUZZ_FLAGS="-fork=1 -ignore_crashes=1" to go on after a crash.
set -euo pipefail
cd "$(dirname "$0")"

# target: dictionary and the largest input worth trying (bytes).
declare -A DICT=(
  [json_payload]=json [ndjson_stream]=json [schema_diff]=json [xml_payload]=xml
  [openapi_lint]=yaml [ruleset]=yaml [jsonpath]=jsonpath [framework_toml]=toml
  [codelist_csv]=csv [bundle]=toml
)
declare -A MAX_LEN=(
  [json_payload]=4096 [ndjson_stream]=4096 [schema_diff]=4096 [xml_payload]=4096
  [openapi_lint]=8192 [ruleset]=4096 [jsonpath]=256 [framework_toml]=4096
  [codelist_csv]=2048 [bundle]=16384
)

target=${1:-}
seconds=${2:-600}
if [[ -z $target || -z ${DICT[$target]:-} ]]; then
  [[ -n $target ]] && echo "no fuzz target \`$target\`" >&2
  echo "usage: make fuzz TARGET=NAME [SECONDS=600]   targets:"
  for t in $(printf '%s\n' "${!DICT[@]}" | sort); do echo "  $t"; done
  [[ -z $target ]] && exit 0 || exit 2
fi

mkdir -p "corpus/$target" "artifacts/$target" logs
# No sanitizer: the crate forbids unsafe code, and what these runs look for (panics, aborts,
# hangs, memory blow-ups) shows without one, at twice the speed. Debug assertions are on, so an
# integer overflow panics here as it does in the tests.
nice -n 19 cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" \
  "corpus/$target" "seeds/$target" -- \
  -dict="dictionaries/${DICT[$target]}.dict" -max_len="${MAX_LEN[$target]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="artifacts/$target/" ${FUZZ_FLAGS:-} 2>&1 | tee "logs/$target.log"
