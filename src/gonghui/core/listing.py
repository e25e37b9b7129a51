"""The reusable list page: scoped queryset, shared filterset, sortable paginated table,
live filtering with htmx, and xlsx export of everything the filters select."""

import inspect

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import CheckBoxColumn, DateColumn, DateTimeColumn, RequestConfig
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor as A

from . import dates, search
from .access import has_perm_anywhere, perm_name, refuse
from .export import xlsx_response
from .forms import bootstrap
from .navigation import current_scope_union

PAGE_SIZES = (25, 50, 100)


UNION_FILTERS = {"under", "parent", "union"}  # hidden filters that hold a union's id


def applied_filters(filterset, user):
    """The filters in force as (label, shown value): the line a printed list carries under its
    title, so paper says what it lists ("类型：基层工会；行政区划：衡阳县")."""
    from django import forms

    form = filterset.form
    if not filterset.is_valid():
        return []
    out = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or name in {"per_page", "sort", "page"}:
            continue
        if name in UNION_FILTERS and isinstance(field.widget, forms.HiddenInput):
            from gonghui.orgs.models import Union

            union = Union.objects.restrict(user).filter(pk=value).first()
            if union is None:
                continue
            shown = union.name
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif getattr(field, "choices", None) is not None and not hasattr(value, "pk"):
            choices = {str(k): v for k, v in field.choices if not isinstance(v, list | tuple)}
            shown = str(choices.get(str(value), value)).strip("\u3000 ")
        else:
            shown = str(value)
        out.append((str(field.label or name), shown))
    return out


class KnownCountPaginator(Paginator):
    """A paginator told its total (a maintained tally, a count already made) instead of
    counting the rows; told None, it counts as usual."""

    def __init__(self, object_list, per_page, known_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self):
        return self.known_count if self.known_count is not None else super().count


class ListPage(LoginRequiredMixin, View):
    model = None
    filterset_class = None
    table_class = None
    title = ""
    add_url_name = None
    template_name = "core/list_page.html"
    focus_filter = "under"  # the filter that the subtree switcher fills in
    permission = None  # needed somewhere to open the page; defaults to the model's view permission
    selectable = True  # rows carry a tick box: export the ticked rows, and the bulk actions below
    bulk_actions = ()  # (action, label, url name): POSTs the ticked ids as `pick` to a bulk view

    def make_table(self, qs):
        """The table, with a tick box first when rows can be picked; ordered as the request asks
        and not yet paged. Made without `request=`: django-tables2 would then page it at once
        with a counting paginator, a count of every row in scope (a third of a second for a
        city of ten million members) before `get` pages it with the known total."""
        table = self._new_table(qs)
        RequestConfig(self.request, paginate=False).configure(table)
        return table

    def _new_table(self, qs):
        if not self.selectable:
            return self.table_class(qs)
        meta = self.table_class._meta
        sequence = meta.sequence or ((*meta.fields, "...") if meta.fields else ("...",))
        pick = CheckBoxColumn(accessor="pk", orderable=False, exclude_from_export=True, attrs={
            "th__input": {"data-pick-all": "pick", "aria-label": _("Select every row on this page"),
                          "class": "form-check-input"},
            "td__input": {"form": "bulk-form", "class": "form-check-input", "aria-label": _("Select this row")}})
        return self.table_class(qs, extra_columns=[("pick", pick)],
                                sequence=("pick", *[c for c in sequence if c != "pick"]))

    def picked(self):
        return [int(p) for p in self.request.GET.getlist("pick") if p.isdigit()]

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user)

    def filter_data(self):
        data = search.opened(self.request.GET)
        focus = current_scope_union(self.request)
        if focus is not None and self.focus_filter and not data.get(self.focus_filter):
            data[self.focus_filter] = str(focus.pk)
        return data

    def post(self, request):
        """The filter form, posted so the search text stays out of the address: on to the list's
        address with its token (see core.search). An htmx request gets the results at once,
        with the address to show."""
        if not request.htmx:
            return search.redirect_to_address(request, request.POST)
        query = search.address_query(request.POST)
        request.GET = QueryDict(query)
        response = self.get(request)
        response["HX-Push-Url"] = request.path + (f"?{query}" if query else "")
        return response

    def get(self, request):
        if search.TEXT in request.GET:  # an old link or a hand-typed address: the text leaves it
            return search.redirect_to_address(request, request.GET)
        permission = self.permission or perm_name(self.model, "view")
        if not has_perm_anywhere(request.user, permission):
            refuse(request.user, None, permission)
        try:
            data = self.filter_data()
        except ValidationError as e:  # a token that no longer opens: the list without the search
            messages.warning(request, e.messages[0])
            return HttpResponseRedirect(request.path)
        filterset = self.filterset_class(data, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        if request.GET.get("export") == "xlsx" and self.picked():
            qs = qs.filter(pk__in=self.picked())  # "export selected": the ticked rows, still in scope
        table = self.make_table(qs)
        if request.GET.get("export") == "xlsx":
            return self.export(table, filterset)
        per_page = request.GET.get("per_page")
        per_page = int(per_page) if per_page in {str(s) for s in PAGE_SIZES} else 50
        paginate = {"per_page": per_page}
        known = self.known_count(filterset)
        if known is not None:
            paginate |= {"paginator_class": KnownCountPaginator, "known_count": known}
        RequestConfig(request, paginate=paginate).configure(table)
        bootstrap(filterset.form)
        context = {
            "title": self.title, "table": table, "filterset": filterset,
            "add_url_name": self.add_url_name if has_perm_anywhere(
                request.user, perm_name(self.model, "add")) else None,
            "export_query": self.export_query(), "more_exports": self.more_exports(),
            "applied_filters": applied_filters(filterset, request.user),
            "searched": any(v for k, v in request.GET.items() if k not in {"page", "sort", "per_page"}),
            "selectable": self.selectable,
            "bulk_actions": [(a, label, reverse(url)) for a, label, url in self.bulk_actions],
            "searched_text": search.searched_text(request.GET),
            **self.extra_context(),
        }
        template = "core/list_results.html" if request.htmx and request.htmx.target == "results" else (
            self.template_name)
        return render(request, template, context)

    def extra_context(self):
        """More for the page's template (figures shown above the list...)."""
        return {}

    def export_query(self):
        q = self.request.GET.copy()
        q.pop("page", None)
        q["export"] = "xlsx"
        return q.urlencode()

    def known_count(self, filterset):
        """The number of rows, when it is known without counting them (a maintained tally)."""
        return None

    def more_exports(self):
        """Further export links as (label, query), e.g. one with sealed values in full."""
        return []

    def export(self, table, filterset):
        """Every row the filters select, streamed: read from the database in chunks and written
        to the download as they come (a city's roster never sits in memory, and its first
        bytes leave at once), through the table's own cell values."""
        columns = [c for c in table.columns
                   if c.column.exclude_from_export is False and c.name not in {"actions", "pick"}]
        headers = [force_str(c.header, strings_only=True) for c in columns]
        return xlsx_response(user=self.request.user, title=str(self.title), headers=headers,
                             rows=self.export_rows(table, columns),
                             filters=search.audit_filters(self.request.GET, exclude={"export"}))

    def export_rows(self, table, columns):
        """The export's rows, read lazily: each a list of the columns' export values."""
        cells = CellValues(table, columns)
        for record in table.data.data.iterator(chunk_size=2000):
            yield cells.row(record)


class CellValues:
    """`BoundRow.get_cell_value` of django-tables2 for each exported cell, with what can be
    known of a column (its value function's parameters, its accessor's path, whether the field
    has a display of its choices) worked out once instead of once per cell: django-tables2
    reads a function's signature on every call, which was most of the time of a roster export."""

    def __init__(self, table, columns):
        self.table = table
        self.columns = [_Cell(table, bc, self._value_function(bc)) for bc in columns]

    @staticmethod
    def _value_function(bound_column):
        fn = bound_column.value  # the table's value_<name>, else the column's value()
        column = bound_column.column
        plain = (getattr(fn, "__func__", None) is tables.Column.value
                 and type(column).render is tables.Column.render)
        if plain:  # the default value() of the default render(): the value itself
            return None
        params = inspect.signature(fn).parameters
        if any(p.kind is p.VAR_KEYWORD for p in params.values()):
            return lambda kwargs: fn(**kwargs)
        names = [n for n in params if n in CELL_ARGUMENTS]
        return lambda kwargs: fn(**{n: kwargs[n] for n in names})

    def row(self, record):
        bound_row = None
        out = []
        for cell in self.columns:
            value = cell.value(record)
            if value in cell.empty_values:
                out.append(None)
                continue
            if cell.iso:  # dates and times in ISO 8601, Beijing time (pages show them in Chinese)
                out.append(dates.iso(value))
                continue
            if cell.fn is not None:
                bound_row = bound_row or BoundRow(record, self.table)
                value = cell.fn(bound_row._optional_cell_arguments(cell.bound_column, value))
            out.append(force_str(value, strings_only=True))
        return out


class _Cell:
    """One exported column: how its value is read from a record (as django-tables2's
    `_get_and_render_with` reads it, the path and the choices display decided on the first
    record)."""

    def __init__(self, table, bound_column, fn):
        self.table, self.bound_column, self.fn = table, bound_column, fn
        self.accessor = A(bound_column.accessor)
        self.empty_values = bound_column.column.empty_values
        self.generic = isinstance(bound_column.column, tables.ManyToManyColumn | BaseLinkColumn)
        self.iso = isinstance(bound_column.column, DateColumn | DateTimeColumn)
        self.bits = None  # (path to the penultimate object, final name, use get_<name>_display)

    def value(self, record):
        if self.generic:
            return BoundRow(record, self.table)._get_and_render_with(
                self.bound_column, render_func=lambda bc, value=None: value, default=None)
        path, name, display = self.bits or self._plan(record)
        obj = record
        try:
            for bit in path:
                obj = getattr(obj, bit)
                if obj is None:
                    return None
            if display:
                return getattr(obj, f"get_{name}_display")()
            value = getattr(obj, name)
        except AttributeError:
            return self.accessor.resolve(record, quiet=True)
        if callable(value) and not getattr(value, "alters_data", False) and not isinstance(value, models.Manager):
            value = value()
        return value

    def _plan(self, record):
        bits = list(self.accessor.bits)
        penultimate, remainder = self.accessor.penultimate(record)
        display = False
        if isinstance(penultimate, models.Model):
            try:
                field = self.accessor.get_field(record)
                display = bool(getattr(field, "choices", ()) and getattr(penultimate, f"get_{remainder}_display", None))
            except FieldDoesNotExist:
                pass
            self.bits = (bits[:-1], bits[-1], display)  # known once a record reaches the field
        return bits[:-1], bits[-1], display


CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")
