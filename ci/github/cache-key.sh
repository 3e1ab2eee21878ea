#!/usr/bin/env bash
# The step of the nifcheck GitHub Action (action.yml) that names its build cache: the runner's
# system, the Rust compiler and a digest of every file the build reads, so a cached nifcheck is
# reused exactly as long as the same build would make the same binary.
set -euo pipefail

cd "${GITHUB_ACTION_PATH:?is set by the runner}"
read_by_build=()
for path in Cargo.toml Cargo.lock build.rs src schemas vendor; do
  if [ -e "$path" ]; then read_by_build+=("$path"); fi
done
sources=$(find "${read_by_build[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
digest=$(printf '%s\n%s\n' "$(rustc --version 2>/dev/null || echo 'no rustc')" "$sources" | sha256sum | cut -c1-64)
echo "key=nifcheck-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$digest" >>"${GITHUB_OUTPUT:?is set by the runner}"
