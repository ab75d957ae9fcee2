#!/usr/bin/env bash
# Quickstart (a): set up, ingest the bundled sample articles into SQLite, print the events, serve the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/sitroom demo --examples examples --db "${SITROOM_DB:-sitroom.db}" --port "${PORT:-8000}" "$@"
