#!/usr/bin/env bash
# Uploads one file with curl over explicit FTPS (AUTH TLS, PROT P, passive) to EcurepServer and to Debian's vsftpd
# (started here on a loopback port with a throwaway certificate), both writing to tmpfs, alternating servers in one
# run, and prints the median wall time of each, the ratio EcurepServer / vsftpd, and each server's CPU seconds per
# GiB received (user + system of each server's CPU accounting group, vsftpd's per-session processes included). Both log in anonymously, so
# neither pays for a password check.
#   bench/ftps-upload.sh [size-in-MiB (1024)] [rounds (5)]
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-5}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
VSFTPD_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$VSFTPD_PID" ] && kill "$VSFTPD_PID" 2>/dev/null && wait "$VSFTPD_PID" 2>/dev/null || true
  ! declare -F remove_cpu_groups >/dev/null || remove_cpu_groups "$SERVER_PID" "$VSFTPD_PID"
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh"
source "$REPO/bench/ecurep-server.sh"
source "$REPO/bench/anchors.sh"
start_ecurep
start_vsftpd
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"

upload() { # server round -> "seconds cpu-seconds"
  local server=$1 round=$2 start end pid url user cpu_before
  if [ "$server" = ecurep ]; then
    pid=$SERVER_PID url="ftp://127.0.0.1:$ECUREP_FTPS_PORT/toibm/aix/bench-$round.bin" user="anonymous:bench@example.com"
  else
    pid=$VSFTPD_PID url="ftp://127.0.0.1:$VSFTPD_PORT/upload/bench-$round.bin" user="anonymous:bench@example.com"
  fi
  cpu_before=$(cpu_seconds "$pid")
  start=$(date +%s.%N)
  curl -sS --ssl-reqd -k --user "$user" -T "$WORK/source.bin" "$url"
  end=$(date +%s.%N)
  wait_children_reaped "$pid"
  awk -v a="$start" -v b="$end" -v c0="$cpu_before" -v c1="$(cpu_seconds "$pid")" 'BEGIN { printf "%.3f %.2f", b - a, c1 - c0 }'
  ecurep_clear_uploads
  rm -f "$WORK"/vsftpd/root/upload/bench-*
}

declare -A TIMES CPU
for round in $(seq 1 "$ROUNDS"); do
  for server in ecurep vsftpd; do
    read -r seconds cpu <<< "$(upload "$server" "$round")"
    TIMES[$server]+="$seconds "
    CPU[$server]+="$(per_gib "$cpu" "$SIZE_MIB") "
  done
done

printf '%s MiB over FTPS (curl %s), %s rounds, medians (min-max)\n' "$SIZE_MIB" "$(curl -V | head -1 | cut -d' ' -f2)" "$ROUNDS"
printf '%-10s %20s %24s\n' server "wall (s)" "server CPU-s per GiB"
for server in ecurep vsftpd; do
  printf '%-10s %8.2f (%s) %10s (%s)\n' "$server" "$(echo "${TIMES[$server]}" | median)" "$(echo "${TIMES[$server]}" | spread)" \
    "$(echo "${CPU[$server]}" | median)" "$(echo "${CPU[$server]}" | spread)"
done
printf 'ratio ecurep / vsftpd: wall %s, CPU %s\n' \
  "$(ratio "$(echo "${TIMES[ecurep]}" | median)" "$(echo "${TIMES[vsftpd]}" | median)")" \
  "$(ratio "$(echo "${CPU[ecurep]}" | median)" "$(echo "${CPU[vsftpd]}" | median)")"
printf 'EcurepServer peak resident memory over the run: %s\n' "$(ecurep_peak_memory)"
