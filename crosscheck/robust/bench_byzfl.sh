#!/usr/bin/env bash
# Times ByzFL and `synod bench gar` on the same input, side by side (release build of synod).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
py="$("$here/setup_venv.sh" | tail -1)"
(cd "$root" && swift build -c release --product synod >/dev/null)
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow a current numpy down on this machine: unset both for
# the reference's timing only (see the environment notes); they are left alone everywhere else.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$here/bench_byzfl.py" --synod "$root/.build/release/synod" "$@"
