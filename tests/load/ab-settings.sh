#!/usr/bin/env bash
# One A/B round of a setting: starts the Release API on a database with the given environment settings, warms it
# up, measures one URL with wrk, prints req/s and p99, and stops it. Run the variants alternately, side by side.
#   dotnet build -c Release src/CredibilityApi
#   tests/load/ab-settings.sh default "" "$URL" get.lua
#   tests/load/ab-settings.sh nolog "Logging__LogLevel__CredibilityApi.Infrastructure.RequestLoggingMiddleware=Warning" "$URL" get.lua
# (get.lua sets the X-Api-Key header; DB, ADMIN_KEY and PORT may be set in the environment.)
set -euo pipefail
label=$1; settings=$2; url=$3; lua=$4
root="$(cd "$(dirname "$0")/../.." && pwd)"
db="${DB:-/tmp/credibility-ab.db}"; port="${PORT:-5402}"
cd "$root/src/CredibilityApi/bin/Release/net10.0"
# shellcheck disable=SC2086
env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
  Auth__BootstrapAdminKey="${ADMIN_KEY:-ab-admin-key-0000000000000000000000}" RateLimiting__PermitLimit=100000000 $settings \
  dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port" > "/tmp/ab-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
wrk -t2 -c50 -d3s -s "$lua" "$url" > /dev/null
result=$(wrk -t2 -c50 -d8s --latency -s "$lua" "$url")
echo "$label $(echo "$result" | grep Requests/sec) p99 $(echo "$result" | grep ' 99%')"
