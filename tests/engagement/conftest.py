"""Building blocks of the engagement tests: a question bank, a quiz, members with accounts,
a reading plan."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.engagement import services
from gonghui.members import services as member_services

from ..factories import user
from ..members.test_matrix import _rid

_seq = iter(range(10**6))

# (topic, kind, text, options, answer)
BANK = [
    ("工会法", "single", "工会法规定，建立工会组织的单位，会员人数不足多少人的，可以单独建立基层工会委员会？",
     ["十人", "二十五人", "五十人", "一百人"], [1]),
    ("工会法", "multiple", "工会经费的来源包括哪些？",
     ["会员缴纳的会费", "单位拨缴的经费", "人民政府的补助", "罚款收入"], [0, 1, 2]),
    ("安全生产", "single", "安全生产工作坚持的方针是？", ["安全第一、预防为主、综合治理", "效益优先", "先生产后安全",
                                                 "以罚代管"], [0]),
    ("劳动合同法", "single",
     "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付几倍工资？",
     ["一倍", "二倍", "三倍", "不需支付"], [1]),
]


def bank(c, union=None):
    """The four questions of BANK in `union`'s bank (the city's by default), made by `publicity`."""
    union = union or c.root
    return [services.create_question(acting_user=c.users["publicity"], union=union, topic_name=t, kind=k, text=x,
                                     options=o, answer=a) for t, k, x, o, a in BANK]


def quiz(c, union=None, tries=2, limit=120, questions=None, month=None):
    """This month's quiz of `union` (the city by default) with the BANK questions."""
    union = union or c.root
    questions = questions or bank(c)
    month = month or timezone.localdate()
    return services.create_quiz(acting_user=c.users["publicity"], union=union, month=month,
                                question_ids=[q.pk for q in questions], time_limit_seconds=limit,
                                tries_allowed=tries)


def answers(q, wrong=0):
    """An answer sheet for quiz `q` with the first `wrong` questions answered wrong."""
    out = {}
    for i, line in enumerate(q.lines.select_related("question").order_by("position")):
        question = line.question
        right = question.answer
        out[str(question.pk)] = [(right[0] + 1) % len(question.options)] if i < wrong else list(right)
    return out


def member(c, union=None, name=None):
    """A new member of `union` (the 衡阳县 grassroots union by default) with a member account."""
    union = union or c.grassroots
    n = next(_seq)
    born = date(1975, 1, 1) + timedelta(days=n % 9000)
    m = member_services.add_member(acting_user=c.users["city"], union=union, name=name or f"读者{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}3"))
    m.user = user(f"m{n}", kind="member")
    m.save(update_fields=["user"])
    return m


def plan(c, union=None, days_before=10, days_after=10, note_required=True):
    union = union or c.root
    today = timezone.localdate()
    book = services.create_book(acting_user=c.users["publicity"], title="平凡的世界", author="路遥")
    return services.create_plan(acting_user=c.users["publicity"], union=union, title="职工书屋·读书月",
                                starts_on=today - timedelta(days=days_before),
                                ends_on=today + timedelta(days=days_after), books=[book],
                                note_required=note_required)

