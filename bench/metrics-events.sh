#!/usr/bin/env bash
# What metrics, upload events and the transfer log cost a 1 GiB upload: two servers from one build, data on tmpfs,
# one with the management endpoint (so the instruments are collected), a command event sink (/bin/true) and
# TransferLog:Path, the other with all three off; farm-bench times OpenSSH sftp uploads to each in turn and prints
# the paired ratio on/off, and each server's CPU seconds. The wall ratio's median is the figure; min and max show
# how noisy the machine was.
#   [CIPHER=aes128-gcm@openssh.com] bench/metrics-events.sh [size-in-MiB (1024)] [runs (5)]
set -euo pipefail

SIZE_MIB=${1:-1024}
RUNS=${2:-5}
CIPHER=${CIPHER:-aes128-gcm@openssh.com}
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$ROOT"
}
trap cleanup EXIT

source "$REPO/bench/ecurep-server.sh"

WORK="$ROOT/on"
mkdir -p "$WORK"
start_ecurep --EcurepServer:Management:Enabled=true --EcurepServer:Management:Url=http://127.0.0.1:0 \
  --EcurepServer:Events:Sinks:bench:Type=command --EcurepServer:Events:Sinks:bench:Command=/bin/true \
  --EcurepServer:TransferLog:Path="$WORK/xferlog"
PIDS+=("$SERVER_PID")
ON_PORT=$ECUREP_PORT

WORK="$ROOT/off"
mkdir -p "$WORK"
start_ecurep
PIDS+=("$SERVER_PID")
OFF_PORT=$ECUREP_PORT

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$ROOT/source.bin"

# One upload to the server of that directory, then its delivered file removed (tmpfs holds one at a time).
cat > "$ROOT/upload.sh" <<SH
#!/bin/sh
set -e
printf 'put $ROOT/source.bin toibm/aix/bench.bin\n' | sftp -q -i "\$1/client_key" -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile=/dev/null -o BatchMode=yes -c $CIPHER -P "\$2" -b - E-BENCH00001@127.0.0.1 >/dev/null
rm -f "\$1"/ecurep/data/uploads/toibm/aix/*/bench.bin
SH
chmod +x "$ROOT/upload.sh"

echo "A: metrics, events and transfer log on (port $ON_PORT); B: off (port $OFF_PORT); $SIZE_MIB MiB, $CIPHER"
farm-bench -n "$RUNS" --timeout 3000 --vs "$ROOT/upload.sh $ROOT/off $OFF_PORT" -- "$ROOT/upload.sh" "$ROOT/on" "$ON_PORT"
# The servers' own CPU over the whole call (both took the same uploads): the cost farm-bench's client times miss.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
echo "server CPU seconds (start-up included): on $(server_cpu "${PIDS[0]}"), off $(server_cpu "${PIDS[1]}")"
delivered=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from events where state = 'delivered'\").fetchone()[0])" \
  "$ROOT/on/ecurep/data/catalog.db" 2>/dev/null || echo 0)
echo "events delivered by the 'on' server: $delivered; xferlog lines: $(wc -l < "$ROOT/on/xferlog")"
