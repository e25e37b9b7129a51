"""The member table's indexes on PostgreSQL: the member number, the name and the keyed hashes of
the ID number, the phone and their last four keep a plain index and no text-pattern twin, which
no query used (migration 0011: each twin only slowed every insert of a roster import); the
pinyin and its initials keep theirs, as the search box matches them by prefix."""

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="Django makes text-pattern twins on PostgreSQL only")


@pytest.mark.django_db
def test_only_the_prefix_searched_columns_have_a_pattern_twin():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'members_member'")
        definitions = [row[0] for row in cursor.fetchall()]
    twins = sorted(d.split("(")[1].split()[0] for d in definitions if "varchar_pattern_ops" in d)
    assert twins == ["name_initials", "name_pinyin"]
    for column in ("number", "name", "id_index", "id_tail_index", "phone_index", "phone_tail_index"):
        assert any(d.endswith(f"USING btree ({column})") for d in definitions), column


@pytest.mark.django_db
def test_the_subtree_index_carries_the_searched_name_keys():
    """A search's count within a county filters the subtree index's own copies of the name keys
    (an index-only scan), rather than reading every member row of the county."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'member_path_search_idx'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("USING btree (union_path) INCLUDE (name, name_pinyin, name_initials)")
