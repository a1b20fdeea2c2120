#!/usr/bin/env bash
# Creates crosscheck/.venv-robust with the reference implementations (PyPI: byzfl, dp-accounting,
# numpy, scipy) at the versions pinned in requirements.lock (numpy fixes the default_rng streams).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv-robust"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r "$here/requirements.lock"
echo "$venv/bin/python"
