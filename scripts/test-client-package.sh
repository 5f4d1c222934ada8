#!/usr/bin/env bash
# Tests the client as annotators install it: packs src/CredibilityApi.Client into artifacts/packages, then runs
# tests/PackageConsumer (a project outside the repository's build settings that restores CredibilityApi.Client
# from that folder feed) for net8.0 and for net10.0, each self-contained, so the net8.0 build runs on a real
# .NET 8 runtime (NuGet's runtime pack) even where only .NET 10 is installed. The tests run an annotator session
# against an API started here on a fresh SQLite database.
# Prints "client package tests: N passed, N failed" last; exits non-zero when any failed.
#
# Settings: PACKAGE_API_PORT (default 5093).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PORT="${PACKAGE_API_PORT:-5093}"
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="package-tests-admin-key-00000000000000"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/credibility-package.XXXXXX")"
. scripts/lib-api.sh
fail() { echo "client package tests: $1" >&2; echo "client package tests: 0 passed, 1 failed"; exit 1; }

VERSION="$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
[ -n "$VERSION" ] || fail "no <Version> in Directory.Build.props"

rm -rf artifacts/packages
dotnet pack src/CredibilityApi.Client -c Release -o artifacts/packages -nologo -v quiet || fail "dotnet pack failed"
[ -f "artifacts/packages/CredibilityApi.Client.$VERSION.nupkg" ] || fail "artifacts/packages/CredibilityApi.Client.$VERSION.nupkg was not made"
# The version is the repository's, so a package restored earlier would be taken from the cache: drop it.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/credibilityapi.client/$VERSION"

start_api || fail "the API did not start"

passed=0
failed=0
for tfm in net8.0 net10.0; do
  major="${tfm#net}"; major="${major%%.*}"
  echo "==> tests/PackageConsumer on $tfm (CredibilityApi.Client $VERSION from artifacts/packages)"
  CREDIBILITY_URL="$BASE/" CREDIBILITY_ADMIN_KEY="$ADMIN_KEY" EXPECTED_RUNTIME_MAJOR="$major" EXPECTED_CLIENT_VERSION="$VERSION" \
    timeout 900 dotnet test tests/PackageConsumer -f "$tfm" -p:ClientPackageVersion="$VERSION" -nologo \
      --logger "trx;LogFileName=$tfm.trx" --results-directory "$WORK/results"
  rc=$?
  read -r p f < <(python3 - "$WORK/results/$tfm.trx" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    c = ET.parse(sys.argv[1]).getroot().find(".//{*}ResultSummary/{*}Counters")
    print(int(c.get("passed", 0)), sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted")))
except Exception:
    print(0, 0)
PY
)
  p="${p:-0}"; f="${f:-0}"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "$tfm: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f))
done

echo "User-Agents the API logged: $(grep -oE 'agent CredibilityApi\.Client/[^)]*\)' "$WORK/api.log" | sort | uniq -c | tr -s ' ' | paste -sd ';' -)"
echo "client package tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
