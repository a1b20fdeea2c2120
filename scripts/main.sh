#!/usr/bin/env bash
# Synod's main job: installs dependencies, builds in release mode and runs SPDL training on a local
# cluster of 4 real `synod node` processes on loopback (1 Byzantine member with the constant attack,
# DP `code` ε = 0.04, Multi-Krum, the defaults of `synod spdl run`). It shows progress, ends with the
# test accuracy, checks that all honest ledgers agree, and says where the report is.
# Arguments pass through to `synod cluster init` (e.g. --rounds 50 --attack sign-flip --dp none).
# Environment: SYNOD_MAIN_DIR (cluster directory, default results/main-<time>), SYNOD_BASE_PORT
# (listen port of node 0, default 26800), SYNOD_DATA_DIR (Fashion-MNIST directory).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product synod
dir="${SYNOD_MAIN_DIR:-results/main-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$(dirname "$dir")"
.build/release/synod cluster init --protocol spdl --nodes 4 --byzantine 1 --attack constant --dp code \
    --epsilon 0.04 --gar multi-krum --base-port "${SYNOD_BASE_PORT:-26800}" --dir "$dir" "$@"
exec .build/release/synod cluster run "$dir"
