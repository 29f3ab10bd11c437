#!/bin/sh
# `make bench`: runs every benchmark program built from bench/bench_*.c and
# prints its figures. Usage: bench/run.sh BUILD_DIR
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b"
    echo
done

echo "== bench_server.sh (HTTP load with wrk)"
sh bench/bench_server.sh "$build"
