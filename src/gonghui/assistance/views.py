"""Assistance pages: the 台账 lists, programme, application, batch and visit pages with their
history, the review, 公示, batch and bank-file actions, and the member's own pages.

Views parse input and call services; every object is fetched through ``get_object``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gonghui.core import audit, bulk, pdf
from gonghui.core.access import can, get_object, require, scope
from gonghui.core.crypto import mask_name
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.hardship.queries import active_categories
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import ApplicationFilterSet, BatchFilterSet, ProgrammeFilterSet, VisitFilterSet
from .forms import (
    AccountForm,
    ApplyForm,
    BatchForm,
    BudgetForm,
    LayoutForm,
    OpinionForm,
    ProgrammeForm,
    ResultForm,
    VisitForm,
)
from .models import AssistanceApplication, BankFileLayout, PaymentBatch, PaymentLine, Programme, Visit
from .tables import ApplicationTable, BatchTable, ProgrammeTable, VisitTable

FORM = "assistance/form.html"


# --- lists (the 台账) -------------------------------------------------------------------------

class ProgrammeList(ListPage):
    model = Programme
    filterset_class = ProgrammeFilterSet
    table_class = ProgrammeTable
    title = gettext_lazy("Assistance programmes")
    add_url_name = "assistance:programme_create"

    def get_queryset(self):
        return super().get_queryset().select_related("owner")


class ApplicationList(ListPage):
    model = AssistanceApplication
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    title = gettext_lazy("Assistance applications")
    add_url_name = "assistance:application_create"
    bulk_actions = (("approve", gettext_lazy("Approve selected"), "assistance:application_bulk"),
                    ("reject", gettext_lazy("Reject selected"), "assistance:application_bulk"))

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union", "programme")


class BatchList(ListPage):
    model = PaymentBatch
    filterset_class = BatchFilterSet
    table_class = BatchTable
    title = gettext_lazy("Payment batches")
    template_name = "assistance/batch_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "union", "reissue_of")


class VisitList(ListPage):
    model = Visit
    filterset_class = VisitFilterSet
    table_class = VisitTable
    title = gettext_lazy("Condolence visits")
    add_url_name = "assistance:visit_create"

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "union")


# --- programmes ------------------------------------------------------------------------------

@login_required
def programme_create(request):
    require(request.user, "assistance.add_programme")
    form = ProgrammeForm(request.POST or None, user=request.user)

    def save(data):
        programme = services.create_programme(acting_user=request.user, **data)
        messages.success(request, _("Programme %(name)s created.") % {"name": programme.name})
        return redirect("assistance:programme_detail", programme.pk)

    return form_page(request, form, _("New assistance programme"), save, template=FORM)


@login_required
def programme_detail(request, pk):
    programme = get_object(request.user, Programme.objects.select_related("owner"), pk=pk)
    apps = queries.applications(request.user).filter(programme=programme)
    counts = {row["state"]: row for row in apps.values("state").annotate(
        n=Count("id"), money=Sum("amount_fen"))}
    return render(request, "assistance/programme_detail.html", {
        "title": programme.name, "p": programme, "rules": programme.amount_rules.all(),
        "budgets": queries.budgets(request.user, programme),
        "by_state": [(value, label, counts[value]) for value, label in AssistanceApplication.State.choices
                     if value in counts],
        "audience": services.audience_label(programme), "history": audit.history(programme),
        "can_change": can(request.user, "assistance.change_programme", programme.owner),
        "can_review": can(request.user, "assistance.change_assistanceapplication"),
        "can_batch": can(request.user, "assistance.add_paymentbatch"),
        "can_apply": can(request.user, "assistance.add_assistanceapplication"),
        "attachments": [services.AttachmentKind(k).label for k in programme.required_attachments],
    })


@login_required
def programme_budget(request, pk):
    programme = get_object(request.user, Programme, "change", pk=pk)
    form = BudgetForm(request.POST or None, user=request.user)

    def save(data):
        services.set_budget(acting_user=request.user, programme=programme, **data)
        messages.success(request, _("Budget saved."))
        return redirect("assistance:programme_detail", programme.pk)

    return form_page(request, form, _("Budget of %(name)s for a union") % {"name": programme.name}, save,
                     template=FORM, back=programme)


@login_required
@require_POST
def programme_close(request, pk):
    programme = get_object(request.user, Programme, "change", pk=pk)
    services.close_programme(programme, acting_user=request.user)
    messages.success(request, _("Programme closed: no new applications."))
    return redirect("assistance:programme_detail", programme.pk)


@login_required
@require_POST
def programme_publish(request, pk):
    """Start 公示 for every approved application of the programme the user may review."""
    programme = get_object(request.user, Programme, pk=pk)
    require(request.user, "assistance.change_assistanceapplication")
    approved = list(AssistanceApplication.objects.restrict(request.user, "change").filter(
        programme=programme, state=AssistanceApplication.State.APPROVED))
    try:
        done = services.publish(approved, acting_user=request.user)
        messages.success(request, _("%(n)d applications are now in publicity.") % {"n": len(done)})
    except ValidationError as e:
        show_error(request, e)
    return redirect("assistance:programme_publicity", programme.pk)


@login_required
def programme_publicity(request, pk):
    """The 公示 list: names masked, amounts and unions shown, the publicity dates."""
    programme = get_object(request.user, Programme, pk=pk)
    rows = [(mask_name(a.member.name), a) for a in queries.publicity_list(request.user, programme)]
    return render(request, "assistance/publicity.html", {"title": _("Publicity: %(name)s") % {
        "name": programme.name}, "p": programme, "rows": rows})


@login_required
def programme_publicity_pdf(request, pk):
    """The same 公示 list as a PDF to post: issued by the programme's federation when the user
    sees all of it, else by the unions whose part of the list the user sees."""
    programme = get_object(request.user, Programme, pk=pk)
    rows = [(mask_name(a.member.name), a) for a in queries.publicity_list(request.user, programme)]
    reach = scope(request.user, "assistance.view_assistanceapplication")
    if reach.covers(programme.owner.path):
        issuer, union = programme.owner.name, programme.owner
    else:
        issuer, union = "、".join(Union.objects.filter(path__in=reach.subtrees + reach.nodes).order_by(
            "path").values_list("name", flat=True)), None
    return pdf.document(request, "assistance/publicity_pdf.html", {"p": programme, "rows": rows},
                        title=_("Publicity: %(name)s") % {"name": programme.name}, issuer=issuer,
                        qr_url=reverse("assistance:programme_publicity", args=[programme.pk]), rows=len(rows),
                        obj=programme, union=union)


@login_required
def programme_batch(request, pk):
    programme = get_object(request.user, Programme, pk=pk)
    require(request.user, "assistance.add_paymentbatch")
    form = BatchForm(request.POST or None, user=request.user)

    def save(data):
        batch = services.make_batch(acting_user=request.user, programme=programme, union=data["union"])
        messages.success(request, _("Batch %(number)s made with %(n)d lines.") % {"number": batch.number,
                                                                                  "n": batch.line_count})
        return redirect("assistance:batch_detail", batch.pk)

    return form_page(request, form, _("New payment batch: %(name)s") % {"name": programme.name}, save,
                     template=FORM, back=programme,
                     confirm=_("Put every application whose publicity has ended into a new payment batch?"))


# --- applications ----------------------------------------------------------------------------

@login_required
def application_create(request):
    require(request.user, "assistance.add_assistanceapplication")
    programmes = Programme.objects.restrict(request.user).filter(state=Programme.State.OPEN).order_by("-opens_on")
    chosen = programmes.filter(pk=request.GET.get("programme") or request.POST.get("programme") or 0).first()
    form = ApplyForm(request.POST or None, request.FILES or None, user=request.user, programme=chosen,
                     programmes=programmes, initial={"programme": chosen})

    def save(data):
        kw = form.service_kwargs()
        application = services.apply(acting_user=request.user, **kw)
        messages.success(request, _("Application for %(name)s submitted.") % {"name": application.member.name})
        return redirect("assistance:application_detail", application.pk)

    return form_page(request, form, _("New assistance application"), save, template=FORM)


@login_required
def application_detail(request, pk):
    a = get_object(request.user, AssistanceApplication.objects.select_related(
        "programme", "member", "union", "budget__union", "reviewed_by"), pk=pk)
    staff = request.user.kind != request.user.Kind.MEMBER
    may_review = staff and can(request.user, "assistance.change_assistanceapplication", a.union)
    S = AssistanceApplication.State
    return render(request, "assistance/application_detail.html", {
        "title": a.member.name, "a": a, "staff": staff,
        "can_review": may_review and a.state == S.SUBMITTED,
        "can_publish": may_review and a.state == S.APPROVED,
        "can_withdraw": may_review and a.state in (S.APPROVED, S.PUBLICITY),
        "can_correct": may_review and a.state == S.FAILED,
        "attachments": a.attachments.all(), "lines": a.lines.select_related("batch").order_by("id"),
        "history": audit.history(a) if staff else [],
    })


@login_required
@require_POST
def application_bulk(request):
    """Approve or reject the ticked applications at once, each through the same service as on an
    application's page, after a confirmation page; applications the user entered are skipped."""
    return bulk.decide_many(
        request, permission="assistance.change_assistanceapplication", back=reverse("assistance:application_list"),
        queryset=AssistanceApplication.objects.restrict(request.user).select_related(
            "member", "union", "programme").order_by("created_at", "pk"),
        describe=lambda a: f"{a.member.name}（{a.programme.name}）", union=lambda a: a.union.name,
        state=lambda a: a.get_state_display(), submitted_by=lambda a: {a.created_by_id},
        actions={
            "approve": bulk.Action(
                act=lambda a, opinion: services.approve(a, acting_user=request.user, opinion=opinion),
                verb=_("Approved"), title=_("Approve these applications?"), confirm=_("Approve all %(n)d")),
            "reject": bulk.Action(
                act=lambda a, opinion: services.reject(a, acting_user=request.user, opinion=opinion),
                verb=_("Rejected"), title=_("Reject these applications?"), confirm=_("Reject all %(n)d"),
                needs_reason=True, danger=True, reason_label=_("Reason (each applicant will see it)")),
        })


@login_required
@require_POST
def application_review(request, pk):
    a = get_object(request.user, AssistanceApplication, "change", pk=pk)
    form = OpinionForm(request.POST)
    opinion = form.data.get("opinion", "")
    try:
        if request.POST.get("decision") == "approve":
            a = services.approve(a, acting_user=request.user, opinion=opinion)
            messages.success(request, _("Approved."))
            if a.over_yearly_cap:
                messages.warning(request, a.cap_note)
        else:
            services.reject(a, acting_user=request.user, opinion=opinion)
            messages.success(request, _("Rejected."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("assistance:application_detail", a.pk)


@login_required
@require_POST
def application_publish(request, pk):
    a = get_object(request.user, AssistanceApplication, "change", pk=pk)
    try:
        services.publish([a], acting_user=request.user)
        messages.success(request, _("In publicity."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("assistance:application_detail", a.pk)


@login_required
def application_account(request, pk):
    a = get_object(request.user, AssistanceApplication, "change", pk=pk)
    form = AccountForm(request.POST or None)

    def save(data):
        services.correct_account(a, acting_user=request.user, **data)
        messages.success(request, _("Account corrected; re-issue the failed lines of the batch."))
        return redirect("assistance:application_detail", a.pk)

    return form_page(request, form, _("Correct the bank account of %(name)s") % {"name": a.member.name}, save,
                     template=FORM)


@login_required
def application_attachment(request, pk, attachment_pk):
    a = get_object(request.user, AssistanceApplication, pk=pk)
    attachment = a.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("Not found."))
    audit.record("reveal", actor=request.user, obj=a, changes={"attachment": attachment.name})
    return attachment.response()


@login_required
@require_GET
def member_lookup(request):
    q = request.GET.get("q", "").strip()
    qs = Member.objects.restrict(request.user).in_good_standing()
    rows = (qs.filter(name__startswith=q) | qs.filter(number=q)).order_by("name")[:20] if q else []
    return render(request, "core/widgets/lookup_options.html",
                  {"options": [(m.pk, f"{m.name}（{m.number}）") for m in rows]})


# --- batches ---------------------------------------------------------------------------------

@login_required
def batch_detail(request, pk):
    batch = get_object(request.user, PaymentBatch.objects.select_related("programme", "union", "reissue_of"), pk=pk)
    lines = batch.lines.select_related("member", "application", "reissued_as__batch").order_by("id")
    may_change = can(request.user, "assistance.change_paymentbatch", batch.union)
    return render(request, "assistance/batch_detail.html", {
        "title": batch.number, "b": batch, "lines": lines, "history": audit.history(batch),
        "can_change": may_change, "result_form": ResultForm() if may_change and batch.state == "open" else None,
        "can_reissue": can(request.user, "assistance.add_paymentbatch", batch.union) and lines.filter(
            state=PaymentLine.State.FAILED, reissued_as__isnull=True).exists(),
    })


@login_required
@require_GET
def batch_file(request, pk):
    batch = get_object(request.user, PaymentBatch, "change", pk=pk)
    return services.bank_file(batch, acting_user=request.user)


@login_required
@require_POST
def batch_result(request, pk):
    batch = get_object(request.user, PaymentBatch, "change", pk=pk)
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("assistance:batch_detail", batch.pk)
    try:
        counts = services.record_result(batch, acting_user=request.user, upload=form.cleaned_data["file"])
        messages.success(request, _("Result recorded: %(paid)d paid, %(failed)d failed.") % counts)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("assistance:batch_detail", batch.pk)


@login_required
@require_POST
def batch_reissue(request, pk):
    batch = get_object(request.user, PaymentBatch, "add", pk=pk)
    try:
        new = services.reissue(batch, acting_user=request.user)
    except ValidationError as e:
        show_error(request, e)
        return redirect("assistance:batch_detail", batch.pk)
    messages.success(request, _("Failed lines re-issued in batch %(number)s.") % {"number": new.number})
    return redirect("assistance:batch_detail", new.pk)


@login_required
def layout_edit(request):
    """The bank file columns of a union (and its subtree)."""
    require(request.user, "assistance.change_bankfilelayout")
    union = Union.objects.restrict(request.user).filter(pk=request.GET.get("union") or 0).first()
    current = services.layout_for(union) if union else BankFileLayout.DEFAULT_COLUMNS
    form = LayoutForm(request.POST or None, user=request.user, initial={
        "union": union, "columns": "\n".join(f"{h}, {f}" for h, f in current)})

    def save(data):
        layout = services.save_layout(acting_user=request.user, **data)
        messages.success(request, _("Bank file layout of %(union)s saved.") % {"union": layout.union.name})
        return redirect("assistance:batch_list")

    return form_page(request, form, _("Bank file layout"), save, template=FORM)


# --- visits ----------------------------------------------------------------------------------

@login_required
def visit_create(request):
    require(request.user, "assistance.add_visit")
    form = VisitForm(request.POST or None, request.FILES or None, user=request.user)

    def save(data):
        photos = request.FILES.getlist("photos")
        data.pop("photos", None)
        data["amount_fen"] = data.get("amount_fen") or 0
        data["goods_value_fen"] = data.get("goods_value_fen") or 0
        visit = services.record_visit(acting_user=request.user, photos=photos, **data)
        messages.success(request, _("Visit recorded."))
        return redirect("assistance:visit_detail", visit.pk)

    return form_page(request, form, _("Record a condolence visit"), save, template=FORM)


@login_required
def visit_detail(request, pk):
    visit = get_object(request.user, Visit.objects.select_related("programme", "union", "employer", "member"), pk=pk)
    return render(request, "assistance/visit_detail.html", {
        "title": visit.visited_name, "v": visit, "photos": visit.photos.all(), "history": audit.history(visit)})


@login_required
def visit_photo(request, pk, photo_pk):
    visit = get_object(request.user, Visit, pk=pk)
    photo = visit.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404(_("Not found."))
    audit.record("reveal", actor=request.user, obj=visit, changes={"photo": photo.name})
    return photo.response()


# --- the member's own pages ------------------------------------------------------------------

def _own_member(request):
    return Member.objects.of_user(request.user)


@login_required
def my_assistance(request):
    """The member's applications and the programmes open to them."""
    member = _own_member(request)
    if member is None:
        return render(request, "assistance/my.html", {"title": _("My assistance"), "member": None})
    categories = active_categories([member.pk])
    open_ones = [(p, services.assess(p, member, categories)) for p in queries.open_programmes_for(member)]
    return render(request, "assistance/my.html", {
        "title": _("My assistance"), "member": member, "applications": queries.my_applications(member),
        "programmes": [(p, case) for p, case in open_ones if case.eligible],
    })


@login_required
def my_apply(request, programme_pk):
    member = _own_member(request)
    programme = queries.open_programmes_for(member).filter(pk=programme_pk).first() if member else None
    if programme is None:
        raise Http404(_("Not found."))
    form = ApplyForm(request.POST or None, request.FILES or None, user=request.user, programme=programme,
                     with_member=False, initial={"account_holder": member.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(acting_user=request.user, programme=programme, member=member, **form.service_kwargs())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Application sent. You will see its progress here."))
            return redirect("assistance:my")
    return render(request, "assistance/my_apply.html", {"title": programme.name, "p": programme, "form": form})
