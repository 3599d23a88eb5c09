#!/usr/bin/env bash
# Profiles EcurepServer while it receives one upload and prints where its CPU went: perf samples of the whole
# process (managed code through the runtime's perf map, the native crypto in libcrypto/libssl, the kernel),
# the top symbols by self time and the top shared objects. With TRACE=1 it also collects a dotnet-trace of the
# same upload (GC and allocation events; bench/install-bench-deps.sh --profilers installs the tool) into
# $OUT/upload.nettrace. CLIENTS=n profiles n uploads of that size at once (as bench/concurrent-upload.sh runs them).
# FTPS logs in anonymously, as the upload benchmarks do.
#   [OUT=dir] [CLIENTS=1] bench/profile-upload.sh ftps|sftp [MiB (1024)] [cipher for sftp (aes128-gcm@openssh.com)]
set -euo pipefail

PROTOCOL=${1:?ftps or sftp}
SIZE_MIB=${2:-1024}
CIPHER=${3:-aes128-gcm@openssh.com}
CLIENTS=${CLIENTS:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
OUT=${OUT:-$WORK/profile}
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh" $([ -n "${TRACE:-}" ] && echo --profilers)
mkdir -p "$OUT"
source "$REPO/bench/ecurep-server.sh"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
# All clients come from 127.0.0.1 and log in at once, as in bench/concurrent-upload.sh.
CONCURRENT_LIMITS=()
if [ "$CLIENTS" -gt 1 ]; then
  ulimit -n "$(ulimit -Hn)"
  concurrent_limits "$CLIENTS"
fi
start_ecurep "${CONCURRENT_LIMITS[@]}"
unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"
head -c $((64 * 1024 * 1024)) /dev/urandom > "$WORK/warmup.bin"
SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -c "$CIPHER")

upload() { # file name
  if [ "$PROTOCOL" = ftps ]; then
    curl -sS --ssl-reqd -k --user anonymous:bench@example.com -T "$1" "ftp://127.0.0.1:$ECUREP_FTPS_PORT/toibm/aix/$2"
  else
    printf 'put %s toibm/aix/%s\n' "$1" "$2" | sftp "${SSH_OPTS[@]}" -P "$ECUREP_PORT" -b - E-BENCH00001@127.0.0.1 >/dev/null
  fi
}

uploads() { # file name-prefix: $CLIENTS uploads of the file at once
  local pids=() i
  for i in $(seq 1 "$CLIENTS"); do
    upload "$1" "$2-$i.bin" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid"
  done
}

# Three warm-up uploads with a pause between them: the runtime recompiles hot methods optimized in the background
# (tiered compilation), which on a loaded machine did not finish within one 64 MiB upload and then put the JIT at
# 10-17 % of the measured upload's samples.
for round in 1 2 3; do
  upload "$WORK/warmup.bin" "bench-warmup-$round.bin"
  sleep 1
done
# One more round of the measured size, deleted again: on this virtual machine the first write to memory the guest has never
# used is slow (the hypervisor backs it on first touch), which doubled the server's CPU for the first 1 GiB written to
# tmpfs and showed as copy_folio_from_iter_atomic at half the samples. Deleted files free pages that the measured
# upload then reuses.
uploads "$WORK/source.bin" bench-warmup-full
ecurep_clear_uploads
sleep 1
if [ -n "${TRACE:-}" ]; then
  "$REPO/bench/.tools/dotnet-trace" collect -p "$SERVER_PID" --profile gc-verbose -o "$OUT/upload.nettrace" >/dev/null 2>&1 &
  TRACE_PID=$!
  sleep 2
fi
perf record -q -e cpu-clock -F 499 -g -p "$SERVER_PID" -o "$OUT/perf.data" 2>/dev/null &
PERF_PID=$!
sleep 0.5
cpu_times() { # -> "user system" CPU seconds of the server so far
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print $12 / hz, $13 / hz }' "/proc/$SERVER_PID/stat"
}
read -r user_before system_before < <(cpu_times)
uploads "$WORK/source.bin" bench-profile
read -r user_after system_after < <(cpu_times)
cpu_before=$(awk -v u="$user_before" -v s="$system_before" 'BEGIN { print u + s }')
cpu_after=$(awk -v u="$user_after" -v s="$system_after" 'BEGIN { print u + s }')
kill -INT "$PERF_PID"
wait "$PERF_PID" || true
[ -n "${TRACE:-}" ] && { kill -INT "$TRACE_PID"; wait "$TRACE_PID" || true; }

printf '%s upload of %s x %s MiB%s: server CPU %.2f s (%.2f s per GiB)\n' "$PROTOCOL" "$CLIENTS" "$SIZE_MIB" \
  "$([ "$PROTOCOL" = sftp ] && echo " with $CIPHER")" "$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { print b - a }')" \
  "$(awk -v a="$cpu_before" -v b="$cpu_after" -v m="$((SIZE_MIB * CLIENTS))" 'BEGIN { print (b - a) * 1024 / m }')"
awk -v u0="$user_before" -v u1="$user_after" -v s0="$system_before" -v s1="$system_after" -v m="$((SIZE_MIB * CLIENTS))" \
  'BEGIN { printf "per GiB: user %.2f s, system %.2f s\n", (u1 - u0) * 1024 / m, (s1 - s0) * 1024 / m }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== shared objects by self time"
perf report -i "$OUT/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "== symbols by self time"
perf report -i "$OUT/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -${TOP:-45}
