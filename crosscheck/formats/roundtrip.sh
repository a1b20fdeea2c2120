#!/usr/bin/env bash
# .npy / safetensors round trip between Synod (Swift) and NumPy + safetensors (Python).
#
#   crosscheck/formats/roundtrip.sh            # Python writes, Swift reads; Swift writes, Python reads
#   crosscheck/formats/roundtrip.sh --update   # also refresh the golden files committed under
#                                              # Tests/SynodLearningTests/Resources/golden-formats/
#
# Creates its own venv at crosscheck/.venv-formats (numpy, safetensors from PyPI at the versions in
# crosscheck/formats/requirements.lock; no torch). If a
# Python with torch is found (TORCH_PYTHON, or another crosscheck/.venv-*), PyTorch also loads the
# files Synod wrote.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/crosscheck/.venv-formats"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet -r "$root/crosscheck/formats/requirements.lock"
fi
py="$venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== 1. Python writes .npy/.safetensors"
"$py" "$root/crosscheck/formats/python_writes.py" "$work/python"

echo "== 2. Swift reads Python's files and writes its own"
mkdir -p "$work/swift"
cd "$root"
swift build --build-tests 2>&1 | grep -E "error|warning:" || true
SYNOD_FORMATS_PYTHON_DIR="$work/python" SYNOD_FORMATS_SWIFT_DIR="$work/swift" \
  swift test --skip-build --filter "NPYArray(Python)?Tests|SafeTensorsFile(Python)?Tests" 2>&1 | tail -3

echo "== 3. Python reads Swift's files"
"$py" "$root/crosscheck/formats/python_checks.py" "$work/swift"

echo "== 4. PyTorch reads Swift's files (optional: PyPI's torch pulls CUDA, so it is not installed here)"
torch_py="${TORCH_PYTHON:-}"
if [ -z "$torch_py" ]; then
  for candidate in "$root"/crosscheck/.venv-*/bin/python; do
    if [ -x "$candidate" ] && "$candidate" -c "import torch, safetensors, numpy" 2>/dev/null; then
      torch_py="$candidate"
      break
    fi
  done
fi
if [ -n "$torch_py" ]; then
  "$torch_py" "$root/crosscheck/formats/python_checks_torch.py" "$work/swift"
else
  echo "skipped: no Python with torch + safetensors + numpy (set TORCH_PYTHON=/path/to/python)"
fi

if [ "${1:-}" = "--update" ]; then
  dest="$root/Tests/SynodLearningTests/Resources/golden-formats"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$work/python/"* "$dest/"
  echo "golden files refreshed in $dest"
  if [ -n "$torch_py" ]; then
    "$torch_py" "$root/crosscheck/formats/python_writes_torch.py" "$root/Tests/SynodLearningTests/Resources/golden-torch"
  fi
fi
