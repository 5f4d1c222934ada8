#!/usr/bin/env bash
# One 30 s POST-ratings run (wrk -t2 -c50, tests/load/rate.lua) against the Release API on a fresh copy of the load
# data set, with extra environment settings, for A/B runs of a setting on the write path. Prints req/s, p90/p99/max,
# the peak RSS (VmHWM), the largest anonymous and file-backed resident sizes seen (sampled 4 times a second), the
# number of v2 refits and the size of the write-ahead log at the end. Run tests/load-benchmark.sh once first (it
# builds the Release API and generates the data set), and alternate the variants:
#   tests/load/write-run.sh default ""
#   tests/load/write-run.sh sqlite-checkpoints "Database__SqliteCheckpointMilliseconds=0"
#   tests/load/write-run.sh workstation-gc "DOTNET_gcServer=0"
#   tests/load/write-run.sh glibc-arenas "MALLOC_ARENA_MAX="   (the API starts with MALLOC_ARENA_MAX=2, as the README asks)
# Settings: LOAD_CACHE (default /tmp/credibility-load), WRITE_PORT (5190), SECS (30), CONN (50), WARM (0), WRITE_API_DIR
# (another build of the API, e.g. an older commit built with dotnet build -c Release -o DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; settings=${2:-}
cache="${LOAD_CACHE:-/tmp/credibility-load}"; port="${WRITE_PORT:-5190}"
work="$(mktemp -d)"; db="$work/write.db"
cp "$cache/full.db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
# shellcheck disable=SC2086
(cd "${WRITE_API_DIR:-src/CredibilityApi/bin/Release/net10.0}" && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
  Auth__KeyPepper="bench-key-pepper-not-a-secret-0123456789abcdef" RateLimiting__PermitLimit=100000000 $settings \
  dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port") >"$work/api.log" 2>&1 &
pid=$!; sampler=""; poller=""
# The API and both samplers stop with the script, however it ends.
trap 'kill $pid $sampler $poller 2>/dev/null; wait $pid $sampler $poller 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
export LOAD_LUA_DIR="$PWD/tests/load" LOAD_KEYS="$cache/full.db.keys" LOAD_OUTLETS=200 LOAD_ARTICLES=20000 LOAD_THREADS=2 LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01
( while kill -0 $pid 2>/dev/null; do awk '/RssAnon|RssFile/ {printf "%d ", $2/1024} END {print ""}' /proc/$pid/status; sleep 0.25; done ) >"$work/rss.txt" &
sampler=$!
# The rollup queue's length once a second from when the API is ready (read-only), to tell a fold that keeps up (the queue stays short) from one that
# falls behind (it grows for the whole run); summarised at the end as pending_trace.
python3 - "$db" >"$work/pending.txt" 2>/dev/null <<'PY_PENDING' &
import sqlite3, sys, time
while True:
    try:
        c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
        print(c.execute("SELECT COUNT(*) FROM PendingRollups").fetchone()[0], flush=True)
        c.close()
    except sqlite3.Error:
        print("?", flush=True)
    time.sleep(1)
PY_PENDING
poller=$!
# WARM: seconds of the same load before the measured run (default 0), so the run measures a process past its JIT's
# tiering (about 20 s of requests on this machine) rather than a cold one.
if [ "${WARM:-0}" -gt 0 ]; then wrk -t2 -c"${CONN:-50}" -d"${WARM}s" --timeout 30s -s tests/load/rate.lua "http://127.0.0.1:$port" >/dev/null; fi
res=$(wrk -t2 -c"${CONN:-50}" -d"${SECS:-30}s" --timeout 30s -s tests/load/rate.lua "http://127.0.0.1:$port" | grep '^RESULT' \
  | grep -o "rps=[0-9.]*\|p90_ms=[0-9.]*\|p99_ms=[0-9.]*\|max_ms=[0-9.]*" | tr "\n" " ")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status)
# The rating changes not yet folded into the rollups when the run ends: a fold that keeps up leaves a batch or two.
pending=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute('SELECT COUNT(*) FROM PendingRollups').fetchone()[0])" "$db" 2>/dev/null || echo "?")
kill $sampler $poller 2>/dev/null || true
wait $sampler $poller 2>/dev/null || true
# Every tenth sample (one every 10 s or so), then the largest.
trace=$({ grep -v '?' "$work/pending.txt" || true; } | awk 'NR % 10 == 1 {printf "%s%s", sep, $1; sep=","} {if ($1 > m) m = $1} END {printf " max %d", m}')
anon=$(awk '{print $1}' "$work/rss.txt" | sort -n | tail -1); file=$(awk '{print $2}' "$work/rss.txt" | sort -n | tail -1)
# REFITS=1 also prints the API's v2 refit log lines (each refit's read, fit, priors and write times).
if [ "${REFITS:-0}" = 1 ]; then grep -o 'Refitted methodology v2 on .*' "$work/api.log" | sed "s/^/  $label: /" || true; fi
echo "$label: ${res}peak_mib=$hwm anon_max_mib=$anon file_max_mib=$file refits=$(grep -c Refitted "$work/api.log" || true) pending=$pending pending_trace=[$trace] wal_mib=$(( $(stat -c %s "$db-wal" 2>/dev/null || echo 0) / 1048576 ))"
