#!/usr/bin/env bash
# The step of the nifcheck GitHub Action (action.yml) that runs nifcheck: one command, whose
# findings become annotations on the diff (workflow commands on standard output), a SARIF file
# for code scanning and a Markdown job summary; the step's outputs say how it went, and its exit
# code is nifcheck's (0 conforms, 1 findings at or above fail-on, 2 could not check).
#
# The inputs arrive as environment variables (INPUT_COMMAND, INPUT_ARGS, INPUT_SARIF,
# INPUT_FAIL_ON), never pasted into a script, so no input can run as shell code. INPUT_ARGS is
# split on whitespace and nothing else: no quotes, no globbing (nifcheck expands globs itself).
set -uo pipefail

command="${INPUT_COMMAND:-check}"
fail_on="${INPUT_FAIL_ON:-error}"
sarif="${INPUT_SARIF:-true}"

refuse() {
  echo "::error title=nifcheck::$1"
  exit 2
}
case "$command" in check | lint | validate) ;; *) refuse "command must be check, lint or validate, not '$command'" ;; esac
case "$fail_on" in error | warning | info | never) ;; *) refuse "fail-on must be error, warning, info or never, not '$fail_on'" ;; esac
case "$sarif" in true | false) ;; *) refuse "sarif must be true or false, not '$sarif'" ;; esac
command -v nifcheck >/dev/null || refuse "nifcheck is not on PATH"

# -d '': every line, not only the first (a YAML block scalar gives one argument a line).
read -r -d '' -a args <<<"${INPUT_ARGS:-}" || true

run() {
  nifcheck --fail-on "$fail_on" "$@" "$command" ${args[@]+"${args[@]}"}
}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

# The annotations, and the verdict.
run --format github
status=$?
if [ "$status" -ge 2 ]; then
  echo "::error title=nifcheck::nifcheck $command could not check (exit code $status); its message is above"
fi

if [ "$sarif" = true ]; then
  sarif_file="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/nifcheck-$command.sarif"
  rm -f "$sarif_file"
  run --format sarif --output "$sarif_file" >/dev/null 2>&1
  if [ -s "$sarif_file" ]; then output sarif-file "$sarif_file"; fi
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  run --format markdown >>"$GITHUB_STEP_SUMMARY" 2>/dev/null
fi

output exit-code "$status"
if [ "$status" -eq 0 ]; then output conforms true; else output conforms false; fi
exit "$status"
