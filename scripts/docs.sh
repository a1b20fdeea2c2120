#!/usr/bin/env bash
# Builds the DocC documentation of every Swift library target under Sources/ with swift-docc-plugin.
# Fails if DocC reports an error, or any warning in a documentation catalog (Sources/*/*.docc),
# such as an unresolved ``Symbol`` link. Warnings in doc comments are printed but do not fail.
# The archives go to .build/plugins/Swift-DocC/outputs/<Target>.doccarchive.
# Extra arguments are passed to the plugin (e.g. --target SynodCore to build one module).
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if ((${#args[@]} == 0)); then
  # Every Swift library target whose sources are under Sources/ (not the executables, the C
  # targets or the test support target).
  while read -r target; do args+=(--target "$target"); done < <(
    swift package describe --type json | python3 -c '
import json, sys
for target in json.load(sys.stdin)["targets"]:
    if target["type"] == "library" and target["module_type"] == "SwiftTarget" and target["path"].startswith("Sources/"):
        print(target["name"])')
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --disable-indexing: no IDE index is needed, and building it costs time.
swift package generate-documentation --disable-indexing "${args[@]}" 2>&1 | tee "$log"
# A diagnostic located in a catalog file prints its location as "--> <Module>.md:line:column".
if grep -qE '^ *--> [^ ]+\.md:[0-9]' "$log"; then
  echo "docs: DocC reported problems in a documentation catalog (see above)" >&2
  exit 1
fi
