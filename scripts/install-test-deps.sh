#!/usr/bin/env bash
# Installs the real clients the integration tests drive (FTPS: curl, lftp, testssl.sh, rclone; SSH: OpenSSH,
# paramiko, ssh-audit), the Prometheus text parser (python3-prometheus-client) and the tools that give a server a network of its own to cut (iproute2's ip,
# util-linux's unshare and nsenter), the headless browser of the web view tests (chromium, chromium-driver), and for
# the cluster tests HAProxy and PostgreSQL (the tests start their own throwaway instances with initdb/pg_ctl as an
# unprivileged user; the packaged cluster is not used). Idempotent: asks apt only for what is missing and refreshes
# the package lists only when something has to be installed.
set -euo pipefail

packages=(curl lftp testssl.sh rclone openssh-client openssh-sftp-server python3-paramiko python3-prometheus-client ssh-audit iproute2 util-linux chromium chromium-driver haproxy postgresql)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
else
    apt_get=(sudo apt-get)
fi

echo "Installing test dependencies: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}"; then
    "${apt_get[@]}" update
    "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}"
fi
