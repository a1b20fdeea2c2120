#!/usr/bin/env bash
# Runs Synod's whole test suite on a fresh machine: installs dependencies, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build
