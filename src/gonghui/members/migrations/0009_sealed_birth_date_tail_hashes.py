"""Members keep in clear only their birth year and sex: the birth date is sealed (SM4, like the
ID number) and the last four characters of the ID number and the phone become keyed hashes
(HMAC-SM3, crypto.tail_hash), for members and join applications.

With the union's region known, the clear birth date and ID tail rebuilt a member's whole ID
number (one candidate; the birth year and sex leave 182,500). The data step uses the current key
of GONGHUI_FIELD_KEYS and GONGHUI_LOOKUP_KEY, so both must be configured before migrating.
"""

from datetime import date

from django.db import migrations, models

import gonghui.core.fields

BATCH = 2000


def _batches(rows, fields, model):
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        yield row
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def seal_and_hash(apps, schema_editor):
    from gonghui.core import crypto

    Member = apps.get_model("members", "Member")
    fields = ["birth_year", "birth_sealed", "id_tail_index", "phone_tail_index"]
    rows = Member.objects.order_by("pk").only("pk", "birth_date", "id_tail", "phone_tail")
    for m in _batches(rows, fields, Member):
        m.birth_year = m.birth_date.year if m.birth_date else None
        m.birth_sealed = crypto.seal(m.birth_date.isoformat()) if m.birth_date else None
        m.id_tail_index = crypto.tail_hash("id", m.id_tail) if m.id_tail else ""
        m.phone_tail_index = crypto.tail_hash("phone", m.phone_tail) if m.phone_tail else ""
    Join = apps.get_model("members", "JoinApplication")
    rows = Join.objects.order_by("pk").only("pk", "id_tail", "phone_tail")
    for a in _batches(rows, ["id_tail_index", "phone_tail_index"], Join):
        a.id_tail_index = crypto.tail_hash("id", a.id_tail) if a.id_tail else ""
        a.phone_tail_index = crypto.tail_hash("phone", a.phone_tail) if a.phone_tail else ""


def open_and_cut(apps, schema_editor):
    """Back to the clear columns, from the sealed values (the hashes cannot be undone)."""
    from gonghui.core import crypto

    Member = apps.get_model("members", "Member")
    rows = Member.objects.order_by("pk").only("pk", "birth_sealed", "id_number", "phone")
    for m in _batches(rows, ["birth_date", "id_tail", "phone_tail"], Member):
        m.birth_date = date.fromisoformat(crypto.open_sealed(m.birth_sealed)) if m.birth_sealed else None
        m.id_tail = m.id_number.reveal()[-4:] if m.id_number else ""
        m.phone_tail = m.phone.reveal()[-4:] if m.phone else ""
    Join = apps.get_model("members", "JoinApplication")
    rows = Join.objects.order_by("pk").only("pk", "id_number", "phone")
    for a in _batches(rows, ["id_tail", "phone_tail"], Join):
        a.id_tail = a.id_number.reveal()[-4:] if a.id_number else ""
        a.phone_tail = a.phone.reveal()[-4:] if a.phone else ""


def _tail_index(**kw):
    return models.CharField(db_index=True, default="", editable=False, max_length=64, **kw)


def _clear_tail(blank=True):
    return models.CharField(blank=blank, db_index=True, default="", editable=False, max_length=4)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0008_import_task"),
    ]

    operations = [
        migrations.AddField("member", "birth_year", models.PositiveSmallIntegerField(
            blank=True, db_index=True, null=True, verbose_name="year of birth")),
        # A plain text column first, filled with tokens, read as a SealedField once renamed.
        migrations.AddField("member", "birth_sealed", models.TextField(blank=True, null=True)),
        migrations.AddField("member", "id_tail_index", _tail_index()),
        migrations.AddField("member", "phone_tail_index", _tail_index(blank=True)),
        migrations.AddField("joinapplication", "id_tail_index", _tail_index()),
        migrations.AddField("joinapplication", "phone_tail_index", _tail_index()),
        migrations.RunPython(seal_and_hash, open_and_cut, elidable=False),
        # A default for the clear tails, so that migrating back can add them to existing rows.
        migrations.AlterField("member", "id_tail", _clear_tail(blank=False)),
        migrations.AlterField("member", "phone_tail", _clear_tail()),
        migrations.AlterField("joinapplication", "id_tail", _clear_tail(blank=False)),
        migrations.AlterField("joinapplication", "phone_tail", _clear_tail(blank=False)),
        migrations.RemoveField("member", "birth_date"),
        migrations.RemoveField("member", "id_tail"),
        migrations.RemoveField("member", "phone_tail"),
        migrations.RemoveField("joinapplication", "id_tail"),
        migrations.RemoveField("joinapplication", "phone_tail"),
        migrations.RenameField("member", "birth_sealed", "birth_date"),
        migrations.AlterField("member", "birth_date", gonghui.core.fields.SealedField(
            blank=True, kind="birth", null=True, verbose_name="date of birth")),
        # Saving fills the tail hashes (SealedField's tail_index); no change to the columns.
        migrations.AlterField("member", "id_number", gonghui.core.fields.SealedField(
            index="id_index", kind="id", tail_index="id_tail_index", verbose_name="ID number")),
        migrations.AlterField("member", "phone", gonghui.core.fields.SealedField(
            blank=True, index="phone_index", kind="phone", null=True, tail_index="phone_tail_index",
            verbose_name="mobile phone")),
        migrations.AlterField("joinapplication", "id_number", gonghui.core.fields.SealedField(
            index="id_index", kind="id", tail_index="id_tail_index", verbose_name="ID number")),
        migrations.AlterField("joinapplication", "phone", gonghui.core.fields.SealedField(
            index="phone_index", kind="phone", tail_index="phone_tail_index", verbose_name="mobile phone")),
    ]
