#!/bin/bash
# Healthy when the management endpoint's /readyz answers 200 (every listener accepts, the data directory takes
# files); with the endpoint off, when the Europe site's FTPS listener sends its 220 greeting. Bash's /dev/tcp: the
# runtime image has neither curl nor wget.
set -eu

if [ "${EcurepServer__Management__Enabled:-false}" = "true" ]; then
    address=${EcurepServer__Management__Url:-http://127.0.0.1:8780}
    address=${address#http://}
    address=${address%/}
    exec 3<>"/dev/tcp/${address%:*}/${address##*:}"
    printf 'GET /readyz HTTP/1.0\r\nHost: %s\r\n\r\n' "$address" >&3
    read -r -t 5 _ status _ <&3
    [ "$status" = "200" ]
else
    exec 3<>"/dev/tcp/127.0.0.1/${ECUREP_HEALTHCHECK_FTPS_PORT:-2121}"
    read -r -t 5 greeting <&3
    case "$greeting" in
        220*) exit 0 ;;
        *) exit 1 ;;
    esac
fi
