# Sourced by the benchmarks. start_ecurep builds EcurepServer and starts it in $WORK/ecurep with one site whose FTPS
# and SFTP listeners take OS-chosen loopback ports, data on $WORK (tmpfs), and the Transfer ID E-BENCH00001 that logs
# in with the password bench-password-1 or the key $WORK/client_key (created here); anonymous FTPS logins are allowed,
# so FTPS benchmarks can log in as they do to vsftpd (an account's password costs a PBKDF2 check per login). Extra "--Key=value" arguments go
# to the server's command line. TRANSCRIPTS=off switches session transcripts off (Transcripts:Enabled=false) to
# measure what they cost; they are on by default, as in the shipped configuration. Sets SERVER_PID, ECUREP_PORT (SFTP)
# and ECUREP_FTPS_PORT; the caller's EXIT trap should kill SERVER_PID.

ECUREP_PASSWORD=bench-password-1

start_ecurep() {
  local dll="$REPO/src/EcurepServer/bin/Release/net10.0/EcurepServer.dll"
  dotnet build "$REPO/src/EcurepServer" -c Release -v quiet -nologo >/dev/null
  [ -f "$WORK/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$WORK/client_key"

  mkdir -p "$WORK/ecurep/config"
  cat > "$WORK/ecurep/config/appsettings.json" <<JSON
{
  "Serilog": { "MinimumLevel": "Warning", "WriteTo": [ { "Name": "Console" } ] },
  "EcurepServer": {
    "DataDirectory": "$WORK/ecurep/data",
    "AccountsFile": "config/accounts.json",
    "CertificateDirectory": "certs",
    "DropBox": { "Products": [ "aix" ], "MaxUploadBytes": 1099511627776 },
    "Transcripts": { "Enabled": $( [ "${TRANSCRIPTS:-on}" = off ] && echo false || echo true ) },
    "Sites": { "Bench": {
      "HostNames": [ "localhost" ],
      "AllowAnonymous": true,
      "Ftps": { "BindAddress": "127.0.0.1", "Port": 0, "PassivePortMin": 0, "PassivePortMax": 0 },
      "Ssh": { "BindAddress": "127.0.0.1", "Port": 0 } } }
  }
}
JSON
  (cd "$WORK/ecurep" && printf '%s\n' "$ECUREP_PASSWORD" | dotnet "$dll" users add E-BENCH00001 --password-stdin >/dev/null \
    && dotnet "$dll" users key add E-BENCH00001 "$WORK/client_key.pub" >/dev/null)
  (cd "$WORK/ecurep" && exec dotnet "$dll" run --Serilog:MinimumLevel:Override:EcurepServer.Hosting=Information "$@") > "$WORK/ecurep.log" 2>&1 &
  SERVER_PID=$!
  ECUREP_PORT=""
  ECUREP_FTPS_PORT=""
  for _ in $(seq 1 600); do
    ECUREP_PORT=$(grep -oE 'sftp listening on [^ ]*:[0-9]+' "$WORK/ecurep.log" | grep -oE '[0-9]+$' | head -1 || true)
    ECUREP_FTPS_PORT=$(grep -oE 'ftps listening on [^ ]*:[0-9]+' "$WORK/ecurep.log" | grep -oE '[0-9]+$' | head -1 || true)
    [ -n "$ECUREP_PORT" ] && [ -n "$ECUREP_FTPS_PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/ecurep.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "EcurepServer did not start" >&2
  cat "$WORK/ecurep.log" >&2
  exit 1
}

# Sets CONCURRENT_LIMITS to the start_ecurep arguments that let $1 clients from 127.0.0.1 log in and upload at once:
# the per-address, pre-login and session limits and the SSH window budgets, raised to fit them all.
concurrent_limits() {
  local limit count=$(($1 + 10))
  CONCURRENT_LIMITS=()
  for limit in Ftps:MaxSessions Ftps:MaxSessionsPerAddress Ftps:MaxPassivePortsPerAddress Ftps:MaxStartups \
    Ftps:MaxStartupsDropFrom Ftps:MaxStartupsPerAddress Ssh:MaxStartups Ssh:MaxStartupsDropFrom Ssh:MaxStartupsPerAddress \
    Ssh:MaxSessions Ssh:MaxSessionsPerAddress; do
    CONCURRENT_LIMITS+=("--EcurepServer:Sites:Bench:$limit=$count")
  done
  CONCURRENT_LIMITS+=("--EcurepServer:Sites:Bench:Ssh:MaxChannelWindowBytesPerAddress=$((count * 4 * 1024 * 1024))"
    "--EcurepServer:Sites:Bench:Ssh:TotalChannelWindowBytes=$((count * 4 * 1024 * 1024))")
}

# The server's peak resident memory so far, as "N kB".
ecurep_peak_memory() {
  awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER_PID/status"
}

# Deletes what the benchmarks uploaded to EcurepServer (the files, not the receipts).
ecurep_clear_uploads() {
  find "$WORK/ecurep/data/uploads/toibm/aix" -type f -name 'bench-*' -delete 2>/dev/null || true
}
