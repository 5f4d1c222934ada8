#!/usr/bin/env bash
# Runs the README's researcher examples (the ```bash and ```python blocks marked "<!-- example: researcher -->")
# against a freshly started API loaded with the demo data set, as a researcher would run them:
#   - KEY is the demo researcher's key and OUTLET the demo's first outlet (the README's examples use $KEY/$OUTLET,
#     and the Python one reads them from the environment);
#   - http://localhost:5080 in the examples is replaced by the address of the API started here;
#   - curl fails on any HTTP error (a wrapper adds --fail-with-body), every block runs with bash -euo pipefail;
#   - the files the examples write are then checked (a CSV with the series' columns and rows, an SVG, NDJSON, TSV).
# Python runs on Debian's python3 with python3-pandas and python3-requests (scripts/install-tools.sh installs them).
# Prints one "example ...: passed|FAILED" line per block and "researcher examples: N passed, N failed" last;
# exits non-zero when any failed.
#
# Settings: EXAMPLES_PORT (default 5091), PYTHON (default /usr/bin/python3).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PORT="${EXAMPLES_PORT:-5091}"
BASE="http://127.0.0.1:$PORT"
PYTHON="${PYTHON:-/usr/bin/python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/credibility-examples.XXXXXX")"
ADMIN_KEY="examples-admin-key-0000000000000000"
. scripts/lib-api.sh

passed=0
failed=0
result() { # name, rc
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "example $1: passed"; else failed=$((failed + 1)); echo "example $1: FAILED" >&2; fi
}

start_api --seed-demo || { echo "researcher examples: 0 passed, 1 failed (the API did not start)"; exit 1; }

KEY="$(grep -iE '^researcher ' "$WORK/api.log" | sed -E 's/.*key: ([^ ]+).*/\1/' | head -n 1)"
if [ -z "$KEY" ]; then
  echo "no demo researcher key in the API's output:" >&2; tail -n 30 "$WORK/api.log" >&2
  echo "researcher examples: 0 passed, 1 failed"; exit 1
fi
OUTLET="$(curl -fsS -H "X-Api-Key: $KEY" "$BASE/api/v1/outlets?limit=1" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
export KEY OUTLET

# Extract the marked blocks, in order, with their language.
"$PYTHON" - "$ROOT/README.md" "$WORK/blocks" <<'PY'
import os, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = sys.argv[2]; os.makedirs(out)
n = 0
for i, line in enumerate(lines):
    m = re.match(r"^```(bash|python)\s*$", line.strip())
    if not m:
        continue
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or not re.match(r"^\s*<!--\s*example:\s*researcher\s*-->\s*$", lines[j]):
        continue
    end = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == "```")
    n += 1
    ext = "sh" if m.group(1) == "bash" else "py"
    with open(f"{out}/{n:02d}-line{i + 1}.{ext}", "w", encoding="utf-8") as f:
        f.write("\n".join(lines[i + 1:end]) + "\n")
print(n, file=sys.stderr)
PY

count=$(ls "$WORK/blocks" | wc -l)
if [ "$count" -lt 3 ]; then
  echo "expected at least 3 researcher examples in README.md, found $count" >&2
  failed=$((failed + 1))
fi

mkdir -p "$WORK/run"
for block in "$WORK/blocks"/*; do
  name="README.md:$(basename "$block" | sed -E 's/^[0-9]+-line([0-9]+)\..*/\1/')"
  sed -i "s#http://localhost:5080#$BASE#g" "$block"
  case "$block" in
    *.sh)
      (cd "$WORK/run" && { printf 'curl() { command curl --fail-with-body "$@"; }\n'; grep -v -E '^(KEY|OUTLET)=' "$block"; } | bash -euo pipefail >"$block.out" 2>&1)
      rc=$? ;;
    *.py)
      (cd "$WORK/run" && "$PYTHON" "$block" >"$block.out" 2>&1)
      rc=$? ;;
  esac
  [ "$rc" -ne 0 ] && sed -n '1,30p' "$block.out" >&2
  result "$name" "$rc"
done

# What the examples wrote: check it as a researcher would look at it.
"$PYTHON" - "$WORK/run" <<'PY'
import csv, json, os, sys
run = sys.argv[1]
problems = []
def need(cond, what):
    if not cond: problems.append(what)
p = os.path.join(run, "herald-2021.csv")
need(os.path.exists(p), "herald-2021.csv was not written")
if os.path.exists(p):
    rows = list(csv.DictReader(open(p, encoding="utf-8")))
    need(len(rows) > 0, "herald-2021.csv has no rows")
    need(rows and {"bucket_start", "shrunk_mean", "lower_95", "upper_95"} <= set(rows[0]), "herald-2021.csv lacks the series columns")
    need(any(r.get("shrunk_mean") for r in rows), "herald-2021.csv has no score in any week")
p = os.path.join(run, "herald.svg")
need(os.path.exists(p) and "<svg" in open(p, encoding="utf-8").read(500), "herald.svg is not an SVG")
p = os.path.join(run, "anonymous-claims.ndjson")
need(os.path.exists(p) and all(json.loads(l) for l in open(p, encoding="utf-8") if l.strip()), "anonymous-claims.ndjson is not NDJSON")
p = os.path.join(run, "spans.tsv")
need(os.path.exists(p) and os.path.getsize(p) > 0 and all(len(l.split("\t")) == 4 for l in open(p, encoding="utf-8") if l.strip()), "spans.tsv is not article<TAB>technique<TAB>start<TAB>end")
for x in problems: print("  " + x, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
result "outputs (CSV, SVG, NDJSON, TSV)" $?

echo "researcher examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
