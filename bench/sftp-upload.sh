#!/usr/bin/env bash
# Uploads one file with OpenSSH's sftp client to EcurepServer and to OpenSSH's own internal-sftp (a throwaway
# sshd on a loopback port), both writing to tmpfs, alternating servers and ciphers in one run, and prints per cipher
# the median wall time of each, the ratio EcurepServer / OpenSSH, and each server's CPU seconds per GiB received
# (user + system of each server's CPU accounting group, sshd's per-connection processes included).
#   [CIPHERS="aes128-ctr ..."] bench/sftp-upload.sh [size-in-MiB (1024)] [rounds (5)]
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-5}
read -r -a CIPHERS <<< "${CIPHERS:-aes128-gcm@openssh.com chacha20-poly1305@openssh.com}"
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
SSHD_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null || true
  ! declare -F remove_cpu_groups >/dev/null || remove_cpu_groups "$SERVER_PID" "$SSHD_PID"
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh"
source "$REPO/bench/ecurep-server.sh"
source "$REPO/bench/anchors.sh"
start_ecurep
start_sshd
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"

SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes)

upload() { # server cipher round -> "seconds cpu-seconds"
  local server=$1 cipher=$2 round=$3 start end pid cpu_before
  if [ "$server" = ecurep ]; then
    pid=$SERVER_PID
    printf 'put %s toibm/aix/bench-%s-%s.bin\n' "$WORK/source.bin" "${cipher%%@*}" "$round" > "$WORK/batch"
  else
    pid=$SSHD_PID
    printf 'put %s %s/upload/bench.bin\n' "$WORK/source.bin" "$WORK/sshd" > "$WORK/batch"
  fi
  cpu_before=$(cpu_seconds "$pid")
  start=$(date +%s.%N)
  if [ "$server" = ecurep ]; then
    sftp "${SSH_OPTS[@]}" -c "$cipher" -P "$ECUREP_PORT" -b "$WORK/batch" E-BENCH00001@127.0.0.1 >/dev/null
  else
    sftp "${SSH_OPTS[@]}" -c "$cipher" -P "$SSHD_PORT" -b "$WORK/batch" "$(id -un)@127.0.0.1" >/dev/null
  fi
  end=$(date +%s.%N)
  wait_children_reaped "$pid"
  awk -v a="$start" -v b="$end" -v c0="$cpu_before" -v c1="$(cpu_seconds "$pid")" 'BEGIN { printf "%.3f %.2f", b - a, c1 - c0 }'
  rm -f "$WORK/sshd/upload/bench.bin"
  ecurep_clear_uploads
}

declare -A TIMES CPU
for round in $(seq 1 "$ROUNDS"); do
  for cipher in "${CIPHERS[@]}"; do
    for server in ecurep openssh; do
      read -r seconds cpu <<< "$(upload "$server" "$cipher" "$round")"
      TIMES[$server,$cipher]+="$seconds "
      CPU[$server,$cipher]+="$(per_gib "$cpu" "$SIZE_MIB") "
    done
  done
done

printf '%s MiB over SFTP, %s rounds, OpenSSH sftp client %s; medians (min-max)\n' "$SIZE_MIB" "$ROUNDS" "$(ssh -V 2>&1)"
printf '%-30s %-8s %20s %24s\n' cipher server "wall (s)" "server CPU-s per GiB"
for cipher in "${CIPHERS[@]}"; do
  for server in ecurep openssh; do
    printf '%-30s %-8s %8.2f (%s) %10s (%s)\n' "$cipher" "$server" \
      "$(echo "${TIMES[$server,$cipher]}" | median)" "$(echo "${TIMES[$server,$cipher]}" | spread)" \
      "$(echo "${CPU[$server,$cipher]}" | median)" "$(echo "${CPU[$server,$cipher]}" | spread)"
  done
  printf '%-30s ratio ecurep / openssh: wall %s, CPU %s\n' "$cipher" \
    "$(ratio "$(echo "${TIMES[ecurep,$cipher]}" | median)" "$(echo "${TIMES[openssh,$cipher]}" | median)")" \
    "$(ratio "$(echo "${CPU[ecurep,$cipher]}" | median)" "$(echo "${CPU[openssh,$cipher]}" | median)")"
done
printf 'EcurepServer peak resident memory over the run: %s\n' "$(ecurep_peak_memory)"
