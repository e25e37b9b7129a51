"""Disputes and warning API: the same services, filters and scoping as the pages. Each dispute
answer carries its computed deadlines with the rule and source they come from."""

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Employer, Union

from . import services, warning
from .filtersets import BodyFilterSet, DisputeFilterSet, WatchFilterSet
from .models import Dispute, MediationBody, Watch

router = Router(tags=["disputes"])


class DeadlineOut(Schema):
    name: str
    label: str
    due_on: date | None
    rule: str
    open: bool


class DisputeRow(Schema):
    id: int
    number: str
    union_id: int
    employer_id: int
    worker_name: str
    workers: int
    claim: str
    amount_fen: int
    state: str
    received_on: date | None
    mediation_due_on: date | None
    applied_on: date | None
    award_due_on: date | None
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_deadlines(obj):
        return [{**x, "label": str(x["label"]), "rule": str(x["rule"])} for x in services.deadlines_of(obj)]


class DisputeOut(DisputeRow):
    body_id: int | None
    claim_text: str
    event_on: date
    knew_on: date
    employed: bool
    employment_ended_on: date | None
    may_apply_for_arbitration: bool
    agreed_on: date | None
    agreement_fen: int
    pay_by: date | None
    paid_on: date | None
    payment_order_open: bool
    payment_order_on: date | None
    accepted_on: date | None
    award_extended: bool
    awarded_on: date | None
    final: bool
    final_rule: str
    worker_court_due_on: date | None
    employer_court_due_on: date | None

    @staticmethod
    def resolve_may_apply_for_arbitration(obj):
        return obj.mediation_over or obj.state == Dispute.State.UNRESOLVED


@router.get("/disputes", response=list[DisputeRow])
@paginate(Page)
def list_disputes(request):
    """Disputes in the user's subtree (filters `qh`, `state`, `claim`, `due`, `employer`, `under`),
    each with its deadlines and their rules."""
    require(request.user, "disputes.view_dispute")
    return _filtered(DisputeFilterSet, request, Dispute.objects.restrict(request.user).select_related("employer")
                     .prefetch_related("interruptions").order_by("-id"))


def _dispute(request, dispute_id):
    return get_object(request.user, Dispute.objects.select_related("union", "employer"), pk=dispute_id)


@router.get("/disputes/{int:dispute_id}", response=DisputeOut)
def get_dispute(request, dispute_id: int):
    """One dispute with every deadline, its rule and source."""
    return _dispute(request, dispute_id)


class DisputeIn(Schema):
    union_id: int
    employer_id: int
    body_id: int | None = None
    worker_name: str
    workers: int = 1
    claim: str
    claim_text: str = ""
    amount_fen: int = 0
    event_on: date
    knew_on: date
    employed: bool = True
    employment_ended_on: date | None = None
    received_on: date


@router.post("/disputes", response={201: DisputeOut})
def receive(request, body: DisputeIn):
    """Receive a dispute for mediation; 422 with the rule named (a date in the future ...)."""
    data = body.dict()
    union = get_object(request.user, Union, pk=data.pop("union_id"))
    employer = Employer.objects.restrict(request.user).filter(pk=data.pop("employer_id")).first()
    if employer is None:
        raise Http404(_("Not found."))
    body_id = data.pop("body_id")
    mb = get_object(request.user, MediationBody, pk=body_id) if body_id else None
    return Status(201, services.receive(acting_user=request.user, union=union, employer=employer, body=mb, **data))


class StepIn(Schema):
    """One step of the case; the fields the step needs (see each service)."""

    step: str
    on: date | None = None
    until: date | None = None
    note: str = ""
    reason: str = ""
    text: str = ""
    outcome: str = ""
    signed: bool = False
    stamped: bool = False
    amount_fen: int = 0
    pay_by: date | None = None
    commission: str = ""
    simple: bool = False
    kind: str = ""
    withdrawn: bool = False


STEPS = {
    "extend_mediation": lambda d, u, b: services.extend_mediation(d, acting_user=u, until=b.until, note=b.note),
    "agreement": lambda d, u, b: services.record_agreement(d, acting_user=u, agreed_on=b.on, signed=b.signed,
                                                           stamped=b.stamped, text=b.text, amount_fen=b.amount_fen,
                                                           pay_by=b.pay_by),
    "paid": lambda d, u, b: services.record_payment(d, acting_user=u, paid_on=b.on),
    "payment_order": lambda d, u, b: services.apply_payment_order(d, acting_user=u, applied_on=b.on),
    "end_mediation": lambda d, u, b: services.end_mediation(d, acting_user=u, on=b.on, reason=b.reason),
    "interruption": lambda d, u, b: services.add_interruption(d, acting_user=u, on=b.on, kind=b.kind, note=b.note),
    "apply": lambda d, u, b: services.apply_arbitration(d, acting_user=u, applied_on=b.on, commission=b.commission),
    "accept": lambda d, u, b: services.accept_arbitration(d, acting_user=u, accepted_on=b.on, simple=b.simple),
    "refuse": lambda d, u, b: services.refuse_arbitration(d, acting_user=u, on=b.on, reason=b.reason),
    "extend_award": lambda d, u, b: services.extend_award(d, acting_user=u, reason=b.reason),
    "award": lambda d, u, b: services.record_award(d, acting_user=u, awarded_on=b.on, outcome=b.outcome),
    "close": lambda d, u, b: services.close(d, acting_user=u, on=b.on, outcome=b.outcome, withdrawn=b.withdrawn),
}


@router.post("/disputes/{int:dispute_id}/steps", response=DisputeOut)
def step(request, dispute_id: int, body: StepIn):
    """Record a step (`step`: one of extend_mediation, agreement, paid, payment_order,
    end_mediation, interruption, apply, accept, refuse, extend_award, award, close). A step the
    rules refuse (an award past the period without an extension, a second extension ...) is
    422 with the rule named, and nothing changes."""
    d = _dispute(request, dispute_id)
    require(request.user, "disputes.change_dispute", d.union, obj=d)
    if body.step not in STEPS:
        from django.core.exceptions import ValidationError

        raise ValidationError({"step": _("Unknown step.")})
    STEPS[body.step](d, request.user, body)
    return _dispute(request, dispute_id)


class BodyRow(Schema):
    id: int
    name: str
    kind: str
    union_id: int
    employer_id: int | None
    problems: list[str]

    @staticmethod
    def resolve_problems(obj):
        return [str(p) for p in services.body_problems(obj)]


@router.get("/disputes/bodies", response=list[BodyRow])
@paginate(Page)
def list_bodies(request):
    """Mediation bodies in the user's subtree, each with what keeps it from being lawfully composed."""
    require(request.user, "disputes.view_mediationbody")
    return _filtered(BodyFilterSet, request, MediationBody.objects.restrict(request.user)
                     .prefetch_related("members").order_by("id"))


class WatchRow(Schema):
    id: int
    employer_id: int
    employer: str
    union_id: int
    level: str
    score: int
    watched: bool
    owner_id: int | None
    since: date | None
    raised_on: date | None

    @staticmethod
    def resolve_employer(obj):
        return obj.employer.name


class WatchOut(WatchRow):
    """`level` and `score` as last assessed (the periodic task, or a new signal); `score_now`,
    `level_now` and `breakdown` counted at the time of the request, with the rules used."""

    score_now: int
    level_now: str
    breakdown: list[dict]
    rules: list[dict]
    arrears_fen: int
    registered_capital_fen: int | None
    ask_for_preservation: bool
    preservation_rule: str


@router.get("/warnings", response=list[WatchRow])
@paginate(Page)
def list_watches(request):
    """The watch list (filters `level`, `watched`, `under`, `qh`)."""
    require(request.user, "disputes.view_watch")
    return _filtered(WatchFilterSet, request, Watch.objects.restrict(request.user).select_related("employer")
                     .order_by("-score", "id"))


@router.get("/warnings/{int:watch_id}", response=WatchOut)
def get_watch(request, watch_id: int):
    """One employer's level with the breakdown of its score now and the rules it used."""
    w = get_object(request.user, Watch.objects.select_related("employer", "employer__region"), pk=watch_id)
    region = w.employer.region_id
    since, until, _r = warning.window(region=region)
    live = warning.score(warning.collect([w.employer_id], since, until).get(w.employer_id, {}), region)
    ask, share = warning.preservation(w.arrears_fen, w.registered_capital_fen, region)
    w.breakdown, w.rules = live.rows, [r.as_dict() for r in live.rules]
    w.score_now, w.level_now, w.ask_for_preservation, w.preservation_rule = live.score, live.level, ask, str(share)
    return w


class SignalIn(Schema):
    union_id: int
    employer_id: int
    code: str
    on: date
    count: int = 1
    amount_fen: int = 0
    note: str = ""


class SignalOut(Schema):
    id: int
    employer_id: int
    code: str
    count: int
    on: date


@router.post("/warnings/signals", response={201: SignalOut})
def add_signal(request, body: SignalIn):
    """Enter a signal (欠薪, social insurance arrears, layoffs, the boss unreachable); the employer
    is assessed again at once."""
    data = body.dict()
    union = get_object(request.user, Union, pk=data.pop("union_id"))
    employer = Employer.objects.restrict(request.user).filter(pk=data.pop("employer_id")).first()
    if employer is None:
        raise Http404(_("Not found."))
    return Status(201, services.add_signal(acting_user=request.user, union=union, employer=employer, **data))
