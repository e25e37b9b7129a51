"""Pages of terms, office-holders and elections. Views parse input and call `services`; every
object is fetched through the access helpers, so a foreign id answers like a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, pdf
from gonghui.core.access import can, get_object, needs, refuse
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union

from . import queries, services
from .filtersets import ElectionFilterSet, HolderFilterSet, TermFilterSet
from .forms import (
    BallotsForm,
    CandidateForm,
    DecisionForm,
    DelayForm,
    ElectionForm,
    HolderForm,
    PostForm,
    RecallForm,
    TermForm,
    TurnoutForm,
)
from .models import Candidate, Election, ElectionState, OfficeHolder, Round, Term
from .strokes import by_strokes
from .tables import ElectionTable, HolderTable, TermTable


def _parent_can(user, perm, union):
    parent = services._parent(union)
    return parent is not None and can(user, perm, parent)


# --- terms ---------------------------------------------------------------------------------

class TermList(ListPage):
    model = Term
    filterset_class = TermFilterSet
    table_class = TermTable
    title = gettext_lazy("Terms and re-elections (换届)")
    add_url_name = "elections:term_create"
    template_name = "elections/term_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("union")

    def extra_context(self):
        return {"summary": queries.reelection_summary(self.request.user, current_scope_union(self.request))}


@needs("elections.add_term")
def term_create(request):
    form = TermForm(request.POST or None, user=request.user)

    def save(d):
        term = services.record_term(acting_user=request.user, union=d["union"], elected_on=d["elected_on"],
                                    years=d.get("years"))
        messages.success(request, _("Term recorded."))
        return redirect("elections:term_detail", term.pk)

    return form_page(request, form, _("Record a term"), save, template="elections/form.html")


@login_required
def term_detail(request, pk):
    term = get_object(request.user, Term.objects.select_related("union", "delay_requested_by",
                                                                  "delay_approved_by"), pk=pk)
    may_request = can(request.user, "elections.change_term", term.union) and term.closed_on is None
    may_decide = (term.delay_requested_until is not None and term.delay_requested_by_id != request.user.pk
                  and _parent_can(request.user, "elections.approve_term", term.union))
    delay_form = DelayForm(request.POST if request.POST.get("form") == "delay" else None)
    decide_form = DecisionForm(request.POST if request.POST.get("form") == "decide" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "delay" and delay_form.is_valid():
                services.request_delay(acting_user=request.user, term=term, **delay_form.cleaned_data)
                messages.success(request, _("The delay was sent to the union above."))
                return redirect("elections:term_detail", term.pk)
            if request.POST.get("form") == "decide" and decide_form.is_valid():
                services.decide_delay(acting_user=request.user, term=term, **decide_form.cleaned_data)
                messages.success(request, _("Decision recorded."))
                return redirect("elections:term_detail", term.pk)
        except ValidationError as e:
            apply_service_errors(delay_form if request.POST.get("form") == "delay" else decide_form, e)
    term = queries.with_status(Term.objects.filter(pk=term.pk)).select_related("union").get()
    return render(request, "elections/term_detail.html", {
        "title": str(term), "term": term, "status_label": dict(queries.STATUSES)[term.status],
        "holders": OfficeHolder.objects.filter(union=term.union).order_by("-from_on", "office", "id"),
        "chair": queries.chair_today(term.union), "may_request": may_request, "may_decide": may_decide,
        "delay_form": delay_form, "decide_form": decide_form, "history": audit.history(term)})


# --- office-holders ------------------------------------------------------------------------

class HolderList(ListPage):
    model = OfficeHolder
    filterset_class = HolderFilterSet
    table_class = HolderTable
    title = gettext_lazy("Office-holders")
    add_url_name = "elections:holder_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("elections.add_officeholder")
def holder_create(request):
    form = HolderForm(request.POST or None, user=request.user)

    def save(d):
        services.appoint(acting_user=request.user, **d)
        messages.success(request, _("Office-holder recorded."))
        return redirect("elections:holders")

    return form_page(request, form, _("Record an office-holder"), save, template="elections/form.html")


@needs("elections.recall_officeholder")
def holder_recall(request, pk):
    holder = get_object(request.user, OfficeHolder.objects.select_related("union"), "recall", pk=pk)
    form = RecallForm(request.POST or None)

    def save(d):
        services.recall(acting_user=request.user, holder=holder, **d)
        messages.success(request, _("The recall was recorded."))
        return redirect("elections:holders")

    return form_page(request, form, _("Recall %(name)s") % {"name": holder}, save, template="elections/form.html",
                     danger=True)


# --- elections -----------------------------------------------------------------------------

class ElectionList(ListPage):
    model = Election
    filterset_class = ElectionFilterSet
    table_class = ElectionTable
    title = gettext_lazy("Elections")
    add_url_name = "elections:election_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("elections.add_election")
def election_create(request):
    form = ElectionForm(request.POST or None, user=request.user)

    def save(d):
        e = services.create_election(acting_user=request.user, **d)
        return redirect("elections:election_detail", e.pk)

    return form_page(request, form, _("New election"), save, template="elections/form.html")


def _election(request, pk, action="view"):
    return get_object(request.user, Election.objects.select_related("union"), action, pk=pk)


@login_required
def election_detail(request, pk):
    e = _election(request, pk)
    may_edit = can(request.user, "elections.change_election", e.union)
    above = _parent_can(request.user, "elections.approve_election", e.union)
    posts = []
    for post in e.posts.prefetch_related("candidates"):
        need, rule = queries.candidates_needed(post)
        posts.append({"post": post, "candidates": by_strokes(list(post.candidates.all())), "need": need,
                      "rule": rule, "rounds": list(post.rounds.all()), "elected": queries.elected_of(post),
                      "unfilled": queries.unfilled_of(post), "finished": queries.post_finished(post)})
    return render(request, "elections/election_detail.html", {
        "title": e.title, "e": e, "posts": posts, "may_edit": may_edit and e.state == ElectionState.NOMINATING,
        "may_vote": may_edit and e.state == ElectionState.VOTING,
        "may_approve_candidates": above and e.state == ElectionState.SUBMITTED
        and e.candidates_submitted_by_id != request.user.pk,
        "may_approve_result": above and e.state == ElectionState.REPORTED and e.reported_by_id != request.user.pk,
        "post_form": PostForm(), "candidate_form": CandidateForm(), "decision_form": DecisionForm(),
        "problems": services.candidate_problems(e) if e.state == ElectionState.NOMINATING else [],
        "history": audit.history(e)})


@require_POST
@login_required
def election_action(request, pk, action):
    """The buttons of the election page: add seats or a candidate, submit, decide, report."""
    e = _election(request, pk)
    post_data, user = request.POST, request.user
    try:
        if action == "post":
            form = PostForm(post_data)
            if not form.is_valid():
                raise ValidationError(" ".join(m for errs in form.errors.values() for m in errs))
            services.add_post(acting_user=user, election=e, **form.cleaned_data)
        elif action == "candidate":
            form = CandidateForm(post_data)
            if not form.is_valid():
                raise ValidationError(_("Enter the candidate's name."))
            post = e.posts.filter(pk=form.cleaned_data["post"]).first()
            if post is None:
                raise ValidationError(_("Choose the office."))
            services.add_candidate(acting_user=user, post=post, name=form.cleaned_data["name"])
        elif action == "remove":
            pk = post_data.get("candidate", "")
            cand = Candidate.objects.filter(post__election=e, pk=pk).first() if pk.isdigit() else None
            if cand is not None:
                services.remove_candidate(acting_user=user, candidate=cand)
        elif action == "submit":
            services.submit_candidates(acting_user=user, election=e)
        elif action in ("approve_candidates", "approve_result"):
            form = DecisionForm(post_data)
            if not form.is_valid():
                raise ValidationError(_("Choose approve or send back."))
            fn = services.decide_candidates if action == "approve_candidates" else services.decide_result
            fn(acting_user=user, election=e, **form.cleaned_data)
        elif action == "report":
            services.report_result(acting_user=user, election=e)
        else:
            refuse(user, e, "elections.change_election")
    except ValidationError as err:
        show_error(request, err)
    else:
        messages.success(request, _("Saved."))
    return redirect("elections:election_detail", e.pk)


def _round(request, pk):
    rnd = get_object(request.user, Round.objects.select_related("post__election__union"), pk=pk)
    return rnd, rnd.post.election


@login_required
def round_detail(request, pk):
    rnd, e = _round(request, pk)
    ordered = queries.ballot_candidates(rnd)
    may_vote = can(request.user, "elections.change_election", e.union) and rnd.state == "open" \
        and e.state == ElectionState.VOTING
    which = request.POST.get("form")
    turnout = TurnoutForm(request.POST if which == "turnout" else None,
                          initial={"attendance": rnd.attendance, "issued": rnd.issued, "returned": rnd.returned})
    ballots = BallotsForm(request.POST if which == "ballots" else None)
    tally_error = []
    if request.method == "POST":
        if not may_vote:
            refuse(request.user, e, "elections.change_election")
        try:
            if which == "turnout" and turnout.is_valid():
                services.record_turnout(acting_user=request.user, rnd=rnd, **turnout.cleaned_data)
                return redirect("elections:round_detail", rnd.pk)
            if which == "ballots" and ballots.is_valid():
                services.enter_sheet(acting_user=request.user, rnd=rnd, ballots=ballots.ballots(ordered))
                messages.success(request, _("Your count was saved."))
                return redirect("elections:round_detail", rnd.pk)
            if which == "tallies":
                votes = {c.pk: request.POST.get(f"votes_{c.pk}") or "0" for c in ordered}
                services.enter_sheet(acting_user=request.user, rnd=rnd, tallies={
                    "invalid": request.POST.get("invalid") or "0", "votes": votes})
                messages.success(request, _("Your count was saved."))
                return redirect("elections:round_detail", rnd.pk)
            if which == "count":
                services.count_round(acting_user=request.user, rnd=rnd)
                return redirect("elections:round_detail", rnd.pk)
        except ValidationError as err:
            if which == "turnout":
                apply_service_errors(turnout, err)
            elif which == "ballots":
                apply_service_errors(ballots, err)
            else:
                tally_error = err.messages
    sheets = list(rnd.sheets.select_related("teller"))
    diffs = queries.sheet_disagreements(rnd, sheets) if len(sheets) >= 2 and rnd.state == "open" else []
    return render(request, "elections/round_detail.html", {
        "title": str(rnd), "rnd": rnd, "e": e, "ordered": ordered, "may_vote": may_vote, "turnout": turnout,
        "ballots_form": ballots, "sheets": sheets, "diffs": diffs, "tally_error": tally_error,
        "mine": next((s for s in sheets if s.teller_id == request.user.pk), None)})


@login_required
def ballot_pdf(request, pk):
    """The printable ballot: candidates in 姓氏笔画 order, numbered as the tellers enter them."""
    rnd, e = _round(request, pk)
    ordered = queries.ballot_candidates(rnd)
    return pdf.document(request, "elections/ballot_pdf.html", {"rnd": rnd, "e": e, "ordered": ordered},
                        title=_("Ballot: %(title)s, %(post)s") % {"title": e.title, "post": rnd.post},
                        issuer=e.union.name, rows=len(ordered), obj=e)


@login_required
def result_pdf(request, pk):
    rnd, e = _round(request, pk)
    if rnd.result is None:
        refuse(request.user, e, "elections.view_election")
    return pdf.document(request, "elections/result_pdf.html", {"rnd": rnd, "e": e, "r": rnd.result},
                        title=_("Result: %(title)s, %(post)s") % {"title": e.title, "post": rnd.post},
                        issuer=e.union.name, obj=e)
