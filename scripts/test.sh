#!/usr/bin/env bash
# Quickstart (b): set up, lint, and run the whole test suite. pytest's exit code (5 = no tests) is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests
.venv/bin/mypy src/sitroom
exec .venv/bin/python -m pytest "$@"
