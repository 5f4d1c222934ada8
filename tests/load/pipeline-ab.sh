#!/usr/bin/env bash
# Two builds or settings of the API side by side (issue 13): both servers run at once, each on its own copy of a load
# data set, and wrk alternates between them in short slices (X, Y, X, Y, ...), so a machine whose speed drifts over tens
# of seconds (a shared host) slows both alike; the order within a round alternates. Reports, per side, the requests served and the server's CPU time per
# request (utime + stime from /proc over the slices), and Y against X. Sequential runs on such a machine differed by up to
# 40% between identical builds; here two identical sides agree within 2-3%. Run tests/load-benchmark.sh once first (it
# builds the API in Release and generates the data set).
#
#   tests/load/pipeline-ab.sh "SETTINGS_X" "SETTINGS_Y" [ROUNDS] [SLICE_SECONDS]
#     SETTINGS: NAME=value environment settings for that side ("" for none), e.g.
#     tests/load/pipeline-ab.sh "" "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" 10 2
# Settings: PAIR_X_DIR / PAIR_Y_DIR (a Release build's folder for each side; default this tree's), LOAD_CACHE (default
# /tmp/credibility-load), LOAD_SET (full | quick, default full), PAIR_SCRIPT (tests/load script, default outlet.lua),
# PAIR_CONNECTIONS (default 16), PAIR_PORT (X's port, default 5401; Y uses the next).
set -euo pipefail
x_settings=$1; y_settings=$2; rounds=${3:-10}; slice=${4:-2}
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LOAD_CACHE:-/tmp/credibility-load}"; set_name="${LOAD_SET:-full}"; source_db="$cache/$set_name.db"
[ -s "$source_db" ] || { echo "no data set $source_db: run tests/load-benchmark.sh first" >&2; exit 1; }
x_dir="${PAIR_X_DIR:-$root/src/CredibilityApi/bin/Release/net10.0}"; y_dir="${PAIR_Y_DIR:-$root/src/CredibilityApi/bin/Release/net10.0}"
script="${PAIR_SCRIPT:-outlet.lua}"; conns="${PAIR_CONNECTIONS:-16}"; x_port="${PAIR_PORT:-5401}"; y_port=$((x_port + 1))
pepper="bench-key-pepper-not-a-secret-0123456789abcdef"
work="$(mktemp -d "${TMPDIR:-/tmp}/credibility-pair.XXXXXX")"
cp "$source_db" "$work/x.db"; cp "$source_db" "$work/y.db"; sync "$work/x.db" "$work/y.db"

# start DIR "SETTINGS" DB PORT: the API in the background; its pid in DB.pid (exec keeps the pid the server's).
start() {
  # shellcheck disable=SC2086
  (cd "$1" && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$3" \
    Auth__KeyPepper="$pepper" RateLimiting__PermitLimit=100000000 $2 dotnet CredibilityApi.dll --urls "http://127.0.0.1:$4") >"$3.log" 2>&1 &
  echo $! >"$3.pid"
}
start "$x_dir" "$x_settings" "$work/x.db" "$x_port"
start "$y_dir" "$y_settings" "$work/y.db" "$y_port"
x_pid=$(cat "$work/x.db.pid"); y_pid=$(cat "$work/y.db.pid")
trap 'kill $x_pid $y_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
for port in "$x_port" "$y_port"; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
done

if [ "$set_name" = quick ]; then outlets=20; articles=2000; else outlets=200; articles=20000; fi
export LOAD_LUA_DIR="$root/tests/load" LOAD_KEYS="$source_db.keys" LOAD_OUTLETS=$outlets LOAD_ARTICLES=$articles LOAD_THREADS=1 \
  LOAD_FROM=2019-01-01 LOAD_TO=2024-01-01
for port in "$x_port" "$y_port"; do wrk -t1 -c"$conns" -d8s -s "$root/tests/load/$script" "http://127.0.0.1:$port" >/dev/null; done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
x_requests=0; y_requests=0; x_ticks=0; y_ticks=0
for round in $(seq 1 "$rounds"); do
  # The order alternates (X then Y, then Y then X) so that neither side always runs right after the other.
  if [ $((round % 2)) -eq 1 ]; then order="x y"; else order="y x"; fi
  for side in $order; do
    if [ "$side" = x ]; then pid=$x_pid; port=$x_port; else pid=$y_pid; port=$y_port; fi
    before=$(cpu_ticks "$pid")
    out=$(wrk -t1 -c"$conns" -d"${slice}s" -s "$root/tests/load/$script" "http://127.0.0.1:$port")
    after=$(cpu_ticks "$pid")
    requests=$(echo "$out" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
    case "$out" in *status_errors=0*) ;; *) echo "round $round $side: failed requests: $(echo "$out" | grep RESULT)" >&2; exit 1 ;; esac
    if [ "$side" = x ]; then x_requests=$((x_requests + requests)); x_ticks=$((x_ticks + after - before))
    else y_requests=$((y_requests + requests)); y_ticks=$((y_ticks + after - before)); fi
    echo "round $round $side: $requests requests, $((after - before)) CPU ticks" >&2
  done
done
python3 - "$x_requests" "$y_requests" "$x_ticks" "$y_ticks" "$(getconf CLK_TCK)" "$x_settings" "$y_settings" "$script" "$conns" "$rounds" "$slice" <<'PY'
import sys
xr, yr, xt, yt, hz = (int(v) for v in sys.argv[1:6])
xs, ys, script, conns, rounds, slice_ = sys.argv[6:]
xm, ym = 1000 * xt / hz / xr, 1000 * yt / hz / yr
print(f"{script}, {conns} connections, {rounds} x {slice_} s a side: X [{xs or 'as built'}] {xr:,} requests, {xm:.4f} ms CPU per request; "
      f"Y [{ys or 'as built'}] {yr:,} requests, {ym:.4f} ms CPU per request; Y/X: CPU per request {ym / xm:.3f}, requests {yr / xr:.3f}")
PY
