"""Shared pieces of the hardship tests: a 低保 standard for the test city, a county-level
rights clerk, a member and a file opened through the services."""

from gonghui.hardship import services
from gonghui.hardship.models import DibaoStandard, HardshipFile

from ..factories import user
from ..members.test_matrix import _rid, member_in_county


def luhn_card(body="622202020011223344"):
    from stdnum import luhn

    return body + luhn.calc_check_digit(body)


def standards(c, year=2026, city_fen=85_000):
    """The city's 低保 standard (衡阳市); counties fall back to it."""
    return DibaoStandard.objects.get_or_create(region_id="430400", year=year, defaults={"monthly_fen": city_fen})[0]


def county_rights(c):
    found = c.users.get("rights_county")
    if found is None:
        found = c.users["rights_county"] = user("rights_county", "rights", c.county)
    return found


def file_data(**over):
    return {"household_size": 3, "annual_income_fen": 3_600_000, "necessary_spending_fen": 600_000,
            "accident_costs_fen": 0, "main_cause": "illness", "secondary_causes": ["schooling"],
            "housing": "rent", "health": "尿毒症，每周透析三次", "bank_name": "中国工商银行",
            "bank_account": luhn_card(), "account_holder": "刘越高",
            "household": [{"name": "刘越高", "relation": "self", "id_number": _rid("43042119900101123"),
                           "annual_income_fen": 3_000_000, "school_or_employer": "衡阳县第一机械有限公司"},
                          {"name": "王芳", "relation": "spouse", "annual_income_fen": 600_000, "health": "慢性肾病"},
                          {"name": "刘小明", "relation": "child", "school_or_employer": "衡阳县第一中学"}],
            **over}


def opened(c, member=None, **over):
    standards(c)
    return services.open_file(acting_user=c.users["union"], member=member or member_in_county(c), year=2026,
                              **file_data(**over))


def active_file(c, member=None, **over):
    """A file taken the whole way: submitted, reviewed twice, 公示 over, active."""
    import datetime

    f = opened(c, member, **over)
    services.submit(f, acting_user=c.users["union"])
    services.review(f, acting_user=county_rights(c), decision="approve", opinion="情况属实")
    services.review(f, acting_user=c.users["rights"], decision="approve", opinion="同意")
    f.refresh_from_db()
    services.activate_due(today=f.publicity_until + datetime.timedelta(days=1))
    return HardshipFile.objects.get(pk=f.pk)
