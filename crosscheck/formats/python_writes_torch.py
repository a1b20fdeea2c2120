"""Optional: PyTorch writes a safetensors file with bfloat16, float16 and float32 tensors (the
dtypes PyTorch checkpoints use), which Synod's tests read (golden file in
Tests/SynodLearningTests/Resources/golden-torch/). Element i is (i - 7) * 0.125, exact in bfloat16."""
import os
import sys

import torch
from safetensors.torch import save_file


def ramp(shape, dtype):
    n = 1
    for d in shape:
        n *= d
    return ((torch.arange(n, dtype=torch.float64) - 7) * 0.125).to(dtype).reshape(shape)


def main(out):
    os.makedirs(out, exist_ok=True)
    save_file(
        {
            "conv.weight": ramp((2, 1, 3, 3), torch.bfloat16),
            "conv.bias": ramp((2,), torch.float16),
            "fc.weight": ramp((3, 4), torch.float32),
        },
        os.path.join(out, "torch_model.safetensors"),
        metadata={"format": "pt"},
    )
    print(f"torch {torch.__version__} wrote {out}/torch_model.safetensors")


if __name__ == "__main__":
    main(sys.argv[1])
