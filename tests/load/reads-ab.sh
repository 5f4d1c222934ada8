#!/usr/bin/env bash
# The two read scenarios of tests/load-benchmark.sh (GET outlet, the 5-year weekly series), API against the baseline
# with a chosen baseline setting, A/B/A/B, without the write and import scenarios: for checking a read result
# against a changed baseline in minutes instead of a full run. Run tests/load-benchmark.sh once first (it builds both
# sides in Release and generates the data set).
#
#   tests/load/reads-ab.sh [BASELINE_ARGS...]      e.g. tests/load/reads-ab.sh --mmap-mib 0
# Settings: LOAD_CACHE (default /tmp/credibility-load), LOAD_SET (full | quick, default full), READS_SECONDS (20),
# READS_WARMUP (10), READS_CONNECTIONS (50), READS_PORT (5492; the baseline uses the next port).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LOAD_CACHE:-/tmp/credibility-load}"; set_name="${LOAD_SET:-full}"
secs="${READS_SECONDS:-20}"; warmup="${READS_WARMUP:-10}"; conns="${READS_CONNECTIONS:-50}"
api_port="${READS_PORT:-5492}"; base_port=$((api_port + 1))
source_db="$cache/$set_name.db"
[ -s "$source_db" ] || { echo "no data set $source_db: run tests/load-benchmark.sh first" >&2; exit 1; }
pepper="bench-key-pepper-not-a-secret-0123456789abcdef"
work="$(mktemp -d "${TMPDIR:-/tmp}/credibility-reads.XXXXXX")"
cp "$source_db" "$work/api.db"; cp "$source_db" "$work/baseline.db"; sync "$work/api.db" "$work/baseline.db" # on disk before the servers start (see fresh_copy in tests/load-benchmark.sh)
(cd "$root/src/CredibilityApi/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$work/api.db" \
  Auth__KeyPepper="$pepper" RateLimiting__PermitLimit=100000000 dotnet CredibilityApi.dll --urls "http://127.0.0.1:$api_port") >"$work/api.log" 2>&1 &
api_pid=$!
(cd "$root/tests/CredibilityApi.LoadBaseline/bin/Release/net10.0" && ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 exec dotnet CredibilityApi.LoadBaseline.dll \
  --db "$work/baseline.db" --pepper "$pepper" --urls "http://127.0.0.1:$base_port" "$@") >"$work/baseline.log" 2>&1 &
base_pid=$!
trap 'kill $api_pid $base_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
for port in $api_port $base_port; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
done
if [ "$set_name" = quick ]; then outlets=20; articles=2000; else outlets=200; articles=20000; fi
export LOAD_LUA_DIR="$root/tests/load" LOAD_KEYS="$source_db.keys" LOAD_OUTLETS=$outlets LOAD_ARTICLES=$articles LOAD_THREADS=2 \
  LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01
echo "reads A/B on the $set_name set, wrk -t2 -c$conns -d${secs}s after ${warmup} s warm-up; baseline arguments: ${*:-none}"
for script in outlet.lua scores.lua; do
  declare -A total=([api]=0 [baseline]=0)
  for round in 1 2; do
    for side in api baseline; do
      port=$api_port; [ "$side" = baseline ] && port=$base_port
      wrk -t2 -c"$conns" -d"${warmup}s" -s "$root/tests/load/$script" "http://127.0.0.1:$port" >/dev/null
      line=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$root/tests/load/$script" "http://127.0.0.1:$port" | grep '^RESULT')
      rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line"); p99=$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"$line")
      echo "$script round $round $side: $rps req/s, p99 $p99 ms ($(grep -o 'status_errors=[0-9]*' <<<"$line"))"
      total[$side]=$(python3 -c "print(${total[$side]} + $rps)")
    done
  done
  python3 -c "a, b = ${total[api]}, ${total[baseline]}; print(f'$script: API {a/2:.1f} req/s, baseline {b/2:.1f} req/s, API/baseline {a/b:.2f}')"
done
