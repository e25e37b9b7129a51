"""Building blocks of the medical-aid tests: a city plan, enrolled members, claims, quotas."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.medicalaid import services
from gonghui.medicalaid.models import Claim, EnrolledMember, Plan, ScreeningBooking, ScreeningQuota
from gonghui.members import services as member_services

from ..factories import colleague
from ..members.test_matrix import _rid

# Last year: every stay of the tests lies in the past, whatever day they run.
YEAR = timezone.localdate().year - 1

RULES = dict(name="职工住院医疗互助", premium_per_share_fen=5000, max_shares=3, daily_allowance_fen=3000, min_days=3,
             max_days_per_stay=60, max_days_per_year=90, cap_per_stay_fen=180_000, cap_per_year_fen=270_000)
DISEASES = [
    {"kind": "serious", "code": "S01", "name": "恶性肿瘤", "lump_sum_fen": 500_000},
    {"kind": "women", "code": "W01", "name": "乳腺癌", "lump_sum_fen": 300_000},
]


def city_plan(c, year=YEAR):
    found = Plan.objects.filter(union=c.root, year=year).first()
    return found or services.create_plan(acting_user=c.users["rights"], union=c.root, year=year,
                                         diseases=DISEASES, **RULES)


_seq = iter(range(10**6))


def member(c, union=None, sex="M", name=None):
    """A new member of `union` (the 衡阳县 grassroots union by default), a man or a woman."""
    union = union or c.grassroots
    n = next(_seq)
    born = date(1970, 1, 1) + timedelta(days=n % 9000)
    body = f"430421{born:%Y%m%d}{n % 100:02d}{'3' if sex == 'M' else '4'}"
    return member_services.add_member(acting_user=c.users["city"], union=union, name=name or f"会员{n}",
                                      id_number=_rid(body))


def enrolled(c, union=None, sex="M", shares=1, year=YEAR):
    """A member of `union` enrolled for `year` under the city plan (enrolled by the rights department)."""
    city_plan(c, year)
    m = member(c, union, sex)
    services.enrol(acting_user=c.users["rights"], union=m.union, year=year, rows=[(m.number, shares)])
    return EnrolledMember.objects.get(member=m, year=year).member


def claim(c, m=None, days=10, ago=30, **kw):
    m = m or enrolled(c)
    admitted = date(YEAR, 12, 31) - timedelta(days=ago)
    return services.file_claim(acting_user=c.users[colleague(c, "rights")], member=m, admitted_on=admitted,
                               discharged_on=admitted + timedelta(days=days), hospital="南华大学附属第一医院",
                               diagnosis="肺炎", **kw)


def claim_in_county(c):
    """A claim waiting for review, of a member of the grassroots union under 衡阳县."""
    found = Claim.objects.filter(union=c.grassroots, state="submitted").first()
    return found or claim(c, enrolled(c))


def quota(c, union=None, slots=5, year=YEAR):
    union = union or c.grassroots
    found = ScreeningQuota.objects.filter(union=union, year=year).first()
    return found or services.set_quota(acting_user=c.users["rights"], union=union, year=year, slots=slots)


def booking_in_county(c):
    found = ScreeningBooking.objects.filter(union=c.grassroots, state="booked").first()
    if found:
        return found
    quota(c)
    return services.book_screening(acting_user=c.users["rights"], member=member(c, sex="F"), year=YEAR)
