"""Hardship files API: the same services, scoping and masking as the pages.

Amounts are yuan as decimal strings with two decimals ("36000.00") both ways; numbers are
accepted on input too. Sensitive fields (income, spending, costs, the 低保 standard applied,
the explanation, health, disability, bank, the household's details) are null unless the caller
holds the read-details right on the file's union; the detail then carries them and the read is
audited. Lists always leave them null.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object
from gonghui.core.apitypes import Year
from gonghui.core.money import to_fen, yuan_decimal
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered

from . import services
from .filtersets import HardshipFilterSet
from .models import HardshipFile, Objection

router = Router(tags=["hardship"])

YUAN = "yuan, a decimal string with two decimals; null without the read-details right"


def _money(fen):
    return None if fen is None else str(yuan_decimal(fen))


class HouseholdOut(Schema):
    name: str
    relation: str
    id_number: str | None
    health: str | None
    annual_income: str | None = Field(None, description=YUAN)
    school_or_employer: str


class ReviewOut(Schema):
    stage: str
    decision: str
    opinion: str
    actor: str | None
    at: str


class ObjectionOut(Schema):
    id: int
    raised_by: str
    content: str
    outcome: str
    reason: str


class FileOut(Schema):
    id: int
    member_id: int
    member_name: str
    union_id: int
    union_name: str
    year: int
    intake: str = Field(description="stock (存量), new (增量) or returned (返困)")
    previous_id: int | None
    state: str = Field(description="draft, review, publicity, active, rejected or exited")
    stage: str = Field(description="while under review: grassroots, county or city")
    category: str = Field(description="deep, relative, accident or none")
    household_size: int
    main_cause: str
    secondary_causes: list[str]
    housing: str | None
    publicity_from: date | None
    publicity_until: date | None
    activated_on: date | None
    review_due: date | None
    exit_kind: str
    exit_reason: str
    exit_suggested: bool
    details_visible: bool = Field(description="whether the sensitive fields below are filled for this caller")
    annual_income: str | None = Field(None, description=YUAN)
    necessary_spending: str | None = Field(None, description=YUAN)
    accident_costs: str | None = Field(None, description=YUAN)
    dibao_monthly: str | None = Field(None, description="the 低保 standard applied, " + YUAN + " (per person "
                                                         "per month)")
    explanation: str | None = Field(None, description="the arithmetic that led to the category, one step a line")
    health: str | None = None
    disability: str | None = None
    bank_name: str | None = None
    bank_account: str | None = None
    account_holder: str | None = None
    household: list[HouseholdOut] | None = None
    reviews: list[ReviewOut] | None = None
    objections: list[ObjectionOut] | None = None


def _out(f, *, details, full=False):
    out = {
        "id": f.pk, "member_id": f.member_id, "member_name": f.member.name, "union_id": f.union_id,
        "union_name": f.union.name, "year": f.year, "intake": f.intake, "previous_id": f.previous_id,
        "state": f.state, "stage": f.stage, "category": f.category, "household_size": f.household_size,
        "main_cause": f.main_cause.code, "secondary_causes": f.secondary_causes,
        "housing": f.housing.code if f.housing else None, "publicity_from": f.publicity_from,
        "publicity_until": f.publicity_until, "activated_on": f.activated_on, "review_due": f.review_due,
        "exit_kind": f.exit_kind, "exit_reason": f.exit_reason, "exit_suggested": f.exit_suggested,
        "details_visible": details,
    }
    if full:
        out["reviews"] = [{"stage": r.stage, "decision": r.decision, "opinion": r.opinion,
                           "actor": r.actor.get_username() if r.actor else None, "at": r.at.isoformat()}
                          for r in f.reviews.select_related("actor")]
        out["objections"] = [{"id": o.pk, "raised_by": o.raised_by, "content": o.content, "outcome": o.outcome,
                              "reason": o.reason} for o in f.objections.all()]
    if details:
        out |= {"annual_income": _money(f.annual_income_fen), "necessary_spending": _money(f.necessary_spending_fen),
                "accident_costs": _money(f.accident_costs_fen), "dibao_monthly": _money(f.dibao_monthly_fen),
                "explanation": f.explanation, "health": f.health.reveal() if f.health else "",
                "disability": f.disability.reveal() if f.disability else "", "bank_name": f.bank_name,
                "bank_account": f.bank_account.reveal() if f.bank_account else "", "account_holder": f.account_holder,
                "household": [{"name": h.name, "relation": h.relation,
                               "id_number": h.id_number.reveal() if h.id_number else None,
                               "health": h.health.reveal() if h.health else None,
                               "annual_income": _money(h.annual_income_fen),
                               "school_or_employer": h.school_or_employer} for h in f.household.all()]}
    elif full:
        out["household"] = [{"name": h.name[:1] + "*" * max(1, len(h.name) - 1), "relation": h.relation,
                             "id_number": None, "health": None, "annual_income": None, "school_or_employer": ""}
                            for h in f.household.all()]
    return out


def _detail(request, f):
    details = services.may_read_details(request.user, f)
    if details:
        services.read_details([f], acting_user=request.user, via="api")
    return _out(f, details=details, full=True)


def _file(request, file_id, action="view"):
    return get_object(request.user, HardshipFile.objects.select_related("member", "union", "main_cause", "housing"),
                      action, pk=file_id)


class FilePage(Page):
    def paginate_queryset(self, queryset, pagination, request=None, **params):
        out = super().paginate_queryset(queryset, pagination, request=request, **params)
        out["items"] = [_out(f, details=False) for f in out["items"]]
        return out


@router.get("/hardship-files", response=list[FileOut])
@paginate(FilePage)
def list_files(request, year: int | None = None, state: str | None = None, stage: str | None = None,
               category: str | None = None, intake: str | None = None, cause: str | None = None,
               due: bool | None = None, exit_suggested: bool | None = None, qh: str | None = None,
               under: int | None = None):
    """Files in the caller's scope, filtered as on the list page; sensitive fields are always null here."""
    services.activate_due()
    qs = HardshipFile.objects.restrict(request.user).select_related("member", "union", "main_cause", "housing")
    return _filtered(HardshipFilterSet, request, qs)


@router.get("/hardship-files/{int:file_id}", response=FileOut)
def get_file(request, file_id: int):
    """One file; the sensitive fields are filled for holders of the read-details right, and the read is audited."""
    services.activate_due()
    return _detail(request, _file(request, file_id))


Yuan = Decimal | str | int


class HouseholdIn(Schema):
    name: str
    relation: str
    id_number: str = ""
    health: str = ""
    annual_income: Yuan = "0"
    school_or_employer: str = ""


class FileIn(Schema):
    member_id: int
    year: Year | None = None
    household_size: int
    annual_income: Yuan = Field(description="yuan")
    necessary_spending: Yuan = Field("0", description="yuan")
    accident_costs: Yuan = Field("0", description="yuan")
    main_cause: str = Field(description="a code of the hardship_cause table")
    secondary_causes: list[str] = Field([], description="up to three codes, distinct and not the main cause")
    housing: str = Field("", description="a code of the housing table")
    housing_note: str = ""
    health: str = ""
    disability: str = ""
    bank_name: str = ""
    bank_account: str = ""
    account_holder: str = ""
    household: list[HouseholdIn] = []


def _fen(errors, field, value):
    try:
        return to_fen(value if not isinstance(value, float) else str(value), allow_negative=True)
    except (ValidationError, TypeError) as e:
        errors[field] = getattr(e, "messages", [str(e)])
        return 0


@router.post("/hardship-files", response={201: FileOut})
def create_file(request, body: FileIn):
    """Open a draft file for a member of a union in the caller's scope."""
    data = body.dict()
    member = Member.objects.restrict(request.user).select_related("union", "last_event").filter(
        pk=data.pop("member_id")).first()
    if member is None:
        raise ValidationError({"member_id": _("No such member in your unions.")})
    errors = {}
    for field in ("annual_income", "necessary_spending", "accident_costs"):
        data[f"{field}_fen"] = _fen(errors, field, data.pop(field))
    household = []
    for i, row in enumerate(data.pop("household"), start=1):
        row["annual_income_fen"] = _fen(errors, f"household-{i}-annual_income", row.pop("annual_income"))
        household.append(row)
    if errors:
        raise ValidationError(errors)
    f = services.open_file(acting_user=request.user, member=member, household=household, **data)
    return Status(201, _detail(request, _file(request, f.pk)))


class OpinionIn(Schema):
    opinion: str = ""


class ReviewIn(Schema):
    decision: str = Field(description="approve, return (send back to the grassroots) or reject")
    opinion: str = Field("", description="required to send back or reject")


class ObjectionIn(Schema):
    content: str
    raised_by: str = ""


class DecideIn(Schema):
    objection_id: int
    outcome: str = Field(description="upheld_reject, upheld_return or dismissed")
    reason: str


class ExitIn(Schema):
    kind: str = Field(description="relieved (解困) or lifted (脱困)")
    reason: str


@router.post("/hardship-files/{int:file_id}/submit", response=FileOut)
def submit_file(request, file_id: int, body: OpinionIn):
    """The grassroots union hands the file on; the category is computed now (no 低保 standard: 422)."""
    f = _file(request, file_id)
    services.submit(f, acting_user=request.user, opinion=body.opinion)
    return _detail(request, _file(request, file_id))


@router.post("/hardship-files/{int:file_id}/review", response=FileOut)
def review_file(request, file_id: int, body: ReviewIn):
    """The township/county stage needs the change right above the file's union, the city stage on the root."""
    f = _file(request, file_id)
    services.review(f, acting_user=request.user, decision=body.decision, opinion=body.opinion)
    return _detail(request, _file(request, file_id))


@router.post("/hardship-files/{int:file_id}/objections", response={201: ObjectionOut})
def add_objection(request, file_id: int, body: ObjectionIn):
    f = _file(request, file_id)
    return Status(201, services.record_objection(f, acting_user=request.user, content=body.content,
                                                 raised_by=body.raised_by))


@router.post("/hardship-files/{int:file_id}/objections/decide", response=ObjectionOut)
def decide_objection(request, file_id: int, body: DecideIn):
    """Uphold (rejecting the file or sending it back) or dismiss one of the file's objections."""
    f = _file(request, file_id)
    found = Objection.objects.filter(pk=body.objection_id, file=f).first()
    if found is None:
        raise Http404
    return services.decide_objection(found, acting_user=request.user, outcome=body.outcome, reason=body.reason)


@router.post("/hardship-files/{int:file_id}/exit", response=FileOut)
def exit_file(request, file_id: int, body: ExitIn):
    f = _file(request, file_id)
    services.exit_file(f, acting_user=request.user, kind=body.kind, reason=body.reason)
    return _detail(request, _file(request, file_id))
