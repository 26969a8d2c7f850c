# Sourced by .ci/run (bash, set -euo pipefail, from the repo root) before `npm ci`.
# The example platform's browser tests drive Debian's Chromium through playwright-core
# (never a downloaded browser): /usr/bin/chromium must exist.

if [ ! -x /usr/bin/chromium ]; then
  printf '== installing chromium\n'
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi

# Without Chromium the browser tests skip locally; in CI its absence must fail them instead.
export CREDKIT_REQUIRE_CHROMIUM=1
