"""Roster pages: list and search, a member's record with their 会籍 history, enrolment,
events, transfers, and audited reveals of sealed fields."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import bulk, pdf
from gonghui.core.access import can, get_object, refuse, scope
from gonghui.core.crypto import mask
from gonghui.core.export import xlsx_response
from gonghui.core.forms import form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union
from gonghui.orgs.models import Union

from . import card, imports, personal_data, services, transfers
from .filtersets import ImportFilterSet, MemberFilterSet, TransferFilterSet
from .forms import EventForm, ImportForm, MemberForm, TransferForm, TransferInForm
from .models import Member, MemberImport, TransferRequest
from .queries import member_total
from .tables import ImportTable, MemberTable, TransferTable

# Member forms leave out empty fields: an edit keeps the sealed values nobody typed again.
member_form_page = partial(form_page, template="members/form.html", drop_empty=True)

MEMBER_FIELDS = ("name", "doc_type", "id_number", "phone", "ethnicity", "education", "political", "household",
                 "employer", "employer_name", "job", "gig_platform", "is_gig_worker", "is_migrant_worker",
                 "joined_on")


class MemberList(ListPage):
    model = Member
    filterset_class = MemberFilterSet
    table_class = MemberTable
    title = gettext_lazy("Members")
    add_url_name = "members:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "last_event")

    def known_count(self, filterset):
        """The unfiltered roster's total from the member tally (a count would read every row of a
        county); with any filter or search the page counts as usual."""
        data = filterset.form.cleaned_data if filterset.is_valid() else None
        if data is None or any(v not in (None, "") for k, v in data.items() if k != "under"):
            return None
        under = None
        if data.get("under") is not None:
            under = Union.objects.restrict(self.request.user).filter(pk=data["under"]).first()
            if under is None:
                return None
        return member_total(self.request.user, under)

    def more_exports(self):
        if not can(self.request.user, "members.reveal_member"):
            return []
        return [(_("Export with full ID numbers and phones (recorded)"), self.export_query() + "&reveal=1")]

    def export(self, table, filterset):
        """With `reveal=1`, ID numbers and phones in full for the rows in the user's reveal
        scope (masked elsewhere); the export's audit record says it revealed them."""
        if self.request.GET.get("reveal") == "1":
            if not can(self.request.user, "members.reveal_member"):
                refuse(self.request.user, None, "members.reveal_member")
            table.reveal_scope = scope(self.request.user, "members.reveal_member")
        return super().export(table, filterset)

    def export_rows(self, table, columns):
        """Read as values, not members (MemberTable.export_rows): the roster is the longest export."""
        return table.export_rows(columns)


@login_required
def member_detail(request, pk):
    member = get_object(request.user, Member.objects.select_related(
        "union", "employer", "ethnicity", "education", "political", "household", "last_event"), pk=pk)
    events = member.events.select_related("union", "from_union", "actor").order_by("-created_at", "-id")
    return render(request, "members/detail.html", {
        "title": member.name, "member": member, "events": events,
        "can_change": can(request.user, "members.change_member", member.union),
        "can_reveal": can(request.user, "members.reveal_member", member.union),
        "birth_masked": mask("birth", member.birth_date),
    })


def _union_initial(request):
    """The union a form starts with: `?union=` from the page that linked here, else the focus."""
    if request.GET.get("union", "").isdigit():
        return {"union": Union.objects.restrict(request.user, "view").filter(pk=request.GET["union"]).first()}
    focus = current_scope_union(request)
    return {"union": focus} if focus else {}


@login_required
def member_create(request):
    form = MemberForm(request.POST or None, user=request.user, with_union=True, initial=_union_initial(request))

    def save(data):
        union = data.pop("union")
        member = services.add_member(acting_user=request.user, union=union, **data)
        messages.success(request, _("%(name)s enrolled as member %(number)s.") % {"name": member.name,
                                                                                  "number": member.number})
        return redirect("members:detail", member.pk)

    return member_form_page(request, form, _("Enrol a member"), save)


@login_required
def member_edit(request, pk):
    member = get_object(request.user, Member, "change", pk=pk)
    initial = {f: getattr(member, f) for f in MEMBER_FIELDS}
    initial["id_number"], initial["phone"] = "", ""  # sealed: typed again only to change them
    form = MemberForm(request.POST or None, user=request.user, initial=initial)
    form.fields["id_number"].required = False
    form.fields["id_number"].help_text = _("Leave empty to keep %(masked)s.") % {"masked": member.id_number}
    form.fields["phone"].help_text = _("Leave empty to keep %(masked)s.") % {"masked": member.phone or "—"}

    def save(data):
        services.update_member(member, acting_user=request.user, **data)
        messages.success(request, _("Changes saved."))
        return redirect("members:detail", member.pk)

    return member_form_page(request, form, _("Edit %(name)s") % {"name": member.name}, save, member=member)


@login_required
def member_event(request, pk):
    member = get_object(request.user, Member, "change", pk=pk)
    form = EventForm(request.POST or None)

    def save(data):
        services.record_event(member, acting_user=request.user, **data)
        messages.success(request, _("Recorded."))
        return redirect("members:detail", member.pk)

    return member_form_page(request, form, _("Record a change for %(name)s") % {"name": member.name}, save,
                            member=member,
                            confirm=_("Record this change in the member's history? It cannot be edited later."))


@login_required
def member_transfer(request, pk):
    """The sending side starts a transfer; the receiving union answers (at once if the user
    speaks for both)."""
    member = get_object(request.user, Member, "change", pk=pk)
    form = TransferForm(request.POST or None)

    def save(data):
        done = transfers.request_transfer_out(member, acting_user=request.user, **data)
        if done.state == TransferRequest.State.ACCEPTED:
            messages.success(request, _("%(name)s transferred to %(union)s.") % {"name": member.name,
                                                                               "union": data["to_union"].name})
        else:
            messages.success(request, _("Transfer requested; %(union)s will answer it.") % {
                "union": data["to_union"].name})
        return redirect("members:detail", member.pk)

    return member_form_page(request, form, _("Transfer %(name)s") % {"name": member.name}, save, member=member)


@login_required
def transfer_in(request):
    """The receiving side asks for a member of another union by their document number."""
    form = TransferInForm(request.POST or None, user=request.user)

    def save(data):
        done = transfers.request_transfer_in(acting_user=request.user, **data)
        messages.success(request, _("Transfer of %(name)s requested from %(union)s.") % {
            "name": done.member.name, "union": done.from_union.name})
        return redirect("members:transfers")

    return member_form_page(request, form, _("Ask for a member to transfer in"), save)


class TransferList(ListPage):
    model = TransferRequest
    filterset_class = TransferFilterSet
    table_class = TransferTable
    title = gettext_lazy("Transfers")
    template_name = "members/transfers.html"
    focus_filter = None
    permission = "members.view_member"
    bulk_actions = (("accept", gettext_lazy("Accept selected"), "members:transfer_bulk"),
                    ("reject", gettext_lazy("Reject selected"), "members:transfer_bulk"))

    def get_queryset(self):
        return super().get_queryset().select_related("member", "from_union", "to_union")


@login_required
@require_POST
def transfer_decide(request, pk):
    done = get_object(request.user, TransferRequest, pk=pk)
    accept = request.POST.get("accept") == "1"
    try:
        transfers.decide(done, acting_user=request.user, accept=accept, note=request.POST.get("note", ""))
        messages.success(request, _("Accepted: the member has moved.") if accept else _("Rejected."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("members:transfers")


@login_required
@require_POST
def transfer_bulk(request):
    """Answer the ticked transfer requests at once, each through `transfers.decide` as on the
    list, after a confirmation page; requests the user made themselves are skipped."""
    def decide(accept):
        return lambda r, note: transfers.decide(r, acting_user=request.user, accept=accept, note=note)

    return bulk.decide_many(
        request, permission="members.change_member", back=reverse("members:transfers"),
        queryset=TransferRequest.objects.restrict(request.user).select_related(
            "member", "from_union", "to_union").order_by("created_at"),
        describe=lambda r: r.member.name, union=lambda r: f"{r.from_union.name} → {r.to_union.name}",
        state=lambda r: r.get_state_display(), submitted_by=lambda r: {r.created_by_id},
        actions={
            "accept": bulk.Action(act=decide(True), verb=_("Accepted"), title=_("Accept these transfers?"),
                                  confirm=_("Accept all %(n)d")),
            "reject": bulk.Action(act=decide(False), verb=_("Rejected"), title=_("Reject these transfers?"),
                                  confirm=_("Reject all %(n)d"), needs_reason=True, danger=True,
                                  reason_label=_("Reply (both unions will see it)")),
        })


@login_required
@require_POST
def transfer_withdraw(request, pk):
    done = get_object(request.user, TransferRequest, pk=pk)
    try:
        transfers.withdraw(done, acting_user=request.user)
        messages.success(request, _("Request withdrawn."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("members:transfers")


@login_required
def union_directory(request):
    """Active unions anywhere in the city, for choosing where a member transfers to: names
    only, so a clerk can send a member to another county without seeing inside it."""
    from django.db.models import Q

    q = request.GET.get("q", "").strip()
    rows = []
    if q and (can(request.user, "members.change_member") or can(request.user, "members.add_member")):
        rows = Union.objects.filter(Q(name__icontains=q), status="active").exclude(kind="group").order_by(
            "depth", "path")[:20]
    return render(request, "core/widgets/lookup_options.html", {"options": [(u.pk, u.name) for u in rows]})


@login_required
@require_POST
def member_reveal(request, pk, field):
    """Answers an htmx request with the full value in place of the masked one."""
    member = get_object(request.user, Member, pk=pk)
    value = services.reveal(member, acting_user=request.user, field=field)
    return render(request, "members/_revealed.html", {"value": value})


@login_required
def my_card(request):
    """The member's own card, with a fresh QR code each time it is opened."""
    import segno
    from django.urls import reverse

    member = Member.objects.of_user(request.user)
    if member is None:
        return render(request, "members/card.html", {"title": _("My member card"), "member": None})
    token = card.issue(member)
    url = request.build_absolute_uri(reverse("members:verify") + "?t=" + token)
    return render(request, "members/card.html", {
        "title": _("My member card"), "member": member, "token": token,
        "qr": segno.make(url, error="m").svg_inline(scale=4, dark="#b3261e"),
        "minutes": card.VALID_FOR // 60,
    })


@login_required
def my_card_pdf(request):
    """The member's own card to print: the same facts and a QR that opens the verify page, with a
    code that lives as long as a printed card does. Only one's own: there is no member id to ask."""
    member = Member.objects.of_user(request.user)
    if member is None:
        raise Http404
    token, until = card.issue_printed(member)
    return pdf.document(request, "members/card_pdf.html", {"member": member, "until": until},
                        title=_("Member card"), issuer=member.union.name,
                        qr_url=reverse("members:verify") + "?t=" + token, obj=member)


@login_required
def my_union(request):
    """The member's union and the federations above it: who to call, where to go."""
    member = Member.objects.select_related("union__region", "union__employer").filter(user=request.user).first()
    context = {"title": _("My union"), "member": member}
    if member is not None and request.GET.get("show") == "phone":  # the member asked to call: recorded
        context["union_phone"] = services.union_phone_for_member(member, acting_user=request.user)
    if member is not None:
        chain = member.union.ancestors_and_self()
        context |= {"above": chain[:-1][::-1],
                    "members": Member.objects.filter(union=member.union).in_good_standing().count()}
    return render(request, "members/my_union.html", context)


@login_required
def my_data(request):
    """The member's copy of their own data (个人信息保护法 第四十五条): the page says what the copy
    holds, section by section; the file comes on POST, so making it is a deliberate, recorded act
    and never a link that a browser or proxy could prefetch or cache."""
    from django.http import HttpResponse
    from django.utils import timezone
    from django.utils.http import content_disposition_header

    member = Member.objects.of_user(request.user)
    if member is not None and request.method == "POST":
        body = personal_data.copy_for(member, acting_user=request.user)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            True, f"我的个人信息-{member.number}-{timezone.localdate():%Y%m%d}.json")
        response["Cache-Control"] = "no-store"
        return response
    sections = personal_data.collect(member) if member is not None else {}
    return render(request, "members/my_data.html", {
        "title": _("A copy of my personal data"), "member": member,
        "sections": [(title, len(rows)) for title, rows in sections.items()]})


@login_required
def verify_card(request):
    """Staff scan the QR (which opens this page) or paste the code."""
    if request.user.kind != request.user.Kind.STAFF:
        return render(request, "403.html", status=403)
    token = request.GET.get("t", "").strip()
    verdict = card.verify(token) if token else None
    return render(request, "members/verify.html", {"title": _("Verify a member card"), "verdict": verdict,
                                                   "token": token})


# Roster imports ---------------------------------------------------------------------------------------------------

class ImportList(ListPage):
    model = MemberImport
    filterset_class = ImportFilterSet
    table_class = ImportTable
    title = gettext_lazy("Roster imports")
    add_url_name = "members:import_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "created_by")


@login_required
def import_create(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user,
                      initial=_union_initial(request))

    def save(data):
        imp = imports.start_import(acting_user=request.user, union=data["union"], upload=data["file"])
        return redirect("members:import_detail", imp.pk)

    return form_page(request, form, _("Import a roster"), save, template="members/import_form.html",
                     submit_label=_("Upload and check"), max_mb=settings.IMPORT_MAX_MB)


@login_required
def import_template(request):
    """The xlsx template, with the unions this user may enrol into and the code tables."""
    import tempfile

    from django.http import FileResponse

    if not can(request.user, "members.add_member"):
        return render(request, "403.html", status=403)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    imports.write_template(out, request.user)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=_("member-roster-template.xlsx"))


def _import_context(request, imp):
    beat = imports.progress(imp)
    return {
        "imp": imp, "interrupted": imports.interrupted(imp),
        "percent": beat.get("done", imp.progress) if imp.is_running else 100,
        "rows": imp.rows if imp.state == MemberImport.State.CHECKING else 0,
        "can_act": can(request.user, "members.add_member", imp.union),
    }


@login_required
def import_detail(request, pk):
    """The check's outcome: counts, the first problems, and the clerk's choices. While a task
    runs, htmx polls the status part of the page."""
    imp = get_object(request.user, MemberImport.objects.select_related("union", "created_by", "task"), pk=pk)
    context = _import_context(request, imp)
    if request.htmx and request.GET.get("part") == "status":
        if not imp.is_running:  # done: reload the whole page once, for the report and the buttons
            response = render(request, "members/_import_status.html", context)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "members/_import_status.html", context)
    context |= {"title": imp.file_name, "issues": imp.issues.all()[:200], "earlier": imports.earlier_import(imp)}
    return render(request, "members/import_detail.html", context)


@login_required
def import_report(request, pk):
    """Every problem of the import as an xlsx the clerk can fix the file from."""
    imp = get_object(request.user, MemberImport, pk=pk)
    rows = imp.issues.values_list("row", "column", "message", "hint").iterator()
    return xlsx_response(user=request.user, title=_("Import problems %(file)s") % {"file": imp.file_name},
                         headers=[_("Row"), _("Column"), _("Problem"), _("How to fix it")], rows=rows,
                         filters={"import": imp.pk})


@login_required
@require_POST
def import_action(request, pk, action):
    imp = get_object(request.user, MemberImport, pk=pk)
    try:
        if action == "confirm":
            imports.confirm(imp, acting_user=request.user, skip_bad_rows=request.POST.get("skip_bad_rows") == "1")
        elif action == "cancel":
            imports.cancel(imp, acting_user=request.user)
            messages.success(request, _("Import cancelled; nothing was written."))
        elif action == "resume":
            imports.resume(imp, acting_user=request.user)
        else:
            raise Http404
    except ValidationError as e:
        show_error(request, e)
    return redirect("members:import_detail", imp.pk)
