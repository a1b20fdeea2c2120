#!/usr/bin/env bash
# Creates crosscheck/.venv-robust with the reference implementations (PyPI: byzfl, dp-accounting, numpy).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv-robust"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q byzfl==0.0.11 dp-accounting==0.6.0 numpy scipy
echo "$venv/bin/python"
