#!/usr/bin/env bash
# Installs what the benchmarks need beyond the test clients: the reference servers (Debian's vsftpd and OpenSSH's
# sshd), asyncssh for the idle-session benchmark, and, with --profilers, dotnet-trace, dotnet-counters and dotnet-gcdump as .NET tools
# into bench/.tools. Idempotent: asks apt only for what is missing.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
"$REPO/scripts/install-test-deps.sh"

packages=(vsftpd openssh-server python3-asyncssh openssl procps time)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt_get=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
  echo "Installing benchmark dependencies: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { "${apt_get[@]}" update -qq && "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  # The packages start their own daemons on the standard ports; the benchmarks start their own on loopback ports.
  systemctl disable --now vsftpd ssh >/dev/null 2>&1 || true
fi

if [ "${1:-}" = --profilers ]; then
  for tool in dotnet-trace dotnet-counters dotnet-gcdump; do
    [ -x "$REPO/bench/.tools/$tool" ] || dotnet tool install "$tool" --tool-path "$REPO/bench/.tools" >/dev/null
  done
fi
