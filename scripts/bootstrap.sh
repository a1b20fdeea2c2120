#!/usr/bin/env bash
# Installs what Synod needs beyond the Swift toolchain: Debian packages (SQLite headers for GRDB,
# the Fashion-MNIST data set). Idempotent; safe to run on every invocation.
set -euo pipefail
need=()
for pkg in libsqlite3-dev zlib1g-dev dataset-fashion-mnist; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "bootstrap: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
