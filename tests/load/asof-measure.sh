#!/usr/bin/env bash
# asOf cost against another outlet's history (issue 13, item 5): on a fresh database, outlet A gets 40 ratings
# (20 articles x 2 annotators, in 2015) and outlet B 10 ratings (in 2016); the asOf series of A (v1 and v2, a
# monthly series of 2015) is timed, then B's ten ratings are revised 200 times each (2,000 more revisions) and
# A's asOf series is timed again. Prints the median and p90 of N sequential requests (curl's time_total).
#
#   tests/load/asof-measure.sh API_DIR [PORT] [N]
#     API_DIR: a Release output folder holding CredibilityApi.dll (e.g. dotnet build -c Release src/CredibilityApi -o DIR)
#     PORT: default 5603; N: requests per figure, default 200
set -euo pipefail
API_DIR="$1"; PORT="${2:-5603}"; N="${3:-200}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/asof-measure.XXXXXX")"
ADMIN_KEY="cred_asof_measure_admin_key_0123456789"
(cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production MALLOC_ARENA_MAX=2 ConnectionStrings__Credibility="Data Source=$WORK/api.db" \
  Auth__BootstrapAdminKey="$ADMIN_KEY" Auth__KeyPepper="asof-measure-pepper-not-a-secret-0123456789" RateLimiting__PermitLimit=100000000 \
  Logging__LogLevel__Default=Warning dotnet CredibilityApi.dll --urls "http://127.0.0.1:$PORT") >"$WORK/api.log" 2>&1 </dev/null &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null && break; sleep 0.5; done

python3 - "$PORT" "$ADMIN_KEY" "$N" <<'PY'
import json, statistics, sys, time, urllib.request
port, admin, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
api = f"http://127.0.0.1:{port}/api/v1"
def call(method, path, key, body=None):
    req = urllib.request.Request(api + path, method=method, headers={"X-Api-Key": key, "Content-Type": "application/json"},
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")
def account(name, role):
    a = call("POST", "/accounts", admin, {"name": name, "role": role})
    return call("POST", f"/accounts/{a['id']}/keys", admin, {"name": "asof-measure"})["key"]
ana, omar, rita = account("Ana", "annotator"), account("Omar", "annotator"), account("Rita", "researcher")
def outlet(domain, year, count):
    o = call("POST", "/outlets", ana, {"name": domain, "primaryDomain": domain, "country": "GB", "language": "en"})
    arts = [call("POST", "/articles", ana, {"url": f"https://{domain}/a{i}", "title": f"A{i}", "authors": [],
                                            "publishedAt": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00Z"})["id"] for i in range(count)]
    return o["id"], arts
def rate(key, article, value):
    call("POST", f"/articles/{article}/ratings", key, {"rubricVersion": 1, "values": [{"dimension": "factual_accuracy", "value": value}]})
a, a_articles = outlet("outlet-a.example", 2015, 20)
b, b_articles = outlet("outlet-b.example", 2016, 10)
for i, art in enumerate(a_articles):
    rate(ana, art, 30 + i); rate(omar, art, 60 - i)
for art in b_articles:
    rate(ana, art, 50)
def measure(label):
    asof = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
    time.sleep(2.5)
    out = {}
    for m in ("v1", "v2"):
        path = f"/outlets/{a}/scores?dimensions=factual_accuracy&bucket=month&from=2015-01-01&to=2016-01-01&methodology={m}&asOf={asof}"
        first = call("GET", path, rita)
        for _ in range(10):
            call("GET", path, rita)   # warm-up
        times = []
        for _ in range(n):
            t = time.perf_counter(); call("GET", path, rita); times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[m] = (statistics.median(times), times[int(0.9 * len(times))], [p["rawMean"] for p in first["points"] if p["rawMean"] is not None][:3])
        print(f"{label:32} {m}: median {out[m][0]:6.2f} ms  p90 {out[m][1]:6.2f} ms  (first raw means {out[m][2]})", flush=True)
    return out
measure("B: 10 revisions")
for r in range(200):
    for art in b_articles:
        rate(ana, art, 10 + r % 50)
measure("B: 2,010 revisions")
PY
