#!/usr/bin/env bash
# Creates crosscheck/.venv-pytorch with PyTorch (CPU use only) from PyPI, at the versions pinned in
# requirements.lock.
# PyPI's Linux torch wheel is the CUDA build; we first try it without its nvidia-* dependencies
# (enough for CPU use when it imports), and fall back to the full install otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv-pytorch"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, safetensors" 2>/dev/null; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q -U pip
torch_pin="$(grep '^torch==' "$here/requirements.lock")"
grep -v '^torch==' "$here/requirements.lock" > "$venv/requirements-without-torch.txt"
"$venv/bin/pip" install -q -r "$venv/requirements-without-torch.txt"
"$venv/bin/pip" install -q --no-deps "$torch_pin"
if ! "$venv/bin/python" -c "import torch; torch.ones(2) @ torch.ones(2)" 2>/dev/null; then
    echo "torch without CUDA packages does not import; installing the full wheel set" >&2
    "$venv/bin/pip" install -q "$torch_pin"
fi
"$venv/bin/python" -c "import torch; print('torch', torch.__version__, 'threads', torch.get_num_threads())"
