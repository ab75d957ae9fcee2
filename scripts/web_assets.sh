#!/usr/bin/env bash
# Install the web UI's front-end libraries from npm (at set-up time) and copy the files the page needs
# into src/sitroom/web/static/vendor/ (gitignored). Idempotent; the UI falls back to a table without them.
set -euo pipefail
cd "$(dirname "$0")/../src/sitroom/web"

if ! command -v npm >/dev/null 2>&1; then
  echo "web_assets: npm not found; the web UI will show a plain table (apt-get install npm)" >&2
  exit 0
fi
if [ ! -d node_modules/leaflet ] || [ package.json -nt node_modules/.package-lock.json ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
fi

vendor=static/vendor
mkdir -p "$vendor/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/"
cp node_modules/leaflet/dist/images/*.png "$vendor/images/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js "$vendor/"
cp node_modules/leaflet.markercluster/dist/MarkerCluster.css "$vendor/"
cp node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$vendor/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/"
# 1:50m country shapes: detailed enough for district-level zoom, small enough (~740 kB) to load fast.
cp node_modules/world-atlas/countries-50m.json "$vendor/countries.json"
echo "web_assets: vendor files in src/sitroom/web/$vendor" >&2
