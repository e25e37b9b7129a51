"""Demo 疗休养: the city's own base at 南岳 and a partner city's base at 成都 shared by agreement
(as 洛阳 and 成都 share theirs, seed 003), and three batches: last season's at 南岳 with its
attendance and cost, the coming one at 成都 with offers in every state (the demo login `member`
holds an offer to answer on the phone) and one still taking candidates. Candidates are honour
holders of the registry; where the city has too few, honours (五一标兵, not 劳模: those follow seed
002 in the honours demo) are conferred first."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from . import rules, services
from .models import Offer

BODIES = {"national": "中华全国总工会", "provincial": "湖南省总工会"}
LEVELS = ["national", "provincial", "provincial", "city", "city", "city", "county", "county", "industry"]


def _honour_holders(ctx, staff, n):
    """Members of the city holding an honour: those in the registry, then honours (not 劳模) conferred
    on active members (the login `member` among them) until there are `n`."""
    from gonghui.honours import services as honours
    from gonghui.honours.models import Honour

    held = set(Honour.objects.filter(state="held", member__isnull=False).values_list("member_id", flat=True))
    login = Member.objects.filter(user__username="member").first()
    pool = list(Member.objects.in_good_standing().filter(union_path__startswith=ctx.root.path)
                .exclude(pk__in=held).order_by("number")[: max(0, n - len(held))])
    if login is not None and login.pk not in held:
        pool = [login] + [m for m in pool if m.pk != login.pk][: max(0, n - len(held) - 1)]
    year = timezone.localdate().year - 1
    for i, m in enumerate(pool):
        level = LEVELS[i % len(LEVELS)]
        # not 劳动模范: the registry's 劳模 are the honours demo's (seed 002's numbers, tests/honours)
        honours.confer(acting_user=staff, title="may_day_model", level=level, year=year - i % 5,
                       conferring_body=BODIES.get(level, "衡阳市总工会"),
                       member=m, source="疗休养演示数据")
    ids = list(held) + [m.pk for m in pool]
    members = list(Member.objects.filter(pk__in=ids).order_by("number"))
    if login is not None and login.pk in ids:  # the login is on the coming batch's list
        members = [login] + [m for m in members if m.pk != login.pk]
    return members


@demo_step(order=92)
def build(ctx):
    """Two bases (one a partner city's), three 疗休养 batches with offers in every state."""
    staff = ctx.users["city"]
    members = _honour_holders(ctx, staff, 40)
    if len(members) < 24:
        ctx.log("too few members for 疗休养 batches")
        return {}
    today = timezone.localdate()
    now = timezone.now()
    own = services.create_base(acting_user=staff, union=ctx.root, name="南岳职工疗休养基地", city="衡阳南岳",
                               address="衡阳市南岳区祝融路", beds=120)
    partner = services.create_base(acting_user=staff, union=ctx.root, name="成都市职工疗休养基地", city="成都",
                                   address="成都市都江堰市", is_partner=True, partner="成都市总工会",
                                   agreement="劳模疗休养合作协议（仿洛阳、成都两地工会《推动劳模疗休养事业融合发展的框架协议》）",
                                   beds=200)
    cap = int(rules.days_cap(ctx.root.region_id).value)

    # last season's batch at 南岳: answered, attended and absent, a decline replaced, an expiry
    start = today - timedelta(days=60)
    past = services.create_batch(acting_user=staff, union=ctx.root, base=own,
                                 name=f"{start.year}年春季劳模疗休养（南岳）",
                                 starts_on=start, ends_on=start + timedelta(days=cap - 1), capacity=8,
                                 cost_per_person_fen=260000, budget_fen=2200000)
    pmembers = members[12:24]
    services.add_candidates(past, acting_user=staff, members=pmembers[:6], frontline=True)
    services.add_candidates(past, acting_user=staff, members=pmembers[6:])
    then = now - timedelta(days=90)
    services.allocate(past, acting_user=staff, now=then)
    offers = list(Offer.objects.filter(batch=past, state="offered").select_related("member").order_by("rank"))
    _answer(staff, offers[0], False, then + timedelta(hours=5), "单位生产任务重")
    for o in offers[2:]:
        _answer(staff, o, True, then + timedelta(days=1))
    services.expire_overdue(past, acting_user=staff, now=offers[1].respond_by + timedelta(minutes=1))
    for o in Offer.objects.filter(batch=past, state="offered").select_related("member"):  # the replacements
        _answer(staff, o, True, o.offered_at + timedelta(hours=1))
    accepted = list(Offer.objects.filter(batch=past, state="accepted").order_by("rank").values_list("pk", flat=True))
    services.record_attendance(past, acting_user=staff, attended=accepted[:-1], today=start)

    # the coming batch at the partner city's base: every state of an offer
    start = today + timedelta(days=40)
    coming = services.create_batch(acting_user=staff, union=ctx.root, base=partner,
                                   name=f"{start.year}年劳模疗休养（成都）", starts_on=start,
                                   ends_on=start + timedelta(days=cap - 2), capacity=8,
                                   cost_per_person_fen=380000, budget_fen=3200000)
    cmembers = members[:12]
    services.add_candidates(coming, acting_user=staff, members=cmembers[:5], frontline=True)
    services.add_candidates(coming, acting_user=staff, members=cmembers[5:])
    services.allocate(coming, acting_user=staff, now=now - timedelta(days=5))
    offers = list(Offer.objects.filter(batch=coming, state="offered").select_related("member").order_by("rank"))
    login_offer = next((o for o in offers if o.member.user_id and o.member.user.username == "member"), None)
    others = [o for o in offers if o is not login_offer]
    _answer(staff, others[0], False, now - timedelta(days=4), "身体原因")
    for o in others[2:5]:
        _answer(staff, o, True, now - timedelta(days=3))
    if login_offer is not None:  # the login's offer stays open to answer on the phone
        Offer.objects.filter(pk=login_offer.pk).update(respond_by=now + timedelta(days=2))
    # others[1] and the first replacement were not answered in time: they expire, the list moves on
    services.expire_overdue(coming, acting_user=staff, now=now)

    # next season's batch at 南岳, still taking candidates
    start = today + timedelta(days=120)
    later = services.create_batch(acting_user=staff, union=ctx.root, base=own,
                                  name=f"{start.year}年秋季劳模疗休养（南岳）",
                                  starts_on=start, ends_on=start + timedelta(days=cap - 1), capacity=10,
                                  cost_per_person_fen=260000, budget_fen=2600000)
    services.add_candidates(later, acting_user=staff, members=members[24:30])
    states = sorted(set(Offer.objects.values_list("state", flat=True)))
    ctx.log(f"疗休养: 2 bases, 3 batches, offers in states {', '.join(states)}")
    return {"bases": 2, "batches": 3, "offers": Offer.objects.count()}


def _answer(staff, offer, accept, when, reason=""):
    """The member answers on the phone; one without an account answered the clerk by telephone."""
    if offer.member.user_id is None:
        services.record_answer(offer, acting_user=staff, accept=accept, reason=reason, now=when)
    else:
        services.respond(offer, acting_user=offer.member.user, accept=accept, reason=reason, now=when)

