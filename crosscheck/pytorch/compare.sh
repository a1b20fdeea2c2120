#!/usr/bin/env bash
# Side-by-side training throughput: `synod bench train` vs PyTorch (CPU), same architecture,
# batch size and thread count. Usage: crosscheck/pytorch/compare.sh [THREADS] [BATCH] [STEPS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
threads="${1:-$(nproc)}"
batch="${2:-64}"
steps="${3:-200}"
"$here/setup.sh" >/dev/null
(cd "$root" && swift build -c release --product synod >/dev/null)
synod="$root/.build/release/synod"
py="$here/../.venv-pytorch/bin/python"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
# Wall-clock samples/s (what the target is stated in) and, because the build host is shared, also
# samples per CPU-second (process CPU time of the timed steps, all threads): the latter is steadier
# under load, but hides a framework's failure to use its threads.
printf "%-8s %7s %7s %14s %14s %7s %16s %16s %7s\n" model threads batch "synod samp/s" "torch samp/s" ratio \
    "synod samp/cpus" "torch samp/cpus" ratio
for model in mlp lenet5; do
    s=$("$synod" bench train --model "$model" --batch-size "$batch" --threads "$threads" --steps "$steps")
    t=$("$py" "$here/bench_train.py" --model "$model" --batch-size "$batch" --threads "$threads" --steps "$steps")
    sr=$(field "$s" samplesPerSecond)
    tr=$(field "$t" samplesPerSecond)
    ratio=$(python3 -c "print(f'{$sr/$tr:.2f}')")
    sc=$(python3 -c "print($steps*$batch/$(field "$s" cpuSeconds))")
    tc=$(python3 -c "print($steps*$batch/$(field "$t" cpuSeconds))")
    cratio=$(python3 -c "print(f'{$sc/$tc:.2f}')")
    printf "%-8s %7s %7s %14.0f %14.0f %6sx %16.0f %16.0f %6sx\n" "$model" "$threads" "$batch" "$sr" "$tr" "$ratio" \
        "$sc" "$tc" "$cratio"
done
