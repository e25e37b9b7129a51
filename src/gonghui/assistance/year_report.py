"""The year report (年度帮扶工作数据): the sentences a federation prints about a year of assistance
work (seed 002: "走访慰问困难企业126家，一线困难职工426户，发放慰问金137万多元 …"), computed
from the rows in the reader's subtree.

Every figure is counted or summed through the filter set of the list it links to, with the
same parameters the link carries, so a number and the rows behind it can never disagree.
A sentence is shown only to readers who may open its lists.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.access import has_perm_anywhere, perm_name
from gonghui.core.navigation import current_scope_union

GRANTED = "granted"  # the applications filter for approved, in publicity, batched or paid


@dataclass(frozen=True)
class Measure:
    """One figure: a list page, the filters that select its rows, and what to add up."""

    label: str
    view: str  # "app.views.ListClass"
    url_name: str
    params: dict = field(default_factory=dict)
    total: str = ""  # sum this fen field (shown in 万元) instead of counting rows
    distinct: str = ""  # count distinct values of this field instead of rows


def _visits(**params):
    return ("gonghui.assistance.views.VisitList", "assistance:visit_list", params)


def _applications(kind, **params):
    return ("gonghui.assistance.views.ApplicationList", "assistance:application_list",
            {"kind": kind, GRANTED: "true", **params})


def _measure(label, where, **kw):
    view, url_name, params = where
    return Measure(label, view, url_name, params, **kw)


def sentences():
    """(sentence with {placeholders}, {placeholder: Measure}) in the order seed 002 tells them."""
    hardship = ("gonghui.hardship.views.HardshipList", "hardship:list")
    enrolled = ("gonghui.medicalaid.views.EnrolledList", "medicalaid:enrolled")
    claims = ("gonghui.medicalaid.views.ClaimList", "medicalaid:claims")
    return [
        (_("Unions at every level visited {enterprises} enterprises in difficulty and {households} front-line "
           "households in hardship, and gave {visit_money} in condolence money."), {
            "enterprises": _measure(_("Enterprises visited"), _visits(target="enterprise"), distinct="visited_name"),
            "households": _measure(_("Households visited"), _visits(target="household")),
            "visit_money": _measure(_("Condolence money"), _visits(), total="amount_fen"),
        }),
        (_("Unions raised {aid_money} of student aid for {students} children of workers and migrant workers "
           "in hardship."), {
            "aid_money": _measure(_("Student aid"), _applications("student_aid"), total="amount_fen"),
            "students": _measure(_("Students helped"), _applications("student_aid")),
        }),
        (_("{trained} workers and migrant workers in hardship were trained for jobs free of charge."), {
            "trained": _measure(_("People trained"), _applications("training")),
        }),
        (_("“Warm journey home” bought {tickets} train tickets home for migrant workers in hardship."), {
            "tickets": _measure(_("Train tickets"), _applications("journey_home")),
        }),
        (_("{model_workers} model workers received {model_money} in subsidies and condolence money."), {
            "model_workers": _measure(_("Model workers helped"), _applications("model_worker")),
            "model_money": _measure(_("Model worker subsidies"), _applications("model_worker"), total="amount_fen"),
        }),
        (_("{enrolled} workers joined the hospital mutual medical aid scheme, {women} of them women workers "
           "with the special-disease cover; {claims} hospital stays were paid, {claim_money} in all."), {
            "enrolled": Measure(_("Enrolled in mutual medical aid"), *enrolled),
            "women": Measure(_("Women enrolled"), *enrolled, {"sex": "F"}),
            "claims": Measure(_("Hospital claims paid"), *claims, {"state": "paid"}),
            "claim_money": Measure(_("Mutual aid paid"), *claims, {"state": "paid"}, total="payout_fen"),
        }),
        (_("{files} households in hardship are on file ({deep} in deep hardship, {relative} in relative "
           "hardship, {accident} after an accident); {new} are new this year and {returned} returned to "
           "hardship, and {exited} households left hardship."), {
            "files": Measure(_("Hardship files active"), *hardship, {"state": "active"}),
            "deep": Measure(_("Deep hardship"), *hardship, {"state": "active", "category": "deep"}),
            "relative": Measure(_("Relative hardship"), *hardship, {"state": "active", "category": "relative"}),
            "accident": Measure(_("Hardship from an accident"), *hardship, {"state": "active", "category": "accident"}),
            "new": Measure(_("New files"), *hardship, {"state": "active", "intake": "new"}),
            "returned": Measure(_("Returned to hardship"), *hardship, {"state": "active", "intake": "returned"}),
            "exited": Measure(_("Left hardship"), *hardship, {"state": "exited"}),
        }),
    ]


def _view_class(dotted):
    from django.utils.module_loading import import_string

    return import_string(dotted)


def may_read(user, measure):
    view = _view_class(measure.view)
    return has_perm_anywhere(user, view.permission or perm_name(view.model, "view"))


def value(request, measure, year):
    """The measure's figure over the rows its list would show for `year` (and the focus union)."""
    view = _view_class(measure.view)()
    view.request = request
    data = {"year": str(year), **measure.params}
    focus = current_scope_union(request)
    if focus is not None:
        data["under"] = str(focus.pk)
    filterset = view.filterset_class(data, queryset=view.get_queryset(), request=request)
    qs = filterset.qs if filterset.is_valid() else view.get_queryset().none()
    qs = qs.order_by()
    if measure.total:
        return qs.aggregate(n=Sum(measure.total))["n"] or 0
    if measure.distinct:
        return qs.aggregate(n=Count(measure.distinct, distinct=True))["n"]
    return qs.count()


def link(measure, year):
    return f"{reverse(measure.url_name)}?{urlencode({'year': year, **measure.params})}"


def wan(fen):
    """Fen in 万元 as a federation writes it: 137.25, 619.6, 45."""
    text = f"{(Decimal(int(fen)) / 1_000_000).quantize(Decimal('0.01')):,.2f}"
    return text.rstrip("0").rstrip(".")


def shown(measure, figure):
    return _("%(n)s 万元") % {"n": wan(figure)} if measure.total else f"{figure:,}"


def build(request, year):
    """[(sentence as safe HTML, [(measure, figure, url)])] for the sentences the reader may see."""
    out = []
    for text, measures in sentences():
        if not all(may_read(request.user, m) for m in measures.values()):
            continue
        figures = [(m, value(request, m, year), link(m, year)) for m in measures.values()]
        links = {key: format_html('<a href="{}" data-figure="{}">{}</a>', url, key, shown(m, figure))
                 for key, (m, figure, url) in zip(measures, figures, strict=True)}
        out.append((format_html(text, **links), figures))
    return out


TITLE = gettext_lazy("Year report")
