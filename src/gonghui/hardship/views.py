"""Hardship pages: the 台账 list, a file with its arithmetic and its way through review, the
clerk's forms, the printable 公示 list, the 低保 standards, and the member's own application.

Sensitive fields (health, disability, income, bank, the household's details) are rendered only
for holders of the read-details right on the file's union, and each such page view is audited;
everyone else sees that the file exists, its state, year and category.
"""

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
from django_tables2.rows import BoundRow

from gonghui.core import bulk, pdf, search
from gonghui.core.access import can, get_object, has_perm_anywhere, refuse, require, scope, subtree_q
from gonghui.core.export import xlsx_response
from gonghui.core.forms import form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union
from gonghui.members.models import Member
from gonghui.members.queries import search_q
from gonghui.orgs.models import Union

from . import services
from .filtersets import DibaoFilterSet, HardshipFilterSet
from .forms import (
    AttachmentForm,
    ClerkFileForm,
    DecideObjectionForm,
    DibaoForm,
    ExitForm,
    FileForm,
    HouseholdFormSet,
    IncomeForm,
    ObjectionForm,
    OpinionForm,
    ReviewForm,
    household_rows,
)
from .models import DibaoStandard, HardshipAttachment, HardshipFile, Objection
from .tables import DETAIL_COLUMNS, DibaoTable, HardshipTable, detail_value

State = HardshipFile.State
PERM_DETAILS = services.PERM_DETAILS


def _activate():
    """Pages show files as they stand today: 公示 that has ended turns into active first."""
    services.activate_due()


class HardshipList(ListPage):
    model = HardshipFile
    filterset_class = HardshipFilterSet
    table_class = HardshipTable
    title = gettext_lazy("Hardship files")
    add_url_name = "hardship:create"
    template_name = "hardship/list.html"
    bulk_actions = (("approve", gettext_lazy("Approve selected"), "hardship:bulk"),
                    ("return", gettext_lazy("Send back selected"), "hardship:bulk"),
                    ("reject", gettext_lazy("Reject selected"), "hardship:bulk"))

    def get(self, request):
        _activate()
        request.hardship_counts = _context_counts(request)
        return super().get(request)

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union", "main_cause")

    def more_exports(self):
        if not has_perm_anywhere(self.request.user, PERM_DETAILS):
            return []
        return [(_("Export with income, health and bank details (recorded)"), self.export_query() + "&details=1")]

    def export(self, table, filterset):
        """The default 台账 masks the sensitive fields; `details=1` (the rights department) adds
        them for the rows in its scope and records that it did."""
        if self.request.GET.get("details") != "1":
            return super().export(table, filterset)
        if not has_perm_anywhere(self.request.user, PERM_DETAILS):
            refuse(self.request.user, None, PERM_DETAILS)
        table.details_scope = details = scope(self.request.user, PERM_DETAILS)
        columns = [c for c in table.columns if c.column.exclude_from_export is False]
        headers = [str(c.header) for c in columns] + [str(label) for _f, label in DETAIL_COLUMNS]

        def rows():
            for record in table.data.data.iterator(chunk_size=500):
                cells = [BoundRow(record, table).get_cell_value(c.name) for c in columns]
                if details.covers(record.union.path):
                    cells += [detail_value(record, f) for f, _label in DETAIL_COLUMNS]
                else:
                    cells += [_("No permission to view")] * len(DETAIL_COLUMNS)
                yield [str(v) if v is not None else "" for v in cells]

        filters = search.audit_filters(self.request.GET, exclude={"export"})
        response = xlsx_response(user=self.request.user, title=str(self.title), headers=headers, rows=rows(),
                                 filters=filters)
        services.read_details_in_export(acting_user=self.request.user, title=str(self.title), filters=filters)
        return response


def _context_counts(request):
    qs = HardshipFile.objects.restrict(request.user)
    return {"due_count": services.due_for_recheck(qs).count(), "exit_count": qs.filter(
        state=State.ACTIVE, exit_suggested=True).count()}


@login_required
def detail(request, pk):
    _activate()
    file = get_object(request.user, HardshipFile.objects.select_related(
        "member", "union", "main_cause", "housing", "previous", "created_by"), pk=pk)
    details = services.may_read_details(request.user, file)
    # One rule for sensitive fields (issue 21): masked until the reader asks, as on the member
    # page; the asking is what is recorded.
    revealed = details and request.GET.get("show") == "details"
    if revealed:
        services.read_details([file], acting_user=request.user, via="page")
    versions = HardshipFile.objects.restrict(request.user).filter(member=file.member).order_by("-year")
    clerk, changer = _clerk(request.user, file), _changer(request.user, file)
    return render(request, "hardship/detail.html", {
        "title": str(file), "file": file, "details": details, "revealed": revealed,
        "household": file.household.all(),
        "reviews": file.reviews.select_related("actor"), "objections": file.objections.select_related("recorded_by"),
        "attachments": file.attachments.all(), "incomes": file.monthly_incomes.all()[:12], "versions": versions,
        "can_edit": clerk and file.state == State.DRAFT,
        "can_submit": clerk and (file.state == State.DRAFT or (file.state == State.REVIEW
                                                               and file.stage == HardshipFile.Stage.GRASSROOTS)),
        "can_review": services.may_review(request.user, file),
        "can_object": changer and file.state == State.PUBLICITY,
        "can_exit": changer and file.state == State.ACTIVE,
        "can_recheck": clerk and file.state == State.ACTIVE and not HardshipFile.objects.filter(previous=file).exists(),
        "can_income": clerk and file.state == State.ACTIVE,
        "can_return": clerk and file.state == State.EXITED,
        "can_attach": clerk and file.state in (State.DRAFT, State.REVIEW),
        "objection_form": DecideObjectionForm(), "attachment_kinds": HardshipAttachment.Kind.choices,
    })


def _find_member(user, text):
    text = (text or "").strip()
    qs = Member.objects.restrict(user).select_related("union", "last_event")
    found = qs.filter(number=text).first() if text else None
    if found is None and len(text) >= 15:
        found = qs.filter(search_q(text)).first()
    if found is None:
        raise ValidationError({"member": _("No member with this member number or ID number in your unions.")})
    return found


def _file_page(request, form, formset, title, save, file=None):
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            return save(form, household_rows(formset))
        except ValidationError as e:
            _spread_errors(form, formset, e)
    return render(request, "hardship/form.html", {"title": title, "form": form, "formset": formset, "file": file})


def _spread_errors(form, formset, error):
    """Service errors onto the form's fields, and `household-N-field` onto row N of the formset."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    aliases = {"annual_income_fen": "annual_income", "necessary_spending_fen": "necessary_spending",
               "accident_costs_fen": "accident_costs", "dibao_monthly": None}
    for field, msgs in error.message_dict.items():
        if field.startswith("household-"):
            _p, n, name = field.split("-", 2)
            rows = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            target = rows[int(n) - 1] if int(n) - 1 < len(rows) else None
            if target is not None and name in target.fields:
                target.add_error(name, msgs)
                continue
            form.add_error(None, msgs)
            continue
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, msgs)


@login_required
def create(request):
    require(request.user, services.PERM_ADD)
    initial = {"year": timezone.localdate().year, "household_size": 1}
    if request.GET.get("member"):
        initial["member"] = request.GET["member"]
    form = ClerkFileForm(request.POST or None, initial=initial)
    formset = HouseholdFormSet(request.POST or None, prefix="household")

    def save(form, household):
        member = _find_member(request.user, form.cleaned_data["member"])
        file = services.open_file(acting_user=request.user, member=member, year=form.cleaned_data["year"],
                                  household=household, **form.service_data())
        messages.success(request, _("Hardship file opened as a draft."))
        return redirect("hardship:detail", file.pk)

    return _file_page(request, form, formset, _("Open a hardship file"), save)


def _initial(file):
    return {"household_size": file.household_size, "annual_income": file.annual_income_fen,
            "necessary_spending": file.necessary_spending_fen, "accident_costs": file.accident_costs_fen,
            "main_cause": file.main_cause.code, "secondary_causes": file.secondary_causes,
            "housing": file.housing.code if file.housing else None, "housing_note": file.housing_note,
            "bank_name": file.bank_name, "account_holder": file.account_holder}


@login_required
def edit(request, pk):
    """A draft's figures and household. Sealed values are typed again only to change them; the
    household rows keep their sealed values where the same person's are left empty."""
    file = get_object(request.user, HardshipFile.objects.select_related("union", "main_cause", "housing"), pk=pk)
    services.require_clerk(request.user, file)
    form = FileForm(request.POST or None, initial=_initial(file))
    for f in ("health", "disability", "bank_account"):
        form.fields[f].help_text = _("Leave empty to keep what is recorded.")
    existing = list(file.household.all())
    formset = HouseholdFormSet(request.POST or None, prefix="household", initial=[
        {"name": h.name, "relation": h.relation, "school_or_employer": h.school_or_employer} for h in existing])

    def save(form, household):
        kept = {h.name: h for h in existing}
        for row in household:
            old = kept.get(row["name"])
            if old is not None:
                row["id_number"] = row["id_number"] or (old.id_number.reveal() if old.id_number else "")
                row["health"] = row["health"] or (old.health.reveal() if old.health else "")
                row["annual_income_fen"] = row["annual_income_fen"] or old.annual_income_fen
        services.update_file(file, acting_user=request.user, household=household, **form.service_data())
        messages.success(request, _("Changes saved."))
        return redirect("hardship:detail", file.pk)

    return _file_page(request, form, formset, _("Edit %(file)s") % {"file": file}, save, file)


def _clerk(user, file):
    return can(user, services.PERM_ADD, file.union) or can(user, services.PERM_CHANGE, file.union)


def _changer(user, file):
    return can(user, services.PERM_CHANGE, file.union)


def _reviewer(user, file):
    return can(user, services.PERM_CHANGE, services.reviewing_union(file))


def _action(request, pk, form_class, title, run, *, allowed, confirm="", danger=False, submit_label=None):
    """A confirmed action on one file: a form page whose valid POST calls a service. Who may not
    act on the file at all is refused (403) before the form is shown."""
    _activate()
    file = get_object(request.user, HardshipFile.objects.select_related("member", "union"), pk=pk)
    if not allowed(request.user, file):
        refuse(request.user, file, services.PERM_CHANGE)
    form = form_class(request.POST or None)

    def on_valid(data):
        run(file, data)
        messages.success(request, _("Done."))
        return redirect("hardship:detail", file.pk)

    return form_page(request, form, title, on_valid, template="hardship/action.html", file=file, confirm=confirm,
                     danger=danger, submit_label=submit_label)


@login_required
def submit(request, pk):
    return _action(request, pk, OpinionForm, _("Submit for review"),
                   lambda f, d: services.submit(f, acting_user=request.user, opinion=d.get("opinion", "")),
                   allowed=_clerk,
                   confirm=_("Submit this file to the federation above? It cannot be changed while under review."))


@login_required
def review(request, pk):
    return _action(request, pk, ReviewForm, _("Review"),
                   lambda f, d: services.review(f, acting_user=request.user, **d),
                   allowed=_reviewer, confirm=_("Record this decision? It is kept in the file's history."))


@login_required
def objection(request, pk):
    return _action(request, pk, ObjectionForm, _("Record an objection"),
                   lambda f, d: services.record_objection(f, acting_user=request.user, **d),
                   allowed=_changer, confirm=_("Record this objection? The file stays in 公示 until it is decided."))


@login_required
@require_POST
def decide_objection(request, pk):
    found = Objection.objects.filter(pk=pk).select_related("file").first()
    if found is None:
        raise Http404
    file = get_object(request.user, HardshipFile, pk=found.file_id)
    form = DecideObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_objection(found, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Decided."))
        except ValidationError as e:
            show_error(request, e)
    else:
        messages.error(request, _("Choose the outcome and give the reason."))
    return redirect("hardship:detail", file.pk)


@login_required
def exit_file(request, pk):
    return _action(request, pk, ExitForm, _("Exit (解困 / 脱困)"),
                   lambda f, d: services.exit_file(f, acting_user=request.user, **d),
                   allowed=_changer, confirm=_("Close this file? The member will no longer count as in hardship."),
                   danger=True)


@login_required
@require_POST
def bulk_review(request):
    """The federation's review of the ticked files at once (approve, send back, reject), each
    through `services.review` as on a file's page, after a confirmation page; files the user
    opened or handed on are skipped."""
    def decide(decision):
        return lambda f, opinion: services.review(f, acting_user=request.user, decision=decision, opinion=opinion)

    reason = _("Opinion (the union that submitted the file will see it)")
    return bulk.decide_many(
        request, permission=services.PERM_CHANGE, back=reverse("hardship:list"),
        queryset=HardshipFile.objects.restrict(request.user).select_related("member", "union").prefetch_related(
            "reviews").order_by("union__path", "pk"),
        describe=lambda f: f"{f.member.name}（{f.year}）", union=lambda f: f.union.name,
        state=lambda f: f.get_stage_display() if f.state == State.REVIEW else f.get_state_display(),
        submitted_by=services.submitters,
        actions={
            "approve": bulk.Action(act=decide("approve"), verb=_("Approved"), title=_("Approve these files?"),
                                   confirm=_("Approve all %(n)d")),
            "return": bulk.Action(act=decide("return"), verb=_("Sent back"), title=_("Send these files back?"),
                                  confirm=_("Send back all %(n)d"), needs_reason=True, reason_label=reason),
            "reject": bulk.Action(act=decide("reject"), verb=_("Rejected"), title=_("Reject these files?"),
                                  confirm=_("Reject all %(n)d"), needs_reason=True, danger=True,
                                  reason_label=reason),
        })


@login_required
def income(request, pk):
    return _action(request, pk, IncomeForm, _("Record a month's income"),
                   lambda f, d: services.record_income(f, acting_user=request.user, month=d["month"],
                                                       per_capita_fen=d["per_capita"]), allowed=_clerk)


@login_required
@require_POST
def recheck(request, pk):
    file = get_object(request.user, HardshipFile, pk=pk)
    try:
        new = services.recheck(file, acting_user=request.user)
    except ValidationError as e:
        show_error(request, e)
        return redirect("hardship:detail", file.pk)
    messages.success(request, _("Next year's version opened as a draft; check it and submit it."))
    return redirect("hardship:detail", new.pk)


@login_required
def return_file(request, pk):
    """返困: a new file for the member of an exited file."""
    file = get_object(request.user, HardshipFile.objects.select_related("member", "union"), pk=pk)
    services.require_clerk(request.user, file)
    form = ClerkFileForm(request.POST or None, initial={"member": file.member.number,
                                                        "year": timezone.localdate().year, **_initial(file)})
    formset = HouseholdFormSet(request.POST or None, prefix="household")

    def save(form, household):
        new = services.return_to_hardship(file.member, acting_user=request.user, year=form.cleaned_data["year"],
                                          household=household, **form.service_data())
        return redirect("hardship:detail", new.pk)

    return _file_page(request, form, formset, _("返困: a new file for %(name)s") % {"name": file.member.name}, save,
                      file)


@login_required
@require_POST
def attach(request, pk):
    file = get_object(request.user, HardshipFile, pk=pk)
    services.require_clerk(request.user, file)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach(file, acting_user=request.user, kind=form.cleaned_data["kind"],
                            upload=form.cleaned_data["upload"])
            messages.success(request, _("Attachment added."))
        except ValidationError as e:
            show_error(request, e)
    else:
        messages.error(request, _("Choose a file."))
    return redirect("hardship:detail", file.pk)


@login_required
def attachment(request, pk):
    """Attachments (diagnoses, certificates) are sensitive: read-details holders only, audited."""
    found = HardshipAttachment.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    file = get_object(request.user, HardshipFile, pk=found.hardship_file_id)
    if not services.may_read_details(request.user, file):
        refuse(request.user, file, PERM_DETAILS)
    services.read_details([file], acting_user=request.user, via=f"attachment {found.pk}")
    return found.response()


def _publicity(request):
    """The files in 公示 that the user may see, under one union when the page asks for it
    (``?union=``, fetched through the access rules: another county's union is "not found"),
    else under the union the user focuses on; and the union(s) that issue the list."""
    _activate()
    require(request.user, "hardship.view_hardshipfile")
    files = HardshipFile.objects.restrict(request.user).filter(state=State.PUBLICITY)
    pk = request.GET.get("union", "")
    union = (get_object(request.user, Union, pk=pk) if pk.isdigit() else None) or current_scope_union(request)
    if union is not None:
        files = files.filter(subtree_q("union__path", union.path))
        issuers = [union]
    else:
        reach = scope(request.user, "hardship.view_hardshipfile")
        issuers = list(Union.objects.filter(path__in=reach.subtrees + reach.nodes).order_by("path"))
    files = files.select_related("member", "union").order_by("union__path", "member__name_pinyin")
    return files, union, "、".join(u.name for u in issuers)


@login_required
def publicity(request):
    """The printable 公示 list: names masked (张*明), union, category, dates; nothing sensitive."""
    files, union, issuer = _publicity(request)
    return render(request, "hardship/publicity.html", {"title": _("公示 list of hardship files"), "files": files,
                                                       "union": union, "issuer": issuer,
                                                       "today": timezone.localdate()})


@login_required
def publicity_pdf(request):
    """The same 公示 list as a PDF to post on the notice board, issued by the union it covers."""
    files, union, issuer = _publicity(request)
    files = list(files)
    page = reverse("hardship:publicity") + (f"?union={union.pk}" if union is not None else "")
    return pdf.document(request, "hardship/publicity_pdf.html", {"files": files},
                        title=_("公示 list of hardship files"), issuer=issuer, qr_url=page, rows=len(files),
                        union=union)


class DibaoList(ListPage):
    model = DibaoStandard
    filterset_class = DibaoFilterSet
    table_class = DibaoTable
    title = gettext_lazy("低保 standards")
    add_url_name = "hardship:dibao_create"
    focus_filter = None
    permission = "hardship.view_hardshipfile"

    def get(self, request):
        """Open to whoever reads the standards or the files: the figures are public policy."""
        if has_perm_anywhere(request.user, "hardship.view_dibaostandard"):
            self.permission = "hardship.view_dibaostandard"
        return super().get(request)

    def get_queryset(self):
        return DibaoStandard.objects.select_related("region")


def _dibao_form(request, standard=None):
    require(request.user, "hardship.change_dibaostandard" if standard else "hardship.add_dibaostandard")
    initial = {"region": standard.region_id, "year": standard.year, "monthly": standard.monthly_fen,
               "note": standard.note} if standard else {"year": timezone.localdate().year}
    form = DibaoForm(request.POST or None, initial=initial)

    def save(data):
        services.save_dibao(acting_user=request.user, standard=standard, region=data["region"], year=data["year"],
                            monthly_fen=data["monthly"], note=data.get("note", ""))
        messages.success(request, _("低保 standard saved."))
        return redirect("hardship:dibao_list")

    return form_page(request, form, _("低保 standard"), save)


@login_required
def dibao_create(request):
    return _dibao_form(request)


@login_required
def dibao_edit(request, pk):
    standard = DibaoStandard.objects.filter(pk=pk).first()
    if standard is None:
        raise Http404
    return _dibao_form(request, standard)


# --- the member's own pages --------------------------------------------------------------------

@login_required
def my_files(request):
    """The member's files and, when they have none for this year, the application form."""
    member = Member.objects.of_user(request.user)
    files = list(HardshipFile.objects.filter(member=member).order_by("-year")) if member else []
    year = timezone.localdate().year
    may_apply = member is not None and not any(f.year == year for f in files)
    form = FileForm(request.POST or None, initial={"household_size": 1})
    formset = HouseholdFormSet(request.POST or None, prefix="household")
    if request.method == "POST" and may_apply and form.is_valid() and formset.is_valid():
        try:
            services.apply_for_self(user=request.user, household=household_rows(formset), **form.service_data())
            messages.success(request, _("Your application has reached %(union)s.") % {"union": member.union.name})
            return redirect("hardship:mine")
        except ValidationError as e:
            _spread_errors(form, formset, e)
    return render(request, "hardship/mine.html", {"title": _("My hardship file"), "member": member, "files": files,
                                                  "form": form, "formset": formset, "may_apply": may_apply})

