"""GET /api/v1/rules: every rule's value in force, with its source, as of a date for a region."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from . import rulebook

router = Router(tags=["rules"])


class BandOut(Schema):
    """One row of a table by size: counts from `from` to `to` (null: and above) → least..most."""

    from_: int = Field(alias="from")
    to: int | None
    least: int
    most: int


class RulingOut(Schema):
    name: str
    label: str
    kind: str
    value: str | int | bool | list[BandOut] | None
    unit: str
    display: str
    source: str
    jurisdiction: str
    valid_from: date | None
    note: str


@router.get("/rules", by_alias=True, response=list[RulingOut])
def list_rules(request, on: date | None = None, region: str | None = None):
    """Any signed-in user may read the rulebook (it is public policy). `region` is a GB/T 2260
    code (default: the federation's own); a rule without a value there has `value` null."""
    if region is not None and (not region.isdigit() or len(region) not in (2, 4, 6)):
        raise ValidationError({"region": _("Region: 2, 4 or 6 digits of a GB/T 2260 code.")})
    out = []
    for rule, ruling in rulebook.all_in_force(on=on, region=region):
        if ruling is None:
            out.append({"name": rule.name, "label": rule.label, "kind": rule.kind, "value": None, "unit": "",
                        "display": "", "source": "", "jurisdiction": "", "valid_from": None, "note": ""})
        else:
            out.append(ruling.as_dict())
    return out
