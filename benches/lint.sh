#!/usr/bin/env bash
# API-description linting benchmark: `nifcheck lint` on GitHub's 13 MB REST description, side by
# side with Spectral (the SAME ruleset file, schemas/reference/rulesets/gov-api.spectral.yaml,
# which extends spectral:oas) and Redocly CLI (its `recommended` ruleset); then `spectral:oas`
# alone (a ruleset of one line, `extends: spectral:oas`) on the largest description of the corpus,
# in nifcheck and in Spectral. Medians of hyperfine runs; peak RSS of every run with GNU time;
# findings counted in each tool's JSON report. Prints a Markdown table ready for
# docs/performance.md.
#
#   bash benches/lint.sh        # RUNS=5 (nifcheck, Redocly), SPECTRAL_RUNS=2 by default
#
# Spectral is slow on this file with this ruleset (4 to 9 minutes a run, 2.6 GiB), hence fewer
# runs. A full run takes about 20 minutes on 2 cores, plus the build when the sources changed.
# Needs python3, cargo, hyperfine and GNU time (installed with apt-get when absent), node and
# npm (Debian's nodejs and npm are installed when absent and running as root). Spectral CLI and
# Redocly CLI are installed at the pinned versions below into bench-data/node; a tool that
# cannot be installed or run is skipped with a message. Only local files are used: no remote
# rulesets, Redocly's telemetry and update check are off. Everything it makes goes to
# bench-data/ (git-ignored): JSON reports, hyperfine exports, lint-results.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=${NIFCHECK_CORPUS:-$(cd .. && pwd)/shared/corpus}
DATA=bench-data
RUNS=${RUNS:-5}
SPECTRAL_RUNS=${SPECTRAL_RUNS:-2}
NIFCHECK=target/release/nifcheck
RULESET=schemas/reference/rulesets/gov-api.spectral.yaml
GITHUB=$CORPUS/openapi/github-api.github.com.json
# The largest description of the corpus, for spectral:oas alone.
LARGEST=$(ls -S "$CORPUS"/openapi/*.json "$CORPUS"/openapi/*.yaml 2>/dev/null | head -1 || true)
SPECTRAL_VERSION=6.16.3 # @stoplight/spectral-cli
REDOCLY_VERSION=2.77.0  # @redocly/cli
NODE_PREFIX=$DATA/node
mkdir -p "$DATA"

say() { printf '\n== %s\n' "$*" >&2; }
skip() { printf 'SKIPPED: %s\n' "$*" >&2; }

if [[ ! -f $GITHUB ]]; then
    skip "$GITHUB is absent: set NIFCHECK_CORPUS to the folder holding openapi/github-api.github.com.json"
    exit 0
fi

# ------------------------------------------------------------------ tools
say "tools"
if ! command -v hyperfine >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq hyperfine) >&2 || true
fi
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
if [[ ! -x /usr/bin/time ]]; then
    (apt-get update -qq && apt-get install -y -qq time) >&2 || true
fi
[[ -x /usr/bin/time ]] || { echo "GNU time is needed for peak RSS (apt-get install time)" >&2; exit 1; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [[ $(id -u) == 0 ]]; then
        (apt-get update -qq && apt-get install -y -qq nodejs npm) >&2 || true
    fi
fi
HAVE_NODE=1
command -v node >/dev/null && command -v npm >/dev/null ||
    { HAVE_NODE=0; skip "Spectral and Redocly: node and npm are not installed (apt-get install nodejs npm, as root)"; }

installed() { # PACKAGE: the version installed in $NODE_PREFIX, or nothing
    node -p "require('./$NODE_PREFIX/node_modules/$1/package.json').version" 2>/dev/null || true
}
SPECTRAL=$NODE_PREFIX/node_modules/.bin/spectral
REDOCLY=$NODE_PREFIX/node_modules/.bin/redocly
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true
if [[ $HAVE_NODE == 1 ]]; then
    want=()
    [[ $(installed @stoplight/spectral-cli) == "$SPECTRAL_VERSION" ]] || want+=("@stoplight/spectral-cli@$SPECTRAL_VERSION")
    [[ $(installed @redocly/cli) == "$REDOCLY_VERSION" ]] || want+=("@redocly/cli@$REDOCLY_VERSION")
    if ((${#want[@]})); then
        mkdir -p "$NODE_PREFIX"
        npm install --prefix "$NODE_PREFIX" --save-exact --no-audit --no-fund --silent "${want[@]}" >&2 || true
    fi
    "$SPECTRAL" --version >/dev/null 2>&1 ||
        { skip "Spectral: npm install --prefix $NODE_PREFIX @stoplight/spectral-cli@$SPECTRAL_VERSION failed"; SPECTRAL=; }
    # Redocly CLI 2.x needs node >= 20.19; an older Debian node fails here.
    "$REDOCLY" --version >/dev/null 2>&1 ||
        { skip "Redocly: @redocly/cli@$REDOCLY_VERSION does not run (node $(node --version))"; REDOCLY=; }
else
    SPECTRAL= REDOCLY=
fi
echo "hyperfine: $(hyperfine --version)" >&2
[[ $HAVE_NODE == 1 ]] && echo "node $(node --version), npm $(npm --version)" >&2
[[ -n $SPECTRAL ]] && echo "spectral-cli: $("$SPECTRAL" --version)" >&2
[[ -n $REDOCLY ]] && echo "redocly-cli: $("$REDOCLY" --version 2>/dev/null | tail -1)" >&2

# ------------------------------------------------------------------ build
# Rebuild when the binary is missing or older than anything it is built from (the reference
# framework, ruleset included, is embedded by build.rs).
if [[ ! -x $NIFCHECK || -n $(find src schemas build.rs Cargo.toml Cargo.lock -newer "$NIFCHECK" -print -quit) ]]; then
    say "build (release)"
    cargo build --release >&2
fi
"$NIFCHECK" lint --help >/dev/null 2>&1 || { echo "$NIFCHECK has no lint command" >&2; exit 1; }
echo "nifcheck: $("$NIFCHECK" --version)" >&2

# ------------------------------------------------------------------ Spectral and our ruleset
if [[ -n $SPECTRAL ]]; then
    say "Spectral: loading $RULESET (on a minimal OpenAPI 3.0 document)"
    printf '%s\n' '{"openapi": "3.0.3", "info": {"title": "t", "version": "1.0.0"}, "paths": {}}' >"$DATA/lint-minimal.json"
    status=0
    rm -f "$DATA/lint-spectral-check.json"
    # -v prints how many rules it loaded, on stdout: the report goes to a file with -o.
    "$SPECTRAL" lint -v -r "$RULESET" "$DATA/lint-minimal.json" -f json -o "$DATA/lint-spectral-check.json" \
        >"$DATA/lint-spectral-check.log" 2>&1 || status=$?
    grep -v '^Linting ' "$DATA/lint-spectral-check.log" >&2 || true
    # 0 or 1: the ruleset loaded (1 = the document has findings); anything else: it did not.
    if ((status > 1)) || ! python3 -c 'import json, sys; assert isinstance(json.load(open(sys.argv[1])), list)' \
        "$DATA/lint-spectral-check.json" 2>/dev/null; then
        skip "Spectral rejected $RULESET (exit $status); what it said is above. The ruleset was not adapted."
        SPECTRAL=
    fi
fi

# ------------------------------------------------------------------ measure
say "$GITHUB ($(du -h "$GITHUB" | cut -f1)), every tool on the same file"
cat "$GITHUB" >/dev/null # into the page cache, so that no tool pays for the first read
printf 'extends:\n  - recommended\n' >"$DATA/redocly.yaml"
rm -f "$DATA"/lint-rss-*.txt

# bench NAME RUNS LABEL COMMAND: hyperfine runs, each under GNU time (peak RSS in kB appended
# to lint-rss-NAME.txt); the report goes to lint-NAME.json through a shell redirection, stderr to
# lint-NAME.err. Every tool exits non-zero when it finds errors: that is not a failure here.
bench() {
    local name=$1 runs=$2 label=$3 cmd=$4
    say "$label ($runs runs)"
    hyperfine -i --runs "$runs" --export-json "$DATA/hyperfine-lint-$name.json" -n "$label" \
        "/usr/bin/time -f %M -a -o $DATA/lint-rss-$name.txt $cmd >$DATA/lint-$name.json 2>$DATA/lint-$name.err" >&2
}
bench nifcheck "$RUNS" "nifcheck lint --format json (reference framework: gov-api ruleset + spec checks)" \
    "$NIFCHECK lint $GITHUB --format json"
bench nifcheck-none "$RUNS" "nifcheck --framework none lint --format json (spec checks only)" \
    "$NIFCHECK --framework none lint $GITHUB --format json"
if [[ -n $REDOCLY ]]; then
    bench redocly "$RUNS" "redocly lint --format json (recommended)" \
        "$REDOCLY lint --config $DATA/redocly.yaml --format json --max-problems 10000000 $GITHUB"
fi
if [[ -n $SPECTRAL ]]; then
    bench spectral "$SPECTRAL_RUNS" "spectral lint -r gov-api.spectral.yaml -f json" \
        "$SPECTRAL lint -r $RULESET $GITHUB -f json"
fi
# spectral:oas alone on the largest description: the same one-line ruleset for both tools.
printf 'extends: spectral:oas\n' >"$DATA/spectral-oas.yaml"
if [[ -n $LARGEST ]]; then
    cat "$LARGEST" >/dev/null
    bench nifcheck-oas "$RUNS" "nifcheck --framework none lint --ruleset spectral-oas.yaml ($(basename "$LARGEST"))" \
        "$NIFCHECK --framework none lint --ruleset $DATA/spectral-oas.yaml $LARGEST --format json"
    if [[ -n $SPECTRAL ]]; then
        bench spectral-oas "$SPECTRAL_RUNS" "spectral lint -r spectral-oas.yaml ($(basename "$LARGEST"))" \
            "$SPECTRAL lint -r $DATA/spectral-oas.yaml $LARGEST -f json"
    fi
fi

# ------------------------------------------------------------------ report
say "results"
python3 - "$DATA" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$GITHUB" "$SPECTRAL_VERSION" "$REDOCLY_VERSION" \
    "$("$NIFCHECK" --version)" "$(node --version 2>/dev/null || echo none)" <<'EOF' | tee "$DATA/lint-results.md"
import collections, json, os, statistics, sys

data, cpus, loadavg, github, spectral_v, redocly_v, nifcheck_v, node_v = sys.argv[1:9]
TOOLS = ["nifcheck", "nifcheck-none", "redocly", "spectral", "nifcheck-oas", "spectral-oas"]


def fmt(s):
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.0f} ms"


def load(path):
    try:
        return json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError):
        return None


def findings(name):
    """(count, 'E/W/I' split, {rule: count}) from a tool's JSON report, or None."""
    report = load(os.path.join(data, f"lint-{name}.json"))
    if name.startswith("nifcheck") and isinstance(report, dict):
        items = report.get("findings", [])
        sev = collections.Counter(f["severity"] for f in items)
        rules = collections.Counter(f["rule"] for f in items)
        return len(items), f"{sev['error']} / {sev['warning']} / {sev['info']}", rules, items
    if name == "redocly" and isinstance(report, dict):
        items = report.get("problems", [])
        sev = collections.Counter(p["severity"] for p in items)
        rules = collections.Counter(p["ruleId"] for p in items)
        return len(items), f"{sev['error']} / {sev['warn']} / {sev['info'] if 'info' in sev else 0}", rules, items
    if name.startswith("spectral") and isinstance(report, list):
        sev = collections.Counter(d["severity"] for d in report)  # 0 error, 1 warn, 2 info, 3 hint
        rules = collections.Counter(d["code"] for d in report)
        return len(report), f"{sev[0]} / {sev[1]} / {sev[2] + sev[3]}", rules, report
    return None


def r_codes(name):
    return load(os.path.join(data, f"hyperfine-lint-{name}.json"))["results"][0].get("exit_codes") or []


rows = {}
for name in TOOLS:
    hf = load(os.path.join(data, f"hyperfine-lint-{name}.json"))
    if not hf:
        continue
    r = hf["results"][0]
    rss_path = os.path.join(data, f"lint-rss-{name}.txt")
    kb = [int(l) for l in open(rss_path) if l.strip().isdigit()] if os.path.exists(rss_path) else []
    # Exit 1 means "found errors" for every tool; anything above is a crash or a usage error.
    crashed = sorted({c for c in r.get("exit_codes") or [] if c is not None and c > 1})
    rows[name] = dict(label=r["command"], times=r["times"], median=statistics.median(r["times"]),
                      rss=max(kb) / 1024 if kb else None, found=findings(name), crashed=crashed)

size = os.path.getsize(github) / 1e6
print(f"Linting `{os.path.basename(github)}` ({size:.1f} MB, OpenAPI 3.0.3), {cpus} cores, load average "
      f"{loadavg} at the end; {nifcheck_v}, Spectral CLI {spectral_v}, Redocly CLI {redocly_v}, node {node_v}. "
      "Median wall time of the hyperfine runs (Spectral: fewer runs, it takes minutes a run); "
      "peak RSS: the largest of the runs (GNU time). "
      "Findings: what each tool's JSON report lists (error / warning / info+hint).\n")
print("| Command | Runs | Median | Min | Max | Peak RSS | Findings | E / W / I | Time vs nifcheck | RSS vs nifcheck |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
ours = rows.get("nifcheck")
ours = None if ours and ours["crashed"] else ours  # no ratios against a run that failed
for name, r in rows.items():
    n, split = (r["found"][0], r["found"][1]) if r["found"] else ("?", "report unreadable")
    if r["crashed"]:
        n, split = "?", f"FAILED: exit {', '.join(map(str, r['crashed']))}"
    tr = f"{r['median'] / ours['median']:.1f}x" if ours else ""
    mr = f"{r['rss'] / ours['rss']:.1f}x" if ours and ours["rss"] and r["rss"] else ""
    mem = f"{r['rss']:.0f} MiB" if r["rss"] else ""
    print(f"| `{r['label']}` | {len(r['times'])} | {fmt(r['median'])} | {fmt(min(r['times']))} | "
          f"{fmt(max(r['times']))} | {mem} | {n} | {split} | {tr} | {mr} |")

print()
for peer, title in (("redocly", "Redocly CLI (recommended)"), ("spectral", "Spectral (same ruleset)")):
    if ours and peer in rows:
        p = rows[peer]
        mem = f", {p['rss'] / ours['rss']:.1f}x the peak RSS" if ours["rss"] and p["rss"] else ""
        print(f"- {title} vs nifcheck lint: {p['median'] / ours['median']:.1f}x the wall time{mem}"
              f" (nifcheck takes {ours['median'] / p['median']:.2f}x its time).")
oas = rows.get("nifcheck-oas")
if oas and not oas["crashed"]:
    for peer, title in (("spectral-oas", "Spectral, spectral:oas"), ("redocly", "Redocly CLI (recommended, GitHub)")):
        if peer in rows:
            p = rows[peer]
            print(f"- nifcheck with spectral:oas takes {oas['median'] / p['median']:.3f}x the time of {title} "
                  f"({fmt(oas['median'])} against {fmt(p['median'])}).")
none = rows.get("nifcheck-none")
none = None if none and none["crashed"] else none
if none and "redocly" in rows:
    p = rows["redocly"]
    mem = f", {p['rss'] / none['rss']:.1f}x the peak RSS" if none["rss"] and p["rss"] else ""
    print(f"- Redocly CLI vs nifcheck --framework none lint: {p['median'] / none['median']:.1f}x the wall time{mem}.")
for name in ("nifcheck", "nifcheck-none", "nifcheck-oas"):
    if name in rows and rows[name]["found"]:
        items = rows[name]["found"][3]
        missing = sum(1 for f in items if f.get("line") is None)
        print(f"- `{rows[name]['label'].split(' (')[0]}`: {missing} of {len(items)} findings without a line number"
              f"{'' if missing == 0 else ' (should be 0)'}.")
for name, r in rows.items():
    if r["crashed"]:
        print(f"- `{r['label']}` FAILED (exit {', '.join(map(str, r['crashed']))}) in "
              f"{sum(c not in (0, 1) for c in r_codes(name))} of {len(r['times'])} runs: its timings and "
              f"findings are not valid; see {data}/lint-{name}.err.")
if "spectral" in rows and rows["spectral"]["found"] is None:
    print("- Spectral wrote no readable JSON report: see bench-data/lint-spectral.err.")

# The ruleset's own rules, side by side: the same ruleset file should find the same things.
for mine, theirs, what in (("nifcheck", "spectral", "reference framework vs Spectral, same ruleset"),
                           ("nifcheck-oas", "spectral-oas", "spectral:oas in both")):
    if mine in rows and rows[mine]["found"] and theirs in rows and rows[theirs]["found"]:
        a, b = rows[mine]["found"][2], rows[theirs]["found"][2]
        print(f"\nFindings per rule, {what} (nifcheck's OAS codes are Spectral's rules):\n")
        print("| Rule | nifcheck | Spectral |")
        print("| --- | ---: | ---: |")
        for rule in sorted(set(a) | set(b)):
            print(f"| {rule} | {a.get(rule, 0)} | {b.get(rule, 0)} |")
EOF
if [[ -s $DATA/lint-spectral.err ]]; then
    printf '\nSpectral said on stderr (%s):\n' "$DATA/lint-spectral.err" >&2
    head -20 "$DATA/lint-spectral.err" >&2
fi
