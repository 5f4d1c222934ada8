#!/usr/bin/env bash
# Usage: bash scripts/bench-revocation-check.sh  (needs wrk: scripts/install-tools.sh)
# Cheap GET (/api/v1/me, key answered from the cache) with the revocation-stamp check every 1 s (default)
# and effectively off (every 3600 s): two apps side by side, wrk runs alternated.
set -u
cd "$(dirname "$0")/.."
dotnet build src/CredibilityApi -v quiet -nologo >/dev/null
trap 'kill ${a:-} ${b:-} 2>/dev/null || true' EXIT
start() { # port, checkSeconds
  local tmp; tmp=$(mktemp -d /tmp/hl-api.XXXX)
  ConnectionStrings__Credibility="Data Source=$tmp/api.db" Auth__BootstrapAdminKey=ci-bootstrap-admin-key-0000000000 \
  RateLimiting__PermitLimit=100000000 Auth__RevocationCheckSeconds=$2 Logging__Console__LogLevel__Default=Warning \
    dotnet run --no-build --project src/CredibilityApi --urls http://127.0.0.1:$1 > $tmp/app.log 2>&1 &
  echo $!
}
a=$(start 5198 1); b=$(start 5199 3600)
for p in 5198 5199; do for i in $(seq 1 60); do curl -fsS http://127.0.0.1:$p/health/ready >/dev/null 2>&1 && break; sleep 1; done; done
H="X-Api-Key: ci-bootstrap-admin-key-0000000000"
for p in 5198 5199; do wrk -t2 -c16 -d3s -H "$H" http://127.0.0.1:$p/api/v1/me >/dev/null 2>&1; done  # warm-up
for round in 1 2 3; do
  for p in 5198 5199; do
    echo "round $round port $p ($([ $p = 5198 ] && echo 'check 1 s' || echo 'check 3600 s')): $(wrk -t2 -c16 -d8s -H "$H" http://127.0.0.1:$p/api/v1/me 2>&1 | grep -E 'Requests/sec|Non-2xx' | tr -s ' ' | tr '\n' ' ')"
  done
done
