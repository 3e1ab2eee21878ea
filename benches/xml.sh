#!/usr/bin/env bash
# XML payload benchmark: nifcheck (release) validating a civil-register export record by
# record, side by side with libxml2's `xmllint --schema` (tree mode) and
# `xmllint --stream --schema`, at two sizes (100,000 and 50,000 records, 5 % invalid).
# Then a real schema: a large UBL 2.1 invoice (the official example's InvoiceLines repeated,
# `benches/gen_ubl_invoice.py`, 5 % of the lines broken) against the OASIS UBL 2.4 Invoice
# schema as shipped, and the time to compile that schema (both tools on the official example).
# Reports the median wall time, CPU time and the peak resident memory, as Markdown tables.
#
#   bash benches/xml.sh            # RUNS=5 by default; REGENERATE=1 remakes bench-data/
#   UBL_SIZES="50000 200000" bash benches/xml.sh   # the UBL invoice sizes, in InvoiceLines
#   ONLY=ubl bash benches/xml.sh   # the UBL cases only
#
# The UBL case reads the schema package from the corpus, $NIFCHECK_CORPUS/xsd-packages/ubl-2.4
# (default ../shared/corpus); without it the case is skipped, saying so.
# Needs python3, cargo and GNU time; installs libxml2-utils (xmllint) with apt-get when absent.
# Tree-mode xmllint takes about 90 s on 100,000 records, so it runs once per size, not RUNS
# times, and not at all on 200,000 (its memory would pass 1.5 GB).
# Everything it writes goes to bench-data/ (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=bench-data
RUNS=${RUNS:-5}
SCHEMA=benches/xml/register.xsd
NIFCHECK=target/release/nifcheck
mkdir -p "$DATA"

if ! command -v xmllint >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq libxml2-utils) >&2 || true
fi
command -v xmllint >/dev/null || { echo "xmllint is needed (apt-get install libxml2-utils)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || (apt-get update -qq && apt-get install -y -qq time) >&2
cargo build --release --quiet

SIZES=(50000 100000 200000)
[[ ${ONLY:-} == ubl ]] && SIZES=()
for n in "${SIZES[@]}"; do
    file=$DATA/register-$n.xml
    if [[ ! -f $file || -n ${REGENERATE:-} ]]; then
        python3 benches/gen_register.py "$n" "$file"
    fi
    valid=$DATA/valid-$n.xml
    if [[ ! -f $valid || -n ${REGENERATE:-} ]]; then
        python3 benches/gen_register.py "$n" "$valid" 0
    fi
done

# One run: prints "seconds peak_kib cpu_seconds" (GNU time); the tool's output goes to a file.
measure() {
    local out=$1; shift
    /usr/bin/time -f '%e %M %U %S' -o "$DATA/time.txt" "$@" >"$out" 2>&1 || true
    tail -1 "$DATA/time.txt" | awk '{ print $1, $2, $3 + $4 }'
}

# Median of RUNS runs: prints "median_seconds max_peak_kib median_cpu_seconds".
median_of() {
    local runs=$1 out=$2; shift 2
    local times=() cpus=() peak=0
    for ((i = 0; i < runs; i++)); do
        read -r t m c < <(measure "$out" "$@")
        times+=("$t")
        cpus+=("$c")
        ((m > peak)) && peak=$m
    done
    local cpu
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%s\n' "${times[@]}" | sort -g | awk -v p="$peak" -v c="$cpu" '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], p, c }'
}

rows=()
# One table row: LABEL RECORDS FILE RUNS OUTPUT ERRORS-COMMAND COMMAND...; ERRORS-COMMAND reads
# OUTPUT and prints the number of errors the tool reported.
row() {
    local label=$1 n=$2 file=$3 runs=$4 out=$5 count=$6 size t m c
    shift 6
    size=$(du -m "$file" | cut -f1)
    read -r t m c < <(median_of "$runs" "$out" "$@")
    rows+=("| $label | $n ($size MB) | $t s | $c s | $((m / 1024)) MiB | $($count "$out") |")
}
nifcheck_errors() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['errors'])" "$1"; }
xmllint_errors() { grep -c 'Schemas validity error' "$1" || true; }

for n in "${SIZES[@]}"; do
    file=$DATA/register-$n.xml
    row nifcheck "$n" "$file" "$RUNS" "$DATA/nifcheck-$n.json" nifcheck_errors \
        "$NIFCHECK" --framework none validate --schema "$SCHEMA" "$file" --format json
    row "xmllint --stream --schema" "$n" "$file" "$RUNS" "$DATA/xmllint-stream-$n.txt" xmllint_errors \
        xmllint --noout --stream --schema "$SCHEMA" "$file"
    if ((n <= 100000)); then
        row "xmllint --schema (1 run)" "$n" "$file" 1 "$DATA/xmllint-tree-$n.txt" xmllint_errors \
            xmllint --noout --schema "$SCHEMA" "$file"
    fi
done
for n in "${SIZES[@]}"; do
    file=$DATA/valid-$n.xml
    row "nifcheck, every record valid" "$n" "$file" "$RUNS" "$DATA/nifcheck-valid-$n.json" nifcheck_errors \
        "$NIFCHECK" --framework none validate --schema "$SCHEMA" "$file" --format json
done

generated_rows=("${rows[@]}")

# The UBL 2.4 Invoice schema as shipped (maindoc/ importing ../common/, about 80 files).
UBL=${NIFCHECK_CORPUS:-../shared/corpus}/xsd-packages/ubl-2.4
read -r -a UBL_SIZES <<<"${UBL_SIZES:-50000 200000}"
ubl_rows=()
if [[ -f $UBL/xsd/maindoc/UBL-Invoice-2.4.xsd ]]; then
    UBL_SCHEMA=$UBL/xsd/maindoc/UBL-Invoice-2.4.xsd
    UBL_EXAMPLE=$UBL/xml/UBL-Invoice-2.1-Example.xml
    # Compiling the schema: each tool on the official example (20 KB), where compiling is
    # nearly all the work.
    # nifcheck keeps compiled schemas in its cache folder, so each compile run gets an empty
    # one (the few milliseconds of `bash` and `mktemp` are counted too); the cached row reads
    # the entry a first, unmeasured run wrote.
    read -r t m c < <(median_of "$RUNS" "$DATA/nifcheck-ubl-compile.json" \
        bash -c 'exec "$0" --cache-dir "$(mktemp -d)" --framework none validate --schema "$1" "$2" --format json' \
        "$NIFCHECK" "$UBL_SCHEMA" "$UBL_EXAMPLE")
    ubl_rows+=("| nifcheck, schema compile (official example, empty cache) | 1 | $t s | $c s | $((m / 1024)) MiB | $(nifcheck_errors "$DATA/nifcheck-ubl-compile.json") |")
    cached=$(mktemp -d)
    "$NIFCHECK" --cache-dir "$cached" --framework none validate --schema "$UBL_SCHEMA" "$UBL_EXAMPLE" --format json >/dev/null || true
    read -r t m c < <(median_of "$RUNS" "$DATA/nifcheck-ubl-cached.json" \
        "$NIFCHECK" --cache-dir "$cached" --framework none validate --schema "$UBL_SCHEMA" "$UBL_EXAMPLE" --format json)
    ubl_rows+=("| nifcheck, schema read from the cache (official example) | 1 | $t s | $c s | $((m / 1024)) MiB | $(nifcheck_errors "$DATA/nifcheck-ubl-cached.json") |")
    read -r t m c < <(median_of "$RUNS" "$DATA/xmllint-ubl-compile.txt" \
        xmllint --noout --schema "$UBL_SCHEMA" "$UBL_EXAMPLE")
    ubl_rows+=("| xmllint --schema, schema compile (official example) | 1 | $t s | $c s | $((m / 1024)) MiB | $(xmllint_errors "$DATA/xmllint-ubl-compile.txt") |")
    for n in "${UBL_SIZES[@]}"; do
        file=$DATA/ubl-invoice-$n.xml
        if [[ ! -f $file || -n ${REGENERATE:-} ]]; then
            python3 benches/gen_ubl_invoice.py "$UBL_EXAMPLE" "$n" "$file"
        fi
        rows=()
        row "nifcheck, UBL invoice" "$n" "$file" "$RUNS" "$DATA/nifcheck-ubl-$n.json" nifcheck_errors \
            "$NIFCHECK" --framework none validate --schema "$UBL_SCHEMA" "$file" --format json
        row "xmllint --stream --schema, UBL invoice" "$n" "$file" "$RUNS" "$DATA/xmllint-stream-ubl-$n.txt" \
            xmllint_errors xmllint --noout --stream --schema "$UBL_SCHEMA" "$file"
        ubl_rows+=("${rows[@]}")
    done
else
    echo "skipped the UBL case: $UBL is missing (set NIFCHECK_CORPUS)" >&2
fi
rows=("${generated_rows[@]}")

{
    echo "nifcheck $("$NIFCHECK" --version | cut -d' ' -f2), $(xmllint --version 2>&1 | head -1), $(nproc) cores, median of $RUNS runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| tool | records | median wall | median CPU | peak RSS | errors reported |"
    echo "| --- | --- | --- | --- | --- | --- |"
    ((${#rows[@]})) && printf '%s\n' "${rows[@]}"
    if ((${#ubl_rows[@]})); then
        echo
        echo "UBL 2.4 Invoice schema as shipped; invoices of N InvoiceLines (the official example's, repeated; 5 % broken)"
        echo
        echo "| tool | InvoiceLines | median wall | median CPU | peak RSS | errors reported |"
        echo "| --- | --- | --- | --- | --- | --- |"
        printf '%s\n' "${ubl_rows[@]}"
    fi
} | tee "$DATA/xml-results.md"
