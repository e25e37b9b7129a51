"""The SQLite test pass runs on the kind of database users run: a WAL file (issue 21, defect 12)."""

from pathlib import Path

import pytest
from django.db import connection


def test_sqlite_tests_run_on_a_wal_file(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db(), connection.settings_dict["NAME"]
    assert Path(connection.settings_dict["NAME"]).is_file()
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        assert cur.fetchone()[0] == "wal"
        cur.execute("PRAGMA busy_timeout")
        assert cur.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_leaves_the_database_as_migrate_made_it(city):
    """tests/db_reset.py: what a transactional test adds goes, what it changes or removes of
    migrate's rows comes back, with the same keys; the tally rows the trigger writes go too."""
    from stdnum.cn import ric

    from gonghui.core.models import Code
    from gonghui.members import services
    from gonghui.members.models import Member, MemberTally
    from gonghui.orgs.models import Region, Union
    from gonghui.rules.models import RuleValue

    from .. import db_reset

    body = "43042119800101123"
    services.add_member(acting_user=city.users["county"], union=city.grassroots, name="张三",
                        id_number=body + ric.calc_check_digit(body + "0"))
    region = Region.objects.get(code="430421")
    codes, rule_values = Code.objects.count(), RuleValue.objects.count()
    Region.objects.filter(code="430421").update(name="改过的名字")
    Code.objects.filter(pk=Code.objects.order_by("pk").first().pk).delete()
    RuleValue.objects.all().delete()  # a rulebook emptied by a test comes back whole
    assert Union.objects.exists() and Member.objects.exists() and MemberTally.objects.exists()

    db_reset.restore()

    assert Region.objects.get(code="430421").name == region.name
    assert (Code.objects.count(), RuleValue.objects.count()) == (codes, rule_values)
    assert not Union.objects.exists() and not Member.objects.exists() and not MemberTally.objects.exists()
