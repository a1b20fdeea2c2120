#!/usr/bin/env bash
# The "Done when · HTTP" measurement (docs/http.md): a 4-node ledger cluster (release build) whose
# node 0 gets 20,000 idle HTTP connections (two client processes of 10,000, 250 loopback source
# addresses) and 1,000 slow-loris clients (50 more addresses) for HOLD seconds. Samples node 0's
# RSS and committed height every second, then reads its HTTP counters.
#   scripts/http-flood-measure.sh [OUT_DIR] [HOLD_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/synod-http-flood}
hold=${2:-60}
synod=.build/release/synod
base=27400
http=$((base + 100))
rm -rf "$out" && mkdir -p "$out"
"$synod" cluster init --nodes 4 --protocol ledger --dir "$out/cluster" --base-port $base >"$out/init.log"
"$synod" cluster run "$out/cluster" --seconds $((hold + 60)) >"$out/run.log" 2>&1 &
runner=$!
status="$out/cluster/node-0/data/status.json"
height() { python3 -c "import json,sys; print(json.load(open('$status'))['committedHeight'])" 2>/dev/null || echo 0; }
for _ in $(seq 1 60); do [ "$(height)" -ge 5 ] && break; sleep 1; done
node=$(pgrep -f "node --home $out/cluster/node-0" | head -1)
echo "node 0 pid $node, height $(height), fds $(ls /proc/$node/fd | wc -l), $(grep 'Max open files' /proc/$node/limits)"
(
  echo "t,rss_kb,height,fds"
  for t in $(seq 0 $((hold + 10))); do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$node/status 2>/dev/null || echo 0)
    echo "$t,$rss,$(height),$(ls /proc/$node/fd 2>/dev/null | wc -l)"
    sleep 1
  done
) >"$out/samples.csv" &
sampler=$!
ulimit -n 20000
python3 scripts/http-flood.py --port $http --mode idle --connections 10000 --sources 125 --first-source 0 \
  --hold "$hold" --out "$out/idle-a.json" >/dev/null &
a=$!
python3 scripts/http-flood.py --port $http --mode idle --connections 10000 --sources 125 --first-source 125 \
  --hold "$hold" --out "$out/idle-b.json" >/dev/null &
b=$!
python3 scripts/http-flood.py --port $http --mode slowloris --connections 1000 --sources 50 --first-source 250 \
  --hold "$hold" --out "$out/slowloris.json" >/dev/null &
c=$!
wait $a $b $c
wait $sampler
curl -s "http://127.0.0.1:$http/metrics" | grep -E '^synod_http|^synod_decided_height' >"$out/metrics.txt" || true
wait $runner || true
cat "$out"/idle-a.json "$out"/idle-b.json "$out"/slowloris.json "$out/metrics.txt"
python3 - "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/samples.csv")))
rss = [int(r["rss_kb"]) for r in rows if r["rss_kb"] not in ("", "0")]
h = [int(r["height"]) for r in rows]
fds = [int(r["fds"]) for r in rows]
print(f"RSS max {max(rss)/1024:.1f} MB (first {rss[0]/1024:.1f} MB); height {h[0]} -> {h[-1]}; fds max {max(fds)}")
PY
tail -5 "$out/run.log"
