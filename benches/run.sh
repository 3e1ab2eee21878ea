#!/usr/bin/env bash
# Payload-validation benchmark of nifcheck, side by side with a plain jsonschema loop, the
# jsonschema crate's CLI and ajv-cli, in one run. Prints a Markdown table ready for docs/performance.md.
#
#   bash benches/run.sh            # RUNS=5 by default; REGENERATE=1 remakes bench-data/
#
# Needs python3, cargo, hyperfine (installed with apt-get when absent). jsonschema-cli (cargo
# install) and ajv-cli (npm, into bench-data/node_modules) are installed when absent; a
# comparison whose tool cannot be installed is skipped with a message. Everything it makes
# goes to bench-data/ (git-ignored): data, hyperfine JSON exports, results.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=bench-data
RUNS=${RUNS:-5}
NIFCHECK=target/release/nifcheck
STANDARDS=schemas/reference/standards
PERSON=$STANDARDS/person/1.2.0/person.schema.json
# The schemas person@1.2.0 references by absolute $id.
REFS=(address/1.0.0/address.schema.json address/2.0.0/address.schema.json
    contact-point/1.0.0/contact-point.schema.json)
mkdir -p "$DATA"

say() { printf '\n== %s\n' "$*" >&2; }
skip() { printf 'SKIPPED: %s\n' "$*" >&2; }

# ------------------------------------------------------------------ tools
say "tools"
if ! command -v hyperfine >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq hyperfine) >&2 || true
fi
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
if [[ ! -x /usr/bin/time ]]; then
    (apt-get update -qq && apt-get install -y -qq time) >&2 || true
fi
HAVE_TIME=0; [[ -x /usr/bin/time ]] && HAVE_TIME=1 || skip "peak RSS: /usr/bin/time (GNU time) is not installed"

JSONSCHEMA_CLI=$(command -v jsonschema-cli || true)
if [[ -z $JSONSCHEMA_CLI ]]; then
    cargo install jsonschema-cli --locked >&2 || true
    JSONSCHEMA_CLI=$(command -v jsonschema-cli || ls "${CARGO_HOME:-$HOME/.cargo}/bin/jsonschema-cli" 2>/dev/null || true)
fi
[[ -n $JSONSCHEMA_CLI ]] || skip "jsonschema-cli could not be installed (cargo install jsonschema-cli --locked)"

AJV=$DATA/node_modules/.bin/ajv
if [[ ! -x $AJV ]] && command -v npm >/dev/null; then
    npm install --prefix "$DATA" --no-audit --no-fund --silent ajv-cli@5.0.0 ajv-formats@3.0.1 >&2 || true
fi
[[ -x $AJV ]] || { skip "ajv-cli could not be installed (npm install ajv-cli ajv-formats)"; AJV=; }
echo "hyperfine: $(hyperfine --version)" >&2
[[ -n $JSONSCHEMA_CLI ]] && echo "jsonschema-cli: $("$JSONSCHEMA_CLI" --version)" >&2
[[ -n $AJV ]] && echo "ajv-cli: $(node -p "require('./$DATA/node_modules/ajv-cli/package.json').version"), ajv $(node -p "require('./$DATA/node_modules/ajv/package.json').version"), node $(node --version)" >&2

# ------------------------------------------------------------------ build
say "build (release)"
cargo build --release >&2
# The baseline is a harness-less bench target; cargo names its executable in its JSON messages.
BASELINE=$(cargo build --release --bench baseline --message-format=json-render-diagnostics |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "baseline" and m.get("executable"):
        print(m["executable"])')
[[ -x $BASELINE ]] || { echo "could not build benches/baseline.rs" >&2; exit 1; }

# ------------------------------------------------------------------ data
if [[ ${REGENERATE:-0} == 1 || ! -s $DATA/persons.ndjson || ! -s $DATA/persons.expected.tsv ||
    $(find "$DATA/persons" -name '*.json' 2>/dev/null | wc -l) -ne 10000 ]]; then
    say "generating $DATA"
    rm -rf "$DATA/persons" "$DATA/persons.ndjson" "$DATA/persons.expected.tsv"
    python3 benches/gen_persons.py --out "$DATA"
fi
say "checking the data with nifcheck (every valid record passes, every invalid one fails)"
python3 benches/gen_persons.py --out "$DATA" --verify "$NIFCHECK"

# jsonschema-cli validate has no way to register the referenced schemas: bundle them once.
BUNDLE=$DATA/person-1.2.0.bundled.json
if [[ -n $JSONSCHEMA_CLI ]]; then
    resources=()
    for r in "${REFS[@]}"; do resources+=(--resource "https://nif.gov.example/standards/$r=$STANDARDS/$r"); done
    "$JSONSCHEMA_CLI" bundle "$PERSON" "${resources[@]}" -o "$BUNDLE" >&2 ||
        { skip "jsonschema-cli bundle failed"; JSONSCHEMA_CLI=; }
fi

# ------------------------------------------------------------------ measure
rss_file=$DATA/rss.tsv
: >"$rss_file"
rss() { # NAME COMMAND: peak resident set size of one run, in kB
    [[ $HAVE_TIME == 1 ]] || return 0
    local kb
    # GNU time exits with the command's status: nifcheck exits 1 on invalid payloads.
    /usr/bin/time -v -o "$DATA/time.txt" sh -c "$2" >/dev/null 2>&1 || true
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DATA/time.txt")
    printf '%s\t%s\n' "$1" "$kb" >>"$rss_file"
}

NDJSON_NIF="$NIFCHECK validate $DATA/persons.ndjson --format json"
NDJSON_BASE="$BASELINE $DATA/persons.ndjson"
say "(a) $DATA/persons.ndjson: nifcheck vs the plain jsonschema loop"
"$BASELINE" "$DATA/persons.ndjson" >&2
# The JSON report goes to hyperfine's /dev/null (its stdout): see the note on --output in docs/performance.md.
hyperfine -i --warmup 1 --runs "$RUNS" --export-json "$DATA/hyperfine-ndjson.json" \
    -n "nifcheck validate persons.ndjson --format json" "$NDJSON_NIF" \
    -n "baseline: serde_json + is_valid loop, 1 thread" "$NDJSON_BASE" >&2
say "(b) peak memory"
rss "nifcheck validate persons.ndjson --format json" "$NDJSON_NIF"
rss "baseline: serde_json + is_valid loop, 1 thread" "$NDJSON_BASE"

say "(c) $DATA/persons/ (10,000 files)"
files_cmds=(-n "nifcheck validate --standard person@1.2 persons/"
    "$NIFCHECK validate --standard person@1.2 $DATA/persons/")
if [[ -n $JSONSCHEMA_CLI ]]; then
    files_cmds+=(-n "jsonschema-cli validate --assert-format (bundled schema)"
        "$JSONSCHEMA_CLI validate --assert-format --offline --errors-only $BUNDLE -i $DATA/persons/*.json")
fi
if [[ -n $AJV ]]; then
    ajv_refs=""
    for r in "${REFS[@]}"; do ajv_refs+=" -r $STANDARDS/$r"; done
    files_cmds+=(-n "ajv validate --spec=draft2020 -c ajv-formats --strict=false"
        "$AJV validate --spec=draft2020 -c ajv-formats --strict=false -s $PERSON$ajv_refs -d '$DATA/persons/*.json'")
fi
hyperfine -i --warmup 1 --runs "$RUNS" --export-json "$DATA/hyperfine-files.json" "${files_cmds[@]}" >&2
for ((k = 0; k < ${#files_cmds[@]}; k += 3)); do rss "${files_cmds[k + 1]}" "${files_cmds[k + 2]}"; done

say "(d) one small payload, embedded framework"
SMALL=fixtures/payloads/person/riverside-resident.json
hyperfine -N --warmup 5 --min-runs 50 --export-json "$DATA/hyperfine-single.json" \
    -n "nifcheck validate riverside-resident.json" "$NIFCHECK validate $SMALL" >&2
rss "nifcheck validate riverside-resident.json" "$NIFCHECK validate $SMALL"

# ------------------------------------------------------------------ report
say "results"
python3 - "$DATA" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF' | tee "$DATA/results.md"
import json, os, statistics, sys

data, cpus, load = sys.argv[1:4]
rss = {}
for line in open(os.path.join(data, "rss.tsv"), encoding="utf-8"):
    name, _, kb = line.rstrip("\n").partition("\t")
    if kb.strip():
        rss[name] = int(kb) / 1024


def fmt(s):
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms"


groups = [
    ("hyperfine-ndjson.json", "NDJSON, 100,000 records"),
    ("hyperfine-files.json", "10,000 files"),
    ("hyperfine-single.json", "1 small file"),
]
print(f"Payload validation, {cpus} cores, load average {load} at the end; median of hyperfine runs "
      "(CPU: mean user+sys per run; wall times of the multi-threaded nifcheck suffer most on a busy machine).\n")
print("| Input | Command | Median | Min | Max | Ratio vs nifcheck | CPU (user+sys) | Peak RSS |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
medians = {}
for file, title in groups:
    path = os.path.join(data, file)
    if not os.path.exists(path):
        continue
    results = json.load(open(path, encoding="utf-8"))["results"]
    ours = statistics.median(results[0]["times"])
    for r in results:
        median = statistics.median(r["times"])
        medians[r["command"]] = median
        ratio = "1.00" if r is results[0] else f"{median / ours:.2f}"
        mem = f"{rss[r['command']]:.0f} MB" if r["command"] in rss else ""
        print(f"| {title} | `{r['command']}` | {fmt(median)} | {fmt(min(r['times']))} | "
              f"{fmt(max(r['times']))} | {ratio} | {fmt(r['user'] + r['system'])} | {mem} |")

print("\nGoals:")


def goal(text, ok):
    print(f"- {text}: {'met' if ok else 'NOT met'}" if ok is not None else f"- {text}: not measured")


def m(prefix):
    return next((v for k, v in medians.items() if k.startswith(prefix)), None)


nd, base = m("nifcheck validate persons.ndjson"), m("baseline")
goal("NDJSON: nifcheck no slower than the baseline loop", None if None in (nd, base) else nd <= base)
mem = rss.get("nifcheck validate persons.ndjson --format json")
goal("NDJSON: nifcheck peak RSS < 100 MB", None if mem is None else mem < 100)
files, cli, ajv = m("nifcheck validate --standard"), m("jsonschema-cli"), m("ajv")
goal("files: nifcheck no slower than jsonschema-cli", None if None in (files, cli) else files <= cli)
goal("files: nifcheck >= 5x faster than ajv-cli", None if None in (files, ajv) else ajv / files >= 5)
single = m("nifcheck validate riverside")
goal("one small file: nifcheck < 10 ms", None if single is None else single < 0.010)
EOF
