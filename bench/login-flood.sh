#!/usr/bin/env bash
# A 100 MiB (or N MiB) curl FTPS upload to EcurepServer (data on tmpfs), alone and then with a flood of 50 (or W)
# concurrent ftplib logins with a wrong password starting right after it (each flooder from its own loopback address,
# so the per-address limits do not stop them; each wrong password costs a full PBKDF2). Prints both upload rates and
# their ratio, and how many flood logins were answered.
#   bench/login-flood.sh [MiB (100)] [flooders (50)] [--EcurepServer:Key=value ...]
# (for example --EcurepServer:MaxConcurrentPasswordChecks=2 to let PBKDF2 take both cores of a 2-core machine)
set -euo pipefail

SIZE_MIB=${1:-100}
FLOODERS=${2:-50}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
FLOOD_PID=""

cleanup() {
  [ -n "$FLOOD_PID" ] && kill "$FLOOD_PID" 2>/dev/null && wait "$FLOOD_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

dotnet build "$REPO/src/EcurepServer" -c Release -v quiet -nologo >/dev/null
source "$REPO/bench/ftps-server.sh"
start_ftps_ecurep "${@:3}"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"

upload() { # name -> MiB/s
  local start end
  start=$(date +%s.%N)
  curl --ssl-reqd -k -sS -T "$WORK/source.bin" --user E-BENCH00001:bench-password-1 "ftp://127.0.0.1:$FTPS_PORT/toibm/aix/$1.bin"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v m="$SIZE_MIB" 'BEGIN { printf "%.1f", m / (b - a) }'
}

alone=$(upload alone)
# The flood starts with the upload and stops when the upload is done.
python3 "$REPO/bench/ftps-logins.py" flood 127.0.0.1 "$FTPS_PORT" E-BENCH00001 wrong-password-1 "$FLOODERS" "$WORK/stop" > "$WORK/flood.out" &
FLOOD_PID=$!
flooded=$(upload flooded)
touch "$WORK/stop"
wait "$FLOOD_PID"
FLOOD_PID=""

printf '%s MiB FTPS upload with curl, %s cores, server options: %s\n' "$SIZE_MIB" "$(nproc)" "${*:3}"
printf 'alone: %s MiB/s; during %s concurrent wrong-password logins: %s MiB/s; ratio %s\n' \
  "$alone" "$FLOODERS" "$flooded" "$(awk -v a="$flooded" -v b="$alone" 'BEGIN { printf "%.2f", a / b }')"
read -r attempts answered < "$WORK/flood.out"
printf 'flood: %s login attempts, %s answered by the server\n' "$attempts" "$answered"
