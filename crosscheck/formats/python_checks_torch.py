"""Optional: checks that PyTorch loads the weights Synod wrote (safetensors.torch) and the arrays
(torch.from_numpy(np.load(...))). Run by roundtrip.sh only when a Python with torch is available."""
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file


def ramp(shape):
    n = int(np.prod(shape)) if len(shape) else 1
    return ((torch.arange(n, dtype=torch.float64) - 7) * 0.125).to(torch.float32).reshape(shape)


def main(d):
    tensors = load_file(os.path.join(d, "swift_model.safetensors"))
    ok = (
        torch.equal(tensors["weight"], ramp((3, 4)))
        and torch.equal(tensors["bias"], ramp((3,)))
        and torch.equal(tensors["scalar"], ramp(()))
        and tensors["empty"].shape == (0, 2)
    )
    layer = torch.nn.Linear(4, 3)
    layer.load_state_dict({"weight": tensors["weight"], "bias": tensors["bias"]})
    ok = ok and torch.equal(layer.weight.detach(), ramp((3, 4)))
    array = torch.from_numpy(np.load(os.path.join(d, "swift_f32_2x3x4.npy")))
    ok = ok and torch.equal(array, ramp((2, 3, 4)))
    print(("ok   " if ok else "FAIL ") + f"PyTorch {torch.__version__} loads Synod's safetensors and .npy")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
