#!/usr/bin/env bash
# Runs Synod's whole test suite on a fresh machine: installs dependencies, builds, tests.
#
# Two runs of the same test binary: Swift Testing runs tests on the cooperative thread pool, which
# has one thread per core. On a 2-core machine the long CPU-bound suites (seeded consensus sweeps,
# engine runs of SPDL/PoQI) occupy both threads for minutes, which starves the tests that wait on
# real sockets and real processes (HTTP API, node clusters) until their wall-clock deadlines pass.
# So the process and socket tests run on their own, after the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
# The DocC catalogs of the library modules must build without problems (before the tests, so the
# test runner's summary stays the last thing printed).
scripts/docs.sh > .build/docs.log 2>&1 || { cat .build/docs.log; exit 1; }
echo "docs: $(grep -c '\.doccarchive$' .build/docs.log) documentation archives built"
io_suites='SynodNodeTests|SynodHTTPTests|SynodTransportTests'
swift test --skip-build --skip "$io_suites"
swift test --skip-build --filter "$io_suites"
