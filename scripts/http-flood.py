#!/usr/bin/env python3
"""Opens many idle or slow-loris HTTP connections against one node and tallies what the server did.

Usage (one process holds at most about 19,000 sockets; run several for more):
  ulimit -n 20000
  python3 scripts/http-flood.py --port 27100 --mode idle --connections 10000 --sources 125 --hold 60 --out idle.json
  python3 scripts/http-flood.py --port 27100 --mode slowloris --connections 1000 --sources 50 --hold 60 --out slow.json

Every connection binds a loopback source address 127.0.<b>.<c> (round robin over --sources
addresses, starting at --first-source), so the per-address cap and the total cap both come into
play. Modes:
  idle       connect and send nothing;
  slowloris  send "GET / HTTP/1.1\\r\\n" and then one header byte every --drip seconds, never
             finishing the head.
Each connection ends as one of: connect_failed, refused (closed by the server within --refused-within
seconds of connecting, with no bytes sent back), closed_later (closed by the server after that: an
idle or header timeout), still_open (open when --hold seconds ended). The JSON summary gives the
counts. A connection the server closes quickly but after --refused-within is counted closed_later,
so compare sums with the server's counters, not single buckets.
"""
import argparse
import asyncio
import json
import socket
import time


def source_address(index, first, count):
    n = first + (index % count)
    return f"127.0.{n // 250 + 1}.{n % 250 + 1}"


async def one(args, index, tally, started):
    src = source_address(index, args.first_source, args.sources)
    t0 = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", args.port, local_addr=(src, 0)), timeout=args.connect_timeout
        )
    except Exception:
        tally["connect_failed"] += 1
        return
    connected = time.monotonic()
    tally["connected"] += 1
    deadline = started + args.hold
    outcome = "still_open"
    try:
        if args.mode == "slowloris":
            writer.write(b"GET /status HTTP/1.1\r\n")
            await writer.drain()
        while time.monotonic() < deadline:
            wait = min(args.drip, deadline - time.monotonic()) if args.mode == "slowloris" else deadline - time.monotonic()
            try:
                data = await asyncio.wait_for(reader.read(4096), timeout=max(0.01, wait))
            except asyncio.TimeoutError:
                if args.mode == "slowloris":
                    writer.write(b"X")
                    await writer.drain()
                continue
            if not data:
                outcome = "refused" if time.monotonic() - connected < args.refused_within else "closed_later"
                break
            tally["bytes_received"] += len(data)
    except (ConnectionResetError, BrokenPipeError, OSError):
        outcome = "refused" if time.monotonic() - connected < args.refused_within else "closed_later"
    tally[outcome] += 1
    try:
        writer.close()
    except Exception:
        pass


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["idle", "slowloris"], default="idle")
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--sources", type=int, default=100)
    p.add_argument("--first-source", type=int, default=0)
    p.add_argument("--hold", type=float, default=60)
    p.add_argument("--drip", type=float, default=1.0)
    p.add_argument("--refused-within", type=float, default=1.0)
    p.add_argument("--connect-timeout", type=float, default=10)
    p.add_argument("--rate", type=float, default=2000, help="new connections per second")
    p.add_argument("--out")
    args = p.parse_args()
    tally = {k: 0 for k in ["connected", "connect_failed", "refused", "closed_later", "still_open", "bytes_received"]}
    started = time.monotonic()
    tasks = []
    for i in range(args.connections):
        tasks.append(asyncio.create_task(one(args, i, tally, started)))
        if (i + 1) % 100 == 0:
            await asyncio.sleep(100 / args.rate)
    await asyncio.gather(*tasks)
    tally.update(mode=args.mode, connections=args.connections, sources=args.sources, hold_s=args.hold,
                 elapsed_s=round(time.monotonic() - started, 1))
    text = json.dumps(tally, sort_keys=True)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    asyncio.run(main())
