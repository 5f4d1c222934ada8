#!/usr/bin/env bash
# The rollup fold's cost per rating, alone (issue 13): on a fresh copy of a load data set, the API takes SECONDS of rating
# writes (tests/load/rate.lua, wrk -c50) with its applier and v2 refit off, so the changes queue up; it is then restarted
# with the applier on (refit still off) and its Debug log of every applied batch is summed: batches, ratings, the median
# batch and its time, the applier's busy seconds and the milliseconds per rating. Run tests/load-benchmark.sh (full or
# --quick) once first: it builds the API in Release and generates the data set.
#
#   tests/load/fold-drain.sh [SECONDS]            e.g. FOLD_API_SETTINGS="Rollups__BatchSize=64" tests/load/fold-drain.sh 20
# Settings: LOAD_CACHE (default /tmp/credibility-load), LOAD_SET (full | quick, default full), FOLD_PORT (default 5393),
# FOLD_API_SETTINGS (extra NAME=value settings for the draining API), FOLD_API_DIR (another build of the API).
set -euo pipefail
secs=${1:-20}
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LOAD_CACHE:-/tmp/credibility-load}"; set_name="${LOAD_SET:-full}"; port="${FOLD_PORT:-5393}"
source_db="$cache/$set_name.db"
[ -s "$source_db" ] || { echo "no data set $source_db: run tests/load-benchmark.sh first" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/credibility-fold.XXXXXX")"
db="$work/fold.db"; cp "$source_db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
start_api() { # log, settings...
  local log=$1; shift
  (cd "${FOLD_API_DIR:-$root/src/CredibilityApi/bin/Release/net10.0}" &&
    exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
      Auth__KeyPepper="bench-key-pepper-not-a-secret-0123456789abcdef" RateLimiting__PermitLimit=100000000 \
      Methodology__RefitInBackground=false "$@" dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port" >"$log" 2>&1) &
  pid=$!
  for _ in $(seq 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && return 0; sleep 0.5; done
  echo "the API did not start; see $log" >&2; return 1
}
stop_api() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }
queued() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from PendingRollups').fetchone()[0])" "$db"; }
meta="$cache/$set_name.db.meta"
outlets=$(sed -n 's/.*outlets \([0-9]*\);.*/\1/p' "$meta"); outlets=${outlets:-200}
articles=$(sed -n 's/.*articles \([0-9]*\);.*/\1/p' "$meta"); articles=${articles:-20000}

start_api "$work/write.log" Rollups__ApplyInBackground=false
LOAD_LUA_DIR="$root/tests/load" LOAD_KEYS="$cache/$set_name.db.keys" LOAD_OUTLETS="$outlets" LOAD_ARTICLES="$articles" LOAD_THREADS=2 \
  LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01 wrk -t2 -c50 -d"${secs}s" --timeout 30s -s "$root/tests/load/rate.lua" "http://127.0.0.1:$port" | grep RESULT | cut -d' ' -f1-4
stop_api
echo "queued: $(queued) changes"
# shellcheck disable=SC2086
start_api "$work/drain.log" Logging__LogLevel__CredibilityApi.Aggregation.RollupApplier=Debug ${FOLD_API_SETTINGS:-}
for _ in $(seq 1200); do [ "$(queued)" -eq 0 ] && break; sleep 0.5; done
stop_api
python3 - "$work/drain.log" <<'PY'
import json, statistics, sys
n, ms, wms = [], [], []
for line in open(sys.argv[1]):
    if 'pending rollup changes' not in line:
        continue
    try:
        state = json.loads(line).get('State', {})
    except ValueError:
        continue
    n.append(int(state.get('Pending', 0))); ms.append(float(state.get('ElapsedMs', 0)))
    if 'WriteMs' in state: wms.append(float(state['WriteMs']))
if not n:
    sys.exit('no applied batch in the log')
print(f"fold: batches {len(n)}, ratings {sum(n)}, median batch {statistics.median(n):g} in {statistics.median(ms):.0f} ms, "
      f"busy {sum(ms)/1000:.1f} s, {sum(ms)/sum(n):.2f} ms per rating"
      + (f"; in the write transaction (the write lock held) {sum(wms)/sum(n):.2f} ms per rating" if len(wms) == len(n) else ""))
PY
