#!/usr/bin/env bash
# BenchmarkDotNet microbenchmarks of the SSH ciphers (with the implementation before the last change beside the
# current one in the same run, bench/EcurepServer.Benchmarks/Baseline) and of sntrup761 encapsulation (ours beside
# BouncyCastle's). CPU time on one core, not wall time of an upload.
#   bench/micro.sh [BenchmarkDotNet arguments (default: --filter '*')]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO/bench/EcurepServer.Benchmarks"
if [ $# -eq 0 ]; then set -- --filter '*'; fi
dotnet run -c Release -- "$@"
