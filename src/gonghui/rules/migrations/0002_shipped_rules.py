from django.db import migrations


def forwards(apps, schema_editor):
    from gonghui.rules.data import load

    load(apps.get_model("rules", "Rule"), apps.get_model("rules", "RuleValue"), apps.get_model("rules", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
