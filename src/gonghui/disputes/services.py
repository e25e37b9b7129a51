"""Every write of the disputes app: the permission check, the rule (from the rulebook for the
employer's jurisdiction, named with its source in every refusal), the audit record, the stored
deadlines (Deadline rows, so the responsible people get reminders ahead) and notices, in one
transaction. A refused input writes nothing."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.dates import not_in_future
from gonghui.rules import deadlines

from . import rules
from .models import (
    DEADLINE_KINDS,
    MONEY_CLAIMS,
    CourtReferral,
    Dispute,
    Interruption,
    MediationBody,
    MediationMember,
    SignalEntry,
    WatchAction,
)

S = Dispute.State


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def _date(value, field, label, *, past=True):
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    return not_in_future(value, field=field, label=label) if past else value


def _not_before(value, earlier, field, label, earlier_label):
    if earlier is not None and value < earlier:
        raise ValidationError({field: _("%(label)s (%(value)s) cannot be before %(earlier)s (%(day)s).") % {
            "label": label, "value": value, "earlier": earlier_label, "day": earlier}})


def _in_state(dispute, states, what):
    if dispute.state not in states:
        raise ValidationError(_("The dispute is “%(state)s”: %(what)s is not possible now.") % {
            "state": dispute.get_state_display(), "what": what})


def _url(dispute):
    return reverse("disputes:detail", args=[dispute.pk])


def _track(dispute, kind, due, title):
    """Store the deadline with its rule so it is listed, reminded and counted again on calendar edits."""
    return deadlines.track(dispute, kind=kind, started_on=due.start, due_on=due.on, union=dispute.union,
                           responsible=dispute.handler, title=title, url=_url(dispute),
                           rule=due.ruling.name if due.ruling else None,
                           n=int(due.ruling.value) if due.ruling else None,
                           unit=due.ruling.unit if due.ruling else None)


def _track_time_bar(dispute):
    """Art. 27's year as a tracked deadline, so the handler is told ahead that the worker must
    apply for arbitration before it runs out; counted again when an interruption restarts it.
    Wages owed while employed have no time bar: nothing is tracked."""
    bar = time_bar(dispute)
    if bar.on is None:
        deadlines.close(dispute, "dispute_time_bar")
        return None
    return _track(dispute, "dispute_time_bar", bar, _("Time bar for arbitration in %(number)s runs out") % {
        "number": dispute.number})


# --- mediation bodies ----------------------------------------------------------------------------

@transaction.atomic
def create_body(*, acting_user, union, kind, name, employer=None, phone=""):
    """A mediation body. An enterprise mediation committee belongs to one employer (one each)."""
    require(acting_user, "disputes.add_mediationbody", union)
    if kind not in MediationBody.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    name = _text(name, "name", _("name of the body"), 120)
    if kind == MediationBody.Kind.ENTERPRISE:
        if employer is None:
            raise ValidationError({"employer": _("An enterprise mediation committee is set up in one employer "
                                                 "(劳动争议调解仲裁法 第十条): choose it.")})
        if MediationBody.objects.filter(kind=kind, employer=employer).exists():
            raise ValidationError({"employer": _("%(employer)s already has a mediation committee.") % {
                "employer": employer.name}})
    body = MediationBody.objects.create(union=union, kind=kind, name=name, employer=employer,
                                        phone=(phone or "").strip()[:30], created_by=acting_user)
    audit.record("create", actor=acting_user, obj=body, changes={"name": [None, name], "kind": [None, kind]})
    return body


@transaction.atomic
def add_mediator(body, *, acting_user, name, side, is_chair=False, from_union=False, title=""):
    """A member of a body. 劳动争议调解仲裁法 第十条: an enterprise committee has workers' and the
    employer's representatives, and its chair comes from the union (or is agreed by both sides;
    this system records the union's chair). One chair per body."""
    require(acting_user, "disputes.add_mediationmember", body.union, obj=body)
    name = _text(name, "name", _("name"), 60)
    if side not in MediationMember.Side.values:
        raise ValidationError({"side": _("Choose a valid side.")})
    if is_chair:
        if body.members.filter(is_chair=True, active=True).exists():
            raise ValidationError({"is_chair": _("This body already has a chair; a body has one chair.")})
        if body.kind == MediationBody.Kind.ENTERPRISE and not from_union:
            raise ValidationError({"is_chair": _("The chair of an enterprise mediation committee is a union member "
                                                 "(劳动争议调解仲裁法 第十条).")})
    m = MediationMember.objects.create(body=body, name=name, side=side, is_chair=bool(is_chair),
                                       from_union=bool(from_union), title=(title or "").strip()[:60])
    audit.record("create", actor=acting_user, obj=m, union=body.union, changes={"name": [None, name],
                                                                               "side": [None, side]})
    return m


def body_problems(body):
    """What keeps a body from being lawfully composed (art. 10), for its page and the API."""
    members = [m for m in body.members.all() if m.active]
    out = []
    if not any(m.is_chair for m in members):
        out.append(_("No chair."))
    if body.kind == MediationBody.Kind.ENTERPRISE:
        if not any(m.side == MediationMember.Side.WORKERS for m in members):
            out.append(_("No workers' representative (劳动争议调解仲裁法 第十条)."))
        if not any(m.side == MediationMember.Side.EMPLOYER for m in members):
            out.append(_("No employer's representative (劳动争议调解仲裁法 第十条)."))
    return out


# --- disputes ------------------------------------------------------------------------------------

def _number(dispute):
    return f"LD{(dispute.received_on or dispute.applied_on or timezone.localdate()).year}-{dispute.pk:06d}"


@transaction.atomic
def receive(*, acting_user, union, employer, worker_name, claim, event_on, knew_on, received_on=None,
            body=None, workers=1, claim_text="", amount_fen=0, employed=True, employment_ended_on=None,
            handler=None, referral=None, applied_on=None, commission=""):
    """A dispute received for mediation (`received_on`), or brought straight to arbitration
    (`applied_on` without mediation). The 15-day mediation period starts the day after receipt."""
    require(acting_user, "disputes.add_dispute", union)
    worker_name = _text(worker_name, "worker_name", _("worker's name"), 60)
    if claim not in Dispute.Claim.values:
        raise ValidationError({"claim": _("Choose the kind of claim.")})
    event_on = _date(event_on, "event_on", _("Event date"))
    knew_on = _date(knew_on, "knew_on", _("Date the worker knew of the infringement"))
    _not_before(knew_on, event_on, "knew_on", _("Date the worker knew of the infringement"), _("the event date"))
    try:
        workers = int(workers)
        amount_fen = int(amount_fen or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("Give the number of workers and the amount as numbers.")) from None
    if workers < 1:
        raise ValidationError({"workers": _("At least one worker brings a dispute.")})
    if amount_fen < 0:
        raise ValidationError({"amount_fen": _("The amount claimed cannot be negative.")})
    if not employed:
        employment_ended_on = _date(employment_ended_on, "employment_ended_on", _("Date the employment ended"))
    else:
        employment_ended_on = None
    if body is not None and body.employer_id and body.employer_id != employer.pk:
        raise ValidationError({"body": _("%(body)s mediates only the disputes of %(employer)s.") % {
            "body": body.name, "employer": body.employer.name}})
    if received_on is None and applied_on is None:
        raise ValidationError({"received_on": _("Give the day the mediation application was received.")})
    d = Dispute(union=union, number=uuid.uuid4().hex[:24], body=body, referral=referral, employer=employer,
                worker_name=worker_name, workers=workers, claim=claim, claim_text=(claim_text or "").strip(),
                amount_fen=amount_fen, event_on=event_on, knew_on=knew_on, employed=bool(employed),
                employment_ended_on=employment_ended_on, handler=handler or acting_user, created_by=acting_user)
    if received_on is not None:
        received_on = _date(received_on, "received_on", _("Day the mediation application was received"))
        _not_before(received_on, event_on, "received_on", _("Day the mediation application was received"),
                    _("the event date"))
        due = rules.mediation(received_on, employer.region_id)
        d.received_on, d.mediation_due_on, d.mediation_rule = received_on, due.on, due.text
        d.state = S.MEDIATING
    d.save()
    d.number = _number(d)
    d.save(update_fields=["number"])
    changes = {"worker_name": [None, worker_name], "claim": [None, claim], "amount_fen": [None, amount_fen]}
    if received_on is not None:
        _track(d, "dispute_mediation", due, _("Mediation of %(number)s ends") % {"number": d.number})
        changes["mediation_due_on"] = [None, str(due.on)]
    audit.record("create", actor=acting_user, obj=d, changes=changes, reason=d.mediation_rule)
    _track_time_bar(d)
    if received_on is None:
        apply_arbitration(d, acting_user=acting_user, applied_on=applied_on, commission=commission)
    return d


@transaction.atomic
def extend_mediation(dispute, *, acting_user, until, note):
    """Zhejiang: both parties may agree to mediate beyond the 15 days; elsewhere the statute
    gives no extension (the parties may apply for arbitration)."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.MEDIATING], _("extending the mediation"))
    allowed = rules.extension_allowed(dispute.region_code, dispute.received_on)
    if not allowed.value:
        raise ValidationError({"until": _("Mediation cannot be extended here: no agreement within the period means "
                                          "the parties may apply for arbitration (%(source)s).") % {
            "source": allowed.source}})
    if not isinstance(until, datetime.date) or until <= dispute.mediation_due_on:
        raise ValidationError({"until": _("The agreed new end must come after %(day)s.") % {
            "day": dispute.mediation_due_on}})
    note = _text(note, "note", _("the parties' agreement to extend"), 300)
    before = dispute.mediation_due_on
    dispute.mediation_due_on, dispute.mediation_extended = until, True
    dispute.mediation_rule = f"{dispute.mediation_rule}；" + _("extended by agreement to %(day)s (%(source)s)") % {
        "day": until, "source": allowed.source}
    dispute.save(update_fields=["mediation_due_on", "mediation_extended", "mediation_rule"])
    deadlines.track(dispute, kind="dispute_mediation", started_on=dispute.received_on, due_on=until,
                    union=dispute.union, responsible=dispute.handler, url=_url(dispute),
                    title=_("Mediation of %(number)s ends") % {"number": dispute.number})
    audit.record("update", actor=acting_user, obj=dispute, changes={"mediation_due_on": [str(before), str(until)]},
                 reason=note)
    return dispute


@transaction.atomic
def record_agreement(dispute, *, acting_user, agreed_on, signed, stamped, text, amount_fen=0, pay_by=None):
    """A mediation agreement takes effect once both parties and the mediator have signed and the
    body has stamped it (art. 14); it closes the mediation."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.MEDIATING], _("recording an agreement"))
    agreed_on = _date(agreed_on, "agreed_on", _("Day the agreement was signed"))
    _not_before(agreed_on, dispute.received_on, "agreed_on", _("Day the agreement was signed"),
                _("the day the application was received"))
    if not signed or not stamped:
        raise ValidationError({"stamped": _(
            "A mediation agreement takes effect once signed by both parties and the mediator and stamped by the "
            "mediation body (劳动争议调解仲裁法 第十四条).")})
    text = _text(text, "text", _("agreement"))
    if int(amount_fen or 0) < 0:
        raise ValidationError({"amount_fen": _("The amount agreed cannot be negative.")})
    if pay_by is not None and pay_by < agreed_on:
        raise ValidationError({"pay_by": _("The day to pay cannot be before the agreement.")})
    dispute.state, dispute.agreed_on, dispute.agreement_stamped = S.AGREED, agreed_on, True
    dispute.agreement_text, dispute.agreement_fen, dispute.pay_by = text, int(amount_fen or 0), pay_by
    dispute.save(update_fields=["state", "agreed_on", "agreement_stamped", "agreement_text", "agreement_fen",
                                "pay_by"])
    deadlines.close(dispute, "dispute_mediation")
    deadlines.close(dispute, "dispute_time_bar")  # the employer agreed to perform (art. 27 interruption)
    if pay_by is not None and dispute.claim in MONEY_CLAIMS:
        deadlines.track(dispute, kind="dispute_payment", started_on=agreed_on, due_on=pay_by, union=dispute.union,
                        responsible=dispute.handler, url=_url(dispute),
                        title=_("Payment agreed in %(number)s") % {"number": dispute.number})
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [S.MEDIATING, S.AGREED],
                                                                   "agreement_fen": [None, dispute.agreement_fen]})
    return dispute


@transaction.atomic
def record_payment(dispute, *, acting_user, paid_on):
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.AGREED], _("recording the payment"))
    paid_on = _date(paid_on, "paid_on", _("Day paid"))
    _not_before(paid_on, dispute.agreed_on, "paid_on", _("Day paid"), _("the agreement"))
    dispute.paid_on, dispute.state, dispute.closed_on = paid_on, S.CLOSED, paid_on
    dispute.save(update_fields=["paid_on", "state", "closed_on"])
    deadlines.close(dispute, "dispute_payment")
    audit.record("update", actor=acting_user, obj=dispute, changes={"paid_on": [None, str(paid_on)]})
    return dispute


@transaction.atomic
def apply_payment_order(dispute, *, acting_user, applied_on):
    """劳动争议调解仲裁法 第十六条: an agreement on wages, injury costs, compensation or damages that
    the employer did not pay by the agreed day → the worker may ask a court for a 支付令."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.AGREED], _("a payment order"))
    applied_on = _date(applied_on, "applied_on", _("Day of the application"))
    if dispute.claim not in MONEY_CLAIMS or dispute.pay_by is None or dispute.paid_on is not None \
            or applied_on <= dispute.pay_by:
        raise ValidationError({"applied_on": _("A payment order is for an agreement on wages, injury costs, "
                                               "compensation or damages not paid by the agreed day (劳动争议调解仲裁法 "
                                               "第十六条).")})
    dispute.payment_order_on = applied_on
    dispute.save(update_fields=["payment_order_on"])
    audit.record("update", actor=acting_user, obj=dispute, changes={"payment_order_on": [None, str(applied_on)]})
    return dispute


@transaction.atomic
def end_mediation(dispute, *, acting_user, on, reason):
    """No agreement (a party refused, or the period ran out): the parties may apply for arbitration."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.MEDIATING], _("ending the mediation"))
    on = _date(on, "on", _("Day the mediation ended"))
    _not_before(on, dispute.received_on, "on", _("Day the mediation ended"), _("the day the application was received"))
    reason = _text(reason, "reason", _("reason"), 300)
    dispute.state, dispute.outcome = S.UNRESOLVED, reason
    dispute.save(update_fields=["state", "outcome"])
    deadlines.close(dispute, "dispute_mediation")
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [S.MEDIATING, S.UNRESOLVED]},
                 reason=reason)
    return dispute


@transaction.atomic
def add_interruption(dispute, *, acting_user, on, kind, note=""):
    """Art. 27: a claim on the employer, a request for help, or the employer agreeing to perform
    interrupts the time bar; it runs again from that day."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    on = _date(on, "on", _("Day of the interruption"))
    _not_before(on, dispute.knew_on, "on", _("Day of the interruption"), _("the day the worker knew"))
    if kind not in Interruption.Kind.values:
        raise ValidationError({"kind": _("Choose what interrupted the time bar.")})
    i = Interruption.objects.create(dispute=dispute, on=on, kind=kind, note=(note or "").strip()[:200],
                                    created_by=acting_user)
    audit.record("create", actor=acting_user, obj=i, union=dispute.union, changes={"on": [None, str(on)]})
    if dispute.applied_on is None:
        _track_time_bar(dispute)
    return i


def time_bar(dispute, on=None):
    return rules.time_bar(dispute, list(dispute.interruptions.all()), on=on)


@transaction.atomic
def apply_arbitration(dispute, *, acting_user, applied_on, commission=""):
    """The worker applies to the arbitration commission: after mediation failed or ran out, when
    an agreement was not honoured (art. 15), or without mediation. The commission decides on
    acceptance within 5 days (art. 29)."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    if dispute.state == S.MEDIATING and not (dispute.mediation_due_on and dispute.received_on):
        pass  # brought straight to arbitration (no mediation)
    elif dispute.state == S.MEDIATING:
        applied = applied_on if isinstance(applied_on, datetime.date) else timezone.localdate()
        if applied <= dispute.mediation_due_on:
            raise ValidationError({"applied_on": _("Mediation runs until %(day)s (%(rule)s): record that it ended "
                                                   "without agreement first, or apply after that day.") % {
                "day": dispute.mediation_due_on, "rule": dispute.mediation_rule}})
    else:
        _in_state(dispute, [S.UNRESOLVED, S.AGREED], _("applying for arbitration"))
    applied_on = _date(applied_on, "applied_on", _("Day of the arbitration application"))
    _not_before(applied_on, dispute.received_on or dispute.knew_on, "applied_on",
                _("Day of the arbitration application"), _("the day the dispute was received"))
    due = rules.accept(applied_on, dispute.region_code)
    before = dispute.state
    dispute.state, dispute.applied_on, dispute.accept_due_on = S.APPLIED, applied_on, due.on
    dispute.commission = (commission or "").strip()[:120]
    dispute.save(update_fields=["state", "applied_on", "accept_due_on", "commission"])
    deadlines.close(dispute, "dispute_mediation")
    deadlines.close(dispute, "dispute_payment")
    deadlines.close(dispute, "dispute_time_bar")
    _track(dispute, "dispute_accept", due, _("Acceptance of %(number)s to be decided") % {"number": dispute.number})
    bar = time_bar(dispute, on=applied_on)
    reason = due.text
    if bar.on is not None and applied_on > bar.on:
        reason += "；" + _("the time bar ended on %(day)s (%(rule)s)") % {"day": bar.on, "rule": bar.text}
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [before, S.APPLIED],
                                                                   "accept_due_on": [None, str(due.on)]},
                 reason=reason)
    return dispute


@transaction.atomic
def accept_arbitration(dispute, *, acting_user, accepted_on, simple=False):
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.APPLIED], _("recording acceptance"))
    accepted_on = _date(accepted_on, "accepted_on", _("Day accepted"))
    _not_before(accepted_on, dispute.applied_on, "accepted_on", _("Day accepted"), _("the application"))
    due = rules.award(accepted_on, dispute.region_code, simple=simple)
    dispute.state, dispute.accepted_on, dispute.simple_procedure = S.ACCEPTED, accepted_on, bool(simple)
    dispute.award_due_on, dispute.award_rule = due.on, due.text
    dispute.save(update_fields=["state", "accepted_on", "simple_procedure", "award_due_on", "award_rule"])
    deadlines.close(dispute, "dispute_accept")
    _track(dispute, "dispute_award", due, _("Award in %(number)s due") % {"number": dispute.number})
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [S.APPLIED, S.ACCEPTED],
                                                                   "award_due_on": [None, str(due.on)]},
                 reason=due.text)
    return dispute


@transaction.atomic
def refuse_arbitration(dispute, *, acting_user, on, reason):
    """Not accepted (or no decision within 5 days): the worker may sue (art. 29)."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.APPLIED], _("recording a refusal"))
    on = _date(on, "on", _("Day of the decision"))
    _not_before(on, dispute.applied_on, "on", _("Day of the decision"), _("the application"))
    reason = _text(reason, "reason", _("reason"), 300)
    dispute.state, dispute.outcome = S.NOT_ACCEPTED, reason
    dispute.save(update_fields=["state", "outcome"])
    deadlines.close(dispute, "dispute_accept")
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [S.APPLIED, S.NOT_ACCEPTED]},
                 reason=reason)
    return dispute


@transaction.atomic
def extend_award(dispute, *, acting_user, reason, on=None):
    """Art. 43: the chair of the commission may extend the award period once, by at most 15 days,
    before it ends. A second extension is refused."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.ACCEPTED], _("extending the award period"))
    on = on or timezone.localdate()
    if dispute.award_extended:
        ext = rules.award_extension(dispute.award_due_on, dispute.region_code, on)
        raise ValidationError({"reason": _(
            "The award period can be extended only once, by at most %(n)s days (%(source)s); it was extended "
            "already.") % {"n": ext.ruling.value, "source": ext.ruling.source}})
    if on > dispute.award_due_on:
        raise ValidationError({"reason": _("The award period ended on %(day)s; an extension is approved before it "
                                           "ends (劳动争议调解仲裁法 第四十三条).") % {"day": dispute.award_due_on}})
    reason = _text(reason, "reason", _("reason for the extension"), 300)
    ext = rules.award_extension(dispute.award_due_on, dispute.region_code, on)
    before = dispute.award_due_on
    dispute.award_due_on, dispute.award_extended, dispute.extension_reason = ext.on, True, reason
    dispute.award_rule = f"{dispute.award_rule}；" + _("extended once: %(rule)s") % {"rule": ext.text}
    dispute.save(update_fields=["award_due_on", "award_extended", "extension_reason", "award_rule"])
    deadlines.track(dispute, kind="dispute_award", started_on=dispute.accepted_on, due_on=ext.on,
                    union=dispute.union, responsible=dispute.handler, url=_url(dispute),
                    title=_("Award in %(number)s due") % {"number": dispute.number})
    audit.record("update", actor=acting_user, obj=dispute, changes={"award_due_on": [str(before), str(ext.on)]},
                 reason=reason)
    return dispute


@transaction.atomic
def record_award(dispute, *, acting_user, awarded_on, outcome):
    """The award: refused when it is dated after the award period without an extension (art.
    43). Final or not by art. 47; the court periods of arts. 48-50 follow."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    _in_state(dispute, [S.ACCEPTED], _("recording the award"))
    awarded_on = _date(awarded_on, "awarded_on", _("Day of the award"))
    _not_before(awarded_on, dispute.accepted_on, "awarded_on", _("Day of the award"), _("acceptance"))
    if awarded_on > dispute.award_due_on:
        if dispute.award_extended:
            msg = _("The award of %(day)s is after the extended award period, which ended on %(due)s (%(rule)s); "
                    "no further extension is allowed.")
        else:
            msg = _("The award of %(day)s is after the award period, which ended on %(due)s (%(rule)s), and the "
                    "period was not extended: record the chair's extension first, or the parties may sue.")
        raise ValidationError({"awarded_on": msg % {"day": awarded_on, "due": dispute.award_due_on,
                                                    "rule": dispute.award_rule}})
    outcome = _text(outcome, "outcome", _("award"))
    fin = rules.finality(dispute.claim, dispute.amount_fen, dispute.region_code, awarded_on)
    worker, employer = rules.court(awarded_on, fin.final, dispute.region_code)
    dispute.state, dispute.awarded_on, dispute.outcome = S.AWARDED, awarded_on, outcome
    dispute.final, dispute.final_rule = fin.final, fin.text
    dispute.worker_court_due_on, dispute.employer_court_due_on = worker.on, employer.on
    dispute.court_rule = worker.text if worker is employer else f"{worker.text}；{employer.text}"
    dispute.save(update_fields=["state", "awarded_on", "outcome", "final", "final_rule", "worker_court_due_on",
                                "employer_court_due_on", "court_rule"])
    deadlines.close(dispute, "dispute_award")
    _track(dispute, "dispute_court", worker, _("Last day to sue over the award in %(number)s") % {
        "number": dispute.number})
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [S.ACCEPTED, S.AWARDED],
                                                                   "final": [None, fin.final]}, reason=fin.text)
    return dispute


@transaction.atomic
def close(dispute, *, acting_user, on, outcome, withdrawn=False):
    """Closed (an award in force, a judgment, settled) or withdrawn by the worker."""
    require(acting_user, "disputes.change_dispute", dispute.union, obj=dispute)
    if dispute.state in (S.CLOSED, S.WITHDRAWN):
        raise ValidationError(_("The dispute is closed already."))
    on = _date(on, "on", _("Day closed"))
    outcome = _text(outcome, "outcome", _("outcome"))
    before = dispute.state
    dispute.state = S.WITHDRAWN if withdrawn else S.CLOSED
    dispute.closed_on, dispute.outcome = on, outcome
    dispute.save(update_fields=["state", "closed_on", "outcome"])
    for kind in DEADLINE_KINDS:  # the case's own periods (a referral's report is tracked on the referral)
        if kind.startswith("dispute_"):
            deadlines.close(dispute, kind)
    audit.record("update", actor=acting_user, obj=dispute, changes={"state": [before, dispute.state]}, reason=outcome)
    return dispute


def deadlines_of(dispute):
    """Every period of the case with its date and rule, for its page and the API answer."""
    out = []
    if dispute.received_on:
        out.append({"name": "mediation", "label": _("Mediation period"), "due_on": dispute.mediation_due_on,
                    "rule": dispute.mediation_rule, "open": dispute.state == S.MEDIATING})
    bar = time_bar(dispute)
    out.append({"name": "time_bar", "label": _("Time bar for arbitration"), "due_on": bar.on, "rule": bar.text,
                "open": dispute.applied_on is None})
    if dispute.applied_on:
        out.append({"name": "accept", "label": _("Decision on acceptance"), "due_on": dispute.accept_due_on,
                    "rule": rules.accept(dispute.applied_on, dispute.region_code).text,
                    "open": dispute.state == S.APPLIED})
    if dispute.accepted_on:
        out.append({"name": "award", "label": _("Award"), "due_on": dispute.award_due_on,
                    "rule": dispute.award_rule, "open": dispute.state == S.ACCEPTED})
    if dispute.awarded_on:
        out.append({"name": "worker_court", "label": _("Worker may sue until"), "due_on": dispute.worker_court_due_on,
                    "rule": dispute.court_rule, "open": dispute.state == S.AWARDED})
        if dispute.final:
            out.append({"name": "employer_court", "label": _("Employer may apply to set aside until"),
                        "due_on": dispute.employer_court_due_on, "rule": dispute.court_rule,
                        "open": dispute.state == S.AWARDED})
    return out


# --- 工会+法院 诉调对接 ---------------------------------------------------------------------------

@transaction.atomic
def refer(*, acting_user, union, court, court_case, referred_on, body=None, **dispute_fields):
    """A court refers a case to union mediation: the referral and its dispute (received the day
    of the referral), with the day to report back to the court."""
    require(acting_user, "disputes.add_courtreferral", union)
    court = _text(court, "court", _("court"), 120)
    court_case = _text(court_case, "court_case", _("court case number"), 60)
    referred_on = _date(referred_on, "referred_on", _("Day referred"))
    due = rules.referral_report(referred_on, union.region_id)
    if body is None:  # the union's own mediation office (工会调解工作室), when it has one
        body = MediationBody.objects.filter(union=union, kind=MediationBody.Kind.UNION, active=True).first()
    r = CourtReferral.objects.create(union=union, court=court, court_case=court_case, referred_on=referred_on,
                                     report_due_on=due.on, created_by=acting_user)
    d = receive(acting_user=acting_user, union=union, body=body, referral=r, received_on=referred_on, **dispute_fields)
    deadlines.track(r, kind="referral_report", started_on=referred_on, due_on=due.on, union=union,
                    responsible=d.handler, url=_url(d), rule=due.ruling.name, n=int(due.ruling.value),
                    unit=due.ruling.unit, title=_("Report back to %(court)s on %(case)s") % {
                        "court": court, "case": court_case})
    audit.record("create", actor=acting_user, obj=r, changes={"court_case": [None, court_case]}, reason=due.text)
    return r


@transaction.atomic
def report_referral(referral, *, acting_user, reported_on, note):
    """The outcome goes back to the court once the mediation has ended (agreement, none, withdrawn)."""
    require(acting_user, "disputes.change_courtreferral", referral.union, obj=referral)
    dispute = referral.dispute
    outcome = {S.AGREED: CourtReferral.Outcome.AGREED, S.CLOSED: CourtReferral.Outcome.AGREED,
               S.UNRESOLVED: CourtReferral.Outcome.FAILED, S.WITHDRAWN: CourtReferral.Outcome.WITHDRAWN}.get(
        dispute.state)
    if outcome is None:
        raise ValidationError(_("The mediation has not ended (the dispute is “%(state)s”): report once it has.") % {
            "state": dispute.get_state_display()})
    if referral.reported_on:
        raise ValidationError(_("The outcome was reported on %(day)s already.") % {"day": referral.reported_on})
    reported_on = _date(reported_on, "reported_on", _("Day reported"))
    _not_before(reported_on, referral.referred_on, "reported_on", _("Day reported"), _("the referral"))
    note = _text(note, "note", _("report to the court"))
    referral.outcome, referral.outcome_on = outcome, dispute.agreed_on or dispute.closed_on or reported_on
    referral.reported_on, referral.report_note = reported_on, note
    referral.save(update_fields=["outcome", "outcome_on", "reported_on", "report_note"])
    deadlines.close(referral, "referral_report")
    audit.record("update", actor=acting_user, obj=referral, changes={"outcome": [None, outcome]}, reason=note)
    return referral


# --- 劳动关系预警 ---------------------------------------------------------------------------------

@transaction.atomic
def add_signal(*, acting_user, union, employer, code, on, count=1, amount_fen=0, note=""):
    """A signal entered by hand; the employer is assessed again at once."""
    from . import warning

    require(acting_user, "disputes.add_signalentry", union)
    if code not in warning.MANUAL:
        raise ValidationError({"code": _("Choose a signal that is entered by hand.")})
    on = _date(on, "on", _("Day of the signal"))
    try:
        count, amount_fen = int(count), int(amount_fen or 0)
    except (TypeError, ValueError):
        raise ValidationError({"count": _("Give the count as a whole number.")}) from None
    if count < 1:
        raise ValidationError({"count": _("The count is at least 1.")})
    if amount_fen < 0:
        raise ValidationError({"amount_fen": _("The amount cannot be negative.")})
    e = SignalEntry.objects.create(union=union, employer=employer, code=code, count=count, amount_fen=amount_fen,
                                   on=on, note=(note or "").strip()[:300], created_by=acting_user)
    audit.record("create", actor=acting_user, obj=e, changes={"code": [None, code], "count": [None, count]})
    warning.assess([employer], acting_user=acting_user)
    return e


@transaction.atomic
def update_watch(watch, *, acting_user, owner=None, registered_capital_fen=None, watched=None):
    """The watcher (owner), the registered capital (for the 财产保全 hint), on or off the list."""
    require(acting_user, "disputes.change_watch", watch.union, obj=watch)
    before = audit.snapshot(watch, ["owner", "registered_capital_fen", "watched"])
    if owner is not None:
        watch.owner = owner
    if registered_capital_fen is not None:
        if int(registered_capital_fen) < 0:
            raise ValidationError({"registered_capital_fen": _("The registered capital cannot be negative.")})
        watch.registered_capital_fen = int(registered_capital_fen)
    if watched is not None:
        watch.watched = bool(watched)
        if watched and watch.since is None:
            watch.since = timezone.localdate()
    watch.save()
    audit.record("update", actor=acting_user, obj=watch,
                 changes=audit.diff(before, audit.snapshot(watch, ["owner", "registered_capital_fen", "watched"])))
    return watch


@transaction.atomic
def add_watch_action(watch, *, acting_user, on, text):
    require(acting_user, "disputes.add_watchaction", watch.union, obj=watch)
    on = _date(on, "on", _("Day of the action"))
    text = _text(text, "text", _("action"), 300)
    a = WatchAction.objects.create(watch=watch, on=on, text=text, by=acting_user)
    audit.record("create", actor=acting_user, obj=a, union=watch.union, changes={"text": [None, text]})
    return a
