#!/usr/bin/env bash
# Load test of `nifcheck serve` on 127.0.0.1: a release build of the service, small person
# payloads (5 % invalid, benches/gen_persons.py), 64 keep-alive connections, bounded in
# requests and time. Prints, on standard output, a Markdown table ready for docs/performance.md
# (throughput, latency percentiles, status counts, memory, load average) and the command.
#
#   bash benches/serve.sh                        # 20 s
#   SECONDS_PER_RUN=60 bash benches/serve.sh     # 60 s, to see memory over time
#   CONNECTIONS=16 bash benches/serve.sh -- --max-concurrent 8   # after --: serve's options
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=bench-data/serve
mkdir -p "$DATA"
if [[ ! -s $DATA/persons.ndjson ]]; then
    python3 benches/gen_persons.py --out "$DATA" --records 20000 --files 0 >&2
fi
cargo build --release --bin nifcheck >&2
cargo bench --bench serve_load --no-run >&2
# The command as given, settings included, so the table says how to take it again.
command="bash benches/serve.sh${*:+ $*}"
for setting in REQUESTS CONNECTIONS SECONDS_PER_RUN; do
    if [[ -n ${!setting:-} ]]; then command="$setting=${!setting} $command"; fi
done
cargo bench --bench serve_load -- \
    --binary target/release/nifcheck --data "$DATA/persons.ndjson" \
    --connections "${CONNECTIONS:-64}" --seconds "${SECONDS_PER_RUN:-20}" \
    --requests "${REQUESTS:-2000000}" \
    --command "$command" --when "$(date -u '+%Y-%m-%d %H:%M UTC')" "$@"
