#!/usr/bin/env bash
# Regenerates Tests/SynodRobustTests/Resources/{byzfl,rdp}_goldens.json from the Python references.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py="$("$here/setup_venv.sh" | tail -1)"
"$py" "$here/generate_goldens.py"
