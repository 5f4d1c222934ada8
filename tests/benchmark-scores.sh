#!/usr/bin/env bash
# Score-series benchmark: GET /outlets/{id}/scores's query path (rollups) against a naive recomputation
# from the raw ratings, side by side in one run, on a generated data set of 1,000,000 ratings across
# 200 outlets and 5 years (tests/CredibilityApi.Benchmarks). Generation takes a minute or two on 2 cores;
# the file is about 1 GB. Then the methodology v2 refit of the data set (timed; skipped on --reuse when the
# stored fits are current), and v1 against v2, interleaved: the 5-year weekly series of all five dimensions and
# the ranking (5 years, 1 year), with the target v2 <= 2x v1 (medians).
#
#   tests/benchmark-scores.sh                 # fresh data set, report in artifacts/benchmark-scores.md
#   tests/benchmark-scores.sh --reuse         # keep the data set of the previous run (same options)
#   tests/benchmark-scores.sh --help          # every option
#
# Settings (environment): BENCH_DB (SQLite file, default /tmp/credibility-bench/scores-bench.db),
# BENCH_OUT (markdown report, default artifacts/benchmark-scores.md). Further arguments go to the harness.
# Exits non-zero when the two paths disagree, the bulk-built rollups fail their check, v2 has no fit, or v2 takes
# more than twice v1's time (--report-only reports that without failing).
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DB="${BENCH_DB:-/tmp/credibility-bench/scores-bench.db}"
BENCH_OUT="${BENCH_OUT:-artifacts/benchmark-scores.md}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release tests/CredibilityApi.Benchmarks -nologo -v quiet
exec dotnet run -c Release --no-build --project tests/CredibilityApi.Benchmarks -- \
  --db "$BENCH_DB" --out "$BENCH_OUT" "$@"
