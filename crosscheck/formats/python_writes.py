"""Writes the .npy and .safetensors files that Synod's Swift tests read (golden files).

Values follow one formula so that Swift can recompute them exactly: element i of a tensor is
(i - 7) * 0.125 (exact in float16, bfloat16, float32 and float64 for the sizes used here).
"""
import os
import sys

import numpy as np
from safetensors.numpy import save_file


def ramp(shape, dtype):
    n = int(np.prod(shape)) if len(shape) else 1
    return ((np.arange(n, dtype=np.float64) - 7) * 0.125).astype(dtype).reshape(shape)


def write_v2(path, array):
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=(2, 0))


def main(out):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    # Readable arrays.
    np.save(p("f32_2x3x4.npy"), ramp((2, 3, 4), "<f4"))
    np.save(p("f64_5.npy"), ramp((5,), "<f8"))
    np.save(p("f64_scalar.npy"), np.array(-0.875, dtype="<f8"))
    np.save(p("f32_empty_0x5.npy"), np.zeros((0, 5), dtype="<f4"))
    write_v2(p("f32_v2_3x2.npy"), ramp((3, 2), "<f4"))
    np.save(p("i64_labels.npy"), np.array([0, 9, 3, -1, 2**40], dtype="<i8"))
    np.save(p("i32_labels.npy"), np.array([[1, 2], [3, -4]], dtype="<i4"))
    np.save(p("u8_pixels.npy"), np.array([0, 128, 255], dtype="|u1"))
    # Arrays Synod must reject with a typed error.
    np.save(p("reject_bigendian.npy"), ramp((4,), ">f4"))
    np.save(p("reject_fortran.npy"), np.asfortranarray(ramp((2, 3), "<f4")))
    np.save(p("reject_object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(p("reject_complex.npy"), np.array([1 + 2j], dtype="<c8"))
    # safetensors: a small model in float32 with metadata, and the other float types.
    save_file(
        {
            "layer1.weight": ramp((3, 4), np.float32),
            "layer1.bias": ramp((3,), np.float32),
            "empty": np.zeros((0, 2), dtype=np.float32),
            "scalar": ramp((), np.float32),
        },
        p("model_f32.safetensors"),
        metadata={"format": "np", "producer": "python safetensors"},
    )
    save_file(
        {
            "half": ramp((2, 5), np.float16),
            "double": ramp((4,), np.float64),
            "half_special": np.array([2.0**-20, -0.0, 65504.0, np.inf], dtype=np.float16),
        },
        p("mixed.safetensors"),
    )
    print(f"python wrote {len(os.listdir(out))} files to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
