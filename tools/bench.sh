#!/usr/bin/env bash
# Runs every benchmark in bench/ with the project's virtualenv and prints its figures.
# The database is DATABASE_URL's (passed through as set), else the local SQLite file;
# GONGHUI_ENV defaults to local. Benchmarks are not part of the test run.
#   bash tools/bench.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench bash tools/bench.sh
set -uo pipefail
cd "$(dirname "$0")/.."
export GONGHUI_ENV=${GONGHUI_ENV:-local}
# The HTTP figures (flash_claim.py, two_instances.py) are taken with Debian's wrk.
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
            || echo "Could not install wrk." >&2
    else
        echo "The HTTP figures need Debian's wrk; as root run: apt-get install wrk" >&2
    fi
fi
status=0
for f in bench/*.py; do
    [ "$(basename "$f")" = "__init__.py" ] && continue
    echo "== $f (${DATABASE_URL:-local SQLite}) =="
    .venv/bin/python "$f" "$@" || status=1
    echo
done
exit $status
