#!/usr/bin/env bash
# Measures bulk import as a migration would use it (issue 13, point 4), API side only: starts the API on a fresh SQLite
# database, registers OUTLETS x ARTICLES articles and ANNOTATORS annotator accounts, writes one rating per (article,
# annotator) as NDJSON in the export's shape, loads it with the importer (src/CredibilityApi.Import, --batch-size 1000),
# then waits until the rollup queue is empty. Prints records/s for the import alone and with the rollups folded in.
# Not run by .ci/run. The API's own figure; the raw-SQLite baseline beside it is the import scenario of
# tests/load-benchmark.sh (tests/load/import-scenario.sh; --import-only runs it alone).
#
#   bash tests/load/import-measure.sh            # 20 outlets x 50 articles x 30 annotators = 30,000 ratings
# Settings: OUTLETS, ARTICLES (per outlet), ANNOTATORS, IMPORT_PORT (default 5098).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUTLETS="${OUTLETS:-20}"; ARTICLES="${ARTICLES:-50}"; ANNOTATORS="${ANNOTATORS:-30}"
PORT="${IMPORT_PORT:-5098}"
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="import-measure-admin-key-000000000000"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/credibility-import.XXXXXX")"
. scripts/lib-api.sh
dotnet build src/CredibilityApi.Import -nologo -v quiet >/dev/null
# Setup registers about a thousand resources: lift the per-key rate limit for this API only.
export RateLimiting__PermitLimit=10000000
start_api || { echo "the API did not start" >&2; exit 1; }

python3 - "$BASE" "$ADMIN_KEY" "$OUTLETS" "$ARTICLES" "$ANNOTATORS" "$WORK/ratings.ndjson" <<'PY'
import json, sys, urllib.request, random
base, key, outlets, articles, annotators, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
def post(path, body):
    req = urllib.request.Request(base + "/api/v1" + path, json.dumps(body).encode(), {"X-Api-Key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
people = [post("/accounts", {"name": f"Importer {i}", "role": "annotator"})["id"] for i in range(annotators)]
arts = []
for o in range(outlets):
    post("/outlets", {"name": f"Import outlet {o}", "primaryDomain": f"import{o}.example", "aliases": []})
    for a in range(articles):
        arts.append(post("/articles", {"url": f"https://import{o}.example/a{a}", "title": f"A{a}", "authors": [],
                                       "publishedAt": f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}T08:00:00Z"})["id"])
rng = random.Random(20261205)
with open(out, "w") as f:
    for art in arts:
        for who in people:
            f.write(json.dumps({"kind": "rating", "target": {"type": "article", "id": art}, "authorId": who,
                                "rating": {"dimension": "factual_accuracy", "value": rng.randint(0, 100), "rubricVersion": 1}}) + "\n")
print(f"{len(arts)} articles, {len(people)} annotators, {len(arts) * len(people)} ratings", file=sys.stderr)
PY

records=$(wc -l < "$WORK/ratings.ndjson")
pending() { curl -fsS -H "X-Api-Key: $ADMIN_KEY" "$BASE/api/v1/admin/rollups" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])'; }
start=$(date +%s.%N)
dotnet src/CredibilityApi.Import/bin/Debug/net10.0/credibility-import.dll --url "$BASE" --key "$ADMIN_KEY" --batch-size 1000 "$WORK/ratings.ndjson" 2>"$WORK/import.log" \
  || { tail -n 20 "$WORK/import.log" >&2; exit 1; }
imported=$(date +%s.%N)
while [ "$(pending)" != "0" ]; do sleep 0.2; done
folded=$(date +%s.%N)
python3 - "$records" "$start" "$imported" "$folded" <<'PY'
import sys
n, s, i, f = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"import: {n} ratings in {i - s:.1f} s = {n / (i - s):,.0f} records/s")
print(f"with rollups folded: {f - s:.1f} s = {n / (f - s):,.0f} records/s")
PY
