"""Pages of the paper-member clean-up (纸上会员清理): the suspects by kind with bulk actions,
and the report of what was cleared. The rules live in cleanup.py; these pages only read
the request and call it. (Kept apart from views.py, with their table and forms, so the
roster's modules stay as they are.)"""

from urllib.parse import urlencode

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from gonghui.core import search
from gonghui.core.access import has_perm_anywhere, refuse
from gonghui.core.crypto import mask
from gonghui.core.export import xlsx_response
from gonghui.core.forms import BootstrapMixin
from gonghui.core.listing import KnownCountPaginator
from gonghui.core.navigation import current_scope_union
from gonghui.core.tables import ListTable

from . import cleanup
from .cleanup import Action, SuspectKind
from .forms import directory_field
from .identity import DocumentType
from .models import EventKind, Member, Status, status_of
from .queries import search_q

PER_PAGE = 50


# --- table and forms -------------------------------------------------------------------------

class SuspectTable(ListTable):
    select = tables.CheckBoxColumn(accessor="pk", exclude_from_export=True, attrs={
        "input": {"name": "member", "form": "cleanup-actions", "data-testid": "pick"},
        "th__input": {"form": "cleanup-actions", "aria-label": gettext_lazy("Choose all"),
                      "data-pick-all": "member"}})
    number = tables.Column(verbose_name=gettext_lazy("Member number"), linkify=("members:detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=gettext_lazy("Full name"), order_by="name_pinyin")
    sex = tables.Column(verbose_name=gettext_lazy("Sex"), accessor="get_sex_display", order_by="sex")
    birth_date = tables.Column(verbose_name=gettext_lazy("Date of birth"), orderable=False)  # sealed
    doc_type = tables.Column(verbose_name=gettext_lazy("Document type"), accessor="get_doc_type_display",
                             order_by="doc_type")
    id_number = tables.Column(verbose_name=gettext_lazy("ID number"), orderable=False)
    union = tables.Column(verbose_name=gettext_lazy("Union"), order_by="union__path")
    joined_on = tables.DateColumn(verbose_name=gettext_lazy("Joined on"))
    why = tables.Column(verbose_name=gettext_lazy("Why it is listed"), accessor="pk", orderable=False)

    class Meta(ListTable.Meta):
        attrs = ListTable.Meta.attrs | {"data-testid": "suspect-table"}
        sequence = ("select", "number", "name", "sex", "birth_date", "doc_type", "id_number", "union", "joined_on",
                    "why")

    def __init__(self, *args, kind, finder, **kwargs):
        self.kind, self.finder = kind, finder
        extra = []
        if kind == SuspectKind.DUPLICATE:  # which record a merge keeps
            extra = [("keep", tables.Column(verbose_name=gettext_lazy("Keep"), accessor="pk", orderable=False,
                                            exclude_from_export=True))]
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_id_number(self, value):
        return str(value)  # masked: a Sealed prints only its mask

    def render_birth_date(self, value):
        return mask("birth", value)  # beside a masked ID (gonghui.core.crypto: the one masking rule)

    def value_birth_date(self, value):
        return mask("birth", value)

    def value_id_number(self, value):
        return str(value)

    def render_why(self, record):
        return self.finder.detail(self.kind, record)

    def render_keep(self, record):
        return format_html('<input type="radio" class="form-check-input" name="keep_id" value="{}" '
                           'form="cleanup-actions" aria-label="{}" data-testid="keep">', record.pk, _("Keep"))


class SuspectFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    months = forms.IntegerField(label=gettext_lazy("Months without activity"), min_value=1,
                                max_value=cleanup.MAX_MONTHS, initial=cleanup.DEFAULT_MONTHS, required=False)


class CleanupActionForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (recorded with every member)"), max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"] = directory_field(gettext_lazy("Transfer to (for a transfer)"))
        self.fields["to_union"].required = self.fields["to_union"].widget.is_required = False  # only for a transfer
        self.order_fields(["reason", "to_union"])


# --- pages -----------------------------------------------------------------------------------

def _kind(request):
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in SuspectKind.values else SuspectKind.DUPLICATE


def _need_view(user):
    if not has_perm_anywhere(user, "members.view_member"):
        refuse(user, None, "members.view_member")


@login_required
def cleanup_page(request):
    """Suspects of one kind (a tab each, with its count), searchable, with bulk actions."""
    _need_view(request.user)
    if request.method == "POST" or search.TEXT in request.GET:  # the search stays out of the address
        return search.redirect_to_address(request, request.POST if request.method == "POST" else request.GET)
    kind = _kind(request)
    try:
        filters = SuspectFilterForm(search.opened(request.GET))
    except ValidationError as e:
        messages.warning(request, e.messages[0])
        return redirect(request.path)
    valid = filters.is_valid()
    months = (filters.cleaned_data.get("months") if valid else None) or cleanup.DEFAULT_MONTHS
    q = filters.cleaned_data.get("q") if valid else ""
    under = current_scope_union(request)
    finder = cleanup.Finder(request.user, months=months, under=under)
    qs = finder.suspects(kind)
    if q:
        qs = qs.filter(search_q(q))
    if request.GET.get("export") == "xlsx":
        return _export(request, finder, kind, qs, filters={
            "kind": kind, "months": months, "under": under.pk if under else "",
            **search.audit_filters(request.GET, exclude={"kind", "months", "export"})})
    table = SuspectTable(qs, request=request, kind=kind, finder=finder)
    RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": KnownCountPaginator,
                                     "known_count": None if q else finder.counts[kind]}).configure(table)
    keep = {"kind": kind, "months": months, **({search.TOKEN: request.GET[search.TOKEN]} if q else {})}
    tabs = [(k, label, finder.counts[k], "?" + urlencode({**keep, "kind": k})) for k, label in SuspectKind.choices]
    return render(request, "members/cleanup.html", {
        "title": _("Paper-member clean-up"), "kind": kind, "kind_label": SuspectKind(kind).label, "tabs": tabs,
        "table": table, "filters": filters, "months": months, "under": under,
        "export_query": urlencode({**keep, "export": "xlsx"}),
        "can_act": has_perm_anywhere(request.user, "members.change_member"),
        "action_form": CleanupActionForm(), "actions": Action, "kinds": SuspectKind,
    })


@login_required
@require_POST
def cleanup_act(request):
    """A bulk action on the chosen suspects: all of them or, with a message, none."""
    kind = _kind(request)
    back = reverse("members:cleanup") + "?" + urlencode({"kind": kind, "months": request.POST.get("months", "")})
    form = CleanupActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    action = request.POST.get("action", "")
    try:
        done = cleanup.clean_up(acting_user=request.user, action=action, kind=request.POST.get("kind", ""),
                                member_ids=request.POST.getlist("member"), reason=request.POST.get("reason", ""),
                                to_union=data.get("to_union"), keep_id=request.POST.get("keep_id"))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(back)
    messages.success(request, _("%(action)s: %(n)s members cleared. They are counted in the clean-up report.")
                     % {"action": Action(action).label, "n": len(done)})
    return redirect(back)


def _export(request, finder, kind, qs, *, filters):
    """Every suspect of the tab, straight from the query (ID numbers masked): django-tables2
    renders a cell at a time, too slow for the tens of thousands an "inactive" tab can hold."""
    headers = [_("Member number"), _("Full name"), _("Sex"), _("Date of birth"), _("Document type"), _("ID number"),
               _("Union"), _("Status"), _("Joined on"), _("Why it is listed")]

    # Labels looked up once: get_FOO_display() costs more than the rest of a row together.
    sexes = {k: str(v) for k, v in Member._meta.get_field("sex").choices}
    documents = {k: str(v) for k, v in DocumentType.choices}
    statuses = {k: str(Status(status_of(k)).label) for k in EventKind.values}

    def rows():
        for m in qs.iterator(chunk_size=2000):
            yield [m.number, m.name, sexes.get(m.sex, ""), mask("birth", m.birth_date),
                   documents.get(m.doc_type, m.doc_type), str(m.id_number), m.union.name,
                   statuses.get(m.last_event.kind, "") if m.last_event_id else "", m.joined_on.isoformat(),
                   finder.detail(kind, m)]

    title = _("Paper-member suspects (%(kind)s)") % {"kind": SuspectKind(kind).label}
    return xlsx_response(user=request.user, title=title, headers=headers, rows=rows(), filters=filters)


class ReportFilterForm(BootstrapMixin, forms.Form):
    since = forms.DateField(label=gettext_lazy("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def cleanup_report(request):
    """What was cleared per month, by kind of suspect and by action, in the user's subtree."""
    _need_view(request.user)
    filters = ReportFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    under = current_scope_union(request)
    rows = cleanup.report(request.user, under=under, since=data.get("since"), until=data.get("until"))
    kinds, actions = SuspectKind.choices, Action.choices
    totals = {"kinds": {k: sum(r["kinds"][k] for r in rows) for k, _label in kinds},
              "actions": {a: sum(r["actions"][a] for r in rows) for a, _label in actions},
              "total": sum(r["total"] for r in rows)}
    if request.GET.get("export") == "xlsx":
        headers = [_("Month"), *[label for _k, label in kinds], *[label for _a, label in actions], _("Total")]
        out = [[r["month"].strftime("%Y-%m"), *[r["kinds"][k] for k, _label in kinds],
                *[r["actions"][a] for a, _label in actions], r["total"]] for r in rows]
        out.append([_("Total"), *[totals["kinds"][k] for k, _label in kinds],
                    *[totals["actions"][a] for a, _label in actions], totals["total"]])
        return xlsx_response(user=request.user, title=_("Paper-member clean-up report"), headers=headers, rows=out,
                             filters={k: str(v) for k, v in data.items() if v})
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "members/cleanup_report.html", {
        "title": _("Paper-member clean-up report"), "rows": [
            {"month": r["month"], "kinds": [r["kinds"][k] for k, _label in kinds],
             "actions": [r["actions"][a] for a, _label in actions], "total": r["total"]} for r in rows],
        "kinds": kinds, "actions": actions, "filters": filters, "under": under, "ncols": len(kinds) + len(actions) + 2,
        "totals": {"kinds": [totals["kinds"][k] for k, _label in kinds],
                   "actions": [totals["actions"][a] for a, _label in actions], "total": totals["total"]},
        "export_query": query.urlencode(),
    })
