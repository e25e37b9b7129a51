#!/usr/bin/env bash
# Debian packages the site needs at run time: WeasyPrint (printable PDFs, gonghui.core.pdf) draws
# with Pango and HarfBuzz and sets Chinese in the Noto CJK fonts; the PDF tests read files with
# poppler-utils when a developer looks at a page (pdftoppm). Ballots list candidates in 姓氏笔画 order
# from Unihan's stroke counts (unicode-data, gonghui.elections.strokes). Installed as root with apt-get when
# missing; otherwise the missing packages are named so an administrator can install them.
set -uo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils unicode-data)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Not a Debian system: install Pango, HarfBuzz and the Noto CJK fonts for the PDFs." >&2
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages for the PDFs: ${missing[*]} ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
        || echo "Could not install: ${missing[*]}" >&2
else
    echo "PDFs need these Debian packages; as root run: apt-get install ${missing[*]}" >&2
fi
exit 0
