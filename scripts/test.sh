#!/usr/bin/env bash
# Install everything the tests need (Python packages, Chromium and CJK fonts) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# System packages for the browser tests: Debian's Chromium (no browser download) and CJK fonts;
# antiword for old Word (.doc) reports; OpenLink Virtuoso (virtuoso-t, isql-vt) for the store tests.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v antiword >/dev/null 2>&1 || need+=(antiword)  # converts old Word (.doc) reports
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)  # govkg load --virtuoso (tests/test_virtuoso.py)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,dask]"
exec .venv/bin/python -m pytest "$@"
