"""Every write of 疗休养: the permission check, the rule (from the rulebook, named with its source
in every refusal), the audit record and the notice, in one transaction. A refused input writes
nothing: a list of candidates with one bad number adds none of them."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.campaigns.engine import rank_key
from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.money import yuan
from gonghui.members.models import IN_GOOD_STANDING, Member
from gonghui.notices.services import notify

from . import rules
from .models import Base, Batch, Offer

OFFER_KIND = "recuperation_offer"


def _text(value, field, label, max_length):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def member_of(user):
    member = Member.objects.of_user(user)
    if member is None:
        raise ValidationError(_("Your account is not linked to a member record."))
    return member


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- bases ---------------------------------------------------------------------------------------

@transaction.atomic
def create_base(*, acting_user, union, name, city, address="", is_partner=False, partner="", agreement="", beds=0):
    """A base of the union's own, or a partner city's base shared by agreement (seed 003: 洛阳 and
    成都 signed 《推动劳模疗休养事业融合发展的框架协议》)."""
    require(acting_user, "recuperation.add_base", union, obj=union)
    values = {"name": _text(name, "name", _("name"), 120), "city": _text(city, "city", _("city"), 40),
              "address": (address or "").strip()[:200], "is_partner": bool(is_partner),
              "partner": (partner or "").strip()[:120], "agreement": (agreement or "").strip()[:200],
              "beds": int(beds or 0)}
    if values["is_partner"] and not values["partner"]:
        raise ValidationError({"partner": _("A partner city's base needs the partner union's name.")})
    base = Base.objects.create(union=union, **values)
    audit.record("create", actor=acting_user, obj=base, union=union)
    return base


# --- batches -------------------------------------------------------------------------------------

def check_days(starts_on, ends_on, region, on=None):
    """(days, Ruling): the batch's days counted with both ends, refused above the rulebook's cap."""
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise ValidationError({"starts_on": _("Give the first and the last day of the batch.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})
    n = (ends_on - starts_on).days + 1
    cap = rules.days_cap(region, on=starts_on)
    # “不超过” includes the cap (民法典 art. 1259): only more days are refused
    if n > int(cap.value):
        raise ValidationError({"ends_on": _(
            "This batch lasts %(n)d days; %(rule)s is at most %(cap)s days (source: %(source)s).") % {
            "n": n, "rule": cap.label, "cap": cap.value, "source": cap.source}})
    return n, cap


def base_usable(base, union):
    """A base listed by the union, by a union above it (a city's base serves its counties) or below it."""
    return union.path.startswith(base.union.path) or base.union.path.startswith(union.path)


@transaction.atomic
def create_batch(*, acting_user, union, base, name, starts_on, ends_on, capacity, cost_per_person_fen, budget_fen,
                 honour_required=True, min_level=""):
    require(acting_user, "recuperation.add_batch", union, obj=union)
    if base is None or not base_usable(base, union) or not base.active:
        raise ValidationError({"base": _("Choose a base in use that your union may send people to.")})
    name = _text(name, "name", _("name"), 120)
    days, cap = check_days(starts_on, ends_on, union.region_id)
    if not isinstance(capacity, int) or capacity < 1:
        raise ValidationError({"capacity": _("Give the number of places (at least 1).")})
    if cost_per_person_fen is None or cost_per_person_fen < 0:
        raise ValidationError({"cost_per_person_fen": _("Give the cost per person.")})
    if budget_fen is None or budget_fen < 0:
        raise ValidationError({"budget_fen": _("Give the budget.")})
    if capacity * cost_per_person_fen > budget_fen:
        raise ValidationError({"budget_fen": _(
            "%(n)d places at %(cost)s each cost %(total)s, more than the budget of %(budget)s.") % {
            "n": capacity, "cost": yuan(cost_per_person_fen), "total": yuan(capacity * cost_per_person_fen),
            "budget": yuan(budget_fen)}})
    codes = [code for code, _label in rules.levels()]
    if min_level and min_level not in codes:
        raise ValidationError({"min_level": _("Choose an honour level from the list.")})
    seed = secrets.token_hex(32)
    batch = Batch.objects.create(
        union=union, base=base, name=name, starts_on=starts_on, ends_on=ends_on, days=days,
        days_rule=f"{cap.label}：{cap.value}（{cap.source}）"[:300], capacity=capacity,
        cost_per_person_fen=cost_per_person_fen, budget_fen=budget_fen, honour_required=bool(honour_required),
        min_level=min_level or "", seed=seed, seed_hash=Batch.hash_seed(seed), created_by=acting_user)
    audit.record("create", actor=acting_user, obj=batch, union=union,
                 changes={"seed_hash": [None, batch.seed_hash]})
    return batch


# --- candidates ----------------------------------------------------------------------------------

def _ineligible(batch, member, levels, recent):
    """Why `member` may not be a candidate of `batch`, or None."""
    if not member.union_path.startswith(batch.union.path):
        return _("not a member of %(union)s or a union below it") % {"union": batch.union.name}
    if member.status not in IN_GOOD_STANDING:
        return _("not a member in good standing")
    level = levels.get(member.pk)
    if batch.honour_required and level is None:
        return _("holds no honour in the honours registry (this batch is for honour holders)")
    if batch.min_level and rules.level_rank(level) > rules.level_rank(batch.min_level):
        return _("highest honour is below the batch's lowest level (%(level)s)") % {
            "level": rules.level_label(batch.min_level)}
    if member.pk in recent:
        return recent[member.pk]
    return None


def _recent_attendance(batch, member_ids):
    """{member id: reason} for members who attended a batch within the rulebook's years."""
    ruling = rules.repeat_years(batch.region_code, on=batch.starts_on)
    since = _years_before(batch.starts_on, int(ruling.value))
    rows = (Offer.objects.filter(member_id__in=member_ids, state=Offer.State.ATTENDED,
                                 batch__starts_on__gt=since, batch__starts_on__lte=batch.starts_on)
            .exclude(batch=batch).values_list("member_id", "batch__starts_on"))
    return {mid: _("went on %(day)s, within %(years)s years (%(rule)s, source: %(source)s)") % {
        "day": day, "years": ruling.value, "rule": ruling.label, "source": ruling.source} for mid, day in rows}


@transaction.atomic
def add_candidates(batch, *, acting_user, members, frontline=False):
    """Put members on the batch's list. Each must be of the batch's subtree, in good standing,
    hold an honour where the batch asks for one (at its lowest level or above) and not have gone
    within the rulebook's years. One refused member refuses the whole list, naming each."""
    require(acting_user, "recuperation.add_offer", batch.union, obj=batch)
    batch = Batch.objects.select_for_update().select_related("union").get(pk=batch.pk)
    if batch.state != Batch.State.OPEN:
        raise ValidationError(_("The places of %(batch)s are already allocated: no more candidates.") % {
            "batch": batch.name})
    members = list(dict.fromkeys(members))
    if not members:
        raise ValidationError({"numbers": _("Give at least one member number.")})
    ids = [m.pk for m in members]
    levels = rules.highest_levels(ids)
    recent = _recent_attendance(batch, ids)
    have = set(Offer.objects.filter(batch=batch, member_id__in=ids).values_list("member_id", flat=True))
    problems = []
    for m in members:
        why = _("already on this batch's list") if m.pk in have else _ineligible(batch, m, levels, recent)
        if why:
            problems.append(_("%(name)s (%(number)s): %(why)s") % {"name": m.name, "number": m.number, "why": why})
    if problems:
        raise ValidationError({"numbers": problems})
    Offer.objects.bulk_create([Offer(batch=batch, member=m, is_frontline=bool(frontline), added_by=acting_user)
                               for m in members])
    audit.record("update", actor=acting_user, obj=batch, union=batch.union,
                 changes={"candidates": [None, [m.number for m in members]], "frontline": [None, bool(frontline)]})
    return len(members)


# --- allocation ----------------------------------------------------------------------------------

def priority_key(offer, seed):
    """Higher honour first, then front-line, then those never sent before; equal priority is
    decided by the lot: SHA-256 of “seed:member number”, which anyone can re-run once the seed
    is published (the campaigns' lottery, gonghui.campaigns.engine.rank_key)."""
    return (rules.level_rank(offer.honour_level), 0 if offer.is_frontline else 1, 0 if offer.never_been else 1,
            rank_key(seed, offer.member.number))


def _respond_by(batch, now):
    ruling = rules.reply_days(batch.region_code, on=timezone.localdate(now))
    return now + datetime.timedelta(days=int(ruling.value))


def _tell(offer, title, acting_user):
    notify(offer.member, kind=OFFER_KIND, title=title, url=reverse("recuperation:my_offer", args=[offer.pk]),
           obj=offer, acting_user=acting_user)


def _offer(offer, batch, now, acting_user, replaces=None):
    offer.state, offer.offered_at, offer.respond_by = Offer.State.OFFERED, now, _respond_by(batch, now)
    offer.replaces = replaces
    _tell(offer, _("A recuperation place for you: %(batch)s (%(start)s to %(end)s). Please answer by %(by)s.") % {
        "batch": batch.name, "start": batch.starts_on, "end": batch.ends_on,
        "by": timezone.localtime(offer.respond_by).strftime("%Y-%m-%d %H:%M")}, acting_user)


@transaction.atomic
def allocate(batch, *, acting_user, now=None):
    """Rank the candidates by priority then lot; the first `capacity` get an offer, the rest
    wait in rank order. The seed is published with the result (audit record and batch page)."""
    now = now or timezone.now()
    require(acting_user, "recuperation.change_batch", batch.union, obj=batch)
    batch = Batch.objects.select_for_update().select_related("union").get(pk=batch.pk)
    if batch.state != Batch.State.OPEN:
        raise ValidationError(_("The places of %(batch)s are already allocated.") % {"batch": batch.name})
    offers = list(Offer.objects.filter(batch=batch, state=Offer.State.CANDIDATE).select_related("member"))
    if not offers:
        raise ValidationError(_("Add candidates before allocating the places."))
    ids = [o.member_id for o in offers]
    levels = rules.highest_levels(ids)
    been = set(Offer.objects.filter(member_id__in=ids, state=Offer.State.ATTENDED).exclude(batch=batch)
               .values_list("member_id", flat=True))
    for o in offers:
        o.honour_level = levels.get(o.member_id, "") or ""
        o.never_been = o.member_id not in been
        o.lot = rank_key(batch.seed, o.member.number)
    offers.sort(key=lambda o: priority_key(o, batch.seed))
    for i, o in enumerate(offers, start=1):
        o.rank = i
        if i <= batch.capacity:
            _offer(o, batch, now, acting_user)
        else:
            o.state = Offer.State.WAITING
    Offer.objects.bulk_update(offers, ["honour_level", "never_been", "lot", "rank", "state", "offered_at",
                                       "respond_by", "replaces"])
    batch.state, batch.allocated_at, batch.allocated_by = Batch.State.ALLOCATED, now, acting_user
    batch.save(update_fields=["state", "allocated_at", "allocated_by"])
    audit.record("draw", actor=acting_user, obj=batch, union=batch.union, changes={
        "candidates": [None, len(offers)], "offered": [None, min(len(offers), batch.capacity)],
        "seed": [None, batch.seed]})
    return batch


def verify_allocation(batch):
    """Re-run an allocation from its published seed: (seed matches its hash, order matches)."""
    offers = list(Offer.objects.filter(batch=batch, rank__isnull=False).select_related("member"))
    expected = [o.pk for o in sorted(offers, key=lambda o: priority_key(o, batch.seed))]
    actual = [o.pk for o in sorted(offers, key=lambda o: o.rank)]
    return Batch.hash_seed(batch.seed) == batch.seed_hash, expected == actual


def _replace(batch, vacated, now, acting_user):
    """Offer the vacated place to the first on the waiting list, while the batch has not begun."""
    if batch.starts_on <= timezone.localdate(now):
        return None
    holding = Offer.objects.filter(batch=batch, state__in=Offer.HOLDING).count()
    if holding >= batch.capacity:
        return None
    nxt = (Offer.objects.select_for_update().filter(batch=batch, state=Offer.State.WAITING)
           .select_related("member").order_by("rank").first())
    if nxt is None:
        return None
    _offer(nxt, batch, now, acting_user, replaces=vacated)
    nxt.save(update_fields=["state", "offered_at", "respond_by", "replaces"])
    audit.record("update", actor=acting_user, obj=nxt, union=batch.union,
                 changes={"state": ["waiting", "offered"], "replaces": [None, vacated.pk]})
    return nxt


@transaction.atomic
def respond(offer, *, acting_user, accept, reason="", now=None):
    """The member accepts or declines their offer before `respond_by`; a decline passes the place
    to the waiting list. An answer after the deadline, or to an offer no longer open, changes nothing."""
    member = member_of(acting_user)
    if offer.member_id != member.pk:
        raise ValidationError(_("This offer is not yours."))
    return _answer(offer, acting_user, accept, reason, now or timezone.now())


@transaction.atomic
def record_answer(offer, *, acting_user, accept, reason="", now=None):
    """Staff record the answer a member gave by telephone (a member without the phone pages),
    under the same deadline."""
    require(acting_user, "recuperation.change_batch", offer.batch.union, obj=offer)
    return _answer(offer, acting_user, accept, reason, now or timezone.now(), by_staff=True)


def _answer(offer, acting_user, accept, reason, now, by_staff=False):
    offer = Offer.objects.select_for_update().select_related("batch", "batch__union", "member").get(pk=offer.pk)
    batch = offer.batch
    if offer.state != Offer.State.OFFERED:
        raise ValidationError(_("This offer is no longer open (it is %(state)s).") % {
            "state": offer.get_state_display()})
    if offer.respond_by < now:
        raise ValidationError(_("The time to answer this offer ended at %(by)s: the place goes to the waiting "
                                "list.") % {"by": timezone.localtime(offer.respond_by).strftime("%Y-%m-%d %H:%M")})
    if batch.starts_on <= timezone.localdate(now):
        raise ValidationError(_("The batch has already begun."))
    offer.answered_at = now
    if accept:
        offer.state = Offer.State.ACCEPTED
    else:
        offer.state, offer.decline_reason = Offer.State.DECLINED, (reason or "").strip()[:200]
    offer.save(update_fields=["state", "answered_at", "decline_reason"])
    audit.record("update", actor=acting_user, obj=offer, union=batch.union,
                 changes={"state": ["offered", offer.state], "by_staff": [None, by_staff]},
                 reason=offer.decline_reason)
    if not accept:
        _replace(batch, offer, now, acting_user)
    return offer


@transaction.atomic
def expire_overdue(batch=None, *, acting_user=None, now=None):
    """Offers unanswered past their time expire and their places go down the waiting list.
    Staff run it from the batch page; the daily task runs it for every batch. Returns the count."""
    now = now or timezone.now()
    qs = Offer.objects.select_for_update().filter(state=Offer.State.OFFERED, respond_by__lt=now)
    if batch is not None:
        require(acting_user, "recuperation.change_batch", batch.union, obj=batch)
        qs = qs.filter(batch=batch)
    late = list(qs.select_related("batch", "batch__union").order_by("batch_id", "rank"))
    for o in late:
        o.state = Offer.State.EXPIRED
        o.save(update_fields=["state"])
        audit.record("update", actor=acting_user, obj=o, union=o.batch.union, changes={"state": ["offered", "expired"]})
    for o in late:
        _replace(o.batch, o, now, acting_user)
    return len(late)


@transaction.atomic
def record_attendance(batch, *, acting_user, attended, today=None):
    """Once the batch has begun: who of those who accepted went (`attended`: offer ids); the
    others who accepted are recorded absent. The batch's cost follows from those who went."""
    today = today or timezone.localdate()
    require(acting_user, "recuperation.change_batch", batch.union, obj=batch)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != Batch.State.ALLOCATED:
        raise ValidationError(_("Attendance is recorded once, after the places are allocated."))
    if batch.starts_on > today:
        raise ValidationError(_("Attendance is recorded from the first day of the batch (%(day)s).") % {
            "day": batch.starts_on})
    accepted = list(Offer.objects.filter(batch=batch, state=Offer.State.ACCEPTED))
    ids = {int(i) for i in attended}
    unknown = ids - {o.pk for o in accepted}
    if unknown:
        raise ValidationError(_("Only members who accepted their place can be recorded as attending."))
    for o in accepted:
        o.state = Offer.State.ATTENDED if o.pk in ids else Offer.State.ABSENT
    Offer.objects.bulk_update(accepted, ["state"])
    batch.state = Batch.State.DONE
    batch.save(update_fields=["state"])
    went = sum(1 for o in accepted if o.pk in ids)
    audit.record("update", actor=acting_user, obj=batch, union=batch.union, changes={
        "attended": [None, went], "absent": [None, len(accepted) - went],
        "cost_fen": [None, went * batch.cost_per_person_fen]})
    return went
