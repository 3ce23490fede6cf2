#!/usr/bin/env bash
# THE test command (README, CI): installs what the tests need, then lint, type-check, web build,
# unit/integration tests (PGlite + a throw-away PostgreSQL cluster) and browser tests (Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server > /dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
    SUDO="sudo -n"
  else
    echo "test.sh: need root (or passwordless sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # Packaged services must not start on install: the tests start their own on loopback.
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" < /dev/null
fi

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

npm test
