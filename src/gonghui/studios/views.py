"""Studio pages: the studio list and form, a studio's page (projects and results, funding within
the grade's amount, yearly reviews, its mentorships), mentorships and alliances."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import services
from .filtersets import AllianceFilterSet, MentorshipFilterSet, StudioFilterSet
from .forms import CompleteForm, FundingForm, MentorshipForm, ProjectForm, ReviewForm, StudioForm
from .models import Alliance, Mentorship, Studio
from .tables import AllianceTable, MentorshipTable, StudioTable

FORM = "orgs/form.html"


def _member(user, number, field):
    m = Member.objects.restrict(user).filter(number=(number or "").strip()).first()
    if m is None:
        raise ValidationError({field: _("No member with this number in your unions.")})
    return m


class StudioList(ListPage):
    model = Studio
    filterset_class = StudioFilterSet
    table_class = StudioTable
    title = gettext_lazy("Innovation studios")
    add_url_name = "studios:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "lead")


@needs("studios.add_studio")
def studio_create(request):
    form = StudioForm(request.POST or None, user=request.user, initial={"recognised_year": timezone.localdate().year})

    def save(data):
        lead = _member(request.user, data["lead_number"], "lead_number")
        try:
            s = services.create_studio(acting_user=request.user, union=data["union"], name=data["name"], lead=lead,
                                       grade=data["grade"], recognised_year=data["recognised_year"],
                                       field=data["field"])
        except ValidationError as e:
            if hasattr(e, "error_dict") and "lead" in e.error_dict:
                raise ValidationError({"lead_number": e.error_dict["lead"]}) from None
            raise
        messages.success(request, _("Studio recognised."))
        return redirect("studios:detail", s.pk)

    return form_page(request, form, _("New innovation studio"), save, template=FORM)


ACTIONS = {"project": ProjectForm, "funding": FundingForm, "review": ReviewForm}


def _studio_page(request, s, forms=None):
    forms = forms or {}
    year = timezone.localdate().year
    try:
        rule = services.grant_rule(s, year)
    except Exception:  # noqa: BLE001 (a rulebook without the value: the page still shows the studio)
        rule = None
    granted = s.fundings.filter(year=year).aggregate(t=Sum("amount_fen"))["t"] or 0
    return render(request, "studios/detail.html", {
        "title": s.name, "s": s, "rule": rule, "granted": granted, "year": year,
        "projects": s.projects.all(), "fundings": s.fundings.all(), "reviews": s.reviews.all(),
        "mentorships": Mentorship.objects.restrict(request.user).filter(studio=s).select_related("mentor",
                                                                                                 "apprentice"),
        "may_project": can(request.user, "studios.add_project", s.union),
        "may_fund": can(request.user, "studios.add_funding", s.union),
        "may_review": can(request.user, "studios.add_review", s.union),
        "forms": {k: forms.get(k) or f(initial={"year": year}) for k, f in ACTIONS.items()},
        "history": audit.history(s),
    })


def _studio(request, pk):
    return get_object(request.user, Studio.objects.select_related("union", "lead", "employer"), pk=pk)


@login_required
def studio_detail(request, pk):
    return _studio_page(request, _studio(request, pk))


@login_required
@require_POST
def studio_action(request, pk, action):
    s = _studio(request, pk)
    if action not in ACTIONS:
        raise Http404
    require(request.user, f"studios.add_{action}", s.union, obj=s)
    form = ACTIONS[action](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "project":
                services.add_project(s, acting_user=request.user, year=d["year"], title=d["title"],
                                     patents=d["patents"], saving_fen=d["saving"] or 0, trainees=d["trainees"])
            elif action == "funding":
                services.fund_studio(s, acting_user=request.user, year=d["year"], amount_fen=d["amount"],
                                     purpose=d["purpose"])
            else:
                services.review_studio(s, acting_user=request.user, year=d["year"], result=d["result"],
                                       note=d["note"])
            messages.success(request, _("Saved."))
            return redirect("studios:detail", s.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _studio_page(request, s, {action: form})


class MentorshipList(ListPage):
    model = Mentorship
    filterset_class = MentorshipFilterSet
    table_class = MentorshipTable
    title = gettext_lazy("Mentorships")
    add_url_name = "studios:mentorship_create"

    def get_queryset(self):
        return super().get_queryset().select_related("mentor", "apprentice", "studio")


@needs("studios.add_mentorship")
def mentorship_create(request):
    form = MentorshipForm(request.POST or None, user=request.user)
    studio_id = request.GET.get("studio") or request.POST.get("studio")

    def save(data):
        studio = None
        if studio_id and str(studio_id).isdigit():
            studio = Studio.objects.restrict(request.user).filter(pk=studio_id).first()
        ms = services.start_mentorship(
            acting_user=request.user, union=data["union"], studio=studio,
            mentor=_member(request.user, data["mentor_number"], "mentor_number"),
            apprentice=_member(request.user, data["apprentice_number"], "apprentice_number"),
            goals=data["goals"], starts_on=data["starts_on"], ends_on=data["ends_on"],
            start_grade=data["start_grade"])
        messages.success(request, _("Mentorship recorded."))
        return redirect("studios:mentorship", ms.pk)

    return form_page(request, form, _("New mentorship"), save, template=FORM)


def _mentorship_page(request, ms, form=None):
    return render(request, "studios/mentorship.html", {
        "title": str(ms), "ms": ms, "form": form or CompleteForm(),
        "may": can(request.user, "studios.change_mentorship", ms.union), "history": audit.history(ms)})


@login_required
def mentorship_detail(request, pk):
    ms = get_object(request.user, Mentorship.objects.select_related("mentor", "apprentice", "studio", "union"),
                    pk=pk)
    if request.method == "POST":
        require(request.user, "studios.change_mentorship", ms.union, obj=ms)
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                services.complete_mentorship(ms, acting_user=request.user,
                                             result_grade=form.cleaned_data["result_grade"])
                messages.success(request, _("Mentorship completed."))
                return redirect("studios:mentorship", ms.pk)
            except ValidationError as e:
                apply_service_errors(form, e)
        return _mentorship_page(request, ms, form)
    return _mentorship_page(request, ms)


class AllianceList(ListPage):
    model = Alliance
    filterset_class = AllianceFilterSet
    table_class = AllianceTable
    title = gettext_lazy("Studio alliances")

    def get_queryset(self):
        return super().get_queryset().select_related("union")
