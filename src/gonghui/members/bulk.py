"""Writing many members at once (the demo city now, roster imports next): rows are
prepared in Python (names keyed, IDs and phones sealed and hashed) and written with COPY on
PostgreSQL or executemany on SQLite, then every new member gets its join event and its
last-event pointer in two set-based statements. The caller holds the transaction.

Django's bulk_create spends more time compiling a million values than the database spends
storing them; here the database does the work.
"""

from datetime import date

from django.db import connection
from django.utils import timezone

from gonghui.core.crypto import lookup_hash, seal

from .search_keys import name_keys

COLUMNS = (
    "number", "union_id", "name", "name_pinyin", "name_initials", "doc_type", "id_number", "id_index", "id_tail",
    "birth_date", "sex", "phone", "phone_index", "phone_tail", "ethnicity_id", "education_id", "political_id",
    "household_id", "employer_id", "employer_name", "job", "gig_platform", "is_gig_worker", "is_migrant_worker",
    "is_model_worker", "has_hardship_file", "joined_on", "card_number", "created_at", "updated_at",
)


def member_row(*, number, union_id, name, doc, phone="", joined_on: date, ethnicity_id=None, education_id=None,
               political_id=None, household_id=None, employer_id=None, employer_name="", job="", gig_platform="",
               is_gig_worker=False, is_migrant_worker=False, is_model_worker=False, now=None):
    """One member's column values, in COLUMNS order. `doc` is a cleaned identity Document."""
    pinyin, initials = name_keys(name)
    now = now or timezone.now()
    return (
        number, union_id, name, pinyin, initials, doc.type, seal(doc.number), lookup_hash("id", doc.number),
        doc.number[-4:], doc.birth_date, doc.sex or "", seal(phone) if phone else None,
        lookup_hash("phone", phone) if phone else None, phone[-4:] if phone else "", ethnicity_id, education_id,
        political_id, household_id, employer_id, employer_name, job, gig_platform, is_gig_worker,
        is_migrant_worker, is_model_worker, False, joined_on, "", now, now,
    )


def insert_members(rows):
    """Write prepared rows (an iterable of tuples in COLUMNS order); return how many.

    `rows` may be a generator, consumed while the rows stream in; it must not query the
    database itself (on PostgreSQL the connection is busy with the COPY until the end).
    """
    columns = ", ".join(f'"{c}"' for c in COLUMNS)  # constants above, never input: S608 below is safe
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY members_member ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 5000:
                    cursor.executemany(f"INSERT INTO members_member ({columns}) VALUES ({marks})", batch)  # noqa: S608
                    n, batch = n + len(batch), []
            if batch:
                cursor.executemany(f"INSERT INTO members_member ({columns}) VALUES ({marks})", batch)  # noqa: S608
                n += len(batch)
    return n


def record_joins(actor_id=None):
    """A join event for every member that has no event yet, and the pointer to it."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO members_memberevent (member_id, kind, union_id, "on", reason, actor_id, created_at) '
            "SELECT id, 'join', union_id, joined_on, '', %s, %s FROM members_member WHERE last_event_id IS NULL",
            [actor_id, now])
        # One grouped pass, joined back: as a correlated MAX(e.id) per member, PostgreSQL (with no
        # statistics yet, as in a fresh demo) walks the event table's primary key backwards for
        # every member, which never finishes at 300,000 members.
        cursor.execute(
            "UPDATE members_member SET last_event_id = last.id FROM (SELECT member_id, MAX(id) AS id "
            "FROM members_memberevent GROUP BY member_id) AS last "
            "WHERE last.member_id = members_member.id AND members_member.last_event_id IS NULL")
