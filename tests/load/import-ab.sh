#!/usr/bin/env bash
# One A/B round of the import with extra environment settings (issue 13): starts the Release API on a fresh copy of
# the load data set, imports WARM_RECORDS ratings (the warm-up: the JIT's tiering and SQLite's caches), waits until the
# rollup queue is empty, then times an import of RECORDS other ratings until the queue is empty again. Prints records/s
# and the CPU seconds the API and the importer used in the timed part (from /proc/PID/stat). Alternate the variants:
#   tests/load/import-ab.sh default ""
#   tests/load/import-ab.sh no-bulk-cache "Database__SqliteBulkCacheKiB=0"
#   WARM_RECORDS=120000 tests/load/import-ab.sh steady "Methodology__RefitInBackground=false"
# The ratings are new (article, annotator) pairs on factual_accuracy, taken from the newest articles down, so they do
# not meet the benchmark's import scenario (which takes the oldest first). Run tests/load-benchmark.sh once first (it
# generates the data set), and build the importer (dotnet build -c Release src/CredibilityApi.Import).
# Settings: LOAD_CACHE (default /tmp/credibility-load), IMPORT_PORT (5194), WARM_RECORDS (1000), RECORDS (30000), IMPORTER
# (another build of the importer's credibility-import.dll),
# API_DIR (default src/CredibilityApi/bin/Release/net10.0; another build: dotnet build -c Release -o DIR), PERF=1
# (perf record of the API over the timed part, to $work/perf.data, kept; with DOTNET_PerfMapEnabled=1 in the settings
# for .NET frames).
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; settings=${2:-}
cache="${LOAD_CACHE:-/tmp/credibility-load}"; port="${IMPORT_PORT:-5194}"
warm_n="${WARM_RECORDS:-1000}"; n="${RECORDS:-30000}"
key="cred_bench-admin-key-not-a-secret-0000" # tests/CredibilityApi.Benchmarks/DataSet.cs, AdminKey
importer="${IMPORTER:-$PWD/src/CredibilityApi.Import/bin/Release/net10.0/credibility-import.dll}"
[ -f "$importer" ] || { echo "no importer at $importer: build it (dotnet build -c Release src/CredibilityApi.Import), or give IMPORTER as an absolute path" >&2; exit 1; }
work="$(mktemp -d)"; db="$work/import.db"

# The ratings, written once per (warm-up, timed) size and kept beside the data set.
ratings="$cache/import-ab-$warm_n-$n"
if [ ! -f "$ratings.timed.ndjson" ]; then
  python3 - "$cache/full.db" "$warm_n" "$n" "$ratings" <<'PY' # each file written whole, then renamed into place
import json, random, sqlite3, sys
db, warm, n, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
annotators = [r[0] for r in c.execute("SELECT Id FROM Accounts WHERE Role = 'Annotator' ORDER BY Id")]
rated = set(c.execute("SELECT ArticleId, AuthorId FROM Annotations WHERE Kind = 'Rating' AND Dimension = 'factual_accuracy'"))
rng = random.Random(20261207)
rows = []
for (article,) in c.execute("SELECT Id FROM Articles ORDER BY Id DESC"):
    rows += [(article, who) for who in annotators if (article, who) not in rated]
    if len(rows) >= warm + n:
        break
if len(rows) < warm + n:
    sys.exit(f"the data set has room for {len(rows)} new ratings, not {warm + n}")
import os
def write(path, pairs):
    with open(path + ".partial", "w") as f:
        for article, who in pairs:
            f.write(json.dumps({"kind": "rating", "target": {"type": "article", "id": article}, "authorId": who,
                                "rating": {"dimension": "factual_accuracy", "value": rng.randint(0, 100),
                                           "confidence": round(rng.uniform(0.3, 1.0), 2), "rubricVersion": 1}}) + "\n")
    os.replace(path + ".partial", path)
write(out + ".warm.ndjson", rows[:warm])
write(out + ".timed.ndjson", rows[warm:warm + n])
PY
fi

cp "$cache/full.db" "$db"; sync "$db" # on disk before the server starts (see fresh_copy in tests/load-benchmark.sh)
# shellcheck disable=SC2086
(cd "${API_DIR:-src/CredibilityApi/bin/Release/net10.0}" && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$db" \
  Auth__KeyPepper="bench-key-pepper-not-a-secret-0123456789abcdef" RateLimiting__PermitLimit=100000000 $settings \
  dotnet CredibilityApi.dll --urls "http://127.0.0.1:$port") >"$work/api.log" 2>&1 &
pid=$!
# The work folder (the API's and the importer's logs) is kept when the run fails, or with PERF=1.
trap 'rc=$?; [ -n "${perf_pid:-}" ] && kill -INT "$perf_pid" 2>/dev/null; kill $pid 2>/dev/null; wait $pid 2>/dev/null
      if [ $rc -ne 0 ] || [ "${PERF:-0}" = 1 ]; then rm -f "$db" "$db-wal" "$db-shm"; echo "logs: $work" >&2; else rm -rf "$work"; fi' EXIT
fail() { echo "import-ab: $*" >&2; exit 1; }
ready=0
for _ in $(seq 240); do
  kill -0 $pid 2>/dev/null || fail "the API exited at start (see $work/api.log)"
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && { ready=1; break; }
  sleep 0.5
done
[ $ready = 1 ] || fail "the API was not ready after 120 s (see $work/api.log)"

pending() { curl -fsS -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/v1/admin/rollups" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])'; }
# Until the rollup queue is empty (10 minutes at most, and only while the API runs).
folded() {
  local deadline=$((SECONDS + 600))
  until [ "$(pending)" = 0 ]; do
    kill -0 $pid 2>/dev/null || fail "the API exited (see $work/api.log)"
    [ $SECONDS -lt $deadline ] || fail "the rollup queue did not empty in 10 minutes"
    sleep 0.05
  done
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)

dotnet "$importer" --url "http://127.0.0.1:$port" --key "$key" --batch-size 1000 "$ratings.warm.ndjson" 2>"$work/warm.log"
folded
if [ "${PERF:-0}" = 1 ]; then perf record -F 499 -g -p "$pid" -o "$work/perf.data" 2>/dev/null & perf_pid=$!; fi
api0=$(cpu $pid); start=$(date +%s.%N)
dotnet "$importer" --url "http://127.0.0.1:$port" --key "$key" --batch-size 1000 "$ratings.timed.ndjson" 2>"$work/timed.log" &
ipid=$!; icpu=0
while kill -0 $ipid 2>/dev/null; do icpu=$(cpu $ipid 2>/dev/null || echo "$icpu"); sleep 0.1; done
wait $ipid
imported=$(date +%s.%N); folded; end=$(date +%s.%N); api1=$(cpu $pid)
if [ "${PERF:-0}" = 1 ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=; echo "perf data: $work/perf.data"; fi
python3 - "$label" "$n" "$start" "$imported" "$end" "$api0" "$api1" "$icpu" "$ticks" <<'PY'
import sys
label, n = sys.argv[1], int(sys.argv[2])
s, i, e = map(float, sys.argv[3:6])
tick = int(sys.argv[9])
api, imp = (int(sys.argv[7]) - int(sys.argv[6])) / tick, int(sys.argv[8]) / tick
print(f"{label}: records={n} rps={n / (e - s):.0f} import_s={i - s:.2f} folded_s={e - s:.2f} api_cpu_s={api:.2f} importer_cpu_s>={imp:.2f}")
PY
