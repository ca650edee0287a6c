#!/usr/bin/env bash
# Set up govkg in ./.venv and build the bundled sample report into ./out (graph.ttl, graph.html).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/govkg build -o out
echo "Try: .venv/bin/govkg --help"
