#!/usr/bin/env bash
# What any receiver pays on this machine per GiB, whatever its implementation, and whether the clients bound the
# wall-time ratios of the upload benchmarks. Prints:
#  (a) the kernel's cost of receiving over loopback TCP: a minimal receiver (bench/floor/receiver.py, 256 KiB reads)
#      that discards the data, and one that writes it to a file on tmpfs; its own CPU seconds (user + system) per GiB;
#  (b) AES-128-GCM decryption and SHA-256, per GiB: `openssl speed` (16 KiB blocks) and .NET's AesGcm and
#      IncrementalHash (bench/floor/CryptoFloor.cs);
#  (c) the floor kernel + AES-GCM + SHA-256, beside the issue's target of 2.0 s per GiB;
#  (d) each client's CPU seconds and wall time for one upload to EcurepServer and to the anchor (curl over FTPS to
#      vsftpd; OpenSSH sftp with aes128-gcm to OpenSSH's internal-sftp, its ssh process measured apart): a client
#      busy near 100 % of its wall time is what bounds that upload's wall time.
# Medians of the rounds. CPU seconds are the process's own (getrusage, GNU time), so load from others shows little.
#   bench/floor.sh [size-in-MiB (1024)] [rounds (3)]
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
SSHD_PID=""
VSFTPD_PID=""
RECEIVER_PID=""

cleanup() {
  for pid in "$SERVER_PID" "$SSHD_PID" "$VSFTPD_PID" "$RECEIVER_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

"$REPO/bench/install-bench-deps.sh"
source "$REPO/bench/anchors.sh"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"

receive() { # out-file|--discard -> "cpu-seconds" of the receiver
  rm -f "$WORK/port"
  python3 "$REPO/bench/floor/receiver.py" "$WORK/port" "$1" > "$WORK/receiver.out" &
  RECEIVER_PID=$!
  for _ in $(seq 1 200); do [ -f "$WORK/port" ] && break; sleep 0.05; done
  python3 "$REPO/bench/floor/sender.py" "$(cat "$WORK/port")" "$WORK/source.bin" >/dev/null
  wait "$RECEIVER_PID"
  RECEIVER_PID=""
  rm -f "$WORK/received.bin"
  read -r user system bytes < "$WORK/receiver.out"
  [ "$bytes" -eq "$((SIZE_MIB * 1024 * 1024))" ] || { echo "the receiver got $bytes bytes" >&2; exit 1; }
  per_gib "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" "$SIZE_MIB"
}

speed_per_gib() { # openssl speed arguments -> seconds per GiB at the 16 KiB figure (its unit is 1000 bytes/s)
  openssl speed -seconds 3 -bytes 16384 "$@" 2>/dev/null | tail -1 \
    | awk '{ sub(/k$/, "", $NF); printf "%.3f", 1073741824 / ($NF * 1000) }'
}

declare -A FIGURES
for _ in $(seq 1 "$ROUNDS"); do
  FIGURES[discard]+="$(receive --discard) "
  FIGURES[tmpfs]+="$(receive "$WORK/received.bin") "
  FIGURES[openssl_gcm]+="$(speed_per_gib -evp aes-128-gcm -decrypt) "
  FIGURES[openssl_sha]+="$(speed_per_gib -evp sha256) "
done
echo "== (a) kernel, minimal receiver of $SIZE_MIB MiB over loopback TCP, 256 KiB reads; CPU s per GiB, median (min-max)"
printf '%-46s %6s (%s)\n' "receive, discard" "$(echo "${FIGURES[discard]}" | median)" "$(echo "${FIGURES[discard]}" | spread)"
printf '%-46s %6s (%s)\n' "receive, write to tmpfs" "$(echo "${FIGURES[tmpfs]}" | median)" "$(echo "${FIGURES[tmpfs]}" | spread)"
echo "== (b) crypto, one core; s per GiB"
printf '%-46s %6s\n' "openssl speed AES-128-GCM decrypt, 16 KiB" "$(echo "${FIGURES[openssl_gcm]}" | median)"
printf '%-46s %6s\n' "openssl speed SHA-256, 16 KiB" "$(echo "${FIGURES[openssl_sha]}" | median)"
dotnet run "$REPO/bench/floor/CryptoFloor.cs" | tee "$WORK/dotnet.txt"
kernel=$(echo "${FIGURES[tmpfs]}" | median)
gcm=$(echo "${FIGURES[openssl_gcm]}" | median)
sha=$(echo "${FIGURES[openssl_sha]}" | median)
echo "== (c) floor per GiB received = kernel (receive + tmpfs write) + AES-128-GCM + SHA-256"
awk -v k="$kernel" -v g="$gcm" -v s="$sha" \
  'BEGIN { printf "%.2f + %.2f + %.2f = %.2f s per GiB (target 2.0: %.2f s left above the floor)\n", k, g, s, k + g + s, 2.0 - (k + g + s) }'

echo "== (d) clients: one $SIZE_MIB MiB upload each, CPU s (user + system) / wall s = share of one core busy"
source "$REPO/bench/ecurep-server.sh"
start_ecurep
start_vsftpd
start_sshd
# sftp runs ssh through this wrapper (-S), which records ssh's own CPU and wall time.
cat > "$WORK/timed-ssh" <<SH
#!/bin/sh
exec /usr/bin/time -o "$WORK/ssh.time" -f '%e %U %S' ssh "\$@"
SH
chmod +x "$WORK/timed-ssh"
SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -c aes128-gcm@openssh.com)

busy() { # time-file -> "cpu wall share"
  awk '{ printf "%.2f %.2f %.0f%%", $2 + $3, $1, 100 * ($2 + $3) / $1 }' "$1"
}

for server in ecurep vsftpd; do
  if [ "$server" = ecurep ]; then url="ftp://127.0.0.1:$ECUREP_FTPS_PORT/toibm/aix/bench-floor.bin"
  else url="ftp://127.0.0.1:$VSFTPD_PORT/upload/bench-floor.bin"; fi
  for _ in $(seq 1 "$ROUNDS"); do
    /usr/bin/time -o "$WORK/curl.time" -f '%e %U %S' curl -sS --ssl-reqd -k --user anonymous:bench@example.com -T "$WORK/source.bin" "$url"
    FIGURES[curl,$server]+="$(busy "$WORK/curl.time" | cut -d' ' -f3 | tr -d %) "
    echo "curl FTPS to $server: CPU, wall, busy: $(busy "$WORK/curl.time")"
    ecurep_clear_uploads
    rm -f "$WORK"/vsftpd/root/upload/bench-*
  done
done
for server in ecurep openssh; do
  for _ in $(seq 1 "$ROUNDS"); do
    if [ "$server" = ecurep ]; then
      printf 'put %s toibm/aix/bench-floor.bin\n' "$WORK/source.bin" > "$WORK/batch"
      target=(-P "$ECUREP_PORT" E-BENCH00001@127.0.0.1)
    else
      printf 'put %s %s/upload/bench.bin\n' "$WORK/source.bin" "$WORK/sshd" > "$WORK/batch"
      target=(-P "$SSHD_PORT" "$(id -un)@127.0.0.1")
    fi
    /usr/bin/time -o "$WORK/sftp.time" -f '%e %U %S' sftp -S "$WORK/timed-ssh" "${SSH_OPTS[@]}" -b "$WORK/batch" "${target[@]}" >/dev/null
    FIGURES[ssh,$server]+="$(busy "$WORK/ssh.time" | cut -d' ' -f3 | tr -d %) "
    # GNU time counts the waited-for ssh child in sftp's figures; sftp's own is the difference.
    sftp_own=$(paste "$WORK/sftp.time" "$WORK/ssh.time" | awk '{ printf "%.2f", ($2 + $3) - ($5 + $6) }')
    echo "sftp aes128-gcm to $server: ssh CPU, wall, busy: $(busy "$WORK/ssh.time"); sftp process CPU: $sftp_own"
    ecurep_clear_uploads
    rm -f "$WORK/sshd/upload/bench.bin"
  done
done
echo "median busy share of one core: curl to ecurep $(echo "${FIGURES[curl,ecurep]}" | median)%, to vsftpd" \
  "$(echo "${FIGURES[curl,vsftpd]}" | median)%; ssh to ecurep $(echo "${FIGURES[ssh,ecurep]}" | median)%," \
  "to openssh $(echo "${FIGURES[ssh,openssh]}" | median)%"
