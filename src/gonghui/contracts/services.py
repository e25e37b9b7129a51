"""Every write of collective contracts: the permission check, the rule (from the rulebook of
the union's jurisdiction, named in every refusal), the dates counted with the rule that gave
them, the Deadline rows, the audit record and the notice, in one transaction. A refused input
writes nothing.

The flow (集体合同规定, 劳社部令22号): written request → written answer (art.32) → negotiators
(art.8) and meetings → draft → vote at the 职代会 (art.36, a wcongress motion) → signing →
filing within 10 days (art.42) → in force when the labour department raises no objection within
15 days (art.45–46) → renewal asked within 3 months before expiry (art.38).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.notices.services import StaffOf, notify
from gonghui.orgs.models import Employer
from gonghui.rules import deadlines

from . import rules
from .models import CollectiveContract, Meeting, Negotiator

C = CollectiveContract
REPLY_KIND = "contract_reply"
DRAFT_KIND = "contract_draft_vote"
FILING_KIND = "contract_filing"
REVIEW_KIND = "contract_review"
RENEWAL_KIND = "contract_renewal"


def _url(contract):
    return reverse("contracts:detail", args=[contract.pk])


def _date(value, field, label):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Give the %(label)s as a date.") % {"label": label}})
    return value


def _not_future(value, field, label):
    _date(value, field, label)
    if value > timezone.localdate():
        raise ValidationError({field: _("The %(label)s cannot be a future day.") % {"label": label}})
    return value


def _state(contract, *allowed):
    if contract.state not in allowed:
        raise ValidationError(_("This cannot be done while the contract is “%(state)s”.") % {
            "state": contract.get_state_display()})


def _text(value, field, label, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    return value


def _keep(contract, field, ruling, start, due):
    contract.rules_used = {**(contract.rules_used or {}), field: rules.used(ruling, start, due)}


# --- the request -------------------------------------------------------------------------------

@transaction.atomic
def request_bargaining(*, acting_user, union, title, employers, requested_on, kind=C.Kind.GENERAL,
                       coverage=C.Coverage.SINGLE, requested_by=C.Side.UNION, request_text="", renews=None):
    """A written request to bargain (集体合同规定 art.32): the other side answers in writing
    within the jurisdiction's period (20 days nationally; 上海 15 days; 浙江 10 working days)."""
    require(acting_user, "contracts.add_collectivecontract", union)
    title = _text(title, "title", _("title"))[:150]
    if kind not in C.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    if coverage not in C.Coverage.values:
        raise ValidationError({"coverage": _("Choose a valid coverage.")})
    if requested_by not in C.Side.values:
        raise ValidationError({"requested_by": _("Choose who made the request.")})
    employers = list(dict.fromkeys(employers or []))
    if coverage == C.Coverage.SINGLE and len(employers) != 1:
        raise ValidationError({"employers": _("A contract of one employer names exactly one employer.")})
    if coverage != C.Coverage.SINGLE and len(employers) < 2:
        raise ValidationError({"employers": _("A regional or industry contract covers at least two employers.")})
    visible = set(Employer.objects.restrict(acting_user).filter(pk__in=[e.pk for e in employers])
                  .values_list("pk", flat=True))
    if any(e.pk not in visible for e in employers):
        raise ValidationError({"employers": _("Choose employers of your area.")})
    _not_future(requested_on, "requested_on", _("date of the written request"))
    due, ruling = rules.period("contracts.answer_days", requested_on, union.region_id)
    contract = C(union=union, coverage=coverage, kind=kind, title=title, requested_by=requested_by,
                 requested_on=requested_on, request_text=(request_text or "").strip(), reply_due_on=due,
                 renews=renews, created_by=acting_user)
    _keep(contract, "reply_due_on", ruling, requested_on, due)
    contract.save()
    contract.employers.set(employers)
    deadlines.track(contract, kind=REPLY_KIND, started_on=requested_on, rule="contracts.answer_days",
                    union=union, title=_("Answer the bargaining request: %(title)s") % {"title": title},
                    url=_url(contract))
    audit.record("create", actor=acting_user, obj=contract, changes={
        "title": [None, title], "employers": [None, [e.name for e in employers]], "reply_due_on": [None, str(due)]},
        reason=_("Answer due %(due)s: %(rule)s.") % {"due": due, "rule": rules.rule_text(contract.rules_used[
            "reply_due_on"])})
    return contract


@transaction.atomic
def record_reply(contract, *, acting_user, replied_on, agreed=True, text=""):
    """The written answer. It cannot come before the request; a refusal needs its reason
    (集体合同规定 art.32: no refusal without a proper reason)."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.REQUESTED)
    _not_future(replied_on, "replied_on", _("date of the answer"))
    entry = contract.rules_used.get("reply_due_on", {})
    if replied_on < contract.requested_on:
        raise ValidationError({"replied_on": _(
            "The answer (%(reply)s) cannot come before the written request (%(request)s): the answer is counted "
            "from the request (%(source)s). Nothing was changed.") % {
            "reply": replied_on, "request": contract.requested_on, "source": entry.get("source", "")}})
    text = (text or "").strip()
    if not agreed and not text:
        raise ValidationError({"text": _("A refusal gives its reason (集体合同规定 第三十二条: no refusal without a "
                                         "proper reason).")})
    contract.replied_on, contract.reply_text = replied_on, text
    contract.state = C.State.NEGOTIATING if agreed else C.State.REFUSED
    contract.save(update_fields=["replied_on", "reply_text", "state"])
    deadlines.close(contract, REPLY_KIND)
    audit.record("update", actor=acting_user, obj=contract, changes={
        "replied_on": [None, str(replied_on)], "state": [C.State.REQUESTED, contract.state]},
        reason=_("answered late") if contract.reply_late else "")
    return contract


# --- negotiators and meetings -------------------------------------------------------------------

def _people(rows, side_label, field):
    out = []
    for row in rows or []:
        name, position = (row, "") if isinstance(row, str) else (row[0], row[1] if len(row) > 1 else "")
        name = (name or "").strip()
        if name:
            out.append((name[:60], (position or "").strip()[:60]))
    names = [n for n, _p in out]
    if len(set(names)) != len(names):
        raise ValidationError({field: _("A name appears twice among %(side)s.") % {"side": side_label}})
    return out


@transaction.atomic
def set_negotiators(contract, *, acting_user, union_side, employer_side):
    """Both sides' negotiators, the first of each side its chief (集体合同规定 art.8: 3 to 10 on
    each side, equal numbers). Replaces the previous list (a vacancy is filled by a new list)."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.REQUESTED, C.State.NEGOTIATING, C.State.DRAFTED, C.State.OBJECTED)
    union_side = _people(union_side, _("the union's negotiators"), "union_side")
    employer_side = _people(employer_side, _("the employer's negotiators"), "employer_side")
    lo, hi, lo_rule, _hi_rule = rules.negotiator_limits(contract.region_code)
    for field, people, label in (("union_side", union_side, _("the union")),
                                 ("employer_side", employer_side, _("the employer"))):
        if not lo <= len(people) <= hi:
            raise ValidationError({field: _(
                "%(side)s names %(n)d negotiators; each side has %(lo)d to %(hi)d (%(source)s). Nothing was "
                "changed.") % {"side": label, "n": len(people), "lo": lo, "hi": hi, "source": lo_rule.source}})
    if len(union_side) != len(employer_side):
        raise ValidationError({"employer_side": _(
            "Both sides have the same number of negotiators (%(source)s): %(u)d for the union, %(e)d for the "
            "employer. Nothing was changed.") % {"source": lo_rule.source, "u": len(union_side),
                                                 "e": len(employer_side)}})
    contract.negotiators.all().delete()
    Negotiator.objects.bulk_create(
        [Negotiator(contract=contract, side=C.Side.UNION, name=n, position=p, is_chief=i == 0)
         for i, (n, p) in enumerate(union_side)]
        + [Negotiator(contract=contract, side=C.Side.EMPLOYER, name=n, position=p, is_chief=i == 0)
           for i, (n, p) in enumerate(employer_side)])
    audit.record("update", actor=acting_user, obj=contract, changes={
        "negotiators": [None, {"union": [n for n, _p in union_side], "employer": [n for n, _p in employer_side]}]})
    return contract


@transaction.atomic
def add_meeting(contract, *, acting_user, held_on, summary, place=""):
    """A bargaining meeting, once the request was accepted and the negotiators named."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.NEGOTIATING, C.State.OBJECTED)
    _not_future(held_on, "held_on", _("date of the meeting"))
    if held_on < contract.requested_on:
        raise ValidationError({"held_on": _("A meeting cannot come before the written request (%(day)s).") % {
            "day": contract.requested_on}})
    if not contract.negotiators.exists():
        raise ValidationError(_("Name both sides' negotiators before recording a meeting."))
    summary = _text(summary, "summary", _("minutes"))
    m = Meeting.objects.create(contract=contract, held_on=held_on, place=(place or "").strip()[:120],
                               summary=summary, recorded_by=acting_user)
    audit.record("create", actor=acting_user, obj=m, union=contract.union, changes={"held_on": [None, str(held_on)]})
    return m


def _pct(value):
    if value in (None, ""):
        return None
    try:
        v = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        v = None
    if v is None or v < Decimal("-50") or v > Decimal("100"):
        raise ValidationError({"wage_increase_pct": _("Give the wage increase as a percentage between -50 and 100.")})
    return v


@transaction.atomic
def agree_draft(contract, *, acting_user, agreed_on, text, wage_increase_pct=None):
    """The negotiators agree a draft. Where the jurisdiction sets a period to put it to the
    职代会 (浙江: 15 working days) it is counted and tracked."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.NEGOTIATING, C.State.OBJECTED)
    _not_future(agreed_on, "agreed_on", _("date the draft was agreed"))
    if not contract.meetings.exists():
        raise ValidationError(_("Record at least one bargaining meeting before the draft."))
    first = contract.meetings.order_by("held_on").values_list("held_on", flat=True).first()
    if agreed_on < first:
        raise ValidationError({"agreed_on": _("The draft cannot be agreed before the first meeting (%(day)s).") % {
            "day": first}})
    text = _text(text, "text", _("main terms of the draft"))
    pct = _pct(wage_increase_pct)
    if contract.kind == C.Kind.WAGE and pct is None:
        raise ValidationError({"wage_increase_pct": _("A wage agreement states the wage increase agreed.")})
    before = contract.state
    contract.draft_agreed_on, contract.draft_text, contract.wage_increase_pct = agreed_on, text, pct
    contract.motion = None
    contract.state = C.State.DRAFTED
    due, ruling = rules.period_if_any("contracts.draft_to_congress", agreed_on, contract.region_code)
    contract.draft_due_on = due
    if ruling is not None:
        _keep(contract, "draft_due_on", ruling, agreed_on, due)
        deadlines.track(contract, kind=DRAFT_KIND, started_on=agreed_on, rule="contracts.draft_to_congress",
                        union=contract.union, title=_("Put the draft to the workers' congress: %(title)s") % {
                            "title": contract.title}, url=_url(contract))
    contract.save()
    audit.record("update", actor=acting_user, obj=contract, changes={
        "state": [before, contract.state], "wage_increase_pct": [None, str(pct) if pct is not None else None]})
    return contract


# --- the vote at the 职代会 ------------------------------------------------------------------------

@transaction.atomic
def vote(contract, *, acting_user, session, present, in_favour, against, abstain=0):
    """The draft is voted at the 职代会 of the employers it covers (集体合同规定 art.36: 2/3 of
    the delegates present, more than — or at least — half of ALL delegates in favour, per
    jurisdiction). The vote is a wcongress motion: its quorum check and pass rule are the
    congress's own (a vote below the quorum is refused and records nothing)."""
    from gonghui.wcongress import services as wcongress

    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.DRAFTED)
    congress = session.congress
    covered = set(contract.employers.values_list("pk", flat=True))
    if not covered <= set(congress.employers.values_list("pk", flat=True)):
        raise ValidationError({"session": _(
            "%(congress)s is not the workers' congress of every employer this contract covers.") % {
            "congress": congress.name}})
    if contract.draft_agreed_on and session.held_on < contract.draft_agreed_on:
        raise ValidationError({"session": _("The session (%(day)s) is before the draft was agreed.") % {
            "day": session.held_on}})
    motion = wcongress.record_vote(session, acting_user=acting_user, title=_("Collective contract draft: %(title)s")
                                   % {"title": contract.title}, present=present, in_favour=in_favour,
                                   against=against, abstain=abstain)
    contract.motion = motion
    if motion.passed:
        contract.state = C.State.APPROVED
        deadlines.close(contract, DRAFT_KIND)
    contract.save(update_fields=["motion", "state"])
    audit.record("update", actor=acting_user, obj=contract, changes={"motion": [None, motion.pk],
                                                                     "passed": [None, motion.passed]},
                 reason=motion.rule_text)
    return motion


# --- signing, filing, review --------------------------------------------------------------------

def check_term(term_start, term_end, region):
    """Refuse a term outside the jurisdiction's one to three years (集体合同规定 art.38)."""
    _date(term_start, "term_start", _("first day of the term"))
    _date(term_end, "term_end", _("last day of the term"))
    shortest, longest, lo, hi = rules.term_limits(term_start, region)
    if term_end < shortest or term_end > longest:
        raise ValidationError({"term_end": _(
            "The term %(start)s to %(end)s is outside %(lo)s to %(hi)s years (%(source)s): the last day lies "
            "between %(shortest)s and %(longest)s. Nothing was changed.") % {
            "start": term_start, "end": term_end, "lo": lo.value, "hi": hi.value, "source": hi.source,
            "shortest": shortest, "longest": longest}})


@transaction.atomic
def sign(contract, *, acting_user, signed_on, term_start, term_end, wage_increase_pct=None):
    """The chiefs sign the approved contract; filing is due within the jurisdiction's days of
    signing (集体合同规定 art.42: 10 days)."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.APPROVED)
    _not_future(signed_on, "signed_on", _("date of signing"))
    voted = contract.motion.session.held_on if contract.motion_id else contract.draft_agreed_on
    if voted and signed_on < voted:
        raise ValidationError({"signed_on": _("The contract is signed after the workers' congress approved it "
                                              "(%(day)s).") % {"day": voted}})
    check_term(term_start, term_end, contract.region_code)
    if wage_increase_pct not in (None, ""):
        contract.wage_increase_pct = _pct(wage_increase_pct)
    if contract.kind == C.Kind.WAGE and contract.wage_increase_pct is None:
        raise ValidationError({"wage_increase_pct": _("A wage agreement states the wage increase agreed.")})
    due, ruling = rules.period("contracts.filing_days", signed_on, contract.region_code)
    contract.signed_on, contract.term_start, contract.term_end = signed_on, term_start, term_end
    contract.filing_due_on, contract.state = due, C.State.SIGNED
    _keep(contract, "filing_due_on", ruling, signed_on, due)
    contract.save()
    deadlines.track(contract, kind=FILING_KIND, started_on=signed_on, rule="contracts.filing_days",
                    union=contract.union, title=_("File the collective contract: %(title)s") % {
                        "title": contract.title}, url=_url(contract))
    audit.record("update", actor=acting_user, obj=contract, changes={
        "signed_on": [None, str(signed_on)], "term": [None, f"{term_start}–{term_end}"],
        "filing_due_on": [None, str(due)]}, reason=rules.rule_text(contract.rules_used["filing_due_on"]))
    return contract


@transaction.atomic
def record_filing(contract, *, acting_user, filed_on):
    """Filed with the labour department (集体合同规定 art.42: within 10 days of signing). A late
    filing is refused, naming the rule; the review period (art.45: 15 days) starts."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.SIGNED)
    _not_future(filed_on, "filed_on", _("date of filing"))
    if filed_on < contract.signed_on:
        raise ValidationError({"filed_on": _("The contract is filed after it was signed (%(day)s).") % {
            "day": contract.signed_on}})
    if filed_on > contract.filing_due_on:
        entry = contract.rules_used["filing_due_on"]
        raise ValidationError({"filed_on": _(
            "Filed late: the contract signed on %(signed)s had to be filed by %(due)s (%(rule)s). Nothing was "
            "changed.") % {"signed": contract.signed_on, "due": contract.filing_due_on,
                           "rule": rules.rule_text(entry)}})
    due, ruling = rules.period("contracts.objection_days", filed_on, contract.region_code)
    contract.filed_on, contract.review_ends_on, contract.state = filed_on, due, C.State.FILED
    _keep(contract, "review_ends_on", ruling, filed_on, due)
    contract.save()
    deadlines.close(contract, FILING_KIND)
    deadlines.track(contract, kind=REVIEW_KIND, started_on=filed_on, rule="contracts.objection_days",
                    union=contract.union, title=_("Labour department's review: %(title)s") % {
                        "title": contract.title}, url=_url(contract))
    audit.record("update", actor=acting_user, obj=contract, changes={
        "filed_on": [None, str(filed_on)], "review_ends_on": [None, str(due)]},
        reason=rules.rule_text(contract.rules_used["review_ends_on"]))
    return contract


@transaction.atomic
def record_objection(contract, *, acting_user, received_on, text):
    """The labour department objects within its review period (art.45): the sides bargain again."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.FILED)
    _not_future(received_on, "received_on", _("date the objection was received"))
    text = _text(text, "text", _("objection"))
    if received_on < contract.filed_on or received_on > contract.review_ends_on:
        raise ValidationError({"received_on": _(
            "An objection counts only within the review period, %(start)s to %(end)s (%(rule)s); after it the "
            "contract is in force.") % {"start": contract.filed_on, "end": contract.review_ends_on,
                                       "rule": rules.rule_text(contract.rules_used["review_ends_on"])}})
    contract.objection_on, contract.objection_text, contract.state = received_on, text, C.State.OBJECTED
    contract.save(update_fields=["objection_on", "objection_text", "state"])
    deadlines.close(contract, REVIEW_KIND)
    audit.record("update", actor=acting_user, obj=contract, changes={"state": [C.State.FILED, C.State.OBJECTED]},
                 reason=text)
    return contract


def _take_effect(contract, acting_user):
    contract.effective_on = contract.review_ends_on + datetime.timedelta(days=1)
    contract.state = C.State.IN_FORCE
    start, ruling = rules.renewal_window(contract.term_end, contract.region_code)
    contract.renewal_from = start
    _keep(contract, "renewal_from", ruling, contract.term_end, start)
    contract.save(update_fields=["effective_on", "state", "renewal_from", "rules_used"])
    deadlines.close(contract, REVIEW_KIND)
    deadlines.track(contract, kind=RENEWAL_KIND, started_on=start, due_on=contract.term_end, union=contract.union,
                    title=_("Renew the collective contract before it expires: %(title)s") % {"title": contract.title},
                    url=_url(contract))
    audit.record("update", actor=acting_user, obj=contract, changes={
        "state": [C.State.FILED, C.State.IN_FORCE], "effective_on": [None, str(contract.effective_on)],
        "renewal_from": [None, str(start)]},
        reason=_("No objection within the review period (%(rule)s).") % {
            "rule": rules.rule_text(contract.rules_used["review_ends_on"])})


@transaction.atomic
def take_effect(contract, *, acting_user, today=None):
    """No objection came within the review period: the contract is in force from the day after
    it ended (劳动合同法 art.54; 集体合同规定 art.46). Before that day it is refused."""
    require(acting_user, "contracts.change_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.FILED)
    today = today or timezone.localdate()
    if today <= contract.review_ends_on:
        raise ValidationError(_(
            "The labour department may still object until %(end)s (%(rule)s); the contract takes effect the day "
            "after.") % {"end": contract.review_ends_on,
                         "rule": rules.rule_text(contract.rules_used["review_ends_on"])})
    _take_effect(contract, acting_user)
    return contract


def take_effect_due(today=None):
    """Daily: filed contracts whose review period ended without objection take effect. Idempotent."""
    today = today or timezone.localdate()
    n = 0
    for contract in C.objects.filter(state=C.State.FILED, review_ends_on__lt=today).select_related("union"):
        with transaction.atomic():
            _take_effect(contract, None)
        n += 1
    return n


def remind_renewals(today=None):
    """Daily: contracts in force whose renewal window has opened (3 months before expiry; 浙江
    90 days) and that have no renewal under way: the union's staff are told once."""
    today = today or timezone.localdate()
    n = 0
    due = (C.objects.filter(state=C.State.IN_FORCE, renewal_from__lte=today, term_end__gte=today,
                            renewal_notified_at__isnull=True)
           .exclude(renewals__isnull=False).select_related("union"))
    for contract in due:
        entry = contract.rules_used.get("renewal_from", {})
        with transaction.atomic():
            notify(StaffOf(contract.union), kind="contract_renewal_due",
                   title=_("Collective contract expires on %(end)s: ask to renew") % {"end": contract.term_end},
                   body=_("%(title)s expires on %(end)s. Either side may ask to renew from %(from)s (%(rule)s).") % {
                       "title": contract.title, "end": contract.term_end, "from": contract.renewal_from,
                       "rule": rules.rule_text(entry) if entry else ""},
                   url=_url(contract), obj=contract, key=f"contract-renewal-{contract.pk}-{contract.term_end}")
            C.objects.filter(pk=contract.pk).update(renewal_notified_at=timezone.now())
        n += 1
    return n


@transaction.atomic
def renew(contract, *, acting_user, requested_on, request_text=""):
    """A request to renew (续订) a contract in force: a new contract of the same kind, for the
    same employers, that names the one it renews."""
    require(acting_user, "contracts.add_collectivecontract", contract.union, obj=contract)
    _state(contract, C.State.IN_FORCE)
    if contract.renewals.exists():
        raise ValidationError(_("A renewal of this contract is already under way."))
    new = request_bargaining(acting_user=acting_user, union=contract.union, title=contract.title,
                             employers=list(contract.employers.all()), requested_on=requested_on,
                             kind=contract.kind, coverage=contract.coverage, request_text=request_text,
                             renews=contract)
    deadlines.close(contract, RENEWAL_KIND)  # asked to renew: the reminder has done its work
    return new
