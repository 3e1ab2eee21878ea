#!/usr/bin/env bash
# The step of the nifcheck GitHub Action (action.yml) that installs nifcheck: from the action's
# own source (GITHUB_ACTION_PATH) with the versions in its Cargo.lock, into NIFCHECK_ROOT
# (default ~/.nifcheck), unless the build cache restored it there; then puts it on PATH for the
# steps that follow.
set -euo pipefail

root="${NIFCHECK_ROOT:-$HOME/.nifcheck}"
if [ -x "$root/bin/nifcheck" ]; then
  echo "nifcheck from the build cache: $("$root/bin/nifcheck" --version)"
else
  cargo install --locked --path "${GITHUB_ACTION_PATH:?is set by the runner}" --root "$root"
fi
echo "$root/bin" >>"${GITHUB_PATH:?is set by the runner}"
