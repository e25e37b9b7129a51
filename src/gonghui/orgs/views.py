"""Pages for unions, employers and divisions. Thin: parse the form, call the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, perm_name, subtree_q
from gonghui.core.forms import form_page
from gonghui.core.listing import ListPage

from . import queries, services
from .filtersets import EmployerFilterSet, RegionFilterSet, UnionFilterSet
from .forms import EmployerForm, MergeForm, MoveForm, ReasonForm, UnionForm
from .models import Employer, Region, Union
from .tables import EmployerTable, RegionTable, UnionTable

LOOKUP_LIMIT = 20
CHILDREN_SHOWN = 10  # subordinate unions listed on a detail page; the rest through the full list


# --- unions --------------------------------------------------------------------------------

class UnionList(ListPage):
    model = Union
    filterset_class = UnionFilterSet
    table_class = UnionTable
    title = gettext_lazy("Unions")
    add_url_name = "orgs:union_create"
    template_name = "orgs/union_list.html"

    def get_queryset(self):
        return queries.union_rows(self.request.user)


def _visible_chain(user, union):
    """Breadcrumbs: the ancestors, each linked only when the user may open it."""
    chain = union.ancestors_and_self()
    visible = set(Union.objects.restrict(user).filter(pk__in=[u.pk for u in chain]).values_list("pk", flat=True))
    return [(u, u.pk in visible) for u in chain]


@login_required
def union_detail(request, pk):
    union = get_object(request.user, Union.objects.select_related("region", "employer", "merged_into"), pk=pk)
    user = request.user
    children = (Union.objects.filter(subtree_q("path", union.path), depth=union.depth + 1)
                .select_related("region", "employer").order_by("path"))
    history = audit.history(union)
    may = {a: can(user, f"orgs.{a}_union", union) for a in ("change", "add", "move", "merge", "revoke", "delete")}
    # 删除 only where the service would delete: never the root, nor a union with anything under it
    may["delete"] = may["delete"] and services.why_not_deletable(union) is None
    may["reveal"] = can(user, "orgs.reveal_union", union)
    return render(request, "orgs/union_detail.html", {
        "title": union.name, "union": union, "chain": _visible_chain(user, union),
        "children": children[:CHILDREN_SHOWN], "child_count": children.count(), "history": history,
        "children_shown": CHILDREN_SHOWN, "can": may,
    })


@login_required
@require_POST
def union_reveal(request, pk):
    """Answers an htmx request with the full contact phone in place of the masked one (recorded)."""
    union = get_object(request.user, Union, pk=pk)
    return render(request, "orgs/_revealed.html", {
        "value": services.reveal_contact_phone(union, acting_user=request.user)})


@login_required
def union_create(request):
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = Union.objects.restrict(request.user, "add").filter(pk=request.GET["parent"]).first()
    form = UnionForm(request.POST or None, user=request.user, with_parent=True,
                     initial={"parent": parent, "region": parent.region_id if parent else None})

    def save(data):
        parent = data.pop("parent")
        union = services.create_union(acting_user=request.user, parent=parent, **data)
        messages.success(request, _("Union %(name)s created.") % {"name": union.name})
        return redirect("orgs:union_detail", union.pk)

    return form_page(request, form, _("New union"), save)


@login_required
def union_edit(request, pk):
    union = get_object(request.user, Union, "change", pk=pk)
    initial = {f: getattr(union, f) for f in services.UNION_FIELDS}
    form = UnionForm(request.POST or None, user=request.user, initial=initial)

    def save(data):
        services.update_union(union, acting_user=request.user, **data)
        messages.success(request, _("Changes saved."))
        return redirect("orgs:union_detail", union.pk)

    return form_page(request, form, _("Edit %(name)s") % {"name": union.name}, save, union=union)


@login_required
def union_move(request, pk):
    union = get_object(request.user, Union, "move", pk=pk)
    form = MoveForm(request.POST or None, user=request.user)

    def save(data):
        services.move_union(union, acting_user=request.user, new_parent=data["parent"], reason=data["reason"])
        messages.success(request, _("%(name)s moved under %(parent)s.") % {"name": union.name,
                                                                          "parent": data["parent"].name})
        return redirect("orgs:union_detail", union.pk)

    return form_page(request, form, _("Move %(name)s") % {"name": union.name}, save, union=union,
                      confirm=_("Move this union and every union below it?"))


@login_required
def union_merge(request, pk):
    union = get_object(request.user, Union, "merge", pk=pk)
    form = MergeForm(request.POST or None, user=request.user)

    def save(data):
        services.merge_union(union, acting_user=request.user, into=data["into"], reason=data["reason"])
        messages.success(request, _("%(name)s merged into %(into)s.") % {"name": union.name, "into": data["into"].name})
        return redirect("orgs:union_detail", data["into"].pk)

    return form_page(request, form, _("Merge %(name)s") % {"name": union.name}, save, union=union,
                      confirm=_("Merge this union? It will stop and its subordinate unions move to the target."))


@login_required
def union_revoke(request, pk):
    union = get_object(request.user, Union, "revoke", pk=pk)
    form = ReasonForm(request.POST or None)

    def save(data):
        services.revoke_union(union, acting_user=request.user, reason=data["reason"])
        messages.success(request, _("%(name)s revoked.") % {"name": union.name})
        return redirect("orgs:union_detail", union.pk)

    return form_page(request, form, _("Revoke %(name)s") % {"name": union.name}, save, union=union,
                      confirm=_("Revoke this union? It stays on record but stops working."))


@login_required
def union_delete(request, pk):
    union = get_object(request.user, Union, "delete", pk=pk)
    form = ReasonForm(request.POST or None)

    def save(data):
        parent = Union.objects.get_parent(union)
        services.delete_union(union, acting_user=request.user, reason=data["reason"])
        messages.success(request, _("%(name)s deleted.") % {"name": union.name})
        return redirect("orgs:union_detail", parent.pk)

    return form_page(request, form, _("Delete %(name)s") % {"name": union.name}, save, union=union,
                      confirm=_("Delete this union for good? Only unions entered by mistake should be deleted."),
                      danger=True)


# --- employers -----------------------------------------------------------------------------

class EmployerList(ListPage):
    model = Employer
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    title = gettext_lazy("Employers")
    add_url_name = "orgs:employer_create"

    def get_queryset(self):
        return super().get_queryset().with_union_flag().select_related("industry", "ownership", "region")


@login_required
def employer_detail(request, pk):
    employer = get_object(request.user, Employer.objects.select_related("industry", "ownership", "region"), pk=pk)
    unions = Union.objects.restrict(request.user).filter(employer=employer)
    history = audit.history(employer)
    return render(request, "orgs/employer_detail.html", {
        "title": employer.name, "employer": employer, "unions": unions, "history": history,
        "can_change": Employer.objects.restrict(request.user, "change").filter(pk=employer.pk).exists(),
    })


@login_required
def employer_create(request):
    form = EmployerForm(request.POST or None)

    def save(data):
        employer = services.create_employer(acting_user=request.user, **data)
        messages.success(request, _("Employer %(name)s created.") % {"name": employer.name})
        return redirect("orgs:employer_detail", employer.pk)

    return form_page(request, form, _("New employer"), save)


@login_required
def employer_edit(request, pk):
    employer = get_object(request.user, Employer, "change", pk=pk)
    form = EmployerForm(request.POST or None, initial={f: getattr(employer, f) for f in services.EMPLOYER_FIELDS})

    def save(data):
        services.update_employer(employer, acting_user=request.user, **data)
        messages.success(request, _("Changes saved."))
        return redirect("orgs:employer_detail", employer.pk)

    return form_page(request, form, _("Edit %(name)s") % {"name": employer.name}, save)


# --- divisions -----------------------------------------------------------------------------

class RegionList(ListPage):
    model = Region
    filterset_class = RegionFilterSet
    table_class = RegionTable
    title = gettext_lazy("Administrative divisions")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


@login_required
def region_detail(request, pk):
    region = get_object(request.user, Region.objects.select_related("parent"), pk=pk)
    return render(request, "orgs/region_detail.html", {
        "title": region.name, "region": region, "children": region.children.order_by("code"),
    })


# --- lookups for the search-as-you-type selects ----------------------------------------------

def _options(request, rows):
    return render(request, "core/widgets/lookup_options.html", {"options": rows})


@login_required
@require_GET
def union_lookup(request):
    q = request.GET.get("q", "").strip()
    qs = Union.objects.restrict(request.user).filter(status="active")
    rows = qs.filter(name__icontains=q).order_by("depth", "path")[:LOOKUP_LIMIT] if q else []
    return _options(request, [(u.pk, u.name) for u in rows])


@login_required
@require_GET
def employer_lookup(request):
    q = request.GET.get("q", "").strip()
    qs = Employer.objects.restrict(request.user)
    rows = qs.filter(Q(name__icontains=q) | Q(uscc__startswith=q.upper()))[:LOOKUP_LIMIT] if q else []
    return _options(request, [(e.pk, f"{e.name}（{e.uscc}）") for e in rows])


@login_required
@require_GET
def region_lookup(request):
    if not has_perm_anywhere(request.user, perm_name(Region, "view")):
        return _options(request, [])
    q = request.GET.get("q", "").strip()
    rows = Region.objects.filter(Q(name__contains=q) | Q(code__startswith=q)).select_related(
        "parent").order_by("level", "code")[:LOOKUP_LIMIT] if q else []
    return _options(request, [(r.code, f"{r.parent.name if r.parent else ''}{r.name}（{r.code}）") for r in rows])
