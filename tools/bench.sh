#!/usr/bin/env bash
# Runs every benchmark in bench/ with the project's virtualenv and prints its figures.
# The database is DATABASE_URL's (passed through as set), else the local SQLite file;
# GONGHUI_ENV defaults to local. Benchmarks are not part of the test run.
#   bash tools/bench.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench bash tools/bench.sh
set -uo pipefail
cd "$(dirname "$0")/.."
export GONGHUI_ENV=${GONGHUI_ENV:-local}
status=0
for f in bench/*.py; do
    [ "$(basename "$f")" = "__init__.py" ] && continue
    echo "== $f (${DATABASE_URL:-local SQLite}) =="
    .venv/bin/python "$f" "$@" || status=1
    echo
done
exit $status
