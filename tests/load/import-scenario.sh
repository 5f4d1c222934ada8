# Sourced by tests/load-benchmark.sh (issue 13, point 4): the import scenario, bulk import as a migration uses it.
# Uses the benchmark's helpers and variables (log, fail, start_api, stop_server, fresh_copy, api_pid, DB, WORK, RAW,
# ROOT, API_PORT, BASELINE_DIR, quick). Each side runs twice, API, baseline, API, baseline, each on a fresh copy of
# the data set:
#   API       the importer (src/CredibilityApi.Import, Release, --batch-size 1000) loads IMPORT_RECORDS ratings
#             through POST /api/v1/imports/annotations into the running API, timed from the importer's start until
#             the rollup queue is empty (GET /api/v1/admin/rollups: pending 0), so the rollups are folded in. The
#             API is warmed up first with one batch of other ratings (its endpoint is then JIT-compiled, as in a
#             long-running server), and the queue drained before the timed run.
#   baseline  tests/CredibilityApi.LoadBaseline in its import mode reads the same NDJSON and inserts the same
#             Annotations and AnnotationRevisions rows with Microsoft.Data.Sqlite, one transaction per batch of
#             1000, no validation, no idempotency record, no rollups; timed from its process start to its exit.
# Both timed processes start cold. The ratings: for articles in id order, every annotator who has not rated the
# article's factual_accuracy yet (so 20-25 per article), each a new (article, annotator, dimension).
# import_scenario appends "import ROUND SIDE RESULT records=N seconds=S rps=R" lines to $IMPORT_RESULTS;
# import_report appends its markdown section to the report and fails a missed target (full runs only).

IMPORT_RESULTS="$WORK/import-results.tsv"
IMPORT_TARGET=10000
if [ "$quick" -eq 1 ]; then IMPORT_RECORDS="${LOAD_IMPORT_RECORDS:-10000}"; else IMPORT_RECORDS="${LOAD_IMPORT_RECORDS:-30000}"; fi
IMPORT_ADMIN_KEY="cred_bench-admin-key-not-a-secret-0000" # tests/CredibilityApi.Benchmarks/DataSet.cs, AdminKey

import_pending() {
  curl -fsS --max-time 30 -H "X-Api-Key: $IMPORT_ADMIN_KEY" "http://127.0.0.1:$API_PORT/api/v1/admin/rollups" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])'
}

import_wait_folded() {
  local pending
  for _ in $(seq 1 6000); do
    pending="$(import_pending)" || return 1
    [ "$pending" = 0 ] && return 0
    sleep 0.05
  done
  return 1
}

# import_rows DB -> "annotations revisions pending" rows in a database file
import_rows() {
  python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(*(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("Annotations", "AnnotationRevisions", "PendingRollups")))
PY
}

# The API's peak resident memory is read with the benchmark's peak_reset and hwm_mib, over a timed import run until
# v2's refit has caught up (the memory target holds throughout, imports included).
# Waits (up to 90 s) until methodology v2's refit has caught up with the import (no dimension's fit behind its changes),
# so the peak's window holds the refit the import set off; prints "refitted" or "refit-pending".
import_wait_refit() {
  python3 - "$1" <<'PY'
import sqlite3, sys, time
for _ in range(180):
    c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    behind = c.execute("SELECT COUNT(*) FROM DimensionFits WHERE FittedChanges IS NULL OR Changes != FittedChanges").fetchone()[0]
    c.close()
    if behind == 0:
        print("refitted"); sys.exit(0)
    time.sleep(0.5)
print("refit-pending")
PY
}

import_scenario() {
  log "Scenario import: $IMPORT_RECORDS ratings, importer (API) vs raw Microsoft.Data.Sqlite (baseline), A/B/A/B"
  dotnet build -c Release "$ROOT/src/CredibilityApi.Import" -nologo -v quiet >/dev/null
  local importer="$ROOT/src/CredibilityApi.Import/bin/Release/net10.0/credibility-import.dll"
  : >"$IMPORT_RESULTS"
  python3 - "$DB" "$IMPORT_RECORDS" "$WORK/import.ndjson" "$WORK/import-warmup.ndjson" <<'PY' || { fail "import: could not write the ratings to import"; return; }
import json, random, sqlite3, sys
db, n, out, warm = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = sqlite3.connect(db)
annotators = [r[0] for r in c.execute("SELECT Id FROM Accounts WHERE Role = 'Annotator' ORDER BY Id")]
rated = set(c.execute("SELECT ArticleId, AuthorId FROM Annotations WHERE Kind = 'Rating' AND Dimension = 'factual_accuracy'"))
rng = random.Random(20261205)
rows = []
for (article,) in c.execute("SELECT Id FROM Articles ORDER BY Id"):
    rows += [(article, who) for who in annotators if (article, who) not in rated]
    if len(rows) >= n + 1000:
        break
if len(rows) < n + 1000:
    sys.exit(f"the data set has room for {len(rows)} new ratings, not {n + 1000}")
def write(path, pairs):
    with open(path, "w") as f:
        for article, who in pairs:
            f.write(json.dumps({"kind": "rating", "target": {"type": "article", "id": article}, "authorId": who,
                                "rating": {"dimension": "factual_accuracy", "value": rng.randint(0, 100),
                                           "confidence": round(rng.uniform(0.3, 1.0), 2), "rubricVersion": 1}}) + "\n")
write(out, rows[:n])
write(warm, rows[n:n + 1000])
print(f"  {n} ratings over {len({a for a, _ in rows[:n]})} articles, and 1000 others for the API's warm-up")
PY
  local round side db before after start end line peak refit
  for round in 1 2; do
    for side in api baseline; do
      if [ "$side" = api ]; then
        start_api
        db="$WORK/api.db"
        dotnet "$importer" --url "http://127.0.0.1:$API_PORT" --key "$IMPORT_ADMIN_KEY" --batch-size 1000 "$WORK/import-warmup.ndjson" \
          2>"$RAW/import-$round-api-warmup.log" || { fail "import api run $round: the warm-up import failed (see $RAW)"; continue; }
        import_wait_folded || { fail "import api run $round: the rollup queue did not empty after the warm-up"; continue; }
        before="$(import_rows "$db")"
        peak_reset "$api_pid"
        start=$(date +%s.%N)
        if ! dotnet "$importer" --url "http://127.0.0.1:$API_PORT" --key "$IMPORT_ADMIN_KEY" --batch-size 1000 "$WORK/import.ndjson" 2>"$RAW/import-$round-api.log"; then
          fail "import api run $round: the importer failed (see $RAW/import-$round-api.log)"
          continue
        fi
        local imported; imported=$(date +%s.%N)
        import_wait_folded || { fail "import api run $round: the rollup queue did not empty"; continue; }
        end=$(date +%s.%N)
        refit="$(import_wait_refit "$db")"
        echo "import api run $round: after the fold, v2's refit: $refit"
        peak="$(hwm_mib "$api_pid")"
        stop_server "$api_pid"
      else
        db="$(fresh_copy baseline)"
        before="$(import_rows "$db")"
        start=$(date +%s.%N)
        MALLOC_ARENA_MAX=2 dotnet "$BASELINE_DIR/CredibilityApi.LoadBaseline.dll" import --db "$db" --input "$WORK/import.ndjson" --batch-size 1000 \
          >"$RAW/import-$round-baseline.txt" 2>&1 || { fail "import baseline run $round failed (see $RAW)"; continue; }
        end=$(date +%s.%N); imported="$end"; peak=0
      fi
      after="$(import_rows "$db")"
      line="$(python3 - "$IMPORT_RECORDS" "$start" "$imported" "$end" "$before" "$after" "$peak" <<'PY'
import sys
n, s, i, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
(a0, r0, _), (a1, r1, p1) = (map(int, x.split()) for x in sys.argv[5:7])
peak = int(sys.argv[7])
ok = a1 - a0 == n and r1 - r0 == n and p1 == 0
print(f"RESULT records={n} seconds={e - s:.3f} rps={n / (e - s):.1f} import_seconds={i - s:.3f} annotations_added={a1 - a0} revisions_added={r1 - r0} rows_ok={int(ok)} peak_mib={peak}")
PY
)"
      case "$line" in *rows_ok=1*) ;; *) fail "import $side run $round: the rows written do not match the $IMPORT_RECORDS records ($line)" ;; esac
      printf 'import\t%s\t%s\t%s\n' "$round" "$side" "$line" >>"$IMPORT_RESULTS"
      echo "import run $round $side: $line"
    done
  done
}

import_report() {
  python3 - "$IMPORT_RESULTS" "$IMPORT_TARGET" "$quick" "$IMPORT_RECORDS" >>"$LOAD_OUT" <<'PY' || fail "import: the target is missed (see the report)"
import statistics, sys
rows, target, quick, n = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1", int(sys.argv[4])
runs = []
for line in open(rows):
    _, rnd, side, result = line.rstrip("\n").split("\t")
    runs.append(dict(round=int(rnd), side=side, **{k: float(v) for k, v in (kv.split("=") for kv in result[len("RESULT "):].split())}))
print("\n## Bulk import (migration)\n")
print(f"{n:,} ratings (for articles in id order, every annotator without a factual_accuracy rating of it) on a fresh copy of the data set, A/B/A/B. "
      "API: the importer (src/CredibilityApi.Import, Release, --batch-size 1000) through POST /api/v1/imports/annotations, timed from the importer's "
      "start until the rollup queue is empty, after a one-batch warm-up of the API. Baseline: tests/CredibilityApi.LoadBaseline `import`, the same "
      "Annotations and AnnotationRevisions rows inserted with Microsoft.Data.Sqlite, one transaction per batch of 1000, no validation, idempotency "
      "or rollups, timed from its process start to its exit.\n")
print("| side | records/s (mean) | runs (s) | import alone, API (s) | API/baseline | API peak RSS MiB (worse run) | target |")
print("|---|--:|---|--:|--:|--:|---|")
by = {side: [r for r in runs if r["side"] == side] for side in ("api", "baseline")}
missed = not by["api"] or not by["baseline"]
if not missed:
    api, base = (statistics.mean(r["rps"] for r in by[s]) for s in ("api", "baseline"))
    ratio = api / base if base else 0
    met = api >= target
    peak = max(r["peak_mib"] for r in by["api"])
    memory_met = 0 < peak and peak * 1048576 < 500e6  # MB as the other scenarios count it; 0 is "not measured"
    missed = not met or not memory_met
    verdict = f"met: {api:,.0f} >= {target:,.0f} records/s with rollups" if met else f"**MISSED**: {api:,.0f} < {target:,.0f} records/s with rollups"
    verdict += f"; met: memory {peak:.0f} < 500 MB" if memory_met else f"; **MISSED**: memory {peak:.0f} < 500 MB"
    times = {s: ", ".join(f"{r['seconds']:.2f}" for r in by[s]) for s in by}
    print(f"| API (with rollups folded) | {api:,.0f} | {times['api']} | "
          f"{statistics.mean(r['import_seconds'] for r in by['api']):.2f} | **{ratio:.2f}** | {peak:.0f} | {verdict} |")
    print(f"| baseline (raw SQLite) | {base:,.0f} | {times['baseline']} | | | | |")
else:
    print("| runs missing | | | | | | |")
print("\n" + ("Quick mode: the import target is shown but not enforced." if quick else
              "Import target: " + ("met." if not missed else f"missed (at least {target:,.0f} records/s with rollups, under 500 MB; see the table).")))
sys.exit(0 if quick or not missed else 1)
PY
}
