#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/Harnesses) and runs each target on its corpus.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET …]     default: 5 s, every target
#
# Build: the normal debug build of `synod` (swift build --product synod), then swiftc compiles the
# harnesses with -sanitize=fuzzer,address and links them with the objects of that build (the list
# SwiftPM wrote for the synod executable, minus its main). So libFuzzer's coverage feedback and
# ASan cover the harness code only, not the library code (that would need every module rebuilt with
# -sanitize=fuzzer); failures of the library are still caught: traps, assertion aborts, and
# precondition failures of the harness oracles.
# Corpus: Fuzz/corpus/<target>/ (seeds, committed); new inputs go to .build-fuzz/corpus/<target>/,
# crashes to .build-fuzz/crashes/<target>/. Prints one line per target: executions and crashes.
# Leak detection is off: TOMLKit leaks on every parse (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(frame handshake canonical block transaction npy safetensors idx toml genesis)
fi
swift build --product synod >/dev/null
debug=$(swift build --show-bin-path)
mkdir -p .build-fuzz
grep -v "/synod.build/" "$debug/synod.product/Objects.LinkFileList" >.build-fuzz/objects.rsp
flags=()
for map in $(find "$debug" -maxdepth 2 -name module.modulemap) $(find Sources -name module.modulemap) \
  .build/checkouts/GRDB.swift/Sources/GRDBSQLite/module.modulemap; do
  flags+=(-Xcc "-fmodule-map-file=$map")
done
for include in $(find .build/checkouts Sources -type d -name include); do flags+=(-Xcc "-I$include"); done
swiftc -sanitize=fuzzer,address -parse-as-library -I "$debug/Modules" "${flags[@]}" Fuzz/Harnesses/*.swift \
  @.build-fuzz/objects.rsp -lsqlite3 -lstdc++ -lz -o .build-fuzz/SynodFuzz
status=0
for target in "${targets[@]}"; do
  work=.build-fuzz/corpus/$target
  crashes=.build-fuzz/crashes/$target
  mkdir -p "$work" "$crashes" "Fuzz/corpus/$target"
  log=.build-fuzz/$target.log
  if ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no SYNOD_FUZZ_TARGET=$target .build-fuzz/SynodFuzz -detect_leaks=0 \
      -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$crashes/" "$work" "Fuzz/corpus/$target" \
      >"$log" 2>&1; then
    result=ok
  else
    result=CRASH
    status=1
  fi
  runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || echo "?")
  echo "$target: $result, executions $runs, crash files $(ls "$crashes" | wc -l) (log $log)"
done
exit $status
