# Sourced by the benchmarks: the reference servers and the measuring helpers.
# start_sshd starts OpenSSH's sshd with internal-sftp on a loopback port (key login as the current user with
# $WORK/client_key, uploads into $WORK/sshd/upload); start_vsftpd starts Debian's vsftpd on a loopback port with
# explicit TLS and a throwaway RSA 3072 certificate (anonymous login, uploads into $WORK/vsftpd/root/upload, TLS
# required for login and data, as EcurepServer requires). Both set SSHD_PID / SSHD_PORT and VSFTPD_PID / VSFTPD_PORT.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

start_sshd() {
  mkdir -p "$WORK/sshd/upload" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/sshd/host_key"
  cp "$WORK/client_key.pub" "$WORK/sshd/authorized_keys"
  SSHD_PORT=$(free_port)
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
MaxStartups 200
MaxSessions 100
Subsystem sftp internal-sftp
PidFile none
CONF
  /usr/sbin/sshd -D -e -f "$WORK/sshd/sshd_config" 2> "$WORK/sshd.log" &
  SSHD_PID=$!
  wait_for_port "$SSHD_PORT"
}

start_vsftpd() {
  mkdir -p "$WORK/vsftpd/root/upload"
  chown ftp "$WORK/vsftpd/root/upload"
  chmod 755 "$WORK/vsftpd/root"
  openssl req -x509 -newkey rsa:3072 -nodes -days 2 -subj /CN=localhost \
    -keyout "$WORK/vsftpd/key.pem" -out "$WORK/vsftpd/cert.pem" 2>/dev/null
  VSFTPD_PORT=$(free_port)
  cat > "$WORK/vsftpd/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$VSFTPD_PORT
background=NO
anonymous_enable=YES
local_enable=NO
write_enable=YES
anon_upload_enable=YES
anon_root=$WORK/vsftpd/root
secure_chroot_dir=$WORK/vsftpd/empty
max_clients=0
max_per_ip=0
ssl_enable=YES
allow_anon_ssl=YES
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_tlsv1=NO
ssl_ciphers=HIGH
rsa_cert_file=$WORK/vsftpd/cert.pem
rsa_private_key_file=$WORK/vsftpd/key.pem
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
xferlog_enable=NO
CONF
  mkdir -p "$WORK/vsftpd/empty"
  /usr/sbin/vsftpd "$WORK/vsftpd/vsftpd.conf" > "$WORK/vsftpd.log" 2>&1 &
  VSFTPD_PID=$!
  wait_for_port "$VSFTPD_PORT"
}

# CPU seconds (user + system) a server and every process it forked have used so far. The first call puts the
# server into a CPU accounting group of its own (cgroup v1 cpuacct or cgroup v2, where this machine lets us), which
# counts every process forked into it, reaped or not: vsftpd's unprivileged session process, which does the
# transfer, is never reaped by the listener, so its CPU is missing from the listener's children's times. Without a
# group, the figure falls back to the process and its reaped children from /proc.
cpu_seconds() {
  local group
  group=$(cpu_group "$1")
  if [ -f "$group/cpuacct.usage" ]; then
    awk '{ printf "%.2f", $1 / 1e9 }' "$group/cpuacct.usage"
  elif [ -f "$group/cpu.stat" ]; then
    awk '$1 == "usage_usec" { printf "%.2f", $2 / 1e6 }' "$group/cpu.stat"
  else
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"
  fi
}

# Prints the accounting group a server runs in, creating it and moving the server in on first use; nothing when
# no group can be made.
CPU_GROUP_ROOTS=(/sys/fs/cgroup/cpuacct /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup)
cpu_group() {
  local root group
  for root in "${CPU_GROUP_ROOTS[@]}"; do
    [ -f "$root/cpuacct.usage" ] || [ -f "$root/cgroup.controllers" ] || continue
    group=$root/ecurep-bench-$1
    if [ -d "$group" ] || { mkdir "$group" 2>/dev/null && echo "$1" > "$group/cgroup.procs" 2>/dev/null; }; then
      echo "$group"
      return 0
    fi
    rmdir "$group" 2>/dev/null
  done
}

# Removes the accounting groups of this run's servers once they have exited; the benchmarks call it from their cleanup.
remove_cpu_groups() {
  local pid root group
  for pid in "$@"; do
    [ -n "$pid" ] || continue
    for root in "${CPU_GROUP_ROOTS[@]}"; do
      group=$root/ecurep-bench-$pid
      [ -d "$group" ] || continue
      for _ in $(seq 1 100); do
        rmdir "$group" 2>/dev/null && break
        sleep 0.05
      done
    done
  done
}

# Waits until the process has no child processes left (its sessions have ended and been reaped).
wait_children_reaped() {
  for _ in $(seq 1 200); do
    [ -z "$(pgrep -P "$1")" ] && return 0
    sleep 0.05
  done
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
spread() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {printf "%s-%s", a[1], a[NR]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
# Seconds spent on m MiB, as seconds per GiB; the benchmarks keep each round's figure per GiB, so that the median
# and the min-max range beside it are taken over the same values.
per_gib() { awk -v s="$1" -v m="$2" 'BEGIN { printf "%.2f", s * 1024 / m }'; }
