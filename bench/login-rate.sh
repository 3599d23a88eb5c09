#!/usr/bin/env bash
# 200 (or N) sequential FTPS logins with Python's ftplib (connect, AUTH TLS, USER, PASS, QUIT), one after the other,
# against EcurepServer with the password verification cache on (the default), with it off
# (PasswordCacheDuration=00:00:00), and against Debian's vsftpd (a throwaway instance on a loopback port with a
# throwaway certificate and a local user checked by PAM, installed by the script if missing). Prints logins per second.
#   bench/login-rate.sh [logins (200)]
set -euo pipefail

LOGINS=${1:-200}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
SERVER_PID=""
VSFTPD_PID=""
BENCH_USER=ecurepbench

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$VSFTPD_PID" ] && kill "$VSFTPD_PID" 2>/dev/null && wait "$VSFTPD_PID" 2>/dev/null || true
  # vsftpd's session processes may still run as the user for a moment: -f removes it regardless.
  if id "$BENCH_USER" >/dev/null 2>&1; then userdel -r -f "$BENCH_USER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -x /usr/sbin/vsftpd ]; then
  echo "Installing vsftpd for the reference server ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq vsftpd >/dev/null
fi

dotnet build "$REPO/src/EcurepServer" -c Release -v quiet -nologo >/dev/null
source "$REPO/bench/ftps-server.sh"
LOGIN=(python3 "$REPO/bench/ftps-logins.py")

start_ftps_ecurep
cached=$("${LOGIN[@]}" rate 127.0.0.1 "$FTPS_PORT" E-BENCH00001 bench-password-1 "$LOGINS")
stop_ftps_ecurep
start_ftps_ecurep --EcurepServer:PasswordCacheDuration=00:00:00
uncached=$("${LOGIN[@]}" rate 127.0.0.1 "$FTPS_PORT" E-BENCH00001 bench-password-1 "$LOGINS")
stop_ftps_ecurep

# The reference: vsftpd with explicit TLS and a local user whose password PAM checks (Debian's default hash).
id "$BENCH_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$BENCH_USER"
echo "$BENCH_USER:bench-password-1" | chpasswd
openssl req -x509 -newkey rsa:3072 -nodes -days 1 -subj /CN=localhost -keyout "$WORK/vsftpd.key" -out "$WORK/vsftpd.crt" 2>/dev/null
VSFTPD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p /var/run/vsftpd/empty
cat > "$WORK/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$VSFTPD_PORT
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
pam_service_name=vsftpd
ssl_enable=YES
force_local_logins_ssl=YES
force_local_data_ssl=YES
require_ssl_reuse=NO
rsa_cert_file=$WORK/vsftpd.crt
rsa_private_key_file=$WORK/vsftpd.key
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
max_per_ip=0
max_clients=0
CONF
/usr/sbin/vsftpd "$WORK/vsftpd.conf" 2> "$WORK/vsftpd.log" &
VSFTPD_PID=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$VSFTPD_PORT") 2>/dev/null && break
  sleep 0.05
done
vsftpd=$("${LOGIN[@]}" rate 127.0.0.1 "$VSFTPD_PORT" "$BENCH_USER" bench-password-1 "$LOGINS")

printf '%s sequential FTPS logins with Python %s ftplib, %s cores\n' "$LOGINS" "$(python3 -c 'import platform; print(platform.python_version())')" "$(nproc)"
printf '%-44s %10s\n' server "logins/s"
printf '%-44s %10s\n' "EcurepServer, password cache on (default)" "$cached" "EcurepServer, password cache off" "$uncached" "vsftpd $(dpkg-query -W -f='${Version}' vsftpd) with PAM" "$vsftpd"
printf 'cache on / cache off: %s\n' "$(awk -v a="$cached" -v b="$uncached" 'BEGIN { printf "%.1f", a / b }')"
