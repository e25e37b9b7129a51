"""The merchant role no longer views campaigns (issue 21): its counter redeems codes and lists its
own redemptions, nothing else. Roles are only ever added to after migrate, so the permission an
existing database gave the role is taken away here."""

from django.db import migrations


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Permission = apps.get_model("auth", "Permission")
    perm = Permission.objects.filter(content_type__app_label="campaigns", codename="view_campaign").first()
    if perm is not None:
        for role in Role.objects.filter(code="merchant"):
            role.permissions.remove(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("accounts", "0003_sealed_phone"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
