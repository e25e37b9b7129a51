"""Service positions pages: the staff list, form, detail (QR, photos, check-ins, ratings,
history), map and yearly selection; the member's pages (H5): the nearest open positions,
a position's public page with check-in and rating."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, needs, refuse
from gonghui.core.forms import apply_service_errors, bootstrap, form_page, show_error
from gonghui.core.listing import ListPage

from . import queries, services
from .filtersets import PositionFilterSet
from .forms import PositionForm, RatingForm, SelectionForm
from .geo import in_china
from .models import CheckIn, Position, PositionKind, PositionPhoto, Rating, Selection
from .tables import PositionTable

FORM = "orgs/form.html"
NEAR_LIMIT = 10
MAP_POINTS = 500  # the most points a map draws (the nearest to its centre)



# --- staff ---------------------------------------------------------------------------------------

class PositionList(ListPage):
    model = Position
    filterset_class = PositionFilterSet
    table_class = PositionTable
    title = gettext_lazy("Service positions")
    add_url_name = "positions:create"

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "union")


def _form_values(data):
    return {k: v for k, v in data.items() if k != "union"}


@needs("positions.add_position")
def position_create(request):
    form = PositionForm(request.POST or None, user=request.user)

    def save(data):
        values = _form_values(data)
        p = services.create_position(acting_user=request.user, union=data["union"], **values)
        messages.success(request, _("Position %(code)s registered.") % {"code": p.code})
        return redirect("positions:detail", p.pk)

    return form_page(request, form, _("Register a service position"), save, template=FORM)


@login_required
def position_edit(request, pk):
    p = get_object(request.user, Position.objects.select_related("kind", "union"), "change", pk=pk)
    initial = {k: getattr(p, k) for k in services.EDITABLE}
    form = PositionForm(request.POST or None, user=request.user, edit=True, initial=initial)

    def save(data):
        services.update_position(p, acting_user=request.user, **_form_values(data))
        messages.success(request, _("Position saved."))
        return redirect("positions:detail", p.pk)

    return form_page(request, form, _("Edit %(name)s") % {"name": p.name}, save, template=FORM)


def _qr(request, p):
    import segno

    url = request.build_absolute_uri(reverse("positions:public", args=[p.code]))
    return url, mark_safe(segno.make(url, error="m").svg_inline(scale=4))  # noqa: S308 (segno writes the SVG)


@login_required
def position_detail(request, pk):
    p = get_object(request.user, Position.objects.select_related("kind", "union", "region", "created_by"), pk=pk)
    url, qr = _qr(request, p)
    year = timezone.localdate().year
    return render(request, "positions/detail.html", {
        "title": p.name, "p": p, "qr": qr, "public_url": url, "facilities": p.facility_rows(),
        "photos": p.photos.all(), "checkins": CheckIn.objects.filter(position=p).select_related("member")[:20],
        "checkin_count": CheckIn.objects.filter(position=p).count(),
        "ratings": Rating.objects.filter(position=p).select_related("member")[:20],
        "summary": queries.rating_summary(p, year), "year": year,
        "can_change": can(request.user, "positions.change_position", p.union),
        "history": audit.history(p),
    })


@login_required
@require_POST
def photo_add(request, pk):
    p = get_object(request.user, Position, "change", pk=pk)
    try:
        services.add_photos(p, acting_user=request.user, uploads=request.FILES.getlist("photo"))
        messages.success(request, _("Photo added."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("positions:detail", p.pk)


def photo(request, pk, photo_pk):
    """A photo: anyone's for an open position (its public page shows it), else staff in scope."""
    p = queries.open_positions().filter(pk=pk).first()
    if p is None:
        if not request.user.is_authenticated:
            raise Http404(_("Not found."))
        p = get_object(request.user, Position, pk=pk)
    ph = PositionPhoto.objects.filter(position=p, pk=photo_pk).first()
    if ph is None:
        raise Http404(_("Not found."))
    return ph.response()


def qr_svg(request, code):
    p = queries.open_positions().filter(code=code).first()
    if p is None:
        raise Http404(_("Not found."))
    _url, svg = _qr(request, p)
    return HttpResponse(svg, content_type="image/svg+xml")


# --- the map (staff and members) ----------------------------------------------------------------

def _point(request):
    """(lat, lng) from ?lat=&lng= or ?region=<division code>, else None; a point outside China is
    an error message."""
    region = request.GET.get("region", "").strip()
    if region:
        for d in queries.divisions():
            if d["code"] == region:
                return (d["lat"], d["lng"]), d["name"], None
        return None, "", _("No such division.")
    try:
        lat, lng = float(request.GET["lat"]), float(request.GET["lng"])
    except (KeyError, ValueError):
        return None, "", None
    if not in_china(lat, lng):
        return None, "", _("Your location is outside China; choose a county or district instead.")
    return (lat, lng), _("your location"), None


# County outlines shipped for the map without tiles, by the city's division-code prefix: the
# ECharts map name the vendored file registers, and the file (tools/vendor.sh, VERSIONS.json).
OUTLINES = {"4304": ("衡阳", "vendor/echarts-china-cities/hengyang.js")}


def _outline():
    """The outline of the deployment's city (the region of the top of the union tree)."""
    from gonghui.orgs.models import Union

    top = Union.objects.filter(depth=1).order_by("path").values_list("region_id", flat=True).first()
    return OUTLINES.get((top or "")[:4])


def map_context(request, positions, centre):
    points = [{"lat": p.lat, "lng": p.lng, "name": p.name, "code": p.code,
               "url": reverse("positions:public", args=[p.code]),
               "distance_m": getattr(p, "distance_m", None)} for p in positions]
    tile_url = settings.POSITIONS_TILE_URL
    outline = None if tile_url else _outline()
    return {"tile_url": tile_url, "points": points, "centre": centre,
            "map_data": {"tiles": tile_url, "centre": centre, "points": points} if tile_url else None,
            "geo": {"map": outline[0], "centre": centre, "points": points} if outline else None,
            "geo_script": outline[1] if outline else None}


@login_required
def position_map(request):
    """Staff: the positions of their subtree around a point (a division's centroid, or the
    middle of what they see); members: the open positions."""
    staff = has_perm_anywhere(request.user, "positions.view_position")
    qs = Position.objects.restrict(request.user) if staff else queries.open_positions()
    kind = request.GET.get("kind") or None
    if kind:
        qs = qs.filter(kind__code=kind)
    point, label, error = _point(request)
    if point is None:
        ds = queries.divisions()
        point = (ds[0]["lat"], ds[0]["lng"]) if ds else (26.89, 112.57)
    positions = queries.nearest(*point, MAP_POINTS, open_only=not staff, qs=qs)
    ctx = {"title": _("Map of service positions"), "divisions": queries.divisions(),
           "kinds": PositionKind.objects.order_by("sort"), "kind": kind or "", "error": error,
           "region": request.GET.get("region", ""), "positions": positions[:50], "count": len(positions),
           "point": point, "label": label or _("the centre")}
    ctx |= map_context(request, positions, point)
    return render(request, "positions/map.html" if staff else "positions/near.html", ctx)


@needs("positions.view_position")
def selection(request):
    """百优驿站 / 百优食堂: the top positions by average stars, proposed for a year; staff confirm."""
    form = SelectionForm(request.POST or request.GET or None)
    bootstrap(form)
    rows, under = [], None
    from gonghui.core.access import scope
    from gonghui.orgs.models import Union

    s = scope(request.user, "positions.add_selection")
    under = Union.objects.filter(s.q("path")).order_by("depth", "path").first()
    if form.is_valid():
        d = form.cleaned_data
        if request.method == "POST":
            if under is None:
                refuse(request.user, None, "positions.add_selection")
            try:
                sel = services.confirm_selection(acting_user=request.user, union=under, **d)
                messages.success(request, _("The %(year)d selection of %(title)s is confirmed.") % {
                    "year": sel.year, "title": sel.kind.award_title})
                return redirect(reverse("positions:selection") + f"?kind={d['kind'].pk}&year={d['year']}")
            except ValidationError as e:
                apply_service_errors(form, e)
        rows = queries.selection_candidates(request.user, d["kind"], d["year"], d["size"], d["min_ratings"],
                                            under=under)
    confirmed = Selection.objects.restrict(request.user).select_related("kind", "union", "confirmed_by")
    return render(request, "positions/selection.html", {
        "title": _("Yearly selection of the best positions"), "form": form, "rows": rows,
        "can_confirm": under is not None, "under": under,
        "confirmed": [(sel, sel.entries.select_related("position")[:200]) for sel in confirmed[:10]],
    })


# --- members (H5) --------------------------------------------------------------------------------

@login_required
def near(request):
    """The nearest open positions to the member's location (the phone's, sent by near.js) or
    to a chosen county's centroid, nearest first, on a map or a plain canvas."""
    point, label, error = _point(request)
    kind = request.GET.get("kind") or None
    positions = queries.nearest(*point, NEAR_LIMIT, kind=kind) if point else []
    ctx = {"title": _("Service positions near me"), "divisions": queries.divisions(), "error": error,
           "kinds": PositionKind.objects.order_by("sort"), "kind": kind or "", "region": request.GET.get("region", ""),
           "point": point, "label": label, "positions": positions}
    if point:
        ctx |= map_context(request, positions, point)
    return render(request, "positions/near.html", ctx)


def public(request, code):
    """A position's public page (its QR leads here): hours, facilities, photos, ratings; a
    signed-in member checks in and rates."""
    p = Position.objects.select_related("kind", "union").filter(code=code).first()
    if p is None:
        raise Http404(_("Not found."))
    year = timezone.localdate().year
    member = None
    if request.user.is_authenticated:
        from gonghui.members.models import Member

        member = Member.objects.of_user(request.user)
    today = timezone.localdate()
    return render(request, "positions/public.html", {
        "title": p.name, "p": p, "facilities": p.facility_rows(), "photos": p.photos.all()[:6],
        "summary": queries.rating_summary(p, year), "year": year, "member": member,
        "comments": Rating.objects.filter(position=p, year=year).exclude(comment="")[:10],
        "checked_in": member is not None and CheckIn.objects.filter(position=p, member=member, day=today).exists(),
        "my_rating": Rating.objects.filter(position=p, member=member, year=year).first() if member else None,
        "form": RatingForm(),
    })


def _open_or_404(code):
    p = queries.open_positions().select_related("union").filter(code=code).first()
    if p is None:
        raise Http404(_("Not found."))
    return p


@login_required
@require_POST
def check_in(request, code):
    p = _open_or_404(code)
    try:
        services.check_in(p, acting_user=request.user)
        messages.success(request, _("Checked in. Welcome!"))
    except ValidationError as e:
        show_error(request, e)
    return redirect("positions:public", p.code)


@login_required
@require_POST
def rate(request, code):
    p = _open_or_404(code)
    try:
        services.rate(p, acting_user=request.user, stars=request.POST.get("stars"),
                      comment=request.POST.get("comment", ""))
        messages.success(request, _("Thank you for your rating."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("positions:public", p.code)
