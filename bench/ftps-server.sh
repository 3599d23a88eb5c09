# Sourced by the login benchmarks. start_ftps_ecurep starts the built EcurepServer in $WORK/ecurep with one FTPS-only
# site on an OS-chosen loopback port and the shipped PBKDF2 cost, and the Transfer ID E-BENCH00001 with the password
# bench-password-1. Extra "--Key=value" arguments go to the server's command line. Sets SERVER_PID and FTPS_PORT; the
# caller's EXIT trap should kill SERVER_PID. stop_ftps_ecurep stops it again (the directory stays).

start_ftps_ecurep() {
  local dll="$REPO/src/EcurepServer/bin/Release/net10.0/EcurepServer.dll"
  mkdir -p "$WORK/ecurep/config"
  cat > "$WORK/ecurep/config/appsettings.json" <<JSON
{
  "Serilog": { "MinimumLevel": "Warning", "WriteTo": [ { "Name": "Console" } ] },
  "EcurepServer": {
    "DataDirectory": "$WORK/ecurep/data",
    "AccountsFile": "config/accounts.json",
    "CertificateDirectory": "certs",
    "DropBox": { "Products": [ "aix" ], "MaxUploadBytes": 1099511627776 },
    "Sites": { "Bench": {
      "HostNames": [ "localhost" ],
      "Ftps": { "BindAddress": "0.0.0.0", "Port": 0, "PassivePortMin": 0, "PassivePortMax": 0, "MaxSessionsPerAddress": 100 },
      "Ssh": { "Enabled": false } } }
  }
}
JSON
  [ -f "$WORK/ecurep/config/accounts.json" ] \
    || (cd "$WORK/ecurep" && printf 'bench-password-1\n' | dotnet "$dll" users add E-BENCH00001 --password-stdin >/dev/null)
  : > "$WORK/ecurep.log"
  (cd "$WORK/ecurep" && exec dotnet "$dll" run --Serilog:MinimumLevel:Override:EcurepServer.Hosting=Information "$@") > "$WORK/ecurep.log" 2>&1 &
  SERVER_PID=$!
  FTPS_PORT=""
  for _ in $(seq 1 300); do
    FTPS_PORT=$(grep -oE 'ftps listening on [^ ]*:[0-9]+' "$WORK/ecurep.log" | grep -oE '[0-9]+$' | head -1 || true)
    [ -n "$FTPS_PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/ecurep.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "EcurepServer did not start" >&2
  cat "$WORK/ecurep.log" >&2
  exit 1
}

stop_ftps_ecurep() {
  kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
