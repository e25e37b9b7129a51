"""Collective-contract pages: the list (filter, search, paginate, export), a new request, one
contract with its computed dates and the form of its next step, and the coverage of the
百人以上建会企业 with the employers behind each figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, needs, refuse
from gonghui.core.export import xlsx_response
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.coverage.views import chosen_union
from gonghui.orgs.models import Employer
from gonghui.wcongress import rules as wrules
from gonghui.wcongress.models import Session

from . import queries, rules, services
from .filtersets import ContractEmployerFilterSet, ContractFilterSet
from .forms import (
    DraftForm,
    FileForm,
    MeetingForm,
    NegotiatorsForm,
    ObjectionForm,
    RenewForm,
    ReplyForm,
    RequestForm,
    SignForm,
    VoteForm,
)
from .models import CollectiveContract as C
from .tables import ContractTable, CoverageEmployerTable

VIEW = "contracts.view_collectivecontract"


class ContractList(ListPage):
    model = C
    filterset_class = ContractFilterSet
    table_class = ContractTable
    title = gettext_lazy("Collective contracts")
    add_url_name = "contracts:create"
    template_name = "contracts/list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("union")

    def extra_context(self):
        """The figures above the list (in the user's whole scope), each linking to its rows."""
        return {"figures": queries.figures(super().get_queryset())}


@needs("contracts.add_collectivecontract")
def contract_create(request):
    form = RequestForm(request.POST or None, user=request.user, initial={"requested_on": timezone.localdate()})

    def save(data):
        contract = services.request_bargaining(
            acting_user=request.user, union=data["union"], title=data["title"], kind=data["kind"],
            coverage=data["coverage"], employers=list(data["employers"]), requested_by=data["requested_by"],
            requested_on=data["requested_on"], request_text=data["request_text"])
        messages.success(request, _("Bargaining request recorded: the answer is due by %(due)s.") % {
            "due": contract.reply_due_on})
        return redirect("contracts:detail", contract.pk)

    return form_page(request, form, _("New bargaining request"), save, template="orgs/form.html")


def _contract(request, pk):
    return get_object(request.user, C.objects.select_related("union", "union__region", "motion__session"), pk=pk)


def sessions_for(contract):
    """Sessions of a 职代会 whose employers include every employer the contract covers."""
    covered = set(contract.employers.values_list("pk", flat=True))
    out = []
    for s in (Session.objects.filter(congress__employers__in=covered).distinct()
              .select_related("congress").order_by("-held_on")):
        if covered <= set(s.congress.employers.values_list("pk", flat=True)):
            out.append(s)
    return out


NEXT = {  # state -> the actions offered on the page
    C.State.REQUESTED: ["reply", "negotiators"],
    C.State.NEGOTIATING: ["negotiators", "meeting", "draft"],
    C.State.OBJECTED: ["negotiators", "meeting", "draft"],
    C.State.DRAFTED: ["vote", "negotiators"],
    C.State.APPROVED: ["sign"],
    C.State.SIGNED: ["file"],
    C.State.FILED: ["effect", "objection"],
    C.State.IN_FORCE: ["renew"],
}

FORMS = {"reply": ReplyForm, "negotiators": NegotiatorsForm, "meeting": MeetingForm, "draft": DraftForm,
         "vote": VoteForm, "sign": SignForm, "file": FileForm, "objection": ObjectionForm, "renew": RenewForm}


def _initial(action):
    today = timezone.localdate()
    return {"reply": {"replied_on": today}, "meeting": {"held_on": today}, "draft": {"agreed_on": today},
            "sign": {"signed_on": today, "term_start": today}, "file": {"filed_on": today},
            "objection": {"received_on": today}, "renew": {"requested_on": today}}.get(action, {})


def _form(action, contract, data=None):
    cls = FORMS.get(action)
    if cls is None:
        return None
    if action == "vote":
        return cls(data, sessions=sessions_for(contract), initial=_initial(action))
    return cls(data, initial=_initial(action))


def _page(request, contract, bound=None):
    may_change = can(request.user, "contracts.change_collectivecontract", contract.union)
    actions = NEXT.get(contract.state, []) if may_change else []
    forms = {a: (bound[1] if bound and bound[0] == a else _form(a, contract)) for a in actions if a in FORMS}
    negotiators = list(contract.negotiators.all())
    congress_rules = None
    if contract.motion_id:
        congress_rules = contract.motion.rule_text
    elif "vote" in actions:
        sessions = sessions_for(contract)
        if sessions:
            k = sessions[0].congress
            q = wrules.quorum(k)
            congress_rules = f"{rules_share(q)}；{wrules.passing_text(k)}"
    lo, hi, lo_rule, _hi = rules.negotiator_limits(contract.region_code)
    return render(request, "contracts/detail.html", {
        "title": contract.title, "c": contract, "deadlines": rules.deadlines_of(contract),
        "employers": contract.employers.order_by("name"),
        "union_side": [n for n in negotiators if n.side == C.Side.UNION],
        "employer_side": [n for n in negotiators if n.side == C.Side.EMPLOYER],
        "negotiator_rule": _("%(lo)d to %(hi)d a side, equal numbers (%(source)s)") % {
            "lo": lo, "hi": hi, "source": lo_rule.source},
        "meetings": contract.meetings.all(), "actions": actions, "forms": forms,
        "show_effect": "effect" in actions, "congress_rules": congress_rules,
        "renewals": contract.renewals.all(), "history": audit.history(contract)})


def rules_share(q):
    return _("quorum: %(share)s or more of all delegates present (%(source)s)") % {
        "share": wrules.share_text(q.value), "source": q.source}


@login_required
def contract_detail(request, pk):
    return _page(request, _contract(request, pk))


@login_required
@require_POST
def contract_action(request, pk, action):
    contract = _contract(request, pk)
    if action not in NEXT.get(contract.state, []) and action != "effect":
        raise Http404(_("Not found."))
    if not can(request.user, "contracts.change_collectivecontract", contract.union):
        refuse(request.user, contract, "contracts.change_collectivecontract")
    if action == "effect":
        try:
            services.take_effect(contract, acting_user=request.user)
            messages.success(request, _("The contract is in force."))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("contracts:detail", contract.pk)
    form = _form(action, contract, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        u = request.user
        try:
            if action == "reply":
                services.record_reply(contract, acting_user=u, replied_on=d["replied_on"], agreed=d["agreed"],
                                      text=d["text"])
            elif action == "negotiators":
                services.set_negotiators(contract, acting_user=u, union_side=form.lines(d["union_side"]),
                                         employer_side=form.lines(d["employer_side"]))
            elif action == "meeting":
                services.add_meeting(contract, acting_user=u, **d)
            elif action == "draft":
                services.agree_draft(contract, acting_user=u, **d)
            elif action == "vote":
                session = get_object(u, Session.objects.select_related("congress__union"), pk=d.pop("session"))
                motion = services.vote(contract, acting_user=u, session=session, **d)
                if not motion.passed:
                    messages.warning(request, _("The draft did not pass: %(rule)s.") % {"rule": motion.rule_text})
            elif action == "sign":
                services.sign(contract, acting_user=u, **d)
            elif action == "file":
                services.record_filing(contract, acting_user=u, **d)
            elif action == "objection":
                services.record_objection(contract, acting_user=u, **d)
            elif action == "renew":
                new = services.renew(contract, acting_user=u, **d)
                messages.success(request, _("Renewal requested."))
                return redirect("contracts:detail", new.pk)
            messages.success(request, _("Saved."))
            return redirect("contracts:detail", contract.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _page(request, contract, bound=(action, form))


# --- coverage ------------------------------------------------------------------------------------

@login_required
def coverage(request):
    if not has_perm_anywhere(request.user, VIEW):
        refuse(request.user, None, VIEW)
    union = chosen_union(request)
    ctx = {"title": _("Collective contract coverage"), "union": union}
    if union is not None:
        ctx["f"] = queries.coverage(request.user, union)
        if request.GET.get("export") == "xlsx":
            return _coverage_export(request, ctx["f"])
    return render(request, "contracts/coverage.html", ctx)


def _coverage_export(request, f):
    """The coverage figures as a workbook: the total, then each county and each industry."""
    headers = [_("Group"), _("Row"), _("Target employers"), _("With a contract in force"),
               _("Without a contract in force"), _("Coverage rate")]
    rows = [[_("Total"), f["total"]["label"], f["total"]["total"], f["total"]["covered"], f["total"]["uncovered"],
             f["total"]["rate"]]]
    for group, items in ((_("By county"), f["by_county"]), (_("By industry (GB/T 4754)"), f["by_industry"])):
        rows += [[group, r["label"], r["total"], r["covered"], r["uncovered"], r["rate"]] for r in items]
    return xlsx_response(user=request.user, title=str(_("Collective contract coverage")), headers=headers,
                         rows=rows, filters={"union": f["union"].pk})


class CoverageEmployerList(ListPage):
    model = Employer
    filterset_class = ContractEmployerFilterSet
    table_class = CoverageEmployerTable
    title = gettext_lazy("Employers behind the contract coverage figures")
    permission = VIEW

    def get_queryset(self):
        return (Employer.objects.restrict(self.request.user).with_union_flag()
                .annotate(covered=queries.covered_flag()).select_related("industry", "region"))
