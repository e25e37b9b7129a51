"""Union contact phones (often the chair's own mobile) are sealed with SM4 and found through
contact_phone_index (HMAC-SM3), as members' phones are; showing one in full takes the new
reveal_union right and is recorded.

The data step seals every stored phone under the current key of GONGHUI_FIELD_KEYS, so the
keys must be configured before migrating.
"""

from django.db import migrations, models

import gonghui.core.fields

BATCH = 2000


def _rewrite(apps, change):
    Union = apps.get_model("orgs", "Union")
    rows = Union.objects.exclude(contact_phone=None).exclude(contact_phone="").order_by("pk")
    batch = []
    for union in rows.only("pk", "contact_phone", "contact_phone_index").iterator(chunk_size=BATCH):
        if change(union):
            batch.append(union)
        if len(batch) >= BATCH:
            Union.objects.bulk_update(batch, ["contact_phone", "contact_phone_index"])
            batch = []
    if batch:
        Union.objects.bulk_update(batch, ["contact_phone", "contact_phone_index"])


def seal_phones(apps, schema_editor):
    from gonghui.core import crypto

    def seal(union):
        plain = union.contact_phone.strip()
        if crypto.looks_sealed(plain):
            return False
        union.contact_phone = crypto.seal(plain) if plain else None
        union.contact_phone_index = crypto.lookup_hash("phone", plain) if plain else None
        return True

    _rewrite(apps, seal)
    apps.get_model("orgs", "Union").objects.filter(contact_phone="").update(contact_phone=None)  # none: NULL


def open_phones(apps, schema_editor):
    from gonghui.core import crypto

    def open_(union):
        union.contact_phone = crypto.open_sealed(union.contact_phone)[:20]
        return True

    _rewrite(apps, open_)
    apps.get_model("orgs", "Union").objects.filter(contact_phone=None).update(contact_phone="")  # NOT NULL again


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_alter_union_options"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="union",
            options={"ordering": ["path"], "permissions": [
                ("move_union", "Can move a union in the tree"), ("merge_union", "Can merge unions"),
                ("revoke_union", "Can revoke a union"), ("reveal_union", "Can see full contact phones of unions")],
                "verbose_name": "union", "verbose_name_plural": "unions"},
        ),
        migrations.AddField(
            model_name="union",
            name="contact_phone_index",
            field=models.CharField(db_index=True, editable=False, max_length=64, null=True),
        ),
        # First a plain text column wide enough for a token, then seal what it holds, and only
        # then read it as a SealedField (the same column).
        migrations.AlterField(
            model_name="union",
            name="contact_phone",
            field=models.TextField(blank=True, null=True, verbose_name="contact phone"),
        ),
        migrations.RunPython(seal_phones, open_phones, elidable=False),
        migrations.AlterField(
            model_name="union",
            name="contact_phone",
            field=gonghui.core.fields.SealedField(blank=True, index="contact_phone_index", kind="phone", null=True,
                                                  verbose_name="contact phone"),
        ),
    ]
