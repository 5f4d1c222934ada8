#!/usr/bin/env bash
# One run of uncached 5-year weekly series (wrk -t2 -c50, tests/load/scores.lua) against the Release API with its series
# cache off (Scores:SeriesCachePoints=0: every request computes), on a fresh copy of the load data set, with extra
# environment settings, for A/B runs of a setting on the computed read path. Prints req/s, p50/p99 and the peak RSS
# (VmHWM: the process's whole life, warm-up included), and the largest anonymous and file-backed resident
# sizes seen (sampled 4 times a second). Run tests/load-benchmark.sh once first (it builds the Release API and
# generates the data set), and alternate the variants:
#   tests/load/series-run.sh default ""
#   tests/load/series-run.sh unbounded "Scores__ConcurrentComputations=1024"
# Settings: LOAD_CACHE (default /tmp/credibility-load), SERIES_PORT (5191), SECS (20), CONN (50), WARM (30).
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; settings=${2:-}
cache="${LOAD_CACHE:-/tmp/credibility-load}"; port="${SERIES_PORT:-5191}"
work="$(mktemp -d)"; db="$work/series.db"
cp "$cache/full.db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
# shellcheck disable=SC2086
(cd src/CredibilityApi/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
  Auth__KeyPepper="bench-key-pepper-not-a-secret-0123456789abcdef" RateLimiting__PermitLimit=100000000 Scores__SeriesCachePoints=0 $settings \
  dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port") >"$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
export LOAD_LUA_DIR="$PWD/tests/load" LOAD_KEYS="$cache/full.db.keys" LOAD_OUTLETS=200 LOAD_ARTICLES=20000 LOAD_THREADS=2 LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01
if [ "${WARM:-30}" -gt 0 ]; then wrk -t2 -c"${CONN:-50}" -d"${WARM:-30}s" --timeout 30s -s tests/load/scores.lua "http://127.0.0.1:$port" >/dev/null; fi
( while kill -0 $pid 2>/dev/null; do awk '/RssAnon|RssFile/ {printf "%d ", $2/1024} END {print ""}' /proc/$pid/status; sleep 0.25; done ) >"$work/rss.txt" &
sampler=$!
res=$(wrk -t2 -c"${CONN:-50}" -d"${SECS:-20}s" --timeout 30s -s tests/load/scores.lua "http://127.0.0.1:$port" | grep '^RESULT' \
  | grep -o "rps=[0-9.]*\|p50_ms=[0-9.]*\|p99_ms=[0-9.]*\|status_errors=[0-9]*\|timeouts=[0-9]*" | tr "\n" " ")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status)
kill $sampler 2>/dev/null || true
anon=$(awk '{print $1}' "$work/rss.txt" | sort -n | tail -1); file=$(awk '{print $2}' "$work/rss.txt" | sort -n | tail -1)
echo "$label: ${res}peak_mib=$hwm anon_max_mib=$anon file_max_mib=$file"
