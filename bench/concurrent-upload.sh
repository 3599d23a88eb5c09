#!/usr/bin/env bash
# Many clients upload at once, alternating servers in one run: curl over FTPS to EcurepServer and to Debian's vsftpd,
# OpenSSH's sftp to EcurepServer and to OpenSSH's internal-sftp (both anchors started here on loopback ports), data
# on tmpfs. Prints per protocol the median wall time of a whole round, the ratio EcurepServer / anchor, each server's
# CPU seconds per GiB received, and checks that every upload was delivered whole. FTPS logs in anonymously to both
# servers (a Transfer ID's password costs EcurepServer a PBKDF2 check per login, vsftpd's anonymous login nothing).
# PROTOCOLS=ftps or PROTOCOLS=sftp runs one protocol only (default both).
#   [CIPHER=aes128-gcm@openssh.com] [PROTOCOLS="ftps sftp"] bench/concurrent-upload.sh [clients (100)] [size-in-MiB each (16)] [rounds (3)]
set -euo pipefail

CLIENTS=${1:-100}
SIZE_MIB=${2:-16}
ROUNDS=${3:-3}
CIPHER=${CIPHER:-aes128-gcm@openssh.com}
PROTOCOLS=${PROTOCOLS:-ftps sftp}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
SSHD_PID=""
VSFTPD_PID=""

cleanup() {
  for pid in "$SERVER_PID" "$SSHD_PID" "$VSFTPD_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  ! declare -F remove_cpu_groups >/dev/null || remove_cpu_groups "$SERVER_PID" "$SSHD_PID" "$VSFTPD_PID"
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh"
ulimit -n "$(ulimit -Hn)"
source "$REPO/bench/ecurep-server.sh"
source "$REPO/bench/anchors.sh"
# All clients come from 127.0.0.1 and log in at once, so the per-address and pre-login limits are raised to let them all in.
concurrent_limits "$CLIENTS"
start_ecurep "${CONCURRENT_LIMITS[@]}"
case " $PROTOCOLS " in *" sftp "*) start_sshd ;; esac
case " $PROTOCOLS " in *" ftps "*) start_vsftpd ;; esac
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"
SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -c "$CIPHER")

client() { # server protocol i
  local server=$1 protocol=$2 i=$3
  case "$server,$protocol" in
    ecurep,ftps) curl -sS --ssl-reqd -k --user anonymous:bench@example.com -T "$WORK/source.bin" \
                   "ftp://127.0.0.1:$ECUREP_FTPS_PORT/toibm/aix/bench-$i.bin" ;;
    anchor,ftps) curl -sS --ssl-reqd -k --user anonymous:bench@example.com -T "$WORK/source.bin" \
                   "ftp://127.0.0.1:$VSFTPD_PORT/upload/bench-$i.bin" ;;
    ecurep,sftp) printf 'put %s toibm/aix/bench-%s.bin\n' "$WORK/source.bin" "$i" \
                   | sftp "${SSH_OPTS[@]}" -P "$ECUREP_PORT" -b - E-BENCH00001@127.0.0.1 >/dev/null ;;
    anchor,sftp) printf 'put %s %s/upload/bench-%s.bin\n' "$WORK/source.bin" "$WORK/sshd" "$i" \
                   | sftp "${SSH_OPTS[@]}" -P "$SSHD_PORT" -b - "$(id -un)@127.0.0.1" >/dev/null ;;
  esac
}

round() { # server protocol -> "seconds cpu-seconds whole failed"
  local server=$1 protocol=$2 pid dir start end cpu_before failed=0 whole pids=()
  case "$server,$protocol" in
    ecurep,*) pid=$SERVER_PID dir=$WORK/ecurep/data/uploads/toibm/aix ;;
    anchor,ftps) pid=$VSFTPD_PID dir=$WORK/vsftpd/root/upload ;;
    anchor,sftp) pid=$SSHD_PID dir=$WORK/sshd/upload ;;
  esac
  cpu_before=$(cpu_seconds "$pid")
  start=$(date +%s.%N)
  for i in $(seq 1 "$CLIENTS"); do
    client "$server" "$protocol" "$i" 2> "$WORK/client-$i.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    wait "$p" || failed=$((failed + 1))
  done
  end=$(date +%s.%N)
  wait_children_reaped "$pid"
  whole=$(find "$dir" -name 'bench-*' -size "$((SIZE_MIB * 1024 * 1024))c" | wc -l)
  find "$dir" -name 'bench-*' -delete
  awk -v a="$start" -v b="$end" -v c0="$cpu_before" -v c1="$(cpu_seconds "$pid")" -v w="$whole" -v f="$failed" \
    'BEGIN { printf "%.3f %.2f %d %d", b - a, c1 - c0, w, f }'
}

declare -A TIMES CPU
incomplete=0
for r in $(seq 1 "$ROUNDS"); do
  for protocol in $PROTOCOLS; do
    for server in ecurep anchor; do
      read -r seconds cpu whole failed <<< "$(round "$server" "$protocol")"
      TIMES[$server,$protocol]+="$seconds "
      CPU[$server,$protocol]+="$(per_gib "$cpu" "$((CLIENTS * SIZE_MIB))") "
      if [ "$whole" -ne "$CLIENTS" ] || [ "$failed" -ne 0 ]; then
        echo "round $r $server $protocol: $whole of $CLIENTS delivered whole, $failed clients failed" >&2
        incomplete=$((incomplete + 1))
      fi
    done
  done
done

printf '%s clients x %s MiB at once, %s rounds (SFTP with %s); medians (min-max)\n' "$CLIENTS" "$SIZE_MIB" "$ROUNDS" "$CIPHER"
printf '%-6s %-8s %20s %24s\n' proto server "round wall (s)" "server CPU-s per GiB"
for protocol in $PROTOCOLS; do
  anchor_name=$([ "$protocol" = ftps ] && echo vsftpd || echo openssh)
  for server in ecurep anchor; do
    printf '%-6s %-8s %8.2f (%s) %10s (%s)\n' "$protocol" "$([ "$server" = ecurep ] && echo ecurep || echo "$anchor_name")" \
      "$(echo "${TIMES[$server,$protocol]}" | median)" "$(echo "${TIMES[$server,$protocol]}" | spread)" \
      "$(echo "${CPU[$server,$protocol]}" | median)" "$(echo "${CPU[$server,$protocol]}" | spread)"
  done
  printf '%-6s ratio ecurep / %s: wall %s, CPU %s\n' "$protocol" "$anchor_name" \
    "$(ratio "$(echo "${TIMES[ecurep,$protocol]}" | median)" "$(echo "${TIMES[anchor,$protocol]}" | median)")" \
    "$(ratio "$(echo "${CPU[ecurep,$protocol]}" | median)" "$(echo "${CPU[anchor,$protocol]}" | median)")"
done
printf 'EcurepServer peak resident memory over the run: %s\n' "$(ecurep_peak_memory)"
if [ "$incomplete" -eq 0 ]; then echo "every upload delivered whole"; else echo "$incomplete rounds incomplete"; exit 1; fi
