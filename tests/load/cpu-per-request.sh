#!/usr/bin/env bash
# CPU time per request, API against the baseline (issue 13's profile step): starts one side on a fresh copy of a load
# data set, warms it up with wrk, then runs wrk for SECONDS and divides the server process's CPU time (utime + stime from
# /proc) by the requests completed. Unlike req/s this hardly moves when something else uses the machine, so it says where
# the cost is even on a shared box. Run tests/load-benchmark.sh --quick (or a full run) once first: it builds both sides
# in Release and generates the data set.
#
#   tests/load/cpu-per-request.sh SIDE SCRIPT [SECONDS] [CONNECTIONS]
#     SIDE: api | baseline; SCRIPT: outlet.lua | scores.lua | rate.lua (tests/load)
#   e.g. for s in api baseline; do tests/load/cpu-per-request.sh $s outlet.lua 10 16; done
# Settings: LOAD_CACHE (default /tmp/credibility-load), LOAD_SET (quick | full, default quick), CPU_PORT (default 5392),
# CPU_API_SETTINGS (extra NAME=value settings for the API, e.g. "Methodology__RefitInBackground=false"), CPU_API_DIR (another
# build of the API, for an A/B of two commits).
set -euo pipefail
side=$1; script=$2; secs=${3:-10}; conns=${4:-4}
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LOAD_CACHE:-/tmp/credibility-load}"; set_name="${LOAD_SET:-quick}"; port="${CPU_PORT:-5392}"
source_db="$cache/$set_name.db"
[ -s "$source_db" ] || { echo "no data set $source_db: run tests/load-benchmark.sh first" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/credibility-cpu.XXXXXX")"
db="$work/$side.db"; cp "$source_db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
pepper="bench-key-pepper-not-a-secret-0123456789abcdef"
if [ "$side" = api ]; then
  cd "${CPU_API_DIR:-$root/src/CredibilityApi/bin/Release/net10.0}"
  # shellcheck disable=SC2086
  env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" Auth__KeyPepper="$pepper" \
    RateLimiting__PermitLimit=100000000 ${CPU_API_SETTINGS:-} dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
else
  cd "$root/tests/CredibilityApi.LoadBaseline/bin/Release/net10.0"
  ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 dotnet CredibilityApi.LoadBaseline.dll --db "$db" --pepper "$pepper" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
if [ "$set_name" = quick ]; then outlets=20; articles=2000; else outlets=200; articles=20000; fi
export LOAD_LUA_DIR="$root/tests/load" LOAD_KEYS="$source_db.keys" LOAD_OUTLETS=$outlets LOAD_ARTICLES=$articles LOAD_THREADS=1 \
  LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01
wrk -t1 -c"$conns" -d8s -s "$root/tests/load/$script" "http://127.0.0.1:$port" >/dev/null
before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
out=$(wrk -t1 -c"$conns" -d"${secs}s" -s "$root/tests/load/$script" "http://127.0.0.1:$port")
after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
requests=$(echo "$out" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
python3 -c "t = ($after - $before) / $(getconf CLK_TCK); print(f'$side $script ($set_name, c$conns, ${secs} s): {$requests} requests, {$requests / $secs:,.0f} req/s, server CPU {t:.2f} s, {1000 * t / max($requests, 1):.3f} ms CPU per request')"
