#!/usr/bin/env bash
# Holds N idle logged-in sessions per protocol against one EcurepServer (FTPS: TLS control connection after PASS;
# SFTP: key login with the sftp subsystem open, held by asyncssh), and prints the server's resident memory per session
# (growth of VmRSS over the server after one warm-up login, divided by N) and the time of one new login while they
# are held. GCDUMP=dir also writes a heap dump per protocol while the sessions are held (bench/install-bench-deps.sh
# --profilers installs dotnet-gcdump; read it with dotnet-gcdump report). Raises the open-file limit to its hard limit (both the server and the client hold N sockets).
#   bench/idle-sessions.sh [sessions (1000)] [protocols ("ftps sftp")]
set -euo pipefail

SESSIONS=${1:-1000}
read -r -a PROTOCOLS <<< "${2:-ftps sftp}"
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh" $([ -n "${GCDUMP:-}" ] && echo --profilers)
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt "$((SESSIONS + 1000))" ]; then
  echo "the open-file limit $(ulimit -n) is too low for $SESSIONS sessions" >&2
  exit 1
fi
source "$REPO/bench/ecurep-server.sh"
LIMIT=$((SESSIONS + 10))

hold() { # protocol count -> runs the client as a coprocess
  local port user secret
  # FTPS logs in anonymously: a Transfer ID's password costs a PBKDF2 check per login, minutes for 10,000 logins.
  if [ "$1" = ftps ]; then port=$ECUREP_FTPS_PORT user=anonymous secret=bench@example.com; else port=$ECUREP_PORT user=E-BENCH00001 secret=$WORK/client_key; fi
  coproc CLIENT { exec /usr/bin/python3 -W ignore "$REPO/bench/clients/idle_sessions.py" "$1" 127.0.0.1 "$port" "$user" "$secret" "$2" 2>"$WORK/client-$1.err"; }
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }

stop_ecurep() {
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  rm -rf "$WORK/ecurep"
}

printf '%s idle logged-in sessions per protocol\n' "$SESSIONS"
printf '%-6s %8s %14s %14s %16s %14s %12s\n' proto held "RSS before" "RSS held" "KiB per session" "new login (s)" "peak RSS"
for protocol in "${PROTOCOLS[@]}"; do
  # A server of its own per protocol, so memory the other protocol's sessions left free in the heap does not hide
  # what these cost. All sessions come from 127.0.0.1: the per-address limits are raised with the totals (the SSH
  # window share to the whole default TotalChannelWindowBytes, which holds 16,384 idle channels of 64 KiB).
  # ECUREP_ARGS adds more.
  start_ecurep "--EcurepServer:Sites:Bench:Ftps:MaxSessions=$LIMIT" \
    "--EcurepServer:Sites:Bench:Ftps:MaxSessionsPerAddress=$LIMIT" \
    "--EcurepServer:Sites:Bench:Ssh:MaxSessions=$LIMIT" \
    "--EcurepServer:Sites:Bench:Ssh:MaxSessionsPerAddress=$LIMIT" \
    "--EcurepServer:Sites:Bench:Ssh:MaxChannelWindowBytesPerAddress=1073741824" \
    ${ECUREP_ARGS:-}
  # Warm-up: one login, so the memory figures leave out code loaded and compiled once.
  hold "$protocol" 1
  read -r _ <&"${CLIENT[0]}"
  exec {CLIENT[1]}>&-
  wait "$CLIENT_PID"
  before=$(rss_kib)
  hold "$protocol" "$SESSIONS"
  read -r _ held _ failed <&"${CLIENT[0]}"
  after=$(rss_kib)
  if [ -n "${GCDUMP:-}" ]; then # a directory: a heap dump of the server while the sessions are held
    mkdir -p "$GCDUMP"
    "$REPO/bench/.tools/dotnet-gcdump" collect -p "$SERVER_PID" -o "$GCDUMP/$protocol.gcdump" >/dev/null
  fi
  echo login >&"${CLIENT[1]}"
  read -r _ login_seconds <&"${CLIENT[0]}"
  exec {CLIENT[1]}>&-
  wait "$CLIENT_PID"
  printf '%-6s %8s %11s kB %11s kB %16s %14s %9s kB\n' "$protocol" "$held" "$before" "$after" \
    "$(awk -v a="$before" -v b="$after" -v n="$held" 'BEGIN { printf "%.1f", (n > 0) ? (b - a) / n : 0 }')" "$login_seconds" \
    "$(ecurep_peak_memory | cut -d' ' -f1)"
  [ "$failed" -eq 0 ] || { echo "$failed logins failed:" >&2; head -3 "$WORK/client-$protocol.err" >&2; }
  stop_ecurep
done
