"""Checks the files Synod's Swift code wrote (see NPYArrayTests / SafeTensorsFileTests,
`writesFilesForPython`), with NumPy and safetensors. Exits non-zero on the first mismatch."""
import os
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def ramp(shape, dtype):
    n = int(np.prod(shape)) if len(shape) else 1
    return ((np.arange(n, dtype=np.float64) - 7) * 0.125).astype(dtype).reshape(shape)


failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail and not condition else ""))
    if not condition:
        failures.append(name)


def same(name, got, want):
    ok = got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)
    check(name, ok, f"got {got.dtype} {got.shape} {got!r}, want {want.dtype} {want.shape} {want!r}")


def main(d):
    p = lambda name: os.path.join(d, name)
    same("swift_f32_2x3x4.npy", np.load(p("swift_f32_2x3x4.npy"), allow_pickle=False), ramp((2, 3, 4), "<f4"))
    same("swift_f64_v2_5.npy", np.load(p("swift_f64_v2_5.npy"), allow_pickle=False), ramp((5,), "<f8"))
    with open(p("swift_f64_v2_5.npy"), "rb") as f:
        check("swift_f64_v2_5.npy is version 2.0", np.lib.format.read_magic(f) == (2, 0))
    same("swift_scalar.npy", np.load(p("swift_scalar.npy")), ramp((), "<f8"))
    same("swift_empty_0x3.npy", np.load(p("swift_empty_0x3.npy")), np.zeros((0, 3), dtype="<f4"))
    same("swift_i64.npy", np.load(p("swift_i64.npy")), np.array([0, 9, 3, -1, 2**40], dtype="<i8"))
    same("swift_i32.npy", np.load(p("swift_i32.npy")), np.array([[1, 2], [3, -4]], dtype="<i4"))
    # Memory-mapping needs the header alignment NumPy expects (data offset a multiple of 64).
    mm = np.load(p("swift_f32_2x3x4.npy"), mmap_mode="r")
    check("swift_f32_2x3x4.npy data offset is 64-aligned", mm.offset % 64 == 0, f"offset {mm.offset}")

    tensors = load_file(p("swift_model.safetensors"))
    check("swift_model.safetensors names", sorted(tensors) == ["bias", "empty", "scalar", "weight"], sorted(tensors))
    same("swift_model.safetensors weight", tensors["weight"], ramp((3, 4), np.float32))
    same("swift_model.safetensors bias", tensors["bias"], ramp((3,), np.float32))
    same("swift_model.safetensors scalar", tensors["scalar"], ramp((), np.float32))
    same("swift_model.safetensors empty", tensors["empty"], np.zeros((0, 2), dtype=np.float32))
    with safe_open(p("swift_model.safetensors"), framework="numpy") as f:
        check(
            "swift_model.safetensors metadata",
            f.metadata() == {"producer": "synod", "model": "ramp"},
            f.metadata(),
        )
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("python read every Swift-written file correctly")


if __name__ == "__main__":
    main(sys.argv[1])
