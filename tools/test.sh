#!/usr/bin/env bash
# The whole suite on SQLite and on PostgreSQL (with Redis as the cache), the two side by side.
# Browser tests run in both. Under CI (CI=true) PostgreSQL, Redis and Chromium are required; elsewhere a
# missing one is skipped and named at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGHUI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/gonghui}
REDIS=${GONGHUI_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
skipped=()
ci=${CI:-false}

need() {  # need WHAT: fail under CI, note the skip elsewhere
    if [ "$ci" = "true" ]; then echo "CI requires $1, which is not available." >&2; exit 1; fi
    skipped+=("$1")
}

# Debian's chromium for the browser tests and nginx-light for the deployment test (tests/deploy).
wanted=()
command -v chromium >/dev/null 2>&1 || wanted+=(chromium)
[ -x /usr/sbin/nginx ] || wanted+=(nginx-light)
if [ ${#wanted[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's ${wanted[*]} for the tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null) \
        || echo "${wanted[*]} could not be installed"
fi
[ -x /usr/sbin/nginx ] || need "nginx (the deployment test)"
browser_args=()
if ! command -v chromium >/dev/null 2>&1; then
    need "Chromium (browser tests)"
    browser_args=(-m "not browser")
fi

pg_ok=false
$BIN/python - "$PG_URL" <<'PY' && pg_ok=true
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as e:
    print(f"PostgreSQL not reachable: {e}", file=sys.stderr); sys.exit(1)
PY
redis_ok=false
$BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()" "$REDIS" \
    2>/dev/null && redis_ok=true

# The two passes run side by side, one core each (each pytest process is single-threaded): the
# SQLite pass writes to a file that is printed once it ends, the PostgreSQL pass prints live.
status=0
sqlite_log=$(mktemp)
GONGHUI_ENV=test DATABASE_URL=sqlite:///:memory: $BIN/pytest "${browser_args[@]}" "$@" >"$sqlite_log" 2>&1 &
sqlite_pid=$!
trap 'kill "$sqlite_pid" 2>/dev/null' EXIT  # an interrupted run leaves no pytest behind

if $pg_ok; then
    echo "== PostgreSQL (the SQLite pass runs beside it) =="
    extra=()
    if $redis_ok; then extra=(env REDIS_URL="$REDIS"); else need "Redis"; fi
    env GONGHUI_ENV=test DATABASE_URL="$PG_URL" "${extra[@]}" $BIN/pytest "${browser_args[@]}" "$@" || status=1
else
    need "PostgreSQL"
    $redis_ok || need "Redis"
fi
wait "$sqlite_pid" || status=1
echo "== SQLite =="
cat "$sqlite_log"
rm -f "$sqlite_log"

if [ ${#skipped[@]} -gt 0 ]; then
    printf 'SKIPPED (not available on this machine): %s\n' "$(IFS=', '; echo "${skipped[*]}")"
fi
exit $status
