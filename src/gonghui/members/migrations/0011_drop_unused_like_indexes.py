"""Drop the text-pattern twins of members_member's indexes that no query uses.

On PostgreSQL, Django gives every indexed or unique CharField a second `varchar_pattern_ops`
index (the `_like` twin) so that LIKE 'abc%' can use an index. The member number and the keyed
hashes of the ID number, the phone and their last four are only ever matched exactly (queries.py,
filtersets.py, services, joins, transfers): their plain btree (or unique) index serves those
look-ups. The name is searched by prefix OR substring in one condition (queries.search_q), which
no btree serves, and by nothing else with a pattern; its plain index stays for equality. Each
twin only cost every insert of a roster import one more index to keep up. The pinyin and its
initials keep theirs: the search box matches them by prefix alone.
"""

from django.db import migrations

UNUSED = ("number", "name", "id_index", "id_tail_index", "phone_index", "phone_tail_index")


def _twins(schema_editor):
    """{column: name of its `_like` index}, named as Django's PostgreSQL schema editor names them."""
    return {column: schema_editor._create_index_name("members_member", [column], suffix="_like")
            for column in UNUSED}


def drop_twins(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _twins(schema_editor).values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore_twins(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, name in _twins(schema_editor).items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON members_member "
                              f"({schema_editor.quote_name(column)} varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0010_retention"),
    ]

    operations = [
        migrations.RunPython(drop_twins, restore_twins, elidable=False),
    ]
