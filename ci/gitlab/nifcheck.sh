#!/usr/bin/env bash
# The script of the nifcheck GitLab CI job (nifcheck.gitlab-ci.yml): runs one command, prints
# its findings in the job log, and writes them as a Code Quality report,
# gl-code-quality-report.json, which GitLab shows in the merge request and on the diff. The
# job's exit code is nifcheck's (0 conforms, 1 findings at or above NIFCHECK_FAIL_ON, 2 could
# not check).
#
# NIFCHECK_ARGS is split on whitespace and nothing else: no quotes, no globbing (nifcheck
# expands globs itself).
set -uo pipefail

command="${NIFCHECK_COMMAND:-check}"
fail_on="${NIFCHECK_FAIL_ON:-error}"
report=gl-code-quality-report.json

case "$command" in check | lint | validate) ;; *)
  echo "NIFCHECK_COMMAND must be check, lint or validate, not '$command'" >&2
  exit 2
  ;;
esac
case "$fail_on" in error | warning | info | never) ;; *)
  echo "NIFCHECK_FAIL_ON must be error, warning, info or never, not '$fail_on'" >&2
  exit 2
  ;;
esac

# -d '': every line, not only the first (a YAML block scalar gives one argument a line).
read -r -d '' -a args <<<"${NIFCHECK_ARGS:-}" || true
cd "${CI_PROJECT_DIR:-.}" || exit 2

run() {
  nifcheck --fail-on "$fail_on" "$@" "$command" ${args[@]+"${args[@]}"}
}

# The log, in colour (GitLab shows ANSI colours), and the verdict.
run --format human --color always
status=$?

# The report GitLab reads: an empty one when nifcheck could not check, so the artifact is
# still valid and the job's own failure says what went wrong.
rm -f "$report"
run --format gitlab --output "$report" >/dev/null 2>&1
if [ ! -s "$report" ]; then echo '[]' >"$report"; fi
echo "Code Quality report: $report ($(grep -c '"fingerprint"' "$report") issues)"
exit "$status"
