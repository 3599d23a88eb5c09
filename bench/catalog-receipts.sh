#!/usr/bin/env bash
# How fast "uploads list" answers from the catalog: a data directory as the release before the catalog wrote it
# (COUNT receipts in receipts.jsonl, spread over 1,000 cases, accounts and sites), imported by "catalog migrate";
# then the wall time of "uploads list --case X" (COUNT/1,000 hits: 100 of 100,000) and of "uploads list --json" of everything
# (to /dev/null), each the best of RUNS, beside the same CLI on an empty catalog and "--version" (the process start
# every figure includes). The program is published as shipped (for this runtime, ReadyToRun; the Docker image is
# built the same way). Targets (issue 19): --case < 100 ms, --json of 100,000 < 2 s. Data on tmpfs.
#   bench/catalog-receipts.sh [count (100000)] [runs (3)]   (KEEP=1 leaves the published program and data in /dev/shm)
set -euo pipefail

COUNT=${1:-100000}
RUNS=${2:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(mktemp -d /dev/shm/ecurep-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$ROOT"' EXIT

DLL="$ROOT/app/EcurepServer.dll"
dotnet publish "$REPO/src/EcurepServer" -c Release --use-current-runtime --self-contained false -o "$ROOT/app" \
  --artifacts-path "$ROOT/artifacts" -v quiet -nologo >/dev/null

mkdir -p "$ROOT/full/config" "$ROOT/full/data" "$ROOT/empty/config"
for work in full empty; do
  cat > "$ROOT/$work/config/appsettings.json" <<JSON
{ "Serilog": { "MinimumLevel": "Warning" },
  "EcurepServer": { "DataDirectory": "data", "DropBox": { "Products": [ "aix" ] } } }
JSON
done

python3 - "$COUNT" > "$ROOT/full/data/receipts.jsonl" <<'PY'
import json, sys, datetime
count = int(sys.argv[1])
start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
for i in range(count):
    case = "TS%09d" % (i % 1000)
    account = "E-BENCH%05da" % (i % 500)
    done = start + datetime.timedelta(seconds=i)
    print(json.dumps({
        "path": f"/toibm/aix/{case}_{i}.zip", "size": 1024 + i, "sha256": "%064x" % i,
        "account": account, "anonymous": False, "site": ["Europe", "Americas", "AsiaPacific"][i % 3],
        "protocol": "sftp" if i % 2 else "ftps", "clientAddress": "192.0.2.%d" % (i % 250 + 1), "sessionId": f"s-{i}",
        "startedUtc": (done - datetime.timedelta(seconds=5)).isoformat(), "completedUtc": done.isoformat(),
        "route": {"kind": "case", "case": case}, "storedPath": f"uploads/toibm/aix/{account}/{case}_{i}.zip"}))
PY

cli() { (cd "$ROOT/$1" && shift && dotnet "$DLL" "$@"); }

# Best wall time of RUNS runs, in milliseconds.
best_ms() {
  local best=""
  for _ in $(seq 1 "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

t0=$(date +%s%N)
cli full catalog migrate > /dev/null
import_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
cli empty catalog migrate > /dev/null

hits=$(cli full uploads list --case TS000000042 --json | wc -l)
listed=$(cli full uploads list --json | wc -l)
echo "process start (--version): $(best_ms cli empty --version) ms; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "receipts imported: $listed of $COUNT in ${import_ms} ms (catalog migrate, one process)"
echo "uploads list --case TS000000042 ($hits hits): $(best_ms cli full uploads list --case TS000000042) ms (empty catalog: $(best_ms cli empty uploads list --case TS000000042) ms)"
echo "uploads list --json (all $listed): $(best_ms cli full uploads list --json) ms (empty catalog: $(best_ms cli empty uploads list --json) ms)"
