#!/usr/bin/env bash
# Synod's main job: installs dependencies, builds in release mode and runs the demonstration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product synod
exec .build/release/synod demo "$@"
