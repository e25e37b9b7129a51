import os

# Tests run under the test profile unless the caller chose otherwise (tools/test.sh sets it).
os.environ.setdefault("GONGHUI_ENV", "test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")


def pytest_sessionfinish(session, exitstatus):
    """The SQLite test database is a WAL file in the temp dir (see settings.py): Django removes
    the file; whatever SQLite left beside it (-wal, -shm, or all of it after an interrupted run)
    goes too."""
    from pathlib import Path

    try:
        from django.conf import settings

        name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    except Exception:  # noqa: BLE001 - Django never configured (collection failed): nothing to remove
        return
    if not name or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    suffix = os.environ.get("PYTEST_XDIST_WORKER")
    for base in (name, f"{name}_{suffix}") if suffix else (name,):
        for path in (base, f"{base}-wal", f"{base}-shm"):
            Path(path).unlink(missing_ok=True)
