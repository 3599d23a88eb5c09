#!/usr/bin/env bash
# Uploads one file with OpenSSH's sftp client to EcurepServer and to OpenSSH's own internal-sftp (a throwaway
# sshd on a loopback port), both writing to tmpfs, alternating servers and ciphers in one run, and prints the
# median time of each pair, the ratio EcurepServer / OpenSSH, and the server's peak resident memory.
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
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -x /usr/sbin/sshd ]; then
  echo "Installing openssh-server for the reference sshd ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
fi

source "$REPO/bench/ecurep-server.sh"
start_ecurep
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.bin"

# The reference: OpenSSH's sshd with internal-sftp, key login as the current user.
mkdir -p "$WORK/sshd/upload"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/sshd/host_key"
cp "$WORK/client_key.pub" "$WORK/sshd/authorized_keys"
SSHD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/sshd/sshd_config" <<CONF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $WORK/sshd/host_key
AuthorizedKeysFile $WORK/sshd/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
PidFile none
CONF
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$WORK/sshd/sshd_config" 2> "$WORK/sshd.log" &
SSHD_PID=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$SSHD_PORT") 2>/dev/null && break
  sleep 0.05
done

SSH_OPTS=(-q -i "$WORK/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes)

upload() { # server cipher round -> seconds
  local server=$1 cipher=$2 round=$3 start end
  if [ "$server" = ecurep ]; then
    printf 'put %s toibm/aix/bench-%s-%s.bin\n' "$WORK/source.bin" "${cipher%%@*}" "$round" > "$WORK/batch"
    start=$(date +%s.%N)
    sftp "${SSH_OPTS[@]}" -c "$cipher" -P "$ECUREP_PORT" -b "$WORK/batch" E-BENCH00001@127.0.0.1 >/dev/null
  else
    printf 'put %s %s/upload/bench.bin\n' "$WORK/source.bin" "$WORK/sshd" > "$WORK/batch"
    start=$(date +%s.%N)
    sftp "${SSH_OPTS[@]}" -c "$cipher" -P "$SSHD_PORT" -b "$WORK/batch" "$(id -un)@127.0.0.1" >/dev/null
  fi
  end=$(date +%s.%N)
  rm -f "$WORK/sshd/upload/bench.bin" "$WORK"/ecurep/data/uploads/toibm/aix/*/bench-* 2>/dev/null || true
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

declare -A TIMES
for round in $(seq 1 "$ROUNDS"); do
  for cipher in "${CIPHERS[@]}"; do
    for server in ecurep openssh; do
      TIMES[$server,$cipher]+="$(upload "$server" "$cipher" "$round") "
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf '%s MiB, %s rounds, OpenSSH sftp client %s\n' "$SIZE_MIB" "$ROUNDS" "$(ssh -V 2>&1)"
printf 'EcurepServer peak resident memory over the run: %s\n' "$(ecurep_peak_memory)"
printf '%-32s %12s %12s %8s\n' cipher "ecurep (s)" "openssh (s)" ratio
for cipher in "${CIPHERS[@]}"; do
  ours=$(echo "${TIMES[ecurep,$cipher]}" | median)
  theirs=$(echo "${TIMES[openssh,$cipher]}" | median)
  printf '%-32s %12.2f %12.2f %8.2f\n' "$cipher" "$ours" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { print a / b }')"
done
