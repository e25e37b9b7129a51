"""疗休养 pages: staff lists and forms (bases, batches, candidates, allocation, attendance) and
the member's phone pages (their offers, accept or decline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import queries, rules, services
from .filtersets import BaseFilterSet, BatchFilterSet, OfferFilterSet
from .forms import BaseForm, BatchForm, CandidatesForm, RespondForm
from .models import Base, Batch, Offer
from .tables import BaseTable, BatchTable, OfferTable

FORM = "orgs/form.html"


# --- bases ---------------------------------------------------------------------------------------

class BaseList(ListPage):
    model = Base
    filterset_class = BaseFilterSet
    table_class = BaseTable
    title = gettext_lazy("Recuperation bases")
    add_url_name = "recuperation:base_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("recuperation.add_base")
def base_create(request):
    form = BaseForm(request.POST or None, user=request.user)

    def save(data):
        base = services.create_base(acting_user=request.user, **data)
        messages.success(request, _("Base added."))
        return redirect("recuperation:base_detail", base.pk)

    return form_page(request, form, _("New recuperation base"), save, template=FORM)


@login_required
def base_detail(request, pk):
    base = get_object(request.user, Base.objects.select_related("union"), pk=pk)
    return render(request, "recuperation/base_detail.html", {
        "title": str(base), "base": base,
        "batches": Batch.objects.restrict(request.user).filter(base=base).select_related("union"),
        "history": audit.history(base)})


# --- batches -------------------------------------------------------------------------------------

class BatchList(ListPage):
    model = Batch
    filterset_class = BatchFilterSet
    table_class = BatchTable
    title = gettext_lazy("Recuperation batches")
    add_url_name = "recuperation:batch_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "base")


@needs("recuperation.add_batch")
def batch_create(request):
    form = BatchForm(request.POST or None, user=request.user, initial={"honour_required": True})

    def save(data):
        batch = services.create_batch(acting_user=request.user, **data)
        messages.success(request, _("Batch created; add its candidates."))
        return redirect("recuperation:batch_detail", batch.pk)

    cap = rules.days_cap("")
    return form_page(request, form, _("New recuperation batch"), save, template="recuperation/batch_form.html",
                     cap=cap)


def _batch(request, pk):
    return get_object(request.user, Batch.objects.select_related("union", "base", "union__region"), pk=pk)


def _batch_page(request, batch, candidates_form=None):
    may = can(request.user, "recuperation.change_batch", batch.union)
    offers = list(batch.offers.select_related("member").order_by("rank", "id"))
    figures = queries.batch_figures(batch)
    return render(request, "recuperation/batch_detail.html", {
        "title": batch.name, "batch": batch, "figures": figures,
        "figure_rows": [(code, label, figures[code]) for code, label in Offer.State.choices],
        "offers": offers, "accepted": [o for o in offers if o.state == Offer.State.ACCEPTED],
        "may": may, "may_add": can(request.user, "recuperation.add_offer", batch.union),
        "candidates_form": candidates_form or CandidatesForm(),
        "repeat": rules.repeat_years(batch.region_code, on=batch.starts_on),
        "reply": rules.reply_days(batch.region_code, on=batch.starts_on),
        "min_level_label": rules.level_label(batch.min_level),
        "offers_url": reverse("recuperation:offers"), "today": timezone.localdate(),
        "history": audit.history(batch)})


@login_required
def batch_detail(request, pk):
    return _batch_page(request, _batch(request, pk))


@login_required
@require_POST
def candidates_add(request, pk):
    batch = _batch(request, pk)
    require(request.user, "recuperation.add_offer", batch.union, obj=batch)
    form = CandidatesForm(request.POST)
    if form.is_valid():
        numbers = form.cleaned_data["numbers"]
        found = {m.number: m for m in Member.objects.restrict(request.user).filter(number__in=numbers)}
        try:
            missing = [n for n in numbers if n not in found]
            if missing:
                raise ValidationError({"numbers": _("No member with these numbers in your unions: %(numbers)s.") % {
                    "numbers": "、".join(missing)}})
            n = services.add_candidates(batch, acting_user=request.user, members=[found[x] for x in numbers],
                                        frontline=form.cleaned_data["frontline"])
            messages.success(request, _("%(n)d candidates added.") % {"n": n})
            return redirect("recuperation:batch_detail", batch.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _batch_page(request, batch, candidates_form=form)


@login_required
@require_POST
def batch_action(request, pk, action):
    batch = _batch(request, pk)
    if action not in ("allocate", "expire", "attendance"):
        raise Http404(_("Not found."))
    require(request.user, "recuperation.change_batch", batch.union, obj=batch)
    try:
        if action == "allocate":
            services.allocate(batch, acting_user=request.user)
            messages.success(request, _("Places allocated; the seed of the lot is published."))
        elif action == "expire":
            n = services.expire_overdue(batch, acting_user=request.user)
            messages.success(request, _("%(n)d unanswered offers expired.") % {"n": n})
        else:
            went = services.record_attendance(batch, acting_user=request.user,
                                              attended=[p for p in request.POST.getlist("attended") if p.isdigit()])
            messages.success(request, _("Attendance recorded: %(n)d went.") % {"n": went})
    except ValidationError as e:
        show_error(request, e)
    return redirect("recuperation:batch_detail", batch.pk)


# --- offers --------------------------------------------------------------------------------------

class OfferList(ListPage):
    model = Offer
    filterset_class = OfferFilterSet
    table_class = OfferTable
    title = gettext_lazy("Recuperation offers")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("member", "batch")


@login_required
def offer_detail(request, pk):
    offer = get_object(request.user, Offer.objects.select_related("member", "batch", "batch__base", "replaces__member"),
                       pk=pk)
    return render(request, "recuperation/offer_detail.html", {
        "title": f"{offer.batch.name} · {offer.member.name}", "o": offer,
        "level_label": rules.level_label(offer.honour_level), "history": audit.history(offer)})


# --- the member's pages (H5) ---------------------------------------------------------------------

def _me(request):
    return Member.objects.of_user(request.user)


@login_required
def my_offers(request):
    member = _me(request)
    if member is None:
        return render(request, "recuperation/h5_no_member.html", {"title": _("My recuperation")})
    return render(request, "recuperation/h5_offers.html", {
        "title": _("My recuperation"), "offers": list(queries.my_offers(member)[:50])})


@login_required
def my_offer(request, pk):
    member = _me(request)
    offer = queries.my_offers(member).filter(pk=pk).first() if member else None
    if offer is None:
        raise Http404(_("Not found."))
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            services.respond(offer, acting_user=request.user, accept=accept, reason=form.cleaned_data["reason"])
            messages.success(request, _("You accepted the place.") if accept else _("You declined the place."))
            return redirect("recuperation:my_offer", offer.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "recuperation/h5_offer.html", {
        "title": offer.batch.name, "o": offer, "form": form, "now": timezone.now()})
