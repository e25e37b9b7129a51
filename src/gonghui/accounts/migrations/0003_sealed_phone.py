"""User.phone is sealed with SM4 and found through phone_index (HMAC-SM3); SmsCode keeps the
number's look-up hash instead of the number.

The data step seals every stored phone under the current key of GONGHUI_FIELD_KEYS, so the
keys must be configured before migrating. Pending SMS codes (minutes old at most) are dropped:
they were stored with the plain number.
"""

from django.db import migrations, models

import gonghui.core.fields

BATCH = 2000


def seal_phones(apps, schema_editor):
    from gonghui.core import crypto

    User = apps.get_model("accounts", "User")
    rows = User.objects.exclude(phone=None).order_by("pk").only("pk", "phone", "phone_index")
    batch = []
    for user in rows.iterator(chunk_size=BATCH):
        plain = user.phone.strip()
        if plain and crypto.looks_sealed(plain):
            continue
        user.phone = crypto.seal(plain) if plain else None
        user.phone_index = crypto.lookup_hash("phone", plain) if plain else None
        batch.append(user)
        if len(batch) >= BATCH:
            User.objects.bulk_update(batch, ["phone", "phone_index"])
            batch = []
    if batch:
        User.objects.bulk_update(batch, ["phone", "phone_index"])
    apps.get_model("accounts", "SmsCode").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="phone_index",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        # First a plain text column (wide enough for a token, no longer unique) ...
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.TextField(blank=True, null=True, verbose_name="mobile phone"),
        ),
        migrations.AlterField(
            model_name="smscode",
            name="phone",
            field=models.CharField(db_index=True, max_length=64),
        ),
        # ... then seal what it holds, and only then read it as a SealedField (same column).
        migrations.RunPython(seal_phones, elidable=False),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=gonghui.core.fields.SealedField(blank=True, index="phone_index", kind="phone", null=True,
                                                  verbose_name="mobile phone"),
        ),
    ]
