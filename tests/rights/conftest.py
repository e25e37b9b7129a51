"""Building blocks of the rights tests: members with accounts, requests moved on to a state by
the city's staff (a colleague closes what another handled), legal-aid cases and a roster."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members import services as member_services
from gonghui.orgs.models import Region, Union
from gonghui.rights import services
from gonghui.rights.models import AidProvider
from gonghui.rules import days

from ..factories import PASSWORD, colleague, employer
from ..members.test_matrix import _rid

_seq = iter(range(10**6))
# one union per shipped jurisdiction beside Hunan: 上海 黄浦, 浙江 上城, 江西 东湖, 山西 小店
PROVINCES = {"43": "430421", "31": "310101", "33": "330102", "36": "360102", "14": "140105"}


def member(c, union=None, login=False, **fields):
    n = next(_seq)
    born = date(1975, 1, 1) + timedelta(days=n % 9000)
    m = member_services.add_member(acting_user=c.users["city"], union=union or c.grassroots, name=f"职工{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}3"))
    for k, v in fields.items():
        setattr(m, k, v)
    if fields:
        m.save(update_fields=list(fields))
    if login:
        m.user = User.objects.create_user(username=f"rw{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"136{n:08d}")
        m.save(update_fields=["user"])
    return m


def firm(c, region_code, name=None):
    """An employer in `region_code` with its own grassroots union under the city's root."""
    n = next(_seq)
    e = employer(500 + n, Region.objects.get(code=region_code), name or f"维权测试企业{n}有限公司")
    u = Union.objects.add_child(c.root, dict(name=f"{e.name}工会", kind="grassroots", region_id=region_code,
                                            employer=e))
    return e, u


def received_for_due(due, n=5):
    """The day a request must be received on for its `n`-working-day deadline to fall on `due`."""
    d = due
    while days.deadline(d, n, "working_days") > due:
        d -= timedelta(days=1)
    return d


def request_(c, *, employer=None, state="new", by="city", klass="ordinary", received_on=None, topic="wages",
             money=0, satisfaction="satisfied"):
    """A hotline request about `employer` (衡阳县第一机械 by default), moved on to `state`."""
    staff = c.users[by]
    r = services.submit_request(acting_user=staff, kind="solve", topic=topic, description="三个月工资未发。",
                                worker_name="李师傅", phone="13800001111", employer=employer or c.employer,
                                received_on=received_on or timezone.localdate())
    if state == "new":
        return r
    r = services.accept_request(r, acting_user=staff, klass=klass,
                                reason="" if klass == "ordinary" else "涉及多名职工，需协调人社部门。")
    if state == "accepted":
        return r
    r = services.handle_request(r, acting_user=staff, result="约谈企业负责人，企业承诺补发。",
                                money_recovered_fen=money)
    if state == "handled":
        return r
    r = services.reply_request(r, acting_user=staff, reply="企业已补发工资。", replied_on=timezone.localdate())
    if state == "replied":
        return r
    r = services.follow_up_request(r, acting_user=staff, satisfaction=satisfaction)
    if state == "followed_up":
        return r
    return services.close_request(r, acting_user=c.users[colleague(c, by)], passed=True)


def provider(c, union=None, kind="lawyer"):
    return AidProvider.objects.create(union=union or c.county, kind=kind, name=f"律师{next(_seq)}",
                                      firm="湘南律师事务所")


def aid_case(c, *, state="applied", by="city", member_=None, union=None, **fields):
    from gonghui.rights.models import LegalAidCase

    staff = c.users[by]
    union = union or c.county
    m = member_ or member(c, union=c.grassroots if union == c.county else c.grassroots2, is_model_worker=True)
    case = services.apply_legal_aid(acting_user=staff, union=union, member=m, applicant_name=m.name,
                                    facts="被拖欠工资两万元。", basis="model_worker", amount_claimed_fen=2000000,
                                    **fields)
    if state == "applied":
        return case
    other = c.users[colleague(c, by)]
    if state == "refused":
        return services.decide_legal_aid(case, acting_user=other, grant=False, reason="不属于援助范围。")
    case = services.decide_legal_aid(case, acting_user=other, grant=True)
    if state == "granted":
        return case
    case = services.assign_legal_aid(case, acting_user=staff, provider=provider(c))
    if state == "assigned":
        return case
    case = services.record_service(case, acting_user=staff, service="arbitration", note="代理仲裁，出庭一次。")
    if state == "served":
        return case
    assert state == LegalAidCase.State.CLOSED
    return services.close_legal_aid(case, acting_user=staff, result="won", money_recovered_fen=2000000, rating=5)

