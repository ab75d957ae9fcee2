#!/usr/bin/env bash
# Quickstart (b): set up, lint, and run the whole test suite. pytest's exit code (5 = no tests) is kept.
# The suite runs inside a throwaway PostgreSQL/PostGIS cluster (scripts/pg_cluster.sh) when the server
# binaries are installed, so the store tests run against both backends; else those tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests
.venv/bin/mypy src/sitroom
exec bash scripts/pg_cluster.sh .venv/bin/python -m pytest "$@"
