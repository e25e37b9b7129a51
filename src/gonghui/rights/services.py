"""Every write of workers' requests (12351) and legal aid: the permission check, the rule (read
from the rulebook for the handling union's jurisdiction and named in every refusal), the audit
record and the notice, in one transaction. A refused input writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, require, require_other_than
from gonghui.core.crypto import lookup_hash
from gonghui.notices.services import StaffOf, notify
from gonghui.orgs.models import Employer, Union
from gonghui.rules import deadlines

from . import rules
from .models import AidProvider, LegalAidCase, Request, RequestAttachment, Satisfaction

REQUEST_KIND = "request_due"
DECISION_KIND = "legal_aid_decision"
MAX_ATTACHMENTS = 5


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def _choice(value, choices, field, label):
    if value not in choices.values:
        raise ValidationError({field: _("Choose a valid %(label)s.") % {"label": label}})
    return value


def _fen(value, field, label):
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise ValidationError({field: _("The %(label)s cannot be negative.") % {"label": label}})
    return n


# --- routing -------------------------------------------------------------------------------------

def counties():
    """The county-level federations a request may go to when the employer has no union: the
    federations directly under a root (衡阳县总工会 …)."""
    return Union.objects.filter(kind="federation", depth=2, status="active").order_by("path")


def employer_union(employer):
    """The union responsible for `employer`: its own (grassroots) union, else None."""
    return Union.objects.filter(employer=employer, status="active").order_by("depth", "path").first()


def county_of(employer):
    """The federation whose region holds the employer's region (the most specific one)."""
    codes = []
    region = employer.region
    while region is not None:
        codes.append(region.code)
        region = region.parent
    found = {u.region_id: u for u in Union.objects.filter(kind="federation", status="active", region_id__in=codes)
             .order_by("-depth")}
    for code in codes:
        if code in found:
            return found[code]
    return None


def route(employer, county=None):
    """Where a request goes: the employer's union; the county federation when it has none
    (the one the worker or clerk chose, else the one over the employer's region)."""
    if employer is not None:
        union = employer_union(employer)
        if union is not None:
            return union
        union = county_of(employer)
        if union is not None:
            return union
    if county is None:
        raise ValidationError({"county": _("Choose the county (city, district) where you work: the request goes "
                                          "to its federation of trade unions.")})
    return county


def find_employer(name):
    """The registered employer of exactly this name, or None."""
    name = (name or "").strip()
    return Employer.objects.filter(name=name).first() if name else None


def _next_number(model, prefix, year):
    start = f"{prefix}{year}"
    last = model.objects.filter(number__startswith=start).order_by("-number").values_list("number", flat=True).first()
    return f"{start}{int(last[len(start):]) + 1 if last else 1:06d}"


# --- requests ------------------------------------------------------------------------------------

def _track(req):
    deadlines.track(req, kind=REQUEST_KIND, started_on=req.received_on, due_on=req.due_on, union=req.union,
                    title=_("Request %(number)s to close") % {"number": req.number},
                    url=reverse("rights:detail", args=[req.pk]))


def submit_request(*, acting_user=None, channel=Request.Channel.PHONE_PAGE, kind, topic, description, worker_name,
                   employer=None, employer_name="", county=None, member=None, phone="", phone_key=None,
                   workers_involved=1, amount_claimed_fen=0, received_on=None, files=()):
    """A worker's request: from the phone page (a member, or a worker whose mobile is proven
    by SMS: `phone_key`) or recorded by a hotline clerk (`acting_user` holding add_request).
    Routed to the employer's union, else to the county federation. Its deadline is the
    ordinary class's until the union classes it."""
    staff = acting_user is not None and getattr(acting_user, "kind", "staff") != "member"
    _choice(kind, Request.Kind, "kind", _("kind"))
    _choice(topic, Request.Topic, "topic", _("topic"))
    description = _text(description, "description", _("account of what happened"), 5000)
    worker_name = _text(worker_name, "worker_name", _("worker's name"), 60)
    if employer is None:
        employer = find_employer(employer_name)
    employer_name = _text(employer_name if employer is None else employer.name, "employer_name",
                          _("employer"), 120)
    union = route(employer, county)
    if staff:
        require(acting_user, "rights.add_request", union)
        channel = channel if channel in Request.Channel.values else Request.Channel.HOTLINE
    elif member is None and not phone_key:
        raise ValidationError({"phone": _("Prove your mobile phone with the SMS code first.")})
    else:
        channel = Request.Channel.PHONE_PAGE
    try:
        workers_involved = int(workers_involved or 1)
    except (TypeError, ValueError):
        workers_involved = 0
    if workers_involved < 1:
        raise ValidationError({"workers_involved": _("Give how many workers are involved (1 or more).")})
    amount = _fen(amount_claimed_fen, "amount_claimed_fen", _("amount claimed"))
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}})
    received_on = received_on or timezone.localdate()
    if not staff:
        received_on = timezone.localdate()  # only the hotline back-enters a call of an earlier day
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The request cannot be received on a future day.")})
    due, ruling = rules.request_deadline(received_on, Request.Class.ORDINARY, union.region_id)
    user = acting_user if getattr(acting_user, "pk", None) else None
    if files and user is None:
        raise ValidationError({"files": _("Sign in as a member to attach files; otherwise bring the papers to the "
                                          "union that takes your request.")})
    attachments = [RequestAttachment.from_upload(f, user=user) for f in files]
    for attempt in range(3):
        try:
            with transaction.atomic():
                req = Request(number=_next_number(Request, "SQ", received_on.year), union=union, channel=channel,
                              kind=kind, topic=topic, employer=employer, employer_name=employer_name,
                              description=description, workers_involved=workers_involved,
                              amount_claimed_fen=amount, member=member, worker_name=worker_name,
                              phone=(phone or None) if (phone or "").strip() else None, received_on=received_on,
                              due_on=due, deadline_rule=ruling.name, submitted_by=user)
                req.save()
                if phone_key and not req.phone_index:
                    Request.objects.filter(pk=req.pk).update(phone_index=phone_key)
                    req.phone_index = phone_key
                for a in attachments:
                    a.request = req
                    a.save()
                _track(req)
                audit.record("create", actor=user, obj=req, union=union, changes={
                    "number": [None, req.number], "topic": [None, topic], "union": [None, union.name],
                    "due_on": [None, str(due)]}, reason=f"{ruling.label}：{ruling.display}（{ruling.source}）")
                notify(StaffOf(union, "rights.change_request"), kind="request_received",
                       title=_("New workers' request %(number)s: %(topic)s") % {
                           "number": req.number, "topic": req.get_topic_display()},
                       url=reverse("rights:detail", args=[req.pk]), obj=req, acting_user=user)
                return req
        except IntegrityError:
            if attempt == 2:
                raise


def _staff(req, acting_user, perm="rights.change_request"):
    require(acting_user, perm, req.union, obj=req)


def _state_error(req, needed):
    return ValidationError(_("Only a request that is %(needed)s can be handled this way; %(number)s is "
                             "“%(state)s”.") % {"needed": needed, "number": req.number,
                                               "state": req.get_state_display()})


def _locked(req):
    return Request.objects.select_for_update().select_related("union").get(pk=req.pk)


def _set_class(req, klass):
    due, ruling = rules.request_deadline(req.received_on, klass, req.union.region_id)
    req.klass, req.due_on, req.deadline_rule = klass, due, ruling.name
    return ruling


@transaction.atomic
def accept_request(req, *, acting_user, klass=Request.Class.ORDINARY, reason=""):
    """受理: the union takes the request on and classes it; a class above 一般 needs a reason
    (the class sets the deadline, 12351 一般 / 难点 / 特别复杂)."""
    _staff(req, acting_user)
    req = _locked(req)
    if req.state != Request.State.NEW:
        raise _state_error(req, _("awaiting acceptance"))
    _choice(klass, Request.Class, "klass", _("class"))
    reason = (reason or "").strip()
    if klass != Request.Class.ORDINARY and not reason:
        raise ValidationError({"reason": _("Classing a request above “ordinary” needs a reason: the class sets "
                                           "its deadline (12351 一般 / 难点 / 特别复杂).")})
    before = req.due_on
    ruling = _set_class(req, klass)
    req.class_reason = reason[:300]
    req.state, req.accepted_at = Request.State.ACCEPTED, timezone.now()
    req.save(update_fields=["klass", "due_on", "deadline_rule", "class_reason", "state", "accepted_at"])
    _track(req)
    audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
        "state": ["new", "accepted"], "klass": [None, klass], "due_on": [str(before), str(req.due_on)]},
        reason=f"{ruling.label}：{ruling.display}（{ruling.source}）")
    _tell_worker(req, _("Your request %(number)s is accepted by %(union)s.") % {
        "number": req.number, "union": req.union.name}, acting_user)
    return req


@transaction.atomic
def reclassify_request(req, *, acting_user, klass, reason):
    """A change of class (一般 / 难点 / 特别复杂) counts the deadline again from the day the
    request was received; it needs a written reason, kept with the request."""
    _staff(req, acting_user)
    req = _locked(req)
    if not req.is_open:
        raise _state_error(req, _("open"))
    _choice(klass, Request.Class, "klass", _("class"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A change of class needs a reason (12351: the class sets the "
                                           "deadline). Nothing was changed.")})
    if klass == req.klass:
        raise ValidationError({"klass": _("The request is already of this class.")})
    before_class, before_due = req.klass, req.due_on
    ruling = _set_class(req, klass)
    req.class_reason = reason[:300]
    req.save(update_fields=["klass", "due_on", "deadline_rule", "class_reason"])
    _track(req)
    audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
        "klass": [before_class, klass], "due_on": [str(before_due), str(req.due_on)]},
        reason=f"{reason}；{ruling.label}：{ruling.display}（{ruling.source}）")
    return req


@transaction.atomic
def handle_request(req, *, acting_user, result, money_recovered_fen=0):
    """办理: what the union did, and the money recovered for the worker (wages, compensation)."""
    _staff(req, acting_user)
    req = _locked(req)
    if req.state != Request.State.ACCEPTED:
        raise _state_error(req, _("accepted"))
    req.result = _text(result, "result", _("account of how it was handled"), 5000)
    req.money_recovered_fen = _fen(money_recovered_fen, "money_recovered_fen", _("money recovered"))
    req.state, req.handled_at, req.handled_by = Request.State.HANDLED, timezone.now(), acting_user
    req.save(update_fields=["result", "money_recovered_fen", "state", "handled_at", "handled_by"])
    audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
        "state": ["accepted", "handled"], "money_recovered_fen": [0, req.money_recovered_fen]})
    return req


@transaction.atomic
def reply_request(req, *, acting_user, reply, replied_on):
    """答复: the answer given to the worker, on a day not before the request was received."""
    _staff(req, acting_user)
    req = _locked(req)
    if req.state != Request.State.HANDLED:
        raise _state_error(req, _("handled"))
    text = _text(reply, "reply", _("reply to the worker"), 5000)
    if not isinstance(replied_on, datetime.date):
        raise ValidationError({"replied_on": _("Give the day of the reply.")})
    if replied_on < req.received_on:
        raise ValidationError({"replied_on": _(
            "The reply date %(day)s is before the request was received (%(received)s): a reply follows the request "
            "(12351 flow: received → handled → replied). Nothing was changed.") % {
            "day": replied_on, "received": req.received_on}})
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": _("The reply date cannot be a future day.")})
    req.reply, req.replied_on, req.state = text, replied_on, Request.State.REPLIED
    req.save(update_fields=["reply", "replied_on", "state"])
    audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
        "state": ["handled", "replied"], "replied_on": [None, str(replied_on)]})
    _tell_worker(req, _("Your request %(number)s has a reply.") % {"number": req.number}, acting_user)
    return req


@transaction.atomic
def follow_up_request(req, *, acting_user, satisfaction, note=""):
    """回访: the hotline calls the worker back and records their satisfaction."""
    _staff(req, acting_user)
    req = _locked(req)
    if req.state != Request.State.REPLIED:
        raise _state_error(req, _("replied to the worker"))
    _choice(satisfaction, Satisfaction, "satisfaction", _("satisfaction"))
    req.satisfaction, req.follow_up_note = satisfaction, (note or "").strip()[:300]
    req.state, req.followed_up_at = Request.State.FOLLOWED_UP, timezone.now()
    req.save(update_fields=["satisfaction", "follow_up_note", "state", "followed_up_at"])
    audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
        "state": ["replied", "followed_up"], "satisfaction": [None, satisfaction]})
    return req


@transaction.atomic
def close_request(req, *, acting_user, passed=True, note=""):
    """质检 and 办结: a colleague other than the handler checks the work; passed, the request
    closes (on time when closed by its deadline); failed, it goes back to be handled again.
    A request without its 回访 is never closed (12351 flow: 回访 → 质检 → 办结)."""
    _staff(req, acting_user)
    req = _locked(req)
    if req.followed_up_at is None:
        raise ValidationError({"passed": _(
            "%(number)s cannot be closed: it has had no follow-up call (回访). The 12351 flow closes a request only "
            "after the worker was called back and gave their satisfaction. Nothing was changed.") % {
            "number": req.number}})
    if req.state != Request.State.FOLLOWED_UP:
        raise _state_error(req, _("followed up"))
    require_other_than(acting_user, [req.handled_by_id] if req.handled_by_id else [], _("request"))
    note = (note or "").strip()[:300]
    if not passed and not note:
        raise ValidationError({"note": _("Say why the quality check failed: the handler reads it.")})
    req.quality_note, req.checked_by = note, acting_user
    if passed:
        now = timezone.now()
        req.state, req.closed_at, req.closed_on = Request.State.CLOSED, now, timezone.localdate(now)
        req.save(update_fields=["quality_note", "checked_by", "state", "closed_at", "closed_on"])
        deadlines.close(req, REQUEST_KIND)
        audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
            "state": ["followed_up", "closed"], "on_time": [None, req.on_time]})
    else:
        req.state, req.followed_up_at, req.satisfaction = Request.State.ACCEPTED, None, ""
        req.save(update_fields=["quality_note", "checked_by", "state", "followed_up_at", "satisfaction"])
        audit.record("update", actor=acting_user, obj=req, union=req.union, changes={
            "state": ["followed_up", "accepted"]}, reason=note)
    return req


def _tell_worker(req, title, acting_user):
    if req.member_id:
        notify(req.member, kind="request_answered", title=title, url=reverse("rights:my_request", args=[req.pk]),
               obj=req, acting_user=acting_user)


def escalate_overdue(on=None):
    """The periodic task's work: each open request past its deadline and not yet escalated
    goes up to the union above (its staff are told, and so is the handling union). Returns the
    number escalated. Safe to run twice (each notice has a key; escalated rows are skipped)."""
    on = on or timezone.localdate()
    count = 0
    rows = (Request.objects.filter(state__in=Request.OPEN_STATES, due_on__lt=on, escalated_to__isnull=True)
            .select_related("union").order_by("pk"))
    for req in rows.iterator(chunk_size=500):
        with transaction.atomic():
            parent = Union.objects.get_parent(req.union) or req.union
            Request.objects.filter(pk=req.pk).update(escalated_to=parent, escalated_at=timezone.now())
            url = reverse("rights:detail", args=[req.pk])
            title = _("Request %(number)s is overdue (due %(due)s): escalated to %(union)s") % {
                "number": req.number, "due": req.due_on, "union": parent.name}
            notify(StaffOf(parent, "rights.view_request"), kind="request_overdue", title=title, url=url, obj=req,
                   key=f"request-overdue-up-{req.pk}")
            if parent.pk != req.union_id:
                notify(StaffOf(req.union, "rights.change_request"), kind="request_overdue", title=title, url=url,
                       obj=req, key=f"request-overdue-{req.pk}")
            audit.record("update", obj=req, union=req.union, changes={"escalated_to": [None, parent.name]},
                         reason=_("Past its deadline of %(due)s.") % {"due": req.due_on})
        count += 1
    return count


def may_handle(user, req):
    return can(user, "rights.change_request", req.union)


# --- legal aid -----------------------------------------------------------------------------------

def eligibility(*, member, basis, income_per_head_fen, union, on):
    """Whether the applicant qualifies for union legal aid on `basis` (工会法律援助办法: workers
    in hardship, model workers, union staff; others by the rulebook's income test). Returns
    the rule text kept with the case; refuses with the rule named."""
    from gonghui.hardship.models import HardshipFile

    if basis == LegalAidCase.Basis.HARDSHIP:
        if member is None or not HardshipFile.objects.filter(member=member, state="active").exists():
            raise ValidationError({"basis": _("No active hardship file (困难职工档案) for this applicant: choose "
                                              "another ground, or file the hardship first.")})
        return _("Active hardship file (工会法律援助办法: workers in hardship)")
    if basis == LegalAidCase.Basis.MODEL_WORKER:
        if member is None or not member.is_model_worker:
            raise ValidationError({"basis": _("The applicant is not recorded as a model worker (劳模).")})
        return _("Model worker (劳模)")
    if basis == LegalAidCase.Basis.UNION_STAFF:
        from django.db.models import Q

        from gonghui.elections.models import OfficeHolder

        holds = member is not None and OfficeHolder.objects.filter(member=member, from_on__lte=on).filter(
            Q(to_on__isnull=True) | Q(to_on__gte=on)).exists()
        if not holds:
            raise ValidationError({"basis": _("The applicant holds no union office on the roll of office-holders: "
                                              "union staff are eligible as such only while in office.")})
        return _("Union staff in office (工会法律援助办法)")
    if basis == LegalAidCase.Basis.INCOME:
        limit = rules.income_limit(on, union.region_id)
        if income_per_head_fen is None or income_per_head_fen < 0:
            raise ValidationError({"income_per_head_fen": _("Give the household's monthly income per head.")})
        # “不高于” includes the limit itself (民法典 art. 1259)
        if income_per_head_fen > int(limit.value):
            raise ValidationError({"income_per_head_fen": _(
                "Household income of ¥%(income)s a month per head is above the limit of ¥%(limit)s (%(rule)s, "
                "%(source)s): not eligible on the income test.") % {
                "income": f"{income_per_head_fen / 100:.2f}", "limit": f"{int(limit.value) / 100:.2f}",
                "rule": limit.label, "source": limit.source}})
        return _("Income test: ¥%(income)s ≤ ¥%(limit)s (%(source)s)") % {
            "income": f"{income_per_head_fen / 100:.2f}", "limit": f"{int(limit.value) / 100:.2f}",
            "source": limit.source}
    raise ValidationError({"basis": _("Choose a valid %(label)s.") % {"label": _("eligibility")}})


def apply_legal_aid(*, acting_user, union, applicant_name, facts, basis, member=None, employer=None,
                    matter=LegalAidCase.Matter.LABOUR_DISPUTE, amount_claimed_fen=0, income_per_head_fen=None,
                    request=None, applied_on=None):
    """An application for union legal aid, entered by the union (or by the member from their
    phone). Eligibility is checked at entry; the union decides within the rulebook's days."""
    if member is not None and getattr(member, "user_id", None) == getattr(acting_user, "pk", None):
        pass  # the member applies for themself
    else:
        require(acting_user, "rights.add_legalaidcase", union)
    applicant_name = _text(applicant_name or (member.name if member else ""), "applicant_name", _("applicant"), 60)
    facts = _text(facts, "facts", _("facts and claims"), 5000)
    _choice(matter, LegalAidCase.Matter, "matter", _("matter"))
    amount = _fen(amount_claimed_fen, "amount_claimed_fen", _("amount claimed"))
    applied_on = applied_on or timezone.localdate()
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": _("The application cannot be dated in the future.")})
    rule_text = eligibility(member=member, basis=basis, income_per_head_fen=income_per_head_fen, union=union,
                            on=applied_on)
    due, ruling = rules.decision_deadline(applied_on, union.region_id)
    for attempt in range(3):
        try:
            with transaction.atomic():
                case = LegalAidCase.objects.create(
                    number=_next_number(LegalAidCase, "FY", applied_on.year), union=union, member=member,
                    applicant_name=applicant_name, employer=employer, request=request, matter=matter, facts=facts,
                    amount_claimed_fen=amount, basis=basis, income_per_head_fen=income_per_head_fen,
                    eligibility_rule=str(rule_text)[:300], applied_on=applied_on, decision_due_on=due,
                    decision_rule=f"{ruling.label}：{ruling.display}（{ruling.source}）"[:300],
                    submitted_by=acting_user if getattr(acting_user, "pk", None) else None)
                deadlines.track(case, kind=DECISION_KIND, started_on=applied_on, due_on=due, union=union,
                                title=_("Decide legal aid %(number)s") % {"number": case.number},
                                url=reverse("rights:aid_detail", args=[case.pk]))
                audit.record("create", actor=acting_user, obj=case, union=union, changes={
                    "number": [None, case.number], "basis": [None, basis], "decision_due_on": [None, str(due)]},
                    reason=case.eligibility_rule)
                return case
        except IntegrityError:
            if attempt == 2:
                raise


def _aid_staff(case, acting_user):
    require(acting_user, "rights.change_legalaidcase", case.union, obj=case)


def _aid_locked(case):
    return LegalAidCase.objects.select_for_update().select_related("union").get(pk=case.pk)


def _aid_state_error(case, needed):
    return ValidationError(_("Only a case that is %(needed)s can be handled this way; %(number)s is "
                             "“%(state)s”.") % {"needed": needed, "number": case.number,
                                               "state": case.get_state_display()})


@transaction.atomic
def decide_legal_aid(case, *, acting_user, grant, reason=""):
    """Grant or refuse (with a written reason); a colleague of whoever entered it decides."""
    _aid_staff(case, acting_user)
    case = _aid_locked(case)
    if case.state != LegalAidCase.State.APPLIED:
        raise _aid_state_error(case, _("awaiting decision"))
    require_other_than(acting_user, [case.submitted_by_id] if case.submitted_by_id else [], _("legal-aid application"))
    reason = (reason or "").strip()
    if not grant and not reason:
        raise ValidationError({"reason": _("A refusal needs a written reason for the applicant.")})
    case.state = LegalAidCase.State.GRANTED if grant else LegalAidCase.State.REFUSED
    case.refusal_reason = "" if grant else reason[:2000]
    case.decided_at, case.decided_by = timezone.now(), acting_user
    case.save(update_fields=["state", "refusal_reason", "decided_at", "decided_by"])
    deadlines.close(case, DECISION_KIND)
    audit.record("update", actor=acting_user, obj=case, union=case.union, changes={"state": ["applied", case.state]},
                 reason=reason)
    if case.member_id:
        notify(case.member, kind="legal_aid_decided",
               title=(_("Your legal aid application %(number)s is granted.") if grant else
                      _("Your legal aid application %(number)s is refused: %(reason)s")) % {
                   "number": case.number, "reason": reason}, obj=case, acting_user=acting_user)
    return case


def providers_for(union):
    """The roster a case of `union` draws on: providers of the union and of every union above."""
    from gonghui.core.access import ancestor_paths

    return AidProvider.objects.filter(active=True, union__path__in=[*ancestor_paths(union.path), union.path])


@transaction.atomic
def assign_legal_aid(case, *, acting_user, provider):
    _aid_staff(case, acting_user)
    case = _aid_locked(case)
    if case.state not in (LegalAidCase.State.GRANTED, LegalAidCase.State.ASSIGNED):
        raise _aid_state_error(case, _("granted"))
    if provider is None or not providers_for(case.union).filter(pk=provider.pk).exists():
        raise ValidationError({"provider": _("Choose a lawyer or volunteer on the roster of this union or a union "
                                             "above it.")})
    before = case.provider.name if case.provider_id else None
    case.provider, case.state, case.assigned_at = provider, LegalAidCase.State.ASSIGNED, timezone.now()
    case.save(update_fields=["provider", "state", "assigned_at"])
    audit.record("update", actor=acting_user, obj=case, union=case.union, changes={"provider": [before, provider.name]})
    return case


@transaction.atomic
def record_service(case, *, acting_user, service, note):
    _aid_staff(case, acting_user)
    case = _aid_locked(case)
    if case.state != LegalAidCase.State.ASSIGNED:
        raise _aid_state_error(case, _("assigned"))
    _choice(service, LegalAidCase.Service, "service", _("service"))
    case.service, case.service_note = service, _text(note, "note", _("service notes"), 5000)
    case.state, case.served_at = LegalAidCase.State.SERVED, timezone.now()
    case.save(update_fields=["service", "service_note", "state", "served_at"])
    audit.record("update", actor=acting_user, obj=case, union=case.union, changes={"service": [None, service]})
    return case


@transaction.atomic
def close_legal_aid(case, *, acting_user, result, money_recovered_fen=0, rating=None):
    """Closing records the result, the money recovered and the worker's rating (1 to 5)."""
    _aid_staff(case, acting_user)
    case = _aid_locked(case)
    if case.state != LegalAidCase.State.SERVED:
        raise _aid_state_error(case, _("served"))
    _choice(result, LegalAidCase.Result, "result", _("result"))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("A case closes with the worker's rating, from 1 to 5.")})
    case.result, case.rating = result, rating
    case.money_recovered_fen = _fen(money_recovered_fen, "money_recovered_fen", _("money recovered"))
    case.state, case.closed_at = LegalAidCase.State.CLOSED, timezone.now()
    case.save(update_fields=["result", "rating", "money_recovered_fen", "state", "closed_at"])
    audit.record("update", actor=acting_user, obj=case, union=case.union, changes={
        "state": ["served", "closed"], "result": [None, result], "money_recovered_fen": [0, case.money_recovered_fen]})
    return case


@transaction.atomic
def add_provider(*, acting_user, union, name, kind=AidProvider.Kind.LAWYER, firm="", licence_no="", phone=""):
    require(acting_user, "rights.add_aidprovider", union)
    _choice(kind, AidProvider.Kind, "kind", _("kind"))
    p = AidProvider.objects.create(union=union, kind=kind, name=_text(name, "name", _("name"), 60),
                                   firm=(firm or "").strip()[:120], licence_no=(licence_no or "").strip()[:40],
                                   phone=(phone or "").strip()[:30])
    audit.record("create", actor=acting_user, obj=p, union=union, changes={"name": [None, p.name]})
    return p


def phone_hash(phone):
    return lookup_hash("phone", phone)
