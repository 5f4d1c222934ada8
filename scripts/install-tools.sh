#!/usr/bin/env bash
# Installs the tools the http/ files and the load tests need, idempotently and without prompts:
#   - httpyac 6.16.7 (npm) into .tools/ at the repo root: run it as .tools/node_modules/.bin/httpyac
#     (.ci/run uses that path; override with HTTPYAC=/path/to/httpyac);
#   - the OpenAPI linters, into the same .tools/: @redocly/cli 2.77.0 (.tools/node_modules/.bin/redocly) and
#     @stoplight/spectral-cli 6.16.3 (.tools/node_modules/.bin/spectral), run by .ci/run on the committed document;
#   - wrk (Debian package), for load tests;
#   - python3-pandas and python3-requests (Debian packages), for the README's researcher examples
#     (scripts/run-researcher-examples.sh runs them with /usr/bin/python3).
# Meant for Debian as root (CI and the dev machines); elsewhere it uses sudo when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."

HTTPYAC_VERSION="6.16.7"
TOOLS_DIR="$PWD/.tools"
HTTPYAC_BIN="$TOOLS_DIR/node_modules/.bin/httpyac"

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
fi

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# Node and npm: present on the dotnet machines; Debian's own packages otherwise (httpyac needs Node >= 18).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-tools: installing nodejs and npm"
  apt_install nodejs npm
fi

# httpyac and the linters, pinned, in a local prefix so they neither need nor touch the global npm folder.
# One npm install for all of them: a later install into the prefix would prune what it does not name.
REDOCLY_VERSION="2.77.0"
SPECTRAL_VERSION="6.16.3"
REDOCLY_BIN="$TOOLS_DIR/node_modules/.bin/redocly"
SPECTRAL_BIN="$TOOLS_DIR/node_modules/.bin/spectral"
tool_version() { [ -x "$1" ] && "$1" --version 2>/dev/null | tail -n 1 || true; }
if [ "$(tool_version "$HTTPYAC_BIN")" = "$HTTPYAC_VERSION" ] &&
   [ "$(tool_version "$REDOCLY_BIN")" = "$REDOCLY_VERSION" ] &&
   [ "$(tool_version "$SPECTRAL_BIN")" = "$SPECTRAL_VERSION" ]; then
  echo "install-tools: httpyac $HTTPYAC_VERSION, redocly $REDOCLY_VERSION, spectral $SPECTRAL_VERSION already in $TOOLS_DIR"
else
  echo "install-tools: installing httpyac $HTTPYAC_VERSION, @redocly/cli $REDOCLY_VERSION, @stoplight/spectral-cli $SPECTRAL_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save --loglevel=error \
    "httpyac@$HTTPYAC_VERSION" "@redocly/cli@$REDOCLY_VERSION" "@stoplight/spectral-cli@$SPECTRAL_VERSION"
  for pair in "$HTTPYAC_BIN=$HTTPYAC_VERSION" "$REDOCLY_BIN=$REDOCLY_VERSION" "$SPECTRAL_BIN=$SPECTRAL_VERSION"; do
    actual="$(tool_version "${pair%%=*}")"
    if [ "$actual" != "${pair#*=}" ]; then
      echo "install-tools: expected $(basename "${pair%%=*}") ${pair#*=}, got '$actual'" >&2
      exit 1
    fi
  done
fi

# wrk for load tests; apt-get update only when it is missing.
if command -v wrk >/dev/null 2>&1; then
  echo "install-tools: wrk already installed ($(command -v wrk))"
else
  echo "install-tools: installing wrk"
  apt_install wrk
  command -v wrk >/dev/null 2>&1 || { echo "install-tools: wrk did not install" >&2; exit 1; }
fi

# Debian's pandas and requests for the researcher examples, on Debian's own python3.
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas, requests' 2>/dev/null; then
  echo "install-tools: python3-pandas and python3-requests already installed"
else
  echo "install-tools: installing python3-pandas and python3-requests"
  apt_install python3-pandas python3-requests
  /usr/bin/python3 -c 'import pandas, requests' || { echo "install-tools: pandas did not install" >&2; exit 1; }
fi

echo "install-tools: done (httpyac: $HTTPYAC_BIN, redocly: $REDOCLY_BIN, spectral: $SPECTRAL_BIN)"
