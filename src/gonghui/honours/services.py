"""Every write of the honours registry and its selection rounds: the permission check, the rule
(read from the rulebook for the round's jurisdiction and named in every refusal), the audit record,
in one transaction. A refused input writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import require, require_other_than
from gonghui.core.money import yuan
from gonghui.members.models import Member
from gonghui.rules import days, rulebook

from . import rules, titles
from .models import (
    Clearance,
    Honour,
    Nomination,
    NominationMaterial,
    NominationReview,
    Objection,
    RoundQuota,
    SelectionRound,
)

# The derived 劳模 tag: a member is a model worker while they hold (state "held") a title marked
# `model_worker` in the code table — 劳动模范 and 先进工作者 (the same honour for staff of public
# bodies) — at city level or above ("市级以上劳模", the line the 劳模 policies draw, e.g. 郑州's
# re-nomination rule in rules/wave2.md B). County and industry titles, 五一劳动奖章, 工匠 and the
# other titles are honours but do not make their holder a 劳模.
MODEL_WORKER_LEVELS = (Honour.Level.NATIONAL, Honour.Level.PROVINCIAL, Honour.Level.CITY)


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def model_worker_q():
    from django.db.models import Q

    return Q(state=Honour.State.HELD, title__in=titles.model_worker_titles(), level__in=MODEL_WORKER_LEVELS)


def refresh_model_worker_tags(member_ids):
    """Set `Member.is_model_worker` from the registry for these members (see MODEL_WORKER_LEVELS
    for which honours count); returns how many tags changed."""
    ids = {getattr(m, "pk", m) for m in member_ids if m is not None}
    if not ids:
        return 0
    holders = set(Honour.objects.filter(model_worker_q(), member_id__in=ids).values_list("member_id", flat=True))
    on = Member.objects.filter(pk__in=holders, is_model_worker=False).update(is_model_worker=True)
    off = Member.objects.filter(pk__in=ids - holders, is_model_worker=True).update(is_model_worker=False)
    return on + off


def registry_union(*, member=None, union=None, employer=None):
    """The union whose registry holds an honour: the member's, the collective union itself, or
    the employer's own union."""
    if member is not None:
        return member.union
    if union is not None:
        return union
    if employer is not None:
        return employer.scope_union()
    return None


def check_holder(title, *, member=None, union=None, employer=None, collective_name=""):
    t = titles.TITLES.get(title)
    if t is None:
        raise ValidationError({"title": _("Choose a title from the code table.")})
    collective = union is not None or employer is not None or bool(collective_name)
    if member is not None and collective:
        raise ValidationError({"member": _("An honour is held by a person or by a collective, not both.")})
    if member is None and not collective:
        raise ValidationError({"member": _("Name the holder: a member, or a union, employer or team.")})
    if t.holder == titles.PERSON and member is None:
        raise ValidationError({"member": _("%(title)s is held by a person: choose the member.") % {
            "title": t.label}})
    if t.holder == titles.COLLECTIVE and member is not None:
        raise ValidationError({"member": _("%(title)s is held by a collective: name the union, employer or "
                                           "team.") % {"title": t.label}})
    return t


@transaction.atomic
def confer(*, acting_user, title, level, year, conferring_body, member=None, union=None, employer=None,
           collective_name="", certificate_no="", source=""):
    """Record a held honour, with its audit entry, and refresh the member's derived 劳模 tag."""
    check_holder(title, member=member, union=union, employer=employer, collective_name=collective_name)
    if level not in Honour.Level.values:
        raise ValidationError({"level": _("Choose a level: national, provincial, city, county or industry.")})
    this_year = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= this_year + 1:
        raise ValidationError({"year": _("Give the year the honour was conferred (1950 to %(y)s).") % {
            "y": this_year + 1}})
    conferring_body = _text(conferring_body, "conferring_body", _("conferring body"), 120)
    collective_name = _text(collective_name, "collective_name", _("collective"), 120, required=False)
    certificate_no = _text(certificate_no, "certificate_no", _("certificate number"), 60, required=False)
    source = _text(source, "source", _("source"), 200, required=False)
    home = registry_union(member=member, union=union, employer=employer)
    if home is None:
        raise ValidationError({"employer": _("Name the union or the employer the team belongs to, so the "
                                             "honour has a registry.")})
    require(acting_user, "honours.add_honour", home)
    if member is not None and Honour.objects.filter(member=member, title=title, level=level, year=year,
                                                    state=Honour.State.HELD).exists():
        raise ValidationError({"member": _("%(name)s already holds this honour for %(year)s.") % {
            "name": member.name, "year": year}})
    honour = Honour.objects.create(
        registered_with=home, member=member, union=union, employer=employer, collective_name=collective_name,
        title=title, level=level, year=year, conferring_body=conferring_body, certificate_no=certificate_no,
        source=source, created_by=acting_user)
    audit.record("create", actor=acting_user, obj=honour, changes={
        "title": [None, title], "level": [None, level], "year": [None, year],
        "conferring_body": [None, conferring_body], "certificate_no": [None, certificate_no],
        "source": [None, source]})
    if member is not None:
        refresh_model_worker_tags([member.pk])
        member.is_model_worker = Member.objects.filter(pk=member.pk).values_list("is_model_worker", flat=True)[0]
    return honour


@transaction.atomic
def revoke(honour, *, acting_user, reason, on=None):
    """撤销: the title is withdrawn (e.g. for a serious offence); the row stays with its reason."""
    require(acting_user, "honours.change_honour", honour.registered_with)
    reason = _text(reason, "reason", _("reason for revoking"), 300)
    if honour.state != Honour.State.HELD:
        raise ValidationError(_("Only a held honour can be revoked; this one is %(state)s.") % {
            "state": honour.get_state_display()})
    return _set_state(honour, acting_user, Honour.State.REVOKED, reason, on)


@transaction.atomic
def mark_deceased(honour, *, acting_user, on=None, reason=""):
    """The holder has died: every honour they hold is kept as 'deceased' (out of services and the
    derived tag, still in the registry and the history)."""
    require(acting_user, "honours.change_honour", honour.registered_with)
    if honour.member_id is None:
        raise ValidationError(_("Only a person can be marked deceased."))
    if honour.state != Honour.State.HELD:
        raise ValidationError(_("Only a held honour can be marked deceased; this one is %(state)s.") % {
            "state": honour.get_state_display()})
    reason = _text(reason, "reason", _("reason"), 300, required=False) or _("holder deceased")
    out = None
    for h in Honour.objects.select_for_update().filter(member_id=honour.member_id, state=Honour.State.HELD):
        changed = _set_state(h, acting_user, Honour.State.DECEASED, reason, on)
        if h.pk == honour.pk:
            out = changed
    return out


def _set_state(honour, acting_user, state, reason, on):
    on = on or timezone.localdate()
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": _("Give a valid date.")})
    before = honour.state
    honour.state, honour.state_reason, honour.state_changed_on = state, reason, on
    honour.save(update_fields=["state", "state_reason", "state_changed_on"])
    audit.record("update", actor=acting_user, obj=honour, changes={"state": [before, state]}, reason=reason)
    if honour.member_id:
        refresh_model_worker_tags([honour.member_id])
        honour.member.is_model_worker = Member.objects.filter(pk=honour.member_id).values_list(
            "is_model_worker", flat=True)[0]
    return honour


# --- selection rounds (评选) ---------------------------------------------------------------------

def _date(value, field, label):
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    return value


@transaction.atomic
def create_round(*, acting_user, union, name, year, title, level, conferring_body, nominate_until, criteria="",
                 quotas=(), mix=None, mix_overrides=None, exclusion_years=None, on=None):
    """A call for nominations. Quotas are (union, number) for county or industry unions under the
    organiser; the mix rules, the re-nomination window and the 公示 length are copied from the
    rulebook of the organiser's jurisdiction (with their sources), unless the call sets its own."""
    require(acting_user, "honours.add_selectionround", union)
    on = on or timezone.localdate()
    name = _text(name, "name", _("name of the round"), 120)
    conferring_body = _text(conferring_body, "conferring_body", _("conferring body"), 120)
    if title not in titles.TITLES:
        raise ValidationError({"title": _("Choose a title from the code table.")})
    if level not in Honour.Level.values:
        raise ValidationError({"level": _("Choose a level: national, provincial, city, county or industry.")})
    if not isinstance(year, int) or not 2000 <= year <= on.year + 1:
        raise ValidationError({"year": _("Give the year of the round.")})
    nominate_until = _date(nominate_until, "nominate_until", _("closing date for nominations"))
    if nominate_until < on:
        raise ValidationError({"nominate_until": _("The closing date for nominations is already past.")})
    region = union.region_id
    window = rulebook.value("honours.renomination_years", on=on, region=region)
    if exclusion_years is None:
        exclusion_years, exclusion_source = int(window.value), window.source
    else:
        if not isinstance(exclusion_years, int) or not 0 <= exclusion_years <= 10:
            raise ValidationError({"exclusion_years": _("The re-nomination window is 0 to 10 years.")})
        exclusion_source = _("this round's call for nominations")
    publicity = rulebook.value("honours.publicity_working_days", on=on, region=region)
    try:
        mix_rules = rules.mix_rules_for(title, region, on=on, codes=mix, overrides=mix_overrides)
    except (ValueError, ZeroDivisionError) as e:
        raise ValidationError({"mix": _("A mix ratio is a share between 0 and 1, such as 35/100.")}) from e
    seen = set()
    rows = []
    for quota_union, number in quotas:
        if quota_union.pk in seen:
            raise ValidationError({"quotas": _("%(union)s has two quotas.") % {"union": quota_union.name}})
        seen.add(quota_union.pk)
        if not quota_union.path.startswith(union.path) or quota_union.pk == union.pk:
            raise ValidationError({"quotas": _("%(union)s is not under the organising union.") % {
                "union": quota_union.name}})
        if not isinstance(number, int) or number < 1:
            raise ValidationError({"quotas": _("The quota of %(union)s must be at least 1.") % {
                "union": quota_union.name}})
        rows.append((quota_union, number))
    r = SelectionRound.objects.create(
        union=union, name=name, year=year, title=title, level=level, conferring_body=conferring_body,
        criteria=(criteria or "").strip(), nominate_until=nominate_until, exclusion_years=exclusion_years,
        exclusion_source=exclusion_source, publicity_working_days=int(publicity.value),
        publicity_source=publicity.source, mix_rules=mix_rules, created_by=acting_user)
    RoundQuota.objects.bulk_create([RoundQuota(round=r, union=u, quota=n) for u, n in rows])
    audit.record("create", actor=acting_user, obj=r, changes={
        "title": [None, title], "level": [None, level], "quotas": [None, {u.name: n for u, n in rows}],
        "mix_rules": [None, mix_rules], "exclusion_years": [None, exclusion_years]},
        reason=exclusion_source)
    return r


def quota_of(round_, union):
    """The quota row that covers a nominating union: the deepest quota union above it (or itself)."""
    best = None
    for q in round_.quotas.select_related("union"):
        if union.path.startswith(q.union.path) and (best is None or len(q.union.path) > len(best.union.path)):
            best = q
    return best


def review_chain(nomination):
    """The unions that review a nomination, in order: the quota's union (county or industry),
    then the organiser. Each level is decided by someone else than the nominator (four-eyes)."""
    chain = []
    if nomination.quota_id:
        chain.append(nomination.quota.union)
    if not chain or chain[-1].pk != nomination.round.union_id:
        chain.append(nomination.round.union)
    return chain


def honoured_within(round_, member):
    """The member's held honour that bars them from this round (same title, or any 劳模 title for a
    劳模 round, at the round's level or above, within the window), or None."""
    from .models import LEVEL_RANK

    family = titles.model_worker_titles() if round_.title in titles.model_worker_titles() else [round_.title]
    levels = [lv for lv in Honour.Level.values if LEVEL_RANK[lv] <= LEVEL_RANK[round_.level]]
    return (Honour.objects.filter(member=member, state=Honour.State.HELD, title__in=family, level__in=levels,
                                  year__gt=round_.year - round_.exclusion_years)
            .order_by("-year").first())


def _refuse_collective_twice(round_, *, union, employer, collective_name):
    """A collective (the same union, employer and team name) is nominated once in a round."""
    name = (collective_name or "").strip()[:120]
    twice = Nomination.objects.filter(round=round_, state__in=Nomination.LIVE, member__isnull=True, union=union,
                                      employer=employer, collective_name=name).first()
    if twice is not None:
        raise ValidationError({"collective_name": _("%(name)s is already nominated in %(round)s.") % {
            "name": twice.nominee_name, "round": round_.name}})


@transaction.atomic
def nominate(round_, *, acting_user, nominated_by, deeds, member=None, union=None, employer=None,
             collective_name="", sector=Nomination.Sector.ENTERPRISE, is_frontline=False,
             is_industrial_worker=False, is_enterprise_head=False, is_farmer_worker=False, on=None):
    """A union's nominee (推荐): within the round's dates and the quota, not honoured or nominated
    again within the window."""
    require(acting_user, "honours.add_nomination", nominated_by)
    on = on or timezone.localdate()
    round_ = SelectionRound.objects.select_for_update().get(pk=round_.pk)
    if round_.state != SelectionRound.State.NOMINATING or on > round_.nominate_until:
        raise ValidationError(_("Nominations for %(round)s closed on %(day)s.") % {
            "round": round_.name, "day": dates.show(round_.nominate_until)})
    if not nominated_by.path.startswith(round_.union.path):
        raise ValidationError({"nominated_by": _("%(union)s is not under the organiser of this round.") % {
            "union": nominated_by.name}})
    check_holder(round_.title, member=member, union=union, employer=employer, collective_name=collective_name)
    deeds = _text(deeds, "deeds", _("deeds"))
    if sector not in Nomination.Sector.values:
        raise ValidationError({"sector": _("Choose a sector.")})
    if member is not None:
        if not member.union_path.startswith(nominated_by.path):
            raise ValidationError({"member": _("%(name)s is not a member of your union or the unions below it.") % {
                "name": member.name}})
        held = honoured_within(round_, member)
        if held is not None:
            raise ValidationError({"member": _(
                "%(name)s already holds %(honour)s (%(year)s) and cannot be nominated again within %(n)s years "
                "(source: %(source)s).") % {"name": member.name, "honour": f"{held.get_level_display()}"
                                            f"{held.get_title_display()}", "year": held.year,
                                            "n": round_.exclusion_years, "source": round_.exclusion_source}})
        other = (Nomination.objects.filter(member=member, state__in=Nomination.LIVE,
                                           round__year__gt=round_.year - round_.exclusion_years)
                 .filter(round__title=round_.title).select_related("round").first())
        if other is not None:
            raise ValidationError({"member": _("%(name)s is already nominated in %(round)s.") % {
                "name": member.name, "round": other.round.name}})
    else:
        _refuse_collective_twice(round_, union=union, employer=employer, collective_name=collective_name)
    quota = quota_of(round_, nominated_by)
    if round_.quotas.exists():
        if quota is None:
            raise ValidationError({"nominated_by": _("%(union)s has no quota in this round.") % {
                "union": nominated_by.name}})
        used = quota.nominations.filter(state__in=Nomination.LIVE).count()
        if used >= quota.quota:
            raise ValidationError({"nominated_by": _("The quota of %(union)s (%(n)d) is used up.") % {
                "union": quota.union.name, "n": quota.quota}})
    n = Nomination.objects.create(
        round=round_, nominated_by=nominated_by, quota=quota, member=member, union=union, employer=employer,
        collective_name=(collective_name or "").strip()[:120], sector=sector, is_frontline=bool(is_frontline),
        is_industrial_worker=bool(is_industrial_worker), is_enterprise_head=bool(is_enterprise_head),
        is_farmer_worker=bool(is_farmer_worker), deeds=deeds, submitted_by=acting_user)
    audit.record("create", actor=acting_user, obj=n, changes={"round": [None, round_.name],
                                                              "nominee": [None, n.nominee_name]})
    return n


@transaction.atomic
def add_material(nomination, *, acting_user, upload):
    require(acting_user, "honours.change_nomination", nomination.nominated_by)
    if nomination.state != Nomination.State.SUBMITTED:
        raise ValidationError(_("Materials are added while the nomination is under review."))
    m = NominationMaterial.from_upload(upload, user=acting_user, kinds=("image", "pdf"), nomination=nomination)
    m.save()
    audit.record("update", actor=acting_user, obj=nomination, changes={"materials": [None, m.name]})
    return m


@transaction.atomic
def record_clearance(nomination, *, acting_user, agency, result, given_on, reference=""):
    """An agency's opinion on a nominated head of an enterprise (the latest per agency counts)."""
    require(acting_user, "honours.change_nomination", nomination.nominated_by)
    agencies, ruling = rules.clearance_agencies(nomination.round.region_code)
    names = dict(agencies)
    if agency not in names:
        raise ValidationError({"agency": _("Choose an agency from the list (source: %(source)s).") % {
            "source": ruling.source}})
    if result not in Clearance.Result.values:
        raise ValidationError({"result": _("Choose the agency's opinion.")})
    given_on = dates.not_in_future(_date(given_on, "given_on", _("date of the opinion")), field="given_on",
                                   label=_("date of the opinion"))
    c = Clearance.objects.create(nomination=nomination, agency=agency, agency_name=names[agency], result=result,
                                 given_on=given_on, reference=(reference or "").strip()[:60],
                                 recorded_by=acting_user)
    audit.record("update", actor=acting_user, obj=nomination, changes={
        "clearance": [None, f"{names[agency]}：{c.get_result_display()}"]})
    return c


def missing_clearances(nomination):
    """[(code, name)] of the agencies that have not cleared a nominated head of an enterprise."""
    if not nomination.is_enterprise_head:
        return []
    agencies, _ruling = rules.clearance_agencies(nomination.round.region_code)
    latest = {}
    for c in nomination.clearances.order_by("id"):
        latest[c.agency] = c.result
    return [(code, name) for code, name in agencies if latest.get(code) != Clearance.Result.CLEARED]


@transaction.atomic
def review(nomination, *, acting_user, approve, opinion=""):
    """One level's decision (审核). Nobody decides what they nominated or already decided below; the
    last level approves a head of an enterprise only once every agency has cleared them."""
    # lock the nomination row only: PostgreSQL refuses FOR UPDATE on the nullable side of a join
    nomination = (Nomination.objects.select_for_update(of=("self",))
                  .select_related("round", "round__union", "quota__union", "member").get(pk=nomination.pk))
    if nomination.state != Nomination.State.SUBMITTED:
        raise ValidationError(_("This nomination is not under review (it is %(state)s).") % {
            "state": nomination.get_state_display()})
    chain = review_chain(nomination)
    step = nomination.review_step
    level = chain[step]
    require(acting_user, "honours.review_nomination", level, obj=nomination)
    earlier = list(nomination.reviews.values_list("decided_by_id", flat=True))
    require_other_than(acting_user, [nomination.submitted_by_id, *earlier], _("nomination"))
    opinion = _text(opinion, "opinion", _("opinion"), 300, required=not approve)
    last = step == len(chain) - 1
    if approve and last:
        missing = missing_clearances(nomination)
        if missing:
            raise ValidationError(_("%(name)s heads an enterprise: the opinions of %(agencies)s are still missing "
                                    "or not clear.") % {"name": nomination.nominee_name,
                                                        "agencies": "、".join(n for _c, n in missing)})
    NominationReview.objects.create(nomination=nomination, union=level, step=step, opinion=opinion,
                                    decision="approve" if approve else "reject", decided_by=acting_user)
    before = nomination.state
    if not approve:
        nomination.state = Nomination.State.REJECTED
    elif last:
        nomination.state = Nomination.State.APPROVED
    nomination.review_step = step + 1 if approve else step
    nomination.save(update_fields=["state", "review_step"])
    audit.record("update", actor=acting_user, obj=nomination, changes={
        "state": [before, nomination.state], "review": [None, f"{level.name}：{'通过' if approve else '不通过'}"]},
        reason=opinion)
    return nomination


@transaction.atomic
def withdraw(nomination, *, acting_user, reason):
    require(acting_user, "honours.change_nomination", nomination.nominated_by)
    reason = _text(reason, "reason", _("reason"), 300)
    if nomination.state not in (Nomination.State.SUBMITTED, Nomination.State.APPROVED):
        raise ValidationError(_("Only a nomination under review or approved can be withdrawn."))
    before, nomination.state = nomination.state, Nomination.State.WITHDRAWN
    nomination.save(update_fields=["state"])
    audit.record("update", actor=acting_user, obj=nomination, changes={"state": [before, nomination.state]},
                 reason=reason)
    return nomination


def batch_of(round_):
    """The nominations that go to 公示 together: those approved at every level."""
    return list(round_.nominations.filter(state__in=[Nomination.State.APPROVED, Nomination.State.PUBLICITY,
                                                     Nomination.State.ON_HOLD, Nomination.State.AWARDED]))


@transaction.atomic
def start_publicity(round_, *, acting_user, on=None):
    """公示: the whole approved batch, once it meets every mix rule of the round; it lasts the round's
    working days by the holiday calendar, counted from the day after it starts (民法典 art.201)."""
    round_ = SelectionRound.objects.select_for_update().select_related("union").get(pk=round_.pk)
    require(acting_user, "honours.change_selectionround", round_.union, obj=round_)
    on = on or timezone.localdate()
    if round_.state != SelectionRound.State.NOMINATING:
        raise ValidationError(_("This round is already past nominations."))
    pending = round_.nominations.filter(state=Nomination.State.SUBMITTED).count()
    if pending:
        raise ValidationError(_("%(n)d nominations are still under review: decide them first.") % {"n": pending})
    batch = list(round_.nominations.filter(state=Nomination.State.APPROVED))
    if not batch:
        raise ValidationError(_("No approved nomination to publicise."))
    broken = [r for r in rules.check_mix(round_, batch) if not r.ok]
    if broken:
        raise ValidationError([r.message() for r in broken])
    until = days.add_working_days(on, round_.publicity_working_days)
    round_.state, round_.publicity_from, round_.publicity_until = SelectionRound.State.PUBLICITY, on, until
    round_.publicity_started_by = acting_user
    round_.save(update_fields=["state", "publicity_from", "publicity_until", "publicity_started_by"])
    Nomination.objects.filter(pk__in=[n.pk for n in batch]).update(state=Nomination.State.PUBLICITY)
    audit.record("update", actor=acting_user, obj=round_, changes={
        "state": ["nominating", "publicity"], "publicity": [None, f"{on} – {until}"], "nominees": [None, len(batch)]},
        reason=_("%(n)s working days (source: %(source)s)") % {"n": round_.publicity_working_days,
                                                               "source": round_.publicity_source})
    return round_


@transaction.atomic
def raise_objection(nomination, *, acting_user, content, raised_by="", received_on=None):
    """An objection received during 公示 puts the nominee on hold; after 公示 closed it is refused."""
    nomination = Nomination.objects.select_for_update().select_related("round", "round__union").get(pk=nomination.pk)
    round_ = nomination.round
    require(acting_user, "honours.add_objection", round_.union, obj=nomination)
    received_on = received_on or timezone.localdate()
    content = _text(content, "content", _("objection"), 2000)
    if round_.publicity_until is None:
        raise ValidationError(_("%(round)s is not in publicity: objections are taken during publicity only.") % {
            "round": round_.name})
    if received_on > round_.publicity_until or timezone.localdate() > round_.publicity_until:
        raise ValidationError(_("Publicity of %(round)s closed on %(day)s: an objection received after it is "
                                "not taken.") % {"round": round_.name, "day": dates.show(round_.publicity_until)})
    if received_on < round_.publicity_from:
        raise ValidationError({"received_on": _("Publicity began on %(day)s.") % {
            "day": dates.show(round_.publicity_from)}})
    if nomination.state not in (Nomination.State.PUBLICITY, Nomination.State.ON_HOLD):
        raise ValidationError(_("This nominee is not in publicity."))
    o = Objection.objects.create(nomination=nomination, received_on=received_on, content=content,
                                 raised_by=(raised_by or "").strip()[:60], recorded_by=acting_user)
    before, nomination.state = nomination.state, Nomination.State.ON_HOLD
    nomination.save(update_fields=["state"])
    audit.record("update", actor=acting_user, obj=nomination, changes={"state": [before, nomination.state],
                                                                       "objection": [None, content[:200]]})
    return o


@transaction.atomic
def resolve_objection(objection, *, acting_user, uphold, finding):
    """The finding on an objection (by someone else than who recorded it): upheld rejects the
    nominee; dismissed returns them to publicity once no other objection is open."""
    objection = Objection.objects.select_for_update().select_related(
        "nomination", "nomination__round", "nomination__round__union").get(pk=objection.pk)
    nomination = objection.nomination
    require(acting_user, "honours.change_objection", nomination.round.union, obj=nomination)
    require_other_than(acting_user, objection.recorded_by_id, _("objection"))
    if objection.state != Objection.State.OPEN:
        raise ValidationError(_("This objection is already resolved."))
    finding = _text(finding, "finding", _("finding"), 300)
    objection.state = Objection.State.UPHELD if uphold else Objection.State.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = finding, acting_user, timezone.now()
    objection.save(update_fields=["state", "resolution", "resolved_by", "resolved_at"])
    before = nomination.state
    if uphold:
        nomination.state = Nomination.State.REJECTED
    elif not nomination.objections.filter(state=Objection.State.OPEN).exists():
        nomination.state = Nomination.State.PUBLICITY
    nomination.save(update_fields=["state"])
    audit.record("update", actor=acting_user, obj=nomination, changes={"state": [before, nomination.state]},
                 reason=finding)
    return objection


@transaction.atomic
def award(round_, *, acting_user, on=None):
    """表彰: once 公示 has closed, every nominee still in publicity receives the honour (a row of the
    registry through `confer`, with a certificate number); nominees on hold wait for their finding."""
    round_ = SelectionRound.objects.select_for_update().select_related("union").get(pk=round_.pk)
    require(acting_user, "honours.award_selectionround", round_.union, obj=round_)
    on = on or timezone.localdate()
    if round_.publicity_until is None:
        raise ValidationError(_("%(round)s has not been publicised yet.") % {"round": round_.name})
    if on <= round_.publicity_until:
        raise ValidationError(_("Publicity of %(round)s runs until %(day)s: award after it has closed.") % {
            "round": round_.name, "day": dates.show(round_.publicity_until)})
    require_other_than(acting_user, round_.publicity_started_by_id, _("selection round"))
    winners = list(round_.nominations.filter(state=Nomination.State.PUBLICITY)
                   .select_related("member", "member__union", "union", "employer").order_by("id"))
    if not winners:
        raise ValidationError(_("No nominee is waiting to be awarded."))
    seq = Honour.objects.filter(nomination__round=round_).count()
    for n in winners:
        seq += 1
        honour = confer(acting_user=acting_user, title=round_.title, level=round_.level, year=round_.year,
                        conferring_body=round_.conferring_body, member=n.member, union=n.union, employer=n.employer,
                        collective_name=n.collective_name, certificate_no=f"{round_.year}-{round_.pk:03d}-{seq:03d}",
                        source=_("Selection round: %(round)s") % {"round": round_.name})
        n.state, n.honour = Nomination.State.AWARDED, honour
        n.save(update_fields=["state", "honour"])
    before, round_.state, round_.awarded_on = round_.state, SelectionRound.State.AWARDED, on
    round_.save(update_fields=["state", "awarded_on"])
    audit.record("update", actor=acting_user, obj=round_, changes={"state": [before, round_.state],
                                                                   "awarded": [None, len(winners)]})
    return winners


# --- 劳模 services: 慰问, 生活困难补助, 特殊困难帮扶 --------------------------------------------------

def model_worker_level(member):
    """The level of the member's highest held 劳模 title (see MODEL_WORKER_LEVELS), or None."""
    from .models import LEVEL_RANK

    levels = list(Honour.objects.filter(model_worker_q(), member=member).values_list("level", flat=True))
    return min(levels, key=LEVEL_RANK.__getitem__) if levels else None


@transaction.atomic
def record_visit(*, acting_user, member, union, visited_on, amount_fen=0, note=""):
    """The year's 慰问 of a 劳模 (once a year): money in fen, the level of their title kept."""
    from .models import ModelWorkerVisit

    require(acting_user, "honours.add_modelworkervisit", union)
    level = model_worker_level(member)
    if level is None:
        raise ValidationError({"member": _("%(name)s holds no model worker title in the registry.") % {
            "name": member.name}})
    if not member.union_path.startswith(union.path):
        raise ValidationError({"member": _("%(name)s is not a member under %(union)s.") % {
            "name": member.name, "union": union.name}})
    visited_on = dates.not_in_future(_date(visited_on, "visited_on", _("date of the visit")), field="visited_on",
                                     label=_("date of the visit"))
    if not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValidationError({"amount_fen": _("The amount cannot be negative.")})
    if ModelWorkerVisit.objects.filter(member=member, year=visited_on.year).exists():
        raise ValidationError({"member": _("%(name)s has already been visited in %(year)s.") % {
            "name": member.name, "year": visited_on.year}})
    v = ModelWorkerVisit.objects.create(member=member, union=union, level=level, year=visited_on.year,
                                        visited_on=visited_on, amount_fen=amount_fen,
                                        note=(note or "").strip()[:200], created_by=acting_user)
    audit.record("create", actor=acting_user, obj=v, changes={"amount_fen": [None, amount_fen],
                                                              "level": [None, level]})
    return v


def _scheme(programme, kind):
    from .models import HelpScheme

    if programme.kind != "model_worker":
        raise ValidationError({"programme": _("Choose a model worker programme.")})
    scheme, _created = HelpScheme.objects.get_or_create(programme=programme, defaults={"kind": kind})
    if scheme.kind != kind:
        raise ValidationError({"programme": _("%(name)s pays the %(kind)s.") % {
            "name": programme.name, "kind": scheme.get_kind_display()}})
    return scheme


def _rulings_text(rulings):
    """The rules a computed amount used, money in yuan, each with its source."""
    return "；".join(f"{r.label} {yuan(int(r.value)) + '元' if r.name.endswith('_fen') else r.display}（{r.source}）"
                    for r in rulings)


@transaction.atomic
def grant_living_subsidy(*, acting_user, programme, member, status, own_income_fen, months, bank_name="",
                         bank_account="", account_holder=""):
    """生活困难补助: (the line for the 劳模's status − their own average monthly income), capped per
    month, times the months — the jurisdiction's formula (rules.monthly_top_up). Paid as an
    application of the model-worker programme, so it goes through its review, 公示 and payment
    batches and the year report counts it."""
    from gonghui.assistance import services as assistance

    if status not in rules.LINES:
        raise ValidationError({"status": _("Choose working, retired or farmer.")})
    if not isinstance(own_income_fen, int) or own_income_fen < 0:
        raise ValidationError({"own_income_fen": _("Give the average monthly income (not negative).")})
    if not isinstance(months, int) or not 1 <= months <= 12:
        raise ValidationError({"months": _("Months: 1 to 12.")})
    _scheme(programme, "living")
    member.refresh_from_db(fields=["is_model_worker"])
    per_month, rulings = rules.monthly_top_up(status, own_income_fen, member.union.region_id)
    if per_month == 0:
        raise ValidationError({"own_income_fen": _("The income of %(name)s is not below the line (%(rules)s): no "
                                                   "subsidy is due.") % {"name": member.name,
                                                                         "rules": _rulings_text(rulings)}})
    reason = _("Living subsidy %(month)s a month × %(n)d months (%(rules)s)") % {
        "month": yuan(per_month), "n": months, "rules": _rulings_text(rulings)}
    return assistance.apply(acting_user=acting_user, programme=programme, member=member,
                            amount_fen=per_month * months, reason=reason[:500], bank_name=bank_name,
                            bank_account=bank_account, account_holder=account_holder)


@transaction.atomic
def grant_special_help(*, acting_user, programme, member, spending_fen, cause, bank_name="", bank_account="",
                       account_holder=""):
    """特殊困难帮扶: the jurisdiction's share of the self-paid cost, capped per year (rules.special_help)."""
    from gonghui.assistance import services as assistance

    if not isinstance(spending_fen, int) or spending_fen <= 0:
        raise ValidationError({"spending_fen": _("Give the self-paid cost.")})
    cause = _text(cause, "cause", _("cause of the hardship"), 200)
    _scheme(programme, "special")
    member.refresh_from_db(fields=["is_model_worker"])
    amount, rulings = rules.special_help(spending_fen, member.union.region_id)
    reason = _("Special hardship help for %(cause)s: %(amount)s (%(rules)s)") % {
        "cause": cause, "amount": yuan(amount), "rules": _rulings_text(rulings)}
    return assistance.apply(acting_user=acting_user, programme=programme, member=member, amount_fen=amount,
                            reason=reason[:500], bank_name=bank_name, bank_account=bank_account,
                            account_holder=account_holder)
