# ruff: noqa: S608 - every table name comes from Django's model catalogue, quoted
"""The database after a transactional test (live server, threads, real commits) goes back to how
migrate left it by copying rows, not by Django's flush.

Django's flush empties all 216 tables and re-runs post_migrate, which reloads 44,700 regions,
the rulebook, the code tables, roles and permissions: 4.3 s of TRUNCATE and 9.4 s of reloading
per test on PostgreSQL here, for every browser test. Instead, once per run, the tables migrate
filled are copied aside (`zz_snap_<table>`); after each transactional test the tables that have
rows are emptied with DELETE, and a filled table that differs from its copy is refilled from it.
The ids stay those migrate gave, so cached content types stay right too.
"""

from django.db import connections, transaction
from django.test import TransactionTestCase

SNAPSHOT = "zz_snap_"
_CHUNK = 200  # SQLite allows 500 terms in one compound SELECT
_snapshots = {}  # database alias -> (all tables, the tables migrate filled)


def _tables_with_rows(cursor, quote, tables):
    """The tables among `tables` that have at least one row, in one query per 200 tables."""
    found = set()
    tables = sorted(tables)
    for i in range(0, len(tables), _CHUNK):
        chunk = tables[i:i + _CHUNK]
        cursor.execute(" UNION ALL ".join(
            f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in chunk))
        found.update(row[0] for row in cursor.fetchall())
    return found


def _differs(cursor, quote, table):
    """Whether `table` no longer holds exactly its copy's rows (a test added, changed or removed one).
    Rows have primary keys, so equal counts and no row outside the copy means the same set."""
    snap = quote(SNAPSHOT + table)
    cursor.execute(f"SELECT (SELECT count(*) FROM {quote(table)}) = (SELECT count(*) FROM {snap}) "
                   f"AND NOT EXISTS (SELECT * FROM {quote(table)} EXCEPT SELECT * FROM {snap})")
    return not cursor.fetchone()[0]


def take(alias="default"):
    """Copy aside what migrate (and its post_migrate loaders) put in the database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        filled = _tables_with_rows(cursor, quote, tables)
        for table in filled:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(SNAPSHOT + table)}")
            cursor.execute(f"CREATE TABLE {quote(SNAPSHOT + table)} AS SELECT * FROM {quote(table)}")
    _snapshots[alias] = (tables, filled)


def restore(alias="default"):
    """Empty what tests filled and refill what they changed, in one transaction. Foreign keys are
    checked at commit (Django makes them deferrable), so the order of the DELETEs does not matter.
    Deleting members makes the tally trigger write rows: the loop empties those too. The audit
    trail refuses DELETE unless its owner sets `gonghui.audit_purge` for the transaction."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables, filled = _snapshots[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the audit trail's owner may empty it (core migration 0004)
            cursor.execute("SELECT set_config('gonghui.audit_purge', 'on', true)")
        changed = {t for t in filled if _differs(cursor, quote, t)}
        for table in changed:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for _ in range(5):
            left = _tables_with_rows(cursor, quote, tables - filled)
            if not left:
                break
            for table in left:
                cursor.execute(f"DELETE FROM {quote(table)}")
        else:
            raise RuntimeError(f"tables keep refilling after DELETE: {sorted(left)}")
        for table in changed:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(SNAPSHOT + table)}")


_django_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown(self):
    """TransactionTestCase's teardown, restoring from the copy when the test asks for a plain
    flush (no available_apps, no serialized rollback) and the copy was taken."""
    if self.available_apps is not None or self.serialized_rollback:
        return _django_teardown(self)
    aliases = list(self._databases_names(include_mirrors=False))
    if not all(alias in _snapshots for alias in aliases):
        return _django_teardown(self)
    for alias in aliases:
        restore(alias)


def install():
    """Make every transactional test end with `restore` (called once the test database exists)."""
    TransactionTestCase._fixture_teardown = _fixture_teardown
