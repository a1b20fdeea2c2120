#!/usr/bin/env python3
"""Side-by-side speed: ByzFL 0.0.11 (numpy path) vs `synod bench gar` on the same n x d float32 input.

Usage: bench_byzfl.py --synod PATH/TO/synod [--n 30] [--d 100000] [--f 5] [--repeats 5] [--rules Krum,TrMean]
Prints one row per rule: ByzFL median ms, Synod median ms, ratio (ByzFL / Synod). Both sides time
the aggregation only (input already in memory), median of `repeats` runs after one warm-up.
"""
import argparse, json, os, subprocess, sys, tempfile, time
import numpy as np
import byzfl

RULES = [
    # (label, ByzFL constructor, synod rule, synod options)
    ("Krum", lambda f: byzfl.Krum(f=f), "krum", ["neighbours=n-f-1"]),
    ("MultiKrum", lambda f: byzfl.MultiKrum(f=f), "multi-krum", ["neighbours=n-f-1"]),
    ("Median", lambda f: byzfl.Median(), "median", []),
    ("TrMean", lambda f: byzfl.TrMean(f=f), "trimmed-mean", []),
    ("GeometricMedian(nu=0.1,T=3)", lambda f: byzfl.GeometricMedian(nu=0.1, T=3), "geometric-median",
     ["nu=0.1", "iterations=3", "tolerance=0", "start=zero"]),
    ("GeometricMedian(nu=0.1,T=100)", lambda f: byzfl.GeometricMedian(nu=0.1, T=100), "geometric-median",
     ["nu=0.1", "iterations=100", "tolerance=0", "start=zero"]),
    ("CenteredClipping(L=1,tau=100)", lambda f: byzfl.CenteredClipping(tau=100.0, L=1), "centered-clipping",
     ["tau=100", "iterations=1"]),
    ("Average", lambda f: byzfl.Average(), "average", []),
]


def time_byzfl(make, X, f, repeats):
    """Median and min wall ms, and median process CPU ms (all threads), of `repeats` runs."""
    times, cpu = [], []
    for i in range(repeats + 1):
        rule = make(f)  # fresh instance: CenteredClipping is stateful
        c0 = time.process_time()
        t0 = time.perf_counter()
        rule(X)
        t1 = time.perf_counter()
        c1 = time.process_time()
        if i > 0:
            times.append((t1 - t0) * 1e3)
            cpu.append((c1 - c0) * 1e3)
    return float(np.median(times)), float(np.min(times)), float(np.median(cpu))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--synod", required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--d", type=int, default=100_000)
    ap.add_argument("--f", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rules", default="", help="comma-separated labels to run (default: all), e.g. TrMean,Median")
    args = ap.parse_args()
    wanted = [w for w in args.rules.split(",") if w]
    X = np.random.default_rng(0).standard_normal((args.n, args.d)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.npy")
        np.save(path, X)
        rows = []
        for label, make, rule, options in RULES:
            if wanted and not any(label.startswith(w) for w in wanted):
                continue
            byz, byz_min, byz_cpu = time_byzfl(make, X, args.f, args.repeats)
            cmd = [args.synod, "bench", "gar", "--rule", rule, "--f", str(args.f), "--input", path,
                   "--repeats", str(args.repeats)]
            for o in options:
                cmd += ["--option", o]
            out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            ours, ours_min = out["ms_per_aggregation"], out["ms_min"]
            ours_cpu = out.get("cpu_ms_per_aggregation", float("nan"))
            isa = out.get("kernel_isa", "?")
            rows.append({"rule": label, "kernel_isa": isa, "byzfl_ms": byz, "synod_ms": ours, "ratio": byz / ours,
                         "byzfl_min_ms": byz_min, "synod_min_ms": ours_min, "ratio_min": byz_min / ours_min,
                         "byzfl_cpu_ms": byz_cpu, "synod_cpu_ms": ours_cpu, "ratio_cpu": byz_cpu / ours_cpu})
    print(f"n = {args.n}, d = {args.d}, f = {args.f}, float32, median of {args.repeats} after 1 warm-up, "
          f"{os.cpu_count()} CPUs; ByzFL 0.0.11 numpy path (float32 input), numpy {np.__version__}")
    print(f"load average at the end: {os.getloadavg()}")
    print("CPU ms = median process CPU time per aggregation, all threads (Synod uses 2; time spent waiting")
    print("for a CPU on a loaded machine is not counted, so this ratio is the load-robust one).")
    print(f"| rule | ByzFL median ms | Synod median ms | ratio (median) | ByzFL min ms | Synod min ms | ratio (min) "
          f"| ByzFL CPU ms | Synod CPU ms | ratio (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['rule']} | {r['byzfl_ms']:.2f} | {r['synod_ms']:.2f} | {r['ratio']:.1f}x | "
              f"{r['byzfl_min_ms']:.2f} | {r['synod_min_ms']:.2f} | {r['ratio_min']:.1f}x | "
              f"{r['byzfl_cpu_ms']:.2f} | {r['synod_cpu_ms']:.2f} | {r['ratio_cpu']:.1f}x |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
