# Sourced by the scripts that run something against an API of their own (run-researcher-examples.sh,
# test-client-package.sh): builds and starts the API on a fresh SQLite database in $WORK, waits until it is
# ready, and stops it (the whole process group) and removes $WORK on exit.
# Needs WORK, BASE and ADMIN_KEY set by the caller; start_api's arguments go to the API (e.g. --seed-demo).
api_pid=""

api_cleanup() {
  if [ -n "$api_pid" ]; then
    kill -TERM -- "-$api_pid" 2>/dev/null || kill -TERM "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap api_cleanup EXIT

# start_api [API args...]: returns non-zero (with the API's log tail on stderr) when it did not become ready in 2 minutes.
start_api() {
  dotnet build src/CredibilityApi -nologo -v quiet >/dev/null || { echo "dotnet build src/CredibilityApi failed" >&2; return 1; }
  ConnectionStrings__Credibility="Data Source=$WORK/api.db" Auth__BootstrapAdminKey="$ADMIN_KEY" \
    setsid dotnet run --no-build --project src/CredibilityApi --urls "$BASE" -- "$@" >"$WORK/api.log" 2>&1 </dev/null &
  api_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null --max-time 2 "$BASE/health/ready" 2>/dev/null && return 0
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 1
  done
  tail -n 30 "$WORK/api.log" >&2
  return 1
}
