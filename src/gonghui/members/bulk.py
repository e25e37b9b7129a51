"""Writing many members at once (roster imports and the demo city): rows are prepared in
Python (names keyed; IDs, birth dates and phones sealed; look-up hashes of IDs, phones and
their last four), their ids and their join events' ids
are reserved up front, and both tables are written with binary COPY on PostgreSQL or executemany on
SQLite. The caller holds the transaction.

Django's bulk_create spends more time compiling a million values than the database spends
storing them, and setting each member's last-event pointer afterwards is an UPDATE per row;
here every row is written once, complete.
"""

from datetime import date

from django.db import connection
from django.utils import timezone

from gonghui.core.crypto import hasher, sealer, tail_hasher

from .search_keys import name_keys

MEMBER_COLUMNS = (
    "id", "number", "union_id", "union_path", "name", "name_pinyin", "name_initials", "doc_type", "id_number",
    "id_index", "id_tail_index", "birth_year", "birth_date", "sex", "phone", "phone_index", "phone_tail_index",
    "ethnicity_id", "education_id",
    "political_id", "household_id", "employer_id", "employer_name", "job", "gig_platform", "is_gig_worker",
    "is_migrant_worker", "is_model_worker", "has_hardship_file", "joined_on", "card_number", "last_event_id",
    "created_at", "updated_at",
)
EVENT_COLUMNS = ("id", "member_id", "kind", "union_id", "on", "reason", "actor_id", "created_at")
BATCH = 5000


class Preparer:
    """`member_values` for a run of members: the seal and the keyed hashes are set up once
    (core.crypto.sealer, hasher), not again for each of a million rows. Same values."""

    def __init__(self):
        self.seal = sealer()
        self.id_hash, self.id_tail = hasher("id"), tail_hasher("id")
        self.phone_hash, self.phone_tail = hasher("phone"), tail_hasher("phone")

    def __call__(self, *, union_id, name, doc, phone="", joined_on: date, ethnicity_id=None, education_id=None,
                 political_id=None, household_id=None, employer_id=None, employer_name="", job="", gig_platform="",
                 is_gig_worker=False, is_migrant_worker=False, is_model_worker=False, card_number="",
                 id_index=None):
        seal = self.seal
        pinyin, initials = name_keys(name)
        birth = doc.birth_date
        return {
            "union_id": union_id, "name": name, "name_pinyin": pinyin, "name_initials": initials,
            "doc_type": doc.type, "id_number": seal(doc.number), "id_index": id_index or self.id_hash(doc.number),
            "id_tail_index": self.id_tail(doc.number),
            "birth_year": birth.year if birth else None,
            "birth_date": seal(birth.isoformat()) if birth else None,
            "sex": doc.sex or "", "phone": seal(phone) if phone else None,
            "phone_index": self.phone_hash(phone) if phone else None,
            "phone_tail_index": self.phone_tail(phone) if phone else "",
            "ethnicity_id": ethnicity_id, "education_id": education_id, "political_id": political_id,
            "household_id": household_id, "employer_id": employer_id, "employer_name": employer_name, "job": job,
            "gig_platform": gig_platform, "is_gig_worker": is_gig_worker, "is_migrant_worker": is_migrant_worker,
            "is_model_worker": is_model_worker, "has_hardship_file": False, "joined_on": joined_on,
            "card_number": card_number,
        }


def member_values(**kwargs):
    """One member's prepared values (sealed, hashed, keyed); `doc` is a cleaned identity Document,
    `id_index` its look-up hash if the caller has it already. Ids, number and event are filled
    in by `enrol`. For many members, call one `Preparer` instead."""
    return Preparer()(**kwargs)


def reserve_ids(table, n):
    """`n` fresh primary keys of `table`. On PostgreSQL from its sequence (safe beside other
    writers); on SQLite above the current maximum, which holds because a write transaction
    there is IMMEDIATE and nobody else writes until it ends."""
    if n == 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our table names only
        top = cursor.fetchone()[0]
        return list(range(top + 1, top + n + 1))


def write_rows(table, columns, rows):
    """Insert rows fast with ids already reserved: COPY on PostgreSQL, executemany on SQLite.
    Table and column names must be constants of the calling module, never input."""
    names = ", ".join(f'"{c}"' for c in columns)
    # wrap_database_errors: the driver's errors from the raw COPY arrive as Django's (a unique
    # violation as IntegrityError, which the import task takes for "the registry changed")
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            types = _column_types(cursor, table, columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


_types = {}


def _column_types(cursor, table, columns):
    """The PostgreSQL type of each column, for a binary COPY (psycopg dumps binary values in C,
    with no text formatting and parsing on either side). Read once per table and process."""
    key = (table, tuple(columns))
    if key not in _types:
        cursor.execute("SELECT attname, atttypid::regtype::text FROM pg_attribute WHERE attrelid = %s::regclass "
                       "AND attnum > 0 AND NOT attisdropped", [table])
        found = dict(cursor.fetchall())
        _types[key] = [found[c] for c in columns]
    return _types[key]


def enrol(batch, *, unions, actor_id=None, now=None):
    """Write a list of `member_values` dicts as new members, each with its join event.

    `unions` maps union id to the Union (its path is copied to the member; its county code
    starts the member number, as in `services._number`). Returns the new ids, in order.
    """
    now = now or timezone.now()
    ids = reserve_ids("members_member", len(batch))
    event_ids = reserve_ids("members_memberevent", len(batch))
    members, events = [], []
    for values, pk, event_id in zip(batch, ids, event_ids, strict=True):
        union = unions[values["union_id"]]
        values = values | {"id": pk, "number": f"{union.region_id[:6]}{pk:09d}", "union_path": union.path,
                           "last_event_id": event_id, "created_at": now, "updated_at": now}
        members.append(tuple(values[c] for c in MEMBER_COLUMNS))
        events.append((event_id, pk, "join", values["union_id"], values["joined_on"], "", actor_id, now))
    write_rows("members_member", MEMBER_COLUMNS, members)
    write_rows("members_memberevent", EVENT_COLUMNS, events)
    return ids


def enrol_all(values, *, unions, actor_id=None):
    """`enrol` over an iterable of any length, in batches; returns how many were written."""
    n, batch, now = 0, [], timezone.now()
    for v in values:
        batch.append(v)
        if len(batch) == BATCH:
            n += len(enrol(batch, unions=unions, actor_id=actor_id, now=now))
            batch = []
    if batch:
        n += len(enrol(batch, unions=unions, actor_id=actor_id, now=now))
    return n


def compact_tally():
    """Fold the member tally's deltas into one row per union (after a bulk write, or from
    `gonghui compact_tally`). Deltas written meanwhile by other transactions stay as they are."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "WITH gone AS (DELETE FROM members_membertally RETURNING union_id, delta) "
                "INSERT INTO members_membertally (union_id, delta) "
                "SELECT union_id, sum(delta) FROM gone GROUP BY union_id HAVING sum(delta) <> 0")
        else:
            cursor.execute("CREATE TEMP TABLE tally_folded AS SELECT union_id, sum(delta) AS delta "
                           "FROM members_membertally GROUP BY union_id HAVING sum(delta) <> 0")
            cursor.execute("DELETE FROM members_membertally")
            cursor.execute("INSERT INTO members_membertally (union_id, delta) SELECT union_id, delta FROM tally_folded")
            cursor.execute("DROP TABLE tally_folded")
