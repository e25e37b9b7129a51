"""职代会 pages: staff lists and forms (congresses, delegates, votes, proposals, 厂务公开) and the
member's phone pages (their proposals, their employer's disclosures)."""

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
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member
from gonghui.rules import rulebook

from . import queries, rules, services
from .filtersets import CongressFilterSet, DisclosureFilterSet, ProposalFilterSet
from .forms import (
    AssignForm,
    CongressForm,
    DelegateForm,
    EvaluateForm,
    PlanForm,
    ProposeForm,
    PublishForm,
    RecommendForm,
    ReplyForm,
    ReportForm,
    ScreenForm,
    SessionForm,
    VoteForm,
)
from .models import Disclosure, Proposal, Session, WorkersCongress
from .tables import CongressTable, DisclosureTable, ProposalTable

FORM = "orgs/form.html"


# --- congresses ----------------------------------------------------------------------------------

class CongressList(ListPage):
    model = WorkersCongress
    filterset_class = CongressFilterSet
    table_class = CongressTable
    title = gettext_lazy("Workers' congresses")
    add_url_name = "wcongress:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("wcongress.add_workerscongress")
def congress_create(request):
    form = CongressForm(request.POST or None, user=request.user, initial={"term_start": timezone.localdate()})

    def save(data):
        congress = services.create_congress(acting_user=request.user, union=data["union"], name=data["name"],
                                            kind=data["kind"], employers=list(data["employers"]),
                                            term_start=data["term_start"], term_no=data["term_no"])
        messages.success(request, _("Workers' congress created; add its delegates."))
        return redirect("wcongress:detail", congress.pk)

    return form_page(request, form, _("New workers' congress"), save, template=FORM)


def _congress(request, pk, action="view"):
    return get_object(request.user, WorkersCongress.objects.select_related("union", "union__region"), action, pk=pk)


def _detail_context(request, congress, **forms):
    comp = rules.composition(congress)
    quorum = rules.quorum(congress)
    sessions = list(congress.sessions.prefetch_related("motions"))
    may_edit = can(request.user, "wcongress.add_delegate", congress.union)
    return {
        "title": congress.name, "congress": congress, "comp": comp, "quorum": quorum,
        "quorum_share": rules.share_text(quorum.value), "passing_text": rules.passing_text(congress),
        "cosponsors_min": rules.cosponsors_min(congress),
        "employers": congress.employers.all(),
        "delegates": congress.delegates.select_related("member", "employer").order_by("-active", "id"),
        "sessions": sessions, "figures": queries.proposal_figures(congress.proposals.all()),
        "may_edit": may_edit,
        "delegate_form": forms.get("delegate_form") or DelegateForm(),
        "session_form": forms.get("session_form") or SessionForm(initial={"held_on": timezone.localdate()}),
        "vote_form": forms.get("vote_form") or VoteForm(), "vote_session": forms.get("vote_session"),
        "report_rule": rulebook.find("wcongress.report_working_days", region=congress.region_code),
        "papers_rule": rulebook.find("wcongress.papers_days_before", region=congress.region_code),
        "report_form": ReportForm(initial={"reported_on": timezone.localdate()}),
        "history": audit.history(congress),
    }


@login_required
def congress_detail(request, pk):
    congress = _congress(request, pk)
    return render(request, "wcongress/congress_detail.html", _detail_context(request, congress))


@login_required
@require_POST
def delegate_add(request, pk):
    congress = _congress(request, pk)
    require(request.user, "wcongress.add_delegate", congress.union, obj=congress)
    form = DelegateForm(request.POST)
    if form.is_valid():
        member = Member.objects.restrict(request.user).filter(number=form.cleaned_data["number"].strip()).first()
        try:
            if member is None:
                raise ValidationError({"number": _("No member with this number in your unions.")})
            services.add_delegate(congress, acting_user=request.user, member=member,
                                  is_manager=form.cleaned_data["is_manager"],
                                  is_frontline=form.cleaned_data["is_frontline"])
            messages.success(request, _("%(name)s added as a delegate.") % {"name": member.name})
            return redirect("wcongress:detail", congress.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "wcongress/congress_detail.html", _detail_context(request, congress, delegate_form=form))


@login_required
@require_POST
def session_create(request, pk):
    congress = _congress(request, pk)
    require(request.user, "wcongress.add_session", congress.union, obj=congress)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.create_session(congress, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Session added."))
            return redirect("wcongress:detail", congress.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "wcongress/congress_detail.html", _detail_context(request, congress, session_form=form))


@login_required
@require_POST
def vote(request, pk):
    session = get_object(request.user, Session.objects.select_related("congress", "congress__union"), pk=pk)
    congress = session.congress
    require(request.user, "wcongress.add_motion", congress.union, obj=session)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            motion = services.record_vote(session, acting_user=request.user, **form.cleaned_data)
            if motion.passed:
                messages.success(request, _("“%(title)s” passed.") % {"title": motion.title})
            else:
                messages.warning(request, _("“%(title)s” did not pass.") % {"title": motion.title})
            return redirect("wcongress:detail", congress.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "wcongress/congress_detail.html",
                  _detail_context(request, congress, vote_form=form, vote_session=session.pk))


@login_required
@require_POST
def session_report(request, pk):
    session = get_object(request.user, Session.objects.select_related("congress", "congress__union"), pk=pk)
    require(request.user, "wcongress.change_session", session.congress.union, obj=session)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reported_on": _("Give the day of the report: not before the session, not a "
                                                    "future day.")})
        services.report_session(session, acting_user=request.user, reported_on=form.cleaned_data["reported_on"])
        messages.success(request, _("Recorded as reported to the higher union."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("wcongress:detail", session.congress_id)


# --- proposals -----------------------------------------------------------------------------------

class ProposalList(ListPage):
    model = Proposal
    filterset_class = ProposalFilterSet
    table_class = ProposalTable
    title = gettext_lazy("Proposals")

    def get_queryset(self):
        return super().get_queryset().select_related("congress", "proposer__member")


ACTIONS = {"screen": ScreenForm, "assign": AssignForm, "reply": ReplyForm, "recommend": RecommendForm}


def _proposal(request, pk):
    return get_object(request.user, Proposal.objects.select_related("congress", "congress__union",
                                                                     "proposer__member"), pk=pk)


def _proposal_page(request, proposal, forms=None):
    forms = forms or {}
    may = services.may_handle(request.user, proposal)
    return render(request, "wcongress/proposal_detail.html", {
        "title": f"{proposal.number} {proposal.title}", "p": proposal,
        "cosponsors": proposal.cosponsors.select_related("member"), "may": may,
        "own": can(request.user, "wcongress.change_proposal", proposal.congress.union) and not may,
        "forms": {name: forms.get(name) or cls() for name, cls in ACTIONS.items()},
        "history": audit.history(proposal),
    })


@login_required
def proposal_detail(request, pk):
    return _proposal_page(request, _proposal(request, pk))


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = _proposal(request, pk)
    if action not in ACTIONS:
        raise Http404(_("Not found."))
    require(request.user, "wcongress.change_proposal", proposal.congress.union, obj=proposal)
    form = ACTIONS[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "screen":
                services.screen_proposal(proposal, acting_user=request.user, file=data["decision"] == "file",
                                         reason=data["reason"])
            elif action == "assign":
                services.assign_proposal(proposal, acting_user=request.user, department=data["department"])
            elif action == "reply":
                services.reply_proposal(proposal, acting_user=request.user, **data)
            else:
                services.recommend_proposal(proposal, acting_user=request.user, note=data["note"])
            messages.success(request, _("Saved."))
            return redirect("wcongress:proposal_detail", proposal.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _proposal_page(request, proposal, {action: form})


# --- 厂务公开 ------------------------------------------------------------------------------------

class DisclosureList(ListPage):
    model = Disclosure
    filterset_class = DisclosureFilterSet
    table_class = DisclosureTable
    title = gettext_lazy("Disclosure (厂务公开)")
    add_url_name = "wcongress:disclosure_plan"

    def get_queryset(self):
        return super().get_queryset().select_related("employer")


@needs("wcongress.add_disclosure")
def disclosure_plan(request):
    form = PlanForm(request.POST or None, user=request.user)

    def save(data):
        made = services.plan_disclosures(data["employer"], acting_user=request.user,
                                         period_start=data["period_start"])
        messages.success(request, _("%(n)d items to publish were added.") % {"n": len(made)})
        return redirect(f"{_url('wcongress:disclosures')}?employer={data['employer'].pk}")

    items, ruling = rules.disclosure_items("")
    return form_page(request, form, _("Plan the items to publish"), save, template="wcongress/plan.html",
                     items=items, ruling=ruling)


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
def disclosure_detail(request, pk):
    d = get_object(request.user, Disclosure.objects.select_related("employer", "union"), pk=pk)
    may = d.published_on is None and can(request.user, "wcongress.change_disclosure", d.union)
    form = PublishForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, "wcongress.change_disclosure", d.union, obj=d)
        if form.is_valid():
            try:
                services.publish_disclosure(d, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Recorded as published."))
                return redirect("wcongress:disclosure_detail", d.pk)
            except ValidationError as e:
                apply_service_errors(form, e)
    return render(request, "wcongress/disclosure_detail.html", {
        "title": str(d), "d": d, "form": form, "may": may, "history": audit.history(d)})


# --- the member's pages (H5) ---------------------------------------------------------------------

def _me(request):
    return Member.objects.of_user(request.user)


def _no_member(request, title):
    return render(request, "wcongress/h5_no_member.html", {"title": title})


@login_required
def my_proposals(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("My proposals"))
    return render(request, "wcongress/h5_proposals.html", {
        "title": _("My proposals"), "proposals": list(queries.my_proposals(member)[:50]),
        "delegations": list(queries.my_delegations(member))})


@login_required
def my_proposal_new(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("New proposal"))
    delegations = list(queries.my_delegations(member))
    if not delegations:
        return render(request, "wcongress/h5_no_member.html", {
            "title": _("New proposal"), "text": _("Only workers' delegates submit proposals.")})
    chosen = next((d for d in delegations if str(d.congress_id) == request.GET.get("congress")), delegations[0])
    congress = chosen.congress
    others = list(congress.delegates.filter(active=True).exclude(pk=chosen.pk).select_related("member"))
    form = ProposeForm(request.POST or None, delegates=others)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(d.pk): d for d in others}
        try:
            p = services.submit_proposal(congress, acting_user=request.user, proposer=chosen,
                                         title=form.cleaned_data["title"], content=form.cleaned_data["content"],
                                         cosponsors=[by_pk[k] for k in form.cleaned_data["cosponsors"]])
            messages.success(request, _("Proposal %(number)s submitted.") % {"number": p.number})
            return redirect("wcongress:my_proposal", p.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "wcongress/h5_proposal_new.html", {
        "title": _("New proposal"), "form": form, "congress": congress, "delegations": delegations,
        "need": rules.cosponsors_min(congress)})


@login_required
def my_proposal(request, pk):
    member = _me(request)
    p = queries.my_proposals(member).filter(pk=pk).first() if member else None
    if p is None:
        raise Http404(_("Not found."))
    mine = p.proposer.member_id == member.pk
    form = EvaluateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate_proposal(p, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("wcongress:my_proposal", p.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "wcongress/h5_proposal.html", {
        "title": p.number, "p": p, "mine": mine, "form": form,
        "cosponsors": p.cosponsors.select_related("member")})


@login_required
def my_disclosures(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("Disclosure (厂务公开)"))
    items = list(queries.my_disclosures(member)[:100])
    return render(request, "wcongress/h5_disclosures.html", {
        "title": _("Disclosure (厂务公开)"), "items": items, "employer": services.employer_of(member),
        "overdue": sum(1 for d in items if d.status == "overdue")})

