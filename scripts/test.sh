#!/usr/bin/env bash
# The one test command (README, .ci/run): prepares a fresh Debian machine (packages,
# Docker engine, test image), installs npm packages, builds, lints, and runs every test
# (unit tests on captured fixtures, integration tests against the real engine and kernel).
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if [ "$(id -u)" = 0 ]; then
  bash scripts/setup-test-host.sh
else
  echo "test.sh: not root: skipping host setup; integration tests need root and a Docker engine" >&2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
npm run lint

mapfile -t files < <(find dist -name '*.test.js' -not -path '*/node_modules/*' | sort)
# One runner invocation, one file at a time: integration tests share one engine and kernel.
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
