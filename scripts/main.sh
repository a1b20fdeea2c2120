#!/usr/bin/env bash
# Synod's main job: installs dependencies, builds in release mode and runs an SPDL training run (4 nodes, 1 Byzantine, DP on).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product synod
exec .build/release/synod spdl run "$@"
