#!/usr/bin/env bash
# Methodology v2's refit alone (issue 13): on a fresh copy of a load data set with every dimension's fit marked stale,
# the API starts (no requests), refits each dimension one after another (Methodology:RefitMaxShare=1: no rest between
# them), and the script reports the server's resident memory when ready and its peak (VmHWM) after the refits, with the
# refits' own log lines (ratings, priors, and the read, fit, priors and write times). With REFIT_DUMP=1 it also prints
# a hash of the stored fits, leniencies and bucket priors: two builds that must agree (a refactoring) print the same.
# Run tests/load-benchmark.sh (full or --quick) once first.
#
#   tests/load/refit-memory.sh                   e.g. REFIT_API_SETTINGS="DOTNET_gcServer=0" tests/load/refit-memory.sh
# Settings: LOAD_CACHE (default /tmp/credibility-load), LOAD_SET (full | quick, default full), REFIT_PORT (default 5394),
# REFIT_API_SETTINGS (extra NAME=value settings), REFIT_API_DIR (another build of the API), REFIT_DUMP (1: the hash).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LOAD_CACHE:-/tmp/credibility-load}"; set_name="${LOAD_SET:-full}"; port="${REFIT_PORT:-5394}"
source_db="$cache/$set_name.db"
[ -s "$source_db" ] || { echo "no data set $source_db: run tests/load-benchmark.sh first" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/credibility-refit.XXXXXX")"
db="$work/refit.db"; cp "$source_db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
dimensions=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('UPDATE DimensionFits SET Changes = Changes + 1')
c.commit()
print(c.execute('SELECT COUNT(DISTINCT Key) FROM RubricDimensions').fetchone()[0])
PY
)
# shellcheck disable=SC2086
(cd "${REFIT_API_DIR:-$root/src/CredibilityApi/bin/Release/net10.0}" &&
  exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
    Auth__KeyPepper="bench-key-pepper-not-a-secret-0123456789abcdef" Methodology__RefitMaxShare=1 ${REFIT_API_SETTINGS:-} \
    dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
pid=$!
for _ in $(seq 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break; sleep 0.5; done
echo "ready: RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MiB"
refits=0
for _ in $(seq 600); do
  refits=$(grep -c 'Refitted methodology v2' "$work/server.log" || true)
  [ "$refits" -ge "$dimensions" ] && break
  sleep 0.5
done
echo "after $refits of $dimensions refits: peak RSS $(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status) MiB, RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MiB"
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
python3 - "$work/server.log" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if 'Refitted methodology v2' in line:
        try:
            print('  ' + json.loads(line)['Message'])
        except (ValueError, KeyError):
            pass
PY
if [ "${REFIT_DUMP:-0}" = 1 ]; then
  python3 - "$db" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); h = hashlib.sha256(); n = 0
for q in ["SELECT Dimension, NoiseVariance, ArticleVariance, LeniencyVariance, SharedVariance, Ratings, Articles, OverlappingArticles, Unavailable FROM DimensionFits ORDER BY Dimension",
          "SELECT * FROM AnnotatorLeniencies ORDER BY Dimension, AnnotatorId",
          "SELECT * FROM BucketPriorsV2 ORDER BY Dimension, Bucket, Start"]:
    for row in c.execute(q):
        h.update(repr(row).encode()); n += 1
print(f"stored v2 rows: {n}, sha256 {h.hexdigest()}")
PY
fi
