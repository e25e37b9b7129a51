"""Load the shipped divisions (GB/T 2260 and township codes) and code tables."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gonghui.orgs.data_load import load

    load(apps.get_model("orgs", "Region"), apps.get_model("core", "Code"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
