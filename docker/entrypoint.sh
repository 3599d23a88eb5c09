#!/bin/sh
# Turns ECUREP_PASSIVE_ADDRESS (the address clients reach the container at, behind NAT) and ECUREP_PASSIVE_PORTS
# ("min-max", published one to one) into every site's passive settings, then runs the server with the arguments
# given (default: run). All sites share the one range: a port serves one data connection at a time.
set -eu

min=${ECUREP_PASSIVE_PORTS%-*}
max=${ECUREP_PASSIVE_PORTS#*-}
for site in Europe AsiaPacific Americas; do
    export "EcurepServer__Sites__${site}__Ftps__PassivePortMin=$min"
    export "EcurepServer__Sites__${site}__Ftps__PassivePortMax=$max"
    if [ -n "${ECUREP_PASSIVE_ADDRESS:-}" ]; then
        export "EcurepServer__Sites__${site}__Ftps__PassiveAddress=$ECUREP_PASSIVE_ADDRESS"
    fi
done

exec dotnet /app/EcurepServer.dll "$@"
