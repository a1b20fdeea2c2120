#!/usr/bin/env python3
"""Long-run measurement of a 4-node `ledger` cluster (issue 21, "constant cost per block").

Starts `synod cluster init --protocol ledger --nodes 4` and the 4 `synod node` processes, polls
every node once a second (status.json, /proc/PID/status VmRSS, /proc/PID/io wchar), restarts the
last node at the heights given by --restart-at (SIGTERM, then a new process; restart time = spawn
until its status file is written, i.e. ledger open + WAL restore + transport start; catch-up time =
until it holds the height the others had when it was ready) and stops at --blocks. Prints one JSON object:

- blocks/s of the cluster (lowest committed height) over windows of --window blocks ending at 500
  and at --blocks, and their ratio;
- RSS growth per 1,000 blocks per node (least-squares slope of VmRSS over height, from height
  1,000 on; the restarted node is left out);
- bytes written per block per node (wchar: every write(2) of the process: WAL, SQLite, status
  file, log) and WAL bytes per block (status `walBytesWritten`), over the first and the last
  1,000 blocks;
- the restart and catch-up times.

Usage: scripts/longrun.py [--synod .build/release/synod] [--blocks 10000] [--restart-at 1000,10000]
       [--dir DIR] [--base-port 27400] [--out FILE]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def read_status(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def wchar(pid):
    try:
        with open(f"/proc/{pid}/io") as handle:
            for line in handle:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def slope(points):
    """Least-squares slope of (x, y) points."""
    n = len(points)
    if n < 2:
        return None
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / sxx


class Cluster:
    def __init__(self, synod, directory, nodes):
        self.synod = synod
        self.directory = directory
        self.homes = [os.path.join(directory, f"node-{i}") for i in range(nodes)]
        self.processes = [None] * nodes
        self.logs = [None] * nodes

    def status_path(self, index):
        return os.path.join(self.homes[index], "data", "status.json")

    def start(self, index):
        try:
            os.remove(self.status_path(index))
        except OSError:
            pass
        os.makedirs(os.path.join(self.homes[index], "data"), exist_ok=True)
        log = open(os.path.join(self.homes[index], "data", "node.log"), "ab")
        self.logs[index] = log
        self.processes[index] = subprocess.Popen(
            [self.synod, "node", "--home", self.homes[index]], stdout=log, stderr=log, stdin=subprocess.DEVNULL)

    def stop(self, index, timeout=30):
        process = self.processes[index]
        if process is None:
            return None
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
        self.logs[index].close()
        self.processes[index] = None
        return status

    def status(self, index):
        return read_status(self.status_path(index))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synod", default=".build/release/synod")
    parser.add_argument("--blocks", type=int, default=10_000)
    parser.add_argument("--restart-at", default="1000,10000")
    parser.add_argument("--window", type=int, default=200)
    parser.add_argument("--dir", default=None)
    parser.add_argument("--base-port", type=int, default=27400)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()

    directory = args.dir or tempfile.mkdtemp(prefix="synod-longrun-")
    if os.path.exists(directory):
        shutil.rmtree(directory)
    subprocess.run(
        [args.synod, "cluster", "init", "--nodes", "4", "--protocol", "ledger", "--dir", directory,
         "--base-port", str(args.base_port)], check=True, stdout=subprocess.DEVNULL)
    nodes = 4
    cluster = Cluster(args.synod, directory, nodes)
    for index in range(nodes):
        cluster.start(index)

    restart_heights = sorted(int(h) for h in args.restart_at.split(",") if h)
    victim = nodes - 1
    restarts = []
    samples = []  # (time, lowest height, [height], [rss KiB], [wchar], [wal bytes])
    start = time.monotonic()
    height_times = {}
    restarted_since = None
    while True:
        time.sleep(1)
        now = time.monotonic() - start
        statuses = [cluster.status(i) for i in range(nodes)]
        heights = [s["committedHeight"] if s else 0 for s in statuses]
        lowest = min(heights)
        pids = [p.pid if p else None for p in cluster.processes]
        rss = [rss_kib(pid) if pid else None for pid in pids]
        written = [wchar(pid) if pid else None for pid in pids]
        wal = [s["consensus"].get("walBytesWritten") if s else None for s in statuses]
        memory = [s["consensus"].get("blocksInMemory") if s else None for s in statuses]
        samples.append({"t": now, "lowest": lowest, "heights": heights, "rssKiB": rss, "wchar": written,
                        "walBytes": wal, "blocksInMemory": memory})
        for h in range(max(height_times.keys(), default=0) + 1, lowest + 1):
            height_times[h] = now
        print(f"{now:7.0f}s heights {heights} rss MiB {[round(r / 1024, 1) if r else None for r in rss]}",
              file=sys.stderr, flush=True)
        if restart_heights and heights[victim] >= restart_heights[0]:
            target = restart_heights.pop(0)
            stopped_at = cluster.status(victim)["committedHeight"]
            exit_status = cluster.stop(victim)
            spawn = time.monotonic()
            cluster.start(victim)
            while cluster.status(victim) is None:
                if cluster.processes[victim].poll() is not None or time.monotonic() - spawn > 120:
                    sys.exit(f"node {victim} did not restart (see {cluster.homes[victim]}/data/node.log)")
                time.sleep(0.005)
            ready = time.monotonic() - spawn
            others = max((cluster.status(i) or {}).get("committedHeight", 0) for i in range(victim))
            while (cluster.status(victim) or {}).get("committedHeight", 0) < others:
                if time.monotonic() - spawn > 300:
                    sys.exit(f"node {victim} did not catch up to {others} within 300 s")
                time.sleep(0.05)
            restarts.append({"atHeight": stopped_at, "requested": target, "exitStatus": exit_status,
                             "restartSeconds": round(ready, 3),
                             "catchUpSeconds": round(time.monotonic() - spawn, 3), "catchUpTo": others})
            restarted_since = lowest
        if lowest >= args.blocks and not restart_heights:
            break
        if now > 6 * 3600:
            break
    exit_statuses = [cluster.stop(i) for i in range(nodes)]

    def rate(end):
        begin = end - args.window
        if begin not in height_times or end not in height_times:
            return None
        return args.window / (height_times[end] - height_times[begin])

    early, late = rate(500), rate(args.blocks)
    steady = [s for s in samples if s["lowest"] >= 1_000]
    rss_slopes = []
    for index in range(nodes - 1):
        points = [(s["heights"][index], s["rssKiB"][index]) for s in steady if s["rssKiB"][index]]
        value = slope(points)
        rss_slopes.append(None if value is None else round(value * 1_000 / 1024, 3))

    def per_block(key, low, high):
        out = []
        first = next((s for s in samples if s["lowest"] >= low), None)
        last = next((s for s in samples if s["lowest"] >= high), None)
        for index in range(nodes - 1):
            if not first or not last or first[key][index] is None or last[key][index] is None:
                out.append(None)
                continue
            blocks = last["heights"][index] - first["heights"][index]
            out.append(round((last[key][index] - first[key][index]) / blocks) if blocks else None)
        return out

    result = {
        "command": " ".join(sys.argv),
        "blocks": args.blocks,
        "blocksPerSecondAt500": early and round(early, 2),
        "blocksPerSecondAtEnd": late and round(late, 2),
        "ratio": early and late and round(late / early, 3),
        "rssMiBPer1000Blocks": rss_slopes,
        "rssMiBAtEnd": [round(r / 1024, 1) if r else None for r in samples[-1]["rssKiB"]],
        "bytesWrittenPerBlockFirst1000": per_block("wchar", 500, 1_500),
        "bytesWrittenPerBlockLast1000": per_block("wchar", args.blocks - 1_000, args.blocks),
        "walBytesPerBlockFirst1000": per_block("walBytes", 500, 1_500),
        "walBytesPerBlockLast1000": per_block("walBytes", args.blocks - 1_000, args.blocks),
        "blocksInMemoryAtEnd": samples[-1]["blocksInMemory"],
        "restarts": restarts,
        "exitStatuses": exit_statuses,
        "seconds": round(time.monotonic() - start, 1),
        "directory": directory,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    main()
