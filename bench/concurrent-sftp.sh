#!/usr/bin/env bash
# Many OpenSSH sftp clients upload at once to one EcurepServer (data on tmpfs); prints the wall time, the aggregate
# rate, the server's peak resident memory, and checks that every upload was delivered whole.
#   bench/concurrent-sftp.sh [clients (32)] [size-in-MiB each (64)] [cipher (aes128-gcm@openssh.com)]
set -euo pipefail

CLIENTS=${1:-32}
SIZE_MIB=${2:-64}
CIPHER=${3:-aes128-gcm@openssh.com}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

source "$REPO/bench/ecurep-server.sh"
# All clients come from 127.0.0.1, so the per-address limit (10) is raised to let them all in.
start_ecurep "--EcurepServer:Sites:Bench:Ssh:MaxSessionsPerAddress=$CLIENTS"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"
idle_memory=$(ecurep_peak_memory)

SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -c "$CIPHER")
start=$(date +%s.%N)
pids=()
for i in $(seq 1 "$CLIENTS"); do
  printf 'put %s toibm/aix/concurrent-%s.bin\n' "$WORK/source.bin" "$i" > "$WORK/batch-$i"
  sftp "${SSH_OPTS[@]}" -P "$ECUREP_PORT" -b "$WORK/batch-$i" E-BENCH00001@127.0.0.1 >/dev/null 2> "$WORK/client-$i.err" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=$((failed + 1))
done
end=$(date +%s.%N)

expected=$((SIZE_MIB * 1024 * 1024))
whole=$(find "$WORK/ecurep/data/uploads/toibm/aix" -mindepth 2 -maxdepth 2 -name 'concurrent-*.bin' -size "${expected}c" | wc -l)
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
printf '%s clients x %s MiB with %s, OpenSSH sftp client %s\n' "$CLIENTS" "$SIZE_MIB" "$CIPHER" "$(ssh -V 2>&1)"
printf 'wall time %s s, aggregate %s MiB/s\n' "$seconds" "$(awk -v n="$CLIENTS" -v m="$SIZE_MIB" -v s="$seconds" 'BEGIN { printf "%.0f", n * m / s }')"
printf 'EcurepServer peak resident memory: %s idle, %s over the run\n' "$idle_memory" "$(ecurep_peak_memory)"
printf 'delivered whole: %s of %s (%s clients failed)\n' "$whole" "$CLIENTS" "$failed"
[ "$failed" -eq 0 ] && [ "$whole" -eq "$CLIENTS" ]
