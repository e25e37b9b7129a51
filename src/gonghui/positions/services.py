"""Every write of service positions: the permission check, the rules, the audit record, one
transaction. Bad input is refused with a Chinese message naming the field; nothing is written."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.dates import not_in_future

from .geo import CHINA, in_china
from .models import CheckIn, Position, PositionPhoto, PositionStatus, Rating, Selection, SelectionEntry

EDITABLE = ("kind", "name", "address", "region", "lat", "lng", "opening_hours", "facilities", "contact_name",
            "contact_phone", "status", "opened_on")
MAX_PHOTOS = 12


def check_coordinates(lat, lng):
    """Refuse a point outside China (the table's CheckConstraint is the last guard)."""
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise ValidationError({"lat": _("Give the latitude and longitude as decimal degrees.")}) from None
    if not in_china(lat, lng):
        raise ValidationError({"lat": _(
            "The coordinates (%(lat)s, %(lng)s) are outside China: the latitude must lie between %(lat0)s and "
            "%(lat1)s and the longitude between %(lng0)s and %(lng1)s degrees.") % {
            "lat": lat, "lng": lng, "lat0": CHINA["lat"][0], "lat1": CHINA["lat"][1], "lng0": CHINA["lng"][0],
            "lng1": CHINA["lng"][1]}})
    return lat, lng


def _clean(values, kind):
    values["lat"], values["lng"] = check_coordinates(values.get("lat"), values.get("lng"))
    if not (values.get("name") or "").strip():
        raise ValidationError({"name": _("Give the position's name.")})
    if not (values.get("address") or "").strip():
        raise ValidationError({"address": _("Give the position's address.")})
    facilities = list(dict.fromkeys(values.get("facilities") or []))
    unknown = [f for f in facilities if f not in kind.facility_codes()]
    if unknown:
        raise ValidationError({"facilities": _("%(kind)s has no facility %(codes)s in its standard.") % {
            "kind": kind.name, "codes": "、".join(unknown)}})
    values["facilities"] = facilities
    if values.get("status", PositionStatus.OPEN) not in PositionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    not_in_future(values.get("opened_on"), field="opened_on", label=_("Opened on"))
    return values


def next_code(kind):
    """The kind's prefix and the next free five-digit number: YZ00095."""
    last = (Position.objects.filter(code__regex=rf"^{kind.prefix}[0-9]{{5}}$").order_by("-code")
            .values_list("code", flat=True).first())
    n = int(last[len(kind.prefix):]) + 1 if last else 1
    return f"{kind.prefix}{n:05d}"


def create_position(*, acting_user, union, kind, **values):
    require(acting_user, "positions.add_position", union)
    values = _clean({k: v for k, v in values.items() if k in EDITABLE} | {"kind": kind}, kind)
    for attempt in range(3):  # two clerks numbering the same kind at once: take the next number
        try:
            with transaction.atomic():
                p = Position.objects.create(union=union, code=next_code(kind), created_by=acting_user, **values)
                audit.record("create", actor=acting_user, obj=p, changes=audit.diff({}, audit.snapshot(p)))
                return p
        except IntegrityError:
            if attempt == 2:
                raise


@transaction.atomic
def update_position(position, *, acting_user, **values):
    require(acting_user, "positions.change_position", position.union, obj=position)
    before = audit.snapshot(position)
    values = {k: v for k, v in values.items() if k in EDITABLE}
    kind = values.get("kind") or position.kind
    merged = {k: getattr(position, k) for k in EDITABLE} | values
    merged = _clean(merged, kind)
    for k in values:
        setattr(position, k, merged[k])
    position.lat, position.lng, position.facilities = merged["lat"], merged["lng"], merged["facilities"]
    position.save()
    changes = audit.diff(before, audit.snapshot(position))
    changes.pop("updated_at", None)
    if changes:
        audit.record("update", actor=acting_user, obj=position, changes=changes)
    return position


@transaction.atomic
def add_photos(position, *, acting_user, uploads):
    """Photos of the position: images only (checked by their first bytes)."""
    require(acting_user, "positions.change_position", position.union, obj=position)
    if position.photos.count() + len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("A position keeps at most %(n)d photos.") % {"n": MAX_PHOTOS}})
    photos = []
    for upload in uploads:
        try:
            photos.append(PositionPhoto.from_upload(upload, user=acting_user, kinds=("image",), position=position))
        except ValidationError as e:
            raise ValidationError({"photos": e.messages}) from None
    for photo in photos:
        photo.save()
    audit.record("attach", actor=acting_user, obj=position, changes={"photos": [None, [p.name for p in photos]]})
    return photos


def _member_of(user):
    from gonghui.members.models import IN_GOOD_STANDING, Member

    member = Member.objects.of_user(user)
    if member is None or member.status not in IN_GOOD_STANDING:
        raise ValidationError(_("Only a union member in good standing can do this."))
    return member


def check_in(position, *, acting_user):
    """The member's visit today (once a day per position; the unique constraint decides)."""
    member = _member_of(acting_user)
    if position.status != PositionStatus.OPEN:
        raise ValidationError(_("This position is not open."))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            c = CheckIn.objects.create(position=position, member=member, day=today)
            audit.record("check_in", actor=acting_user, obj=c, union=position.union,
                         changes={"position": [None, position.code], "day": [None, str(today)]})
    except IntegrityError:
        raise ValidationError(_("You have already checked in here today.")) from None
    return c


def rate(position, *, acting_user, stars, comment=""):
    """The member's rating of a position this year (once a year)."""
    member = _member_of(acting_user)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give 1 to 5 stars.")})
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("The comment is longer than 300 characters.")})
    year = timezone.localdate().year
    try:
        with transaction.atomic():
            r = Rating.objects.create(position=position, member=member, year=year, stars=stars, comment=comment)
            audit.record("rate", actor=acting_user, obj=r, union=position.union,
                         changes={"position": [None, position.code], "stars": [None, stars]})
    except IntegrityError:
        raise ValidationError(_("You have already rated this position this year.")) from None
    return r


@transaction.atomic
def confirm_selection(*, acting_user, union, kind, year, size, min_ratings):
    """Confirm the yearly selection (百优驿站 / 百优食堂) of `kind` for `union`'s subtree: the top
    `size` positions by average stars among those with at least `min_ratings` ratings."""
    from .queries import selection_candidates

    require(acting_user, "positions.add_selection", union)
    if not kind.award_title:
        raise ValidationError({"kind": _("%(kind)s has no yearly selection.") % {"kind": kind.name}})
    if Selection.objects.filter(union=union, kind=kind, year=year).exists():
        raise ValidationError({"year": _("The %(year)d selection of %(title)s is already confirmed.") % {
            "year": year, "title": kind.award_title}})
    rows = selection_candidates(acting_user, kind, year, size=size, min_ratings=min_ratings, under=union)
    if not rows:
        raise ValidationError({"min_ratings": _("No position has enough ratings to be selected.")})
    s = Selection.objects.create(union=union, kind=kind, year=year, size=size, min_ratings=min_ratings,
                                 confirmed_by=acting_user)
    SelectionEntry.objects.bulk_create([SelectionEntry(selection=s, position=r["position"], rank=r["rank"],
                                                       average=r["average"], ratings=r["ratings"]) for r in rows])
    audit.record("confirm", actor=acting_user, obj=s, changes={
        "positions": [None, [r["position"].code for r in rows]], "size": [None, size],
        "min_ratings": [None, min_ratings]})
    return s
