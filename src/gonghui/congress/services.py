"""Every write of congresses: the permission check, the rulebook's rules, the audit record, one
transaction. Refused input writes nothing and says which rule refused it.

The numbers come from the rulebook, as of the congress's opening day and for the convening
union's division: the member count below which a union holds a 会员大会
(congress.member_meeting_below), the delegate bands (congress.delegate_bands, or
congress.local_delegate_bands for a 地方工会 congress), the composition (front-line share,
women in proportion to the membership, managers' cap), the quorum and the pass rule for
motions. Each check shows the Ruling it used, so a reader sees the value and its source.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import require, subtree_q
from gonghui.members.models import IN_GOOD_STANDING, Member
from gonghui.notices.services import notify
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Union
from gonghui.rules import rulebook
from gonghui.rules.days import meets
from gonghui.rules.models import band_for

from .models import AgendaItem, Attendance, Congress, Delegate, Document, DocumentFile, ElectingUnit, Motion, Session

# --- sharing the seats (largest remainder) -----------------------------------------------------


def apportion(total, sizes):
    """Share `total` seats among units of `sizes` members: Hamilton's largest remainder, with at
    least one seat for every unit.

    A unit whose exact quota falls below one gets its one seat and leaves the pool; the quotas
    of the others are worked out again over the seats and members left, until every quota in the
    pool is at least one. Then each unit in the pool gets the whole part of its quota and the
    seats still free go to the largest remainders (ties: more members, then the earlier unit).
    So the seats add up to `total`, every unit has one at least, and every unit is within one
    seat of its quota (the quota over the pool it was shared in).

    Returns (seats, quotas) with the quotas as exact Fractions. Needs total ≥ len(sizes).
    """
    n = len(sizes)
    if n == 0:
        return [], []
    if total < n:
        raise ValueError("fewer seats than units")
    fixed = set()
    while True:
        pool = [i for i in range(n) if i not in fixed]
        seats_left = total - len(fixed)
        members_left = sum(sizes[i] for i in pool)
        if members_left == 0:
            # nobody left to weigh by: share evenly (the quota of each is seats/units)
            quotas = {i: Fraction(seats_left, len(pool)) for i in pool}
        else:
            quotas = {i: Fraction(seats_left * sizes[i], members_left) for i in pool}
        small = {i for i in pool if quotas[i] < 1}
        if not small:
            break
        fixed |= small
    seats = [1] * n
    quota_out = [Fraction(1)] * n
    for i in range(n):
        if i in fixed:
            quota_out[i] = Fraction(total * sizes[i], sum(sizes)) if sum(sizes) else Fraction(total, n)
    for i in pool:
        seats[i] = int(quotas[i])  # floor: quotas are positive
        quota_out[i] = quotas[i]
    free = seats_left - sum(seats[i] for i in pool)
    order = sorted(pool, key=lambda i: (-(quotas[i] - int(quotas[i])), -sizes[i], i))
    for i in order[:free]:
        seats[i] += 1
    return seats, quota_out


# --- planning a congress -----------------------------------------------------------------------


@dataclass
class Unit:
    union: Union
    members: int
    direct: bool = False


@dataclass
class Plan:
    """What the rulebook says about a congress of `union` on `on`: its form, the range of seats
    and the electing units with their members."""

    union: Union
    members: int
    women: int
    units: list
    meeting_rule: object
    band_rule: object
    band: object

    @property
    def must_meet(self):
        """Below the threshold, a 会员大会 (no delegates)."""
        return self.members < self.meeting_rule.value


def is_local(union):
    """A 地方工会 congress: a federation or a township union convenes it."""
    return union.kind in UnionKind.regional()


def _good_standing():
    return Member.objects.in_good_standing()


def electing_units(union):
    """The active unions right below `union` (sub-unions, 工会小组) with their members in good
    standing, counted in one grouped query; the union's own direct members make a unit of
    their own when there are any. A union with no sub-union is its own single unit."""
    children = list(Union.objects.filter(path__startswith=union.path, depth=union.depth + 1,
                                         status=UnionStatus.ACTIVE).order_by("path"))
    width = len(union.path) + 4
    counts = dict(_good_standing().filter(subtree_q("union_path", union.path))
                  .annotate(branch=Substr("union_path", 1, width)).values_list("branch")
                  .annotate(n=Count("pk")).values_list("branch", "n"))
    direct = _good_standing().filter(union_id=union.pk).count()
    units = [Unit(child, counts.get(child.path, 0)) for child in children]
    if direct or not units:
        units.insert(0, Unit(union, direct, direct=True))
    return units


def size_rules(union, members, *, on, kind=None):
    """The rulings on a congress's form and size for `members`: the 会员大会 threshold, the
    delegate bands (local federation bands for a 地方工会 congress) and the band that applies."""
    region = union.region_id
    meeting_rule = rulebook.value("congress.member_meeting_below", on=on, region=region)
    local = kind == Congress.Kind.LOCAL if kind else is_local(union)
    band_rule = rulebook.value("congress.local_delegate_bands" if local else "congress.delegate_bands",
                               on=on, region=region)
    return meeting_rule, band_rule, band_for(band_rule.value, members)


def plan(union, *, on=None, kind=None):
    on = on or timezone.localdate()
    units = electing_units(union)
    members = sum(u.members for u in units)
    women = _good_standing().filter(subtree_q("union_path", union.path), sex="F").count()
    return Plan(union, members, women, units, *size_rules(union, members, on=on, kind=kind))


def _rule_name(ruling):
    return f"{ruling.label}（{ruling.display}；{ruling.source}）"


@transaction.atomic
def create_congress(*, acting_user, union, kind, title, opens_on, seats=None):
    """Set a congress up: check its form and size against the rulebook, share the seats among
    the electing units by members, and for a 会员大会 seat every member in good standing."""
    require(acting_user, "congress.add_congress", union)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the congress a title, e.g. 第三次代表大会.")})
    if opens_on is None:
        raise ValidationError({"opens_on": _("Say on which day the congress opens.")})
    if kind not in Congress.Kind.values:
        raise ValidationError({"kind": _("Choose the form of the congress.")})
    if kind == Congress.Kind.LOCAL and not is_local(union):
        raise ValidationError({"kind": _("Only a federation or a township union holds a local union congress.")})
    if kind != Congress.Kind.LOCAL and is_local(union):
        raise ValidationError({"kind": _("A federation or a township union holds a local union congress.")})
    p = plan(union, on=opens_on, kind=kind)
    if p.members == 0:
        raise ValidationError(_("%(union)s has no members in good standing.") % {"union": union.name})
    if kind == Congress.Kind.MEMBERS:
        seats = p.members
    else:
        if kind == Congress.Kind.DELEGATES and p.must_meet:
            raise ValidationError({"kind": _("%(union)s has %(n)d members, below %(rule)s: it holds a members' "
                                             "meeting.") % {"union": union.name, "n": p.members,
                                                            "rule": _rule_name(p.meeting_rule)}})
        if p.band is None:
            raise ValidationError({"seats": _("%(rule)s has no row for %(n)d members.") % {
                "rule": _rule_name(p.band_rule), "n": p.members}})
        if seats is None:
            seats = p.band.least
        if not p.band.least <= seats <= p.band.most:
            raise ValidationError({"seats": _("%(n)d members call for %(least)d to %(most)d delegates under "
                                              "%(rule)s.") % {"n": p.members, "least": p.band.least,
                                                              "most": p.band.most, "rule": _rule_name(p.band_rule)}})
    units = [u for u in p.units if u.members] if kind == Congress.Kind.MEMBERS else p.units
    if kind != Congress.Kind.MEMBERS and seats < len(units):
        raise ValidationError({"seats": _("%(seats)d seats cannot give each of the %(units)d electing units one "
                                          "seat.") % {"seats": seats, "units": len(units)}})
    congress = Congress.objects.create(union=union, kind=kind, title=title, opens_on=opens_on, members=p.members,
                                       women_members=p.women, seats=seats, created_by=acting_user)
    if kind == Congress.Kind.MEMBERS:
        # every member takes part in person: one unit per branch, a seat for each member
        rows = [ElectingUnit(congress=congress, union=u.union, direct=u.direct, members=u.members,
                             quota=u.members, seats=u.members) for u in units]
    else:
        shares, quotas = apportion(seats, [u.members for u in units])
        rows = [ElectingUnit(congress=congress, union=u.union, direct=u.direct, members=u.members,
                             quota=_decimal(q), seats=s) for u, s, q in zip(units, shares, quotas, strict=True)]
    ElectingUnit.objects.bulk_create(rows)
    if kind == Congress.Kind.MEMBERS:
        _seat_every_member(congress, acting_user)
    audit.record("create", actor=acting_user, obj=congress, changes=audit.diff({}, audit.snapshot(congress)) | {
        "rules": [None, [p.meeting_rule.source, p.band_rule.source]]})
    return congress


def _decimal(q):
    return (Decimal(q.numerator) / Decimal(q.denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _seat_every_member(congress, acting_user):
    units = list(congress.units.select_related("union"))
    rows = []
    for unit in units:
        members = _good_standing().filter(union_id=unit.union_id) if unit.direct else _good_standing().filter(
            subtree_q("union_path", unit.union.path))
        rows += [Delegate(congress=congress, unit=unit, member_id=pk, elected_on=congress.opens_on,
                          created_by=acting_user) for pk in members.order_by("pk").values_list("pk", flat=True)]
    Delegate.objects.bulk_create(rows)


# --- composition -------------------------------------------------------------------------------


@dataclass
class Check:
    """One composition check as shown: what is asked, what there is, met or not, and the rule."""

    label: str
    figure: str
    ok: bool
    ruling: object


def live_delegates(congress):
    return Delegate.objects.filter(congress=congress, ended_on__isnull=True)


def composition(congress):
    """The checks the rulebook asks of the delegates (none for a 会员大会, where every member sits)."""
    if congress.kind == Congress.Kind.MEMBERS:
        return []
    on, region = congress.opens_on, congress.region
    figures = live_delegates(congress).aggregate(
        total=Count("pk"), front=Count("pk", filter=Q(front_line=True)), managers=Count("pk", filter=Q(manager=True)),
        women=Count("pk", filter=Q(member__sex="F")))
    total = figures["total"]
    checks = []
    front = rulebook.value("congress.frontline_share_min", on=on, region=region)
    checks.append(Check(_("Front-line workers"), f"{figures['front']} / {total}",
                        total > 0 and meets(figures["front"], total, front.value, strict=False), front))
    women = rulebook.value("congress.women_share_ratio_min", on=on, region=region)
    # women delegates / delegates ≥ ratio × women members / members
    women_ok = total > 0 and (congress.women_members == 0 or meets(
        figures["women"] * congress.members, total * congress.women_members, Fraction(women.value), strict=False))
    member_share = f"{100 * congress.women_members / (congress.members or 1):.1f}%"
    checks.append(Check(_("Women"), _("%(n)d / %(total)d (women are %(share)s of the members)") % {
        "n": figures["women"], "total": total, "share": member_share}, women_ok, women))
    cap = rulebook.value("congress.manager_share_max", on=on, region=region)
    checks.append(Check(_("Managers"), f"{figures['managers']} / {total}",
                        total > 0 and not meets(figures["managers"], total, cap.value, strict=True), cap))
    return checks


# --- delegates ---------------------------------------------------------------------------------


def _check_member_of(unit, member):
    """会籍 in good standing in the unit: the member belongs to its subtree (or, for the
    convening union's direct members, to that union itself) and is in good standing."""
    inside = member.union_id == unit.union_id if unit.direct else member.union_path.startswith(unit.union.path)
    if not inside:
        raise ValidationError({"member": _("%(name)s is not a member of %(unit)s: a delegate is elected by the "
                                           "members of the electing unit.") % {"name": member.name,
                                                                              "unit": unit.union.name}})
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError({"member": _("%(name)s is not a member in good standing (%(status)s): only members "
                                           "in good standing may be delegates.") % {
            "name": member.name, "status": member.get_status_display()}})


def _check_not_seated(congress, member):
    if live_delegates(congress).filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s is already a delegate of this congress.") % {
            "name": member.name}})


@transaction.atomic
def elect_delegate(unit, *, acting_user, member, front_line=False, manager=False, elected_on=None):
    """Record a delegate the unit elected, within its seats."""
    congress = unit.congress
    require(acting_user, "congress.add_delegate", congress.union, obj=congress)
    if congress.state != Congress.State.PREPARING:
        raise ValidationError(_("This congress is closed."))
    unit = ElectingUnit.objects.select_for_update().select_related("union").get(pk=unit.pk)  # one clerk at a time
    _check_member_of(unit, member)
    _check_not_seated(congress, member)
    taken = live_delegates(congress).filter(unit=unit).count()
    if taken >= unit.seats:
        raise ValidationError({"unit": _("%(unit)s has filled its %(seats)d seats.") % {
            "unit": unit.union.name, "seats": unit.seats}})
    try:
        with transaction.atomic():
            delegate = Delegate.objects.create(congress=congress, unit=unit, member=member, front_line=front_line,
                                               manager=manager, elected_on=elected_on or timezone.localdate(),
                                               created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"member": _("%(name)s is already a delegate of this congress.") % {
            "name": member.name}}) from None
    audit.record("create", actor=acting_user, obj=delegate, changes=audit.diff({}, audit.snapshot(delegate)))
    return delegate


@transaction.atomic
def replace_delegate(delegate, *, acting_user, member, reason, on=None, front_line=False, manager=False):
    """End a seat (dated, with the reason) and give it to a member the same unit elected."""
    congress = delegate.congress
    require(acting_user, "congress.change_delegate", congress.union, obj=delegate)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the seat changes hands (e.g. transferred out, resigned).")})
    on = on or timezone.localdate()
    delegate = Delegate.objects.select_for_update().select_related("unit__union").get(pk=delegate.pk)
    if delegate.ended_on is not None:
        raise ValidationError(_("This seat has already been handed on."))
    if on < delegate.elected_on:
        raise ValidationError({"on": _("The seat cannot end before the delegate was elected.")})
    _check_member_of(delegate.unit, member)
    _check_not_seated(congress, member)
    delegate.ended_on, delegate.end_reason = on, reason
    delegate.save(update_fields=["ended_on", "end_reason"])
    new = Delegate.objects.create(congress=congress, unit=delegate.unit, member=member, front_line=front_line,
                                  manager=manager, elected_on=on, replaces=delegate, created_by=acting_user)
    audit.record("delegate_replaced", actor=acting_user, obj=delegate, reason=reason,
                 changes={"ended_on": [None, on.isoformat()], "replaced_by": [None, new.pk]})
    audit.record("create", actor=acting_user, obj=new, changes=audit.diff({}, audit.snapshot(new)))
    return new


# --- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def create_session(congress, *, acting_user, title, starts_at, place, agenda=()):
    require(acting_user, "congress.change_congress", congress.union, obj=congress)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the session a title.")})
    if not (place or "").strip():
        raise ValidationError({"place": _("Say where the session takes place.")})
    if starts_at is None:
        raise ValidationError({"starts_at": _("Say when the session starts.")})
    session = Session.objects.create(congress=congress, title=title.strip(), starts_at=starts_at,
                                     place=place.strip(), created_by=acting_user)
    items = [t.strip() for t in agenda if t and t.strip()]
    AgendaItem.objects.bulk_create([AgendaItem(session=session, position=i, title=t)
                                    for i, t in enumerate(items, start=1)])
    audit.record("create", actor=acting_user, obj=session, changes=audit.diff({}, audit.snapshot(session)) | {
        "agenda": [None, items]})
    # the delegates hear of it on their phones, with the agenda (the outbox row commits with the session)
    notify({"members": list(live_delegates(congress).values_list("member_id", flat=True))},
           kind="congress_session_called", title=_("%(congress)s: %(session)s") % {
               "congress": congress.title, "session": session.title},
           body=_("%(when)s at %(place)s. Agenda: %(agenda)s") % {
               "when": dates.show(starts_at), "place": session.place, "agenda": "；".join(items) or "—"},
           url=reverse("congress:my"), obj=session, acting_user=acting_user)
    return session


@transaction.atomic
def add_agenda_item(session, *, acting_user, title):
    require(acting_user, "congress.change_congress", session.congress.union, obj=session)
    if not (title or "").strip():
        raise ValidationError({"title": _("Name the agenda item.")})
    position = (session.agenda.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(session=session, position=position, title=title.strip())
    audit.record("create", actor=acting_user, obj=item, changes={"title": [None, item.title]})
    return item


@transaction.atomic
def add_document(session, *, acting_user, kind, title, text="", upload=None):
    """A paper for the session: typed text, an uploaded PDF, or both (at least one)."""
    require(acting_user, "congress.change_congress", session.congress.union, obj=session)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of paper this is.")})
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the paper a title.")})
    text = (text or "").strip()
    if not text and upload is None:
        raise ValidationError({"text": _("Type the paper's text or attach it as a PDF.")})
    attached = DocumentFile.from_upload(upload, user=acting_user, kinds=("pdf",)) if upload is not None else None
    doc = Document.objects.create(session=session, kind=kind, title=title.strip(), text=text,
                                  created_by=acting_user)
    if attached is not None:
        attached.document = doc
        attached.save()
    audit.record("create", actor=acting_user, obj=doc, changes={"kind": [None, kind], "title": [None, doc.title],
                                                                 "file": [None, attached.name if attached else None]})
    return doc


def _card_member(code):
    """The member behind a scanned member card's code, or a clear refusal."""
    from urllib.parse import parse_qs, urlsplit

    from gonghui.members import card

    code = (code or "").strip()
    if "?" in code:  # the whole URL the card's QR holds (…/members/verify/?t=<code>)
        code = (parse_qs(urlsplit(code).query).get("t") or [""])[0]
    member, reason = card.read(code)
    if member is None:
        raise ValidationError({"code": reason})
    return member


@transaction.atomic
def check_in(session, *, acting_user, code=None, delegate=None):
    """A delegate arrives: their member card's QR scanned at the door (`code`), or picked from the
    list (`delegate`). A non-delegate and a second check-in are refused by name."""
    congress = session.congress
    require(acting_user, "congress.add_attendance", congress.union, obj=session)
    if session.state != Session.State.OPEN:
        raise ValidationError(_("This session is closed."))
    if delegate is None:
        member = _card_member(code)
        delegate = live_delegates(congress).filter(member=member).select_related("member").first()
        if delegate is None:
            raise ValidationError({"code": _("%(name)s is not a delegate of %(congress)s.") % {
                "name": member.name, "congress": congress.title}})
        via = Attendance.Via.CARD
    else:
        if delegate.congress_id != congress.pk or delegate.ended_on is not None:
            raise ValidationError({"delegate": _("%(name)s is not a delegate of %(congress)s.") % {
                "name": delegate.member.name, "congress": congress.title}})
        via = Attendance.Via.LIST
    earlier = Attendance.objects.filter(session=session, delegate=delegate).first()
    if earlier is not None:
        raise ValidationError({"code": _("%(name)s was already checked in at %(at)s.") % {
            "name": delegate.member.name, "at": dates.show(earlier.checked_in_at)}})
    try:
        with transaction.atomic():
            row = Attendance.objects.create(session=session, delegate=delegate, via=via, checked_in_by=acting_user)
    except IntegrityError:  # the other door, a moment ago
        raise ValidationError({"code": _("%(name)s was already checked in.") % {"name": delegate.member.name}}) \
            from None
    audit.record("congress_checkin", actor=acting_user, obj=row, changes={"via": [None, via]})
    return row


@dataclass
class Quorum:
    seats: int
    present: int
    met: bool
    share: object
    strict: object

    @property
    def needed(self):
        """The smallest attendance that meets the rule."""
        ratio = Fraction(self.share.value) * self.seats
        n = int(ratio)
        if self.strict.value or n < ratio:
            n += 1
        return n

    @property
    def rule_text(self):
        return _rule_name(self.share) + ("；" + _("must be exceeded") if self.strict.value else "")


def quorum(session):
    """Attendance against the quorum (应到会: the live delegates of the congress)."""
    congress = session.congress
    seats = live_delegates(congress).count()
    present = Attendance.objects.filter(session=session, delegate__ended_on__isnull=True).count()
    share = rulebook.value("congress.quorum_share", on=congress.opens_on, region=congress.region)
    strict = rulebook.value("congress.quorum_strict", on=congress.opens_on, region=congress.region)
    return Quorum(seats, present, seats > 0 and meets(present, seats, share.value, strict=strict.value), share, strict)


@transaction.atomic
def add_motion(session, *, acting_user, title, text=""):
    require(acting_user, "congress.change_congress", session.congress.union, obj=session)
    if not (title or "").strip():
        raise ValidationError({"title": _("Name the motion.")})
    motion = Motion.objects.create(session=session, title=title.strip(), text=(text or "").strip())
    audit.record("create", actor=acting_user, obj=motion, changes={"title": [None, motion.title]})
    return motion


def _count(value, field, label):
    if value is None or value < 0:
        raise ValidationError({field: _("Enter the number of votes %(label)s (0 or more).") % {"label": label}})
    return value


@transaction.atomic
def record_vote(motion, *, acting_user, votes_for, votes_against, abstentions):
    """The tally of a motion. Refused below the quorum (nothing recorded); passed when the votes
    for meet the pass rule counted against all delegates (过半数 or 半数以上, per jurisdiction)."""
    session = motion.session
    congress = session.congress
    require(acting_user, "congress.change_motion", congress.union, obj=motion)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.state != Motion.State.PENDING:
        raise ValidationError(_("This motion has already been voted on."))
    if session.state != Session.State.OPEN:
        raise ValidationError(_("This session is closed."))
    votes_for = _count(votes_for, "votes_for", _("for"))
    votes_against = _count(votes_against, "votes_against", _("against"))
    abstentions = _count(abstentions, "abstentions", _("abstaining"))
    q = quorum(session)
    if not q.met:
        raise ValidationError(_("Only %(present)d of %(seats)d delegates are present; a vote needs %(needed)d under "
                                "%(rule)s. Nothing was recorded.") % {
            "present": q.present, "seats": q.seats, "needed": q.needed, "rule": q.rule_text})
    if votes_for + votes_against + abstentions > q.present:
        raise ValidationError(_("%(cast)d votes were counted but only %(present)d delegates are present.") % {
            "cast": votes_for + votes_against + abstentions, "present": q.present})
    share = rulebook.value("congress.passing_share", on=congress.opens_on, region=congress.region)
    strict = rulebook.value("congress.passing_strict", on=congress.opens_on, region=congress.region)
    passed = meets(votes_for, q.seats, share.value, strict=strict.value)
    rule_text = _rule_name(share) + "；" + _rule_name(strict)
    motion.state = Motion.State.PASSED if passed else Motion.State.FAILED
    motion.seats, motion.present = q.seats, q.present
    motion.votes_for, motion.votes_against, motion.abstentions = votes_for, votes_against, abstentions
    motion.rule_text, motion.voted_at, motion.recorded_by = rule_text[:400], timezone.now(), acting_user
    motion.save()
    audit.record("motion_voted", actor=acting_user, obj=motion, changes={
        "state": ["pending", motion.state], "for": [None, votes_for], "against": [None, votes_against],
        "abstentions": [None, abstentions], "present": [None, q.present], "seats": [None, q.seats],
        "rule": [None, rule_text]})
    return motion


@transaction.atomic
def close_session(session, *, acting_user):
    require(acting_user, "congress.change_congress", session.congress.union, obj=session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state == Session.State.CLOSED:
        raise ValidationError(_("This session is closed."))
    session.state = Session.State.CLOSED
    session.save(update_fields=["state"])
    audit.record("update", actor=acting_user, obj=session, changes={"state": ["open", "closed"]})
    return session
