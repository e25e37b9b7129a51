"""The SQLite test pass runs on the kind of database users run: a WAL file (issue 21, defect 12)."""

from pathlib import Path

import pytest
from django.db import connection


def test_sqlite_tests_run_on_a_wal_file(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db(), connection.settings_dict["NAME"]
    assert Path(connection.settings_dict["NAME"]).is_file()
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        assert cur.fetchone()[0] == "wal"
        cur.execute("PRAGMA busy_timeout")
        assert cur.fetchone()[0] > 0
