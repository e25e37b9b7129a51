"""The year's multiple, share and days of 公示 move from HardshipPolicy into the rulebook: every
year an operator had changed becomes a dated national rulebook value from 1 January of that year."""

import datetime
from fractions import Fraction

from django.db import migrations

DEFAULTS = {"relative_multiple": "2.00", "accident_share": "4/5", "publicity_days": "7"}


def forwards(apps, schema_editor):
    Policy = apps.get_model("hardship", "HardshipPolicy")
    Rule = apps.get_model("rules", "Rule")
    RuleValue = apps.get_model("rules", "RuleValue")
    for policy in Policy.objects.order_by("year"):
        values = {"relative_multiple": str(policy.relative_multiple),
                  "accident_share": str(Fraction(policy.accident_share)),
                  "publicity_days": str(policy.publicity_days)}
        for field, value in values.items():
            if value == DEFAULTS[field] or (field == "relative_multiple" and float(value) == 2.0):
                continue
            RuleValue.objects.get_or_create(
                rule=Rule.objects.get(name=f"hardship.{field}"), jurisdiction="",
                valid_from=datetime.date(policy.year, 1, 1),
                defaults={"value": value, "source": "困难职工年度政策（运维设置，自原年度政策表迁入）",
                          "note": f"{policy.year}年度政策"})


class Migration(migrations.Migration):
    dependencies = [("hardship", "0002_household_reviews"), ("rules", "0002_shipped_rules")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("hardshippolicy", "relative_multiple"),
        migrations.RemoveField("hardshippolicy", "accident_share"),
        migrations.RemoveField("hardshippolicy", "publicity_days"),
    ]
