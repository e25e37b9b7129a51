"""一户一产业工人 pages: enrolments (with completion and certificate), rural workshops with
their workers, and the county's figures, each linking to its rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, needs, refuse, require
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import EnrolmentFilterSet, WorkshopFilterSet
from .forms import CompleteForm, EnrolmentForm, WorkshopForm
from .models import Enrolment, Workshop
from .tables import EnrolmentTable, WorkshopTable


class EnrolmentList(ListPage):
    model = Enrolment
    filterset_class = EnrolmentFilterSet
    table_class = EnrolmentTable
    title = gettext_lazy("Training enrolments")
    add_url_name = "skills:enrolment_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


class WorkshopList(ListPage):
    model = Workshop
    filterset_class = WorkshopFilterSet
    table_class = WorkshopTable
    title = gettext_lazy("Rural workshops")
    add_url_name = "skills:workshop_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("skills.add_enrolment")
def enrolment_create(request):
    form = EnrolmentForm(request.POST or None, user=request.user, initial={"enrolled_on": timezone.localdate()})

    def save(data):
        e = services.enrol(acting_user=request.user, **data)
        messages.success(request, _("Enrolment recorded."))
        return redirect("skills:enrolment_detail", e.pk)

    return form_page(request, form, _("New training enrolment"), save)


@login_required
def enrolment_detail(request, pk):
    e = get_object(request.user, Enrolment.objects.select_related("union"), pk=pk)
    may = e.state == "enrolled" and can(request.user, "skills.change_enrolment", e.union)
    form = CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, "skills.change_enrolment", e.union, obj=e)
        if form.is_valid():
            try:
                services.complete(e, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Completion recorded."))
                return redirect("skills:enrolment_detail", e.pk)
            except ValidationError as err:
                apply_service_errors(form, err)
    return render(request, "skills/enrolment_detail.html", {
        "title": str(e), "e": e, "form": form, "may": may, "history": audit.history(e)})


@needs("skills.add_workshop")
def workshop_create(request):
    form = WorkshopForm(request.POST or None, user=request.user, initial={"opened_on": timezone.localdate()})

    def save(data):
        w = services.create_workshop(acting_user=request.user, **data)
        messages.success(request, _("Rural workshop registered."))
        return redirect("skills:workshop_detail", w.pk)

    return form_page(request, form, _("New rural workshop"), save)


@login_required
def workshop_detail(request, pk):
    w = get_object(request.user, Workshop.objects.select_related("union", "employer"), pk=pk)
    return render(request, "skills/workshop_detail.html", {
        "title": w.name, "w": w, "workers": w.workers.order_by("left_on", "id"), "history": audit.history(w)})


@login_required
def figures(request):
    """The county's figures (the user's subtree, or the union chosen with `under`)."""
    if not has_perm_anywhere(request.user, "skills.view_enrolment"):
        refuse(request.user, None, "skills.view_enrolment")
    under = request.GET.get("under", "")
    union = Union.objects.restrict(request.user).filter(pk=under).first() if under.isdigit() else None
    year = request.GET.get("year", "")
    out, levels, minimum = queries.figures(request.user, union, int(year) if year.isdigit() else None)
    return render(request, "skills/figures.html", {
        "title": _("One skilled worker per household: figures"), "union": union, "figures": out, "levels": levels,
        "minimum": minimum, "year": year,
        "counties": Union.objects.restrict(request.user).filter(kind="federation").order_by("path")})
