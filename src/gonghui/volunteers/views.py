"""志愿服务 pages: teams and their volunteers, activities (events) with check-in and check-out,
the shifts and hours with star levels, the year's figures; the member's own hours on the phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, needs, refuse, require
from gonghui.core.export import xlsx_response
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.events.models import Registration
from gonghui.members.models import Member

from . import queries, rules, services
from .filtersets import ActivityFilterSet, ShiftFilterSet, TeamFilterSet, VolunteerFilterSet
from .forms import ActivityForm, MemberActionForm, NumbersForm, TeamForm
from .models import Activity, Shift, Team, Volunteer
from .tables import ActivityTable, ShiftTable, TeamTable, VolunteerTable


class TeamList(ListPage):
    model = Team
    filterset_class = TeamFilterSet
    table_class = TeamTable
    title = gettext_lazy("Volunteer teams")
    add_url_name = "volunteers:team_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


class VolunteerList(ListPage):
    model = Volunteer
    filterset_class = VolunteerFilterSet
    table_class = VolunteerTable
    title = gettext_lazy("Volunteers")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("member", "team")


class ActivityList(ListPage):
    model = Activity
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    title = gettext_lazy("Volunteer activities")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("team", "event")


class ShiftList(ListPage):
    model = Shift
    filterset_class = ShiftFilterSet
    table_class = ShiftTable
    title = gettext_lazy("Volunteer hours (shifts)")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("member", "activity__event")


@needs("volunteers.add_team")
def team_create(request):
    form = TeamForm(request.POST or None, user=request.user)

    def save(data):
        team = services.create_team(acting_user=request.user, **data)
        messages.success(request, _("Team created; add its volunteers."))
        return redirect("volunteers:team_detail", team.pk)

    return form_page(request, form, _("New volunteer team"), save)


def _members_by_number(request, numbers):
    found = {m.number: m for m in Member.objects.restrict(request.user).filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({"numbers": _("No member with these numbers in your unions: %(numbers)s.") % {
            "numbers": "、".join(missing)}})
    return [found[n] for n in numbers]


def _team_page(request, team, numbers_form=None, activity_form=None):
    return render(request, "volunteers/team_detail.html", {
        "title": team.name, "team": team,
        "volunteers": team.volunteers.select_related("member").order_by("id"),
        "activities": team.activities.select_related("event").order_by("-event__starts_at"),
        "may": can(request.user, "volunteers.add_activity", team.union),
        "numbers_form": numbers_form or NumbersForm(), "activity_form": activity_form or ActivityForm(),
        "history": audit.history(team)})


def _team(request, pk):
    return get_object(request.user, Team.objects.select_related("union"), pk=pk)


@login_required
def team_detail(request, pk):
    return _team_page(request, _team(request, pk))


@login_required
@require_POST
def team_volunteers(request, pk):
    team = _team(request, pk)
    require(request.user, "volunteers.add_volunteer", team.union, obj=team)
    form = NumbersForm(request.POST)
    if form.is_valid():
        try:
            n = services.add_volunteers(team, acting_user=request.user,
                                        members=_members_by_number(request, form.cleaned_data["numbers"]))
            messages.success(request, _("%(n)d volunteers added.") % {"n": n})
            return redirect("volunteers:team_detail", team.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _team_page(request, team, numbers_form=form)


@login_required
@require_POST
def team_activity(request, pk):
    team = _team(request, pk)
    require(request.user, "volunteers.add_activity", team.union, obj=team)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            a = services.create_activity(team, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Activity created."))
            return redirect("volunteers:activity_detail", a.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _team_page(request, team, activity_form=form)


def _activity(request, pk):
    return get_object(request.user, Activity.objects.select_related("team", "team__union", "event"), pk=pk)


ACTIONS = ("enlist", "check_in", "check_out")


def _activity_page(request, activity, action=None, form=None):
    regs = (Registration.objects.filter(event=activity.event).exclude(state="cancelled")
            .select_related("member").order_by("registered_at"))
    shifts = {s.member_id: s for s in activity.shifts.all()}
    return render(request, "volunteers/activity_detail.html", {
        "title": activity.event.title, "a": activity, "regs": [(r, shifts.get(r.member_id)) for r in regs],
        "may": can(request.user, "volunteers.change_activity", activity.team.union),
        "forms": {name: form if name == action and form else MemberActionForm(prefix=name) for name in ACTIONS},
        "history": audit.history(activity)})


@login_required
def activity_detail(request, pk):
    return _activity_page(request, _activity(request, pk))


@login_required
@require_POST
def activity_action(request, pk, action):
    activity = _activity(request, pk)
    if action not in ACTIONS:
        raise Http404(_("Not found."))
    require(request.user, "volunteers.change_activity", activity.team.union, obj=activity)
    form = MemberActionForm(request.POST, prefix=action)
    if form.is_valid():
        try:
            member = Member.objects.restrict(request.user).filter(number=form.cleaned_data["number"].strip()).first()
            if member is None:
                raise ValidationError({"number": _("No member with this number in your unions.")})
            if action == "enlist":
                services.enlist(activity, acting_user=request.user, member=member)
            elif action == "check_in":
                services.check_in(activity, acting_user=request.user, member=member)
            else:
                services.check_out(activity, acting_user=request.user, member=member, at=form.cleaned_data["at"])
            messages.success(request, _("Saved."))
            return redirect("volunteers:activity_detail", activity.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _activity_page(request, activity, action, form)


def _year(request):
    y = request.GET.get("year", "")
    return int(y) if y.isdigit() and 2000 <= int(y) <= 2100 else timezone.localdate().year


@login_required
def hours(request):
    """Hours per member in a year with their star level (filters: year, stars); export xlsx."""
    if not has_perm_anywhere(request.user, "volunteers.view_shift"):
        refuse(request.user, None, "volunteers.view_shift")
    year = _year(request)
    rows = queries.hours_by_member(Shift.objects.restrict(request.user).filter(year=year))
    stars = request.GET.get("stars", "")
    if stars.isdigit():
        rows = [r for r in rows if r["stars"] == int(stars)]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(user=request.user, title=str(_("Volunteer hours")), headers=[
            str(_("Member")), str(_("Member number")), str(_("Hours")), str(_("Stars"))],
            rows=([r["name"], r["number"], r["hours"], r["stars"]] for r in rows),
            filters={"year": year, "stars": stars})
    levels, ruling = rules.star_levels()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "volunteers/hours.html", {
        "title": _("Volunteer hours"), "page": page, "year": year, "stars": stars, "levels": levels,
        "ruling": ruling})


@login_required
def figures(request):
    if not has_perm_anywhere(request.user, "volunteers.view_team"):
        refuse(request.user, None, "volunteers.view_team")
    year = _year(request)
    out, stars, ruling = queries.year_figures(request.user, year)
    return render(request, "volunteers/figures.html", {
        "title": _("Volunteer service in %(year)s") % {"year": year}, "year": year, "figures": out,
        "stars": stars, "ruling": ruling})


@login_required
def my_hours(request):
    member = Member.objects.of_user(request.user)
    if member is None:
        return render(request, "volunteers/h5_no_member.html", {"title": _("My volunteer hours")})
    shifts = list(Shift.objects.filter(member=member).select_related("activity__event", "activity__team")[:100])
    total = sum(s.minutes for s in shifts) / 60
    levels, ruling = rules.star_levels()
    return render(request, "volunteers/h5_hours.html", {
        "title": _("My volunteer hours"), "shifts": shifts, "total": round(total, 1),
        "stars": rules.stars_for(total, levels), "levels": levels, "ruling": ruling})
