"""Demo terms and elections: grassroots unions with terms elected one to six years ago (so some
are due for 换届 and some overdue), their chairs as office-holders, a few delays approved by
the union above and a few 公选直管 chairs; and two elections at 衡阳县 unions, one approved
after a run-off for the last seat, one waiting on its 另行选举."""

import datetime

from django.utils import timezone

from gonghui.core.access import subtree_q
from gonghui.core.demo import demo_step
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Union
from gonghui.rules import days

from . import services
from .models import Appointment, Office, RoundState
from .rules import committee_band

CANDIDATES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴刚", "孙丽", "马军",
              "朱红", "胡斌", "郭峰", "何琳", "林涛")


def _vote(election, clerk, teller, votes_by_rank, attendance):
    """Both tellers enter the same tallies for the open round, then it is counted."""
    post = election.posts.get(office=Office.COMMITTEE)
    rnd = post.rounds.get(state=RoundState.OPEN)
    services.record_turnout(acting_user=clerk, rnd=rnd, attendance=attendance, issued=attendance,
                            returned=attendance)
    ids = [c.pk for c in rnd.candidates.order_by("pk")]
    tallies = {"invalid": 1, "votes": dict(zip(ids, votes_by_rank, strict=False))}
    for who in (clerk, teller):
        services.enter_sheet(acting_user=who, rnd=rnd, tallies=tallies)
    return services.count_round(acting_user=clerk, rnd=rnd)


def _election(union, clerk, approver, title, held_on, shortfall):
    e = services.create_election(acting_user=clerk, union=union, title=title, held_on=held_on,
                                 meeting="delegates", delegates=45, shortfall=shortfall)
    band, _ruling = committee_band(union, e.members, held_on)
    seats = band.least if band.least % 2 else band.least + 1
    post = services.add_post(acting_user=clerk, election=e, office=Office.COMMITTEE, seats=seats)
    for name in CANDIDATES[:seats + 1]:
        services.add_candidate(acting_user=clerk, post=post, name=name)
    services.submit_candidates(acting_user=clerk, election=e)
    services.decide_candidates(acting_user=approver, election=e, approve=True, opinion="同意候选人建议名单")
    return e, seats


@demo_step(order=88)
def build(ctx):
    """Terms due and overdue for 换届, chairs, delays, 公选直管 chairs, a run-off and a 另行选举."""
    rng = ctx.rng
    today = timezone.localdate()
    city, county, clerk = ctx.users["city"], ctx.users["county"], ctx.users["union"]
    grassroots = list(Union.objects.filter(kind=UnionKind.GRASSROOTS, status=UnionStatus.ACTIVE)
                      .exclude(chair_name="").order_by("path")[:ctx.scaled(300, 20)])
    own = clerk.grants.get().union
    if own not in grassroots:
        grassroots.append(own)
    terms = delays = 0
    counties = [usr for usr in (county, ctx.users.get("county2")) if usr is not None]
    # Fixed cases whatever today is: the clerk's union overdue (re-elected below), one term due
    # within the notice months, and one in the county just past its end (its delay asked below).
    county_path = county.grants.get().union.path
    others = [u for u in grassroots if u.pk != own.pk]
    fixed = {own.pk: -62}
    in_county_first = next((u for u in others if u.path.startswith(county_path)), None)
    if in_county_first is not None:
        fixed[in_county_first.pk] = -62
    due_first = next((u for u in others if u.pk not in fixed), None)
    if due_first is not None:
        fixed[due_first.pk] = -58
    for u in grassroots:
        years = rng.choice((3, 5, 5, 5))
        if u.pk in fixed:
            elected_on, years = days.add_months(today, fixed[u.pk]), 5
        else:
            elected_on = today - datetime.timedelta(days=rng.randint(365, 6 * 365))
        term = services.record_term(acting_user=city, union=u, elected_on=elected_on, years=years)
        services.appoint(acting_user=city, union=u, office=Office.CHAIR, name=u.chair_name or ctx.fake.name(),
                         appointment=Appointment.ELECTED, from_on=elected_on)
        terms += 1
        asker = next((usr for usr in counties if u.path.startswith(usr.grants.get().union.path)), None)
        if asker and term.ends_on < today < days.add_months(term.ends_on, 5) and delays < ctx.scaled(5, 2):
            delays += 1  # asked by the county federation's staff, approved by the city
            services.request_delay(acting_user=asker, term=term, until=days.add_months(term.ends_on, 6),
                                   reason="企业改制重组，推迟换届")
            services.decide_delay(acting_user=city, term=term, approve=True, opinion="同意延期")
    county_union = county.grants.get().union
    in_county = list(Union.objects.filter(subtree_q("path", county_union.path), kind=UnionKind.GRASSROOTS,
                                          status=UnionStatus.ACTIVE).exclude(pk=own.pk).order_by("path")
                     [:ctx.scaled(4, 2)])
    for u in in_county[:-1]:
        services.appoint(acting_user=county, union=u, office=Office.CHAIR, name=ctx.fake.name(),
                         appointment=Appointment.OPEN_SELECTION, from_on=today - datetime.timedelta(days=200))

    # a run-off for the last seat, then the union above's approval (批复)
    held_on = today - datetime.timedelta(days=20)
    e, seats = _election(own, clerk, county, f"{own.name}第二届委员会换届选举", held_on, "another_round")
    _vote(e, clerk, county, [35] * (seats - 1) + [25, 25], attendance=42)
    rnd = e.posts.get().rounds.get(state=RoundState.OPEN)  # the run-off among the tied
    services.record_turnout(acting_user=clerk, rnd=rnd, attendance=41, issued=41, returned=41)
    ids = [c.pk for c in rnd.candidates.order_by("pk")]
    for who in (clerk, county):
        services.enter_sheet(acting_user=who, rnd=rnd, tallies={"invalid": 0, "votes": {ids[0]: 23, ids[1]: 18}})
    services.count_round(acting_user=clerk, rnd=rnd)
    services.report_result(acting_user=clerk, election=e)
    services.decide_result(acting_user=city, election=e, approve=True, opinion="同意选举结果")

    # too few pass: the missing seats go to another vote (另行选举), still open
    other = in_county[-1] if in_county else own
    e2, seats2 = _election(other, county, city, f"{other.name}委员会换届选举", today, "another_round")
    _vote(e2, county, city, [30] + [20 - i for i in range(seats2)], attendance=40)
    return {"terms": terms, "elections": 2, "runoffs": 1, "another_votes": 1}
